// regression-targets.test.ts — regression with several outputs (issue 13
// item 7): custom data.y as rows of targets gives an identity head with one
// unit per target, exp.data() carries them row-major, and mse is the mean
// over all n×units elements, as PyTorch's MSELoss (computed here in float64
// from predict()).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ExperimentConfig, Lab } from '../../web/src/lib/types';
import { loadLabs } from './api-helpers';
import { VARIANTS } from './helpers';

let labs: Map<string, Lab>;
beforeAll(async () => {
  labs = await loadLabs();
});
afterAll(() => {
  for (const lab of labs.values()) lab.dispose();
});

/** 60 points x in [-1, 1] with two targets each: 2x and x². */
function twoTargets(): ExperimentConfig {
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < 60; i++) {
    const v = -1 + (2 * i) / 59;
    x.push([v]);
    y.push([2 * v, v * v]);
  }
  return {
    seed: 2,
    data: { kind: 'custom', x, y, testFraction: 0.25 },
    model: { layers: [{ units: 12, activation: 'tanh' }] },
    train: { optimizer: { kind: 'adam', lr: 0.02 } },
    steps: 400,
  };
}

/** Mean of (prediction − target)² over every element, in float64. */
function meanSquaredError(predictions: Float32Array, targets: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < predictions.length; i++) sum += (predictions[i] - targets[i]) ** 2;
  return sum / predictions.length;
}

describe.each(VARIANTS)('several regression targets (%s)', (variant) => {
  it('rows of targets give an identity head with one unit per target, trained on all of them', () => {
    const lab = labs.get(variant)!;
    using experiment = lab.createExperiment(twoTargets());
    const config = experiment.config;
    expect(config.model?.output).toEqual({ units: 2, activation: 'identity' });
    expect(config.train?.loss).toBe('mse');
    expect(config.data?.y?.[0]).toEqual([-2, 1]);
    const data = experiment.data();
    expect(data.targets).toBe(2);
    expect(data.classes).toBe(0);
    expect(data.y.length).toBe(data.n * 2);
    expect(data.yTest.length).toBe(data.nTest * 2);
    expect(experiment.model.outputs).toBe(2);
    expect(experiment.decisionGrid(10, 1).length).toBe(20);

    const before = experiment.metrics().loss!;
    expect(before).toBeCloseTo(meanSquaredError(experiment.model.predict(data.x), data.y), 6);
    const after = experiment.step(400).loss!;
    expect(after).toBeCloseTo(meanSquaredError(experiment.model.predict(data.x), data.y), 6);
    expect(after).toBeLessThan(before / 10);
  });

  it('lossAndGradients takes y as n×units and averages over every element', () => {
    const lab = labs.get(variant)!;
    using model = lab.createModel({ inputs: 2, layers: [{ units: 5, activation: 'gelu' }], output: { units: 3, activation: 'identity' } });
    const n = 7;
    const x = Float32Array.from({ length: n * 2 }, (_, i) => Math.sin(i));
    const y = Float32Array.from({ length: n * 3 }, (_, i) => Math.cos(i));
    const { loss, gradients } = model.lossAndGradients(x, y, 'mse');
    expect(loss).toBeCloseTo(meanSquaredError(model.predict(x), y), 6);
    expect(gradients[1].weights.length).toBe(5 * 3);
    expect(() => model.lossAndGradients(x, y.subarray(0, n), 'mse')).toThrow(
      new RangeError('y must have 21 values (n×outputs targets), got 7'),
    );
  });

  it('refuses rows of different lengths, rows for classes, and units that do not match', () => {
    const lab = labs.get(variant)!;
    const config = twoTargets();
    const ragged = structuredClone(config);
    (ragged.data!.y as number[][])[3] = [1];
    expect(() => lab.createExperiment(ragged)).toThrow(new TypeError('data.y[3] must be an array of 2 numbers (as long as data.y[0]), got [1]'));
    const wrongUnits = { ...config, model: { ...config.model, output: { units: 3 } } };
    expect(() => lab.createExperiment(wrongUnits)).toThrow(new RangeError('model.output.units must be 2 (data.y has 2 targets per example), got 3'));
    const classes = { ...config, data: { ...config.data, classes: 2 } };
    expect(() => lab.createExperiment(classes)).toThrow(RangeError);
    expect(() => lab.createModel({ output: { activation: 'identity', units: 11 } })).toThrow(
      new RangeError('model.output.units must be 1..10 for an identity head, got 11'),
    );
  });
});
