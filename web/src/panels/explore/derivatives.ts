// derivatives.ts — the numbers behind Explore's curves that need no DOM: f″
// by central differences, the kinks of f′ (where f″ does not exist and any
// estimate of it is a spike), the gaps left there, and the z intervals where
// an activation is flat. The kink detection reads f′ only, so the gaps are the
// same whichever way f″ is computed (these differences, or an exact f″ from
// the module).

/** f″ by central differences of f′ (one-sided at the ends). */
export function secondDerivative(z: Float32Array, dydz: Float32Array): Float32Array {
  const n = z.length;
  const result = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - 1);
    const hi = Math.min(n - 1, i + 1);
    result[i] = (dydz[hi] - dydz[lo]) / (z[hi] - z[lo]);
  }
  return result;
}

// A step of f′ counts as a jump when it is this many times the steps two
// places away on both sides: on a smooth f′ neighbouring steps differ by a
// factor near 1 (h·f‴/f″), at a kink the step is the jump and its neighbours
// are the smooth change, which shrinks with the grid.
const JUMP_RATIO = 4;
// …and when it is at least this share of the largest |f′| on the grid: float32
// rounding in a flat tail (f′ ~ 1e-9) must not count as a kink.
const JUMP_SHARE = 1e-3;

/**
 * The grid intervals [i, i+1] across which f′ jumps (a kink of f: ReLU at 0,
 * hardsigmoid at ±3, SELU at 0): flags[i] = 1. A jump that falls on a grid
 * point is split over the two intervals next to it; both are flagged.
 */
export function kinkIntervals(dydz: ArrayLike<number>): Uint8Array {
  const n = dydz.length;
  const flags = new Uint8Array(Math.max(0, n - 1));
  let largest = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(dydz[i])) largest = Math.max(largest, Math.abs(dydz[i]));
  if (largest === 0) return flags;
  const step = (i: number) => (i >= 0 && i < n - 1 ? Math.abs(dydz[i + 1] - dydz[i]) : 0);
  for (let i = 0; i < n - 1; i++) {
    const jump = step(i);
    if (!Number.isFinite(jump)) {
      flags[i] = 1;
      continue;
    }
    if (jump < JUMP_SHARE * largest) continue;
    // The steps two intervals away, so a jump split over two neighbouring intervals still stands out.
    const around = Math.max(step(i - 2), step(i + 2));
    if (jump > JUMP_RATIO * around) flags[i] = 1;
  }
  return flags;
}

/**
 * f″ with NaN (a gap in the chart) at every sample whose estimate spans a
 * kink: samples i and i+1 of each flagged interval, so neither a central
 * difference across the jump nor an exact value at the kink draws a spike.
 * Returns a new array.
 */
export function withGapsAtKinks(second: Float32Array, kinks: Uint8Array): Float32Array {
  const result = Float32Array.from(second);
  for (let i = 0; i < kinks.length; i++) {
    if (!kinks[i]) continue;
    result[i] = NaN;
    if (i + 1 < result.length) result[i + 1] = NaN;
  }
  return result;
}

/** An x interval where an activation is flat (|f′| below the threshold). */
export interface Interval {
  from: number;
  to: number;
}

/** The x intervals of the grid where |f′| < threshold (each widened by half a grid step, within the grid). */
export function saturatedIntervals(z: Float32Array, dydz: Float32Array, threshold: number): Interval[] {
  const intervals: Interval[] = [];
  let start = -1;
  const half = z.length > 1 ? (z[1] - z[0]) / 2 : 0;
  for (let i = 0; i <= z.length; i++) {
    const flat = i < z.length && Math.abs(dydz[i]) < threshold;
    if (flat && start < 0) start = i;
    if (!flat && start >= 0) {
      intervals.push({ from: Math.max(z[0], z[start] - half), to: Math.min(z[z.length - 1], z[i - 1] + half) });
      start = -1;
    }
  }
  return intervals;
}
