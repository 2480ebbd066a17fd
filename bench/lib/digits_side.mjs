// digits_side.mjs — issue #14's digits benchmark: a 64-64-10 ReLU MLP with a
// softmax head, Adam (lr 0.001), batch 64, 2,000 steps, on scikit-learn's
// digits (1,797 8×8 images, pixel values 0..16, used as they are), against
// scikit-learn's MLPClassifier with the same settings
// (bench/lib/sklearn_digits.py).
//
// Our side reads the digits from scikit-learn's own data file
// (sklearn/datasets/data/digits.csv.gz) and hands them to the trainer as
// data.kind "custom" (20% held out for testing). So both sides need a
// Python 3 with scikit-learn (Debian: python3-sklearn); without one the
// benchmark says so and is skipped.
//
// Fairness: scikit-learn runs on NumPy with OpenBLAS on one thread
// (OPENBLAS_NUM_THREADS=1; our trainer is single-threaded too), with
// OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its environment so that
// OpenBLAS picks its kernels for this CPU; the BLAS it ran on (threadpoolctl)
// is printed. Both sides are timed in CPU time of the whole run (fit() /
// Experiment::step(2000)), median of the repeats, with the seed (our init and
// split) or random_state (scikit-learn's init and shuffling) varied per
// repeat. The splits differ, so the accuracies are compared to within 2
// points, not exactly.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const DIGITS_MODEL = { hiddenUnits: 64, batch: 64, steps: 2000, learningRate: 0.001, repeats: 3 };

const HERE = dirname(fileURLToPath(import.meta.url));

// The first Python 3 that imports scikit-learn, with the folder of its
// package: { python, sklearnDir } or { unavailable: reason }.
export function findSklearn() {
  // `python3` first; Debian's own interpreter too, where python3-sklearn
  // lives when another python3 (pyenv, a venv) comes first on PATH.
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import os, sklearn; print(os.path.dirname(sklearn.__file__))'],
      { encoding: 'utf8' });
    if (probe.status === 0) return { python, sklearnDir: probe.stdout.trim() };
  }
  return { unavailable: 'scikit-learn is not installed (Debian: apt-get install python3-sklearn)' };
}

// digits.csv.gz: 1,797 lines of 64 pixel values and the label.
export function readDigits(sklearnDir) {
  const text = gunzipSync(readFileSync(join(sklearnDir, 'datasets', 'data', 'digits.csv.gz'))).toString('utf8');
  const rows = text.split('\n').filter((line) => line.trim() !== '');
  const x = [];
  const y = [];
  for (const row of rows) {
    const values = row.split(',').map(Number);
    if (values.length !== 65 || values.some((v) => !Number.isFinite(v))) {
      throw new Error(`digits.csv.gz: expected 65 numbers per line, got "${row.slice(0, 40)}…"`);
    }
    x.push(...values.slice(0, 64));
    y.push(values[64]);
  }
  return { x, y, count: rows.length };
}

// The experiment config of our side (docs/config.md).
export function digitsConfig(digits) {
  const m = DIGITS_MODEL;
  return {
    seed: 1,
    data: { kind: 'custom', x: digits.x, y: digits.y, inputs: 64, classes: 10, testFraction: 0.2 },
    model: {
      inputs: 64,
      layers: [{ units: m.hiddenUnits, activation: 'relu' }],
      output: { units: 10, activation: 'softmax' },
      // scikit-learn's MLP draws uniform weights in ±sqrt(6 / (fan_in + fan_out)).
      init: 'xavier_uniform',
    },
    train: { loss: 'softmax_ce', optimizer: { kind: 'adam', lr: m.learningRate }, batchSize: m.batch },
    steps: m.steps,
    every: m.steps,
  };
}

// scikit-learn's side: the parsed JSON of sklearn_digits.py, or { unavailable }.
export function trainSklearn(python) {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const m = DIGITS_MODEL;
  const result = spawnSync(python, [join(HERE, 'sklearn_digits.py'), String(m.steps), String(m.repeats)],
    { encoding: 'utf8', env });
  if (result.status !== 0) return { unavailable: `sklearn_digits.py failed: ${result.stderr.trim().split('\n').at(-1)}` };
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}
