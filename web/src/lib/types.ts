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

export type DataKind =
  | 'moons' | 'circles' | 'xor' | 'spiral' | 'blobs' | 'sin' | 'abs' | 'step'
  | 'iris' | 'wine' | 'breast_cancer' | 'digits' | 'custom';
/** The real datasets among the data kinds (docs/datasets.md). */
export type DatasetKind = 'iris' | 'wine' | 'breast_cancer' | 'digits';
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
  /**
   * custom only: one class index or target per example, or for regression with
   * several outputs one row of targets per example (`[[t0, t1], ...]`, 1..10 each)
   */
  y?: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  /** custom only: features per example, 1..64 */
  inputs?: number;
  /**
   * z-score the features with the training part's mean and standard deviation
   * (the same transform on the test part). Default: true for the real
   * datasets, false for the generators and custom data (lab.dataFromCsv sets it).
   */
  standardize?: boolean;
  /** custom only: the features' names, one per input (shown by the page; lab.dataFromCsv fills them) */
  columns?: readonly string[];
  /** custom only: the classes' names, one per class */
  classNames?: readonly string[];
  /** custom only: rows lab.dataFromCsv dropped for an empty cell (a note that travels with the data) */
  droppedRows?: number;
}

/** What lab.dataFromCsv returns: a complete, valid `config.data`. */
export interface CsvData extends DataConfig {
  kind: 'custom';
  /** rows × inputs, row-major */
  x: Float32Array;
  /** one class index or target per row */
  y: Float32Array;
  inputs: number;
  /** 0: the label column holds regression targets */
  classes: number;
  /** the feature columns' header names (or 'column 3' without a header) */
  columns: string[];
  /** text labels, or the label values for integer labels; [] for regression */
  classNames: string[];
  standardize: true;
  /** rows with an empty feature or label cell, left out */
  droppedRows: number;
}

export interface DataFromCsvOptions {
  /** the label column: its header name, or its 0-based index; default: the last column */
  label?: string | number;
}

/**
 * How far lab.parseCsv has got. 'reading': a Blob (File) is being read,
 * `loaded` of `total` bytes so far. 'parsing': the C++ reader has the whole
 * text (`total` bytes, or characters for a string) and reports nothing more
 * until it is done.
 */
export interface CsvProgress {
  stage: 'reading' | 'parsing';
  loaded: number;
  total: number;
}

export interface ParseCsvOptions extends DataFromCsvOptions {
  /** called as the worker reads the Blob, and once when parsing starts */
  onProgress?: (progress: CsvProgress) => void;
  /** aborting ends the worker at once and rejects with the signal's reason */
  signal?: AbortSignal;
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
  /** sigmoid: 1; softmax: the classes; identity: the targets per example (1..10) */
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

// ------------------------------------------------------------ schema ---
// lab.schema: the C++ schema table (cpp/include/actlab/schema.hpp) as data,
// so a page can build its lists and limits from it instead of repeating them.

export type SchemaFieldType = 'integer' | 'number' | 'boolean' | 'string' | 'choice' | 'object' | 'list';

/** One field of the experiment config. */
export interface SchemaField {
  /** 'train.optimizer.lr'; fields of list entries: 'model.layers[].units' */
  path: string;
  type: SchemaFieldType;
  /** integer and number: the value's range; list: entries; string: length in bytes */
  min?: number;
  max?: number;
  /** the range excludes `min` (e.g. lr in (0, 1000000]) */
  minExclusive?: true;
  /** the range excludes `max` (e.g. momentum in [0, 1)) */
  maxExclusive?: true;
  /** choice: the allowed names */
  choices?: readonly string[];
  /** the default, when it does not follow from other fields */
  default?: number | string | boolean;
  /** the default in words, when it follows from other fields ('min(32, training examples)') */
  defaultWords?: string;
  /** what else the range depends on, in words ('at most the training examples') */
  rangeWords?: string;
  /** allowed only with data.kind 'custom' */
  customDataOnly?: true;
  /** what the field does */
  meaning: string;
}

/** One value of data.kind. */
export interface DataKindInfo {
  name: DataKind;
  /** 'generator': made from the seed; 'dataset': a real dataset (docs/datasets.md); 'custom': data.x and data.y */
  source: 'generator' | 'dataset' | 'custom';
  /** features per example; 0: data.inputs (custom) */
  inputs: number;
  /** 0: regression; null: data.classes decides */
  classes: number | null;
  /** datasets: their examples */
  rows?: number;
  /** datasets: compiled into this build; false: `await lab.loadDataset(name)` first */
  embedded?: boolean;
}

export interface ConfigSchema {
  version: 1;
  /** every field, in the order of to_json (objects before their fields) */
  fields: readonly SchemaField[];
  dataKinds: readonly DataKindInfo[];
  /** caps that protect memory and the tab (docs/config.md, "Caps") */
  limits: {
    maxUnits: number;
    maxLayers: number;
    maxSamples: number;
    maxInputs: number;
    maxClasses: number;
    maxParameters: number;
    maxBatchActivations: number;
    maxConfigBytes: number;
    maxGridSide: number;
    maxCustomMagnitude: number;
    /** the most bytes of CSV text dataFromCsv and parseCsv read (a longer text is refused) */
    maxCsvBytes: number;
  };
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
  /** ‖∂loss/∂W‖₂ of the last step's minibatch; null at step 0 (none measured yet) */
  gradNorm: number | null;
  weightNorm: number | null;
  /** ‖ΔW‖₂ / ‖W‖₂ of the last step; null at step 0 */
  updateRatio: number | null;
  /** f'(z) == 0 for every training example */
  deadUnits: number;
  /** z ≤ 0 for every training example */
  inactiveUnits: number;
  /** one entry per unit, in unit order: 1 when the unit is dead, else 0 (sums to deadUnits) */
  deadMask: number[];
  /** one entry per unit: 1 when the unit is inactive, else 0 (sums to inactiveUnits) */
  inactiveMask: number[];
  /** Per unit, the share of training examples on which it is saturated; null where saturation does not apply to the activation */
  saturatedShare?: (number | null)[];
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
  /** y: class index per row for softmax_ce, n×outputs targets for bce and mse (mse: the mean over all n×outputs). */
  lossAndGradients(x: Float32Array, y: Float32Array, loss: LossKind): LossAndGradients;
}

/** The experiment's data, as copies. x rows are row-major with `inputs` columns. */
export interface ExperimentData {
  x: Float32Array;
  /** class index (as a float) per row, or `targets` regression targets per row (row-major) */
  y: Float32Array;
  n: number;
  xTest: Float32Array;
  yTest: Float32Array;
  nTest: number;
  inputs: number;
  /** 0 for regression */
  classes: number;
  /** values of y per row: 1 for classification, 1..10 regression targets (the identity head's units) */
  targets: number;
  /** the features' names: data.columns of custom data, a dataset's header; [] for the generators */
  columns: string[];
  /** the classes' names (data.classNames, a dataset's labels); [] when there are none */
  classNames: string[];
  /**
   * data.standardize: the training part's mean and standard deviation per
   * feature, which x and xTest were z-scored with ((x − mean) / std); empty
   * arrays when the data is not standardized
   */
  featureMean: Float32Array;
  featureStd: Float32Array;
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
  /**
   * One unit's pre-activations z over the training set, as 32 bins over
   * [lo, hi]: `layer` indexes metrics.layers (hidden layers, then the output
   * layer). A layer or unit the model does not have is a RangeError naming it.
   */
  unitHistogram(layer: number, unit: number): Histogram;
  /** Head outputs on a w×h grid over the data's bounding box (row 0 on top): h·w·outputs floats. */
  decisionGrid(w: number, h: number): Float32Array;
  /**
   * Every hidden unit's output (after its activation) on the same grid as
   * decisionGrid(w, h): one Float32Array per hidden layer, units×h×w,
   * unit-major (unit u's value at row r, column c is at u·h·w + r·w + c).
   * 1 or 2 inputs only (else a RangeError); w, h 1..512 (h = 1 for 1 input).
   */
  unitGrids(w: number, h: number): Float32Array[];
  /**
   * Each hidden unit's mean output (after its activation) over the training
   * examples of each class: one Float32Array per hidden layer,
   * units×classes, unit-major (unit u, class c at u·classes + c); NaN for a
   * class without training examples. Any number of inputs; regression data
   * is a RangeError naming classes. What the network view shows per unit
   * when the inputs are too many for a map.
   */
  classMeans(): Float32Array[];
}

export interface RunOptions {
  /**
   * Called on the main thread with each metrics record: at step 0, then every
   * `every` steps (or every chunk with `pace`), after `step()`, and at the end.
   * `report` carries what else the run was asked to report.
   */
  onMetrics?: (metrics: Metrics, report: RunReport) => void;
  /** Called once the worker has built the experiment: its config with every default filled in, and its data when `withData`. */
  onStart?: (info: RunStartInfo) => void;
  /** Report every k steps (default: config.every); checked with the config ("every must be 1..N"). Ignored with `pace`. */
  every?: number;
  /**
   * Called with the error when the run fails: the config's TypeError /
   * RangeError (the same as createExperiment throws), or an Error when the
   * worker could not load. `done` rejects either way; with onError given, a
   * rejection nobody awaits is not reported as unhandled.
   */
  onError?: (error: Error) => void;
  /** Start paused: step 0 is reported, then nothing trains until resume() or step(). */
  paused?: boolean;
  /**
   * Who sets the pace. 'free' (default): the worker trains as fast as it can
   * and reports every `every` steps. 'frame': it trains `stepsPerReport`
   * steps, reports, and waits until the report has been handed to onMetrics
   * and the next animation frame has come (in Node: the next turn of the
   * event loop) — one report per drawn frame, never a backlog. 'ack': the
   * same, but it waits for run.ack().
   */
  pace?: 'free' | 'frame' | 'ack';
  /** Steps per report with pace 'frame' / 'ack': 1..100000 (default 1); change it later with setSpeed(). */
  stepsPerReport?: number;
  /**
   * Reports carry the model's decision grid (Experiment.decisionGrid): w×h
   * for 2-input data, `curvePoints` points (default w) for 1-input data, none
   * for more inputs. While playing, at most about 7 grids a second; always
   * after step() and at step 0. w, h: 1..512 (checked by the C++ grid).
   */
  decisionGrid?: { w: number; h: number; curvePoints?: number };
  /** onStart receives the experiment's data (copies). */
  withData?: boolean;
  /** Reports carry the model's parameters (copies), as often as decision grids: for live pictures of the weights. */
  parameters?: boolean;
  /**
   * Reports also carry every hidden unit's output on a w×h grid
   * (exp.unitGrids(w, h)), as often as decision grids: with every report in
   * pace 'free', a few a second while a paced run plays. They go to onMetrics
   * (`report.unitGrids`) and to onUnitGrids. Checked like exp.unitGrids: a
   * model with other than 1 or 2 inputs, or w/h outside 1..512, fails the run
   * with that RangeError.
   */
  unitGrids?: { w: number; h: number };
  /** Called with the unit grids right after onMetrics with the same record (needs `unitGrids`). */
  onUnitGrids?: (grids: Float32Array[], metrics: Metrics) => void;
  /**
   * Reports also carry exp.classMeans() (as often as decision grids), in
   * `report.classMeans`. Classification only: regression data fails the run
   * with its RangeError.
   */
  classMeans?: boolean;
  /**
   * Reports also carry the model's outputs on the test set
   * (model.predict(data.xTest): nTest×outputs, as often as decision grids),
   * in `report.testPredictions`: for a confusion matrix or a
   * predicted-against-target plot.
   */
  testPredictions?: boolean;
}

/** What a report carries besides the metrics. */
export interface RunReport {
  /** Head outputs on the requested grid (see RunOptions.decisionGrid), when this report has one. */
  decisionGrid?: Float32Array;
  /** The model's parameters at this step (see RunOptions.parameters), when this report has them. */
  parameters?: LayerParameters[];
  /** Every hidden unit's output on the requested grid (see RunOptions.unitGrids), when this report has them. */
  unitGrids?: Float32Array[];
  /** Each hidden unit's mean output per class (see RunOptions.classMeans), when this report has them. */
  classMeans?: Float32Array[];
  /** The model's outputs on the test set, nTest×outputs (see RunOptions.testPredictions), when this report has them. */
  testPredictions?: Float32Array;
  /** True while the run trains on its own (not paused). */
  playing: boolean;
}

export interface RunStartInfo {
  /** The config with every default filled in (as Experiment.config). */
  config: ExperimentConfig;
  /** With `withData`: the experiment's data. */
  data?: ExperimentData;
}

/** The live model of a run, taken between two steps (copies). */
export interface RunSnapshot {
  /** steps trained so far */
  step: number;
  /** the config with every default filled in */
  config: ExperimentConfig;
  parameters: LayerParameters[];
  /** the first five training inputs, row-major */
  sampleInputs: Float32Array;
}

/** What a run is doing; 'done' and 'diverged' are the experiment's own ends. */
export type RunState = 'starting' | 'running' | 'paused' | 'stopped' | 'done' | 'diverged' | 'failed';

/** An experiment training in a Web Worker (worker_threads in Node). */
export interface Run {
  /** Holds training after the current slice (a few ms); no metrics arrive while paused. */
  pause(): void;
  resume(): void;
  /** Trains k more steps now (default 1) and reports them, whether paused or not; the run is paused afterwards. */
  step(k?: number): void;
  /** Steps per report with pace 'frame' / 'ack' (1..100000). */
  setSpeed(stepsPerReport: number): void;
  /** With pace 'ack': the last report has been used, the worker may go on. */
  ack(): void;
  /** The live model (weights, filled config, step); rejects once the run has ended. */
  snapshot(): Promise<RunSnapshot>;
  /** Experiment.unitHistogram of the live model; rejects with its RangeError, or once the run has ended. */
  unitHistogram(layer: number, unit: number): Promise<Histogram>;
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
  /**
   * The chosen build's .wasm, already compiled (for example lab.wasmModule of
   * another Lab): nothing is fetched or compiled. It must be the build that
   * `simd` selects.
   */
  wasmModule?: WebAssembly.Module;
}

/** How a worker instantiates the same build as the Lab that started it: from its compiled module. */
export interface RunContext {
  variant: 'simd' | 'scalar';
  wasmModule: WebAssembly.Module;
  /** CSV texts of datasets the Lab loaded at run time (lab.loadDataset), by kind */
  datasets?: Record<string, string>;
}

export interface Lab {
  /** True when the SIMD build was loaded. */
  readonly simd: boolean;
  /** The build in use. */
  readonly variant: 'simd' | 'scalar';
  /** The compiled wasm of that build: every run's worker instantiates it (no second download). */
  readonly wasmModule: WebAssembly.Module;
  /** The experiment config's schema: every field's type, range, default and names (frozen). */
  readonly schema: ConfigSchema;
  /**
   * A CSV or TSV text as custom data, ready for config.data. The header is
   * detected; the label column is `options.label` (header name or 0-based
   * index; default the last column); the other numeric columns are the
   * features. TypeError / RangeError naming the line and column for bad input
   * (docs/config.md, "Data from CSV").
   */
  dataFromCsv(text: string, options?: DataFromCsvOptions): CsvData;
  /**
   * dataFromCsv off the calling thread: a worker (from this Lab's compiled
   * module, as lab.run's) reads `source` — CSV text, or a Blob / File, read
   * in slices with progress — and parses it with the same C++ reader, so a
   * page stays responsive during a 100,000-row file. Resolves with the same
   * CsvData, or rejects with the same TypeError / RangeError naming the line
   * and column. Wrong options throw at once.
   */
  parseCsv(source: string | Blob, options?: ParseCsvOptions): Promise<CsvData>;
  /** Custom data or exp.data() as CSV text, which dataFromCsv reads back to the same data. */
  toCsv(data: DataConfig | ExperimentData): string;
  /**
   * Makes a real dataset usable by createExperiment and run: breast_cancer
   * and digits are fetched (or read, in Node) from the package's data/ files,
   * or from `options.url`; iris and wine are compiled in and resolve at once.
   */
  loadDataset(kind: DatasetKind, options?: { url?: string | URL }): Promise<void>;
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
  /** The same experiment in a worker (from this Lab's compiled module); the main thread never blocks. */
  run(config: ExperimentConfig, options?: RunOptions): Run;
  /** Bytes of the wasm heap in use (malloc'd), for leak checks. */
  heapBytesInUse(): number;
  /** True once dispose() has been called. */
  readonly disposed: boolean;
  /**
   * Disposes every Model and Experiment this Lab created that is still alive,
   * stops its runs, and drops the module. Afterwards the Lab's methods throw
   * an Error ('Lab has been disposed'); `activations`, `schema`, `simd` and
   * `variant` stay readable. Idempotent.
   */
  dispose(): void;
  /** Same as dispose(), for `using lab = await createLab()`. */
  [Symbol.dispose](): void;
}
