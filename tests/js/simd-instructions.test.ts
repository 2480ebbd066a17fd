// simd-instructions.test.ts — the SIMD build really runs SIMD: the shipped
// actlab-simd.wasm contains wasm SIMD128 instructions and actlab-scalar.wasm
// none, and in the copy linked with function names (build/wasm/named, same
// code, names kept) every activation's SIMD kernels contain them.
// Disassembly by binaryen's wasm-dis.
import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { ACTIVATION_IDS, requireBuilt, wasmDir } from './helpers';

// Any instruction on a 128-bit vector: v128.load, f32x4.mul, i32x4.splat, ...
const SIMD_OPCODE = /\((?:v128|f32x4|f64x2|i8x16|i16x8|i32x4|i64x2)\.[a-z_0-9]+/g;

// Identity's kernels may be a plain copy or fill, which needs no arithmetic.
const MAY_BE_COPIES = new Set(['identity']);

function disassemble(file: string): string {
  const run = spawnSync('wasm-dis', [requireBuilt(file)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw new Error(`wasm-dis (Debian package binaryen) could not run: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`wasm-dis ${file} failed: ${run.stderr}`);
  return run.stdout;
}

function countSimd(text: string): number {
  return text.match(SIMD_OPCODE)?.length ?? 0;
}

/** Function name (binaryen's \hh escapes decoded) → its text. */
function functionsOf(text: string): Map<string, string> {
  const functions = new Map<string, string>();
  const parts = text.split('\n (func $');
  for (const part of parts.slice(1)) {
    const name = part.slice(0, part.search(/ \(|\n/)).replace(/\\([0-9a-f]{2})/g, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
    functions.set(name, part);
  }
  return functions;
}

describe('SIMD instructions', () => {
  it('the shipped SIMD module has them and the scalar module has none', () => {
    const simdCount = countSimd(disassemble(`${wasmDir}/actlab-simd.wasm`));
    const scalarText = disassemble(`${wasmDir}/actlab-scalar.wasm`);
    expect(simdCount).toBeGreaterThan(100);
    expect(countSimd(scalarText)).toBe(0);
    expect(scalarText).not.toMatch(/\bv128\b/);
  });

  it('the named copy has the same code as the shipped module', () => {
    for (const variant of ['simd', 'scalar']) {
      expect(countSimd(disassemble(`${wasmDir}/named/actlab-${variant}.wasm`))).toBe(
        countSimd(disassemble(`${wasmDir}/actlab-${variant}.wasm`)),
      );
    }
  });

  it('every SIMD kernel contains them', () => {
    const functions = functionsOf(disassemble(`${wasmDir}/named/actlab-simd.wasm`));
    const report: string[] = [];
    const missing: string[] = [];
    for (const id of ACTIVATION_IDS) {
      for (const direction of ['forward', 'backward']) {
        // The kernel and anything the compiler kept out of line from it
        // (its lambdas, loop instantiations) carry the kernel's name.
        const kernel = `actlab::kernels::simd::${id}_${direction}(`;
        const bodies = [...functions].filter(([name]) => name.includes(kernel)).map(([, body]) => body);
        const count = bodies.reduce((sum, body) => sum + countSimd(body), 0);
        report.push(`${id}_${direction}: ${bodies.length ? `${count} SIMD instructions` : 'not found'}`);
        if (bodies.length === 0 || (count === 0 && !MAY_BE_COPIES.has(id))) missing.push(`${id}_${direction}`);
      }
    }
    console.log(`SIMD instructions per kernel (simd build):\n  ${report.join('\n  ')}`);
    expect(missing, `SIMD kernels without SIMD instructions`).toEqual([]);
  });
});
