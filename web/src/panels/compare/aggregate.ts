// aggregate.ts — what the Compare panel computes from the runs' metrics, with
// no DOM: per-run series (loss, first-layer gradient norm, dead units over all
// hidden layers, accuracy) and, over the seeds of one activation, the mean and
// min–max per report step plus the summary-table figures.
import type { Metrics } from '../../lib/types';

/** One run's reports, as columns (NaN where a value was null). */
export interface RunSeries {
  step: number[];
  loss: number[];
  gradNorm: number[];
  deadUnits: number[];
  accuracy: number[];
}

export function emptySeries(): RunSeries {
  return { step: [], loss: [], gradNorm: [], deadUnits: [], accuracy: [] };
}

const orNaN = (value: number | null | undefined) => (value === null || value === undefined ? NaN : value);

export function appendMetrics(series: RunSeries, metrics: Metrics): void {
  const last = series.step.length - 1;
  if (last >= 0 && series.step[last] >= metrics.step) return; // the final report repeats the last step
  const hidden = metrics.layers.slice(0, -1);
  series.step.push(metrics.step);
  series.loss.push(orNaN(metrics.loss));
  series.gradNorm.push(orNaN(metrics.layers[0]?.gradNorm));
  series.deadUnits.push(hidden.reduce((sum, layer) => sum + layer.deadUnits, 0));
  series.accuracy.push(orNaN(metrics.accuracy));
}

export interface Band {
  mean: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

/** Mean, min and max over runs at each report index; runs that ended early (diverged) drop out. */
export function band(runs: readonly number[][], length: number): Band {
  const result: Band = { mean: new Float64Array(length), min: new Float64Array(length), max: new Float64Array(length) };
  for (let i = 0; i < length; i++) {
    let sum = 0;
    let count = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const run of runs) {
      const value = run[i];
      if (value === undefined || !Number.isFinite(value)) continue;
      sum += value;
      count++;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    result.mean[i] = count > 0 ? sum / count : NaN;
    result.min[i] = count > 0 ? min : NaN;
    result.max[i] = count > 0 ? max : NaN;
  }
  return result;
}

export interface Range {
  mean: number;
  min: number;
  max: number;
}

function range(values: readonly number[]): Range {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { mean: NaN, min: NaN, max: NaN };
  return { mean: finite.reduce((a, b) => a + b, 0) / finite.length, min: Math.min(...finite), max: Math.max(...finite) };
}

export interface Summary {
  finalLoss: Range;
  accuracy: Range;
  deadUnits: Range;
  /** first report step with accuracy ≥ 0.9, over the runs that reached it */
  stepsTo90: Range;
  reached90: number;
  runs: number;
}

export const ACCURACY_TARGET = 0.9;

export function summarize(runs: readonly RunSeries[]): Summary {
  const last = <T>(values: T[]) => values[values.length - 1];
  const reached = runs
    .map((run) => {
      const index = run.accuracy.findIndex((a) => a >= ACCURACY_TARGET);
      return index < 0 ? NaN : run.step[index];
    })
    .filter(Number.isFinite);
  return {
    finalLoss: range(runs.map((run) => last(run.loss) ?? NaN)),
    accuracy: range(runs.map((run) => last(run.accuracy) ?? NaN)),
    deadUnits: range(runs.map((run) => last(run.deadUnits) ?? NaN)),
    stepsTo90: range(reached),
    reached90: reached.length,
    runs: runs.length,
  };
}
