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
import { WasmExperiment } from './experiment';
import { defaultWasmUrl, isNode, type BuildVariant } from './loader';
import type { EmscriptenModuleOptions, RawActlabModule } from './raw-module';
import type { WorkerMessage, WorkerRequest } from './run-protocol';
import type { Experiment, LayerParameters, Metrics } from './types';

/** The slice length the step count adapts to: long enough to amortise the yield, short enough to stay responsive. */
const SLICE_TARGET_MS = 8;
const MAX_SLICE_STEPS = 1 << 16;

interface Port {
  post(message: WorkerMessage, transfer?: Transferable[]): void;
  listen(handler: (request: WorkerRequest) => void): void;
  close(): void;
}

// Hidden from bundlers: a browser build of this file never resolves them.
const nodeWorkerThreads = 'node:worker_threads';
const nodeFsPromises = 'node:fs/promises';

/** The same build as the Lab's, from the same place (in Node: the .wasm bytes, read here). */
async function loadBuild(variant: BuildVariant, wasmUrl: string | undefined): Promise<RawActlabModule> {
  const createModule = variant === 'simd' ? createSimdModule : createScalarModule;
  const options: EmscriptenModuleOptions = {};
  if (isNode()) {
    const location = wasmUrl ?? defaultWasmUrl(variant);
    if (/^https?:/i.test(String(location))) {
      const response = await fetch(String(location));
      if (!response.ok) throw new Error(`could not fetch ${String(location)}: HTTP ${response.status}`);
      options.wasmBinary = new Uint8Array(await response.arrayBuffer());
    } else {
      const { readFile } = (await import(/* @vite-ignore */ nodeFsPromises)) as typeof import('node:fs/promises');
      options.wasmBinary = await readFile(/^file:/i.test(String(location)) ? new URL(String(location)) : location);
    }
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

function errorMessage(error: unknown): WorkerMessage {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'error', error: { name, message } };
}

function transferablesOf(parameters: LayerParameters[]): Transferable[] {
  const buffers: Transferable[] = [];
  for (const layer of parameters) {
    buffers.push(layer.weights.buffer as ArrayBuffer, layer.bias.buffer as ArrayBuffer);
    if (layer.alpha) buffers.push(layer.alpha.buffer as ArrayBuffer);
  }
  return buffers;
}

class Trainer {
  #paused = false;
  #stopped = false;
  #looping = false;
  #sliceSteps = 1;
  #lastReportedStep = -1;
  #step = 0;
  readonly #every: number;

  constructor(
    readonly experiment: Experiment,
    readonly port: Port,
  ) {
    this.#every = Math.max(1, experiment.config.every ?? 1);
  }

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
    if (!this.#looping) this.#finish(this.experiment.metrics(), 'stopped');
  }

  #kick(): void {
    if (this.#looping || this.#paused || this.#stopped) return;
    this.#looping = true;
    void this.#loop();
  }

  async #loop(): Promise<void> {
    try {
      let metrics: Metrics | undefined;
      while (!this.#paused && !this.#stopped) {
        const untilReport = this.#every - (this.#step % this.#every);
        const k = Math.min(untilReport, this.#sliceSteps);
        const started = performance.now();
        metrics = this.experiment.step(k);
        this.#step = metrics.step;
        this.#adaptSlice(performance.now() - started, k);
        if (metrics.status !== 'running') {
          this.#looping = false;
          this.#finish(metrics, metrics.status);
          return;
        }
        if (metrics.step % this.#every === 0) this.#report(metrics);
        await yieldToEventLoop();
      }
      this.#looping = false;
      if (this.#stopped) this.#finish(metrics ?? this.experiment.metrics(), 'stopped');
    } catch (error) {
      this.#looping = false;
      this.port.post(errorMessage(error));
      this.port.close();
    }
  }

  #adaptSlice(elapsedMs: number, stepsDone: number): void {
    if (stepsDone < this.#sliceSteps) return; // cut short by a report boundary: says little
    if (elapsedMs < SLICE_TARGET_MS / 2) this.#sliceSteps = Math.min(MAX_SLICE_STEPS, this.#sliceSteps * 2);
    else if (elapsedMs > SLICE_TARGET_MS * 2 && this.#sliceSteps > 1) this.#sliceSteps = Math.max(1, this.#sliceSteps >> 1);
  }

  #report(metrics: Metrics): void {
    if (metrics.step === this.#lastReportedStep) return;
    this.#lastReportedStep = metrics.step;
    this.port.post({ type: 'metrics', metrics });
  }

  #finish(metrics: Metrics, reason: 'done' | 'diverged' | 'stopped'): void {
    this.#report(metrics);
    const parameters = this.experiment.model.getParameters();
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
    let experiment: Experiment;
    try {
      experiment = WasmExperiment.create(await loadBuild(request.variant, request.wasmUrl), request.config);
    } catch (error) {
      port.post(errorMessage(error));
      port.close();
      return;
    }
    port.post({ type: 'started' });
    trainer = new Trainer(experiment, port);
    if (stoppedEarly) trainer.stop();
    else trainer.begin(pausedEarly);
  }
}

void main();
