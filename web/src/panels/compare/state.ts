// state.ts — what the Compare panel runs, as a plain value: the chosen
// activations, seeds and steps, and the experiment each run starts from.
// Pure: the URL codec (app/state.ts) and the tests use it too.
import type { ActivationId, ExperimentConfig, FormulaParams } from '../../lib/types';

/** The comparison's own settings (what the URL carries as cmp, cseeds, csteps, clog, cformula, cparams). */
export interface CompareSettings {
  activations: readonly ActivationId[];
  /** Repeats per activation; seeds experiment.seed, +1, … (the same set for every activation). */
  seeds: number;
  steps: number;
  logLoss: boolean;
  /** The formula (and its parameters' values) run for activation "custom", when it is chosen. */
  custom?: FormulaParams;
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

/** The formula Compare runs for "custom" when none was typed (the catalogue's default). */
export const DEFAULT_COMPARE_FORMULA: FormulaParams = { formula: 'z*sigmoid(z)' };

/**
 * The experiment Compare runs for one activation and seed: every hidden layer
 * uses that activation (default parameters; for "custom", `custom`).
 */
export function compareConfig(base: ExperimentConfig, activation: ActivationId, seed: number, steps: number, custom: FormulaParams = DEFAULT_COMPARE_FORMULA): ExperimentConfig {
  const config = structuredClone(base);
  config.seed = seed;
  config.steps = steps;
  const layers = config.model?.layers ?? [{}];
  const params = activation === 'custom' ? { params: { ...custom } } : {};
  config.model = { ...config.model, layers: layers.map((layer) => ({ units: layer.units, activation, ...params })) };
  return config;
}
