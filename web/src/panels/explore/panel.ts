// panel.ts — the Explore panel: the curves of the chosen activations and their
// derivatives, with the z range, plot options, one card per activation
// (formulas, parameter sliders) and the curves' CSV export. It recomputes the
// curves with the wasm module on every change (f and f' from lab.evaluate,
// f'' by central differences of f'), shades where each activation saturates
// (|f'| < 1% of its largest |f'|, the same definition as the trainer's
// saturated fraction), and shows the hover read-out.
//
// Built as every panel is (contract.ts): its state is an ExploreState, its
// words come from the Strings it is given, and it has no runs.
import type { Lab } from '../../lib/types';
import type { Strings } from '../../i18n/strings';
import { CurveChart, type Curve, type Shade } from '../../plot/curve-chart';
import { activationColor } from '../../plot/activation-style';
import { formatNumber } from '../../plot/widget';
import { element } from '../../shared/dom';
import { markFirstCurve } from '../../shared/first-curve';
import type { Panel, PanelCallbacks } from '../contract';
import { addPngButtons, download, exportBar } from '../export/files';
import { ActivationPicker, DetailsPanel, RangeControls } from './controls';
import { defaultExploreState, sampleGrid, withParam, withRange, withSelected, withShowDerivative, Z_LIMIT, type ExploreState } from './state';

/** |f'| below this fraction of its maximum counts as saturated. */
export const SATURATION_FRACTION = 0.01;
// Points of the dense grid over ±Z_LIMIT on which the largest |f'| is found.
const MAXIMUM_SAMPLES = 20001;

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

/** The elements of one build of the panel's view (rebuilt by setStrings). */
interface View {
  root: HTMLElement;
  picker: ActivationPicker;
  range: RangeControls;
  details: DetailsPanel;
  chart: CurveChart;
  readout: HTMLElement;
  summary: HTMLElement;
  message: HTMLElement;
}

export class ExplorePanel implements Panel<ExploreState> {
  readonly #container: HTMLElement;
  readonly #lab: Lab;
  readonly #callbacks: PanelCallbacks<ExploreState>;
  readonly #maxima = new Map<string, number>();
  #strings: Strings;
  #state: ExploreState;
  #view: View;
  #grid: Float32Array = new Float32Array(0);
  #evaluated: Evaluated[] = [];

  constructor(container: HTMLElement, lab: Lab, state: ExploreState, callbacks: PanelCallbacks<ExploreState>, strings: Strings) {
    this.#container = container;
    this.#lab = lab;
    this.#state = state;
    this.#callbacks = callbacks;
    this.#strings = strings;
    this.#view = this.#build();
    this.render();
  }

  get element(): HTMLElement {
    return this.#view.root;
  }

  get state(): ExploreState {
    return this.#state;
  }

  get chart(): CurveChart {
    return this.#view.chart;
  }

  setState(state: ExploreState): void {
    this.#state = state;
    this.render();
  }

  setStrings(strings: Strings): void {
    this.#strings = strings;
    this.#teardown();
    this.#view = this.#build();
    this.render();
  }

  destroy(): void {
    this.#teardown();
  }

  /** z and every curve on show, as CSV text. */
  curvesCsv(): string {
    const { x, series } = this.#view.chart.snapshot();
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
    const view = this.#view;
    const t = this.#strings.t;
    // Each activation has its own colour, whatever else is selected.
    const colors = new Map(state.selected.map((id) => [id, activationColor(id)]));
    view.picker.update(state);
    view.range.update(state);
    try {
      view.details.update(state, colors, (id) => this.maxDerivative(id));
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
      view.chart.setData(this.#grid, curves, shades);
      view.message.textContent = '';
      view.summary.textContent =
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
      view.message.textContent = (error as Error).message;
    }
    this.#showReadout(null);
  }

  #build(): View {
    const t = this.#strings.t;
    const catalogue = this.#lab.activations;
    const root = element('section', 'layout explore-panel');
    root.lang = this.#strings.htmlLang;
    const side = element('aside');
    const pickerSection = element('section');
    pickerSection.append(element('h2', undefined, t('explore.activations')));
    const rangeSection = element('section');
    rangeSection.append(element('h2', undefined, t('explore.plot')));
    side.append(pickerSection, rangeSection);

    const area = element('section', 'plot-area');
    const bar = element('div', 'export-bar');
    bar.id = 'explore-export';
    const figure = element('figure', 'explore-figure');
    const caption = element('figcaption', undefined, t('explore.chart'));
    caption.id = 'chart-title';
    const chartHost = element('div');
    chartHost.id = 'chart';
    const readout = element('p', 'chart-readout');
    readout.id = 'chart-readout';
    const summary = element('p', 'visually-hidden');
    summary.id = 'chart-summary';
    summary.setAttribute('aria-live', 'polite');
    figure.append(caption, chartHost, readout, summary);
    const message = element('p');
    message.id = 'message';
    message.setAttribute('role', 'status');
    const details = element('div');
    details.id = 'details';
    area.append(bar, figure, message, details);
    root.append(side, area);
    this.#container.append(root);

    const picker = new ActivationPicker(pickerSection, catalogue, (id, on) => this.#set(withSelected(this.#state, catalogue, id, on)));
    const range = new RangeControls(
      rangeSection,
      {
        onRange: (zMin, zMax) => this.#set(withRange(this.#state, zMin, zMax)),
        onResetRange: () => {
          const defaults = defaultExploreState(catalogue);
          this.#set(withRange(this.#state, defaults.zMin, defaults.zMax));
        },
        onShowDerivative: (show) => this.#set(withShowDerivative(this.#state, show)),
        onShowSecondDerivative: (show) => this.#set({ ...this.#state, showSecondDerivative: show }),
        onShadeSaturation: (shade) => this.#set({ ...this.#state, shadeSaturation: shade }),
      },
      this.#strings,
    );
    const detailsPanel = new DetailsPanel(details, catalogue, (id, name, value) => this.#set(withParam(this.#state, id, name, value)), this.#strings);
    let drawn = false;
    const chart = new CurveChart(chartHost, {
      xLabel: 'z',
      yLabel: 'f, f′',
      onZoom: (min, max) => this.#set(withRange(this.#state, min, max)),
      onCursor: (index) => this.#showReadout(index),
      onDraw: () => {
        if (drawn || this.#evaluated.length === 0) return;
        drawn = true;
        markFirstCurve();
      },
    });
    exportBar(bar, [{ id: 'explore-export-csv', label: t('export.curvesCsv'), run: () => download('actlab-curves.csv', this.curvesCsv(), 'text/csv') }], this.#strings);
    addPngButtons(root, this.#strings);
    return { root, picker, range, details: detailsPanel, chart, readout, summary, message };
  }

  #teardown(): void {
    this.#view.chart.destroy();
    this.#view.root.remove();
  }

  #set(next: ExploreState): void {
    if (next === this.#state) return;
    this.#state = next;
    this.render();
    this.#callbacks.onStateChange?.(next);
  }

  #showReadout(index: number | null): void {
    const readout = this.#view.readout;
    const t = this.#strings.t;
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

/** The Explore panel, built as every panel is. */
export function createExplorePanel(container: HTMLElement, lab: Lab, state: ExploreState, callbacks: PanelCallbacks<ExploreState>, strings: Strings): ExplorePanel {
  return new ExplorePanel(container, lab, state, callbacks, strings);
}
