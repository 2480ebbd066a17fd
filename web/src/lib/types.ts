// types.ts — the public types of the npm module `activation-lab`: the
// experiment config (docs/config.md), the metrics an experiment reports
// (cpp/include/actlab/metrics.hpp), and the Lab, Model, Experiment and Run
// objects. Only declarations live here; lab.ts, model.ts and experiment.ts
// implement them, run.ts implements Lab.run.
//
// Deliberately left out: validation. The config is handed to the C++ parser as
// JSON text, which checks every field once, for every caller (CLI, API, page).
import type { ActivationInfo } from './raw-module';

export type { ActivationInfo, CustomActivationInfo, ParamInfo } from './raw-module';

// ------------------------------------------------------------ config ---

/** The keys of cpp/include/actlab/activation_list.def, in list order. */
export type BuiltinActivationId =
  | 'identity' | 'sigmoid' | 'tanh' | 'relu' | 'relu6' | 'leaky_relu' | 'prelu' | 'elu' | 'selu'
  | 'gelu' | 'gelu_tanh' | 'silu' | 'mish' | 'softplus' | 'hardsigmoid' | 'hardswish' | 'softsign';

/** A built-in activation, or 'custom': a formula (FormulaParams). */
export type ActivationId = BuiltinActivationId | 'custom';

export type DataKind = 'moons' | 'circles' | 'xor' | 'spiral' | 'blobs' | 'sin' | 'abs' | 'step' | 'custom';
export type HeadKind = 'sigmoid' | 'softmax' | 'identity';
export type InitKind =
  | 'zeros' | 'uniform' | 'normal' | 'xavier_uniform' | 'xavier_normal' | 'he_uniform' | 'he_normal' | 'lecun_normal';
export type LossKind = 'bce' | 'softmax_ce' | 'mse';
export type OptimizerKind = 'sgd' | 'momentum' | 'rmsprop' | 'adam';

/** Activation parameters by their PyTorch names, e.g. `{ negative_slope: 0.1 }`. */
export type ParamValues = Readonly<Record<string, number>>;

/**
 * The params of a 'custom' activation: the formula (docs/config.md has the
 * grammar) and a value in -1000..1000 for each of its parameters, e.g.
 * `{ formula: 'max(a*z, z)', a: 0.1 }`.
 */
export type FormulaParams = Readonly<{ formula: string } & Record<string, number | string>>;

/** What evaluate() and a layer's `params` take. */
export type ActivationParams = ParamValues | FormulaParams;

/** `data` of the experiment config. Every field is optional (docs/config.md has defaults and ranges). */
export interface DataConfig {
  kind?: DataKind;
  /** examples in total, before the test split: 1..100000 */
  n?: number;
  /** 0..10 */
  noise?: number;
  /** 0..0.9 */
  testFraction?: number;
  /** spiral arms / blobs clusters (2..10); custom: 0 (regression) or 2..10 */
  classes?: number;
  /** custom only: rows (`[[x0, x1], ...]`) or flat row-major numbers (then `inputs` is required) */
  x?: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  /** custom only: one class index or target per example */
  y?: ArrayLike<number>;
  /** custom only: features per example, 1..64 */
  inputs?: number;
}

/** One hidden layer. */
export interface LayerConfig {
  /** 1..1024 */
  units?: number;
  activation?: ActivationId;
  /** the activation's parameters; for 'custom', FormulaParams */
  params?: ActivationParams;
}

export interface OutputConfig {
  units?: number;
  activation?: HeadKind;
}

/** `model` of the experiment config; also what `lab.createModel` takes. */
export interface ModelConfig {
  /** 1..64 */
  inputs?: number;
  /** hidden layers, 0..32 */
  layers?: readonly LayerConfig[];
  output?: OutputConfig;
  init?: InitKind;
  /** σ of init "normal", 0..100 */
  initStd?: number;
  /** -100..100 */
  biasInit?: number;
}

export interface OptimizerConfig {
  kind?: OptimizerKind;
  /** (0, 1000000] */
  lr?: number;
  momentum?: number;
  nesterov?: boolean;
  rho?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface TrainConfig {
  /** must be the head's: bce (sigmoid), softmax_ce (softmax), mse (identity) */
  loss?: LossKind;
  optimizer?: OptimizerConfig;
  batchSize?: number;
  weightDecay?: number;
  clipNorm?: number;
}

/** The experiment schema of docs/config.md. `{}` is a complete config. */
export interface ExperimentConfig {
  /** 0..2^53-1: data, init and minibatches all derive from it */
  seed?: number;
  data?: DataConfig;
  model?: ModelConfig;
  train?: TrainConfig;
  /** 0..1000000 */
  steps?: number;
  /** metrics every k steps */
  every?: number;
}

// ----------------------------------------------------------- metrics ---
// Field names are those of metrics_to_json (cpp/src/metrics.cpp). Non-finite
// numbers arrive as null.

export type RunStatus = 'running' | 'done' | 'diverged';

export interface Histogram {
  /** left edge of bin 0 */
  lo: number | null;
  /** right edge of the last bin */
  hi: number | null;
  /** 32 bins over [lo, hi] of the pre-activations of every unit and training example */
  counts: number[];
}

export interface LayerMetrics {
  units: number;
  /** ‖∂loss/∂W‖₂ of the last step's minibatch */
  gradNorm: number | null;
  weightNorm: number | null;
  /** ‖ΔW‖₂ / ‖W‖₂ of the last step */
  updateRatio: number | null;
  /** f'(z) == 0 for every training example */
  deadUnits: number;
  /** z ≤ 0 for every training example */
  inactiveUnits: number;
  /** (unit, example) pairs with |f'(z)| < 1% of the activation's largest |f'| */
  saturatedFraction: number | null;
  preactMean: number | null;
  preactStd: number | null;
  histogram: Histogram;
  /** PReLU layers only: the learned slopes */
  prelu?: { mean: number | null; min: number | null; max: number | null };
}

export interface Metrics {
  /** training steps done */
  step: number;
  /** mean loss over the whole training set */
  loss: number | null;
  /** null when the test set is empty */
  testLoss: number | null;
  /** classification only, 0..1 */
  accuracy?: number | null;
  /** classification only; null when the test set is empty */
  testAccuracy?: number | null;
  status: RunStatus;
  /** diverged runs only: the step whose loss or parameters became non-finite */
  divergedAt?: number;
  /** hidden layers in order, then the output layer */
  layers: LayerMetrics[];
}

// ----------------------------------------------------------- objects ---

/** Something that owns wasm memory: free it with dispose() (or `using`). */
export interface WasmObject {
  /** Frees the wasm memory. Idempotent; any other call afterwards throws. */
  dispose(): void;
  [Symbol.dispose](): void;
  /** True once disposed (for exp.model: once its experiment is), directly or by lab.dispose(). */
  readonly disposed: boolean;
}

/** One dense layer's parameters (or gradients). Arrays are copies. */
export interface LayerParameters {
  /** fanIn×fanOut, row-major */
  weights: Float32Array;
  /** fanOut */
  bias: Float32Array;
  /** PReLU layers only: one slope per unit (fanOut) */
  alpha?: Float32Array;
}

export interface LossAndGradients {
  /** mean loss over the rows */
  loss: number;
  /** same shape as getParameters() */
  gradients: LayerParameters[];
}

export interface Model extends WasmObject {
  readonly inputs: number;
  readonly outputs: number;
  /** One entry per dense layer: hidden layers in order, then the output layer. */
  getParameters(): LayerParameters[];
  /** Same shape as getParameters(); a wrong length is a RangeError naming the layer. */
  setParameters(parameters: readonly LayerParameters[]): void;
  /** x: n×inputs row-major → n×outputs (probabilities for sigmoid/softmax heads). */
  predict(x: Float32Array): Float32Array;
  /** y: class index per row for softmax_ce, n×outputs targets for bce and mse. */
  lossAndGradients(x: Float32Array, y: Float32Array, loss: LossKind): LossAndGradients;
}

/** The experiment's data, as copies. x rows are row-major with `inputs` columns. */
export interface ExperimentData {
  x: Float32Array;
  /** class index (as a float) or regression target per row */
  y: Float32Array;
  n: number;
  xTest: Float32Array;
  yTest: Float32Array;
  nTest: number;
  inputs: number;
  /** 0 for regression */
  classes: number;
  /** bounding box of all x, per input (the decision grid spans it) */
  lo: Float32Array;
  hi: Float32Array;
}

export interface Experiment extends WasmObject {
  /** The experiment's model: a view, invalid once the experiment is disposed. */
  readonly model: Model;
  /** The parsed config with every default filled in (to_json in C++). */
  readonly config: ExperimentConfig;
  /** Trains k more steps (stops early at config.steps or on divergence); returns the latest metrics. */
  step(k?: number): Metrics;
  /** Metrics of the current state, without training. */
  metrics(): Metrics;
  data(): ExperimentData;
  /** Head outputs on a w×h grid over the data's bounding box (row 0 on top): h·w·outputs floats. */
  decisionGrid(w: number, h: number): Float32Array;
}

export interface RunOptions {
  /** Called on the main thread with each metrics record: at step 0, every `every` steps and at the end. */
  onMetrics?: (metrics: Metrics) => void;
  /** Report every k steps (default: config.every); checked with the config ("every must be 1..N"). */
  every?: number;
  /**
   * Called with the error when the run fails: the config's TypeError /
   * RangeError (the same as createExperiment throws), or an Error when the
   * worker could not load. `done` rejects either way; with onError given, a
   * rejection nobody awaits is not reported as unhandled.
   */
  onError?: (error: Error) => void;
}

/** What a run is doing; 'done' and 'diverged' are the experiment's own ends. */
export type RunState = 'starting' | 'running' | 'paused' | 'stopped' | 'done' | 'diverged' | 'failed';

/** An experiment training in a Web Worker (worker_threads in Node). */
export interface Run {
  /** Holds training after the current slice (a few ms); no metrics arrive while paused. */
  pause(): void;
  resume(): void;
  /** Ends the run; `done` then resolves with the metrics of the state reached. */
  stop(): void;
  /** Resolves with the last metrics when the run ends (done, diverged or stopped); rejects on a bad config. */
  readonly done: Promise<Metrics>;
  /** 'starting' until the worker has built the experiment. */
  readonly state: RunState;
  /** The trained model's parameters (copies), once `done` has resolved. */
  readonly parameters: LayerParameters[] | undefined;
  /** Same as stop(), for `using run = lab.run(...)`. */
  [Symbol.dispose](): void;
}

export interface EvaluateOptions {
  /** Also compute f''(z) (exact: derived symbolically, not by finite differences). */
  second?: boolean;
}

/** f, f' and, with { second: true }, f'' at every z (new arrays, copies of wasm memory). */
export interface Evaluation {
  y: Float32Array;
  dydz: Float32Array;
  /** present when options.second is true */
  d2ydz2?: Float32Array;
}

/** What lab.checkFormula tells about a valid formula. */
export interface FormulaInfo {
  /** The parameter names, in order of first use: each needs a value in params. */
  parameters: string[];
  /** f(z) as typed (x written as z, pi as π), KaTeX-ready, without "f(z) =". */
  latex: string;
  /** f'(z), derived and simplified, KaTeX-ready; "\text{(too long to show)}" when huge. */
  derivativeLatex: string;
}

/** What lab.toPyTorch writes besides the network (both optional). */
export interface PyTorchOptions {
  /** Training steps behind these weights, for the script's header. */
  step?: number;
  /** A few input rows (n×inputs, row-major) the script's demo prints predictions for; default: 5 training rows. */
  sampleInputs?: Float32Array;
}

export interface CreateLabOptions {
  /** false forces the scalar build; by default SIMD where the runtime supports it. */
  simd?: boolean;
  /** Where the .wasm of the chosen build is (a URL, or in Node also a file path). */
  wasmUrl?: string | URL;
}

/** How a worker loads the same build as the Lab that started it. */
export interface RunContext {
  variant: 'simd' | 'scalar';
  wasmUrl?: string | URL;
}

export interface Lab {
  /** True when the SIMD build was loaded. */
  readonly simd: boolean;
  /** The build in use. */
  readonly variant: 'simd' | 'scalar';
  /** The 17 built-in activations in list order, then 'custom' (its `custom` field has the formula limits). */
  readonly activations: readonly ActivationInfo[];
  /**
   * f and f' of activation `id` at every z (new arrays); with
   * `{ second: true }` also f'' (exact, for built-ins too). For 'custom',
   * params holds the formula: `evaluate('custom', z, { formula: 'z*sigmoid(b*z)', b: 1.5 })`.
   * Bad input throws TypeError / RangeError naming the field (formula
   * errors give the column: "formula: unexpected ')' at column 7").
   */
  evaluate(
    id: string,
    z: Float32Array,
    params: ActivationParams | undefined,
    options: EvaluateOptions & { second: true },
  ): Evaluation & { d2ydz2: Float32Array };
  evaluate(id: string, z: Float32Array, params?: ActivationParams, options?: EvaluateOptions): Evaluation;
  /**
   * Parses a formula and derives it: its parameter names and the LaTeX of f
   * and f'. Throws like evaluate: TypeError for syntax and names, RangeError
   * for too long (256 characters), too deep (64 levels) or too many
   * parameters (8).
   */
  checkFormula(formula: string): FormulaInfo;
  /**
   * A runnable Python script rebuilding the experiment's network in PyTorch:
   * a module-level `model` (nn.Module, eval mode) with `parameters` (as
   * getParameters() gives them) or, without them, the config's initial
   * weights (its seed); `model(torch.tensor(x, dtype=torch.float32))` with x
   * of shape (n, inputs) returns what `predict(x)` returns, shaped (n,
   * outputs). Custom formulas become torch operations. Run as __main__ it
   * prints the predictions on a few training rows; importing prints nothing.
   * The config is checked as createExperiment checks it; parameters of the
   * wrong shape throw a RangeError naming the layer.
   */
  toPyTorch(config: ExperimentConfig, parameters?: readonly LayerParameters[], options?: PyTorchOptions): string;
  createModel(config?: ModelConfig, options?: { seed?: number }): Model;
  createExperiment(config?: ExperimentConfig): Experiment;
  /** The same experiment in a worker; the main thread never blocks. */
  run(config: ExperimentConfig, options?: RunOptions): Run;
  /** Bytes of the wasm heap in use (malloc'd), for leak checks. */
  heapBytesInUse(): number;
  /** True once dispose() has been called. */
  readonly disposed: boolean;
  /**
   * Disposes every Model and Experiment this Lab created that is still alive,
   * stops its runs, and drops the module. Afterwards the Lab's methods throw
   * an Error ('Lab has been disposed'); `activations`, `simd` and `variant`
   * stay readable. Idempotent.
   */
  dispose(): void;
  /** Same as dispose(), for `using lab = await createLab()`. */
  [Symbol.dispose](): void;
}
