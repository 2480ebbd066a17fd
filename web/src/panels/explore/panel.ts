// panel.ts — the Explore panel: the curves of the chosen activations and their
// derivatives, with the z range, plot options, one card per activation
// (formulas, parameter sliders) and the curves' CSV export. It recomputes the
// curves with the wasm module on every change (f, f' and the exact f'' from
// lab.evaluate, with gaps at kinks: derivatives.ts), lets the student type an
// activation of their own (formula-card.ts, checked by the module),
// scales y to a robust range (one spike cannot flatten the rest), shades
// where each activation is flat (|f'| < 1% of its largest |f'|, the same
// definition as the trainer's saturated fraction) with a legend saying what
// the shading means for each, and shows the hover read-out.
//
// Built as every panel is (contract.ts): its state is an ExploreState, its
// words come from the Strings it is given, and it has no runs.
import type { Lab } from '../../lib/types';
import type { Strings } from '../../i18n/strings';
import { CurveChart, type Curve, type Shade } from '../../plot/curve-chart';
import { robustRange } from '../../plot/robust-range';
import { saturationKind } from '../saturation';
import { kinkIntervals, saturatedIntervals, withGapsAtKinks } from './derivatives';
import { activationColor } from '../../plot/activation-style';
import { formatNumber } from '../../plot/widget';
import { element } from '../../shared/dom';
import { prefersTap } from '../../shared/pointer';
import { markFirstCurve } from '../../shared/first-curve';
import type { Panel, PanelCallbacks } from '../contract';
import { addPngButtons, download, exportBar } from '../export/files';
import { Glossary } from '../glossary';
import { ActivationPicker, DetailsPanel, RangeControls } from './controls';
import { defaultExploreState, evaluationParams, sampleGrid, withFormula, withParam, withRange, withSelected, withShowDerivative, Z_LIMIT, type ExploreState } from './state';

/** |f'| below this fraction of its maximum counts as saturated. */
export const SATURATION_FRACTION = 0.01;
export { kinkIntervals, saturatedIntervals, secondDerivative, withGapsAtKinks } from './derivatives';
// Points of the dense grid over ±Z_LIMIT on which the largest |f'| is found.
const MAXIMUM_SAMPLES = 20001;

interface Evaluated {
  id: string;
  name: string;
  color: string;
  y: Float32Array;
  dydz: Float32Array;
  d2ydz2: Float32Array;
}

/** The elements of one build of the panel's view (rebuilt by setStrings). */
interface View {
  root: HTMLElement;
  picker: ActivationPicker;
  range: RangeControls;
  details: DetailsPanel;
  chart: CurveChart;
  readout: HTMLElement;
  shadeLegend: HTMLElement;
  summary: HTMLElement;
  message: HTMLElement;
  glossary: Glossary;
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

  /** Largest finite |f'| of `id` with its current parameters, over z in ±Z_LIMIT (cached per parameter set); NaN when the module refuses them. */
  maxDerivative(id: string): number {
    const params = evaluationParams(this.#state, id) ?? {};
    const key = `${id}${JSON.stringify(params)}`;
    let maximum = this.#maxima.get(key);
    if (maximum === undefined) {
      const dense = new Float32Array(MAXIMUM_SAMPLES);
      for (let i = 0; i < MAXIMUM_SAMPLES; i++) dense[i] = -Z_LIMIT + (2 * Z_LIMIT * i) / (MAXIMUM_SAMPLES - 1);
      maximum = 0;
      try {
        // Over finite values: exp(exp(z)) overflows at the ends of the grid, its maximum is the largest finite one.
        const { dydz } = this.#lab.evaluate(id, dense, params);
        for (const value of dydz) if (Number.isFinite(value) && Math.abs(value) > maximum) maximum = Math.abs(value);
      } catch {
        maximum = NaN; // render() says why
      }
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
      // One activation the module refuses (a formula from an old link) leaves the others on the chart.
      const problems: string[] = [];
      this.#evaluated = state.selected.flatMap((id) => {
        const info = this.#lab.activations.find((entry) => entry.id === id)!;
        try {
          const { y, dydz, d2ydz2 } = this.#lab.evaluate(id, this.#grid, evaluationParams(state, id), { second: true });
          return [{ id, name: info.name, color: colors.get(id)!, y, dydz, d2ydz2 }];
        } catch (error) {
          problems.push((error as Error).message);
          return [];
        }
      });
      const curves: Curve[] = [];
      const shades: Shade[] = [];
      const shaded: Evaluated[] = [];
      for (const curve of this.#evaluated) {
        curves.push({ label: curve.name, values: curve.y, color: curve.color, width: 2.5 });
        if (state.showDerivative) curves.push({ label: `${curve.name} f′`, values: curve.dydz, color: curve.color, dash: [6, 4], width: 1.5 });
        if (state.showSecondDerivative) {
          // f″ does not exist at a kink: a gap there, not a spike of 1/(grid step).
          const second = withGapsAtKinks(curve.d2ydz2, kinkIntervals(curve.dydz));
          curves.push({ label: `${curve.name} f″`, values: second, color: curve.color, dash: [1.5, 3], width: 1.5 });
        }
        if (state.shadeSaturation) {
          const threshold = SATURATION_FRACTION * this.maxDerivative(curve.id);
          const flat = saturatedIntervals(this.#grid, curve.dydz, threshold);
          shades.push(...flat.map((interval) => ({ ...interval, color: `${curve.color}26` })));
          if (flat.length > 0) shaded.push(curve);
        }
      }
      view.chart.setData(this.#grid, curves, shades, robustRange(curves.map((curve) => curve.values)));
      this.#showShadeLegend(shaded);
      view.message.textContent = problems.join(' ');
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
    const shadeLegend = element('div', 'shade-legend');
    shadeLegend.id = 'shade-legend';
    figure.append(caption, chartHost, shadeLegend, readout, summary);
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
    const detailsPanel = new DetailsPanel(
      details,
      catalogue,
      (id, name, value) => this.#set(withParam(this.#state, id, name, value)),
      {
        check: (formula) => this.#lab.checkFormula(formula),
        onFormula: (formula, parameters) => this.#set(withFormula(this.#state, formula, parameters, catalogue.find((info) => info.id === 'custom')?.custom?.parameterDefault ?? 1)),
      },
      this.#strings,
    );
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
    // What the shading means: saturated, against f′ max.
    const glossary = new Glossary(root, this.#strings);
    const shadeLabel = rangeSection.querySelector('input[name="shade"]')?.closest('label');
    if (shadeLabel) shadeLabel.after(glossary.helpButton('saturated'), glossary.helpButton('fmax'));
    exportBar(bar, [{ id: 'explore-export-csv', label: t('export.curvesCsv'), run: () => download('actlab-curves.csv', this.curvesCsv(), 'text/csv') }], this.#strings);
    addPngButtons(root, this.#strings);
    return { root, picker, range, details: detailsPanel, chart, readout, shadeLegend, summary, message, glossary };
  }

  #teardown(): void {
    this.#view.details.destroy();
    this.#view.glossary.destroy();
    this.#view.chart.destroy();
    this.#view.root.remove();
  }

  #set(next: ExploreState): void {
    if (next === this.#state) return;
    this.#state = next;
    this.render();
    this.#callbacks.onStateChange?.(next);
  }

  /** What the shading means: one sentence, then each shaded activation's colour and whether it is saturated or switched off there. */
  #showShadeLegend(shaded: readonly Evaluated[]): void {
    const legend = this.#view.shadeLegend;
    const t = this.#strings.t;
    legend.hidden = shaded.length === 0;
    if (shaded.length === 0) {
      legend.replaceChildren();
      return;
    }
    const entries = shaded.map((curve) => {
      const entry = element('span', 'shade-legend-entry');
      const swatch = element('span', 'shade-swatch');
      swatch.style.backgroundColor = `${curve.color}40`;
      swatch.style.borderColor = curve.color;
      const meaning = saturationKind(this.#lab.activations, curve.id) === 'saturates' ? 'explore.shade.saturated' : 'explore.shade.off';
      entry.append(swatch, document.createTextNode(t(meaning, { name: curve.name })));
      return entry;
    });
    legend.replaceChildren(element('span', 'shade-legend-text', t('explore.shadeLegend')), ...entries);
  }

  #showReadout(index: number | null): void {
    const readout = this.#view.readout;
    const t = this.#strings.t;
    if (index === null || index >= this.#grid.length || this.#evaluated.length === 0) {
      readout.textContent = t(prefersTap() ? 'explore.zoomHint.touch' : 'explore.zoomHint');
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
