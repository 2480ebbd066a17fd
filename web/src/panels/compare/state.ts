// state.ts — what the Compare panel runs, as a plain value: the chosen
// activations, seeds and steps, and the experiment each run starts from.
// Pure: the URL codec (app/state.ts) and the tests use it too.
import type { ActivationId, ExperimentConfig } from '../../lib/types';

/** The comparison's own settings (what the URL carries as cmp, cseeds, csteps, clog). */
export interface CompareSettings {
  activations: readonly ActivationId[];
  /** Repeats per activation; seeds experiment.seed, +1, … (the same set for every activation). */
  seeds: number;
  steps: number;
  logLoss: boolean;
}

/** @deprecated the name of the first page version */
export type CompareState = CompareSettings;

/** The Compare panel's state: its settings and the shared experiment (the Train panel's). */
export interface CompareView {
  compare: CompareSettings;
  experiment: ExperimentConfig;
}

export const COMPARE_MIN_ACTIVATIONS = 2;
export const COMPARE_MAX_ACTIVATIONS = 6;
export const COMPARE_MIN_SEEDS = 3;
export const COMPARE_MAX_SEEDS = 8;
export const COMPARE_MAX_STEPS = 20000;

export function defaultCompareSettings(): CompareSettings {
  return { activations: ['sigmoid', 'relu', 'leaky_relu'], seeds: 3, steps: 500, logLoss: true };
}

/** The experiment Compare runs for one activation and seed: every hidden layer uses that activation (default parameters). */
export function compareConfig(base: ExperimentConfig, activation: ActivationId, seed: number, steps: number): ExperimentConfig {
  const config = structuredClone(base);
  config.seed = seed;
  config.steps = steps;
  const layers = config.model?.layers ?? [{}];
  config.model = { ...config.model, layers: layers.map((layer) => ({ units: layer.units, activation })) };
  return config;
}
