// api-lab.test.ts — every call of the npm API (issue #4) in Node, on both
// builds: createLab and its options, the catalogue and evaluate, models
// (parameters, predict, loss and gradients), experiments (step, metrics, the
// model view, data, decision grid), dispose / Symbol.dispose, and the errors
// each call raises for wrong types, bad values and disposed objects, and
// lab.dispose() (what it frees, and what it refuses afterwards).
import { beforeAll, describe, expect, it } from 'vitest';

import { createLab } from '../../web/src/lib/index';
import { defaultWasmUrl } from '../../web/src/lib/loader';
import { disposeSymbol } from '../../web/src/lib/memory';
import type { Lab, LayerParameters } from '../../web/src/lib/types';
import { MOONS, loadLabs } from './api-helpers';
import { ACTIVATION_IDS, VARIANTS, firstDifference } from './helpers';

let labs: Map<string, Lab>;
beforeAll(async () => {
  labs = await loadLabs();
});

describe('createLab', () => {
  it('picks SIMD by default in Node 20, scalar with simd: false', async () => {
    expect((await createLab()).simd).toBe(true);
    const scalar = await createLab({ simd: false });
    expect(scalar.simd).toBe(false);
    expect(scalar.variant).toBe('scalar');
  });

  it('loads from an explicit wasmUrl (URL or path)', async () => {
    expect((await createLab({ simd: false, wasmUrl: defaultWasmUrl('scalar') })).simd).toBe(false);
    expect((await createLab({ wasmUrl: defaultWasmUrl('simd').pathname })).simd).toBe(true);
  });

  it('rejects bad options with TypeError', async () => {
    await expect(createLab({ simd: 'yes' as never })).rejects.toThrow(TypeError);
    await expect(createLab({ simd: 'yes' as never })).rejects.toThrow('options.simd must be true or false');
    await expect(createLab({ wasmUrl: 42 as never })).rejects.toThrow('options.wasmUrl must be a string or a URL');
    await expect(createLab(null as never)).rejects.toThrow(TypeError);
  });
});

describe.each(VARIANTS)('%s build', (variant) => {
  const lab = () => labs.get(variant)!;

  it('lists the activations with parameters and TeX', () => {
    const list = lab().activations;
    expect(list.map((a) => a.id)).toEqual([...ACTIVATION_IDS, 'custom']);
    const leaky = list.find((a) => a.id === 'leaky_relu')!;
    expect(leaky.params).toEqual([{ name: 'negative_slope', default: 0.01, min: 0, max: 1, learnable: false }]);
    expect(leaky.formula.length).toBeGreaterThan(0);
    expect(leaky.derivative.length).toBeGreaterThan(0);
    expect(Object.isFrozen(list) && Object.isFrozen(leaky)).toBe(true);
  });

  it('evaluates f and f\' with parameters, and checks them', () => {
    const { y, dydz } = lab().evaluate('leaky_relu', new Float32Array([-2, 3]), { negative_slope: 0.2 });
    expect(Array.from(y)).toEqual([Math.fround(-0.4), 3]);
    expect(Array.from(dydz)).toEqual([Math.fround(0.2), 1]);
    expect(() => lab().evaluate('relu7', new Float32Array(1))).toThrow(TypeError);
    expect(() => lab().evaluate('relu', [1, 2] as never)).toThrow('z must be a Float32Array');
    expect(() => lab().evaluate('leaky_relu', new Float32Array(1), { negative_slope: 2 })).toThrow(RangeError);
  });

  describe('Model', () => {
    const modelConfig = { inputs: 3, layers: [{ units: 5, activation: 'prelu' as const }, { units: 4 }], output: { units: 2, activation: 'softmax' as const } };

    it('has parameters of the documented shapes, deterministic from the seed', () => {
      using model = lab().createModel(modelConfig, { seed: 4 });
      expect(model.inputs).toBe(3);
      expect(model.outputs).toBe(2);
      const parameters = model.getParameters();
      expect(parameters.map((p) => [p.weights.length, p.bias.length, p.alpha?.length])).toEqual([
        [15, 5, 5],
        [20, 4, undefined],
        [8, 2, undefined],
      ]);
      using same = lab().createModel(modelConfig, { seed: 4 });
      using other = lab().createModel(modelConfig, { seed: 5 });
      expect(firstDifference(same.getParameters()[0].weights, parameters[0].weights)).toBe(-1);
      expect(firstDifference(other.getParameters()[0].weights, parameters[0].weights)).not.toBe(-1);
    });

    it('round-trips setParameters / getParameters and returns copies', () => {
      using model = lab().createModel(modelConfig);
      const parameters = model.getParameters();
      const changed: LayerParameters[] = parameters.map((p, l) => ({
        weights: p.weights.map((_, i) => (i + l) / 7),
        bias: p.bias.map((_, i) => -i),
        ...(p.alpha ? { alpha: p.alpha.map(() => 0.3) } : {}),
      }));
      model.setParameters(changed);
      const back = model.getParameters();
      back.forEach((p, l) => {
        expect(firstDifference(p.weights, changed[l].weights)).toBe(-1);
        expect(firstDifference(p.bias, changed[l].bias)).toBe(-1);
      });
      back[0].weights[0] = 99; // a copy: the model is unaffected
      expect(model.getParameters()[0].weights[0]).toBe(0);
      expect(back[0].weights.buffer.byteLength).toBe(back[0].weights.byteLength);
    });

    it('setParameters: a wrong length is a RangeError naming the layer, and changes nothing', () => {
      using model = lab().createModel({ inputs: 2, layers: [{ units: 16 }, { units: 16 }] });
      const parameters = model.getParameters();
      const before = model.getParameters();
      const bad = parameters.map((p) => ({ ...p, weights: p.weights.map(() => 5) }));
      bad[1] = { ...bad[1], weights: new Float32Array(255) };
      expect(() => model.setParameters(bad)).toThrow(new RangeError('layers[1].weights must have 256 values (16×16), got 255'));
      expect(firstDifference(model.getParameters()[0].weights, before[0].weights)).toBe(-1);
      expect(() => model.setParameters(parameters.slice(1))).toThrow(/parameters must have 3 layers/);
      expect(() => model.setParameters([{ ...parameters[0], alpha: new Float32Array(16) }, parameters[1], parameters[2]])).toThrow(
        /layers\[0\]\.alpha must have 0 values/,
      );
      expect(() => model.setParameters({} as never)).toThrow(TypeError);
      expect(() => model.setParameters([{ weights: [1], bias: new Float32Array(16) }] as never)).toThrow(
        'parameters[0].weights must be a Float32Array, got Array',
      );
      expect(() => model.setParameters([null] as never)).toThrow(TypeError);
    });

    it('predicts n×outputs and computes loss and gradients of the same shape as the parameters', () => {
      using model = lab().createModel(modelConfig);
      const x = new Float32Array(3 * 300).map((_, i) => Math.sin(i));
      const probabilities = model.predict(x);
      expect(probabilities.length).toBe(600);
      for (let r = 0; r < 300; r++) expect(probabilities[2 * r] + probabilities[2 * r + 1]).toBeCloseTo(1, 5);
      expect(model.predict(new Float32Array(0)).length).toBe(0);
      const y = new Float32Array(300).map((_, i) => i % 2);
      const { loss, gradients } = model.lossAndGradients(x, y, 'softmax_ce');
      expect(loss).toBeGreaterThan(0);
      expect(gradients.map((g) => [g.weights.length, g.bias.length, g.alpha?.length])).toEqual([
        [15, 5, 5],
        [20, 4, undefined],
        [8, 2, undefined],
      ]);
      expect(gradients.some((g) => g.weights.some((v) => v !== 0))).toBe(true);
    });

    it('gradients match finite differences of the loss', () => {
      using model = lab().createModel({ inputs: 2, layers: [{ units: 6, activation: 'tanh' }], output: { units: 1, activation: 'identity' } }, { seed: 2 });
      const x = new Float32Array([0.5, -1, 1.5, 0.25, -0.75, 2]);
      const y = new Float32Array([1, -1, 0.5]);
      const { gradients } = model.lossAndGradients(x, y, 'mse');
      const parameters = model.getParameters();
      const h = 1e-2;
      for (const index of [0, 3, 7]) {
        const shifted = (delta: number) => {
          const copy = parameters.map((p) => ({ weights: p.weights.slice(), bias: p.bias.slice() }));
          copy[0].weights[index] += delta;
          model.setParameters(copy);
          return model.lossAndGradients(x, y, 'mse').loss;
        };
        const numeric = (shifted(h) - shifted(-h)) / (2 * h);
        expect(gradients[0].weights[index]).toBeCloseTo(numeric, 2);
      }
    });

    it('argument errors: TypeError for types, RangeError for values (C++ messages)', () => {
      using model = lab().createModel(modelConfig);
      expect(() => model.predict([1, 2, 3] as never)).toThrow('x must be a Float32Array, got Array');
      expect(() => model.predict(new Float32Array(4))).toThrow(new RangeError('x must have n×3 values (rows of 3 inputs), got 4'));
      const x = new Float32Array(6);
      expect(() => model.lossAndGradients(x, new Float32Array(2), 'mse')).toThrow('loss must be softmax_ce for a softmax head, got mse');
      expect(() => model.lossAndGradients(x, new Float32Array(2), 'hinge' as never)).toThrow(TypeError);
      expect(() => model.lossAndGradients(x, new Float32Array(2), 7 as never)).toThrow(TypeError);
      expect(() => model.lossAndGradients(x, new Float32Array(3), 'softmax_ce')).toThrow(/y must have 2 values/);
      expect(() => model.lossAndGradients(x, new Float32Array([0, 2]), 'softmax_ce')).toThrow('y[1] must be a class index 0..1, got 2');
      expect(() => model.lossAndGradients(new Float32Array(0), new Float32Array(0), 'softmax_ce')).toThrow(RangeError);
      expect(() => model.lossAndGradients(x, null as never, 'softmax_ce')).toThrow('y must be a Float32Array, got null');
      expect(() => lab().createModel({ layers: [{ units: 0 }] })).toThrow(new RangeError('model.layers[0].units must be 1..1024, got 0'));
      expect(() => lab().createModel({ init: 'glorot' as never })).toThrow(TypeError);
      expect(() => lab().createModel({}, { seed: -1 })).toThrow(RangeError);
      expect(() => lab().createModel({}, { seed: '1' as never })).toThrow(TypeError);
      expect(() => lab().createModel({}, { seed: 1.5 })).toThrow(new TypeError('seed must be an integer 0..9007199254740991, got number 1.5'));
      expect(() => lab().createModel({}, { seed: 2 ** 53 })).toThrow(RangeError);
    });

    it('throws a clear Error once disposed; dispose is idempotent', () => {
      const model = lab().createModel(modelConfig);
      model.dispose();
      model.dispose();
      expect(() => model.getParameters()).toThrow(new Error('Model has been disposed'));
      expect(() => model.predict(new Float32Array(3))).toThrow('Model has been disposed');
      const other = lab().createModel(modelConfig);
      other[Symbol.dispose]();
      expect(() => other.outputs).toThrow('Model has been disposed');
    });
  });

  describe('Experiment', () => {
    it('trains moons to high accuracy and reports the trainer\'s metrics', () => {
      using exp = lab().createExperiment(MOONS);
      const start = exp.metrics();
      expect(start.step).toBe(0);
      expect(start.status).toBe('running');
      const metrics = exp.step(600);
      expect(metrics.step).toBe(600);
      expect(metrics.status).toBe('done');
      expect(metrics.accuracy).toBeGreaterThanOrEqual(0.97);
      expect(metrics.layers).toHaveLength(3);
      expect(Object.keys(metrics.layers[0])).toEqual(
        expect.arrayContaining(['units', 'gradNorm', 'weightNorm', 'updateRatio', 'deadUnits', 'inactiveUnits', 'saturatedFraction', 'preactMean', 'preactStd', 'histogram']),
      );
      expect(metrics.layers[0].histogram.counts).toHaveLength(32);
      expect(exp.step(5).step).toBe(600); // stops at config.steps
      expect(exp.metrics()).toEqual(exp.metrics());
    });

    it('step() defaults to one step; the config comes back with defaults filled in', () => {
      using exp = lab().createExperiment({ steps: 20 });
      expect(exp.step().step).toBe(1);
      const config = exp.config;
      expect(config.data?.kind).toBe('moons');
      expect(config.train?.batchSize).toBe(32);
      expect(config.model?.layers).toHaveLength(2);
    });

    it('exp.model is the experiment\'s model: training changes it, setParameters changes training', () => {
      using exp = lab().createExperiment(MOONS);
      const before = exp.model.getParameters();
      exp.step(10);
      expect(firstDifference(exp.model.getParameters()[0].weights, before[0].weights)).not.toBe(-1);
      exp.model.setParameters(before);
      expect(firstDifference(exp.model.getParameters()[0].weights, before[0].weights)).toBe(-1);
      // Its initial parameters are createModel(config.model, { seed }).
      using fresh = lab().createExperiment(MOONS);
      using model = lab().createModel(fresh.config.model, { seed: MOONS.seed });
      fresh.model.getParameters().forEach((p, l) => expect(firstDifference(p.weights, model.getParameters()[l].weights)).toBe(-1));
      exp.model.dispose(); // a view: does nothing
      expect(exp.model.getParameters()).toHaveLength(3);
    });

    it('data() returns copies of the training and test sets', () => {
      using exp = lab().createExperiment({ data: { kind: 'spiral', n: 300, classes: 3, testFraction: 0.2 } });
      const data = exp.data();
      expect([data.n, data.nTest, data.inputs, data.classes]).toEqual([240, 60, 2, 3]);
      expect(data.x.length).toBe(480);
      expect(data.y.length).toBe(240);
      expect(data.xTest.length).toBe(120);
      expect(data.yTest.length).toBe(60);
      expect(new Set(data.y)).toEqual(new Set([0, 1, 2]));
      for (let i = 0; i < data.n; i++) {
        expect(data.x[2 * i]).toBeGreaterThanOrEqual(data.lo[0]);
        expect(data.x[2 * i + 1]).toBeLessThanOrEqual(data.hi[1]);
      }
      using custom = lab().createExperiment({
        data: { kind: 'custom', x: new Float32Array([0, 0, 1, 1, 0, 1, 1, 0]), inputs: 2, y: [0, 0, 1, 1], testFraction: 0 },
        train: { batchSize: 2 },
      });
      expect(Array.from(custom.data().y).sort()).toEqual([0, 0, 1, 1]);
    });

    it('decisionGrid(w, h) gives h·w·outputs head outputs, and checks its sides', () => {
      using exp = lab().createExperiment(MOONS);
      exp.step(300);
      const grid = exp.decisionGrid(40, 30);
      expect(grid.length).toBe(1200);
      expect(grid.every((p) => p >= 0 && p <= 1)).toBe(true);
      expect(Math.min(...grid)).toBeLessThan(0.1);
      expect(Math.max(...grid)).toBeGreaterThan(0.9);
      expect(() => exp.decisionGrid(0, 10)).toThrow(new RangeError('w must be 1..512, got 0'));
      expect(() => exp.decisionGrid(10, 513)).toThrow(new RangeError('h must be 1..512, got 513'));
      expect(() => exp.decisionGrid(2 ** 40, 1)).toThrow(RangeError);
      expect(() => exp.decisionGrid(2.5, 1)).toThrow(new TypeError('w must be an integer, got number 2.5'));
      expect(() => exp.decisionGrid('8' as never, 8)).toThrow(TypeError);
      using spiral = lab().createExperiment({ data: { kind: 'spiral', classes: 4 } });
      expect(spiral.decisionGrid(5, 4).length).toBe(80);
      using regression = lab().createExperiment({ data: { kind: 'sin' } });
      expect(regression.decisionGrid(64, 1).length).toBe(64);
      expect(() => regression.decisionGrid(64, 2)).toThrow('h must be 1 for 1-D inputs, got 2');
    });

    it('config errors are TypeError / RangeError with the C++ message', () => {
      expect(() => lab().createExperiment({ data: { kind: 'moon' as never } })).toThrow(TypeError);
      expect(() => lab().createExperiment({ data: { nosie: 1 } as never })).toThrow(/^unknown field data\.nosie/);
      expect(() => lab().createExperiment({ train: { optimizer: { lr: 0 } } })).toThrow(
        new RangeError('train.optimizer.lr must be in (0, 1000000], got 0'),
      );
      expect(() => lab().createExperiment({ train: { loss: 'mse' } })).toThrow(new RangeError('train.loss must be bce for a sigmoid head, got mse'));
      expect(() => lab().createExperiment(5 as never)).toThrow(TypeError);
      expect(() => lab().createExperiment((() => 1) as never)).toThrow('config must be an object, got function');
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      expect(() => lab().createExperiment(cyclic as never)).toThrow(TypeError);
      expect(() => lab().createExperiment({ seed: 1n } as never)).toThrow(TypeError);
      expect(() => lab().createExperiment({ data: { noise: NaN } })).toThrow(TypeError); // JSON null
    });

    it('step(k) checks k', () => {
      using exp = lab().createExperiment({ steps: 10 });
      expect(() => exp.step(1.5)).toThrow(new TypeError('k must be an integer, got number 1.5'));
      expect(() => exp.step('2' as never)).toThrow(TypeError);
      expect(() => exp.step(-1)).toThrow(RangeError);
      expect(() => exp.step(2 ** 32 + 1)).toThrow(RangeError);
      expect(exp.step(0).step).toBe(0);
    });

    it('throws a clear Error once disposed, also through exp.model', () => {
      const exp = lab().createExperiment({ steps: 10 });
      const model = exp.model;
      exp[Symbol.dispose]();
      exp.dispose();
      for (const call of [() => exp.step(1), () => exp.metrics(), () => exp.data(), () => exp.decisionGrid(2, 2), () => exp.config]) {
        expect(call).toThrow(new Error('Experiment has been disposed'));
      }
      expect(() => model.getParameters()).toThrow('Experiment has been disposed (this Model is its exp.model)');
      expect(() => exp.model.predict(new Float32Array(2))).toThrow(/Experiment has been disposed/);
    });

    it('`using` disposes at the end of the block', () => {
      let escaped;
      {
        using exp = lab().createExperiment({ steps: 10 });
        escaped = exp;
        exp.step(1);
      }
      expect(() => escaped.metrics()).toThrow('Experiment has been disposed');
    });

    it('results are copies that survive wasm memory growth', () => {
      using exp = lab().createExperiment(MOONS);
      const parameters = exp.model.getParameters();
      const saved = parameters[0].weights.slice();
      const heapBefore = (lab() as unknown as { heapBytesInUse(): number }).heapBytesInUse();
      // A big model grows the memory.
      const big = lab().createModel({ layers: [{ units: 1024 }, { units: 1024 }, { units: 1024 }] });
      expect(lab().heapBytesInUse()).toBeGreaterThan(heapBefore + 8e6);
      big.dispose();
      expect(firstDifference(parameters[0].weights, saved)).toBe(-1);
    });
  });
});

describe('lab.dispose', () => {
  it('disposes the models and experiments it made, then refuses every call', async () => {
    const own = await createLab();
    const model = own.createModel({ layers: [{ units: 4 }] });
    const experiment = own.createExperiment({ data: { kind: 'moons', n: 40 } });
    const view = experiment.model;
    // Objects disposed or forgotten before are skipped; 200 of them also make
    // the lab drop its dead entries as it goes.
    for (let i = 0; i < 200; i++) own.createModel().dispose();
    own.createModel();
    expect(own.disposed).toBe(false);

    own.dispose();
    expect(own.disposed).toBe(true);
    expect([model.disposed, experiment.disposed, view.disposed]).toEqual([true, true, true]);
    expect(() => model.predict(new Float32Array(2))).toThrow('Model has been disposed');
    expect(() => experiment.step(1)).toThrow('Experiment has been disposed');
    const calls: (() => unknown)[] = [
      () => own.evaluate('relu', new Float32Array(1)),
      () => own.createModel(),
      () => own.createExperiment(),
      () => own.run({}),
      () => own.checkFormula('z'),
      () => own.toPyTorch({}),
      () => own.heapBytesInUse(),
    ];
    for (const call of calls) expect(call).toThrow('Lab has been disposed');
    // What describes the build stays readable, and dispose() is idempotent.
    expect(own.activations.map((a) => a.id)).toEqual([...ACTIVATION_IDS, 'custom']);
    expect(typeof own.simd).toBe('boolean');
    expect(() => own.dispose()).not.toThrow();
  });

  it('leaves other labs and what they made alone; [Symbol.dispose] is dispose()', async () => {
    const first = await createLab({ simd: false });
    const second = await createLab({ simd: false });
    const survivor = second.createExperiment({ data: { kind: 'moons', n: 40 } });
    const gone = first.createExperiment({ data: { kind: 'moons', n: 40 } });
    first[disposeSymbol]();
    expect(first.disposed && gone.disposed).toBe(true);
    expect(survivor.disposed).toBe(false);
    survivor.step(5);
    expect(survivor.metrics().step).toBe(5);
    survivor.dispose();
    expect(second.heapBytesInUse()).toBeGreaterThan(0);
  });
});
