// worker.ts — the worker half of Lab.run (run.ts is the main-thread half). It
// instantiates the Lab's compiled wasm module (no download, no compilation),
// creates the experiment and trains it, giving the event loop a turn between
// slices of a few ms so pause, step and stop take effect at once.
//
// Two paces (run-protocol.ts): 'free' trains as fast as it can and reports
// every `every` steps; 'ack' trains `stepsPerReport` steps, reports, and
// waits for the main thread's acknowledgement, so a page draws every report
// and never builds a backlog. Reports may carry the decision grid, at most a
// few times a second while playing (a grid costs w·h forward passes).
//
// Runs as a module Web Worker in browsers and as a worker_threads worker in
// Node; the only difference is how messages come and go (`connect`).
//
// Both Emscripten modules are imported statically, not through loader.ts's
// import(): a worker bundle without dynamic imports needs no code splitting, so
// Vite bundles it with its default settings (worker.format 'iife') as well as
// with 'es'.
import createScalarModule from '../../../build/wasm/actlab-scalar.mjs';
import createSimdModule from '../../../build/wasm/actlab-simd.mjs';
import { csvDataOf, readBlobText } from './csv';
import { classMeansOf, createExperimentHandle, decisionGridOf, experimentDataOf, sampleInputsOf, unitGridsOf, unitHistogramOf } from './experiment';
import { instantiateBuild } from './loader';
import { Lifetime } from './memory';
import { WasmModel } from './model';
import { unwrap, type RawActlabModule, type RawExperimentHandle } from './raw-module';
import type { GridRequest, SerializedError, StartSettings, WorkerMessage, WorkerRequest } from './run-protocol';
import type { ExperimentConfig, ExperimentData, Histogram, LayerParameters, Metrics, RunSnapshot } from './types';

/** The slice length the step count adapts to: long enough to amortise the yield, short enough to stay responsive. */
const SLICE_TARGET_MS = 8;
const MAX_SLICE_STEPS = 1 << 16;
/** While playing, a report carries a decision grid at most this often. */
const GRID_INTERVAL_MS = 150;
const SAMPLE_ROWS = 5;

interface Port {
  post(message: WorkerMessage, transfer?: Transferable[]): void;
  listen(handler: (request: WorkerRequest) => void): void;
  close(): void;
}

// Hidden from bundlers: a browser build of this file never resolves it.
const nodeWorkerThreads = 'node:worker_threads';

async function connect(): Promise<Port> {
  const scope = globalThis as unknown as { WorkerGlobalScope?: unknown; postMessage?: unknown };
  if (scope.WorkerGlobalScope !== undefined) {
    // The parts of DedicatedWorkerGlobalScope used here (the WebWorker lib clashes with DOM's).
    const self = globalThis as unknown as {
      postMessage(message: unknown, transfer: Transferable[]): void;
      onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
      close(): void;
    };
    return {
      post: (message, transfer = []) => self.postMessage(message, transfer),
      listen: (handler) => {
        self.onmessage = (event: MessageEvent<WorkerRequest>) => handler(event.data);
      },
      close: () => self.close(),
    };
  }
  const { parentPort } = (await import(/* @vite-ignore */ nodeWorkerThreads)) as typeof import('node:worker_threads');
  if (!parentPort) throw new Error('worker.ts runs only as a worker (started by lab.run)');
  return {
    post: (message, transfer = []) => parentPort.postMessage(message, transfer as never),
    listen: (handler) => parentPort.on('message', handler),
    close: () => parentPort.close(),
  };
}

/** Lets queued messages (pause, stop) in before the next slice, without timer clamping. */
const yieldToEventLoop: () => Promise<void> =
  typeof (globalThis as { setImmediate?: unknown }).setImmediate === 'function'
    ? () => new Promise((resolve) => setImmediate(resolve))
    : (() => {
        const channel = new MessageChannel();
        const waiting: (() => void)[] = [];
        channel.port1.onmessage = () => waiting.shift()?.();
        return () =>
          new Promise<void>((resolve) => {
            waiting.push(resolve);
            channel.port2.postMessage(null);
          });
      })();

/**
 * The experiment as the worker drives it: like WasmExperiment, but training
 * without computing metrics. Metrics cover the whole data set and can cost
 * several steps' time, so they are computed only when reported.
 */
class RunExperiment {
  readonly every: number;
  readonly steps: number;
  readonly config: ExperimentConfig;
  readonly #raw: RawActlabModule;
  readonly #handle: RawExperimentHandle;
  readonly #lifetime: Lifetime;
  readonly #model: WasmModel;
  #testInputs: Float32Array | null = null;

  /** Validates the config in C++: TypeError / RangeError naming the field, as createExperiment. */
  constructor(raw: RawActlabModule, configJson: string, customData?: { x: Float32Array; y: Float32Array }) {
    this.#raw = raw;
    const handle = createExperimentHandle(raw, configJson, customData);
    this.#handle = handle;
    const modelView = new raw.ModelHandle();
    modelView._view(handle);
    this.#lifetime = new Lifetime(this, [handle, modelView], 'the run has ended');
    this.#model = new WasmModel(raw, modelView, this.#lifetime, this);
    // Custom arrays given beside the JSON go back as they came: as JSON text
    // 100,000 × 64 values would take the C++ tens of seconds to write.
    this.config = customData
      ? withCustomArrays(JSON.parse(handle._configJsonWithoutCustomData()) as ExperimentConfig, customData)
      : (JSON.parse(handle._configJson()) as ExperimentConfig);
    this.steps = this.config.steps ?? 0;
    this.every = Math.max(1, this.config.every ?? 1);
  }

  get inputs(): number {
    return this.#handle._inputs();
  }

  /** Trains up to k steps; fewer once the run is done or diverged. Returns the steps done. */
  train(k: number): number {
    return unwrap(this.#handle._step(k));
  }

  metrics(): Metrics {
    return JSON.parse(this.#handle._metricsJson()) as Metrics;
  }

  parameters(): LayerParameters[] {
    return this.#model.getParameters();
  }

  data(): ExperimentData {
    return experimentDataOf(this.#raw, this.#handle);
  }

  /** The first rows of the training inputs (for the exports' demo). */
  sampleInputs(rows: number): Float32Array {
    return sampleInputsOf(this.#raw, this.#handle, rows);
  }

  decisionGrid(w: number, h: number): Float32Array {
    return decisionGridOf(this.#raw, this.#handle, w, h);
  }

  unitGrids(w: number, h: number): Float32Array[] {
    return unitGridsOf(this.#raw, this.#handle, this.#model, w, h);
  }

  unitHistogram(layer: number, unit: number): Histogram {
    return unitHistogramOf(this.#handle, layer, unit);
  }

  classMeans(): Float32Array[] {
    return classMeansOf(this.#raw, this.#handle, this.#model);
  }

  /** The model's outputs on the test set (its inputs copied once). */
  testPredictions(): Float32Array {
    this.#testInputs ??= this.data().xTest;
    return this.#model.predict(this.#testInputs);
  }

  dispose(): void {
    this.#lifetime.dispose();
  }
}

/** A filled config written without custom data's arrays, with the arrays given beside it put back (flat, as typed arrays). */
function withCustomArrays(config: ExperimentConfig, arrays: { x: Float32Array; y: Float32Array }): ExperimentConfig {
  return { ...config, data: { ...config.data, x: arrays.x, y: arrays.y } };
}

function errorMessage(error: unknown): WorkerMessage {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'error', error: { name, message } };
}

/** The parameters' buffers, each once (transferring a buffer twice throws). */
function transferablesOf(parameters: LayerParameters[]): Transferable[] {
  const buffers = new Set<ArrayBuffer>();
  for (const layer of parameters) {
    for (const array of [layer.weights, layer.bias, layer.alpha]) {
      if (array) buffers.add(array.buffer as ArrayBuffer);
    }
  }
  return [...buffers];
}

function histogramOrError(experiment: RunExperiment | null, layer: number, unit: number): { histogram: Histogram | null; error: SerializedError | null } {
  if (!experiment) return { histogram: null, error: { name: 'Error', message: 'the run has ended' } };
  try {
    return { histogram: experiment.unitHistogram(layer, unit), error: null };
  } catch (error) {
    return { histogram: null, error: { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) } };
  }
}

/** The grid this experiment's reports carry: w×h for 2 inputs, a curve for 1, none for more. */
function gridFor(request: GridRequest | null, inputs: number): { w: number; h: number } | null {
  if (!request || inputs > 2) return null;
  return inputs === 1 ? { w: request.curvePoints, h: 1 } : { w: request.w, h: request.h };
}

class Trainer {
  #paused: boolean;
  #stopped = false;
  #looping = false;
  #finished = false;
  #sliceSteps = 1;
  #step = 0;
  #lastReportedStep = -1;
  #stepsPerReport: number;
  #awaitingAck = false;
  #lastGridAt = -Infinity;
  #lastReportHadExtras = false;
  #refreshExtrasAfterLoop = false;
  readonly #pace: 'free' | 'ack';
  readonly #grid: { w: number; h: number } | null;
  readonly #parameters: boolean;
  readonly #unitGrids: { w: number; h: number } | null;
  readonly #classMeans: boolean;
  readonly #testPredictions: boolean;

  constructor(
    readonly experiment: RunExperiment,
    readonly port: Port,
    settings: StartSettings,
  ) {
    this.#paused = settings.paused;
    this.#pace = settings.pace;
    this.#stepsPerReport = settings.stepsPerReport;
    this.#grid = gridFor(settings.grid, experiment.inputs);
    this.#parameters = settings.parameters;
    this.#unitGrids = settings.unitGrids;
    this.#classMeans = settings.classMeans;
    this.#testPredictions = settings.testPredictions;
  }

  /** Whether reports carry anything besides the metrics (grids, weights, class means, test outputs). */
  get #hasExtras(): boolean {
    return this.#grid !== null || this.#parameters || this.#unitGrids !== null || this.#classMeans || this.#testPredictions;
  }

  /** Reports step 0 (with a grid); training starts with go(). */
  reportStart(): void {
    this.#report(true);
  }

  go(): void {
    this.#kick();
  }

  pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    // The map and weights on screen should show the model as paused, not as it was up to GRID_INTERVAL_MS ago.
    const extras = this.#hasExtras;
    if (extras && !this.#looping && !this.#lastReportHadExtras) this.#report(true, undefined, true);
    else if (extras && this.#looping) this.#refreshExtrasAfterLoop = true;
  }

  resume(): void {
    this.#paused = false;
    this.#kick();
  }

  setSpeed(stepsPerReport: number): void {
    this.#stepsPerReport = Math.max(1, Math.floor(stepsPerReport));
  }

  ack(): void {
    this.#awaitingAck = false;
    this.#kick();
  }

  /** k steps now, then a report with a grid; the run stays (or becomes) paused. */
  stepNow(k: number): void {
    if (this.#finished) return;
    this.#paused = true;
    const done = this.experiment.train(k);
    this.#step += done;
    if (done < k || this.#step >= this.experiment.steps) {
      this.#finish('end');
      return;
    }
    this.#report(true);
  }

  stop(): void {
    this.#stopped = true;
    if (!this.#looping) this.#finish('stopped');
  }

  /** A unit's histogram now, or the error naming what the model does not have. */
  unitHistogram(layer: number, unit: number): WorkerMessage {
    return { type: 'unitHistogram', id: 0, ...histogramOrError(this.#finished ? null : this.experiment, layer, unit) };
  }

  snapshot(): RunSnapshot | null {
    if (this.#finished) return null;
    try {
      return {
        step: this.#step,
        config: this.experiment.config,
        parameters: this.experiment.parameters(),
        sampleInputs: this.experiment.sampleInputs(SAMPLE_ROWS),
      };
    } catch {
      return null;
    }
  }

  #kick(): void {
    if (this.#looping || this.#paused || this.#stopped || this.#finished) return;
    if (this.#pace === 'ack' && this.#awaitingAck) return;
    this.#looping = true;
    void this.#loop();
  }

  /** Steps until the next report: to the next multiple of `every` ('free'), or what is left of the chunk ('ack'). */
  #stepsToReport(chunkStart: number): number {
    if (this.#pace === 'free') return this.experiment.every - (this.#step % this.experiment.every);
    return chunkStart + this.#stepsPerReport - this.#step;
  }

  async #loop(): Promise<void> {
    try {
      let chunkStart = this.#step;
      while (!this.#paused && !this.#stopped && !(this.#pace === 'ack' && this.#awaitingAck)) {
        const toReport = this.#stepsToReport(chunkStart);
        const k = Math.min(toReport, this.#sliceSteps);
        const started = performance.now();
        const done = this.experiment.train(k);
        this.#adaptSlice(performance.now() - started, k);
        this.#step += done;
        // Fewer steps than asked: the run reached config.steps or diverged.
        if (done < k || this.#step >= this.experiment.steps) {
          this.#looping = false;
          this.#finish('end');
          return;
        }
        if (k === toReport) {
          this.#report(false);
          chunkStart = this.#step;
        }
        await yieldToEventLoop();
      }
      this.#looping = false;
      if (this.#stopped) this.#finish('stopped');
      else if (this.#refreshExtrasAfterLoop && !this.#lastReportHadExtras) this.#report(true, undefined, true);
      this.#refreshExtrasAfterLoop = false;
    } catch (error) {
      this.#looping = false;
      this.#finished = true;
      this.port.post(errorMessage(error));
      this.port.close();
    }
  }

  #adaptSlice(elapsedMs: number, stepsAsked: number): void {
    if (stepsAsked < this.#sliceSteps) return; // cut short by a report boundary: says little
    if (elapsedMs < SLICE_TARGET_MS / 2) this.#sliceSteps = Math.min(MAX_SLICE_STEPS, this.#sliceSteps * 2);
    else if (elapsedMs > SLICE_TARGET_MS * 2 && this.#sliceSteps > 1) this.#sliceSteps = Math.max(1, this.#sliceSteps >> 1);
  }

  /**
   * Reports the metrics of the current step, once per step; `repeat` sends the
   * same step again, only to bring its decision grid up to date.
   */
  #report(forceGrid: boolean, metrics: Metrics = this.experiment.metrics(), repeat = false): void {
    if (metrics.step === this.#lastReportedStep && !repeat) return;
    this.#lastReportedStep = metrics.step;
    const now = performance.now();
    // Grids and parameters cost more than metrics: with every report when the caller sets the
    // pace of reports ('free', `every`), a few times a second while a paced run plays.
    const extras = forceGrid || this.#paused || this.#pace === 'free' || now - this.#lastGridAt >= GRID_INTERVAL_MS;
    const grid = this.#grid && extras ? this.experiment.decisionGrid(this.#grid.w, this.#grid.h) : null;
    const parameters = this.#parameters && extras ? this.experiment.parameters() : null;
    const unitGrids = this.#unitGrids && extras ? this.experiment.unitGrids(this.#unitGrids.w, this.#unitGrids.h) : null;
    const classMeans = this.#classMeans && extras ? this.experiment.classMeans() : null;
    const testPredictions = this.#testPredictions && extras ? this.experiment.testPredictions() : null;
    const any = grid !== null || parameters !== null || unitGrids !== null || classMeans !== null || testPredictions !== null;
    if (extras && any) this.#lastGridAt = now;
    this.#lastReportHadExtras = any;
    if (this.#pace === 'ack') this.#awaitingAck = true;
    const transfer: Transferable[] = grid ? [grid.buffer as ArrayBuffer] : [];
    if (parameters) transfer.push(...transferablesOf(parameters));
    if (unitGrids) transfer.push(...unitGrids.map((values) => values.buffer as ArrayBuffer));
    if (classMeans) transfer.push(...classMeans.map((values) => values.buffer as ArrayBuffer));
    if (testPredictions) transfer.push(testPredictions.buffer as ArrayBuffer);
    this.port.post({ type: 'metrics', metrics, grid, parameters, unitGrids, classMeans, testPredictions, playing: !this.#paused }, transfer);
  }

  /** 'end': the experiment ended by itself (its metrics say done or diverged). */
  #finish(how: 'end' | 'stopped'): void {
    if (this.#finished) return;
    this.#finished = true;
    const metrics = this.experiment.metrics();
    const reason = how === 'stopped' ? 'stopped' : metrics.status === 'diverged' ? 'diverged' : 'done';
    this.#paused = true;
    this.#report(true, metrics, this.#hasExtras && !this.#lastReportHadExtras);
    const parameters = this.experiment.parameters();
    this.port.post({ type: 'end', reason, metrics, parameters }, transferablesOf(parameters));
    this.experiment.dispose();
    this.port.close();
  }
}

async function main(): Promise<void> {
  const port = await connect();
  let trainer: Trainer | undefined;
  // Requests that arrive while the module is still loading wait here, in order.
  const early: WorkerRequest[] = [];

  const handle = (request: WorkerRequest): void => {
    if (request.type === 'start') {
      void start(request);
      return;
    }
    if (request.type === 'parseCsv') {
      void parseCsv(request);
      return;
    }
    if (request.type === 'snapshot') {
      port.post({ type: 'snapshot', id: request.id, snapshot: trainer ? trainer.snapshot() : null });
      return;
    }
    if (request.type === 'unitHistogram') {
      const answer = trainer
        ? trainer.unitHistogram(request.layer, request.unit)
        : { type: 'unitHistogram' as const, histogram: null, error: { name: 'Error', message: 'the run has not started' } };
      port.post({ ...answer, id: request.id } as WorkerMessage);
      return;
    }
    if (!trainer) {
      early.push(request);
      return;
    }
    try {
      switch (request.type) {
        case 'pause':
          trainer.pause();
          break;
        case 'resume':
          trainer.resume();
          break;
        case 'stop':
          trainer.stop();
          break;
        case 'step':
          trainer.stepNow(request.k);
          break;
        case 'speed':
          trainer.setSpeed(request.stepsPerReport);
          break;
        case 'ack':
          trainer.ack();
          break;
      }
    } catch (error) {
      port.post(errorMessage(error));
      port.close();
    }
  };
  port.listen(handle);

  /** lab.parseCsv: reads the source (a Blob with progress), parses it with the module's reader, answers, ends. */
  async function parseCsv(request: Extract<WorkerRequest, { type: 'parseCsv' }>): Promise<void> {
    try {
      const factory = request.variant === 'simd' ? createSimdModule : createScalarModule;
      // The module instantiates while the file is read.
      const module = instantiateBuild(factory, request.wasmModule);
      module.catch(() => {});
      const { source } = request;
      const text = typeof source === 'string' ? source : await readBlobText(source, (progress) => port.post({ type: 'csvProgress', progress }));
      const raw = await module;
      const total = typeof source === 'string' ? source.length : source.size;
      port.post({ type: 'csvProgress', progress: { stage: 'parsing', loaded: total, total } });
      const data = csvDataOf(raw, text, request.label);
      port.post({ type: 'csvData', data }, [data.x.buffer as ArrayBuffer, data.y.buffer as ArrayBuffer]);
    } catch (error) {
      port.post(errorMessage(error));
    }
    port.close();
  }

  async function start(request: Extract<WorkerRequest, { type: 'start' }>): Promise<void> {
    let experiment: RunExperiment;
    try {
      const factory = request.variant === 'simd' ? createSimdModule : createScalarModule;
      const raw = await instantiateBuild(factory, request.wasmModule);
      // The datasets the Lab loaded at run time (lab.loadDataset): this module's copy needs them too.
      for (const [kind, text] of Object.entries(request.datasets ?? {})) unwrap(raw._loadDataset(kind, text));
      experiment = new RunExperiment(raw, request.configJson, request.customData);
      // Unit grids the model cannot have (3+ inputs, a bad size) fail the run now, with exp.unitGrids' RangeError, like a bad config.
      const unitGrids = request.settings.unitGrids;
      if (unitGrids) experiment.unitGrids(unitGrids.w, unitGrids.h);
      // So does asking for class means of a regression.
      if (request.settings.classMeans) experiment.classMeans();
    } catch (error) {
      port.post(errorMessage(error));
      port.close();
      return;
    }
    const data = request.settings.withData ? experiment.data() : null;
    port.post({ type: 'started', config: experiment.config, data });
    trainer = new Trainer(experiment, port, request.settings);
    trainer.reportStart();
    // A stop that came early ends the run before any training; other early requests apply in order.
    if (early.some((r) => r.type === 'stop')) {
      trainer.stop();
      return;
    }
    for (const r of early.splice(0)) if (r.type !== 'ack') handle(r);
    trainer.go();
  }
}

void main();
