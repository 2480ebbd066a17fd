// api-helpers.ts — shared by the api-*.test.ts suites: one Lab per build,
// loaded once per test file, and small configs that train quickly.
import { createLab } from '../../web/src/lib/index';
import type { ExperimentConfig, Lab } from '../../web/src/lib/types';
import { VARIANTS } from './helpers';

export async function loadLabs(): Promise<Map<string, Lab>> {
  const labs = new Map<string, Lab>();
  for (const variant of VARIANTS) labs.set(variant, await createLab({ simd: variant === 'simd' }));
  return labs;
}

/** Moons with a small net: trains to high accuracy in a few hundred steps. */
export const MOONS: ExperimentConfig = {
  seed: 7,
  data: { kind: 'moons', n: 300, noise: 0.1, testFraction: 0.2 },
  model: { layers: [{ units: 16, activation: 'relu' }, { units: 16, activation: 'tanh' }] },
  train: { optimizer: { kind: 'adam', lr: 0.02 }, batchSize: 32 },
  steps: 600,
};

/** Configs covering every head and a PReLU layer, for exact comparisons. */
export const COVERAGE_CONFIGS: Record<string, ExperimentConfig> = {
  moons_relu_sigmoid: MOONS,
  spiral_prelu_softmax: {
    seed: 3,
    data: { kind: 'spiral', n: 240, classes: 3 },
    model: { layers: [{ units: 12, activation: 'prelu' }, { units: 8, activation: 'gelu' }] },
    train: { optimizer: { kind: 'momentum', lr: 0.05 } },
    steps: 50,
  },
  sin_silu_identity: {
    seed: 11,
    data: { kind: 'sin', n: 200 },
    model: { layers: [{ units: 10, activation: 'silu' }, { units: 10, activation: 'elu', params: { alpha: 0.5 } }] },
    train: { optimizer: { kind: 'rmsprop', lr: 0.01 } },
    steps: 50,
  },
  xor_mish_leaky: {
    seed: 5,
    data: { kind: 'xor', n: 300 },
    model: {
      layers: [
        { units: 9, activation: 'mish' },
        { units: 7, activation: 'leaky_relu', params: { negative_slope: 0.2 } },
        { units: 5, activation: 'softplus' },
      ],
    },
    steps: 50,
  },
};
