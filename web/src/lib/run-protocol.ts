// run-protocol.ts — the messages between run.ts (main thread) and worker.ts.
// Everything here is structured-cloneable; errors travel as name + message and
// are rebuilt as TypeError / RangeError on the other side.
import type { LayerParameters, Metrics } from './types';

export interface SerializedError {
  /** 'TypeError' | 'RangeError' | anything else (rebuilt as Error) */
  name: string;
  message: string;
}

/** main → worker */
export type WorkerRequest =
  /** configJson: the experiment config as JSON text (configText in memory.ts) */
  | {
      type: 'start';
      variant: 'simd' | 'scalar';
      wasmUrl?: string;
      configJson: string;
      /** RunOptions.unitGrids: unit grids of this size go with every metrics message */
      unitGrids?: { w: number; h: number };
    }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' };

/** worker → main */
export type WorkerMessage =
  /** the experiment exists: the config was valid */
  | { type: 'started' }
  /** at step 0, every `every` steps, and at the end */
  /** unitGrids: with RunOptions.unitGrids, exp.unitGrids(w, h) of the same step */
  | { type: 'metrics'; metrics: Metrics; unitGrids?: Float32Array[] }
  /** the last message of a run that ended normally */
  | { type: 'end'; reason: 'done' | 'diverged' | 'stopped'; metrics: Metrics; parameters: LayerParameters[] }
  | { type: 'error'; error: SerializedError };
