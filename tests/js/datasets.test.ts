// datasets.test.ts — the real datasets in the npm module (issue 14): iris and
// wine are compiled into the wasm module, breast_cancer and digits are loaded
// on demand (lab.loadDataset) before createExperiment or lab.run can use
// them; both wasm builds give the same examples as the native CLI, bit for
// bit (checked through `actlab grad`: loss, gradients and predictions over the
// training rows); data.standardize is on for them by default.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DatasetKind, ExperimentConfig, Lab, LossKind } from '../../web/src/lib/types';
import { loadBuiltLab, loadLabs } from './api-helpers';
import { VARIANTS, cliPath, firstDifference, repositoryRoot, requireBuilt, textToFloat } from './helpers';

let labs: Map<string, Lab>;
let built: Awaited<ReturnType<typeof loadBuiltLab>>;
let builtLab: Lab;

beforeAll(async () => {
  labs = await loadLabs();
  // lab.run needs the built library's worker.js.
  built = await loadBuiltLab('actlab-datasets-test-');
  builtLab = built.lab;
}, 60_000);

afterAll(() => {
  for (const lab of labs.values()) lab.dispose();
  built?.dispose();
});

const SHAPES: Record<DatasetKind, { rows: number; inputs: number; classes: number; embedded: boolean }> = {
  iris: { rows: 150, inputs: 4, classes: 3, embedded: true },
  wine: { rows: 178, inputs: 13, classes: 3, embedded: true },
  breast_cancer: { rows: 569, inputs: 30, classes: 2, embedded: false },
  digits: { rows: 1797, inputs: 64, classes: 10, embedded: false },
};

/** `actlab grad`: label → floats (loss, gradients, predictions over the training rows). */
function nativeGrad(config: ExperimentConfig): Map<string, Float32Array> {
  const run = spawnSync(requireBuilt(cliPath), ['grad', '-'], { input: JSON.stringify(config), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`actlab grad exited ${run.status}: ${run.stderr}`);
  return new Map(
    run.stdout.trim().split('\n').map((line) => {
      const [label, ...values] = line.trim().split(/\s+/);
      return [label, new Float32Array(values.map(textToFloat))];
    }),
  );
}

describe('lab.schema.dataKinds lists the datasets and says which are compiled in', () => {
  it('gives their shapes', () => {
    const lab = labs.get('simd')!;
    for (const [name, shape] of Object.entries(SHAPES)) {
      const info = lab.schema.dataKinds.find((kind) => kind.name === name);
      expect(info, name).toEqual({ name, source: 'dataset', inputs: shape.inputs, classes: shape.classes, rows: shape.rows, embedded: shape.embedded });
    }
  });
});

describe.each(VARIANTS)('the datasets (%s)', (variant) => {
  it('on-demand datasets need lab.loadDataset first; then they are there', async () => {
    const lab = labs.get(variant)!;
    expect(() => lab.createExperiment({ data: { kind: 'digits' } })).toThrow(
      new RangeError("data.kind digits needs its data, which this build loads on demand: call lab.loadDataset('digits') first (docs/datasets.md)"),
    );
    await lab.loadDataset('digits');
    await lab.loadDataset('breast_cancer');
    await lab.loadDataset('iris'); // compiled in: resolves at once
    for (const [name, shape] of Object.entries(SHAPES)) {
      using experiment = lab.createExperiment({ data: { kind: name as DatasetKind } });
      const data = experiment.data();
      expect(data.n + data.nTest, name).toBe(shape.rows);
      expect(data.inputs).toBe(shape.inputs);
      expect(data.classes).toBe(shape.classes);
      expect(data.columns.length).toBe(shape.inputs);
      expect(data.classNames.length).toBe(shape.classes);
      expect(experiment.config.data?.standardize).toBe(true);
      expect(data.featureMean.length).toBe(shape.inputs);
      // Standardised with the training part's statistics: mean 0 there.
      const column0 = Array.from({ length: data.n }, (_, r) => data.x[r * data.inputs]);
      expect(Math.abs(column0.reduce((a, b) => a + b, 0) / data.n)).toBeLessThan(1e-4);
    }
    using digits = lab.createExperiment({ data: { kind: 'digits' } });
    expect(digits.data().classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(digits.config.model?.output).toEqual({ units: 10, activation: 'softmax' });
  });

  it('loadDataset refuses other kinds and a file that is not the dataset', async () => {
    const lab = labs.get(variant)!;
    await expect(lab.loadDataset('moons' as never)).rejects.toThrow(
      new TypeError('kind must be one of iris, wine, breast_cancer, digits, got string "moons"'),
    );
    await expect(lab.loadDataset('digits', { url: join(repositoryRoot, 'data/iris.csv') })).rejects.toThrow(
      new TypeError('digits must have 1797 rows × 64 features and 10 classes, got 150 × 4 and 3 (is it data/digits.csv?)'),
    );
    await expect(lab.loadDataset('digits', { url: join(repositoryRoot, 'data/no-such-file.csv') })).rejects.toThrow();
  });

  it.each(['iris', 'breast_cancer', 'digits'] as const)('%s: the same examples as the native CLI, bit for bit', async (kind) => {
    const lab = labs.get(variant)!;
    await lab.loadDataset(kind);
    const config: ExperimentConfig = { seed: 3, data: { kind }, model: { layers: [{ units: 8, activation: 'tanh' }] } };
    const native = nativeGrad(config);
    using experiment = lab.createExperiment(config);
    const data = experiment.data();
    const result = experiment.model.lossAndGradients(data.x, data.y, experiment.config.train!.loss as LossKind);
    expect(firstDifference(new Float32Array([result.loss]), native.get('loss')!)).toBe(-1);
    expect(firstDifference(result.gradients[0].weights, native.get('layers[0].weights')!)).toBe(-1);
    expect(firstDifference(experiment.model.predict(data.x), native.get('predict')!)).toBe(-1);
  });
});

describe('lab.run with a dataset loaded on demand', () => {
  it('the worker gets the Lab\'s dataset; without loading, the run fails like createExperiment', async () => {
    const failing = builtLab.run({ data: { kind: 'breast_cancer' }, steps: 10 }, { onError: () => {} });
    await expect(failing.done).rejects.toThrow(RangeError);
    await builtLab.loadDataset('breast_cancer');
    const run = builtLab.run({ seed: 2, data: { kind: 'breast_cancer' }, train: { optimizer: { kind: 'adam', lr: 0.01 } }, steps: 200 }, { every: 100 });
    const last = await run.done;
    expect(last.step).toBe(200);
    expect(last.testAccuracy).toBeGreaterThan(0.9);
  });
});
