// formula-fuzz.test.ts — bad formulas, property-based (fast-check): 10,000
// random strings and 10,000 random token sequences go through
// lab.checkFormula and lab.evaluate('custom', …). Nothing aborts, nothing
// takes more than 50 ms, and nothing but TypeError / RangeError is thrown;
// afterwards the module gives the same results as a fresh one.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLab } from '../../web/src/lib/index';
import type { FormulaParams, Lab } from '../../web/src/lib/types';
import { firstDifference } from './helpers';

const RUNS = 10_000;
const LIMIT_MS = 50;

let lab: Lab;
beforeAll(async () => {
  lab = await createLab();
  // The first calls compile the module's code (V8 tiers up lazily): done
  // here, so the 50 ms bound measures formulas, not the engine warming up.
  for (const formula of ['z*sigmoid(b*z)', 'where(z > 0, gelu(z), erf(z))^2 + max(a, z)', 'sin(z))', 'x'.repeat(300)]) {
    for (let i = 0; i < 20; i++) {
      classify(() => lab.checkFormula(formula));
      classify(() => lab.evaluate('custom', Z, { formula, a: 1, b: 1 }, { second: true }));
    }
  }
});
afterAll(() => lab.dispose());

// Inputs the formulas are evaluated at: specials and a small grid.
const Z = new Float32Array([NaN, Infinity, -Infinity, 0, -0, 1e-40, -3e38, 88.7, ...Array.from({ length: 24 }, (_, i) => i - 12)]);

/** What happened to one formula: only these outcomes are allowed. */
type Outcome = 'ok' | 'TypeError' | 'RangeError';

function classify(call: () => unknown): Outcome {
  try {
    call();
    return 'ok';
  } catch (error) {
    if (error instanceof RangeError) return 'RangeError';
    if (error instanceof TypeError) return 'TypeError';
    throw error;  // anything else (an abort, a RuntimeError) fails the property
  }
}

/** CPU milliseconds of this process so far: what other processes on a shared machine do does not count. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Milliseconds of `call`, in CPU time. A slow first timing is taken again
 * (twice at most) and the fastest kept: a garbage collection is not the
 * formula's doing, while a formula that is slow stays slow.
 */
function timed(call: () => void): number {
  let best = Infinity;
  for (let attempt = 0; attempt < 3 && best > LIMIT_MS; attempt++) {
    const start = cpuMs();
    call();
    best = Math.min(best, cpuMs() - start);
  }
  return best;
}

let slowest = { ms: 0, text: '' };
const outcomes: Record<Outcome, number> = { ok: 0, TypeError: 0, RangeError: 0 };

/** checkFormula, then evaluate with a value for each parameter it lists (or none). */
function exercise(text: string): void {
  let parameters: string[] = [];
  const ms = timed(() => {
    const checked = classify(() => {
      parameters = lab.checkFormula(text).parameters;
    });
    outcomes[checked]++;
    const params: Record<string, number | string> = { formula: text };
    for (const name of parameters) params[name] = 0.5;
    outcomes[classify(() => lab.evaluate('custom', Z, params as FormulaParams, { second: true }))]++;
  });
  if (ms > slowest.ms) slowest = { ms, text };
  expect(ms, `formula ${JSON.stringify(text)}`).toBeLessThan(LIMIT_MS);
}

const FORMULA_CHARACTERS = [...'zx0123456789.eE+-*/^(),<>= \tabcpiwhersntlogmqudfy_'];
const TOKENS = [
  'z', 'x', 'pi', 'e', 'a', 'b', 'alpha', 'formula', 'sin', '1', '0.5', '.5', '1e-3', '1e39', '3e38', '0', '-0',
  '+', '-', '*', '/', '^', '(', ')', ',', '<', '<=', '>', '>=', '=', ' ',
  'exp(', 'log(', 'log1p(', 'expm1(', 'sqrt(', 'abs(', 'sign(', 'sin(', 'cos(', 'tan(', 'atan(', 'tanh(', 'sinh(',
  'cosh(', 'erf(', 'sigmoid(', 'softplus(', 'relu(', 'min(', 'max(', 'where(', 'gelu(', 'elu(', 'mish(', 'selu(',
  'gelu_tanh(', 'hardswish(', 'softsign(', 'prelu(', 'identity(', 'sigmoidd(', 'Sin(', 'foo(',
];

describe('fuzzing formulas', () => {
  it(`${RUNS} random strings`, () => {
    const strings = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: fc.constantFrom(...FORMULA_CHARACTERS), maxLength: 300 }),
    );
    fc.assert(fc.property(strings, (text) => exercise(text)), { numRuns: RUNS, seed: 13 });
  }, 600_000);

  it(`${RUNS} random token sequences`, () => {
    const sequences = fc
      .array(fc.constantFrom(...TOKENS), { maxLength: 90 })
      .map((tokens) => tokens.join(''));
    fc.assert(fc.property(sequences, (text) => exercise(text)), { numRuns: RUNS, seed: 14 });
  }, 600_000);

  it('saw all three outcomes, and says how slow the slowest formula was', () => {
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.TypeError).toBeGreaterThan(0);
    expect(outcomes.RangeError).toBeGreaterThan(0);
    console.log(`fuzz: ${JSON.stringify(outcomes)}; slowest ${slowest.ms.toFixed(1)} ms for ${JSON.stringify(slowest.text)}`);
  });

  it('leaves the module giving the same results as a fresh one', async () => {
    const fresh = await createLab();
    try {
      const z = Float32Array.from({ length: 500 }, (_, i) => (i - 250) / 20);
      const formulas: FormulaParams[] = [
        { formula: 'z*sigmoid(b*z)', b: 1.5 },
        { formula: 'max(a*z, z) + where(z > 1, erf(z), sin(z))', a: 0.1 },
      ];
      for (const params of formulas) {
        const a = lab.evaluate('custom', z, params, { second: true });
        const b = fresh.evaluate('custom', z, params, { second: true });
        expect(firstDifference(a.y, b.y)).toBe(-1);
        expect(firstDifference(a.dydz, b.dydz)).toBe(-1);
        expect(firstDifference(a.d2ydz2, b.d2ydz2)).toBe(-1);
      }
      expect(lab.checkFormula('z^3/3 - z')).toEqual(fresh.checkFormula('z^3/3 - z'));
      const config = {
        seed: 2,
        model: { layers: [{ units: 8, activation: 'custom' as const, params: { formula: 'max(a*z, z)', a: 0.1 } }] },
        steps: 50,
      };
      using used = lab.createExperiment(config);
      using clean = fresh.createExperiment(config);
      expect(used.step(50)).toEqual(clean.step(50));
    } finally {
      fresh.dispose();
    }
  });
});
