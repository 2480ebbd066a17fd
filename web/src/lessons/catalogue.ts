// catalogue.ts — the eight course lessons as data: an id (the URL's
// `#lesson=…`), the experiments each one runs (complete ExperimentConfigs, so
// a lesson is reproducible by anyone with the CLI or the npm API) and the
// activations whose curves it draws. The numbers a lesson states are computed
// from these runs in compute.ts; its words are in i18n/lessons.*.ts.
//
// Deliberately left out: anything about the DOM (view.ts) and any number
// meant to be shown to a student (those come from the runs).
import type { ActivationId, ActivationParams, ExperimentConfig, InitKind } from '../lib/types';

export const LESSON_IDS = [
  'sigmoid-saturation',
  'vanishing-gradients',
  'dying-relu',
  'prelu-slope',
  'initialisation',
  'output-activation',
  'common-mistakes',
  'build-your-own',
] as const;
export type LessonId = (typeof LESSON_IDS)[number];

export function isLessonId(value: unknown): value is LessonId {
  return typeof value === 'string' && (LESSON_IDS as readonly string[]).includes(value);
}

export interface Lesson {
  id: LessonId;
  /** Named experiments (name → config); trained for config.steps steps each. */
  runs: Readonly<Record<string, ExperimentConfig>>;
  /** Activations whose f and f' the lesson draws, if any. */
  curves: readonly ActivationId[];
  /** The run whose network the lesson shows unit by unit (default: the first run). */
  network?: string;
}

/** A moons experiment with `depth` hidden layers of `units` units (the C++ lesson tests use the same shape). */
function moons(
  activation: ActivationId,
  depth: number,
  options: { units?: number; init?: InitKind; biasInit?: number; lr?: number; optimizer?: 'sgd' | 'adam'; steps: number; every?: number; params?: ActivationParams },
): ExperimentConfig {
  const params = options.params ? { params: options.params } : {};
  return {
    seed: 1,
    data: { kind: 'moons', n: 400, noise: 0.1, testFraction: 0.2 },
    model: {
      layers: Array.from({ length: depth }, () => ({ units: options.units ?? 16, activation, ...params })),
      init: options.init ?? 'he_normal',
      biasInit: options.biasInit ?? 0,
    },
    train: { optimizer: { kind: options.optimizer ?? 'sgd', lr: options.lr ?? 0.1 } },
    steps: options.steps,
    every: options.every ?? Math.max(1, Math.min(10, options.steps)),
  };
}

/**
 * Handwritten digits (64 pixels, 10 classes), standardized, in two hidden
 * layers of 32 units (narrow enough for the network view to draw every unit):
 * the dying-ReLU lesson's real-data runs. Adam with a large learning rate
 * (0.05) kills ReLU units here without any bias trick (measured on seeds 1–5:
 * 16–22% dead, Leaky ReLU 0).
 */
function digits(activation: ActivationId): ExperimentConfig {
  return {
    seed: 1,
    data: { kind: 'digits', standardize: true },
    model: { layers: [{ units: 32, activation }, { units: 32, activation }], output: { units: 10 } },
    train: { optimizer: { kind: 'adam', lr: 0.05 }, batchSize: 32 },
    steps: 1000,
    // As often as the moons runs, so the lesson's charts share their steps.
    every: 10,
  };
}

/** The names of the build-your-own runs: the formulas themselves. */
export const BUILD_YOUR_OWN = { swish: 'z*sigmoid(z)', snippet: 'max(1, z)' } as const;

export const LESSONS: Readonly<Record<LessonId, Lesson>> = {
  'sigmoid-saturation': { id: 'sigmoid-saturation', runs: {}, curves: ['sigmoid', 'tanh'] },

  // One step: the metrics then report the gradient at initialisation.
  'vanishing-gradients': {
    id: 'vanishing-gradients',
    runs: {
      sigmoid: moons('sigmoid', 10, { init: 'xavier_uniform', steps: 1 }),
      tanh: moons('tanh', 10, { init: 'xavier_uniform', steps: 1 }),
      relu: moons('relu', 10, { init: 'he_normal', steps: 1 }),
    },
    curves: [],
  },

  // Biases starting at −1 leave many ReLU units below zero on every example; the others keep a gradient there.
  'dying-relu': {
    id: 'dying-relu',
    runs: {
      relu: moons('relu', 3, { biasInit: -1, optimizer: 'adam', lr: 0.01, steps: 1000 }),
      leaky_relu: moons('leaky_relu', 3, { biasInit: -1, optimizer: 'adam', lr: 0.01, steps: 1000 }),
      prelu: moons('prelu', 3, { biasInit: -1, optimizer: 'adam', lr: 0.01, steps: 1000 }),
      elu: moons('elu', 3, { biasInit: -1, optimizer: 'adam', lr: 0.01, steps: 1000 }),
      // The same on real data (digits loads on demand: runner.ts loadLessonData).
      'relu/digits': digits('relu'),
      'leaky_relu/digits': digits('leaky_relu'),
    },
    curves: ['relu', 'leaky_relu', 'elu'],
    network: 'relu',
  },

  'prelu-slope': {
    id: 'prelu-slope',
    runs: { prelu: moons('prelu', 2, { optimizer: 'adam', lr: 0.01, steps: 500 }) },
    curves: ['prelu'],
  },

  'initialisation': {
    id: 'initialisation',
    runs: {
      'sigmoid/zeros': moons('sigmoid', 2, { init: 'zeros', lr: 0.5, steps: 400 }),
      'sigmoid/uniform': moons('sigmoid', 2, { init: 'uniform', lr: 0.5, steps: 400 }),
      'sigmoid/xavier_normal': moons('sigmoid', 2, { init: 'xavier_normal', lr: 0.5, steps: 400 }),
      'sigmoid/he_normal': moons('sigmoid', 2, { init: 'he_normal', lr: 0.5, steps: 400 }),
      'relu/zeros': moons('relu', 2, { init: 'zeros', lr: 0.1, steps: 400 }),
      'relu/uniform': moons('relu', 2, { init: 'uniform', lr: 0.1, steps: 400 }),
      'relu/xavier_normal': moons('relu', 2, { init: 'xavier_normal', lr: 0.1, steps: 400 }),
      'relu/he_normal': moons('relu', 2, { init: 'he_normal', lr: 0.1, steps: 400 }),
    },
    curves: [],
    network: 'sigmoid/zeros',
  },

  // The three heads on their own kinds of data; sigmoid + MSE vs BCE is worked out on one unit in compute.ts.
  'output-activation': {
    id: 'output-activation',
    runs: {
      'sigmoid+bce': { seed: 1, data: { kind: 'moons', n: 400 }, model: { layers: [{ units: 16, activation: 'relu' }], output: { activation: 'sigmoid' } }, train: { loss: 'bce', optimizer: { kind: 'adam', lr: 0.01 } }, steps: 500, every: 10 },
      'softmax+softmax_ce': { seed: 1, data: { kind: 'blobs', n: 400, classes: 4 }, model: { layers: [{ units: 16, activation: 'relu' }], output: { activation: 'softmax' } }, train: { loss: 'softmax_ce', optimizer: { kind: 'adam', lr: 0.01 } }, steps: 500, every: 10 },
      'identity+mse': { seed: 1, data: { kind: 'sin', n: 400, noise: 0.05 }, model: { layers: [{ units: 16, activation: 'tanh' }], output: { activation: 'identity' } }, train: { loss: 'mse', optimizer: { kind: 'adam', lr: 0.01 } }, steps: 500, every: 10 },
    },
    curves: ['sigmoid'],
  },

  // Saturated, not dead: a wide normal init pushes sigmoid units to |z| ≫ 4.6, and ReLU units below zero.
  'common-mistakes': {
    id: 'common-mistakes',
    runs: {
      sigmoid: { seed: 1, data: { kind: 'moons', n: 400 }, model: { layers: [{ units: 16, activation: 'sigmoid' }, { units: 16, activation: 'sigmoid' }], init: 'normal', initStd: 4, biasInit: -4 }, train: { optimizer: { kind: 'sgd', lr: 0.1 } }, steps: 200, every: 10 },
      relu: { seed: 1, data: { kind: 'moons', n: 400 }, model: { layers: [{ units: 16, activation: 'relu' }, { units: 16, activation: 'relu' }], init: 'normal', initStd: 4, biasInit: -4 }, train: { optimizer: { kind: 'sgd', lr: 0.1 } }, steps: 200, every: 10 },
    },
    curves: ['relu'],
    network: 'relu',
  },

  // Two typed formulas beside ReLU, same data and seed: Swish written by hand, and the snippet's "derivative" max(1, z) used as an activation.
  'build-your-own': {
    id: 'build-your-own',
    runs: {
      [BUILD_YOUR_OWN.swish]: moons('custom', 2, { optimizer: 'adam', lr: 0.01, steps: 500, params: { formula: 'z*sigmoid(b*z)', b: 1 } }),
      [BUILD_YOUR_OWN.snippet]: moons('custom', 2, { optimizer: 'adam', lr: 0.01, steps: 500, params: { formula: 'max(1, z)' } }),
      relu: moons('relu', 2, { optimizer: 'adam', lr: 0.01, steps: 500 }),
    },
    curves: ['relu'],
    network: BUILD_YOUR_OWN.snippet,
  },
};

/** The name of the run whose network a lesson shows, or null for a lesson without runs. */
export function networkRun(id: LessonId): string | null {
  const lesson = LESSONS[id];
  const names = Object.keys(lesson.runs);
  if (names.length === 0) return null;
  return lesson.network !== undefined && names.includes(lesson.network) ? lesson.network : names[0];
}

