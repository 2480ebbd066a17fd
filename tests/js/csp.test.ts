// csp.test.ts — the generated JavaScript runs under a strict
// Content-Security-Policy: no eval and no Function constructor (built with
// -sDYNAMIC_EXECUTION=0), so pages need only 'wasm-unsafe-eval' for the wasm.
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { VARIANTS, requireBuilt, wasmDir } from './helpers';

describe.each(VARIANTS)('actlab-%s.mjs', (variant) => {
  it('uses neither eval nor new Function', () => {
    const source = readFileSync(requireBuilt(`${wasmDir}/actlab-${variant}.mjs`), 'utf8');
    expect(source).not.toMatch(/\beval\s*\(/);
    expect(source).not.toMatch(/new\s+Function\s*\(/);
    expect(source).not.toMatch(/\bFunction\s*\(\s*["'`]/);
  });
});
