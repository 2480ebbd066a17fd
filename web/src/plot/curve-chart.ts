// curve-chart.ts — a line chart of curves y(x) over a shared x grid, on uPlot.
// A self-contained widget: built from (container, options), fed typed arrays,
// redraws at most once per animation frame however often it is fed, follows
// its container's width, and is removed with destroy(). No app state in here.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Curve {
  label: string;
  /** One value per x; NaN leaves a gap. */
  values: Float32Array;
  /** Any CSS colour. */
  color: string;
  dashed?: boolean;
}

export interface CurveChartOptions {
  /** Height in CSS pixels (default 420). */
  height?: number;
  xLabel?: string;
  yLabel?: string;
}

interface PendingData {
  xs: Float32Array;
  curves: readonly Curve[];
}

export class CurveChart {
  readonly #container: HTMLElement;
  readonly #height: number;
  readonly #xLabel: string;
  readonly #yLabel: string;
  readonly #resizeObserver: ResizeObserver;
  #plot: uPlot | null = null;
  // The series a plot was built for; when it changes the plot is rebuilt, otherwise only its data.
  #seriesSignature = '';
  #pending: PendingData | null = null;
  #frame = 0;

  constructor(container: HTMLElement, options: CurveChartOptions = {}) {
    this.#container = container;
    this.#height = options.height ?? 420;
    this.#xLabel = options.xLabel ?? 'x';
    this.#yLabel = options.yLabel ?? 'y';
    this.#resizeObserver = new ResizeObserver(() => {
      this.#plot?.setSize({ width: this.#width(), height: this.#height });
    });
    this.#resizeObserver.observe(container);
  }

  /** Shows these curves; the arrays are read at the next frame, not copied. */
  setData(xs: Float32Array, curves: readonly Curve[]): void {
    this.#pending = { xs, curves };
    if (this.#frame === 0) this.#frame = requestAnimationFrame(() => this.#draw());
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
    const data: uPlot.AlignedData = [pending.xs, ...pending.curves.map((curve) => curve.values)];
    const signature = JSON.stringify(pending.curves.map(({ label, color, dashed }) => [label, color, dashed]));
    if (this.#plot && signature === this.#seriesSignature) {
      this.#plot.setData(data);
      return;
    }
    this.#plot?.destroy();
    this.#seriesSignature = signature;
    this.#plot = new uPlot(this.#plotOptions(pending.curves), data, this.#container);
  }

  #plotOptions(curves: readonly Curve[]): uPlot.Options {
    return {
      width: this.#width(),
      height: this.#height,
      scales: { x: { time: false } },
      axes: [{ label: this.#xLabel }, { label: this.#yLabel }],
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: this.#xLabel, value: (_plot, value) => (value == null ? '' : value.toFixed(3)) },
        ...curves.map((curve) => ({
          label: curve.label,
          stroke: curve.color,
          width: 2,
          dash: curve.dashed ? [6, 4] : undefined,
          points: { show: false },
          value: (_plot: uPlot, value: number | null) => (value == null ? '' : value.toPrecision(5)),
        })),
      ],
    };
  }
}
