// layer-bars.ts — one bar per layer on a log scale (gradient norms at the
// current step): vanishing gradients show as bars shrinking towards the input,
// exploding ones as bars past the top band. Canvas; one draw per frame.
//
// Bar labels never overlap: the full names when they fit under their bars,
// else the short ones, else every k-th short one (the last always). The
// summary (what a screen reader hears) always has the full names.
import { CanvasSurface, formatNumber, seriesColor, seriesDash, Widget, type LabelReport, type WidgetOptions } from './widget';

export interface LayerBarsOptions extends WidgetOptions {
  /** Below this a bar counts as vanishing (shaded band). Default 1e-4. */
  vanishingBelow?: number;
  /** Above this a bar counts as exploding (shaded band). Default 1e2. */
  explodingAbove?: number;
  /** The verdict sentences; by default English. */
  verdicts?: Verdicts;
}

export interface Verdicts {
  vanishing(ratio: string): string;
  exploding: string;
  healthy: string;
  /** every value is exactly 0 */
  zero: string;
}

const ENGLISH_VERDICTS: Verdicts = {
  vanishing: (ratio) => `The first layer gets ${ratio} times less gradient than the last: vanishing gradients.`,
  exploding: 'Gradients are very large: exploding gradients.',
  healthy: 'Gradient norms are within a healthy range.',
  zero: 'Every gradient is exactly 0: nothing learns.',
};

const DECADES_SHOWN = 10;

export class LayerBars extends Widget {
  readonly #surface: CanvasSurface;
  readonly #vanishing: number;
  readonly #exploding: number;
  readonly #verdicts: Verdicts;
  #labels: readonly string[] = [];
  #shortLabels: readonly string[] = [];
  #values: Float64Array = new Float64Array(0);

  constructor(container: HTMLElement, options: LayerBarsOptions) {
    super(container, { height: 180, ...options });
    this.#surface = new CanvasSurface(this.host);
    this.#vanishing = options.vanishingBelow ?? 1e-4;
    this.#exploding = options.explodingAbove ?? 1e2;
    this.#verdicts = options.verdicts ?? ENGLISH_VERDICTS;
  }

  /** One value per label; NaN for "no value". shortLabels ("L1", …) are drawn when the labels do not fit. Read at the next frame. */
  setData(labels: readonly string[], values: Float64Array, shortLabels: readonly string[] = labels): void {
    this.#labels = labels;
    this.#shortLabels = shortLabels;
    this.#values = values;
    this.requestDraw();
  }

  labels(): LabelReport[] {
    return [this.#surface.labels()];
  }

  snapshot(): { labels: string[]; values: (number | null)[] } {
    return { labels: [...this.#labels], values: Array.from(this.#values, (v) => (Number.isFinite(v) ? v : null)) };
  }

  summary(): string {
    if (this.#values.length === 0) return `${this.title}: –`;
    const parts = this.#labels.map((label, i) => `${label} ${formatNumber(this.#values[i])}`).join(', ');
    return `${this.title}: ${parts}. ${this.verdict()}`;
  }

  /** "vanishing", "exploding" or "healthy" in words. */
  verdict(): string {
    const finite = Array.from(this.#values).filter((v) => Number.isFinite(v));
    if (finite.length === 0) return '';
    if (finite.every((v) => v === 0)) return this.#verdicts.zero;
    if (finite.some((v) => v > this.#exploding)) return this.#verdicts.exploding;
    const first = finite[0];
    const last = finite[finite.length - 1];
    if (first < this.#vanishing || (first > 0 && last / first > 1e3)) {
      return this.#verdicts.vanishing(first > 0 ? formatNumber(last / first, 2) : '∞');
    }
    return this.#verdicts.healthy;
  }

  protected draw(): void {
    const width = this.width();
    const height = this.height;
    const context = this.#surface.begin(width, height);
    const theme = this.theme();
    context.font = '11px system-ui, sans-serif';
    const bottom = height - 22;
    const top = 8;
    const finite = Array.from(this.#values).filter((v) => Number.isFinite(v) && v > 0);
    const maxValue = Math.max(this.#exploding * 10, ...finite);
    const topDecade = Math.ceil(Math.log10(maxValue));
    const bottomDecade = Math.min(topDecade - DECADES_SHOWN, Math.floor(Math.log10(Math.min(this.#vanishing, ...finite))));
    const step = Math.max(1, Math.round((topDecade - bottomDecade) / 5));
    const decades: number[] = [];
    for (let decade = bottomDecade; decade <= topDecade; decade += step) decades.push(decade);
    // The axis is as wide as its widest label.
    const left = Math.ceil(Math.max(...decades.map((decade) => context.measureText(`1e${decade}`).width))) + 8;
    const y = (value: number) =>
      bottom - ((Math.log10(value) - bottomDecade) / (topDecade - bottomDecade)) * (bottom - top);

    // Bands: vanishing (bottom) and exploding (top).
    context.fillStyle = theme.dark ? 'rgba(86,180,233,0.12)' : 'rgba(86,180,233,0.16)';
    context.fillRect(left, y(this.#vanishing), width - left, bottom - y(this.#vanishing));
    context.fillStyle = theme.dark ? 'rgba(213,94,0,0.14)' : 'rgba(213,94,0,0.12)';
    context.fillRect(left, top, width - left, y(this.#exploding) - top);

    context.strokeStyle = theme.grid;
    context.fillStyle = theme.muted;
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    for (const decade of decades) {
      // The top label sits inside the canvas, not half above it.
      const py = Math.max(top + 6, y(10 ** decade));
      context.beginPath();
      context.moveTo(left, y(10 ** decade));
      context.lineTo(width, y(10 ** decade));
      context.stroke();
      this.#surface.text(context, `1e${decade}`, left - 4, py);
    }

    const count = this.#values.length;
    if (count === 0) return;
    const slot = (width - left) / count;
    const barWidth = Math.min(48, slot * 0.6);
    context.textAlign = 'center';
    context.textBaseline = 'top';
    const shown = barLabels(this.#labels, this.#shortLabels, slot, (text) => context.measureText(text).width);
    for (let i = 0; i < count; i++) {
      const value = this.#values[i];
      const cx = left + slot * (i + 0.5);
      if (Number.isFinite(value) && value > 0) {
        const py = Math.max(top, y(value));
        context.fillStyle = seriesColor(i);
        context.fillRect(cx - barWidth / 2, py, barWidth, bottom - py);
        // The layer's dash pattern as the bar outline: tells bars apart without colour.
        context.setLineDash(seriesDash(i));
        context.strokeStyle = theme.text;
        context.strokeRect(cx - barWidth / 2, py, barWidth, bottom - py);
        context.setLineDash([]);
      } else if (value === 0) {
        // A log axis has no 0: mark it at the foot instead of leaving the slot empty.
        context.fillStyle = theme.text;
        this.#surface.text(context, '0', cx, bottom - 14);
      }
      const label = shown[i];
      if (label) {
        context.fillStyle = theme.muted;
        this.#surface.text(context, label, cx, bottom + 4);
      }
    }
  }
}

// Space kept between two neighbouring labels, in CSS pixels.
const LABEL_GAP = 6;

/**
 * The label to draw under each of `labels.length` bars `slot` pixels apart
 * ('' for none): the full labels if each fits its slot, else the short ones,
 * else every k-th short one with the last always shown, so no two overlap.
 */
export function barLabels(labels: readonly string[], shortLabels: readonly string[], slot: number, measure: (text: string) => number): string[] {
  const fits = (texts: readonly string[]) => texts.every((text) => measure(text) + LABEL_GAP <= slot);
  if (fits(labels)) return [...labels];
  const short = labels.map((label, i) => shortLabels[i] ?? label);
  if (fits(short)) return short;
  const widest = Math.max(...short.map(measure)) + LABEL_GAP;
  const every = Math.ceil(widest / slot);
  const last = short.length - 1;
  return short.map((text, i) => {
    if (i === last) return text;
    // Every k-th from the first, but none closer than k slots to the last.
    return i % every === 0 && last - i >= every ? text : '';
  });
}
