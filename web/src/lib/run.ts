// run.ts — Lab.run: one experiment trained in a Web Worker (worker_threads in
// Node), so the main thread never blocks. This file is the main-thread half:
// it starts the worker (worker.ts), forwards pause/resume/stop, hands metrics
// to onMetrics and settles `done`. Errors from the worker arrive as
// { name, message } and are rebuilt here as the same TypeError / RangeError.
//
// Deliberately left out: training itself (worker.ts drives an Experiment) and
// any validation of the config (the C++ parser in the worker does it, and its
// error rejects `done`).
import { configText } from './memory';
import type { SerializedError, WorkerMessage, WorkerRequest } from './run-protocol';
import type { ExperimentConfig, LayerParameters, Metrics, Run, RunContext, RunOptions, RunState } from './types';

// The worker file beside this one. The browser branch keeps the literal
// `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })` so
// Vite (dev, build, and apps that bundle this package) finds and bundles the
// worker; the library build rewrites './worker.ts' to './worker.js'.
const nodeWorkerFile = './worker.ts';
// Hidden from bundlers, so browser builds never try to resolve node: modules.
const nodeWorkerThreads = 'node:worker_threads';

/** The two kinds of worker, behind one small interface. */
interface WorkerEndpoint {
  post(request: WorkerRequest): void;
  terminate(): void;
}

type WorkerEvents = {
  onMessage: (message: WorkerMessage) => void;
  onFailure: (error: Error) => void;
};

function isNode(): boolean {
  const processObject = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof processObject?.versions?.node === 'string' && typeof (globalThis as { Worker?: unknown }).Worker !== 'function';
}

async function spawnWorker(events: WorkerEvents): Promise<WorkerEndpoint> {
  if (isNode()) {
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
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
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

/**
 * A page-relative wasmUrl means the same file to the worker, whose own
 * location differs. (Node: paths stay paths; the worker shares the cwd.)
 */
function absoluteUrl(url: string | URL): string {
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  return page === undefined ? String(url) : new URL(String(url), page).href;
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

function checkOptions(options: RunOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError('run options must be an object');
  for (const name of ['onMetrics', 'onError', 'onUnitGrids'] as const) {
    const callback = options[name];
    if (callback !== undefined && typeof callback !== 'function') throw new TypeError(`options.${name} must be a function`);
  }
  // `every` is checked with the config in the worker ("every must be 1..N").
  if (options.every !== undefined && typeof options.every !== 'number') {
    throw new TypeError(`options.every must be a number, got ${JSON.stringify(options.every)}`);
  }
  // Their ranges are checked in the worker, by the same C++ as exp.unitGrids.
  const grids: unknown = options.unitGrids;
  if (grids !== undefined) {
    const { w, h } = (typeof grids === 'object' && grids !== null ? grids : {}) as { w?: unknown; h?: unknown };
    if (!Number.isInteger(w) || !Number.isInteger(h)) {
      throw new TypeError(`options.unitGrids must be { w, h } with integers w and h, got ${JSON.stringify(grids)}`);
    }
  }
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

  constructor(context: RunContext, config: ExperimentConfig, options: RunOptions) {
    this.#options = options;
    this.done = new Promise<Metrics>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    if (options.onError) this.done.catch(() => {});

    // The config goes as JSON text, as createExperiment hands it to C++: the
    // same text, so the same validation and the same error.
    let configJson: string;
    try {
      configJson = configText(withEvery(config, options.every), 'config');
    } catch (error) {
      queueMicrotask(() => this.#fail(error as Error));
      return;
    }
    const wasmUrl = context.wasmUrl === undefined ? undefined : absoluteUrl(context.wasmUrl);
    const unitGrids = options.unitGrids && { w: options.unitGrids.w, h: options.unitGrids.h };
    this.#pending.push({ type: 'start', variant: context.variant, wasmUrl, configJson, unitGrids });

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

  stop(): void {
    if (this.#ended()) return;
    // The worker answers with the final metrics, which settle `done`.
    this.#send({ type: 'stop' });
  }

  [Symbol.dispose](): void {
    this.stop();
  }

  #pausedWhileStarting = false;

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
      case 'started':
        this.#state = this.#pausedWhileStarting ? 'paused' : 'running';
        this.#pausedWhileStarting = false;
        break;
      case 'metrics':
        this.#callSafely(() => this.#options.onMetrics?.(message.metrics));
        if (message.unitGrids) {
          const grids = message.unitGrids;
          this.#callSafely(() => this.#options.onUnitGrids?.(grids, message.metrics));
        }
        break;
      case 'end':
        this.#state = message.reason;
        this.#parameters = message.parameters;
        this.#endpoint?.terminate();
        this.#resolve(message.metrics);
        break;
      case 'error':
        this.#fail(rebuildError(message.error));
        break;
    }
  }

  #fail(error: Error): void {
    if (this.#ended()) return;
    this.#state = 'failed';
    this.#endpoint?.terminate();
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
 * Starts `config` in a worker that loads the same build as the Lab (`context`).
 * Returns at once; metrics arrive through options.onMetrics, and `done`
 * resolves with the last metrics when the run ends (done, diverged or stopped)
 * or rejects with the config's TypeError / RangeError.
 */
export function startRun(context: RunContext, config: ExperimentConfig, options: RunOptions = {}): Run {
  checkOptions(options);
  return new WorkerRun(context, config, options);
}
