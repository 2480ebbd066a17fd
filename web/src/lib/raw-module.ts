// raw-module.ts — the shape of the Embind module as compiled (cpp/bindings),
// and the one place where its error objects become JavaScript exceptions.
// Everything here mirrors bindings.cpp; the friendly API is in activations.ts.

/** A parameter of an activation, as the C++ catalogue describes it. */
export interface ParamInfo {
  name: string;
  default: number;
  /** inclusive */
  min: number;
  /** inclusive */
  max: number;
  /** true for PReLU's slope: one per unit, trained */
  learnable: boolean;
}

/**
 * What the "custom" activation accepts: a formula (the grammar is in
 * docs/config.md) and up to `maxParameters` numeric parameters. A page builds
 * its formula box from `maxLength` and `defaultFormula`, and one slider per
 * name that `lab.checkFormula(formula).parameters` lists, each within
 * `parameterMin`..`parameterMax` (starting at `parameterDefault`).
 */
export interface CustomActivationInfo {
  /** "z*sigmoid(z)" */
  defaultFormula: string;
  /** characters: 256 */
  maxLength: number;
  /** nesting of parentheses and calls: 64 */
  maxDepth: number;
  /** 8 */
  maxParameters: number;
  /** -1000 */
  parameterMin: number;
  /** 1000 */
  parameterMax: number;
  /** 1 */
  parameterDefault: number;
  /** every function a formula may call, built-in activations included */
  functions: string[];
}

/** An activation function: its id (key), display name, parameters and TeX. */
export interface ActivationInfo {
  id: string;
  name: string;
  /** empty for "custom", whose parameters are its formula's own */
  params: ParamInfo[];
  /** f(z), KaTeX-ready */
  formula: string;
  /** f'(z), KaTeX-ready */
  derivative: string;
  /** output range, TeX */
  range: string;
  /**
   * Where the metrics count it saturated (cpp/include/actlab/saturation.hpp):
   * 'both' (sigmoid-like and ELU: far from zero, at a bound), 'above-zero'
   * (ReLU6, above its clip), 'none' (the ReLU family: its flat side switches a
   * unit off, which is inactivity, not saturation) or 'never' (identity).
   */
  saturation: 'none' | 'never' | 'both' | 'above-zero';
  /** only for "custom" (the last entry) */
  custom?: CustomActivationInfo;
}

/** What a binding returns instead of throwing (the wasm build has no C++ exceptions). */
export interface RawError {
  error: string;
  kind: 'type' | 'range';
}

export interface RawEvaluation {
  y: Float32Array;
  dydz: Float32Array;
  /** only when asked for (second = true) */
  d2ydz2?: Float32Array;
}

export interface RawCsvData {
  x: Float32Array;
  y: Float32Array;
  meta: string;
}

/** What every Embind class instance has. */
export interface EmbindObject {
  delete(): void;
  isDeleted(): boolean;
}

/** A wasm address (byte offset into the heap). */
export type Address = number;

/** cpp/src/api/trainer_api.hpp ModelHandle: an owned model or a view of an experiment's. */
export interface RawModelHandle extends EmbindObject {
  _create(modelJson: string, seed: number): RawError | null;
  _view(experiment: RawExperimentHandle): void;
  _inputs(): number;
  _outputs(): number;
  _layerCount(): number;
  _fanIn(layer: number): number;
  _fanOut(layer: number): number;
  _hasSlopes(layer: number): boolean;
  /** part: 0 weights, 1 bias, 2 slopes */
  _parameters(layer: number, part: number): Address;
  _gradients(layer: number, part: number): Address;
  /** arrays: 3 float addresses per layer (uint32); counts: their lengths (uint32) */
  _setParameters(layers: number, arrays: Address, counts: Address): RawError | null;
  _predict(x: Address, xCount: number, out: Address): RawError | null;
  /** → the mean loss */
  _lossAndGradients(x: Address, xCount: number, y: Address, yCount: number, loss: string): number | RawError;
}

/** cpp/src/api/trainer_api.hpp ExperimentHandle. */
export interface RawExperimentHandle extends EmbindObject {
  _create(configJson: string): RawError | null;
  /** data.x / data.y as float arrays at wasm addresses, left out of the JSON */
  _createWithData(configJson: string, x: Address, xCount: number, y: Address, yCount: number): RawError | null;
  _configJson(): string;
  /** The same without custom data's x and y (given beside the JSON). */
  _configJsonWithoutCustomData(): string;
  /** → the steps done */
  _step(k: number): number | RawError;
  _metricsJson(): string;
  /** part: 0 x, 1 y, 2 xTest, 3 yTest, 4 lo, 5 hi, 6 feature mean, 7 feature std */
  _data(part: number): Address;
  _dataSize(part: number): number;
  _nTrain(): number;
  _nTest(): number;
  _inputs(): number;
  _classes(): number;
  _targets(): number;
  /** JSON text: { columns: string[], classNames: string[] } of the experiment's data */
  _dataNames(): string;
  _decisionGrid(w: number, h: number): RawError | null;
  /** fills the grid buffer with one units×h×w block per hidden layer */
  /** → JSON text { lo, hi, counts } of one unit's pre-activations over the training set */
  _unitHistogram(layer: number, unit: number): string | RawError;
  _unitGrids(w: number, h: number): RawError | null;
  /** fills the grid buffer with the hidden units' mean output per class */
  _classMeans(): RawError | null;
  _grid(): Address;
  _gridSize(): number;
}

/** The members bound in cpp/bindings/bindings.cpp, and the runtime's own. */
export interface RawActlabModule {
  /** JSON text: ActivationInfo[] */
  _activations(): string;
  /** JSON text: ConfigSchema (types.ts) */
  _schema(): string;
  _simd(): boolean;
  _evaluate(id: unknown, z: unknown, params: unknown, second: boolean): RawEvaluation | RawError;
  /** JSON text: { parameters, latex, derivativeLatex, torch } */
  _checkFormula(formula: unknown): string | RawError;
  /**
   * CSV text as custom data; label: by 0 last column, 1 header name, 2 index.
   * meta: JSON text { inputs, classes, columns, classNames, droppedRows }.
   */
  _dataFromCsv(text: string, by: number, name: string, index: number): RawCsvData | RawError;
  /** Gives a dataset (data.kind name) its CSV text. */
  _loadDataset(kind: string, text: string): RawError | null;
  /** malloc'd bytes not yet freed (dlmalloc's mallinfo) */
  _heapBytesInUse(): number;
  ModelHandle: new () => RawModelHandle;
  ExperimentHandle: new () => RawExperimentHandle;
  _malloc(bytes: number): Address;
  _free(address: Address): void;
  /** Views of the whole heap; replaced when memory grows, so read them after every call. */
  HEAPF32: Float32Array;
  HEAPU32: Uint32Array;
  HEAP8: Int8Array;
}

/** Options Emscripten's generated factory understands (the ones we use). */
export interface EmscriptenModuleOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, scriptDirectory: string) => string;
  /** Instantiates the wasm in place of Emscripten's own fetch + compile; returns {} (the exports arrive through receiveInstance). */
  instantiateWasm?: (
    imports: WebAssembly.Imports,
    receiveInstance: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ) => Record<string, never>;
}

export type ActlabModuleFactory = (options?: EmscriptenModuleOptions) => Promise<RawActlabModule>;

function isRawError(value: unknown): value is RawError {
  return typeof value === 'object' && value !== null && typeof (value as RawError).error === 'string';
}

/** Returns the binding's result, or throws its error as TypeError / RangeError. */
export function unwrap<T>(result: T | RawError): T {
  if (isRawError(result)) {
    throw result.kind === 'range' ? new RangeError(result.error) : new TypeError(result.error);
  }
  return result;
}
