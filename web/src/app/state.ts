// state.ts — what the page shows, as one typed value: which activations, their
// parameters, the z range. Pure functions only (no DOM, no window), so it can
// be tested in Node and later serialised into the URL. Version 1.
import type { ActivationInfo } from '../lib/activations';

export interface PageState {
  version: 1;
  /** Selected activation ids, in catalogue order. */
  selected: readonly string[];
  /** Parameter values by activation id, then parameter name. */
  params: Readonly<Record<string, Readonly<Record<string, number>>>>;
  zMin: number;
  zMax: number;
  showDerivative: boolean;
}

export const Z_LIMIT = 50;
/** Points per curve. */
export const SAMPLE_COUNT = 801;

export function defaultState(catalogue: readonly ActivationInfo[]): PageState {
  const params: Record<string, Record<string, number>> = {};
  for (const info of catalogue) {
    params[info.id] = Object.fromEntries(info.params.map((param) => [param.name, param.default]));
  }
  const preselected = catalogue.map((info) => info.id).filter((id) => ['sigmoid', 'relu', 'gelu'].includes(id));
  return { version: 1, selected: preselected, params, zMin: -5, zMax: 5, showDerivative: true };
}

export function withSelected(
  state: PageState,
  catalogue: readonly ActivationInfo[],
  id: string,
  selected: boolean,
): PageState {
  const wanted = new Set(state.selected);
  if (selected) wanted.add(id);
  else wanted.delete(id);
  return { ...state, selected: catalogue.map((info) => info.id).filter((key) => wanted.has(key)) };
}

export function withParam(state: PageState, id: string, name: string, value: number): PageState {
  return { ...state, params: { ...state.params, [id]: { ...state.params[id], [name]: value } } };
}

/** The range, clamped to ±Z_LIMIT and kept non-empty; an invalid edit keeps the old value. */
export function withRange(state: PageState, zMin: number, zMax: number): PageState {
  const low = Number.isFinite(zMin) ? Math.max(-Z_LIMIT, Math.min(Z_LIMIT, zMin)) : state.zMin;
  const high = Number.isFinite(zMax) ? Math.max(-Z_LIMIT, Math.min(Z_LIMIT, zMax)) : state.zMax;
  return low < high ? { ...state, zMin: low, zMax: high } : state;
}

export function withShowDerivative(state: PageState, showDerivative: boolean): PageState {
  return { ...state, showDerivative };
}

/** The z grid of the chart: SAMPLE_COUNT evenly spaced points from zMin to zMax. */
export function sampleGrid(state: PageState): Float32Array {
  const grid = new Float32Array(SAMPLE_COUNT);
  const step = (state.zMax - state.zMin) / (SAMPLE_COUNT - 1);
  for (let i = 0; i < SAMPLE_COUNT; i++) grid[i] = state.zMin + i * step;
  return grid;
}
