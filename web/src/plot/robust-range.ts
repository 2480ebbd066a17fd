// robust-range.ts — a y range for curves that one spike cannot stretch. The
// range holds the pooled values that lie within fences a quarter of the
// spread between the 1st and 99th percentiles beyond them (and ends at the
// most extreme of those values, plus a little padding):
// a curve that grows steadily (ReLU up to the edge of the range) keeps its
// whole extent, while a few samples far outside (a numerical f″ at a kink, a
// narrow peak of 25) leave the chart at its edge instead of flattening every
// other curve. No DOM: tested in tests/js/readable.test.ts.

/** The share of the pooled values each tail may hold before it stretches the range. */
const TAIL = 0.01;
/** How far past the percentiles the range may reach, as a share of their spread. */
const FENCE = 0.25;
/** Padding above and below, as a share of the range. */
const PADDING = 0.05;

/** [low, high] for the finite values of every column, or null when there is none. */
export function robustRange(columns: readonly ArrayLike<number>[]): [number, number] | null {
  let count = 0;
  for (const column of columns) for (let i = 0; i < column.length; i++) if (Number.isFinite(column[i])) count++;
  if (count === 0) return null;
  const pooled = new Float64Array(count);
  let k = 0;
  for (const column of columns) for (let i = 0; i < column.length; i++) if (Number.isFinite(column[i])) pooled[k++] = column[i];
  pooled.sort();
  const at = (share: number) => pooled[Math.min(count - 1, Math.max(0, Math.round(share * (count - 1))))];
  const lowTail = at(TAIL);
  const highTail = at(1 - TAIL);
  const spread = highTail - lowTail;
  // The extreme values inside the fences: the range ends at data, not at a fence.
  const lowFence = lowTail - FENCE * spread;
  const highFence = highTail + FENCE * spread;
  let first = 0;
  while (pooled[first] < lowFence) first++;
  let last = count - 1;
  while (pooled[last] > highFence) last--;
  let low = pooled[first];
  let high = pooled[last];
  if (!(high > low)) {
    // One value (a flat curve): a unit-wide window around it.
    const middle = (low + high) / 2;
    const half = Math.max(0.5, Math.abs(middle) * 0.1);
    return [middle - half, middle + half];
  }
  const pad = PADDING * (high - low);
  low -= pad;
  high += pad;
  return [low, high];
}
