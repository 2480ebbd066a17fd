// line-chart.ts — metrics over training steps (loss, gradient norms, dead
// units, ...) as a uPlot line chart. Series are columns of typed arrays
// sharing one x column; a series' colour and dash come from its style index
// (widget.ts palette), so "layer 2" looks the same on every chart. Optional
// log y scale, for gradient norms that span many decades.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

import { finiteOrNull, finiteOrNullColumn, fittedRightPadding, themedAxis, UPlotFrame } from './uplot-frame';
import { formatNumber, formatTick, seriesColor, seriesDash, Widget, type Theme, type WidgetOptions } from './widget';

export interface LineSeries {
  label: string;
  /** One value per x; NaN (or ≤ 0 on a log scale) leaves a gap. */
  values: ArrayLike<number>;
  /** Picks colour and dash from the palette. */
  style: number;
  /** A colour of its own instead of the palette's (e.g. an activation's, activation-style.ts). */
  color?: string;
  /** A dash pattern of its own instead of the palette's. */
  dash?: readonly number[];
  /** Draw dotted regardless of style (e.g. the second quantity of a pair). */
  dotted?: boolean;
  /** Thinner line (e.g. min/max around a mean). */
  thin?: boolean;
}

export interface LineChartOptions extends WidgetOptions {
  xLabel: string;
  yLabel?: string;
  /** Logarithmic y axis (base 10). */
  log?: boolean;
  /** Fixed y range; by default it follows the data. */
  yRange?: [number, number];
  /** Shown instead of the chart while there are no series. */
  emptyText?: string;
  /** Shown on a log scale when no value is positive (e.g. every gradient is exactly 0). */
  allZeroText?: string;
  /** The summary sentence; by default English. `values` is "label value, ..." at the last x. */
  describe?: (summary: LineSummary) => string;
}

export interface LineSummary {
  title: string;
  series: number;
  points: number;
  x: number;
  values: string;
}

function describeInEnglish(s: LineSummary): string {
  return `${s.title}: ${s.series} series over ${s.points} points; at ${s.x}: ${s.values}.`;
}

export interface LineChartSnapshot {
  x: number[];
  series: { label: string; values: (number | null)[] }[];
}

export class LineChart extends Widget {
  readonly #options: LineChartOptions;
  readonly #empty: HTMLParagraphElement;
  readonly #plot: UPlotFrame;
  #x: ArrayLike<number> = [];
  #series: readonly LineSeries[] = [];

  constructor(container: HTMLElement, options: LineChartOptions) {
    super(container, { height: 180, ...options });
    this.#options = { ...options };
    this.#plot = new UPlotFrame(this.host);
    this.#empty = document.createElement('p');
    this.#empty.className = 'plot-empty';
    this.#empty.textContent = options.emptyText ?? '';
    this.host.append(this.#empty);
  }

  /** Replaces the text shown while there are no series ('' for none). */
  setEmptyText(text: string): void {
    if (this.#options.emptyText === text) return;
    this.#options.emptyText = text;
    this.requestDraw();
  }

  /** Shows these series over x; the arrays are read at the next frame, not copied. */
  setData(x: ArrayLike<number>, series: readonly LineSeries[]): void {
    this.#x = x;
    this.#series = series;
    this.requestDraw();
  }

  snapshot(): LineChartSnapshot {
    const log = this.#options.log ?? false;
    return {
      x: Array.from(this.#x),
      series: this.#series.map((s) => ({ label: s.label, values: finiteOrNullColumn(s.values, log) })),
    };
  }

  summary(): string {
    const points = this.#x.length;
    if (points === 0 || this.#series.length === 0) return `${this.title}: ${this.#options.emptyText ?? '–'}`;
    const last = points - 1;
    const values = this.#series.map((s) => `${s.label} ${formatNumber(s.values[last])}`).join(', ');
    const describe = this.#options.describe ?? describeInEnglish;
    return describe({ title: this.title, series: this.#series.length, points, x: this.#x[last], values });
  }

  protected draw(): void {
    const hasData = this.#series.length > 0 && this.#x.length > 0;
    const log = this.#options.log ?? false;
    const allZero =
      hasData && log && this.#series.every((s) => { for (let i = 0; i < s.values.length; i++) if (s.values[i] > 0) return false; return true; });
    this.#empty.textContent = (allZero ? this.#options.allZeroText : this.#options.emptyText) ?? '';
    this.#empty.hidden = (hasData && !allZero) || !this.#empty.textContent;
    // uPlot reads null as a gap; NaN and non-positive values on a log axis must become null.
    const needsCleaning = this.#series.some((s) => {
      for (let i = 0; i < s.values.length; i++) if (finiteOrNull(s.values[i], log) === null) return true;
      return false;
    });
    const columns = this.#series.map((s) =>
      needsCleaning ? finiteOrNullColumn(s.values, log) : (s.values as number[]),
    );
    const data = [this.#x as number[], ...columns] as uPlot.AlignedData;
    const theme = this.theme();
    const signature = JSON.stringify([this.#series.map((s) => [s.label, s.style, s.color, s.dash, s.dotted, s.thin]), theme, hasData]);
    if (!hasData) {
      this.#plot.clear();
      return;
    }
    this.#plot.show(signature, data, () => this.#plotOptions(theme));
  }

  protected onResize(): void {
    this.#plot.setSize(this.width(), this.height);
  }

  protected onDestroy(): void {
    this.#plot.clear();
  }

  #plotOptions(theme: Theme): uPlot.Options {
    const log = this.#options.log ?? false;
    const axis = (label: string | undefined) => themedAxis(theme, label, 44);
    const yScale: uPlot.Scale = log ? { distr: 3, log: 10 } : {};
    if (this.#options.yRange) yScale.range = this.#options.yRange;
    return {
      width: this.width(),
      height: this.height,
      padding: [null, fittedRightPadding(), null, null],
      scales: { x: { time: false }, y: yScale },
      axes: [axis(this.#options.xLabel), { ...axis(this.#options.yLabel), values: (_u, ticks) => ticks.map(formatTick) }],
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      series: [
        { label: this.#options.xLabel },
        ...this.#series.map((s) => ({
          label: s.label,
          stroke: s.color ?? seriesColor(s.style),
          width: s.thin ? 1 : 2,
          dash: s.dotted ? [2, 3] : s.dash ? [...s.dash] : seriesDash(s.style),
          points: { show: false },
          spanGaps: false,
          value: (_u: uPlot, value: number | null) => formatNumber(value),
        })),
      ],
    };
  }
}
