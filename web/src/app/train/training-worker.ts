// training-worker.ts — the Train panel's worker: owns one Experiment and
// trains it off the main thread. Reports (metrics, and the decision grid a few
// times a second) are paced by the page: the next report goes out only after
// the page acknowledges the previous one, i.e. after it has drawn it, so a
// slow tab never builds a backlog and "speed" means steps per drawn frame.
//
// Why not lab.run: the page also needs single steps, decision grids and
// snapshots (for the exports) of the live model, which the public run
// protocol does not carry. Both builds are
// imported statically, as in lib/worker.ts, so the worker bundles without
// code splitting.
import createScalarModule from '../../../../build/wasm/actlab-scalar.mjs';
import createSimdModule from '../../../../build/wasm/actlab-simd.mjs';
import { WasmExperiment } from '../../lib/experiment';
import type { RawActlabModule } from '../../lib/raw-module';
import type { Experiment } from '../../lib/types';
import type { GridRequest, ModelSnapshot, TrainingMessage, TrainingRequest } from './training-protocol';

// A decision grid costs w·h forward passes; a few per second look live enough.
const GRID_INTERVAL_MS = 150;

interface WorkerScope {
  postMessage(message: TrainingMessage, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<TrainingRequest>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

const modules = new Map<string, Promise<RawActlabModule>>();
function loadBuild(variant: 'simd' | 'scalar'): Promise<RawActlabModule> {
  let module = modules.get(variant);
  if (!module) {
    module = (variant === 'simd' ? createSimdModule : createScalarModule)({}) as Promise<RawActlabModule>;
    modules.set(variant, module);
  }
  return module;
}

let experiment: Experiment | null = null;
let grid: GridRequest | null = null;
let generation = 0;
let playing = false;
let stepsPerReport = 1;
let awaitingAck = false;
let lastGridAt = -Infinity;
let scheduled = false;

function post(message: TrainingMessage, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function postError(error: unknown): void {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  post({ type: 'error', generation, error: { name, message } });
}

function report(forceGrid: boolean): void {
  if (!experiment) return;
  const metrics = experiment.metrics();
  const now = performance.now();
  let values: Float32Array | null = null;
  if (grid && (forceGrid || !playing || now - lastGridAt >= GRID_INTERVAL_MS)) {
    values = experiment.decisionGrid(grid.w, grid.h);
    lastGridAt = now;
  }
  if (metrics.status !== 'running') playing = false;
  awaitingAck = true;
  post({ type: 'report', generation, metrics, grid: values, playing }, values ? [values.buffer as ArrayBuffer] : []);
}

function schedule(): void {
  if (scheduled || !playing || awaitingAck) return;
  scheduled = true;
  // setTimeout(0) lets pause/ack messages in between slices.
  setTimeout(() => {
    scheduled = false;
    if (!playing || awaitingAck || !experiment) return;
    try {
      experiment.step(stepsPerReport);
      report(false);
    } catch (error) {
      playing = false;
      postError(error);
    }
  }, 0);
}

// The live weights for the exports: the page never trains a copy itself.
// Answered in every case (null when there is nothing to export), and
// without touching the training state.
function postSnapshot(id: number): void {
  let snapshot: ModelSnapshot | null = null;
  if (experiment) {
    try {
      const data = experiment.data();
      snapshot = {
        step: experiment.metrics().step,
        config: experiment.config,
        parameters: experiment.model.getParameters(),
        sampleInputs: data.x.slice(0, 5 * data.inputs),
      };
    } catch {
      snapshot = null;
    }
  }
  post({ type: 'snapshot', generation, id, snapshot });
}

async function create(request: Extract<TrainingRequest, { type: 'create' }>): Promise<void> {
  const mine = ++generation;
  experiment?.dispose();
  experiment = null;
  awaitingAck = false;
  let raw: RawActlabModule;
  try {
    raw = await loadBuild(request.variant);
  } catch (error) {
    postError(error);
    return;
  }
  if (mine !== generation) return; // a newer create arrived while loading
  try {
    experiment = WasmExperiment.create(raw, request.config);
  } catch (error) {
    postError(error);
    return;
  }
  grid = experiment.model.inputs <= 2 ? request.grid : null;
  if (grid && experiment.model.inputs === 1) grid = { w: grid.curvePoints, h: 1, curvePoints: grid.curvePoints };
  post({ type: 'created', generation, config: experiment.config, data: experiment.data() });
  report(true);
}

scope.onmessage = (event) => {
  const request = event.data;
  try {
    switch (request.type) {
      case 'create':
        void create(request);
        break;
      case 'play':
        playing = true;
        schedule();
        break;
      case 'pause':
        playing = false;
        break;
      case 'speed':
        stepsPerReport = Math.max(1, Math.floor(request.stepsPerReport));
        break;
      case 'step':
        if (experiment) {
          playing = false;
          experiment.step(request.k);
          report(true);
        }
        break;
      case 'ack':
        awaitingAck = false;
        schedule();
        break;
      case 'snapshot':
        postSnapshot(request.id);
        break;
    }
  } catch (error) {
    playing = false;
    postError(error);
  }
};
