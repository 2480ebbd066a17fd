// preact-histograms.ts — one small panel per layer: the histogram of the
// layer's pre-activations z, drawn over the activation's derivative f'(z) on
// the same z axis, so units drifting into the flat (f' ≈ 0) region are seen
// as bars under the flat part of the curve. Canvas; one draw per frame.
//
// Deliberately left out: computing f'. The caller samples it (lab.evaluate)
// over [lo, hi] of each layer and passes the samples in.
import { CanvasSurface, formatNumber, seriesColor, Widget, type LabelReport, type Theme, type WidgetOptions } from './widget';

export interface HistogramLayer {
  label: string;
  /** z of the left edge of the first bin and the right edge of the last */
  lo: number;
  hi: number;
  counts: ArrayLike<number>;
  /** f'(z) at evenly spaced z from lo to hi (inclusive); empty for none. */
  derivative: ArrayLike<number>;
  mean?: number | null;
  std?: number | null;
  /** share (0..1) in the flat region, for the summary */
  saturatedFraction?: number | null;
}

const PANEL_MIN_WIDTH = 150;

export interface HistogramTexts {
  /** one layer's part of the summary */
  describeLayer(layer: { label: string; mean: string; std: string; flatPercent: string }): string;
  /** drawn when f' is 0 over the whole range shown */
  derivativeZero: string;
}

const ENGLISH_TEXTS: HistogramTexts = {
  describeLayer: (l) => `${l.label} mean ${l.mean}, std ${l.std}, ${l.flatPercent}% in the flat region`,
  derivativeZero: "f′ = 0 over this whole range",
};

/** `text`, or its longest start that fits `width` with an ellipsis ('' when not even that fits). */
export function fitText(text: string, width: number, measure: (text: string) => number): string {
  if (measure(text) <= width) return text;
  for (let length = text.length - 1; length > 0; length--) {
    const shorter = `${text.slice(0, length).trimEnd()}…`;
    if (measure(shorter) <= width) return shorter;
  }
  return '';
}

export interface PreactHistogramsOptions extends WidgetOptions {
  texts?: HistogramTexts;
}

export class PreactHistograms extends Widget {
  readonly #surface: CanvasSurface;
  readonly #texts: HistogramTexts;
  #layers: readonly HistogramLayer[] = [];

  constructor(container: HTMLElement, options: PreactHistogramsOptions) {
    super(container, { height: 150, ...options });
    this.#surface = new CanvasSurface(this.host);
    this.#texts = options.texts ?? ENGLISH_TEXTS;
  }

  setData(layers: readonly HistogramLayer[]): void {
    this.#layers = layers;
    this.requestDraw();
  }

  labels(): LabelReport[] {
    return [this.#surface.labels()];
  }

  snapshot(): { label: string; lo: number; hi: number; counts: number[]; derivative: number[] }[] {
    return this.#layers.map((l) => ({ label: l.label, lo: l.lo, hi: l.hi, counts: Array.from(l.counts), derivative: Array.from(l.derivative) }));
  }

  summary(): string {
    if (this.#layers.length === 0) return `${this.title}: –`;
    const parts = this.#layers.map((l) =>
      this.#texts.describeLayer({
        label: l.label,
        mean: formatNumber(l.mean),
        std: formatNumber(l.std),
        flatPercent: formatNumber((l.saturatedFraction ?? NaN) * 100, 2),
      }),
    );
    return `${this.title}: ${parts.join('; ')}.`;
  }

  #rows(width: number): { columns: number; rows: number } {
    const count = Math.max(1, this.#layers.length);
    const columns = Math.max(1, Math.min(count, Math.floor(width / PANEL_MIN_WIDTH)));
    return { columns, rows: Math.ceil(count / columns) };
  }

  protected draw(): void {
    const width = this.width();
    const { columns, rows } = this.#rows(width);
    const height = this.height * rows;
    const context = this.#surface.begin(width, height);
    const theme = this.theme();
    const panelWidth = width / columns;
    context.font = '11px system-ui, sans-serif';
    this.#layers.forEach((layer, index) => {
      const x0 = (index % columns) * panelWidth;
      const y0 = Math.floor(index / columns) * this.height;
      this.#drawPanel(context, theme, layer, index, x0 + 6, y0 + 4, panelWidth - 12, this.height - 8);
    });
  }

  #drawPanel(
    context: CanvasRenderingContext2D,
    theme: Theme,
    layer: HistogramLayer,
    index: number,
    x: number,
    y: number,
    w: number,
    h: number,
  ): void {
    const top = y + 16;
    const bottom = y + h - 16;
    context.strokeStyle = theme.grid;
    context.strokeRect(x, top, w, bottom - top);
    context.textBaseline = 'top';

    const counts = layer.counts;
    let most = 0;
    for (let i = 0; i < counts.length; i++) most = Math.max(most, counts[i]);
    if (counts.length > 0 && most > 0) {
      const binWidth = w / counts.length;
      context.fillStyle = seriesColor(index);
      context.globalAlpha = 0.55;
      for (let i = 0; i < counts.length; i++) {
        const barHeight = (counts[i] / most) * (bottom - top);
        context.fillRect(x + i * binWidth + 0.5, bottom - barHeight, Math.max(1, binWidth - 1), barHeight);
      }
      context.globalAlpha = 1;
    }

    // f'(z) over the same z range, scaled to its own maximum (axis label on the right).
    const derivative = layer.derivative;
    let largest = 0;
    for (let i = 0; i < derivative.length; i++) if (Number.isFinite(derivative[i])) largest = Math.max(largest, Math.abs(derivative[i]));
    // The corner text (f′'s scale) and the title share the top line: the title is shortened to what is left.
    const corner = derivative.length > 1 ? (largest > 0 ? `f′ max ${formatNumber(largest, 2)}` : this.#texts.derivativeZero) : '';
    const cornerWidth = corner ? context.measureText(corner).width + 8 : 0;
    context.fillStyle = theme.text;
    context.textAlign = 'left';
    const title = fitText(layer.label, w - cornerWidth, (text) => context.measureText(text).width);
    if (title) this.#surface.text(context, title, x, y);
    if (derivative.length > 1 && largest > 0) {
      context.strokeStyle = theme.text;
      context.lineWidth = 1.5;
      context.setLineDash([5, 3]);
      context.beginPath();
      for (let i = 0; i < derivative.length; i++) {
        const px = x + (i / (derivative.length - 1)) * w;
        const py = bottom - (Math.abs(derivative[i]) / largest) * (bottom - top) * 0.95;
        if (i === 0) context.moveTo(px, py);
        else context.lineTo(px, py);
      }
      context.stroke();
      context.setLineDash([]);
      context.lineWidth = 1;
      context.fillStyle = theme.muted;
      context.textAlign = 'right';
      if (cornerWidth <= w) this.#surface.text(context, corner, x + w, y);
    } else if (derivative.length > 1) {
      context.strokeStyle = theme.text;
      context.lineWidth = 1.5;
      context.setLineDash([5, 3]);
      context.beginPath();
      context.moveTo(x, bottom - 1);
      context.lineTo(x + w, bottom - 1);
      context.stroke();
      context.setLineDash([]);
      context.lineWidth = 1;
      context.fillStyle = theme.muted;
      context.textAlign = 'right';
      if (cornerWidth <= w) this.#surface.text(context, corner, x + w, y);
    }

    // z axis: lo, 0 (when inside), hi.
    context.fillStyle = theme.muted;
    context.textBaseline = 'top';
    context.textAlign = 'left';
    const loBox = this.#surface.text(context, formatNumber(layer.lo, 2), x, bottom + 2);
    context.textAlign = 'right';
    const hiBox = this.#surface.text(context, formatNumber(layer.hi, 2), x + w, bottom + 2);
    const zeroX = x + ((0 - layer.lo) / (layer.hi - layer.lo)) * w;
    if (layer.lo < 0 && layer.hi > 0) {
      context.strokeStyle = theme.muted;
      context.beginPath();
      context.moveTo(zeroX, top);
      context.lineTo(zeroX, bottom);
      context.stroke();
      // Its label, unless it would touch the edge labels.
      const half = context.measureText('z = 0').width / 2 + 4;
      if (zeroX - half > loBox.right && zeroX + half < hiBox.left) {
        context.textAlign = 'center';
        this.#surface.text(context, 'z = 0', zeroX, bottom + 2);
      }
    }
  }
}
