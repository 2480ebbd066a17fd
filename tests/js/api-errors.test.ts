// api-errors.test.ts — bad input, property-based (fast-check): 1000 malformed
// experiment configs and 1000 malformed calls each raise a TypeError or a
// RangeError (never another error, never a wasm abort); arbitrary values
// thrown at every call either work or raise one of the two. Afterwards the
// same module still trains an experiment to exactly the metrics a fresh
// module gives.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { createLab } from '../../web/src/lib/index';
import type { ExperimentConfig, Lab } from '../../web/src/lib/types';
import { MOONS } from './api-helpers';

const RUNS = 1000;

let lab: Lab;
beforeAll(async () => {
  lab = await createLab();
});

/** Runs `call`; returns 'ok', or the error's kind, rethrowing anything but TypeError / RangeError. */
function outcome(call: () => unknown): 'ok' | 'TypeError' | 'RangeError' {
  try {
    call();
    return 'ok';
  } catch (error) {
    if (error instanceof RangeError) return 'RangeError';
    if (error instanceof TypeError) return 'TypeError';
    throw error;
  }
}

function expectRejected(call: () => unknown): void {
  const result = outcome(call);
  if (result === 'ok') throw new Error('accepted input that should have been rejected');
  expect(['TypeError', 'RangeError']).toContain(result);
}

// ------------------------------------------------------ malformed configs ---

const notANumber = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
);
const nonInteger = fc.oneof(
  notANumber,
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).filter((v) => !Number.isInteger(v)),
);
const integerOutside = (lo: number, hi: number) =>
  fc.oneof(fc.integer({ min: -1e9, max: lo - 1 }), fc.integer({ min: hi + 1, max: hi + 1e9 }), nonInteger);
// JSON writes -0 as 0, so -0 is never "below 0".
const numberOutside = (lo: number, hi: number) =>
  fc.oneof(
    fc.double({ min: -1e30, max: lo, maxExcluded: true, noNaN: true }).filter((v) => !Object.is(v, -0)),
    fc.double({ min: hi, minExcluded: true, max: 1e30, noNaN: true }),
    notANumber,
  );
const nameOutside = (names: readonly string[]) =>
  fc.oneof(fc.string().filter((s) => !names.includes(s)), fc.integer(), fc.constant(null), fc.boolean());
const notAnObject = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }));
const ACTIVATIONS = ['identity', 'sigmoid', 'tanh', 'relu', 'relu6', 'leaky_relu', 'prelu', 'elu', 'selu', 'gelu', 'gelu_tanh', 'silu', 'mish', 'softplus', 'hardsigmoid', 'hardswish', 'softsign'];

/** [path, values that are never allowed there] for a moons/circles/xor config. */
const BAD_FIELDS: [string[], fc.Arbitrary<unknown>][] = [
  [['seed'], fc.oneof(integerOutside(0, 2 ** 53 - 1))],
  [['steps'], integerOutside(0, 1000000)],
  [['every'], fc.oneof(fc.integer({ min: 101, max: 1e6 }), integerOutside(1, 100))],
  [['data'], notAnObject],
  [['data', 'kind'], nameOutside(['moons', 'circles', 'xor', 'spiral', 'blobs', 'sin', 'abs', 'step', 'custom'])],
  [['data', 'n'], integerOutside(1, 100000)],
  [['data', 'noise'], numberOutside(0, 10)],
  [['data', 'testFraction'], numberOutside(0, 0.9)],
  [['data', 'x'], fc.array(fc.array(fc.double(), { maxLength: 2 }), { maxLength: 3 })],
  [['model'], notAnObject],
  [['model', 'inputs'], fc.oneof(fc.integer({ min: -100, max: 100 }).filter((v) => v !== 2), nonInteger)],
  [['model', 'layers'], fc.oneof(notAnObject.filter((v) => !Array.isArray(v) || v.some((u) => typeof u !== 'object')), fc.constant(new Array(33).fill({})))],
  [['model', 'layers', '0', 'units'], integerOutside(1, 1024)],
  [['model', 'layers', '0', 'activation'], nameOutside(ACTIVATIONS)],
  [['model', 'layers', '0', 'params'], fc.oneof(notAnObject, fc.record({ negative_slop: fc.double() }))],
  [['model', 'output'], notAnObject],
  [['model', 'output', 'activation'], fc.oneof(nameOutside(['sigmoid', 'softmax']), fc.constant('identity'))],
  [['model', 'output', 'units'], fc.oneof(fc.integer({ min: 3, max: 5000 }), fc.integer({ min: -5, max: 0 }), nonInteger)],
  [['model', 'init'], nameOutside(['zeros', 'uniform', 'normal', 'xavier_uniform', 'xavier_normal', 'he_uniform', 'he_normal', 'lecun_normal'])],
  [['model', 'initStd'], numberOutside(0, 100)],
  [['model', 'biasInit'], numberOutside(-100, 100)],
  [['train'], notAnObject],
  [['train', 'loss'], fc.oneof(fc.constantFrom('mse', 'softmax_ce'), nameOutside(['bce']))],
  [['train', 'optimizer', 'kind'], nameOutside(['sgd', 'momentum', 'rmsprop', 'adam'])],
  [['train', 'optimizer', 'lr'], fc.oneof(fc.constant(0), numberOutside(0, 1e6))],
  [['train', 'optimizer', 'momentum'], fc.oneof(fc.constant(1), numberOutside(0, 1))],
  [['train', 'optimizer', 'nesterov'], fc.oneof(fc.integer(), fc.string(), fc.constant(null))],
  [['train', 'batchSize'], fc.oneof(fc.integer({ min: 121, max: 1e6 }), integerOutside(1, 120))],
  [['train', 'weightDecay'], numberOutside(0, 1)],
  [['train', 'clipNorm'], numberOutside(0, 1e6)],
];
const SECTION_FIELDS: Record<string, string[]> = {
  '': ['seed', 'data', 'model', 'train', 'steps', 'every'],
  data: ['kind', 'n', 'noise', 'testFraction', 'classes', 'x', 'y', 'inputs'],
  model: ['inputs', 'layers', 'output', 'init', 'initStd', 'biasInit'],
  train: ['loss', 'optimizer', 'batchSize', 'weightDecay', 'clipNorm'],
};

/** A valid small config: 150 examples, 120 for training, two inputs, two classes. */
const validConfig: fc.Arbitrary<ExperimentConfig> = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  data: fc.record({ kind: fc.constantFrom('moons', 'circles', 'xor'), n: fc.constant(150), noise: fc.double({ min: 0, max: 1, noNaN: true }) }),
  model: fc.record({ layers: fc.array(fc.record({ units: fc.integer({ min: 1, max: 8 }), activation: fc.constantFrom(...ACTIVATIONS) }), { minLength: 1, maxLength: 3 }) }),
  train: fc.record({ optimizer: fc.record({ kind: fc.constantFrom('sgd', 'momentum', 'rmsprop', 'adam'), lr: fc.double({ min: 1e-4, max: 1, noNaN: true }) }) }),
  steps: fc.constant(100),
}) as fc.Arbitrary<ExperimentConfig>;

function withValue(config: ExperimentConfig, path: string[], value: unknown): unknown {
  const copy = structuredClone(config) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key]) !== (key === 'layers')) {
      node[key] = key === 'layers' ? [{}] : {};
    }
    node = node[key] as Record<string, unknown>;
  }
  // defineProperty: a key "__proto__" must become a field, not a prototype.
  Object.defineProperty(node, path.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

const malformedConfig: fc.Arbitrary<unknown> = fc.oneof(
  // one field with a value it never allows
  fc.tuple(validConfig, fc.integer({ min: 0, max: BAD_FIELDS.length - 1 })).chain(([config, index]) =>
    BAD_FIELDS[index][1].map((value) => withValue(config, BAD_FIELDS[index][0], value)),
  ),
  // an unknown field in some section
  fc.tuple(validConfig, fc.constantFrom('', 'data', 'model', 'train'), fc.string({ minLength: 1 })).map(([config, section, key]) => {
    if (SECTION_FIELDS[section].includes(key)) key = `${key}_`;
    return withValue(config, section ? [section, key] : [key], 1);
  }),
  // not an object at all
  notAnObject,
);

describe('malformed input raises TypeError / RangeError and the module stays usable', () => {
  it(`${RUNS} malformed configs`, () => {
    const kinds = { TypeError: 0, RangeError: 0 };
    fc.assert(
      fc.property(malformedConfig, (config) => {
        const result = outcome(() => lab.createExperiment(config as ExperimentConfig).dispose());
        if (result === 'ok') throw new Error(`accepted ${JSON.stringify(config)}`);
        kinds[result]++;
      }),
      { numRuns: RUNS },
    );
    expect(kinds.TypeError).toBeGreaterThan(100);
    expect(kinds.RangeError).toBeGreaterThan(100);
  });

  it(`${RUNS} malformed arguments`, () => {
    using exp = lab.createExperiment({ steps: 20 });
    using model = lab.createModel({ inputs: 3, layers: [{ units: 4, activation: 'prelu' }] });
    const parameters = model.getParameters();
    const notFloat32Array = fc.oneof(notANumber, fc.constant(new Float64Array(6)), fc.constant([1, 2, 3]), fc.constant(undefined));
    const badCall: fc.Arbitrary<[string, () => unknown]> = fc.oneof(
      nonInteger.map((k) => ['step', () => exp.step(k as number)] as [string, () => unknown]),
      fc.oneof(fc.integer({ min: -1e12, max: -1 }), fc.integer({ min: 1000001, max: 1e12 })).map((k) => ['step', () => exp.step(k)] as [string, () => unknown]),
      fc.tuple(integerOutside(1, 512), fc.integer({ min: 1, max: 4 })).map(([w, h]) => ['decisionGrid', () => exp.decisionGrid(w as number, h)] as [string, () => unknown]),
      fc.integer({ min: 0, max: 100 }).filter((n) => n % 3 !== 0).map((n) => ['predict', () => model.predict(new Float32Array(n))] as [string, () => unknown]),
      notFloat32Array.map((x) => ['predict', () => model.predict(x as unknown as Float32Array)] as [string, () => unknown]),
      fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 40 })).filter(([n, m]) => m !== n).map(
        ([n, m]) => ['lossAndGradients', () => model.lossAndGradients(new Float32Array(3 * n), new Float32Array(m), 'bce')] as [string, () => unknown],
      ),
      fc.oneof(fc.constantFrom('mse', 'softmax_ce'), nameOutside(['bce'])).map(
        (loss) => ['lossAndGradients', () => model.lossAndGradients(new Float32Array(3), new Float32Array(1), loss as 'bce')] as [string, () => unknown],
      ),
      fc.tuple(fc.integer({ min: 0, max: 1 }), fc.constantFrom('weights', 'bias', 'alpha'), fc.integer({ min: -3, max: 3 }).filter((d) => d !== 0)).map(
        ([layer, part, delta]) => {
          const bad = parameters.map((p) => ({ ...p }));
          const entry = bad[layer] as Record<string, Float32Array>;
          entry[part] = new Float32Array(Math.max(0, (entry[part]?.length ?? 0) + delta) || 1 + Math.abs(delta));
          return ['setParameters', () => model.setParameters(bad)] as [string, () => unknown];
        },
      ),
      notFloat32Array.map((v) => ['setParameters', () => model.setParameters([{ weights: v as unknown as Float32Array, bias: parameters[0].bias }])] as [string, () => unknown]),
      fc.string().filter((id) => !ACTIVATIONS.includes(id)).map((id) => ['evaluate', () => lab.evaluate(id, new Float32Array(4))] as [string, () => unknown]),
      fc.double({ min: 1.0001, max: 1e6, noNaN: true }).map((slope) => ['evaluate', () => lab.evaluate('leaky_relu', new Float32Array(4), { negative_slope: slope })] as [string, () => unknown]),
      fc.integer({ min: -1e6, max: -1 }).map((seed) => ['createModel', () => lab.createModel({}, { seed })] as [string, () => unknown]),
    );
    fc.assert(
      fc.property(badCall, ([, call]) => expectRejected(call)),
      { numRuns: RUNS },
    );
  });

  it('arbitrary values at every call: the call works or raises TypeError / RangeError', () => {
    using exp = lab.createExperiment({ steps: 20, data: { n: 100 } });
    using model = lab.createModel({ inputs: 2, layers: [{ units: 3 }] });
    const anything = fc.anything({ withBigInt: true, withTypedArray: true, withNullPrototype: true, withMap: true, withDate: true, withSparseArray: true, withBoxedValues: true, maxDepth: 3 });
    const calls: ((a: unknown, b: unknown, c: unknown) => unknown)[] = [
      (a) => lab.createExperiment(a as ExperimentConfig).dispose(),
      (a, b) => lab.createModel(a as never, b as never).dispose(),
      (a, b, c) => lab.evaluate(a as string, b as Float32Array, c as never),
      (a) => exp.step(a as number),
      (a, b) => exp.decisionGrid(a as number, b as number),
      (a) => model.predict(a as Float32Array),
      (a, b, c) => model.lossAndGradients(a as Float32Array, b as Float32Array, c as 'bce'),
      (a) => model.setParameters(a as never),
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: calls.length - 1 }), anything, anything, anything, (index, a, b, c) => {
        outcome(() => calls[index](a, b, c));
      }),
      { numRuns: RUNS },
    );
  });

  it('afterwards, an experiment trains to exactly the metrics of a fresh module', async () => {
    const train = (target: Lab) => {
      using exp = target.createExperiment(MOONS);
      const records = [exp.metrics()];
      for (let i = 0; i < 6; i++) records.push(exp.step(100));
      return { records, grid: Array.from(exp.decisionGrid(16, 16)), parameters: exp.model.getParameters() };
    };
    const fresh = train(await createLab());
    const used = train(lab);
    expect(used.records).toEqual(fresh.records);
    expect(used.grid).toEqual(fresh.grid);
    expect(used.parameters).toEqual(fresh.parameters);
    expect(used.records.at(-1)!.accuracy).toBeGreaterThan(0.95);
  });
});
