// experiment.ts — Experiment: one training run (data, model, optimiser) in
// wasm memory, driven step by step from JavaScript. Metrics come from C++ as
// JSON text (the same objects `actlab run` prints); data and decision grids
// leave as Float32Array copies. exp.model is a view of the experiment's
// model: it works until the experiment is disposed, then throws.
import { Lifetime, configParts, copyFloats, disposeSymbol, requireInteger, withWasmFloats, type CustomArrays } from './memory';
import { WasmModel } from './model';
import { unwrap, type RawActlabModule, type RawExperimentHandle } from './raw-module';
import type { Experiment, ExperimentConfig, ExperimentData, Histogram, Metrics } from './types';

const enum DataPart {
  x = 0,
  y = 1,
  xTest = 2,
  yTest = 3,
  lo = 4,
  hi = 5,
  featureMean = 6,
  featureStd = 7,
}

/**
 * Every hidden unit's output on the decision grid: one Float32Array per
 * hidden layer, units×h×w, unit-major (C++ writes the layers' blocks one
 * after another; they leave as separate copies). Shared with lab.run's worker.
 */
export function unitGridsOf(
  raw: RawActlabModule,
  handle: RawExperimentHandle,
  model: WasmModel,
  w: number,
  h: number,
): Float32Array[] {
  requireInteger(w, 'w');
  requireInteger(h, 'h');
  unwrap(handle._unitGrids(w, h));
  const parameters = model.layerShapes();
  const grids: Float32Array[] = [];
  let address = handle._grid();
  for (const { fanOut } of parameters.slice(0, -1)) {
    const count = fanOut * w * h;
    grids.push(copyFloats(raw, address, count));
    address += count * 4;
  }
  return grids;
}

/**
 * Each hidden unit's mean output per class over the training set: one
 * Float32Array per hidden layer, units×classes, unit-major (C++ writes the
 * layers' blocks one after another). Regression data: the C++ RangeError.
 * Shared with lab.run's worker.
 */
export function classMeansOf(raw: RawActlabModule, handle: RawExperimentHandle, model: WasmModel): Float32Array[] {
  unwrap(handle._classMeans());
  const classes = handle._classes();
  const means: Float32Array[] = [];
  let address = handle._grid();
  for (const { fanOut } of model.layerShapes().slice(0, -1)) {
    const count = fanOut * classes;
    means.push(copyFloats(raw, address, count));
    address += count * 4;
  }
  return means;
}

/** The experiment's data, as copies (shared by WasmExperiment and lab.run's worker). */
export function experimentDataOf(raw: RawActlabModule, handle: RawExperimentHandle): ExperimentData {
  const part = (which: DataPart) => copyFloats(raw, handle._data(which), handle._dataSize(which));
  const names = JSON.parse(handle._dataNames()) as { columns: string[]; classNames: string[] };
  return {
    x: part(DataPart.x),
    y: part(DataPart.y),
    n: handle._nTrain(),
    xTest: part(DataPart.xTest),
    yTest: part(DataPart.yTest),
    nTest: handle._nTest(),
    inputs: handle._inputs(),
    classes: handle._classes(),
    targets: handle._targets(),
    lo: part(DataPart.lo),
    hi: part(DataPart.hi),
    columns: names.columns,
    classNames: names.classNames,
    featureMean: part(DataPart.featureMean),
    featureStd: part(DataPart.featureStd),
  };
}

/** The first `rows` training inputs, row-major (for the exports' demo). */
export function sampleInputsOf(raw: RawActlabModule, handle: RawExperimentHandle, rows: number): Float32Array {
  const count = Math.min(rows * handle._inputs(), handle._dataSize(DataPart.x));
  return copyFloats(raw, handle._data(DataPart.x), count);
}

/** One unit's pre-activations over the training set as a histogram (Experiment.unitHistogram). */
export function unitHistogramOf(handle: RawExperimentHandle, layer: number, unit: number): Histogram {
  requireInteger(layer, 'layer');
  requireInteger(unit, 'unit');
  return JSON.parse(unwrap(handle._unitHistogram(layer, unit))) as Histogram;
}

/** Head outputs on a w×h grid (Experiment.decisionGrid), as a copy. */
export function decisionGridOf(raw: RawActlabModule, handle: RawExperimentHandle, w: number, h: number): Float32Array {
  requireInteger(w, 'w');
  requireInteger(h, 'h');
  unwrap(handle._decisionGrid(w, h));
  return copyFloats(raw, handle._grid(), handle._gridSize());
}

/**
 * A new ExperimentHandle for the config's JSON text (and custom data arrays
 * beside it, configParts), or the C++ error as TypeError / RangeError.
 * Shared by WasmExperiment and lab.run's worker.
 */
export function createExperimentHandle(raw: RawActlabModule, text: string, arrays?: CustomArrays): RawExperimentHandle {
  const handle = new raw.ExperimentHandle();
  const error = arrays
    ? withWasmFloats(raw, [arrays.x, arrays.y], ([x, y]) => handle._createWithData(text, x, arrays.x.length, y, arrays.y.length))
    : handle._create(text);
  if (error) {
    handle.delete();
    unwrap(error);
  }
  return handle;
}

export class WasmExperiment implements Experiment {
  readonly #raw: RawActlabModule;
  readonly #handle: RawExperimentHandle;
  readonly #lifetime: Lifetime;
  readonly #model: WasmModel;
  #config: ExperimentConfig | undefined;

  /** Use lab.createExperiment(). */
  private constructor(raw: RawActlabModule, handle: RawExperimentHandle) {
    this.#raw = raw;
    this.#handle = handle;
    const modelView = new raw.ModelHandle();
    modelView._view(handle);
    this.#lifetime = new Lifetime(this, [handle, modelView], 'Experiment has been disposed');
    this.#model = new WasmModel(raw, modelView, this.#lifetime, this);
  }

  /** Parses and validates `config` in C++, generates the data and builds the model. */
  static create(raw: RawActlabModule, config: ExperimentConfig | undefined): WasmExperiment {
    const { text, arrays } = configParts(config, 'config');
    return new WasmExperiment(raw, createExperimentHandle(raw, text, arrays));
  }

  /** The experiment's model (a view: its calls throw once the experiment is disposed). */
  get model(): WasmModel {
    return this.#model;
  }

  /** The config with every default filled in, as the C++ parser read it. */
  get config(): ExperimentConfig {
    this.#lifetime.check();
    this.#config ??= JSON.parse(this.#handle._configJson()) as ExperimentConfig;
    return structuredClone(this.#config);
  }

  get disposed(): boolean {
    return this.#lifetime.disposed;
  }

  step(k = 1): Metrics {
    this.#lifetime.check();
    requireInteger(k, 'k');
    unwrap(this.#handle._step(k));
    return this.metrics();
  }

  metrics(): Metrics {
    this.#lifetime.check();
    return JSON.parse(this.#handle._metricsJson()) as Metrics;
  }

  data(): ExperimentData {
    this.#lifetime.check();
    return experimentDataOf(this.#raw, this.#handle);
  }

  decisionGrid(w: number, h: number): Float32Array {
    this.#lifetime.check();
    return decisionGridOf(this.#raw, this.#handle, w, h);
  }

  unitHistogram(layer: number, unit: number): Histogram {
    this.#lifetime.check();
    return unitHistogramOf(this.#handle, layer, unit);
  }

  classMeans(): Float32Array[] {
    this.#lifetime.check();
    return classMeansOf(this.#raw, this.#handle, this.#model);
  }

  unitGrids(w: number, h: number): Float32Array[] {
    this.#lifetime.check();
    return unitGridsOf(this.#raw, this.#handle, this.#model, w, h);
  }

  /** Frees the experiment's wasm memory (data, model, optimiser state). Idempotent. */
  dispose(): void {
    this.#lifetime.dispose();
  }

  [disposeSymbol](): void {
    this.dispose();
  }
}
