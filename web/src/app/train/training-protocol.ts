// training-protocol.ts — the messages between the Train panel (session.ts)
// and its worker (training-worker.ts). Structured-cloneable only; errors
// travel as name + message and become TypeError / RangeError again.
import type { ExperimentConfig, ExperimentData, LayerParameters, Metrics } from '../../lib/types';

/** Sides of the decision grid for 2-D data, and points of the curve for 1-D data. */
export interface GridRequest {
  w: number;
  h: number;
  curvePoints: number;
}

/** The live model as the exports need it: copies, taken between two steps. */
export interface ModelSnapshot {
  /** steps trained so far */
  step: number;
  /** the experiment's config, every default filled in */
  config: ExperimentConfig;
  parameters: LayerParameters[];
  /** the first five training inputs, row-major */
  sampleInputs: Float32Array;
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
  | { type: 'ack' }
  /** the live model (answered by 'snapshot' with the same id) */
  | { type: 'snapshot'; id: number };

/** worker → main */
export type TrainingMessage =
  | { type: 'created'; generation: number; config: ExperimentConfig; data: ExperimentData }
  | { type: 'report'; generation: number; metrics: Metrics; grid: Float32Array | null; playing: boolean }
  | { type: 'error'; generation: number; error: { name: string; message: string } }
  /** null when there is no experiment (its config was rejected) */
  | { type: 'snapshot'; generation: number; id: number; snapshot: ModelSnapshot | null };
