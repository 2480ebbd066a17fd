// state.ts — what the Explore panel shows, as a plain value, and the pure
// edits of it. No DOM: the URL codec (app/state.ts) and the tests use it too.
import type { ActivationInfo, ActivationParams } from '../../lib/types';

export interface ExploreState {
  /** Selected activation ids, in catalogue order. */
  selected: readonly string[];
  /** Parameter values by activation id, then parameter name. */
  params: Readonly<Record<string, Readonly<Record<string, number>>>>;
  zMin: number;
  zMax: number;
  showDerivative: boolean;
  showSecondDerivative: boolean;
  shadeSaturation: boolean;
  /** The formula of activation "custom"; its parameters' values are in params.custom. */
  formula: string;
}

/** @deprecated the name of the first page version */
export type PageState = ExploreState;

export const Z_LIMIT = 50;
/** Points per curve. */
export const SAMPLE_COUNT = 801;

export function defaultExploreState(catalogue: readonly ActivationInfo[]): ExploreState {
  const params: Record<string, Record<string, number>> = {};
  for (const info of catalogue) {
    params[info.id] = Object.fromEntries(info.params.map((param) => [param.name, param.default]));
  }
  const preselected = catalogue.map((info) => info.id).filter((id) => ['sigmoid', 'relu', 'gelu'].includes(id));
  const custom = catalogue.find((info) => info.id === 'custom')?.custom;
  return {
    formula: custom?.defaultFormula ?? 'z*sigmoid(z)',
    selected: preselected,
    params,
    zMin: -5,
    zMax: 5,
    showDerivative: true,
    showSecondDerivative: false,
    shadeSaturation: true,
  };
}

export function withSelected(state: ExploreState, catalogue: readonly ActivationInfo[], id: string, selected: boolean): ExploreState {
  const wanted = new Set(state.selected);
  if (selected) wanted.add(id);
  else wanted.delete(id);
  return { ...state, selected: catalogue.map((info) => info.id).filter((key) => wanted.has(key)) };
}

export function withParam(state: ExploreState, id: string, name: string, value: number): ExploreState {
  return { ...state, params: { ...state.params, [id]: { ...state.params[id], [name]: value } } };
}

/** The range, clamped to ±Z_LIMIT and kept non-empty; an invalid edit keeps the old value. */
export function withRange(state: ExploreState, zMin: number, zMax: number): ExploreState {
  const low = Number.isFinite(zMin) ? Math.max(-Z_LIMIT, Math.min(Z_LIMIT, zMin)) : state.zMin;
  const high = Number.isFinite(zMax) ? Math.max(-Z_LIMIT, Math.min(Z_LIMIT, zMax)) : state.zMax;
  return low < high ? { ...state, zMin: low, zMax: high } : state;
}

export function withShowDerivative(state: ExploreState, showDerivative: boolean): ExploreState {
  return { ...state, showDerivative };
}

/**
 * A new formula for "custom" (already checked by lab.checkFormula): its
 * parameters keep the values they had, new ones start at `start`, and names
 * the formula no longer uses are dropped.
 */
export function withFormula(state: ExploreState, formula: string, parameters: readonly string[], start: number): ExploreState {
  const old = state.params.custom ?? {};
  const values: Record<string, number> = {};
  for (const name of parameters) values[name] = old[name] ?? start;
  return { ...state, formula, params: { ...state.params, custom: values } };
}

/** What lab.evaluate takes for activation `id`: its parameters, and for "custom" its formula too. */
export function evaluationParams(state: ExploreState, id: string): ActivationParams | undefined {
  if (id !== 'custom') return state.params[id];
  return { formula: state.formula, ...state.params.custom };
}

/** The z grid of the chart: SAMPLE_COUNT evenly spaced points from zMin to zMax. */
export function sampleGrid(state: ExploreState, count = SAMPLE_COUNT): Float32Array {
  const grid = new Float32Array(count);
  const step = (state.zMax - state.zMin) / (count - 1);
  for (let i = 0; i < count; i++) grid[i] = state.zMin + i * step;
  return grid;
}
