// module.test.ts — the wasm modules from JavaScript, in Node: both builds load
// from build/wasm, report whether they are SIMD, list the activations, turn bad
// input into TypeError / RangeError and stay usable afterwards, return copies
// that survive memory growth, and agree with each other bit for bit.
import { beforeAll, describe, expect, it } from 'vitest';

import { ActivationLibrary } from '../../web/src/lib/activations';
import { loadModuleInNode, wasmFileUrl } from '../../web/src/lib/loader-node';
import {
  ACTIVATION_IDS,
  NON_DEFAULT_PARAMS,
  VARIANTS,
  evaluationInputs,
  firstDifference,
  floatToText,
  requireBuilt,
} from './helpers';

const libraries = new Map<string, ActivationLibrary>();

beforeAll(async () => {
  for (const variant of VARIANTS) {
    requireBuilt(wasmFileUrl(variant).pathname);
    libraries.set(variant, new ActivationLibrary(await loadModuleInNode(variant)));
  }
});

describe.each(VARIANTS)('%s build', (variant) => {
  const library = () => libraries.get(variant)!;

  it('loads and says whether it has SIMD kernels', () => {
    expect(library().variant).toBe(variant);
    expect(library().simd).toBe(variant === 'simd');
  });

  it('lists the 17 activations, then custom, with consistent metadata', () => {
    const list = library().activations;
    expect(list.map((info) => info.id)).toEqual([...ACTIVATION_IDS, 'custom']);
    for (const info of list) {
      expect(info.name.length).toBeGreaterThan(0);
      expect(info.formula.length).toBeGreaterThan(0);
      expect(info.derivative.length).toBeGreaterThan(0);
      expect(info.range.length).toBeGreaterThan(0);
      for (const param of info.params) {
        expect(param.min).toBeLessThanOrEqual(param.default);
        expect(param.default).toBeLessThanOrEqual(param.max);
      }
    }
    expect(library().find('leaky_relu')?.params).toEqual([
      { name: 'negative_slope', default: 0.01, min: 0, max: 1, learnable: false },
    ]);
    expect(library().find('prelu')?.params[0].learnable).toBe(true);
  });

  it('evaluates f and f\' into new arrays', () => {
    const z = new Float32Array([-1e4, -1, 0, 1, 1e4]);
    const { y, dydz } = library().evaluate('sigmoid', z);
    expect(Array.from(y)).toEqual([0, Math.fround(1 / (1 + Math.E)), 0.5, Math.fround(1 / (1 + 1 / Math.E)), 1]);
    expect(dydz[2]).toBe(0.25);
    // Copies own their buffers: nothing points into wasm memory.
    expect(y.buffer.byteLength).toBe(y.byteLength);
    expect(dydz.buffer.byteLength).toBe(dydz.byteLength);
    expect(library().evaluate('relu', new Float32Array(0)).y.length).toBe(0);
  });

  it('applies parameters and checks them', () => {
    const z = new Float32Array([-2, 2]);
    expect(Array.from(library().evaluate('leaky_relu', z, { negative_slope: 0.5 }).y)).toEqual([-1, 2]);
    expect(Array.from(library().evaluate('prelu', z, { init: 0.25 }).dydz)).toEqual([0.25, 1]);
  });

  it('throws TypeError / RangeError with clear messages and stays usable', () => {
    const z = new Float32Array([-1, 0, 1]);
    const before = library().evaluate('elu', z);
    expect(() => library().evaluate('swish', z)).toThrow(TypeError);
    expect(() => library().evaluate('swish', z)).toThrow(/unknown activation 'swish'.*sigmoid/);
    expect(() => library().evaluate('elu', z, { alpha: 99 })).toThrow(RangeError);
    expect(() => library().evaluate('elu', z, { alpha: 99 })).toThrow(/params\.alpha must be 0\.01\.\.10, got 99/);
    expect(() => library().evaluate('elu', z, { alpha: NaN })).toThrow(RangeError);
    expect(() => library().evaluate('elu', z, { beta: 1 })).toThrow(TypeError);
    expect(() => library().evaluate('elu', z, { beta: 1 })).toThrow(/no parameter 'beta'.*alpha/);
    expect(() => library().evaluate('relu', z, { alpha: 1 })).toThrow(/takes none/);
    expect(() => library().evaluate('elu', z, { alpha: '2' as unknown as number })).toThrow(TypeError);
    expect(() => library().evaluate('elu', [1, 2] as unknown as Float32Array)).toThrow(/Float32Array/);
    expect(() => library().evaluate(7 as unknown as string, z)).toThrow(TypeError);
    expect(() => library().evaluate('elu', z, 'x' as unknown as Record<string, number>)).toThrow(TypeError);
    const after = library().evaluate('elu', z);
    expect(firstDifference(after.y, before.y)).toBe(-1);
    expect(firstDifference(after.dydz, before.dydz)).toBe(-1);
  });

  it('keeps earlier results valid when wasm memory grows', () => {
    const small = library().evaluate('tanh', new Float32Array([0.5]));
    const kept = small.y[0];
    const big = new Float32Array(4 * 1024 * 1024).fill(0.5);
    const { y } = library().evaluate('tanh', big);
    expect(y[y.length - 1]).toBe(kept);
    expect(small.y[0]).toBe(kept);
  });
});

describe('SIMD and scalar builds', () => {
  it('agree bit for bit on every activation', () => {
    const z = evaluationInputs();
    const simd = libraries.get('simd')!;
    const scalar = libraries.get('scalar')!;
    for (const id of ACTIVATION_IDS) {
      for (const params of [{}, NON_DEFAULT_PARAMS[id] ?? {}]) {
        const a = simd.evaluate(id, z, params);
        const b = scalar.evaluate(id, z, params);
        const yAt = firstDifference(a.y, b.y);
        const dAt = firstDifference(a.dydz, b.dydz);
        const show = (values: Float32Array, at: number) => floatToText(values[at]);
        expect(yAt, `${id} f(${show(z, yAt)}): simd ${show(a.y, yAt)}, scalar ${show(b.y, yAt)}`).toBe(-1);
        expect(dAt, `${id} f'(${show(z, dAt)}): simd ${show(a.dydz, dAt)}, scalar ${show(b.dydz, dAt)}`).toBe(-1);
      }
    }
  });
});
