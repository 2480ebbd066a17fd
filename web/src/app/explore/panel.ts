// panel.ts — the Explore panel's controller: holds the Explore part of the
// page state, recomputes the curves with the wasm module on every change
// (f and f' from lab.evaluate, f'' by central differences of f'), shades where
// each activation saturates (|f'| < 1% of its largest |f'|, the same
// definition as the trainer's saturated fraction), and shows the hover read-out.
import type { Lab } from '../../lib/types';
import { CurveChart, type Curve, type Shade } from '../../plot/curve-chart';
import { formatNumber, seriesColor } from '../../plot/widget';
import { t } from '../i18n/page';
import {
  defaultExploreState,
  sampleGrid,
  withParam,
  withRange,
  withSelected,
  withShowDerivative,
  Z_LIMIT,
  type PageState,
} from '../state';
import { ActivationPicker, DetailsPanel, RangeControls } from './controls';

/** |f'| below this fraction of its maximum counts as saturated. */
export const SATURATION_FRACTION = 0.01;
// Points of the dense grid over ±Z_LIMIT on which the largest |f'| is found.
const MAXIMUM_SAMPLES = 20001;

export interface ExploreElements {
  picker: HTMLElement;
  range: HTMLElement;
  chart: HTMLElement;
  readout: HTMLElement;
  summary: HTMLElement;
  message: HTMLElement;
  details: HTMLElement;
}

interface Evaluated {
  id: string;
  name: string;
  color: string;
  y: Float32Array;
  dydz: Float32Array;
}

/** f'' by central differences of f' (one-sided at the ends); NaN where f' jumps in a kink. */
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

/** The x intervals of the grid where |f'| < threshold, as shades of `color`. */
export function saturatedIntervals(z: Float32Array, dydz: Float32Array, threshold: number, color: string): Shade[] {
  const shades: Shade[] = [];
  let start = -1;
  const half = z.length > 1 ? (z[1] - z[0]) / 2 : 0;
  for (let i = 0; i <= z.length; i++) {
    const flat = i < z.length && Math.abs(dydz[i]) < threshold;
    if (flat && start < 0) start = i;
    if (!flat && start >= 0) {
      shades.push({ from: Math.max(z[0], z[start] - half), to: Math.min(z[z.length - 1], z[i - 1] + half), color });
      start = -1;
    }
  }
  return shades;
}

export class ExplorePanel {
  readonly #lab: Lab;
  readonly #elements: ExploreElements;
  readonly #picker: ActivationPicker;
  readonly #range: RangeControls;
  readonly #details: DetailsPanel;
  readonly #chart: CurveChart;
  readonly #onChange: (state: PageState) => void;
  readonly #maxima = new Map<string, number>();
  #state: PageState;
  #grid: Float32Array = new Float32Array(0);
  #evaluated: Evaluated[] = [];

  constructor(lab: Lab, elements: ExploreElements, state: PageState, onChange: (state: PageState) => void) {
    this.#lab = lab;
    this.#elements = elements;
    this.#state = state;
    this.#onChange = onChange;
    const catalogue = lab.activations;
    this.#picker = new ActivationPicker(elements.picker, catalogue, (id, on) => this.#set(withSelected(this.#state, catalogue, id, on)));
    this.#range = new RangeControls(elements.range, {
      onRange: (zMin, zMax) => this.#set(withRange(this.#state, zMin, zMax)),
      onResetRange: () => {
        const defaults = defaultExploreState(catalogue);
        this.#set(withRange(this.#state, defaults.zMin, defaults.zMax));
      },
      onShowDerivative: (show) => this.#set(withShowDerivative(this.#state, show)),
      onShowSecondDerivative: (show) => this.#set({ ...this.#state, showSecondDerivative: show }),
      onShadeSaturation: (shade) => this.#set({ ...this.#state, shadeSaturation: shade }),
    });
    this.#details = new DetailsPanel(elements.details, catalogue, (id, name, value) => this.#set(withParam(this.#state, id, name, value)));
    this.#chart = new CurveChart(elements.chart, {
      xLabel: 'z',
      yLabel: "f, f′",
      onZoom: (min, max) => this.#set(withRange(this.#state, min, max)),
      onCursor: (index) => this.#showReadout(index),
    });
    this.render();
  }

  get state(): PageState {
    return this.#state;
  }

  get chart(): CurveChart {
    return this.#chart;
  }

  /** z and every curve on show, as CSV text. */
  curvesCsv(): string {
    const { x, series } = this.#chart.snapshot();
    const header = ['z', ...series.map((s) => `"${s.label.replace(/"/g, '""')}"`)].join(',');
    const rows = x.map((z, i) => [z, ...series.map((s) => s.values[i])].join(','));
    return [header, ...rows].join('\n') + '\n';
  }

  /** Largest |f'| of `id` with its current parameters, over z in ±Z_LIMIT (cached per parameter set). */
  maxDerivative(id: string): number {
    const params = this.#state.params[id] ?? {};
    const key = `${id}${JSON.stringify(params)}`;
    let maximum = this.#maxima.get(key);
    if (maximum === undefined) {
      const dense = new Float32Array(MAXIMUM_SAMPLES);
      for (let i = 0; i < MAXIMUM_SAMPLES; i++) dense[i] = -Z_LIMIT + (2 * Z_LIMIT * i) / (MAXIMUM_SAMPLES - 1);
      const { dydz } = this.#lab.evaluate(id, dense, params);
      maximum = 0;
      for (const value of dydz) if (Math.abs(value) > maximum) maximum = Math.abs(value);
      if (this.#maxima.size > 500) this.#maxima.clear();
      this.#maxima.set(key, maximum);
    }
    return maximum;
  }

  render(): void {
    const state = this.#state;
    const colors = new Map(state.selected.map((id, index) => [id, seriesColor(index)]));
    this.#picker.update(state);
    this.#range.update(state);
    try {
      this.#details.update(state, colors, (id) => this.maxDerivative(id));
      this.#grid = sampleGrid(state);
      this.#evaluated = state.selected.map((id) => {
        const info = this.#lab.activations.find((entry) => entry.id === id)!;
        const { y, dydz } = this.#lab.evaluate(id, this.#grid, state.params[id]);
        return { id, name: info.name, color: colors.get(id)!, y, dydz };
      });
      const curves: Curve[] = [];
      const shades: Shade[] = [];
      for (const curve of this.#evaluated) {
        curves.push({ label: curve.name, values: curve.y, color: curve.color, width: 2.5 });
        if (state.showDerivative) curves.push({ label: `${curve.name} f′`, values: curve.dydz, color: curve.color, dash: [6, 4], width: 1.5 });
        if (state.showSecondDerivative) {
          curves.push({ label: `${curve.name} f″`, values: secondDerivative(this.#grid, curve.dydz), color: curve.color, dash: [1.5, 3], width: 1.5 });
        }
        if (state.shadeSaturation) {
          const threshold = SATURATION_FRACTION * this.maxDerivative(curve.id);
          shades.push(...saturatedIntervals(this.#grid, curve.dydz, threshold, `${curve.color}26`));
        }
      }
      this.#chart.setData(this.#grid, curves, shades);
      this.#elements.message.textContent = '';
      this.#elements.summary.textContent =
        this.#evaluated.length === 0
          ? t('explore.summaryNone')
          : t('explore.summary', {
              count: this.#evaluated.length,
              zMin: formatNumber(state.zMin),
              zMax: formatNumber(state.zMax),
              names: this.#evaluated.map((e) => e.name).join(', '),
            });
    } catch (error) {
      // evaluate() names the parameter and its range; shown as text.
      this.#elements.message.textContent = (error as Error).message;
    }
    this.#showReadout(null);
  }

  /** Replaces the Explore state (e.g. from the URL). */
  setState(state: PageState): void {
    this.#state = state;
    this.render();
  }

  #set(next: PageState): void {
    if (next === this.#state) return;
    this.#state = next;
    this.render();
    this.#onChange(next);
  }

  #showReadout(index: number | null): void {
    const readout = this.#elements.readout;
    if (index === null || index >= this.#grid.length || this.#evaluated.length === 0) {
      readout.textContent = t('explore.zoomHint');
      return;
    }
    const parts = [t('explore.readout', { z: formatNumber(this.#grid[index], 4) })];
    for (const curve of this.#evaluated) {
      parts.push(t('explore.readoutSeries', { name: curve.name, f: formatNumber(curve.y[index], 4), df: formatNumber(curve.dydz[index], 4) }));
    }
    readout.textContent = parts.join(' · ');
  }
}
