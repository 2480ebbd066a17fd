// timing.mjs — the JavaScript twin of bench/kernel_timing.hpp: the same
// benchmark inputs (Weyl sequences), the same clocks and the same statistic
// (median time of one call over batches of back-to-back calls, after an
// unmeasured warm-up batch, batches of several calls taken in alternation), for the implementations timed from JavaScript (plain JS loops,
// TensorFlow.js). Keep the two files in step.

import { performance } from 'node:perf_hooks';

export const PRELU_CHANNELS = 64;
export const PRELU_SLOPE = 0.25;

// Benchmark input element i, in [-8, 8) (bench_input in kernel_timing.hpp).
export function benchInput(i) {
  let position = i * 0.6180339887498949;
  position -= Math.floor(position);
  return Math.fround(16 * position - 8);
}

// Upstream gradient element i, in [0.5, 1.5) (bench_upstream).
export function benchUpstream(i) {
  let position = i * 0.7548776662466927 + 0.5;
  position -= Math.floor(position);
  return Math.fround(position + 0.5);
}

export function makeInputs(n) {
  const z = new Float32Array(n);
  const dy = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    z[i] = benchInput(i);
    dy[i] = benchUpstream(i);
  }
  return { z, dy, out: new Float32Array(n) };
}

// CPU time of this process in ns (microsecond resolution): what the measured
// code costs, not counting time spent waiting while the shared machine runs
// something else. Same clock as the wasm modules' "cpu" clock.
function cpuNs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1000;
}

const wallNs = () => performance.now() * 1e6;

// One measured call, the twin of BatchTimer in kernel_timing.hpp: sized and
// warmed up on construction, then timed one batch at a time.
// settings: { minBatchMs, batches, clock: 'cpu' | 'wall' }.
export class BatchTimer {
  constructor(call, settings) {
    this.call = call;
    this.now = settings.clock === 'wall' ? wallNs : cpuNs;
    const minBatchNs = settings.minBatchMs * 1e6;
    // Sizing, on the clock the batches are timed with: grow the number of
    // calls until one run of them lasts a whole batch. The runs before give
    // V8 time to optimise; the last one is the warm-up batch.
    let calls = 1;
    for (;;) {
      const start = this.now();
      for (let c = 0; c < calls; c++) call();
      const elapsedNs = this.now() - start;
      if (elapsedNs >= minBatchNs || calls >= 1 << 24) break;
      const growth = elapsedNs > 0 ? (1.1 * minBatchNs) / elapsedNs : 16;
      calls = Math.min(1 << 24, Math.ceil(calls * Math.min(Math.max(growth, 2), 16)));
    }
    this.callsPerBatch = calls;
  }

  // ns per call over one batch.
  timeBatch() {
    const { call, callsPerBatch } = this;
    const start = this.now();
    for (let c = 0; c < callsPerBatch; c++) call();
    return (this.now() - start) / callsPerBatch;
  }
}

// Median ns per call of each timer (anything with timeBatch()), taking one
// batch of every timer per round, so that when the load on the machine
// changes they all feel it alike and their ratios stay put.
export function interleavedMedians(timers, batches) {
  const samples = timers.map(() => []);
  for (let round = 0; round < Math.max(batches, 1); round++) {
    timers.forEach((timer, t) => samples[t].push(timer.timeBatch()));
  }
  return samples.map(median);
}

export function medianNsPerCall(call, settings) {
  return interleavedMedians([new BatchTimer(call, settings)], settings.batches)[0];
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle]);
}

// Largest |a - b| / (1e-5 + 1e-4·|b|) over the first `count` elements: ≤ 1
// means a and b compute the same function (to float32-ish accuracy).
export function worstMismatch(a, b, count) {
  let worst = 0;
  for (let i = 0; i < count; i++) {
    const error = Math.abs(a[i] - b[i]) / (1e-5 + 1e-4 * Math.abs(b[i]));
    if (!(error <= worst)) worst = Number.isNaN(error) ? Infinity : error;
  }
  return worst;
}
