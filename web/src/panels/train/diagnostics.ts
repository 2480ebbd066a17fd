// diagnostics.ts — what the Train panel says in words about a run, from its
// metrics alone: per layer, whether its gradient vanishes, explodes or is
// exactly zero; and whether the run has stalled (the loss no longer improves
// while a layer is mostly dead or gets no gradient at all), with the likely
// cause and the one-click fixes that address it. Pure: no DOM, tested in Node.
import type { ActivationId, ExperimentConfig, Metrics } from '../../lib/types';

/** Below this ‖∂L/∂W‖ a layer's gradient counts as vanishing (the bars' shaded band). */
export const VANISHING_BELOW = 1e-4;
/** Above this it counts as exploding. */
export const EXPLODING_ABOVE = 1e2;
/** A layer getting this many times less gradient than the output layer vanishes too. */
export const VANISHING_RATIO = 1e3;

export type GradientVerdict = 'zero' | 'vanishing' | 'exploding' | 'healthy';

export interface LayerDiagnosis {
  /** Index into metrics.layers (the last is the output layer). */
  layer: number;
  verdict: GradientVerdict;
  gradNorm: number;
  /** The output layer's gradient norm over this layer's (for 'vanishing'). */
  ratio?: number;
}

/** Each layer's gradient in a word; layers without a finite gradient norm are left out. */
export function diagnoseLayers(metrics: Metrics): LayerDiagnosis[] {
  const output = metrics.layers.at(-1)?.gradNorm ?? null;
  const diagnoses: LayerDiagnosis[] = [];
  metrics.layers.forEach((layer, index) => {
    const gradNorm = layer.gradNorm;
    if (gradNorm === null || !Number.isFinite(gradNorm)) return;
    if (gradNorm === 0) diagnoses.push({ layer: index, verdict: 'zero', gradNorm });
    else if (gradNorm > EXPLODING_ABOVE) diagnoses.push({ layer: index, verdict: 'exploding', gradNorm });
    else if (output !== null && output > 0 && output / gradNorm > VANISHING_RATIO) diagnoses.push({ layer: index, verdict: 'vanishing', gradNorm, ratio: output / gradNorm });
    else if (gradNorm < VANISHING_BELOW) diagnoses.push({ layer: index, verdict: 'vanishing', gradNorm });
    else diagnoses.push({ layer: index, verdict: 'healthy', gradNorm });
  });
  return diagnoses;
}

/** Reports looked back over to decide that the loss no longer improves. */
export const STALL_WINDOW = 20;
/** Improvement of the best loss within the window, relative, below which the run has stalled. */
export const STALL_IMPROVEMENT = 1e-3;
/** A hidden layer with at least this share of dead units is "mostly dead". */
export const MOSTLY_DEAD = 0.5;

const RELU_LIKE: readonly ActivationId[] = ['relu', 'relu6'];

export type StallFix =
  | { kind: 'lower-lr'; lr: number }
  | { kind: 'leaky-relu'; layers: number[] }
  | { kind: 'bias-zero' };

export interface Stall {
  /** What the metrics show: a mostly dead hidden layer, or a layer whose gradient is exactly 0. */
  symptom: 'dead' | 'zero-gradient';
  /** Index into metrics.layers. */
  layer: number;
  /** Dead units / units of that layer ('dead'). */
  deadShare?: number;
  /** The most likely cause, given the config. */
  cause: 'learning-rate' | 'bias' | 'activation';
  /** One-click changes of the config, most likely first. */
  fixes: StallFix[];
}

/** The loss of recent reports: steps and values in report order (NaN for a missing loss). */
export interface LossHistory {
  step: ArrayLike<number>;
  loss: ArrayLike<number>;
}

/** True when the best loss of the last STALL_WINDOW reports improves on the best before them by less than STALL_IMPROVEMENT. */
export function lossStalled(history: LossHistory): boolean {
  const n = history.loss.length;
  if (n < 2 * STALL_WINDOW) return false;
  let before = Infinity;
  for (let i = 0; i < n - STALL_WINDOW; i++) if (history.loss[i] < before) before = history.loss[i];
  let recent = Infinity;
  for (let i = n - STALL_WINDOW; i < n; i++) if (history.loss[i] < recent) recent = history.loss[i];
  if (!Number.isFinite(before) || !Number.isFinite(recent)) return false;
  return before - recent < STALL_IMPROVEMENT * Math.abs(before);
}

/** A learning rate that is large for its optimiser (the usual range ends about here). */
function largeLearningRate(config: ExperimentConfig): boolean {
  const optimizer = config.train?.optimizer;
  const lr = optimizer?.lr ?? 0;
  return optimizer?.kind === 'adam' || optimizer?.kind === 'rmsprop' ? lr >= 0.05 : lr >= 1;
}

/**
 * The stall the run is in, or null: the loss has not improved over the last
 * reports while a hidden layer is mostly dead or some layer's gradient is
 * exactly 0. `config` is the filled-in config (every default present).
 */
export function detectStall(history: LossHistory, metrics: Metrics, config: ExperimentConfig): Stall | null {
  if (metrics.status !== 'running' || !lossStalled(history)) return null;
  const hidden = metrics.layers.slice(0, -1);
  let symptom: Stall['symptom'] | null = null;
  let layer = -1;
  let deadShare: number | undefined;
  hidden.forEach((entry, index) => {
    const share = entry.units > 0 ? entry.deadUnits / entry.units : 0;
    if (share >= MOSTLY_DEAD && (deadShare === undefined || share > deadShare)) {
      symptom = 'dead';
      layer = index;
      deadShare = share;
    }
  });
  if (symptom === null) {
    layer = metrics.layers.findIndex((entry) => entry.gradNorm === 0);
    if (layer < 0) return null;
    symptom = 'zero-gradient';
  }

  const layers = config.model?.layers ?? [];
  const reluLayers = layers.flatMap((entry, index) => (RELU_LIKE.includes(entry.activation ?? 'relu') ? [index] : []));
  const lr = config.train?.optimizer?.lr;
  const biasInit = config.model?.biasInit ?? 0;
  const fixes: StallFix[] = [];
  let cause: Stall['cause'];
  if (largeLearningRate(config)) cause = 'learning-rate';
  else if (biasInit < 0) cause = 'bias';
  else cause = 'activation';
  const lowerLr: StallFix | null = lr !== undefined ? { kind: 'lower-lr', lr: Number((lr / 10).toPrecision(6)) } : null;
  const leaky: StallFix | null = reluLayers.length > 0 ? { kind: 'leaky-relu', layers: reluLayers } : null;
  const bias: StallFix | null = biasInit < 0 ? { kind: 'bias-zero' } : null;
  const ordered = cause === 'learning-rate' ? [lowerLr, leaky, bias] : cause === 'bias' ? [bias, leaky, lowerLr] : [leaky, lowerLr, bias];
  for (const fix of ordered) if (fix) fixes.push(fix);
  return { symptom, layer, ...(deadShare !== undefined ? { deadShare } : {}), cause, fixes };
}

/** The config with a fix applied (a copy). */
export function applyFix(config: ExperimentConfig, fix: StallFix): ExperimentConfig {
  const next = structuredClone(config);
  switch (fix.kind) {
    case 'lower-lr':
      next.train ??= {};
      next.train.optimizer = { ...next.train.optimizer, lr: fix.lr };
      break;
    case 'leaky-relu':
      next.model ??= {};
      next.model.layers = (next.model.layers ?? []).map((layer, index) => (fix.layers.includes(index) ? { units: layer.units, activation: 'leaky_relu' } : layer));
      break;
    case 'bias-zero':
      next.model = { ...next.model, biasInit: 0 };
      break;
  }
  return next;
}
