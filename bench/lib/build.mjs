// build.mjs — builds what `npm run bench` runs, with the same CMake setup
// as scripts/build.sh: the native benchmark `actlab_bench` and the wasm
// benchmark modules actlab-bench-{simd,scalar}.js (not in the default build).
// Build output is shown only when a build fails.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const JOBS = process.env.ACTLAB_JOBS ?? '2';

function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (result.error || result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').slice(-40).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed` +
      (result.error ? `: ${result.error.message}` : ` (exit ${result.status})`) + `\n${output}`);
  }
}

export function buildNative(root, dir) {
  run('cmake', ['-S', root, '-B', dir, '-DCMAKE_BUILD_TYPE=Release', '-DACTLAB_SANITIZE=OFF'], { cwd: root });
  run('cmake', ['--build', dir, '-j', JOBS, '--target', 'actlab_bench'], { cwd: root });
}

export function buildWasm(root, dir) {
  // Debian's emscripten finds its node helpers there (scripts/lib.sh).
  const env = { ...process.env, NODE_PATH: '/usr/share/nodejs' };
  if (!existsSync(join(dir, 'CMakeCache.txt'))) {
    run('emcmake', ['cmake', '-S', root, '-B', dir, '-DCMAKE_BUILD_TYPE=Release'], { cwd: root, env });
  }
  run('cmake', ['--build', dir, '-j', JOBS, '--target', 'actlab_bench_simd', 'actlab_bench_scalar'],
    { cwd: root, env });
}

// The version number `command --version` prints first (e.g. "12.2.0"), or
// "unknown".
export function toolVersion(command) {
  const result = spawnSync(command, ['--version'], {
    encoding: 'utf8',
    env: { ...process.env, NODE_PATH: '/usr/share/nodejs' },
  });
  const firstLine = result.status === 0 ? result.stdout.split('\n')[0] : '';
  return firstLine.match(/\d+\.\d+(\.\d+)?/g)?.at(-1) ?? 'unknown';
}
