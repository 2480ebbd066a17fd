// api-helpers.ts — shared by the api-*.test.ts suites: one Lab per build,
// loaded once per test file, the built npm library (what lab.run's workers
// need), and small configs that train quickly.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { createLab } from '../../web/src/lib/index';
import type { ExperimentConfig, Lab } from '../../web/src/lib/types';
import { VARIANTS, repositoryRoot, requireBuilt, wasmDir } from './helpers';

export async function loadLabs(): Promise<Map<string, Lab>> {
  const labs = new Map<string, Lab>();
  for (const variant of VARIANTS) labs.set(variant, await createLab({ simd: variant === 'simd' }));
  return labs;
}

/**
 * The npm library as built (scripts/build-lib.mjs) into a temporary folder,
 * and a Lab from it: lab.run needs the built worker.js. `dispose` frees the
 * Lab and removes the folder.
 */
export async function loadBuiltLab(prefix: string): Promise<{ lab: Lab; dispose(): void }> {
  const modules = process.env.ACTLAB_WASM_DIR ?? wasmDir;
  for (const variant of VARIANTS) requireBuilt(`${modules}/actlab-${variant}.wasm`);
  const libraryDir = mkdtempSync(join(tmpdir(), prefix));
  execFileSync(process.execPath, ['scripts/build-lib.mjs', '--out', libraryDir, '--no-types'], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const built = (await import(pathToFileURL(join(libraryDir, 'index.js')).href)) as { createLab(): Promise<Lab> };
  const lab = await built.createLab();
  return {
    lab,
    dispose() {
      lab.dispose();
      rmSync(libraryDir, { recursive: true, force: true });
    },
  };
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
