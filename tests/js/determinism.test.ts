// determinism.test.ts — issue #3's determinism check: the same configs run by
// the native Catch2 suite and by both wasm Catch2 suites (SIMD and scalar)
// under Node print byte-identical metric streams. The configs (every
// activation, head and optimiser, a divergence) and the printing are the
// hidden Catch2 case "[.dump]" in tests/cpp/test_determinism.cpp. The builds
// are compared with each other, never with stored values.
// (tests/determinism.sh is the same check from a shell.)
import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { repositoryRoot, requireBuilt, wasmDir } from './helpers';

const nativeDir = process.env.ACTLAB_NATIVE_DIR ?? `${repositoryRoot}build/native`;
const wasmTestsDir = process.env.ACTLAB_WASM_DIR ?? wasmDir;

function dump(command: string, args: string[]): string[] {
  const run = spawnSync(command, [...args, '[.dump]', '--use-colour', 'no'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  const lines = run.stdout.split('\n').flatMap((line) => {
    const start = line.indexOf('DUMP ');
    return start < 0 ? [] : [line.slice(start)];
  });
  if (lines.length === 0) throw new Error(`${command} ${args.join(' ')} printed no DUMP lines`);
  return lines;
}

describe('determinism across builds', () => {
  it('native, wasm SIMD and wasm scalar give identical metric streams', () => {
    const native = dump(requireBuilt(`${nativeDir}/actlab_tests`), []);
    for (const variant of ['simd', 'scalar']) {
      const wasm = dump(process.execPath, [requireBuilt(`${wasmTestsDir}/actlab_tests_${variant}.js`)]);
      expect(wasm.length, variant).toBe(native.length);
      wasm.forEach((line, i) => expect(line, `${variant}, line ${i}`).toBe(native[i]));
    }
    // Every config reported its start, at least one more record and a grid.
    expect(native.filter((line) => / grid /.test(line)).length).toBeGreaterThanOrEqual(8);
  });
});
