// unit-counts.ts — dead and inactive units over training steps, one small
// chart per layer, read as "k of n": each chart's y axis runs from 0 to the
// layer's width with whole-number ticks, and its caption says "5 of 8 dead ·
// 6 of 8 inactive" at the latest step, so nobody has to divide. Dead units are
// a filled area and inactive units a dotted line over it, in two colours
// named by the legend, so the two stay visible when they are equal (for
// ReLU they usually are). Canvas per layer; one draw per frame.
import { CanvasSurface, formatNumber, Widget, type LabelReport, type Theme, type WidgetOptions } from './widget';

export interface UnitLayer {
  /** e.g. "layer 1" */
  label: string;
  /** the layer's width: the y axis runs from 0 to it */
  units: number;
  /** one count per x (NaN for none) */
  dead: ArrayLike<number>;
  inactive: ArrayLike<number>;
}

export interface UnitCountsTexts {
  /** the legend entries */
  dead: string;
  inactive: string;
  /** the counts at the latest x: "5 of 8 dead", "6 of 8 inactive" */
  deadCount(count: string, units: number): string;
  inactiveCount(count: string, units: number): string;
  /** a layer's whole caption, as read out: "layer 1: 5 of 8 dead · 6 of 8 inactive" */
  caption(layer: { layer: string; dead: string; inactive: string }): string;
  /** the screen-reader summary's lead-in before the captions */
  empty: string;
}

export interface UnitCountsOptions extends WidgetOptions {
  texts: UnitCountsTexts;
  /** labels of the series in snapshot() ("layer 1 dead", …) */
  seriesLabels(layer: string): { dead: string; inactive: string };
}

export interface UnitCountsSnapshot {
  x: number[];
  /** two per layer, dead then inactive (the shape of LineChart's snapshot) */
  series: { label: string; values: (number | null)[] }[];
  layers: { label: string; units: number; caption: string; ticks: number[] }[];
}

const DEAD_COLOR = '#D55E00';
const INACTIVE_COLOR = '#0072B2';
const CELL_MIN_WIDTH = 170;
// The grid's column gap (plot.css .unit-counts-grid: 0.8rem).
const CELL_GAP = 12.8;
const CELL_HEIGHT = 84;
const FONT = '11px system-ui, sans-serif';

/**
 * Whole-number ticks from 0 to `units` (both included), at most `maxTicks`:
 * the step is the smallest divisor of `units` that keeps to the limit, so
 * every tick is a whole number and the last is the layer's width.
 */
export function unitTicks(units: number, maxTicks = 5): number[] {
  const n = Math.max(0, Math.floor(units));
  if (n === 0) return [0];
  const least = n / Math.max(1, maxTicks - 1);
  let step = n;
  for (let divisor = Math.max(1, Math.ceil(least)); divisor <= n; divisor++) {
    if (n % divisor === 0) {
      step = divisor;
      break;
    }
  }
  const ticks: number[] = [];
  for (let tick = 0; tick <= n; tick += step) ticks.push(tick);
  return ticks;
}

/**
 * The corners of a step line through (x, value): one point where the value
 * changes (at the old value, then the new) and the two ends, split into runs
 * at NaN. Counts change rarely, so a run of 4000 reports is a few points.
 */
export function stepRuns(x: ArrayLike<number>, values: ArrayLike<number>): [number, number][][] {
  const runs: [number, number][][] = [];
  let run: [number, number][] | null = null;
  for (let i = 0; i < x.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) {
      run = null;
      continue;
    }
    if (!run) {
      run = [[x[i], value]];
      runs.push(run);
      continue;
    }
    const previous = run[run.length - 1][1];
    if (value !== previous) run.push([x[i], previous], [x[i], value]);
    else if (i === x.length - 1 || !Number.isFinite(values[i + 1])) run.push([x[i], value]);
  }
  return runs;
}

/** The last finite value of a column, or NaN. */
function latest(values: ArrayLike<number>): number {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return values[i];
  return NaN;
}

interface Cell {
  root: HTMLElement;
  name: HTMLElement;
  dead: HTMLElement;
  inactive: HTMLElement;
  surface: CanvasSurface;
}

export class UnitCounts extends Widget {
  readonly #options: UnitCountsOptions;
  readonly #grid: HTMLDivElement;
  readonly #empty: HTMLParagraphElement;
  #cells: Cell[] = [];
  #x: ArrayLike<number> = [];
  #layers: readonly UnitLayer[] = [];

  constructor(container: HTMLElement, options: UnitCountsOptions) {
    super(container, { height: CELL_HEIGHT, ...options });
    this.#options = options;
    const legend = document.createElement('div');
    legend.className = 'unit-counts-legend';
    const entry = (kind: 'dead' | 'inactive', text: string) => {
      const item = document.createElement('span');
      item.className = `unit-counts-key unit-counts-key-${kind}`;
      const mark = document.createElement('span');
      mark.className = 'unit-counts-mark';
      item.append(mark, document.createTextNode(text));
      return item;
    };
    legend.append(entry('dead', options.texts.dead), entry('inactive', options.texts.inactive));
    this.figure.insertBefore(legend, this.host);
    this.#grid = document.createElement('div');
    this.#grid.className = 'unit-counts-grid';
    this.#empty = document.createElement('p');
    this.#empty.className = 'plot-empty';
    this.#empty.textContent = options.texts.empty;
    this.host.append(this.#empty, this.#grid);
  }

  /** One entry per layer; the arrays are read at the next frame, not copied. */
  setData(x: ArrayLike<number>, layers: readonly UnitLayer[]): void {
    this.#x = x;
    this.#layers = layers;
    this.requestDraw();
  }

  /** "layer 1: 5 of 8 dead · 6 of 8 inactive" for each layer, at the latest x. */
  captions(): string[] {
    return this.#layers.map((layer) => this.#caption(layer));
  }

  snapshot(): UnitCountsSnapshot {
    const column = (values: ArrayLike<number>) => Array.from(values, (v) => (Number.isFinite(v) ? v : null));
    return {
      x: Array.from(this.#x),
      series: this.#layers.flatMap((layer) => {
        const labels = this.#options.seriesLabels(layer.label);
        return [
          { label: labels.dead, values: column(layer.dead) },
          { label: labels.inactive, values: column(layer.inactive) },
        ];
      }),
      layers: this.#layers.map((layer) => ({ label: layer.label, units: layer.units, caption: this.#caption(layer), ticks: unitTicks(layer.units) })),
    };
  }

  summary(): string {
    if (this.#layers.length === 0 || this.#x.length === 0) return `${this.title}: ${this.#options.texts.empty}`;
    return `${this.title}: ${this.captions().join('; ')}.`;
  }

  labels(): LabelReport[] {
    return this.#cells.map((cell) => cell.surface.labels());
  }

  protected draw(): void {
    const hasData = this.#layers.length > 0 && this.#x.length > 0;
    this.#empty.hidden = hasData;
    this.#grid.hidden = !hasData;
    if (!hasData) return;
    this.#ensureCells(this.#layers.length);
    const theme = this.theme();
    // The width as of the last resize (Widget.width): reading the layout after the captions' text changed would
    // force a layout every frame.
    const width = this.width();
    const columns = Math.max(1, Math.min(this.#layers.length, Math.floor(width / CELL_MIN_WIDTH)));
    const cellWidth = Math.max(100, Math.floor((width - CELL_GAP * (columns - 1)) / columns));
    const template = `repeat(${columns}, minmax(0, 1fr))`;
    if (this.#grid.style.gridTemplateColumns !== template) this.#grid.style.gridTemplateColumns = template;
    const show = (node: HTMLElement, text: string) => {
      if (node.textContent !== text) node.textContent = text;
    };
    this.#layers.forEach((layer, index) => {
      const cell = this.#cells[index];
      const counts = this.#counts(layer);
      show(cell.name, layer.label);
      show(cell.dead, counts.dead);
      show(cell.inactive, counts.inactive);
      this.#drawCell(cell, layer, theme, cellWidth);
    });
  }

  #counts(layer: UnitLayer): { dead: string; inactive: string } {
    const count = (value: number) => (Number.isFinite(value) ? String(Math.round(value)) : '–');
    const texts = this.#options.texts;
    return { dead: texts.deadCount(count(latest(layer.dead)), layer.units), inactive: texts.inactiveCount(count(latest(layer.inactive)), layer.units) };
  }

  #caption(layer: UnitLayer): string {
    return this.#options.texts.caption({ layer: layer.label, ...this.#counts(layer) });
  }

  #ensureCells(count: number): void {
    while (this.#cells.length > count) this.#cells.pop()!.root.remove();
    while (this.#cells.length < count) {
      const root = document.createElement('div');
      root.className = 'unit-counts-cell';
      const caption = document.createElement('div');
      caption.className = 'unit-counts-caption';
      const part = (className: string) => {
        const node = document.createElement('span');
        node.className = className;
        // The PNG export draws the caption where it is.
        node.dataset.pngText = '';
        caption.append(node);
        return node;
      };
      const name = part('unit-counts-name');
      const dead = part('unit-counts-count unit-counts-key-dead');
      const inactive = part('unit-counts-count unit-counts-key-inactive');
      root.append(caption);
      this.#grid.append(root);
      this.#cells.push({ root, name, dead, inactive, surface: new CanvasSurface(root) });
    }
  }

  #drawCell(cell: Cell, layer: UnitLayer, theme: Theme, width: number): void {
    const height = this.height;
    const context = cell.surface.begin(width, height);
    context.font = FONT;
    const ticks = unitTicks(layer.units);
    const left = Math.ceil(Math.max(...ticks.map((tick) => context.measureText(String(tick)).width))) + 8;
    const top = 7;
    const bottom = height - 16;
    const right = width - 4;
    const x = this.#x;
    const first = x[0];
    const last = x[x.length - 1];
    const span = last > first ? last - first : 1;
    const px = (value: number) => left + ((value - first) / span) * (right - left);
    const py = (count: number) => bottom - (Math.min(Math.max(count, 0), layer.units) / Math.max(1, layer.units)) * (bottom - top);

    // Grid lines and the whole-number ticks.
    context.strokeStyle = theme.grid;
    context.fillStyle = theme.muted;
    context.lineWidth = 1;
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    for (const tick of ticks) {
      const y = py(tick);
      context.beginPath();
      context.moveTo(left, y);
      context.lineTo(right, y);
      context.stroke();
      cell.surface.text(context, String(tick), left - 4, y);
    }
    // The first and last step under the axis.
    context.textBaseline = 'top';
    context.textAlign = 'left';
    cell.surface.text(context, formatNumber(first, 4), left, bottom + 3);
    if (x.length > 1) {
      context.textAlign = 'right';
      cell.surface.text(context, formatNumber(last, 4), right, bottom + 3);
    }

    // Dead units: a filled step area, so the dotted line for inactive units stays visible on its edge.
    context.fillStyle = `${DEAD_COLOR}59`;
    context.beginPath();
    for (const run of stepRuns(x, layer.dead)) {
      context.moveTo(px(run[0][0]), bottom);
      for (const [at, count] of run) context.lineTo(px(at), py(count));
      context.lineTo(px(run[run.length - 1][0]), bottom);
      context.closePath();
    }
    context.fill();
    this.#stepLine(context, x, layer.dead, px, py, DEAD_COLOR, [], 1.5);
    this.#stepLine(context, x, layer.inactive, px, py, INACTIVE_COLOR, [2, 3], 2.5);
  }

  #stepLine(
    context: CanvasRenderingContext2D,
    x: ArrayLike<number>,
    values: ArrayLike<number>,
    px: (value: number) => number,
    py: (count: number) => number,
    color: string,
    dash: number[],
    lineWidth: number,
  ): void {
    context.strokeStyle = color;
    context.lineWidth = lineWidth;
    context.setLineDash(dash);
    context.beginPath();
    for (const run of stepRuns(x, values)) {
      context.moveTo(px(run[0][0]), py(run[0][1]));
      for (const [at, count] of run.slice(1)) context.lineTo(px(at), py(count));
    }
    context.stroke();
    context.setLineDash([]);
    context.lineWidth = 1;
  }

}
