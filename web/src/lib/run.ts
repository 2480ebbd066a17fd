// run.ts — Lab.run: one experiment trained in a Web Worker (worker_threads in
// Node), so the main thread never blocks. This file is the main-thread half:
// it starts the worker (worker.ts) with the Lab's compiled wasm module,
// forwards pause / resume / step / speed / stop, hands reports to onMetrics,
// paces the worker when asked (one report per frame), answers snapshots and
// settles `done`. Errors from the worker arrive as { name, message } and are
// rebuilt here as the same TypeError / RangeError.
//
// This is the only place in web/src that starts a Worker: the page's panels,
// the lessons and the embeds all train through lab.run. A worker script on
// the page's own origin is started directly (a page's `worker-src 'self'`
// allows it); one on another origin (the element loaded from a CDN) is
// fetched and started from a blob: URL, since browsers start worker scripts
// only from the page's origin (docs/embedding.md has the course page's CSP).
//
// Deliberately left out: training itself (worker.ts drives an Experiment) and
// any validation of the config (the C++ parser in the worker does it, and its
// error rejects `done`).
import { isNode } from './loader';
import { configParts, describe, type CustomArrays } from './memory';
import type { GridRequest, SerializedError, StartSettings, WorkerMessage, WorkerRequest } from './run-protocol';
import type { CsvData, ExperimentConfig, Histogram, LayerParameters, Metrics, ParseCsvOptions, Run, RunContext, RunOptions, RunReport, RunSnapshot, RunState } from './types';

// The worker file beside this one. runWorkerScript keeps the literal
// `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })` so
// Vite (dev, build, and apps that bundle this package) finds and bundles the
// worker; the library build rewrites './worker.ts' to './worker.js'.
const nodeWorkerFile = './worker.ts';
// Hidden from bundlers, so browser builds never try to resolve node: modules.
const nodeWorkerThreads = 'node:worker_threads';

const MAX_STEPS_PER_REPORT = 100_000;
const MAX_GRID_SIDE = 512;

/** The two kinds of worker, behind one small interface. */
interface WorkerEndpoint {
  post(request: WorkerRequest): void;
  terminate(): void;
}

type WorkerEvents = {
  onMessage: (message: WorkerMessage) => void;
  onFailure: (error: Error) => void;
};

/** Node without a Web Worker global (Deno and browsers have one). */
function useWorkerThreads(): boolean {
  return isNode() && typeof (globalThis as { Worker?: unknown }).Worker !== 'function';
}

/**
 * What `new Worker(url, options)` asked for, without starting it: bundlers
 * find lab.run's worker by the literal `new Worker(new URL('./worker.ts',
 * import.meta.url), …)` in runWorkerScript and put the bundled worker's URL
 * there; startModuleWorker then starts it.
 */
class WorkerScript {
  constructor(
    readonly url: URL,
    readonly options: WorkerOptions,
  ) {}
}

/** lab.run's worker script, at the URL the bundler gave it. */
function runWorkerScript(): WorkerScript {
  const Worker = WorkerScript;
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
}

/** Whether a worker may be started from `url` directly: the page's own origin (or a blob: / data: URL). */
function startsDirectly(url: URL): boolean {
  const pageOrigin = (globalThis as { location?: { origin?: string } }).location?.origin;
  return url.origin === pageOrigin || url.protocol === 'blob:' || url.protocol === 'data:';
}

// The blob: URL of each worker script from another origin, made once per page
// (one download, however many runs) and kept: a revoked URL cannot start more.
const blobWorkerUrls = new Map<string, Promise<string>>();

/** The blob: URL holding the text of the worker script at `url` (fetched with CORS, once). */
function blobWorkerUrl(url: URL): Promise<string> {
  let blobUrl = blobWorkerUrls.get(url.href);
  if (blobUrl === undefined) {
    blobUrl = fetch(url, { credentials: 'same-origin' }).then(async (response) => {
      if (!response.ok) throw new Error(`could not fetch the run's worker ${url.href}: HTTP ${response.status}`);
      return URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
    });
    blobWorkerUrls.set(url.href, blobUrl);
    // A failed download may be retried by the next run.
    blobUrl.catch(() => blobWorkerUrls.delete(url.href));
  }
  return blobUrl;
}

/**
 * Starts a module worker: directly when its script is on the page's origin;
 * otherwise from a blob: URL (the page's origin) holding the script's text,
 * fetched with CORS. So a page on origin A runs the element's workers from
 * origin B with `worker-src blob:` and `connect-src B`. The worker script must
 * be one file (an import inside it would resolve against the blob: URL); the
 * bundled worker of a Vite build is.
 */
async function startModuleWorker(script: WorkerScript): Promise<Worker> {
  const { url, options } = script;
  return new globalThis.Worker(startsDirectly(url) ? url : await blobWorkerUrl(url), options);
}

/**
 * In a browser, when lab.run's worker script is on another origin than the
 * page, starts downloading it now (createLab calls this), so a Lab's first run
 * does not wait for it. Elsewhere it does nothing.
 */
export function prefetchRunWorker(): void {
  if (useWorkerThreads() || typeof (globalThis as { Worker?: unknown }).Worker !== 'function') return;
  const { url } = runWorkerScript();
  if (!startsDirectly(url)) blobWorkerUrl(url).catch(() => {});
}

async function spawnWorker(events: WorkerEvents): Promise<WorkerEndpoint> {
  if (useWorkerThreads()) {
    const { Worker: NodeWorker } = (await import(/* @vite-ignore */ nodeWorkerThreads)) as typeof import('node:worker_threads');
    const worker = new NodeWorker(new URL(nodeWorkerFile, import.meta.url));
    worker.on('message', events.onMessage);
    worker.on('error', (error: Error) => events.onFailure(error));
    worker.on('exit', (code: number) => events.onFailure(new Error(`the run's worker exited (code ${code})`)));
    return {
      post: (request) => worker.postMessage(request),
      terminate: () => void worker.terminate(),
    };
  }
  const worker = await startModuleWorker(runWorkerScript());
  worker.onmessage = (event: MessageEvent<WorkerMessage>) => events.onMessage(event.data);
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    events.onFailure(new Error(`the run's worker failed: ${event.message || 'it could not be loaded'}`));
  };
  worker.onmessageerror = () => events.onFailure(new Error("the run's worker sent a message that could not be read"));
  return {
    post: (request) => worker.postMessage(request),
    terminate: () => worker.terminate(),
  };
}

/** options.every replaces config.every; anything but an object is left for the parser to reject. */
function withEvery(config: unknown, every: number | undefined): unknown {
  const isObject = typeof config === 'object' && config !== null && !Array.isArray(config);
  return every === undefined || !isObject ? config : { ...config, every };
}

/** The error the worker caught, as the same class on this side. */
export function rebuildError(serialized: SerializedError): Error {
  const ErrorClass = serialized.name === 'TypeError' ? TypeError : serialized.name === 'RangeError' ? RangeError : Error;
  return new ErrorClass(serialized.message);
}

function requireCount(value: unknown, name: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`${name} must be an integer 1..${max}, got ${describe(value)}`);
  if (value < 1 || value > max) throw new RangeError(`${name} must be 1..${max}, got ${value}`);
  return value;
}

/** Checks the options that never reach C++ (the config and `every` are checked there) and turns them into the worker's settings. */
function settingsOf(options: RunOptions): StartSettings {
  if (typeof options !== 'object' || options === null) throw new TypeError('run options must be an object');
  for (const name of ['onMetrics', 'onError', 'onStart', 'onUnitGrids'] as const) {
    const callback = options[name];
    if (callback !== undefined && typeof callback !== 'function') throw new TypeError(`options.${name} must be a function`);
  }
  if (options.every !== undefined && typeof options.every !== 'number') {
    throw new TypeError(`options.every must be a number, got ${describe(options.every)}`);
  }
  for (const name of ['paused', 'withData', 'parameters'] as const) {
    const flag = options[name];
    if (flag !== undefined && typeof flag !== 'boolean') throw new TypeError(`options.${name} must be true or false, got ${describe(flag)}`);
  }
  const pace = options.pace ?? 'free';
  if (pace !== 'free' && pace !== 'frame' && pace !== 'ack') {
    throw new TypeError(`options.pace must be 'free', 'frame' or 'ack', got ${describe(pace)}`);
  }
  const stepsPerReport = options.stepsPerReport === undefined ? 1 : requireCount(options.stepsPerReport, 'options.stepsPerReport', MAX_STEPS_PER_REPORT);
  let grid: GridRequest | null = null;
  if (options.decisionGrid !== undefined) {
    const request = options.decisionGrid;
    if (typeof request !== 'object' || request === null) throw new TypeError(`options.decisionGrid must be an object { w, h, curvePoints? }, got ${describe(request)}`);
    const w = requireCount(request.w, 'options.decisionGrid.w', MAX_GRID_SIDE);
    const h = requireCount(request.h, 'options.decisionGrid.h', MAX_GRID_SIDE);
    const curvePoints = request.curvePoints === undefined ? w : requireCount(request.curvePoints, 'options.decisionGrid.curvePoints', MAX_GRID_SIDE);
    grid = { w, h, curvePoints };
  }
  // Their ranges are checked in the worker, by the same C++ as exp.unitGrids.
  let unitGrids: { w: number; h: number } | null = null;
  if (options.unitGrids !== undefined) {
    const { w, h } = (typeof options.unitGrids === 'object' && options.unitGrids !== null ? options.unitGrids : {}) as { w?: unknown; h?: unknown };
    if (typeof w !== 'number' || typeof h !== 'number' || !Number.isInteger(w) || !Number.isInteger(h)) {
      throw new TypeError(`options.unitGrids must be { w, h } with integers w and h, got ${describe(options.unitGrids)}`);
    }
    unitGrids = { w, h };
  }
  return {
    paused: options.paused ?? false,
    pace: pace === 'free' ? 'free' : 'ack',
    stepsPerReport,
    grid,
    parameters: options.parameters ?? false,
    unitGrids,
    classMeans: flag(options.classMeans, 'options.classMeans'),
    testPredictions: flag(options.testPredictions, 'options.testPredictions'),
    withData: options.withData ?? false,
  };
}

/** An optional boolean option: absent is false; anything but a boolean is a TypeError naming it. */
function flag(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be true or false, got ${describe(value)}`);
  return value;
}

/** Waits for the next frame where there are frames (browsers), else for the next turn of the event loop. */
function nextFrame(callback: () => void): () => void {
  const frame = (globalThis as { requestAnimationFrame?: (callback: () => void) => number }).requestAnimationFrame;
  if (typeof frame === 'function') {
    const id = frame(callback);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(callback, 0);
  return () => clearTimeout(id);
}

class WorkerRun implements Run {
  readonly done: Promise<Metrics>;
  #state: RunState = 'starting';
  #parameters: LayerParameters[] | undefined;
  #endpoint: WorkerEndpoint | undefined;
  // Requests made before the worker exists; sent once it does.
  #pending: WorkerRequest[] = [];
  #resolve!: (metrics: Metrics) => void;
  #reject!: (error: Error) => void;
  readonly #options: RunOptions;
  readonly #autoAck: boolean;
  #cancelAck: (() => void) | null = null;
  #pausedWhileStarting = false;
  #nextSnapshot = 0;
  readonly #snapshots = new Map<number, { resolve(snapshot: RunSnapshot): void; reject(error: Error): void }>();
  readonly #histograms = new Map<number, { resolve(histogram: Histogram): void; reject(error: Error): void }>();

  constructor(context: RunContext, config: ExperimentConfig, options: RunOptions, settings: StartSettings) {
    this.#options = options;
    this.#autoAck = options.pace === 'frame';
    this.#pausedWhileStarting = settings.paused;
    this.done = new Promise<Metrics>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    if (options.onError) this.done.catch(() => {});

    // The config goes as JSON text, as createExperiment hands it to C++: the
    // same text, so the same validation and the same error.
    let configJson: string;
    let customData: CustomArrays | undefined;
    try {
      ({ text: configJson, arrays: customData } = configParts(withEvery(config, options.every), 'config'));
    } catch (error) {
      queueMicrotask(() => this.#fail(error as Error));
      return;
    }
    this.#pending.push({
      type: 'start', variant: context.variant, wasmModule: context.wasmModule, configJson, settings,
      datasets: context.datasets, customData,
    });

    spawnWorker({ onMessage: (message) => this.#receive(message), onFailure: (error) => this.#fail(error) }).then(
      (endpoint) => {
        if (this.#ended()) {
          endpoint.terminate();
          return;
        }
        this.#endpoint = endpoint;
        for (const request of this.#pending) endpoint.post(request);
        this.#pending = [];
      },
      (error: unknown) => this.#fail(error instanceof Error ? error : new Error(String(error))),
    );
  }

  get state(): RunState {
    return this.#state;
  }

  get parameters(): LayerParameters[] | undefined {
    return this.#parameters;
  }

  pause(): void {
    if (this.#state !== 'running' && this.#state !== 'starting') return;
    this.#send({ type: 'pause' });
    if (this.#state === 'running') this.#state = 'paused';
    else this.#pausedWhileStarting = true;
  }

  resume(): void {
    if (this.#state !== 'paused' && !(this.#state === 'starting' && this.#pausedWhileStarting)) return;
    this.#send({ type: 'resume' });
    this.#pausedWhileStarting = false;
    if (this.#state === 'paused') this.#state = 'running';
  }

  step(k = 1): void {
    requireCount(k, 'k', MAX_STEPS_PER_REPORT);
    if (this.#ended()) return;
    this.#send({ type: 'step', k });
    if (this.#state === 'running') this.#state = 'paused';
    else if (this.#state === 'starting') this.#pausedWhileStarting = true;
  }

  setSpeed(stepsPerReport: number): void {
    requireCount(stepsPerReport, 'stepsPerReport', MAX_STEPS_PER_REPORT);
    if (!this.#ended()) this.#send({ type: 'speed', stepsPerReport });
  }

  ack(): void {
    if (!this.#ended()) this.#send({ type: 'ack' });
  }

  snapshot(): Promise<RunSnapshot> {
    if (this.#ended()) return Promise.reject(new Error('the run has ended'));
    const id = ++this.#nextSnapshot;
    return new Promise((resolve, reject) => {
      this.#snapshots.set(id, { resolve, reject });
      this.#send({ type: 'snapshot', id });
    });
  }

  unitHistogram(layer: number, unit: number): Promise<Histogram> {
    if (this.#ended()) return Promise.reject(new Error('the run has ended'));
    const id = ++this.#nextSnapshot;
    return new Promise((resolve, reject) => {
      this.#histograms.set(id, { resolve, reject });
      this.#send({ type: 'unitHistogram', id, layer, unit });
    });
  }

  stop(): void {
    if (this.#ended()) return;
    // The worker answers with the final metrics, which settle `done`.
    this.#send({ type: 'stop' });
  }

  [Symbol.dispose](): void {
    this.stop();
  }

  #ended(): boolean {
    return this.#state === 'stopped' || this.#state === 'done' || this.#state === 'diverged' || this.#state === 'failed';
  }

  #send(request: WorkerRequest): void {
    if (this.#endpoint) this.#endpoint.post(request);
    else this.#pending.push(request);
  }

  #receive(message: WorkerMessage): void {
    if (this.#ended()) return;
    switch (message.type) {
      case 'started': {
        this.#state = this.#pausedWhileStarting ? 'paused' : 'running';
        this.#pausedWhileStarting = false;
        const { config, data } = message;
        this.#callSafely(() => this.#options.onStart?.(data ? { config, data } : { config }));
        break;
      }
      case 'metrics': {
        const report: RunReport = { playing: message.playing };
        if (message.grid) report.decisionGrid = message.grid;
        if (message.parameters) report.parameters = message.parameters;
        if (message.unitGrids) report.unitGrids = message.unitGrids;
        if (message.classMeans) report.classMeans = message.classMeans;
        if (message.testPredictions) report.testPredictions = message.testPredictions;
        this.#callSafely(() => this.#options.onMetrics?.(message.metrics, report));
        const grids = message.unitGrids;
        if (grids) this.#callSafely(() => this.#options.onUnitGrids?.(grids, message.metrics));
        // Pace 'frame': the next report may come once this one has had its frame.
        if (this.#autoAck && !this.#cancelAck) {
          this.#cancelAck = nextFrame(() => {
            this.#cancelAck = null;
            this.ack();
          });
        }
        break;
      }
      case 'snapshot': {
        const pending = this.#snapshots.get(message.id);
        this.#snapshots.delete(message.id);
        if (message.snapshot) pending?.resolve(message.snapshot);
        else pending?.reject(new Error('the model of this run cannot be read'));
        break;
      }
      case 'unitHistogram': {
        const pending = this.#histograms.get(message.id);
        this.#histograms.delete(message.id);
        if (message.histogram) pending?.resolve(message.histogram);
        else pending?.reject(message.error ? rebuildError(message.error) : new Error('the model of this run cannot be read'));
        break;
      }
      case 'end':
        this.#state = message.reason;
        this.#parameters = message.parameters;
        this.#close(new Error('the run has ended'));
        this.#resolve(message.metrics);
        break;
      case 'error':
        this.#fail(rebuildError(message.error));
        break;
    }
  }

  /** Ends the worker and everything waiting on it. */
  #close(reason: Error): void {
    this.#endpoint?.terminate();
    this.#cancelAck?.();
    this.#cancelAck = null;
    for (const pending of [...this.#snapshots.values(), ...this.#histograms.values()]) pending.reject(reason);
    this.#snapshots.clear();
    this.#histograms.clear();
  }

  #fail(error: Error): void {
    if (this.#ended()) return;
    this.#state = 'failed';
    this.#close(error);
    this.#callSafely(() => this.#options.onError?.(error));
    this.#reject(error);
  }

  // A throwing callback must not leave the run half-updated; report it the way
  // an uncaught error in an event handler would be.
  #callSafely(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

/**
 * Starts `config` in a worker that instantiates the Lab's compiled module
 * (`context`). Returns at once; metrics arrive through options.onMetrics, and
 * `done` resolves with the last metrics when the run ends (done, diverged or
 * stopped) or rejects with the config's TypeError / RangeError. Bad options
 * (not the config) throw here, at once.
 */
export function startRun(context: RunContext, config: ExperimentConfig, options: RunOptions = {}): Run {
  const settings = settingsOf(options);
  return new WorkerRun(context, config, options, settings);
}

/** The reason an aborted parse rejects with: the signal's own, or an AbortError. */
function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? Object.assign(new Error('the CSV parse was aborted'), { name: 'AbortError' });
}

/**
 * lab.parseCsv: `source` read and parsed by the module's CSV reader in a
 * worker of its own (the same worker script as lab.run, from the Lab's
 * compiled module), which ends when it has answered. Progress reports go to
 * options.onProgress; the data arrives with its arrays transferred. Rejects
 * with the reader's TypeError / RangeError, or the signal's reason when
 * aborted (the worker is ended at once).
 */
export function parseCsvInWorker(context: RunContext, source: string | Blob, label: string | number | undefined, options: ParseCsvOptions): Promise<CsvData> {
  const { onProgress, signal } = options;
  return new Promise<CsvData>((resolve, reject) => {
    let endpoint: WorkerEndpoint | undefined;
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      endpoint?.terminate();
      signal?.removeEventListener('abort', onAbort);
      finish();
    };
    const onAbort = () => settle(() => reject(abortReason(signal!)));
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    signal?.addEventListener('abort', onAbort);
    const onMessage = (message: WorkerMessage) => {
      if (settled) return;
      if (message.type === 'csvProgress') {
        try {
          onProgress?.(message.progress);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      } else if (message.type === 'csvData') settle(() => resolve(message.data));
      else if (message.type === 'error') settle(() => reject(rebuildError(message.error)));
    };
    spawnWorker({ onMessage, onFailure: (error) => settle(() => reject(error)) }).then(
      (started) => {
        if (settled) {
          started.terminate();
          return;
        }
        endpoint = started;
        started.post({ type: 'parseCsv', variant: context.variant, wasmModule: context.wasmModule, source, label });
      },
      (error: unknown) => settle(() => reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}
