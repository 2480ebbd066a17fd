// curve-chart.ts — a line chart of curves y(x) over a shared x grid, on uPlot.
// A self-contained widget: built from (container, options), fed typed arrays,
// redraws at most once per animation frame however often it is fed, follows
// its container's width, and is removed with destroy(). No app state in here:
// a drag across the chart is reported through onZoom (the owner resamples the
// range), the cursor through onCursor, and shaded x intervals are drawn under
// the curves.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

import { exposePlot, finiteOrNullColumn, fittedAxisSize, fittedRightPadding } from './uplot-frame';
import { readTheme } from './widget';

export interface Curve {
  label: string;
  /** One value per x; NaN leaves a gap. */
  values: Float32Array;
  /** Any CSS colour. */
  color: string;
  /** Canvas dash pattern; solid when absent. */
  dash?: number[];
  /** Line width in CSS pixels (default 2). */
  width?: number;
}

/** An x interval drawn as a translucent band over the whole height. */
export interface Shade {
  from: number;
  to: number;
  /** A CSS colour with alpha. */
  color: string;
}

export interface CurveChartOptions {
  /** Height in CSS pixels (default 420). */
  height?: number;
  xLabel?: string;
  yLabel?: string;
  /** A drag selected x from min to max. Without it dragging does nothing. */
  onZoom?: (min: number, max: number) => void;
  /** The cursor is at grid index `index` (null when it leaves the chart). */
  onCursor?: (index: number | null) => void;
  /** After each draw of new data. */
  onDraw?: () => void;
  /** A small chart: no legend, no cursor, axes without labels. */
  compact?: boolean;
}

export interface CurveChartSnapshot {
  x: number[];
  series: { label: string; values: number[] }[];
  shades: Shade[];
  /** the y range given to setData, or null when the chart follows the data */
  yRange: [number, number] | null;
}

interface PendingData {
  xs: Float32Array;
  curves: readonly Curve[];
  shades: readonly Shade[];
  yRange: [number, number] | null;
}

/** What a chart hangs on its container, so tests and the export can reach it. */
export interface CurveChartHost extends HTMLElement {
  actlabChart?: CurveChart;
}

export class CurveChart {
  readonly #container: HTMLElement;
  readonly #options: CurveChartOptions;
  readonly #height: number;
  readonly #resizeObserver: ResizeObserver;
  #plot: uPlot | null = null;
  // The series a plot was built for; when it changes the plot is rebuilt, otherwise only its data.
  #seriesSignature = '';
  #pending: PendingData | null = null;
  #shown: PendingData | null = null;
  #frame = 0;

  constructor(container: HTMLElement, options: CurveChartOptions = {}) {
    this.#container = container;
    this.#options = options;
    this.#height = options.height ?? 420;
    this.#resizeObserver = new ResizeObserver(() => {
      this.#plot?.setSize({ width: this.#width(), height: this.#height });
    });
    this.#resizeObserver.observe(container);
    (container as CurveChartHost).actlabChart = this;
  }

  /** Shows these curves (over yRange, if given: e.g. robust-range.ts); the arrays are read at the next frame, not copied. */
  setData(xs: Float32Array, curves: readonly Curve[], shades: readonly Shade[] = [], yRange: [number, number] | null = null): void {
    this.#pending = { xs, curves, shades, yRange };
    if (this.#frame === 0) this.#frame = requestAnimationFrame(() => this.#draw());
  }

  /** The data on show (after the pending frame, if any), as plain arrays. */
  snapshot(): CurveChartSnapshot {
    const shown = this.#pending ?? this.#shown;
    return {
      x: shown ? Array.from(shown.xs) : [],
      series: shown ? shown.curves.map((curve) => ({ label: curve.label, values: Array.from(curve.values) })) : [],
      shades: shown ? shown.shades.map((shade) => ({ ...shade })) : [],
      yRange: shown?.yRange ? [...shown.yRange] : null,
    };
  }

  /** The chart's canvas (axes and curves), or null before the first draw. */
  canvas(): HTMLCanvasElement | null {
    return this.#container.querySelector('canvas');
  }

  destroy(): void {
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#pending = null;
    this.#resizeObserver.disconnect();
    this.#plot?.destroy();
    this.#plot = null;
  }

  #width(): number {
    return Math.max(200, this.#container.clientWidth);
  }

  #draw(): void {
    this.#frame = 0;
    const pending = this.#pending;
    this.#pending = null;
    if (!pending) return;
    this.#shown = pending;
    // NaN and ±∞ (a kink's f″, exp(exp(z)) overflowing) become null, uPlot's gap; finite columns go in as they are.
    const column = (values: Float32Array) => (values.every(Number.isFinite) ? values : finiteOrNullColumn(values, false));
    const data = [pending.xs, ...pending.curves.map((curve) => column(curve.values))] as uPlot.AlignedData;
    const theme = readTheme(this.#container);
    const signature = JSON.stringify([pending.curves.map(({ label, color, dash, width }) => [label, color, dash, width]), theme]);
    if (this.#plot && signature === this.#seriesSignature) {
      this.#plot.setData(data);
    } else {
      this.#plot?.destroy();
      this.#seriesSignature = signature;
      this.#plot = exposePlot(new uPlot(this.#plotOptions(pending.curves, theme), data, this.#container));
    }
    this.#options.onDraw?.();
  }

  #drawShades(plot: uPlot): void {
    const shades = this.#shown?.shades ?? [];
    if (shades.length === 0) return;
    const context = plot.ctx;
    const { top, height } = plot.bbox;
    context.save();
    for (const shade of shades) {
      const left = plot.valToPos(shade.from, 'x', true);
      const right = plot.valToPos(shade.to, 'x', true);
      context.fillStyle = shade.color;
      context.fillRect(left, top, Math.max(1, right - left), height);
    }
    context.restore();
  }

  #plotOptions(curves: readonly Curve[], theme: ReturnType<typeof readTheme>): uPlot.Options {
    const xLabel = this.#options.xLabel ?? 'x';
    const axis = (label: string): uPlot.Axis => ({
      label,
      stroke: theme.muted,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { stroke: theme.grid, width: 1 },
      size: fittedAxisSize(50),
    });
    const zoomable = this.#options.onZoom !== undefined;
    const compact = this.#options.compact === true;
    const compactAxis = (): uPlot.Axis => ({ ...axis(''), label: undefined, size: fittedAxisSize(36), font: '11px system-ui, sans-serif' });
    return {
      width: this.#width(),
      height: this.#height,
      padding: [null, fittedRightPadding(), null, null],
      scales: {
        x: { time: false },
        // The range given with the data, else uPlot's own (the data's extent, padded).
        y: { range: (_plot, min, max) => this.#shown?.yRange ?? (min === null || max === null ? [0, 1] : uPlot.rangeNum(min, max, 0.1, true)) },
      },
      axes: compact ? [compactAxis(), compactAxis()] : [axis(xLabel), axis(this.#options.yLabel ?? 'y')],
      ...(compact ? { legend: { show: false } } : {}),
      // The owner resamples the zoomed range, so uPlot only reports the selection.
      cursor: compact ? { show: false } : { drag: { x: zoomable, y: false, setScale: false } },
      hooks: {
        drawClear: [(plot) => this.#drawShades(plot)],
        setSelect: [
          (plot) => {
            if (!zoomable || plot.select.width < 4) return;
            const min = plot.posToVal(plot.select.left, 'x');
            const max = plot.posToVal(plot.select.left + plot.select.width, 'x');
            plot.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            this.#options.onZoom?.(min, max);
          },
        ],
        setCursor: [
          (plot) => {
            const index = plot.cursor.idx;
            this.#options.onCursor?.(index === undefined || index === null ? null : index);
          },
        ],
      },
      series: [
        { label: xLabel, value: (_plot, value) => (value == null ? '' : value.toFixed(3)) },
        ...curves.map((curve) => ({
          label: curve.label,
          stroke: curve.color,
          width: curve.width ?? 2,
          dash: curve.dash,
          points: { show: false },
          value: (_plot: uPlot, value: number | null) => (value == null ? '' : value.toPrecision(5)),
        })),
      ],
    };
  }
}
