// lab.ts — createLab() and the Lab it resolves to: the entry point of the npm
// module. A Lab is one loaded wasm module (SIMD where the runtime supports it,
// scalar otherwise or with `simd: false`) and the factory of everything else:
// activations, models, experiments and worker runs. lab.dispose() frees what
// it made and lets the module itself be collected.
import { csvDataOf, csvLabelOf } from './csv';
import { dataToCsv, datasetFileUrl, readDatasetText } from './datasets';
import { loadModule, type BuildVariant } from './loader';
import { describe, disposeSymbol } from './memory';
import { WasmExperiment } from './experiment';
import { WasmModel } from './model';
import { unwrap, type RawActlabModule } from './raw-module';
import { pytorchScript } from './pytorch';
import { parseCsvInWorker, prefetchRunWorker, startRun } from './run';
import type {
  ActivationInfo,
  ConfigSchema,
  ActivationParams,
  CreateLabOptions,
  CsvData,
  DataConfig,
  DataFromCsvOptions,
  DatasetKind,
  ExperimentData,
  EvaluateOptions,
  Evaluation,
  ExperimentConfig,
  FormulaInfo,
  Lab,
  LayerParameters,
  ModelConfig,
  ParseCsvOptions,
  PyTorchOptions,
  Run,
  RunOptions,
} from './types';

const MAX_SEED = 9007199254740991;
const DISPOSED = 'Lab has been disposed';

/**
 * What a Lab made and must end when it is disposed: models, experiments and
 * runs. They are held weakly, so a forgotten object can still be collected
 * (and freed by the FinalizationRegistry); `end` says how to end one, and
 * `ended` lets collected and finished entries be dropped as the set grows.
 */
class Offspring<T extends object> {
  readonly #entries = new Set<WeakRef<T>>();
  #pruneAt = 64;

  constructor(
    private readonly end: (object: T) => void,
    private readonly ended: (object: T) => boolean,
  ) {}

  add(object: T): T {
    this.#entries.add(new WeakRef(object));
    if (this.#entries.size >= this.#pruneAt) {
      for (const entry of this.#entries) {
        const live = entry.deref();
        if (live === undefined || this.ended(live)) this.#entries.delete(entry);
      }
      this.#pruneAt = Math.max(64, 2 * this.#entries.size);
    }
    return object;
  }

  endAll(): void {
    for (const entry of this.#entries) {
      const live = entry.deref();
      if (live !== undefined) this.end(live);
    }
    this.#entries.clear();
  }
}

/** Freezes a parsed JSON value and everything in it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

class WasmLab implements Lab {
  readonly simd: boolean;
  /** The build in use. */
  readonly variant: BuildVariant;
  readonly activations: readonly ActivationInfo[];
  /** The compiled build: every run's worker instantiates it. */
  readonly wasmModule: WebAssembly.Module;
  readonly schema: ConfigSchema;
  /** null once disposed, so the module can be collected even if the Lab is kept. */
  #module: RawActlabModule | null;
  readonly #models = new Offspring<WasmModel | WasmExperiment>(
    (object) => object.dispose(),
    (object) => object.disposed,
  );
  /** CSV texts of the datasets loaded at run time, for the workers of lab.run. */
  readonly #datasetTexts = new Map<string, string>();
  readonly #runs = new Offspring<Run>(
    (run) => run.stop(),
    (run) => !['starting', 'running', 'paused'].includes(run.state),
  );

  constructor(raw: RawActlabModule, variant: BuildVariant, wasmModule: WebAssembly.Module) {
    this.#module = raw;
    this.variant = variant;
    this.wasmModule = wasmModule;
    this.simd = raw._simd();
    this.activations = deepFreeze(JSON.parse(raw._activations()) as ActivationInfo[]);
    this.schema = deepFreeze(JSON.parse(raw._schema()) as ConfigSchema);
  }

  get disposed(): boolean {
    return this.#module === null;
  }

  /** The module, or a plain Error once disposed. */
  get #raw(): RawActlabModule {
    if (this.#module === null) throw new Error(DISPOSED);
    return this.#module;
  }

  evaluate(
    id: string,
    z: Float32Array,
    params: ActivationParams | undefined,
    options: EvaluateOptions & { second: true },
  ): Evaluation & { d2ydz2: Float32Array };
  evaluate(id: string, z: Float32Array, params?: ActivationParams, options?: EvaluateOptions): Evaluation;
  evaluate(id: string, z: Float32Array, params?: ActivationParams, options: EvaluateOptions = {}): Evaluation {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`options must be an object { second? }, got ${describe(options)}`);
    }
    if (options.second !== undefined && typeof options.second !== 'boolean') {
      throw new TypeError(`options.second must be true or false, got ${describe(options.second)}`);
    }
    return unwrap(this.#raw._evaluate(id, z, params ?? {}, options.second === true));
  }

  checkFormula(formula: string): FormulaInfo {
    const { parameters, latex, derivativeLatex } = this.#describe(formula);
    return { parameters, latex, derivativeLatex };
  }

  toPyTorch(config: ExperimentConfig, parameters?: readonly LayerParameters[], options: PyTorchOptions = {}): string {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`options must be an object { step?, sampleInputs? }, got ${describe(options)}`);
    }
    // The experiment checks the config (as createExperiment does), fills in
    // every default and holds the initial weights of its seed; setParameters
    // checks the given ones against its shapes.
    const experiment = WasmExperiment.create(this.#raw, config);
    try {
      if (parameters !== undefined) experiment.model.setParameters(parameters);
      const data = experiment.data();
      return pytorchScript(experiment.config, experiment.model.getParameters(), {
        step: options.step,
        sampleInputs: options.sampleInputs ?? data.x.subarray(0, 5 * data.inputs),
        formulaToTorch: (formula) => this.#describe(formula).torch,
      });
    } finally {
      experiment.dispose();
    }
  }

  #describe(formula: string): FormulaInfo & { torch: string } {
    const text = unwrap(this.#raw._checkFormula(formula));
    return JSON.parse(text) as FormulaInfo & { torch: string };
  }

  createModel(config?: ModelConfig, options: { seed?: number } = {}): WasmModel {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`options must be an object { seed? }, got ${describe(options)}`);
    }
    const seed = options.seed ?? 1;
    if (typeof seed !== 'number' || !Number.isInteger(seed)) {
      throw new TypeError(`seed must be an integer 0..${MAX_SEED}, got ${describe(seed)}`);
    }
    return this.#models.add(WasmModel.create(this.#raw, config, seed)) as WasmModel;
  }

  createExperiment(config?: ExperimentConfig): WasmExperiment {
    return this.#models.add(WasmExperiment.create(this.#raw, config)) as WasmExperiment;
  }

  run(config: ExperimentConfig, options?: RunOptions): Run {
    if (this.#module === null) throw new Error(DISPOSED);
    // The worker's module gets the datasets this Lab loaded; without one the
    // run fails like createExperiment would.
    const datasets = Object.fromEntries(this.#datasetTexts);
    return this.#runs.add(startRun({ variant: this.variant, wasmModule: this.wasmModule, datasets }, config, options));
  }

  dataFromCsv(text: string, options: DataFromCsvOptions = {}): CsvData {
    const raw = this.#raw;
    if (typeof text !== 'string') throw new TypeError(`text must be a string of CSV, got ${describe(text)}`);
    return csvDataOf(raw, text, csvLabelOf(options));
  }

  parseCsv(source: string | Blob, options: ParseCsvOptions = {}): Promise<CsvData> {
    if (this.#module === null) throw new Error(DISPOSED);
    if (typeof source !== 'string' && !(typeof Blob === 'function' && source instanceof Blob)) {
      throw new TypeError(`source must be a string of CSV or a Blob (a File), got ${describe(source)}`);
    }
    const label = csvLabelOf(options);
    if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new TypeError('options.onProgress must be a function');
    if (options.signal !== undefined && !(typeof AbortSignal === 'function' && options.signal instanceof AbortSignal)) {
      throw new TypeError(`options.signal must be an AbortSignal, got ${describe(options.signal)}`);
    }
    return parseCsvInWorker({ variant: this.variant, wasmModule: this.wasmModule }, source, label, options);
  }

  toCsv(data: DataConfig | ExperimentData): string {
    if (typeof data !== 'object' || data === null) throw new TypeError(`data must be an object, got ${describe(data)}`);
    return dataToCsv(data);
  }

  async loadDataset(kind: DatasetKind, options: { url?: string | URL } = {}): Promise<void> {
    const raw = this.#raw;
    const info = this.schema.dataKinds.find((entry) => entry.name === kind && entry.source === 'dataset');
    if (!info) {
      const names = this.schema.dataKinds.filter((entry) => entry.source === 'dataset').map((entry) => entry.name);
      throw new TypeError(`kind must be one of ${names.join(', ')}, got ${describe(kind)}`);
    }
    if (typeof options !== 'object' || options === null) throw new TypeError(`options must be an object { url? }, got ${describe(options)}`);
    if (options.url !== undefined && typeof options.url !== 'string' && !(options.url instanceof URL)) {
      throw new TypeError(`options.url must be a string or a URL, got ${describe(options.url)}`);
    }
    if ((info.embedded && options.url === undefined) || (this.#datasetTexts.has(kind) && options.url === undefined)) return;
    const url = options.url ?? datasetFileUrl(kind);
    if (url === undefined) throw new Error(`${kind} has no file to load`);
    const text = await readDatasetText(url);
    if (this.#module === null) throw new Error(DISPOSED);
    unwrap(raw._loadDataset(kind, text));
    this.#datasetTexts.set(kind, text);
  }

  heapBytesInUse(): number {
    return this.#raw._heapBytesInUse();
  }

  dispose(): void {
    if (this.#module === null) return;
    this.#models.endAll();
    this.#runs.endAll();
    this.#module = null;
  }

  [disposeSymbol](): void {
    this.dispose();
  }
}

/**
 * Loads the wasm module and resolves to a Lab. In browsers, bundlers and Web
 * Workers the .wasm is fetched from beside the module (or `wasmUrl`); in Node
 * its bytes are read from the file (or `wasmUrl`, a file URL, path or http URL).
 * Either way it is compiled once; `wasmModule` skips both (a module compiled
 * before, e.g. another Lab's). Runs started by the Lab reuse its module.
 */
export async function createLab(options: CreateLabOptions = {}): Promise<Lab> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object { simd?, wasmUrl?, wasmModule? }, got ${describe(options)}`);
  }
  const { simd, wasmUrl, wasmModule } = options;
  if (simd !== undefined && typeof simd !== 'boolean') {
    throw new TypeError(`options.simd must be true or false, got ${describe(simd)}`);
  }
  if (wasmUrl !== undefined && typeof wasmUrl !== 'string' && !(wasmUrl instanceof URL)) {
    throw new TypeError(`options.wasmUrl must be a string or a URL, got ${describe(wasmUrl)}`);
  }
  if (wasmModule !== undefined && !(wasmModule instanceof WebAssembly.Module)) {
    throw new TypeError(`options.wasmModule must be a WebAssembly.Module, got ${describe(wasmModule)}`);
  }
  const variant: BuildVariant | undefined = simd === undefined ? undefined : simd ? 'simd' : 'scalar';
  const loaded = await loadModule({ variant, wasmUrl, wasmModule });
  prefetchRunWorker();
  return new WasmLab(loaded.raw, loaded.variant, loaded.wasmModule);
}
