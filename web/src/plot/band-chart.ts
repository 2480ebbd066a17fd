// band-chart.ts — groups of repeated runs over steps, as a uPlot chart: each
// group's mean is a line (colour and dash from its style index) and its
// min–max over the repeats a translucent band (uPlot bands). Built on the
// shared Widget frame: title, one redraw per frame, screen-reader summary.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

import './band-chart.css';

import { cssLineStyle } from './activation-style';
import { unitTicks } from './unit-counts';
import { finiteOrNullColumn as clean, fittedRightPadding, themedAxis, UPlotFrame } from './uplot-frame';
import { formatNumber, formatTick, seriesColor, seriesDash, Widget, type Theme, type WidgetOptions } from './widget';


export interface BandGroup {
  label: string;
  /** Picks colour and dash from the palette. */
  style: number;
  /** A colour of its own instead of the palette's (e.g. an activation's, activation-style.ts). */
  color?: string;
  /** A dash pattern of its own instead of the palette's. */
  dash?: readonly number[];
  /** One value per x each; NaN leaves a gap. */
  mean: ArrayLike<number>;
  min: ArrayLike<number>;
  max: ArrayLike<number>;
}

const WHOLE_NUMBER_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];

function groupColor(group: BandGroup): string {
  return group.color ?? seriesColor(group.style);
}

function groupDash(group: BandGroup): number[] {
  return group.dash ? [...group.dash] : seriesDash(group.style);
}

export interface BandChartOptions extends WidgetOptions {
  xLabel: string;
  yLabel?: string;
  /** Logarithmic y axis (base 10); values ≤ 0 leave gaps. */
  log?: boolean;
  emptyText?: string;
  /** Whole-number ticks only (counts, e.g. of units). */
  wholeNumbers?: boolean;
}

export interface BandChartSnapshot {
  x: number[];
  groups: { label: string; mean: (number | null)[]; min: (number | null)[]; max: (number | null)[] }[];
}

export class BandChart extends Widget {
  readonly #options: BandChartOptions;
  readonly #empty: HTMLParagraphElement;
  // A legend of its own: one entry per group (uPlot's would list min and max too).
  readonly #legend: HTMLDivElement;
  #log: boolean;
  #yRange: [number, number] | null = null;
  readonly #plot: UPlotFrame;
  #x: ArrayLike<number> = [];
  #groups: readonly BandGroup[] = [];

  constructor(container: HTMLElement, options: BandChartOptions) {
    super(container, { height: 220, ...options });
    this.#options = options;
    this.#log = options.log ?? false;
    this.#plot = new UPlotFrame(this.host);
    this.#empty = document.createElement('p');
    this.#empty.className = 'plot-empty';
    this.#empty.textContent = options.emptyText ?? '';
    this.host.append(this.#empty);
    this.#legend = document.createElement('div');
    this.#legend.className = 'band-legend';
    this.figure.insertBefore(this.#legend, this.host.nextSibling);
  }

  setData(x: ArrayLike<number>, groups: readonly BandGroup[]): void {
    this.#x = x;
    this.#groups = groups;
    this.requestDraw();
  }

  /** A fixed y range (e.g. 0 to a layer's width), or null to follow the data. */
  setYRange(range: [number, number] | null): void {
    if (range?.[0] === this.#yRange?.[0] && range?.[1] === this.#yRange?.[1]) return;
    this.#yRange = range;
    this.#plot.invalidate();
    this.requestDraw();
  }

  setLog(log: boolean): void {
    if (log === this.#log) return;
    this.#log = log;
    this.#plot.invalidate();
    this.requestDraw();
  }

  /** The uPlot canvas, or null while empty. */
  canvas(): HTMLCanvasElement | null {
    return this.host.querySelector('canvas');
  }

  snapshot(): BandChartSnapshot {
    return {
      x: Array.from(this.#x),
      groups: this.#groups.map((g) => ({ label: g.label, mean: clean(g.mean, false), min: clean(g.min, false), max: clean(g.max, false) })),
    };
  }

  summary(): string {
    const points = this.#x.length;
    if (points === 0 || this.#groups.length === 0) return `${this.title}: ${this.#options.emptyText ?? '–'}`;
    const last = points - 1;
    const values = this.#groups.map((g) => `${g.label} ${formatNumber(g.mean[last])}`).join(', ');
    return `${this.title}: ${this.#groups.length} × ${points} (${this.#options.xLabel} ${this.#x[last]}): ${values}.`;
  }

  protected draw(): void {
    const hasData = this.#groups.length > 0 && this.#x.length > 0;
    this.#empty.hidden = hasData || !this.#options.emptyText;
    this.#drawLegend();
    if (!hasData) {
      this.#plot.clear();
      return;
    }
    const log = this.#log;
    const columns: (number | null)[][] = [];
    for (const group of this.#groups) columns.push(clean(group.mean, log), clean(group.min, log), clean(group.max, log));
    const data = [Array.from(this.#x), ...columns] as uPlot.AlignedData;
    const theme = this.theme();
    const signature = JSON.stringify([this.#groups.map((g) => [g.label, groupColor(g), groupDash(g)]), theme, log, this.#yRange]);
    this.#plot.show(signature, data, () => this.#plotOptions(theme));
  }

  protected onResize(): void {
    this.#plot.setSize(this.width(), this.height);
  }

  protected onDestroy(): void {
    this.#plot.clear();
  }

  #drawLegend(): void {
    const entries = this.#groups.map((group) => {
      const entry = document.createElement('span');
      entry.className = 'band-legend-entry';
      const line = document.createElement('span');
      line.className = 'band-legend-line';
      line.style.borderTopColor = groupColor(group);
      line.style.borderTopStyle = cssLineStyle(groupDash(group));
      entry.append(line, document.createTextNode(group.label));
      return entry;
    });
    const signature = this.#groups.map((g) => `${g.label}/${groupColor(g)}/${groupDash(g).join(' ')}`).join(',');
    if (this.#legend.dataset.signature !== signature) {
      this.#legend.dataset.signature = signature;
      this.#legend.replaceChildren(...entries);
    }
  }

  #plotOptions(theme: Theme): uPlot.Options {
    const axis = (label: string | undefined) => themedAxis(theme, label, 48);
    const series: uPlot.Series[] = [{ label: this.#options.xLabel }];
    const bands: uPlot.Band[] = [];
    this.#groups.forEach((group, index) => {
      const color = groupColor(group);
      const value = (_u: uPlot, v: number | null) => formatNumber(v);
      series.push(
        { label: group.label, stroke: color, width: 2, dash: groupDash(group), points: { show: false }, value },
        { label: `${group.label} min`, stroke: `${color}66`, width: 0.5, points: { show: false }, value },
        { label: `${group.label} max`, stroke: `${color}66`, width: 0.5, points: { show: false }, value },
      );
      const mean = 1 + 3 * index;
      bands.push({ series: [mean + 2, mean + 1], fill: `${color}2e` });
    });
    return {
      width: this.width(),
      height: this.height,
      padding: [null, fittedRightPadding(), null, null],
      scales: { x: { time: false }, y: this.#log ? { distr: 3, log: 10 } : this.#yRange ? { range: this.#yRange } : {} },
      axes: [
        axis(this.#options.xLabel),
        {
          ...axis(this.#options.yLabel),
          values: (_u, ticks) => ticks.map(formatTick),
          // Counts get whole-number ticks only (no "2.5 units"); from 0 to n, the ticks end at n.
          ...(this.#options.wholeNumbers ? { incrs: WHOLE_NUMBER_STEPS } : {}),
          ...(this.#options.wholeNumbers && this.#yRange?.[0] === 0 && Number.isInteger(this.#yRange[1]) ? { splits: () => unitTicks(this.#yRange![1]) } : {}),
        },
      ],
      cursor: { drag: { x: false, y: false } },
      legend: { show: false },
      series,
      bands,
    };
  }
}
