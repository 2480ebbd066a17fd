// unit-grids.test.ts — what the network view reads (issue 12): exp.unitGrids
// (every hidden unit's output on the decision grid, checked against a forward
// pass written out here in float64), the per-unit deadMask / inactiveMask of
// the metrics, and lab.run's unitGrids option (the same grids, bit for bit,
// as an experiment stepped to the same step).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Experiment, ExperimentConfig, Lab, Metrics } from '../../web/src/lib/types';
import { loadBuiltLab, loadLabs } from './api-helpers';
import { VARIANTS, firstDifference } from './helpers';

let labs: Map<string, Lab>;
let built: Awaited<ReturnType<typeof loadBuiltLab>>;
let builtLab: Lab;

beforeAll(async () => {
  labs = await loadLabs();
  // lab.run needs the built library's worker.js.
  built = await loadBuiltLab('actlab-unit-grids-test-');
  builtLab = built.lab;
}, 60_000);

afterAll(() => {
  for (const lab of labs.values()) lab.dispose();
  built?.dispose();
});

const MOONS: ExperimentConfig = {
  seed: 5,
  data: { kind: 'moons', n: 200 },
  model: { layers: [{ units: 6, activation: 'relu' }, { units: 4, activation: 'tanh' }] },
  train: { optimizer: { kind: 'adam', lr: 0.02 } },
  steps: 200,
};

const ACTIVATIONS: Record<string, (z: number) => number> = {
  relu: (z) => (z > 0 ? z : 0),
  tanh: Math.tanh,
};

/** Every hidden layer's outputs at one input point, in float64. */
function forward(experiment: Experiment, config: ExperimentConfig, input: number[]): number[][] {
  const parameters = experiment.model.getParameters();
  const layers = config.model!.layers!;
  const outputs: number[][] = [];
  let values = input;
  for (let l = 0; l < layers.length; l++) {
    const { weights, bias } = parameters[l];
    const fanIn = values.length;
    const fanOut = bias.length;
    const next: number[] = [];
    for (let o = 0; o < fanOut; o++) {
      let z = bias[o];
      for (let i = 0; i < fanIn; i++) z += values[i] * weights[i * fanOut + o];
      next.push(ACTIVATIONS[layers[l].activation!](z));
    }
    outputs.push(next);
    values = next;
  }
  return outputs;
}

describe.each(VARIANTS)('exp.unitGrids (%s)', (variant) => {
  it("holds each hidden unit's output on the decision grid's cells, row 0 on top, unit-major", () => {
    const lab = labs.get(variant)!;
    using experiment = lab.createExperiment(MOONS);
    experiment.step(80);
    const w = 9;
    const h = 5;
    const grids = experiment.unitGrids(w, h);
    expect(grids.map((grid) => grid.length)).toEqual([6 * w * h, 4 * w * h]);
    const { lo, hi } = experiment.data();
    let worst = 0;
    for (let row = 0; row < h; row++) {
      for (let col = 0; col < w; col++) {
        const x0 = Math.fround(lo[0] + (hi[0] - lo[0]) * ((col + 0.5) / w));
        const x1 = Math.fround(hi[1] - (hi[1] - lo[1]) * ((row + 0.5) / h));
        const expected = forward(experiment, MOONS, [x0, x1]);
        expected.forEach((units, l) =>
          units.forEach((value, u) => {
            const got = grids[l][u * w * h + row * w + col];
            worst = Math.max(worst, Math.abs(got - value) / (1 + Math.abs(value)));
          }),
        );
      }
    }
    expect(worst).toBeLessThan(2e-5);
    // The decision grid on the same cells is the head of the last layer's grid.
    const decision = experiment.decisionGrid(w, h);
    const head = experiment.model.getParameters()[2];
    for (let cell = 0; cell < w * h; cell++) {
      let logit = head.bias[0];
      for (let u = 0; u < 4; u++) logit += grids[1][u * w * h + cell] * head.weights[u];
      expect(decision[cell]).toBeCloseTo(1 / (1 + Math.exp(-logit)), 5);
    }
  });

  it('refuses 3 inputs and sizes outside 1..512 with a RangeError, non-integers with a TypeError', () => {
    const lab = labs.get(variant)!;
    using experiment = lab.createExperiment(MOONS);
    expect(() => experiment.unitGrids(0, 4)).toThrow(new RangeError('w must be 1..512, got 0'));
    expect(() => experiment.unitGrids(4, 513)).toThrow(new RangeError('h must be 1..512, got 513'));
    expect(() => experiment.unitGrids(1.5, 4)).toThrow(TypeError);
    using three = lab.createExperiment({ data: { kind: 'custom', x: [[0, 1, 2], [1, 2, 3]], y: [0, 1], testFraction: 0 } });
    expect(() => three.unitGrids(4, 4)).toThrow(new RangeError('inputs must be 1 or 2 for unit grids, got 3'));
    using sine = lab.createExperiment({ data: { kind: 'sin', n: 50 }, model: { layers: [{ units: 3 }] } });
    expect(sine.unitGrids(20, 1).map((grid) => grid.length)).toEqual([60]);
    expect(() => sine.unitGrids(20, 2)).toThrow(new RangeError('h must be 1 for 1-D inputs, got 2'));
  });
});

describe.each(VARIANTS)('deadMask and inactiveMask (%s)', (variant) => {
  it('mark units per layer (output layer too), sum to the counts, and agree with each other for ReLU', () => {
    const lab = labs.get(variant)!;
    // Dying ReLU: a large learning rate kills some units.
    using experiment = lab.createExperiment({
      seed: 1,
      data: { kind: 'moons', n: 400 },
      model: { layers: [{ units: 16, activation: 'relu' }, { units: 16, activation: 'relu' }] },
      train: { optimizer: { kind: 'sgd', lr: 3 } },
      steps: 200,
    });
    const metrics = experiment.step(200);
    expect(metrics.layers).toHaveLength(3);
    let dead = 0;
    metrics.layers.forEach((layer, l) => {
      expect(layer.deadMask).toHaveLength(layer.units);
      expect(layer.inactiveMask).toHaveLength(layer.units);
      for (const bit of [...layer.deadMask, ...layer.inactiveMask]) expect([0, 1]).toContain(bit);
      expect(layer.deadMask.reduce((a, b) => a + b, 0)).toBe(layer.deadUnits);
      expect(layer.inactiveMask.reduce((a, b) => a + b, 0)).toBe(layer.inactiveUnits);
      // relu' is 0 exactly where z ≤ 0, so a hidden unit is dead exactly when it is inactive.
      if (l < 2) expect(layer.deadMask).toEqual(layer.inactiveMask);
      if (l < 2) dead += layer.deadUnits;
    });
    expect(dead).toBeGreaterThan(0);
    expect(dead).toBeLessThan(32);
  });
});

describe('lab.run with unitGrids', () => {
  it('reports the same grids, bit for bit, as an experiment stepped to the same step', async () => {
    const reports: { metrics: Metrics; grids: Float32Array[] }[] = [];
    const steps: number[] = [];
    const run = builtLab.run({ ...MOONS, steps: 100 }, {
      every: 50,
      unitGrids: { w: 8, h: 6 },
      onMetrics: (metrics) => steps.push(metrics.step),
      onUnitGrids: (grids, metrics) => reports.push({ metrics, grids }),
    });
    await run.done;
    expect(reports.map((report) => report.metrics.step)).toEqual([0, 50, 100]);
    expect(steps).toEqual([0, 50, 100]);
    using experiment = builtLab.createExperiment({ ...MOONS, steps: 100 });
    for (const report of reports) {
      if (report.metrics.step > 0) experiment.step(50);
      const expected = experiment.unitGrids(8, 6);
      expect(report.grids).toHaveLength(expected.length);
      report.grids.forEach((grid, l) => expect(firstDifference(grid, expected[l])).toBe(-1));
    }
  });

  it('fails the run with the RangeError of exp.unitGrids, and checks the option type at once', async () => {
    const run = builtLab.run(
      { data: { kind: 'custom', x: [[0, 1, 2], [1, 2, 3]], y: [0, 1], testFraction: 0 }, steps: 10 },
      { unitGrids: { w: 4, h: 4 }, onError: () => {} },
    );
    await expect(run.done).rejects.toThrow(new RangeError('inputs must be 1 or 2 for unit grids, got 3'));
    expect(run.state).toBe('failed');
    expect(() => builtLab.run(MOONS, { unitGrids: { w: 'a', h: 3 } as never })).toThrow(TypeError);
    expect(() => builtLab.run(MOONS, { onUnitGrids: 5 as never })).toThrow(new TypeError('options.onUnitGrids must be a function'));
  });
});
