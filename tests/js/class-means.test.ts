// class-means.test.ts — what the page shows when the data has more inputs than
// a map can show (issue 14): exp.classMeans (each hidden unit's mean output
// per class over the training examples, checked against a forward pass
// written out here in float64), lab.run's classMeans and testPredictions
// options (the same numbers as an experiment stepped to the same step), and
// the counting behind the confusion matrix (plot/test-outcomes.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Experiment, ExperimentConfig, Lab, Metrics } from '../../web/src/lib/types';
import { confusionMatrix, misclassified, predictedClasses } from '../../web/src/plot/test-outcomes';
import { loadBuiltLab, loadLabs } from './api-helpers';
import { VARIANTS, firstDifference } from './helpers';

let labs: Map<string, Lab>;
let built: Awaited<ReturnType<typeof loadBuiltLab>>;
let builtLab: Lab;

beforeAll(async () => {
  labs = await loadLabs();
  // lab.run needs the built library's worker.js.
  built = await loadBuiltLab('actlab-class-means-test-');
  builtLab = built.lab;
}, 60_000);

afterAll(() => {
  for (const lab of labs.values()) lab.dispose();
  built?.dispose();
});

const IRIS: ExperimentConfig = {
  seed: 3,
  data: { kind: 'iris' },
  model: { layers: [{ units: 5, activation: 'relu' }, { units: 3, activation: 'tanh' }], output: { units: 3 } },
  train: { optimizer: { kind: 'adam', lr: 0.01 } },
  steps: 120,
};

const ACTIVATIONS: Record<string, (z: number) => number> = {
  relu: (z) => (z > 0 ? z : 0),
  tanh: Math.tanh,
};

/** Every hidden layer's outputs for one example, in float64. */
function hiddenOutputs(experiment: Experiment, config: ExperimentConfig, input: ArrayLike<number>): number[][] {
  const parameters = experiment.model.getParameters();
  const layers = config.model!.layers!;
  const outputs: number[][] = [];
  let values = Array.from(input);
  for (let l = 0; l < layers.length; l++) {
    const { weights, bias } = parameters[l];
    const next: number[] = [];
    for (let o = 0; o < bias.length; o++) {
      let z = bias[o];
      for (let i = 0; i < values.length; i++) z += values[i] * weights[i * bias.length + o];
      next.push(ACTIVATIONS[layers[l].activation!](z));
    }
    outputs.push(next);
    values = next;
  }
  return outputs;
}

describe.each(VARIANTS)('exp.classMeans (%s)', (variant) => {
  it("holds each hidden unit's mean output over the training examples of each class, unit-major", () => {
    const lab = labs.get(variant)!;
    using experiment = lab.createExperiment(IRIS);
    experiment.step(60);
    const data = experiment.data();
    expect(data.inputs).toBe(4);
    expect(data.classes).toBe(3);
    const means = experiment.classMeans();
    expect(means.map((layer) => layer.length)).toEqual([5 * 3, 3 * 3]);
    // The expected means, from the training rows in float64.
    const sums = [new Float64Array(5 * 3), new Float64Array(3 * 3)];
    const counts = [0, 0, 0];
    const rows = data.y.length;
    for (let r = 0; r < rows; r++) {
      const label = data.y[r];
      counts[label]++;
      hiddenOutputs(experiment, IRIS, data.x.subarray(r * 4, r * 4 + 4)).forEach((units, l) =>
        units.forEach((value, u) => (sums[l][u * 3 + label] += value)),
      );
    }
    expect(counts.every((count) => count > 0)).toBe(true);
    let worst = 0;
    sums.forEach((layer, l) =>
      layer.forEach((sum, index) => {
        const expected = sum / counts[index % 3];
        worst = Math.max(worst, Math.abs(means[l][index] - expected) / (1 + Math.abs(expected)));
      }),
    );
    expect(worst).toBeLessThan(2e-5);
    // ReLU's means are never negative; tanh's are in [-1, 1]; and the classes differ somewhere.
    expect(Math.min(...means[0])).toBeGreaterThanOrEqual(0);
    expect(Math.max(...means[1].map(Math.abs))).toBeLessThanOrEqual(1);
    expect(new Set(means[1]).size).toBeGreaterThan(1);
  });

  it('refuses regression data with a RangeError naming classes', () => {
    const lab = labs.get(variant)!;
    using sine = lab.createExperiment({ data: { kind: 'sin', n: 50 }, model: { layers: [{ units: 3 }] } });
    expect(() => sine.classMeans()).toThrow(RangeError);
    expect(() => sine.classMeans()).toThrow(/classes/);
  });
});

describe('lab.run with classMeans and testPredictions', () => {
  it('reports the same class means and test outputs, bit for bit, as an experiment stepped to the same step', async () => {
    const reports: { metrics: Metrics; means: Float32Array[]; predictions: Float32Array }[] = [];
    const run = builtLab.run({ ...IRIS, steps: 100 }, {
      every: 50,
      classMeans: true,
      testPredictions: true,
      onMetrics: (metrics, report) => {
        if (report.classMeans && report.testPredictions) reports.push({ metrics, means: report.classMeans, predictions: report.testPredictions });
      },
    });
    await run.done;
    expect(reports.map((report) => report.metrics.step)).toEqual([0, 50, 100]);
    using experiment = builtLab.createExperiment({ ...IRIS, steps: 100 });
    const { xTest, yTest } = experiment.data();
    for (const report of reports) {
      if (report.metrics.step > 0) experiment.step(50);
      const expected = experiment.classMeans();
      report.means.forEach((layer, l) => expect(firstDifference(layer, expected[l])).toBe(-1));
      const outputs = experiment.model.predict(xTest);
      expect(report.predictions).toHaveLength(yTest.length * 3);
      expect(firstDifference(report.predictions, outputs)).toBe(-1);
    }
    // The confusion matrix of the last report counts every test example once, and its diagonal is the accuracy.
    const last = reports.at(-1)!;
    const predicted = predictedClasses(last.predictions, 3);
    const counts = confusionMatrix(yTest, predicted, 3);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(yTest.length);
    const right = counts[0] + counts[4] + counts[8];
    expect(right / yTest.length).toBeCloseTo(last.metrics.testAccuracy!, 5);
  });

  it('fails a classMeans run on regression data with the RangeError of exp.classMeans, and checks the option types at once', async () => {
    const run = builtLab.run({ data: { kind: 'sin', n: 50 }, steps: 10 }, { classMeans: true, onError: () => {} });
    await expect(run.done).rejects.toThrow(RangeError);
    expect(run.state).toBe('failed');
    expect(() => builtLab.run(IRIS, { classMeans: 1 as never })).toThrow(TypeError);
    expect(() => builtLab.run(IRIS, { testPredictions: 'yes' as never })).toThrow(TypeError);
  });
});

describe('the confusion matrix counts', () => {
  it('takes argmax of several outputs, and p ≥ 0.5 of one sigmoid output', () => {
    expect(Array.from(predictedClasses(Float32Array.of(0.1, 0.7, 0.2, 0.5, 0.2, 0.3), 3))).toEqual([1, 0]);
    expect(Array.from(predictedClasses(Float32Array.of(0.49, 0.5, 0.93), 1))).toEqual([0, 1, 1]);
    // A tie goes to the first class.
    expect(Array.from(predictedClasses(Float32Array.of(0.4, 0.4), 2))).toEqual([0]);
  });

  it('counts true class (row) against predicted class (column), and lists the mistakes in order', () => {
    const labels = [0, 0, 1, 2, 2, 2];
    const predicted = [0, 1, 1, 2, 0, 2];
    expect(Array.from(confusionMatrix(labels, predicted, 3))).toEqual([1, 1, 0, 0, 1, 0, 1, 0, 2]);
    expect(misclassified(labels, predicted)).toEqual([1, 4]);
    // Labels outside 0..classes-1 are not counted.
    expect(Array.from(confusionMatrix([0, 5, -1], [0, 0, 0], 2))).toEqual([1, 0, 0, 0]);
  });
});
