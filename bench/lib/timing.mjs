// timing.mjs — the JavaScript twin of bench/kernel_timing.hpp: the same
// benchmark inputs (Weyl sequences), the same clocks and the same statistic
// (median time of one call over batches of back-to-back calls, after an
// unmeasured warm-up batch), for the implementations timed from JavaScript (plain JS loops,
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

// settings: { minBatchMs, batches, clock: 'cpu' | 'wall' }. Returns the
// median ns of one call.
export function medianNsPerCall(call, settings) {
  const minBatchNs = settings.minBatchMs * 1e6;
  // Sizing (wall clock, for its resolution): double the calls until they
  // take an eighth of a batch.
  let calls = 1;
  let elapsedNs = 0;
  for (;;) {
    const start = wallNs();
    for (let c = 0; c < calls; c++) call();
    elapsedNs = wallNs() - start;
    if (elapsedNs >= minBatchNs / 8 || calls >= 1 << 22) break;
    calls *= 2;
  }
  const perCallEstimate = Math.max(elapsedNs / calls, 1e-3);
  const callsPerBatch = Math.min(Math.max(Math.ceil(minBatchNs / perCallEstimate), 1), 1 << 24);

  // Unmeasured batch: lets V8 optimise the JS loop (and tier up wasm code).
  for (let c = 0; c < callsPerBatch; c++) call();

  const now = settings.clock === 'wall' ? wallNs : cpuNs;
  const perCallNs = [];
  for (let b = 0; b < Math.max(settings.batches, 1); b++) {
    const batchStart = now();
    for (let c = 0; c < callsPerBatch; c++) call();
    perCallNs.push((now() - batchStart) / callsPerBatch);
  }
  return median(perCallNs);
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
