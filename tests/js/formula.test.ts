// formula.test.ts — custom activations through the npm API, in both builds:
// lab.activations lists 'custom', evaluate('custom', …) against a double
// reference written here (f, f′ within 1e-5 rel + 1e-6 abs, f″ too), f″ of
// built-ins, checkFormula's parameters, LaTeX and errors (TypeError /
// RangeError with the column), overflow, training, and both builds agreeing
// bit for bit. (lab.run with custom layers: run.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Lab } from '../../web/src/lib/types';
import { loadLabs } from './api-helpers';
import { ACTIVATION_IDS, VARIANTS, firstDifference } from './helpers';

let labs: Map<string, Lab>;
beforeAll(async () => {
  labs = await loadLabs();
});
afterAll(() => {
  for (const lab of labs.values()) lab.dispose();
});

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const close = (got: number, want: number, rel = 1e-5, abs = 1e-6) => Math.abs(got - want) <= rel * Math.abs(want) + abs;

function grid(lo: number, hi: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** Indices where got is not within tolerance of want(z). */
function misses(z: Float32Array, got: Float32Array, want: (z: number) => number, rel = 1e-5, abs = 1e-6): number[] {
  const bad: number[] = [];
  z.forEach((v, i) => {
    if (!close(got[i], want(v), rel, abs)) bad.push(i);
  });
  return bad;
}

describe.each(VARIANTS)('%s build', (variant) => {
  const lab = () => labs.get(variant)!;

  it("lists 'custom' after the built-ins, with the formula's limits", () => {
    const ids = lab().activations.map((info) => info.id);
    expect(ids).toEqual([...ACTIVATION_IDS, 'custom']);
    const custom = lab().activations.at(-1)!;
    expect(custom.params).toEqual([]);
    expect(custom.custom).toMatchObject({
      defaultFormula: 'z*sigmoid(z)',
      maxLength: 256,
      maxDepth: 64,
      maxParameters: 8,
      parameterMin: -1000,
      parameterMax: 1000,
      parameterDefault: 1,
    });
    expect(custom.custom!.functions).toEqual(expect.arrayContaining(['exp', 'erf', 'where', 'max', 'gelu', 'mish']));
    expect(Object.isFrozen(custom.custom)).toBe(true);
    // The page can evaluate its default formula as it is.
    expect(() => lab().evaluate('custom', new Float32Array([1]), { formula: custom.custom!.defaultFormula })).not.toThrow();
  });

  it("evaluates 'custom' formulas: f, f' and f'' against a double reference", () => {
    const z = grid(-10, 10, 2001);
    const b = 1.5;
    const { y, dydz, d2ydz2 } = lab().evaluate('custom', z, { formula: 'z*sigmoid(b*z)', b }, { second: true });
    expect(misses(z, y, (v) => v * sigmoid(b * v))).toEqual([]);
    expect(misses(z, dydz, (v) => sigmoid(b * v) * (1 + b * v * (1 - sigmoid(b * v))))).toEqual([]);
    const second = (v: number) => {
      const s = sigmoid(b * v);
      return b * s * (1 - s) * (2 + b * v * (1 - 2 * s));
    };
    // f'' takes σ(1 − σ) as autograd does; where σ rounds to 1 that costs
    // absolute accuracy only (1e-5 abs, as the C++ suite allows for f'').
    expect(misses(z, d2ydz2, second, 1e-5, 1e-5)).toEqual([]);
    // Without { second: true } there is no f''.
    expect(lab().evaluate('custom', z, { formula: 'z' }).d2ydz2).toBeUndefined();
    // The config formula, at its kink: half the gradient to each side.
    const kink = lab().evaluate('custom', new Float32Array([-2, 0, 2]), { formula: 'max(a*z, z)', a: 0.1 });
    expect(Array.from(kink.dydz)).toEqual([Math.fround(0.1), Math.fround(0.55), 1]);
  });

  it("gives f'' of built-ins exactly, with f and f' unchanged", () => {
    const z = grid(-6, 6, 1201);
    const plain = lab().evaluate('gelu', z);
    const withSecond = lab().evaluate('gelu', z, {}, { second: true });
    expect(firstDifference(plain.y, withSecond.y)).toBe(-1);
    expect(firstDifference(plain.dydz, withSecond.dydz)).toBe(-1);
    const phi = (v: number) => Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);
    expect(misses(z, withSecond.d2ydz2, (v) => phi(v) * (2 - v * v), 1e-5, 1e-5)).toEqual([]);
    const elu = lab().evaluate('elu', new Float32Array([-1, 1]), { alpha: 0.5 }, { second: true });
    expect(close(elu.d2ydz2[0], 0.5 * Math.exp(-1))).toBe(true);
    expect(elu.d2ydz2[1]).toBe(0);
    expect(Array.from(lab().evaluate('relu', new Float32Array([-1, 0, 1]), {}, { second: true }).d2ydz2)).toEqual([0, 0, 0]);
  });

  it('describes a formula: parameters, LaTeX of f and of the derived f′', () => {
    const info = lab().checkFormula('z*sigmoid(b*z)');
    expect(info).toEqual({
      parameters: ['b'],
      latex: 'z\\,\\sigma\\left(b\\,z\\right)',
      derivativeLatex:
        '\\sigma\\left(b\\,z\\right) + z\\,b\\,\\sigma\\left(b\\,z\\right)\\,\\left(1 - \\sigma\\left(b\\,z\\right)\\right)',
    });
    expect(lab().checkFormula('max(1, z)').derivativeLatex).toBe(
      '\\begin{cases} 0 & \\text{if } 1 > z \\\\ 1 & \\text{if } 1 < z \\\\ 0.5 & \\text{otherwise} \\end{cases}',
    );
  });

  it('throws TypeError / RangeError naming formula and the column, and stays usable', () => {
    const z = new Float32Array([0, 1]);
    const before = lab().evaluate('custom', z, { formula: 'tanh(z)' });
    expect(() => lab().checkFormula('sin(z))')).toThrow(new TypeError("formula: unexpected ')' at column 7"));
    expect(() => lab().checkFormula('sigmoidd(z)')).toThrow(
      new TypeError("formula: unknown function 'sigmoidd' at column 1 (did you mean sigmoid?)"),
    );
    expect(() => lab().evaluate('custom', z, { formula: 'max(a*z, z)' })).toThrow(
      new TypeError("formula: parameter 'a' has no value (add params.a)"),
    );
    expect(() => lab().checkFormula('z+'.repeat(128) + 'z')).toThrow(RangeError);
    expect(() => lab().checkFormula('('.repeat(65) + 'z' + ')'.repeat(65))).toThrow(
      new RangeError('formula: nesting deeper than 64 levels at column 65'),
    );
    expect(() => lab().checkFormula('a+b+c+d+f+g+h+i+j')).toThrow(RangeError);
    expect(() => lab().evaluate('custom', z, { formula: 'a*z', a: 1001 })).toThrow(
      new RangeError('params.a must be -1000..1000, got 1001'),
    );
    expect(() => lab().evaluate('custom', z, {})).toThrow(TypeError);
    expect(() => lab().evaluate('custom', z, { formula: 'a*z', a: 1, b: 2 })).toThrow(
      new TypeError("params.b: the formula has no parameter 'b' (its parameters: a)"),
    );
    expect(() => lab().checkFormula(42 as unknown as string)).toThrow(new TypeError('formula must be a string'));
    expect(() => lab().evaluate('relu', z, {}, { second: 'yes' as unknown as boolean })).toThrow(TypeError);
    const after = lab().evaluate('custom', z, { formula: 'tanh(z)' });
    expect(firstDifference(before.y, after.y)).toBe(-1);
  });

  it('gives inf or NaN where a formula overflows', () => {
    const { y, dydz } = lab().evaluate('custom', new Float32Array([0, 5, 100, NaN]), { formula: 'exp(exp(z))' });
    expect(y[0]).toBeCloseTo(Math.E, 5);
    expect(y[1]).toBe(Infinity);
    expect(y[2]).toBe(Infinity);
    expect(dydz[2]).toBe(Infinity);
    expect(Number.isNaN(y[3])).toBe(true);
  });

  it('trains custom layers, reports every metric, and diverges on exp(exp(z))', () => {
    using exp = lab().createExperiment({
      seed: 3,
      data: { kind: 'moons', n: 300 },
      model: {
        layers: [
          { units: 16, activation: 'custom', params: { formula: 'max(a*z, z)', a: 0.1 } },
          { units: 16, activation: 'custom', params: { formula: 'z*sigmoid(b*z)', b: 1.5 } },
        ],
      },
      train: { optimizer: { kind: 'adam', lr: 0.01 } },
      steps: 300,
    });
    const start = exp.metrics();
    const end = exp.step(300);
    expect(end.loss!).toBeLessThan(start.loss!);
    expect(end.accuracy!).toBeGreaterThan(0.9);
    expect(end.layers[0].deadUnits).toBe(0);
    expect(exp.config.model!.layers![0].params).toEqual({ formula: 'max(a*z, z)', a: 0.1 });
    using diverging = lab().createExperiment({
      model: { layers: [{ units: 8, activation: 'custom', params: { formula: 'exp(exp(z))' } }], init: 'normal', initStd: 3 },
      steps: 200,
    });
    expect(diverging.step(200).status).toBe('diverged');
    expect(() =>
      lab().createExperiment({ model: { layers: [{ activation: 'custom', params: { formula: 'sin(z))' } }] } }),
    ).toThrow(new TypeError("model.layers[0].params.formula: unexpected ')' at column 7"));
  });
});

describe('both builds', () => {
  it("agree bit for bit on custom formulas (f, f', f'')", () => {
    const z = grid(-30, 30, 4001);
    const params = { formula: 'where(z > 0, sin(z)*log1p(z), a*expm1(z)) + erf(z)*atan(z) + gelu(z)/cosh(z/4)', a: 0.7 };
    const [simd, scalar] = VARIANTS.map((v) => labs.get(v)!.evaluate('custom', z, params, { second: true }));
    expect(firstDifference(simd.y, scalar.y)).toBe(-1);
    expect(firstDifference(simd.dydz, scalar.dydz)).toBe(-1);
    expect(firstDifference(simd.d2ydz2, scalar.d2ydz2)).toBe(-1);
  });
});
