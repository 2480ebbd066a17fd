// widget.ts — what every chart widget shares: the frame (a figure with a
// title, a drawing host and a screen-reader summary), redraws batched to one
// per animation frame, the theme read from CSS variables, and the
// colour-blind-safe palette with a dash pattern per series.
//
// Deliberately left out: drawing. Each widget draws in its own draw().

/** Okabe–Ito, reordered so the first colours stay readable on light and dark backgrounds. */
import './plot.css';

export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#999999'] as const;
/** Dash patterns (canvas setLineDash), so series differ without colour too. */
export const DASHES: readonly (readonly number[])[] = [[], [7, 4], [2, 3], [10, 3, 2, 3], [14, 5], [4, 2, 4, 6], [1, 5], [8, 2]];

export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length];
}

export function seriesDash(index: number): number[] {
  return [...DASHES[index % DASHES.length]];
}

/** Colours of the page's current scheme (light or dark), from CSS variables with fallbacks. */
export interface Theme {
  text: string;
  muted: string;
  grid: string;
  background: string;
  dark: boolean;
}

export function readTheme(element: Element): Theme {
  const style = getComputedStyle(element);
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  const value = (name: string, light: string, darkValue: string) => style.getPropertyValue(name).trim() || (dark ? darkValue : light);
  return {
    text: value('--plot-text', '#1d2330', '#e6e9ef'),
    muted: value('--plot-muted', '#5b6475', '#a3acbd'),
    grid: value('--plot-grid', '#e3e6ec', '#343b4a'),
    background: value('--plot-background', '#ffffff', '#171b24'),
    dark,
  };
}

export function prefersReducedMotion(): boolean {
  return matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Shortest readable form of a number for read-outs. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e4 || magnitude < 1e-3) return value.toExponential(digits - 1);
  return Number(value.toPrecision(digits)).toString();
}

/** A tick label: formatNumber with 2 digits, without a mantissa's ".0" ("1e-4", not "1.0e-4"). */
export function formatTick(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return formatNumber(value, 2).replace(/\.0e/, 'e');
}

export interface WidgetOptions {
  /** The visible title, also the start of the summary. */
  title: string;
  /** A stable name for tests and CSS: the host gets data-widget="<name>". */
  name: string;
  /** Height of the drawing in CSS pixels. */
  height?: number;
}

/** The element a widget hangs on its host, so tests can read what it shows. */
export interface WidgetHost extends HTMLElement {
  actlabWidget?: Widget;
}

// While data streams in, the summary text is refreshed at most this often.
const SUMMARY_INTERVAL_MS = 2000;
const REDUCED_MOTION_INTERVAL_MS = 500;
// Live data redraws a chart at most 15 times a second: smooth enough to watch a curve grow, and each
// redraw of a canvas costs the page a compositor commit of its pixels (measured: with ten charts and the
// network view at 30 redraws a second, commits took over half of each frame in headless Chromium).
const MIN_DRAW_INTERVAL_MS = 66;

/**
 * Draws the widgets that asked for it, in the order they asked, at the next
 * animation frame: all of them when they fit in the frame budget, otherwise
 * as many as fit (at least one), the rest at the following frames. So a page
 * with many live charts keeps its frame rate on a slow or busy machine, and
 * each widget still draws at most once per frame with its latest data.
 */
class FrameScheduler {
  // Main-thread time per frame for drawing charts; the rest of the 16.7 ms is the browser's (style, paint, input).
  static readonly BUDGET_MS = 5;
  readonly #queue = new Set<() => void>();
  #frame = 0;

  enqueue(draw: () => void): void {
    this.#queue.add(draw);
    if (this.#frame === 0) this.#frame = requestAnimationFrame(() => this.#run());
  }

  cancel(draw: () => void): void {
    this.#queue.delete(draw);
  }

  #run(): void {
    this.#frame = 0;
    const started = performance.now();
    // A snapshot: a widget asking again while this frame draws waits for the next one.
    for (const draw of [...this.#queue]) {
      this.#queue.delete(draw);
      draw();
      if (performance.now() - started > FrameScheduler.BUDGET_MS) break;
    }
    if (this.#queue.size > 0) this.#frame = requestAnimationFrame(() => this.#run());
  }
}

const frameScheduler = new FrameScheduler();

export abstract class Widget {
  readonly figure: HTMLElement;
  /** Where the subclass draws. */
  protected readonly host: HTMLDivElement;
  protected readonly height: number;
  #title: string;
  readonly #caption: HTMLElement;
  readonly #summary: HTMLParagraphElement;
  #note: HTMLParagraphElement | null = null;
  readonly #resizeObserver: ResizeObserver;
  readonly #themeQuery: MediaQueryList;
  readonly #onThemeChange = () => {
    this.#theme = null;
    this.requestDraw();
  };
  #theme: Theme | null = null;
  // The host's width as of the last resize: draw() reads this instead of the layout (a read after other
  // widgets wrote to the page in the same frame forces a layout).
  #hostWidth = 0;
  #queued = false;
  #visible = false;
  #staleWhileHidden = false;
  readonly #intersectionObserver: IntersectionObserver;
  #delay = 0;
  #lastDrawAt = -Infinity;
  #lastAnnounced = 0;
  #destroyed = false;

  constructor(container: HTMLElement, options: WidgetOptions) {
    this.#title = options.title;
    this.height = options.height ?? 200;
    this.figure = document.createElement('figure');
    this.figure.className = 'plot-widget';
    const caption = document.createElement('figcaption');
    caption.textContent = options.title;
    this.#caption = caption;
    this.host = document.createElement('div');
    this.host.className = 'plot-host';
    this.host.setAttribute('aria-hidden', 'true');
    this.#summary = document.createElement('p');
    this.#summary.className = 'plot-summary visually-hidden';
    // Silent while data streams in (nine charts talking every few seconds would drown the page); announce() speaks.
    this.#summary.setAttribute('aria-live', 'off');
    this.figure.append(caption, this.host, this.#summary);
    this.figure.dataset.widget = options.name;
    (this.figure as WidgetHost).actlabWidget = this;
    container.append(this.figure);
    this.#resizeObserver = new ResizeObserver(() => {
      const width = this.host.clientWidth;
      if (width !== this.#hostWidth) {
        this.#hostWidth = width;
        this.onResize();
      }
    });
    this.#resizeObserver.observe(this.host);
    this.#intersectionObserver = new IntersectionObserver((entries) => {
      this.#visible = entries[entries.length - 1].isIntersecting;
      if (this.#visible && this.#staleWhileHidden) {
        this.#staleWhileHidden = false;
        this.requestDraw();
      }
    });
    this.#intersectionObserver.observe(this.figure);
    this.#themeQuery = matchMedia('(prefers-color-scheme: dark)');
    this.#themeQuery.addEventListener('change', this.#onThemeChange);
  }

  get title(): string {
    return this.#title;
  }

  /** A visible sentence under the drawing (e.g. why a series is not shown), also read with the summary; '' removes it. */
  setNote(text: string): void {
    if (!this.#note) {
      if (!text) return;
      this.#note = document.createElement('p');
      this.#note.className = 'plot-note';
      this.host.after(this.#note);
    }
    if (this.#note.textContent !== text) {
      this.#note.textContent = text;
      this.#note.hidden = !text;
      this.#updateSummary(true);
    }
  }

  /** The note's text ('' for none). */
  get note(): string {
    return this.#note?.textContent ?? '';
  }

  setTitle(title: string): void {
    this.#title = title;
    this.#caption.textContent = title;
  }

  /** The colours to draw with; read from CSS once, again when the colour scheme changes (getComputedStyle every frame costs a style pass). */
  protected theme(): Theme {
    this.#theme ??= readTheme(this.figure);
    return this.#theme;
  }

  /** What the widget shows now, in one or two sentences (also read out by screen readers). */
  abstract summary(): string;

  /** A plain copy of the data on show, for tests and export. */
  abstract snapshot(): unknown;

  /** Schedules draw() for the next animation frame; any number of calls before it make one draw. */
  requestDraw(): void {
    if (this.#queued || this.#delay !== 0 || this.#destroyed) return;
    // Off screen (scrolled away, or in a hidden tab) a widget keeps its data and draws when it shows again.
    if (!this.#visible) {
      this.#staleWhileHidden = true;
      return;
    }
    // With reduced motion, streaming data moves the picture a few times a second instead of every frame.
    const wait = this.#lastDrawAt + (prefersReducedMotion() ? REDUCED_MOTION_INTERVAL_MS : MIN_DRAW_INTERVAL_MS) - performance.now();
    if (wait > 0) {
      this.#delay = window.setTimeout(() => {
        this.#delay = 0;
        this.requestDraw();
      }, wait);
      return;
    }
    this.#queued = true;
    frameScheduler.enqueue(this.#drawNow);
  }

  readonly #drawNow = () => {
    this.#queued = false;
    if (this.#destroyed) return;
    this.#lastDrawAt = performance.now();
    this.draw();
    this.#updateSummary(false);
  };

  /** Reads the summary out now (e.g. when a run pauses): the one time a screen reader hears it unasked. */
  announce(): void {
    this.#summary.setAttribute('aria-live', 'polite');
    this.#updateSummary(true);
  }

  destroy(): void {
    this.#destroyed = true;
    frameScheduler.cancel(this.#drawNow);
    this.#queued = false;
    window.clearTimeout(this.#delay);
    this.#resizeObserver.disconnect();
    this.#intersectionObserver.disconnect();
    this.#themeQuery.removeEventListener('change', this.#onThemeChange);
    this.onDestroy();
    this.figure.remove();
  }

  protected abstract draw(): void;

  /**
   * The text a canvas widget drew last, one report per canvas, as boxes in
   * the canvas's CSS pixels (tests check that none is clipped by the canvas
   * edge or overlaps another); empty for widgets that draw no text themselves.
   */
  labels(): LabelReport[] {
    return [];
  }

  protected onResize(): void {
    this.requestDraw();
  }

  protected onDestroy(): void {}

  protected width(): number {
    this.#hostWidth ||= this.host.clientWidth;
    return Math.max(160, this.#hostWidth);
  }

  // The summary stays current for anyone who reads the figure; only announce() makes it live.
  #updateSummary(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.#lastAnnounced < SUMMARY_INTERVAL_MS) return;
    if (!force) this.#summary.setAttribute('aria-live', 'off');
    this.#lastAnnounced = now;
    const note = this.note;
    const text = note ? `${this.summary()} ${note}` : this.summary();
    if (this.#summary.textContent !== text) this.#summary.textContent = text;
  }
}

/** One piece of text drawn on a canvas: its bounding box in the canvas's CSS pixels. */
export interface LabelBox {
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface LabelReport {
  /** The canvas's size in CSS pixels. */
  width: number;
  height: number;
  boxes: LabelBox[];
}

/** A canvas sized to the host at the device's pixel ratio; returns its 2-D context in CSS pixels. */
export class CanvasSurface {
  readonly canvas: HTMLCanvasElement;
  #labels: LabelBox[] = [];
  #width = 0;
  #height = 0;
  #ratio = 1;

  constructor(host: HTMLElement) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'plot-canvas';
    host.append(this.canvas);
  }

  /** Resizes the backing store when needed and clears it. */
  begin(width: number, height: number): CanvasRenderingContext2D {
    const ratio = window.devicePixelRatio || 1;
    this.#labels = [];
    this.#width = width;
    this.#height = height;
    this.#ratio = ratio;
    const pixelWidth = Math.round(width * ratio);
    const pixelHeight = Math.round(height * ratio);
    if (this.canvas.width !== pixelWidth || this.canvas.height !== pixelHeight) {
      this.canvas.width = pixelWidth;
      this.canvas.height = pixelHeight;
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    const context = this.canvas.getContext('2d');
    if (!context) throw new Error('no 2-D canvas context');
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    return context;
  }

  /** fillText that also records the text's box (under the context's current transform, e.g. rotated). */
  text(context: CanvasRenderingContext2D, text: string, x: number, y: number): LabelBox {
    context.fillText(text, x, y);
    const metrics = context.measureText(text);
    const left = x - metrics.actualBoundingBoxLeft;
    const right = x + metrics.actualBoundingBoxRight;
    const top = y - metrics.actualBoundingBoxAscent;
    const bottom = y + metrics.actualBoundingBoxDescent;
    // The corners under the current transform (device pixels), back in CSS pixels.
    const m = context.getTransform();
    const xs = [0, 1, 2, 3].map((i) => (m.a * (i & 1 ? right : left) + m.c * (i & 2 ? bottom : top) + m.e) / this.#ratio);
    const ys = [0, 1, 2, 3].map((i) => (m.b * (i & 1 ? right : left) + m.d * (i & 2 ? bottom : top) + m.f) / this.#ratio);
    const box = { text, left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) };
    this.#labels.push(box);
    return box;
  }

  /** The text drawn since the last begin(). */
  labels(): LabelReport {
    return { width: this.#width, height: this.#height, boxes: this.#labels.map((box) => ({ ...box })) };
  }
}
