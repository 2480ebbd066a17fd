// first-curve.ts — the page's load-time figure: a performance mark set once,
// when the first curve has been drawn (by the front door's preview or by
// Explore), read by the end-to-end timing test as milliseconds from navigation.
export const FIRST_CURVE_MARK = 'actlab:first-curve';

export function markFirstCurve(): void {
  if (performance.getEntriesByName(FIRST_CURVE_MARK).length === 0) performance.mark(FIRST_CURVE_MARK);
}
