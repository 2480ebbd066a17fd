// run-protocol.ts — the one protocol between run.ts (main thread) and
// worker.ts: every experiment that trains off the main thread (the page's
// Train and Compare panels, the lessons, the embeds, and users of lab.run)
// goes through it. Everything here is structured-cloneable (a
// WebAssembly.Module included); errors travel as name + message and are
// rebuilt as TypeError / RangeError on the other side.
import type { CsvData, CsvProgress, ExperimentConfig, ExperimentData, Histogram, LayerParameters, Metrics, RunSnapshot } from './types';

export interface SerializedError {
  /** 'TypeError' | 'RangeError' | anything else (rebuilt as Error) */
  name: string;
  message: string;
}

/** What a decision grid in the reports covers (RunOptions.decisionGrid). */
export interface GridRequest {
  w: number;
  h: number;
  /** points of the curve when the data has one input */
  curvePoints: number;
}

/** How the worker trains and reports, fixed at the start. */
export interface StartSettings {
  /** Start paused (step 0 is still reported). */
  paused: boolean;
  /**
   * 'free': train in slices of a few ms and report every `every` steps.
   * 'ack': train `stepsPerReport` steps, report, and wait for an 'ack' before
   * going on, so the main thread sets the pace (one report per drawn frame).
   */
  pace: 'free' | 'ack';
  stepsPerReport: number;
  grid: GridRequest | null;
  /** Reports carry the model's parameters (as often as grids). */
  parameters: boolean;
  /** Reports carry exp.unitGrids(w, h) (as often as grids). */
  unitGrids: { w: number; h: number } | null;
  /** Reports carry exp.classMeans() (as often as grids). */
  classMeans: boolean;
  /** Reports carry the model's outputs on the test set (as often as grids). */
  testPredictions: boolean;
  /** Send the experiment's data with 'started'. */
  withData: boolean;
}

/** main → worker */
export type WorkerRequest =
  /** configJson: the experiment config as JSON text (configText in memory.ts) */
  | {
      type: 'start';
      variant: 'simd' | 'scalar';
      wasmModule: WebAssembly.Module;
      configJson: string;
      settings: StartSettings;
      /** CSV texts of the datasets the Lab loaded at run time (lab.loadDataset), by data.kind */
      datasets?: Record<string, string>;
      /** custom data.x / data.y given as typed arrays, left out of configJson (configParts in memory.ts) */
      customData?: { x: Float32Array; y: Float32Array };
    }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  /** train k steps now and report, even when paused (the run stays paused) */
  | { type: 'step'; k: number }
  /** steps per report with pace 'ack' */
  | { type: 'speed'; stepsPerReport: number }
  /** pace 'ack': the last report has been used, the next may come */
  | { type: 'ack' }
  /** the live model (answered by 'snapshot' with the same id) */
  | { type: 'snapshot'; id: number }
  /** one unit's pre-activation histogram (answered by 'unitHistogram' with the same id) */
  | { type: 'unitHistogram'; id: number; layer: number; unit: number }
  /**
   * lab.parseCsv: a worker of its own reads `source` (a Blob in slices, with
   * 'csvProgress'), parses it with the module's CSV reader and answers with
   * 'csvData' or 'error', then ends
   */
  | {
      type: 'parseCsv';
      variant: 'simd' | 'scalar';
      wasmModule: WebAssembly.Module;
      source: string | Blob;
      label?: string | number;
    };

/** worker → main */
export type WorkerMessage =
  /** the experiment exists (the config was valid): its filled-in config, and its data when asked for */
  | { type: 'started'; config: ExperimentConfig; data: ExperimentData | null }
  /** at step 0, then every `every` steps (pace 'free') or every chunk (pace 'ack'), after a step request, and at the end */
  | {
      type: 'metrics';
      metrics: Metrics;
      grid: Float32Array | null;
      parameters: LayerParameters[] | null;
      unitGrids: Float32Array[] | null;
      classMeans: Float32Array[] | null;
      testPredictions: Float32Array | null;
      playing: boolean;
    }
  /** the last message of a run that ended normally */
  | { type: 'end'; reason: 'done' | 'diverged' | 'stopped'; metrics: Metrics; parameters: LayerParameters[] }
  | { type: 'error'; error: SerializedError }
  /** null when the model cannot be read */
  | { type: 'snapshot'; id: number; snapshot: RunSnapshot | null }
  | { type: 'unitHistogram'; id: number; histogram: Histogram | null; error: SerializedError | null }
  /** parseCsv: bytes read so far, or the start of parsing */
  | { type: 'csvProgress'; progress: CsvProgress }
  /** parseCsv: the parsed data (x and y transferred) */
  | { type: 'csvData'; data: CsvData };
