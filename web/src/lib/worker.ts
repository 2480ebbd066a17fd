// worker.ts — the worker half of Lab.run (run.ts is the main-thread half). It
// loads the same wasm build as the Lab that started it, creates the experiment
// and trains it in short slices (about 8 ms each), giving the event loop a turn
// between slices so pause and stop take effect at once. Metrics go to the
// main thread at step 0, every `every` steps and at the end.
//
// Runs as a module Web Worker in browsers and as a worker_threads worker in
// Node; the only difference is how messages come and go (`connect`).
//
// Both Emscripten modules are imported statically, not through loader.ts's
// import(): a worker bundle without dynamic imports needs no code splitting, so
// Vite bundles it with its default settings (worker.format 'iife') as well as
// with 'es'. The .wasm itself is fetched only for the build in use.
import createScalarModule from '../../../build/wasm/actlab-scalar.mjs';
import createSimdModule from '../../../build/wasm/actlab-simd.mjs';
import { defaultWasmUrl, isNode, readWasmInNode, type BuildVariant } from './loader';
import { unitGridsOf } from './experiment';
import { Lifetime } from './memory';
import { WasmModel } from './model';
import { unwrap, type EmscriptenModuleOptions, type RawActlabModule, type RawExperimentHandle } from './raw-module';
import type { WorkerMessage, WorkerRequest } from './run-protocol';
import type { ExperimentConfig, LayerParameters, Metrics } from './types';

/** The slice length the step count adapts to: long enough to amortise the yield, short enough to stay responsive. */
const SLICE_TARGET_MS = 8;
const MAX_SLICE_STEPS = 1 << 16;

interface Port {
  post(message: WorkerMessage, transfer?: Transferable[]): void;
  listen(handler: (request: WorkerRequest) => void): void;
  close(): void;
}

// Hidden from bundlers: a browser build of this file never resolves it.
const nodeWorkerThreads = 'node:worker_threads';

/** The same build as the Lab's, from the same place (in Node: the .wasm bytes, read here). */
async function loadBuild(variant: BuildVariant, wasmUrl: string | undefined): Promise<RawActlabModule> {
  const createModule = variant === 'simd' ? createSimdModule : createScalarModule;
  const options: EmscriptenModuleOptions = {};
  if (isNode()) {
    options.wasmBinary = await readWasmInNode(wasmUrl ?? defaultWasmUrl(variant));
  } else if (wasmUrl !== undefined) {
    options.locateFile = () => wasmUrl;
  }
  return createModule(options);
}

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
  readonly #raw: RawActlabModule;
  readonly #handle: RawExperimentHandle;
  readonly #lifetime: Lifetime;
  readonly #model: WasmModel;

  /** Validates the config in C++: TypeError / RangeError naming the field, as createExperiment. */
  constructor(raw: RawActlabModule, configJson: string) {
    this.#raw = raw;
    const handle = new raw.ExperimentHandle();
    const error = handle._create(configJson);
    if (error) {
      handle.delete();
      unwrap(error);
    }
    this.#handle = handle;
    const modelView = new raw.ModelHandle();
    modelView._view(handle);
    this.#lifetime = new Lifetime(this, [handle, modelView], 'the run has ended');
    this.#model = new WasmModel(raw, modelView, this.#lifetime, this);
    const parsed = JSON.parse(handle._configJson()) as ExperimentConfig;
    this.steps = parsed.steps ?? 0;
    this.every = Math.max(1, parsed.every ?? 1);
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

  /** exp.unitGrids(w, h): one units×h×w Float32Array per hidden layer. */
  unitGrids(w: number, h: number): Float32Array[] {
    return unitGridsOf(this.#raw, this.#handle, this.#model, w, h);
  }

  dispose(): void {
    this.#lifetime.dispose();
  }
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

class Trainer {
  #paused = false;
  #stopped = false;
  #looping = false;
  #sliceSteps = 1;
  #step = 0;
  #lastReportedStep = -1;

  constructor(
    readonly experiment: RunExperiment,
    readonly port: Port,
    /** RunOptions.unitGrids: sent with every metrics record */
    readonly unitGrids?: { w: number; h: number },
  ) {}

  begin(paused: boolean): void {
    this.#paused = paused;
    this.#report(this.experiment.metrics());
    this.#kick();
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#kick();
  }

  stop(): void {
    this.#stopped = true;
    if (!this.#looping) this.#finish('stopped');
  }

  #kick(): void {
    if (this.#looping || this.#paused || this.#stopped) return;
    this.#looping = true;
    void this.#loop();
  }

  async #loop(): Promise<void> {
    const { every, steps } = this.experiment;
    try {
      while (!this.#paused && !this.#stopped) {
        const k = Math.min(every - (this.#step % every), this.#sliceSteps);
        const started = performance.now();
        const done = this.experiment.train(k);
        this.#adaptSlice(performance.now() - started, k);
        this.#step += done;
        // Fewer steps than asked: the run reached config.steps or diverged.
        if (done < k || this.#step >= steps) {
          this.#looping = false;
          this.#finish('end');
          return;
        }
        if (this.#step % every === 0) this.#report(this.experiment.metrics());
        await yieldToEventLoop();
      }
      this.#looping = false;
      if (this.#stopped) this.#finish('stopped');
    } catch (error) {
      this.#looping = false;
      this.port.post(errorMessage(error));
      this.port.close();
    }
  }

  #adaptSlice(elapsedMs: number, stepsAsked: number): void {
    if (stepsAsked < this.#sliceSteps) return; // cut short by a report boundary: says little
    if (elapsedMs < SLICE_TARGET_MS / 2) this.#sliceSteps = Math.min(MAX_SLICE_STEPS, this.#sliceSteps * 2);
    else if (elapsedMs > SLICE_TARGET_MS * 2 && this.#sliceSteps > 1) this.#sliceSteps = Math.max(1, this.#sliceSteps >> 1);
  }

  #report(metrics: Metrics): void {
    if (metrics.step === this.#lastReportedStep) return;
    this.#lastReportedStep = metrics.step;
    if (!this.unitGrids) {
      this.port.post({ type: 'metrics', metrics });
      return;
    }
    const grids = this.experiment.unitGrids(this.unitGrids.w, this.unitGrids.h);
    this.port.post({ type: 'metrics', metrics, unitGrids: grids }, grids.map((grid) => grid.buffer as ArrayBuffer));
  }

  /** 'end': the experiment ended by itself (its metrics say done or diverged). */
  #finish(how: 'end' | 'stopped'): void {
    const metrics = this.experiment.metrics();
    const reason = how === 'stopped' ? 'stopped' : metrics.status === 'diverged' ? 'diverged' : 'done';
    this.#report(metrics);
    const parameters = this.experiment.parameters();
    this.port.post({ type: 'end', reason, metrics, parameters }, transferablesOf(parameters));
    this.experiment.dispose();
    this.port.close();
  }
}

async function main(): Promise<void> {
  const port = await connect();
  let trainer: Trainer | undefined;
  // pause / resume / stop may arrive while the module is still loading.
  let pausedEarly = false;
  let stoppedEarly = false;

  port.listen((request) => {
    switch (request.type) {
      case 'start':
        void start(request);
        break;
      case 'pause':
        if (trainer) trainer.pause();
        else pausedEarly = true;
        break;
      case 'resume':
        if (trainer) trainer.resume();
        else pausedEarly = false;
        break;
      case 'stop':
        if (trainer) trainer.stop();
        else stoppedEarly = true;
        break;
    }
  });

  async function start(request: Extract<WorkerRequest, { type: 'start' }>): Promise<void> {
    let experiment: RunExperiment;
    try {
      experiment = new RunExperiment(await loadBuild(request.variant, request.wasmUrl), request.configJson);
      // Unit grids the model cannot have (3+ inputs, a bad size) fail the run
      // now, with exp.unitGrids' RangeError, like a bad config.
      if (request.unitGrids) experiment.unitGrids(request.unitGrids.w, request.unitGrids.h);
    } catch (error) {
      port.post(errorMessage(error));
      port.close();
      return;
    }
    port.post({ type: 'started' });
    trainer = new Trainer(experiment, port, request.unitGrids);
    if (stoppedEarly) trainer.stop();
    else trainer.begin(pausedEarly);
  }
}

void main();
