// colors.ts — one stable colour per activation, from its place in the
// catalogue. A fixed palette of well-separated colours: with 17 curves, hues
// spaced by formula end up too close for neighbours on the chart.
const PALETTE = [
  '#4e79a7', '#e15759', '#59a14f', '#7b3fb0', '#ff6f91', '#17becf', '#d4a017', '#b07aa1', '#2f4b7c',
  '#f28e2b', '#8c564b', '#2ca02c', '#9467bd', '#1b9e77', '#d62728', '#1f77b4', '#6b6b6b',
];

export function activationColor(index: number): string {
  return PALETTE[index % PALETTE.length];
}
