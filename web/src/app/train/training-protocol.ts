// training-protocol.ts — the messages between the Train panel (session.ts)
// and its worker (training-worker.ts). Structured-cloneable only; errors
// travel as name + message and become TypeError / RangeError again.
import type { ExperimentConfig, ExperimentData, Metrics } from '../../lib/types';

/** Sides of the decision grid for 2-D data, and points of the curve for 1-D data. */
export interface GridRequest {
  w: number;
  h: number;
  curvePoints: number;
}

/** main → worker */
export type TrainingRequest =
  /** builds the experiment (replacing any previous one) and reports step 0 */
  | { type: 'create'; variant: 'simd' | 'scalar'; config: ExperimentConfig; grid: GridRequest | null }
  | { type: 'play' }
  | { type: 'pause' }
  /** trains k steps now and reports, even when paused */
  | { type: 'step'; k: number }
  /** steps trained per report while playing */
  | { type: 'speed'; stepsPerReport: number }
  /** the main thread has drawn the last report: the next one may come */
  | { type: 'ack' };

/** worker → main */
export type TrainingMessage =
  | { type: 'created'; generation: number; config: ExperimentConfig; data: ExperimentData }
  | { type: 'report'; generation: number; metrics: Metrics; grid: Float32Array | null; playing: boolean }
  | { type: 'error'; generation: number; error: { name: string; message: string } };
