// view.ts — the network view: every unit of the MLP drawn as a box, its edges
// showing each weight's sign (colour) and size (width and opacity); with one
// or two inputs each hidden unit shows its own output map over the input
// plane (exp.unitGrids), like the decision map. Dead units are crossed out and
// labelled, saturated ones ringed, inactive ones dashed; a legend says so.
// Every drawn unit is also a button over the canvas (keyboard: Tab into the
// network, arrow keys between units, Enter to select), whose label reads its
// status. Selecting a unit shows its incoming weights and bias, its
// pre-activations over the training set drawn over f′ (asked for through
// `requestDetails`), and whether it is dead, inactive or saturated and since
// which step. A layer wider than 32 units is drawn as a strip; its dead units
// are still counted and listed as buttons. One draw per frame (Widget).
import type { LayerParameters, Metrics } from '../../lib/types';
import type { MessageKey, MessageValues, Strings } from '../../i18n/strings';
import { CLASS_COLORS } from '../../plot/decision-map';
import { CanvasSurface, formatNumber, Widget } from '../../plot/widget';
import { button, element } from '../../shared/dom';
import { SATURATED_SHARE, UnitTracker, type UnitRef, type UnitStatus } from './units';
import './network.css';

/** Layers wider than this are drawn as a strip of cells, without maps or single edges. */
export const MAX_DRAWN_UNITS = 32;
/** Units per column; a wider layer gets a second column beside the first. */
const MAX_ROWS = 16;
/** Vertical room per unit: a 24 px button and a gap. */
const ROW_PITCH = 28;
const TOP = 8;
const BOTTOM = 14;
const POSITIVE = '#0072B2';
const NEGATIVE = '#D55E00';
const DEAD = '#b3261e';
const SATURATED = '#E69F00';

export interface NetworkShape {
  inputs: number;
  /** Hidden layers in order. */
  layers: readonly { units: number; activation: string }[];
  outputs: number;
}

/** What one report brings: the metrics (masks), and when it has them, the weights and the unit maps. */
export interface NetworkFrame {
  metrics: Metrics;
  parameters?: readonly LayerParameters[] | null;
  unitGrids?: { w: number; h: number; grids: readonly Float32Array[] } | null;
  /** With more inputs than a map can show: each hidden unit's mean output per class (exp.classMeans), and the classes' names. */
  classMeans?: { classes: number; names: readonly string[]; means: readonly Float32Array[] } | null;
}

/** The selected unit's pre-activations over the training set, and f′ over the same range. */
export interface UnitDetails {
  lo: number;
  hi: number;
  counts: readonly number[];
  derivative: Float32Array;
}

export interface NetworkViewOptions {
  strings: Strings;
  /** The user selected a unit (or cleared the selection). */
  onSelect?: (ref: UnitRef | null) => void;
  /** The histogram of a unit's pre-activations, from the run. */
  requestDetails?: (ref: UnitRef) => Promise<UnitDetails | null>;
  height?: number;
}

interface Box {
  ref: UnitRef;
  x: number;
  y: number;
  size: number;
}

interface Column {
  x: number;
  /** Individual boxes, or none for a strip. */
  boxes: Box[];
  strip: { x: number; y: number; width: number; height: number; units: number } | null;
}

/** Diverging colour for a value in [-1, 1]: orange below 0, blue above, the background at 0. */
function divergingColor(value: number, background: [number, number, number], out: Uint8ClampedArray, offset: number): void {
  const v = Math.max(-1, Math.min(1, Number.isFinite(value) ? value : 0));
  const target = v >= 0 ? [0, 114, 178] : [213, 94, 0];
  const mix = Math.abs(v) * 0.85;
  for (let c = 0; c < 3; c++) out[offset + c] = Math.round(background[c] * (1 - mix) + target[c] * mix);
  out[offset + 3] = 255;
}

function hexRgb(hex: string): [number, number, number] {
  const value = /^#[0-9a-f]{6}$/i.test(hex) ? hex : '#ffffff';
  return [parseInt(value.slice(1, 3), 16), parseInt(value.slice(3, 5), 16), parseInt(value.slice(5, 7), 16)];
}

export class NetworkView extends Widget {
  /** Two canvases: the edges below, redrawn only when the weights or the layout change (a few times a second), and the units above. */
  readonly #edgeSurface: CanvasSurface;
  readonly #surface: CanvasSurface;
  readonly #overlay: HTMLElement;
  readonly #legend: HTMLElement;
  readonly #strips: HTMLElement;
  readonly #details: HTMLElement;
  readonly #tracker = new UnitTracker();
  readonly #options: NetworkViewOptions;
  #strings: Strings;
  #shape: NetworkShape | null = null;
  #frame: NetworkFrame | null = null;
  #parameters: readonly LayerParameters[] | null = null;
  #grids: NetworkFrame['unitGrids'] = null;
  #classMeans: NetworkFrame['classMeans'] = null;
  #columns: Column[] = [];
  #buttons = new Map<string, HTMLButtonElement>();
  #selected: UnitRef | null = null;
  #focused: UnitRef | null = null;
  #mapCanvas: HTMLCanvasElement | null = null;
  #detailsRequest = 0;
  #unitDetails: UnitDetails | null = null;
  #detailsKey = '';
  #detailsShownAt = -Infinity;
  #detailsStatus = '';
  /** The layout the unit buttons were last placed for; placing them again costs a layout. */
  #placedFor = '';
  /** What each button's label says now (a label is rewritten only when its unit's status changes). */
  #labelKeys = new Map<string, string>();
  /** The masks the picture shows (as text), to redraw only when they change. */
  #masksShown = '';
  /** The weights and layout the edge canvas shows. */
  #edgesDrawnFor: { parameters: readonly LayerParameters[] | null; layout: string } = { parameters: null, layout: '' };

  constructor(container: HTMLElement, options: NetworkViewOptions) {
    super(container, { title: options.strings.t('network.title'), name: 'network', height: options.height ?? 300 });
    this.#options = options;
    this.#strings = options.strings;
    const stage = element('div', 'network-stage');
    this.host.replaceWith(stage);
    stage.append(this.host);
    this.#edgeSurface = new CanvasSurface(this.host);
    this.#surface = new CanvasSurface(this.host);
    this.#surface.canvas.classList.add('network-top');
    this.#overlay = element('div', 'network-units');
    this.#overlay.setAttribute('role', 'group');
    stage.append(this.#overlay);
    this.#legend = element('p', 'network-legend');
    this.#strips = element('div', 'network-strips');
    this.#details = element('div', 'network-details');
    stage.after(this.#legend, this.#strips, this.#details);
    this.figure.classList.add('network-view');
    this.#renderLegend();
    this.#renderDetails();
  }

  #t(key: MessageKey, values?: MessageValues): string {
    return this.#strings.t(key, values);
  }

  get selected(): UnitRef | null {
    return this.#selected;
  }

  get tracker(): UnitTracker {
    return this.#tracker;
  }

  /** A new network (a new run): forgets the units' history; keeps the selection if the unit still exists. */
  setShape(shape: NetworkShape): void {
    this.#shape = shape;
    this.#frame = null;
    this.#parameters = null;
    this.#grids = null;
    if (this.#classMeans) this.setTitle(this.#t('network.title'));
    this.#classMeans = null;
    this.#tracker.reset();
    this.#unitDetails = null;
    this.#detailsKey = '';
    this.#buildButtons();
    this.requestDraw();
  }

  update(frame: NetworkFrame): void {
    // The picture changes only with the masks, the weights or the maps: other reports redraw nothing
    // (every redraw of a large canvas costs a compositor commit, frame after frame).
    const masks = frame.metrics.layers.map((layer) => `${layer.deadMask?.join('')}/${layer.inactiveMask?.join('')}/${layer.saturatedShare?.map((v) => (v !== null && v >= SATURATED_SHARE ? 1 : 0)).join('')}`).join('|');
    const changed = masks !== this.#masksShown || Boolean(frame.parameters) || Boolean(frame.unitGrids) || Boolean(frame.classMeans) || this.#frame === null;
    this.#masksShown = masks;
    this.#frame = frame;
    this.#tracker.update(frame.metrics);
    if (frame.parameters) this.#parameters = frame.parameters;
    if (frame.unitGrids) this.#grids = frame.unitGrids;
    if (frame.classMeans && !this.#classMeans) this.setTitle(this.#t('network.title.classMeans'));
    if (frame.classMeans) this.#classMeans = frame.classMeans;
    if (this.#selected && !this.#tracker.has(this.#selected)) this.select(null);
    this.#updateLabels();
    this.#renderStrips();
    // The details follow the run a few times a second, and at once when the unit's status changes.
    const status = this.#selected ? this.#statusKind(this.#tracker.status(this.#selected)) : '';
    if (status !== this.#detailsStatus || performance.now() - this.#detailsShownAt > 400) this.#renderDetails();
    if (changed) this.requestDraw();
  }

  /** Selects a unit (null clears); a unit the network does not have clears the selection and returns false. */
  select(ref: UnitRef | null): boolean {
    const valid = ref !== null && this.#exists(ref);
    const next = valid ? ref : null;
    const changed = JSON.stringify(next) !== JSON.stringify(this.#selected);
    this.#selected = next;
    if (next) this.#focused = next;
    if (changed) {
      this.#unitDetails = null;
      this.#detailsKey = '';
      this.#options.onSelect?.(next);
    }
    this.#updateLabels();
    this.#renderDetails();
    this.requestDraw();
    return ref === null || valid;
  }

  summary(): string {
    const metrics = this.#frame?.metrics;
    if (!metrics) return `${this.title}: –`;
    const hidden = metrics.layers.slice(0, -1);
    const units = hidden.reduce((sum, layer) => sum + layer.units, 0);
    const dead = hidden.reduce((sum, layer) => sum + layer.deadUnits, 0);
    const inactive = hidden.reduce((sum, layer) => sum + layer.inactiveUnits, 0);
    return `${this.title}: ${this.#t('network.summary', { layers: hidden.length, dead, units, inactive })}`;
  }

  snapshot(): { dead: number[][]; inactive: number[][]; selected: UnitRef | null; marked: string[] } {
    const layers = this.#frame?.metrics.layers ?? [];
    return {
      dead: layers.map((_, l) => this.#tracker.deadUnits(l)),
      inactive: layers.map((layer) => (layer.inactiveMask ?? []).flatMap((v, u) => (v === 1 ? [u] : []))),
      selected: this.#selected,
      // The units drawn as dead, by their buttons: what a reader sees marked.
      marked: [...this.#buttons.entries()].filter(([, b]) => b.dataset.status === 'dead').map(([key]) => key),
    };
  }

  setStrings(strings: Strings): void {
    this.#strings = strings;
    this.setTitle(strings.t(this.#classMeans ? 'network.title.classMeans' : 'network.title'));
    this.#renderLegend();
    this.#updateLabels();
    this.#renderStrips();
    this.#renderDetails();
  }

  protected onDestroy(): void {
    this.#detailsRequest++;
  }

  // ------------------------------------------------------------ layout ---

  #exists(ref: UnitRef): boolean {
    if (this.#tracker.units.length > 0) return this.#tracker.has(ref);
    const widths = this.#widths();
    return ref.layer >= 0 && ref.layer < widths.length && Number.isInteger(ref.unit) && ref.unit >= 0 && ref.unit < widths[ref.layer];
  }

  /** Units per layer of metrics.layers: hidden layers, then the output layer. */
  #widths(): number[] {
    if (!this.#shape) return [];
    return [...this.#shape.layers.map((layer) => layer.units), this.#shape.outputs];
  }

  /** The drawing's height: enough for the tallest column at one button (≥ 24 px) per row. */
  #heightFor(): number {
    const rows = [this.#shape?.inputs ?? 0, ...this.#widths()].map((count) => (count > MAX_DRAWN_UNITS ? 0 : Math.min(count, MAX_ROWS)));
    return Math.max(this.height, Math.max(0, ...rows) * ROW_PITCH + TOP + BOTTOM);
  }

  #layout(width: number, height: number): Column[] {
    const shape = this.#shape;
    if (!shape) return [];
    const counts = [shape.inputs, ...this.#widths()];
    // Room for the largest box (40 px) at either end.
    const margin = 24;
    const usable = height - TOP - BOTTOM;
    const spacing = (width - 2 * margin) / Math.max(1, counts.length - 1);
    return counts.map((count, c) => {
      const x = margin + c * spacing;
      if (count > MAX_DRAWN_UNITS) {
        const stripWidth = Math.max(8, Math.min(18, spacing * 0.2));
        return { x, boxes: [], strip: { x: x - stripWidth / 2, y: TOP, width: stripWidth, height: usable, units: count } };
      }
      // Columns of at most MAX_ROWS units side by side, so every unit keeps a box (and a button) of its own.
      const subColumns = Math.ceil(count / MAX_ROWS);
      const rows = Math.ceil(count / subColumns);
      const pitch = usable / Math.max(1, rows);
      const size = Math.max(8, Math.min(c === 0 ? 26 : 40, pitch * 0.72, (spacing * 0.5) / subColumns - 4));
      const columnGap = size + 6;
      const totalHeight = rows * pitch;
      const start = TOP + (usable - totalHeight) / 2 + (pitch - size) / 2;
      const left = x - ((subColumns - 1) * columnGap) / 2 - size / 2;
      const boxes: Box[] = [];
      for (let u = 0; u < count; u++) {
        const sub = Math.floor(u / rows);
        boxes.push({ ref: { layer: c - 1, unit: u }, x: left + sub * columnGap, y: start + (u % rows) * pitch, size });
      }
      return { x, boxes, strip: null };
    });
  }

  // -------------------------------------------------------------- draw ---

  protected draw(): void {
    const width = this.width();
    const height = this.#heightFor();
    const context = this.#surface.begin(width, height);
    const theme = this.theme();
    this.#columns = this.#layout(width, height);
    this.#placeButtons(width, height);
    const layout = `${width}x${height}/${JSON.stringify(this.#shape)}`;
    if (this.#edgesDrawnFor.parameters !== this.#parameters || this.#edgesDrawnFor.layout !== layout) {
      this.#edgesDrawnFor = { parameters: this.#parameters, layout };
      const edges = this.#edgeSurface.begin(width, height);
      if (this.#shape) this.#drawEdges(edges);
    }
    if (!this.#shape) return;
    context.font = '11px system-ui, sans-serif';
    const metrics = this.#frame?.metrics;
    const background = hexRgb(theme.background);
    this.#columns.forEach((column, c) => {
      if (column.strip) {
        this.#drawStrip(context, column, c - 1, theme.grid);
        return;
      }
      for (const box of column.boxes) {
        const isInput = c === 0;
        if (isInput) {
          context.fillStyle = theme.background;
          context.strokeStyle = theme.muted;
          context.lineWidth = 1.5;
          context.beginPath();
          context.arc(box.x + box.size / 2, box.y + box.size / 2, box.size / 2, 0, Math.PI * 2);
          context.fill();
          context.stroke();
          if (box.size >= 14) {
            context.fillStyle = theme.text;
            context.textAlign = 'center';
            context.textBaseline = 'middle';
            context.fillText(`x${box.ref.unit + 1}`, box.x + box.size / 2, box.y + box.size / 2);
          }
          continue;
        }
        const layer = box.ref.layer;
        context.fillStyle = theme.background;
        context.fillRect(box.x, box.y, box.size, box.size);
        const grid = this.#grids?.grids[layer];
        if (grid && layer < this.#widths().length - 1) this.#drawMap(context, box, grid, background);
        else if (this.#classMeans && layer < this.#widths().length - 1) this.#drawClassMeans(context, box, layer);
        const status = metrics ? this.#tracker.status(box.ref) : null;
        this.#drawBorder(context, box, status, theme.muted);
      }
      // The output column has no unit maps; its boxes carry a mark only when dead.
    });
    if (this.#selected) {
      const box = this.#boxOf(this.#selected);
      if (box) {
        context.strokeStyle = theme.text;
        context.lineWidth = 2.5;
        context.setLineDash([]);
        context.strokeRect(box.x - 4, box.y - 4, box.size + 8, box.size + 8);
      }
    }
  }

  #drawEdges(context: CanvasRenderingContext2D): void {
    const parameters = this.#parameters;
    if (!parameters) return;
    for (let l = 0; l < this.#columns.length - 1; l++) {
      const from = this.#columns[l];
      const to = this.#columns[l + 1];
      const layer = parameters[l];
      if (!layer || from.strip || to.strip) continue;
      const fanIn = from.boxes.length;
      const fanOut = to.boxes.length;
      if (layer.weights.length !== fanIn * fanOut) continue;
      let largest = 0;
      for (const w of layer.weights) if (Math.abs(w) > largest && Number.isFinite(w)) largest = Math.abs(w);
      if (largest === 0) continue;
      // Four widths per sign, each one path: a few strokes per layer however many edges.
      const paths = Array.from({ length: 8 }, () => new Path2D());
      for (let i = 0; i < fanIn; i++) {
        const a = from.boxes[i];
        for (let j = 0; j < fanOut; j++) {
          const w = layer.weights[i * fanOut + j];
          // Weights under 5% of the layer's largest would be all but invisible: not drawn.
          if (!Number.isFinite(w) || Math.abs(w) < 0.05 * largest) continue;
          const level = Math.min(3, Math.floor((Math.abs(w) / largest) * 4));
          const path = paths[(w > 0 ? 0 : 4) + level];
          const b = to.boxes[j];
          path.moveTo(a.x + a.size, a.y + a.size / 2);
          path.lineTo(b.x, b.y + b.size / 2);
        }
      }
      paths.forEach((path, index) => {
        const level = index % 4;
        context.strokeStyle = index < 4 ? POSITIVE : NEGATIVE;
        context.globalAlpha = 0.18 + 0.2 * level;
        context.lineWidth = 0.6 + 0.8 * level;
        context.stroke(path);
      });
      context.globalAlpha = 1;
    }
  }

  #drawMap(context: CanvasRenderingContext2D, box: Box, grid: Float32Array, background: [number, number, number]): void {
    const maps = this.#grids;
    if (!maps) return;
    const cells = maps.w * maps.h;
    const offset = box.ref.unit * cells;
    if (offset + cells > grid.length) return;
    let largest = 0;
    for (let i = 0; i < cells; i++) largest = Math.max(largest, Math.abs(grid[offset + i]));
    const canvas = (this.#mapCanvas ??= document.createElement('canvas'));
    if (canvas.width !== maps.w || canvas.height !== maps.h) {
      canvas.width = maps.w;
      canvas.height = maps.h;
    }
    const mapContext = canvas.getContext('2d');
    if (!mapContext) return;
    const image = mapContext.createImageData(maps.w, maps.h);
    for (let i = 0; i < cells; i++) divergingColor(largest > 0 ? grid[offset + i] / largest : 0, background, image.data, i * 4);
    mapContext.putImageData(image, 0, 0);
    context.imageSmoothingEnabled = false;
    context.drawImage(canvas, box.x, box.y, box.size, box.size);
  }

  /**
   * A unit as its mean output per class: one bar per class in the class's
   * colour (the decision map's), heights against the layer's largest |mean|,
   * from a baseline at 0 (up for positive means, down for negative ones).
   */
  #drawClassMeans(context: CanvasRenderingContext2D, box: Box, layer: number): void {
    const frame = this.#classMeans;
    const means = frame?.means[layer];
    if (!frame || !means || frame.classes < 1) return;
    const C = frame.classes;
    const offset = box.ref.unit * C;
    if (offset + C > means.length) return;
    let largest = 0;
    for (const value of means) if (Number.isFinite(value)) largest = Math.max(largest, Math.abs(value));
    if (largest === 0) return;
    let negative = false;
    for (let c = 0; c < C; c++) if (means[offset + c] < 0) negative = true;
    const inner = box.size - 4;
    const base = negative ? box.y + 2 + inner / 2 : box.y + box.size - 2;
    const span = negative ? inner / 2 : inner;
    const bar = inner / C;
    for (let c = 0; c < C; c++) {
      const value = means[offset + c];
      if (!Number.isFinite(value)) continue;
      const length = (Math.abs(value) / largest) * span;
      context.fillStyle = CLASS_COLORS[c % CLASS_COLORS.length];
      context.fillRect(box.x + 2 + c * bar, value >= 0 ? base - length : base, Math.max(1, bar - 0.5), length);
    }
  }

  #drawBorder(context: CanvasRenderingContext2D, box: Box, status: UnitStatus | null, muted: string): void {
    const saturated = status?.saturated !== undefined && status.saturated !== null && status.saturated >= SATURATED_SHARE;
    context.setLineDash(status?.inactive && !status.dead ? [3, 2] : []);
    context.lineWidth = status?.dead || saturated ? 2.5 : 1.2;
    context.strokeStyle = status?.dead ? DEAD : saturated ? SATURATED : muted;
    context.strokeRect(box.x, box.y, box.size, box.size);
    context.setLineDash([]);
    if (status?.dead) {
      context.beginPath();
      context.moveTo(box.x + 3, box.y + 3);
      context.lineTo(box.x + box.size - 3, box.y + box.size - 3);
      context.moveTo(box.x + box.size - 3, box.y + 3);
      context.lineTo(box.x + 3, box.y + box.size - 3);
      context.stroke();
    }
  }

  #drawStrip(context: CanvasRenderingContext2D, column: Column, layer: number, grid: string): void {
    const strip = column.strip!;
    const cell = strip.height / strip.units;
    const dead = new Set(layer >= 0 ? this.#tracker.deadUnits(layer) : []);
    for (let u = 0; u < strip.units; u++) {
      context.fillStyle = dead.has(u) ? DEAD : grid;
      context.fillRect(strip.x, strip.y + u * cell, strip.width, Math.max(1, cell - (cell > 3 ? 1 : 0)));
    }
  }

  #boxOf(ref: UnitRef): Box | null {
    return this.#columns[ref.layer + 1]?.boxes[ref.unit] ?? null;
  }

  // --------------------------------------------------------- the units ---

  #key(ref: UnitRef): string {
    return `${ref.layer}.${ref.unit}`;
  }

  /** One button per drawn unit (hidden and output layers), in reading order; a roving tab stop. */
  #buildButtons(): void {
    this.#overlay.replaceChildren();
    this.#buttons.clear();
    this.#labelKeys.clear();
    this.#placedFor = '';
    const widths = this.#widths();
    widths.forEach((units, layer) => {
      if (units > MAX_DRAWN_UNITS) return;
      for (let unit = 0; unit < units; unit++) {
        const ref = { layer, unit };
        const unitButton = button('', 'network-unit');
        unitButton.tabIndex = -1;
        unitButton.dataset.layer = String(layer);
        unitButton.dataset.unit = String(unit);
        unitButton.addEventListener('click', () => this.select(ref));
        unitButton.addEventListener('focus', () => (this.#focused = ref));
        unitButton.addEventListener('keydown', (event) => this.#onKey(event, ref));
        this.#overlay.append(unitButton);
        this.#buttons.set(this.#key(ref), unitButton);
      }
    });
    const first = this.#focused && this.#buttons.get(this.#key(this.#focused)) ? this.#focused : this.#buttons.size > 0 ? { layer: 0, unit: 0 } : null;
    if (first) this.#buttons.get(this.#key(first))!.tabIndex = 0;
    this.#overlay.setAttribute('aria-label', this.#t('network.units'));
    this.#updateLabels();
  }

  #placeButtons(width: number, height: number): void {
    const placement = `${width}x${height}/${this.#buttons.size}`;
    if (placement === this.#placedFor) return;
    this.#placedFor = placement;
    for (const [key, unitButton] of this.#buttons) {
      const [layer, unit] = key.split('.').map(Number);
      const box = this.#boxOf({ layer, unit });
      if (!box) continue;
      // At least 24 CSS px to tap, centred on the box however small it is drawn.
      const size = Math.max(24, box.size);
      unitButton.style.left = `${box.x + box.size / 2 - size / 2}px`;
      unitButton.style.top = `${box.y + box.size / 2 - size / 2}px`;
      unitButton.style.width = `${size}px`;
      unitButton.style.height = `${size}px`;
    }
  }

  #onKey(event: KeyboardEvent, ref: UnitRef): void {
    const widths = this.#widths();
    let next: UnitRef | null = null;
    const clampTo = (layer: number) => ({ layer, unit: Math.min(ref.unit, widths[layer] - 1) });
    const drawn = (layer: number) => layer >= 0 && layer < widths.length && widths[layer] <= MAX_DRAWN_UNITS;
    if (event.key === 'ArrowDown' && ref.unit + 1 < widths[ref.layer]) next = { layer: ref.layer, unit: ref.unit + 1 };
    else if (event.key === 'ArrowUp' && ref.unit > 0) next = { layer: ref.layer, unit: ref.unit - 1 };
    else if (event.key === 'ArrowRight') {
      for (let l = ref.layer + 1; l < widths.length && !next; l++) if (drawn(l)) next = clampTo(l);
    } else if (event.key === 'ArrowLeft') {
      for (let l = ref.layer - 1; l >= 0 && !next; l--) if (drawn(l)) next = clampTo(l);
    } else if (event.key === 'Escape' && this.#selected) {
      event.preventDefault();
      this.select(null);
      return;
    }
    if (!next) return;
    event.preventDefault();
    const target = this.#buttons.get(this.#key(next));
    if (!target) return;
    for (const other of this.#buttons.values()) other.tabIndex = -1;
    target.tabIndex = 0;
    target.focus();
  }

  #unitName(ref: UnitRef): string {
    const output = ref.layer === this.#widths().length - 1;
    return output ? this.#t('network.output', { unit: ref.unit + 1 }) : this.#t('network.unit', { layer: ref.layer + 1, unit: ref.unit + 1 });
  }

  #statusText(status: UnitStatus | null): string {
    if (!status) return this.#t('network.status.unknown');
    const parts: string[] = [];
    if (status.dead) parts.push(this.#t('network.status.dead', { step: status.deadSince ?? 0 }));
    else if (status.inactive) parts.push(this.#t('network.status.inactive', { step: status.inactiveSince ?? 0 }));
    if (status.saturated !== undefined && status.saturated !== null && status.saturated >= SATURATED_SHARE) {
      parts.push(this.#t('network.status.saturated', { share: this.#strings.format({ value: status.saturated, style: 'percent' }) }));
    }
    return parts.length > 0 ? parts.join('; ') : this.#t('network.status.active');
  }

  #statusKind(status: UnitStatus | null): string {
    if (!status) return 'unknown';
    if (status.dead) return 'dead';
    if (status.saturated !== undefined && status.saturated !== null && status.saturated >= SATURATED_SHARE) return 'saturated';
    return status.inactive ? 'inactive' : 'active';
  }

  /** The buttons' status, label and pressed state; only the ones that changed are touched (this runs every report). */
  #updateLabels(): void {
    for (const [key, unitButton] of this.#buttons) {
      const [layer, unit] = key.split('.').map(Number);
      const ref = { layer, unit };
      const status = this.#frame ? this.#tracker.status(ref) : null;
      const pressed = this.#selected?.layer === layer && this.#selected.unit === unit;
      const kind = this.#statusKind(status);
      const labelKey = `${this.#strings.lang}|${kind}|${status?.deadSince}|${status?.inactiveSince}|${pressed}`;
      if (this.#labelKeys.get(key) === labelKey) continue;
      this.#labelKeys.set(key, labelKey);
      unitButton.dataset.status = kind;
      unitButton.setAttribute('aria-label', `${this.#unitName(ref)}: ${this.#statusText(status)}`);
      unitButton.setAttribute('aria-pressed', String(pressed));
    }
  }

  // ------------------------------------------------- legend and details ---

  #renderLegend(): void {
    const item = (className: string, key: MessageKey) => {
      const entry = element('span', `network-key ${className}`);
      entry.append(element('span', 'network-swatch'), element('span', undefined, this.#t(key)));
      return entry;
    };
    this.#legend.replaceChildren(
      item('key-dead', 'network.legend.dead'),
      item('key-inactive', 'network.legend.inactive'),
      item('key-saturated', 'network.legend.saturated'),
      item('key-positive', 'network.legend.positive'),
      item('key-negative', 'network.legend.negative'),
    );
  }

  /** Layers drawn as strips: their dead units, each a button that selects it. */
  #renderStrips(): void {
    const widths = this.#widths();
    const parts: HTMLElement[] = [];
    widths.forEach((units, layer) => {
      if (units <= MAX_DRAWN_UNITS) return;
      const dead = this.#tracker.deadUnits(layer);
      const line = element('p', 'network-strip-line', this.#t('network.aggregated', { layer: layer + 1, units, dead: dead.length }));
      for (const unit of dead.slice(0, 64)) {
        const pick = button(String(unit + 1), 'network-dead-unit');
        pick.setAttribute('aria-label', this.#unitName({ layer, unit }));
        pick.addEventListener('click', () => this.select({ layer, unit }));
        line.append(pick);
      }
      parts.push(line);
    });
    this.#strips.replaceChildren(...parts);
  }

  #renderDetails(): void {
    this.#detailsShownAt = performance.now();
    const ref = this.#selected;
    this.#detailsStatus = ref ? this.#statusKind(this.#tracker.status(ref)) : '';
    if (!ref) {
      this.#details.replaceChildren(element('p', 'hint', this.#t(matchMedia('(hover: none)').matches ? 'network.hint.touch' : 'network.hint')));
      return;
    }
    const status = this.#tracker.status(ref);
    const heading = element('h4', undefined, `${this.#unitName(ref)} · ${this.#activationOf(ref)}`);
    const statusLine = element('p', `network-status status-${this.#statusKind(status)}`, this.#statusText(status));
    const weights = element('div', 'network-weights');
    const layer = this.#parameters?.[ref.layer];
    if (layer) {
      const fanOut = layer.bias.length;
      const fanIn = layer.weights.length / fanOut;
      const values = Array.from({ length: fanIn }, (_, i) => layer.weights[i * fanOut + ref.unit]);
      weights.append(
        element('p', undefined, this.#t('network.details.weights', { count: fanIn, bias: formatNumber(layer.bias[ref.unit], 3) })),
        this.#weightBars(values),
      );
    }
    const histogram = element('div', 'network-histogram');
    const perClass = this.#classMeansText(ref);
    this.#details.replaceChildren(heading, statusLine, weights, ...(perClass ? [element('p', 'network-class-means', perClass)] : []), histogram);
    this.#fetchDetails(ref, histogram);
  }

  /** The selected hidden unit's mean output per class, in words ("0: 0.41 · 1: 0 · …"), or '' without class means. */
  #classMeansText(ref: UnitRef): string {
    const frame = this.#classMeans;
    const means = frame?.means[ref.layer];
    if (!frame || !means) return '';
    const offset = ref.unit * frame.classes;
    if (offset + frame.classes > means.length) return '';
    const parts = Array.from({ length: frame.classes }, (_, c) => `${frame.names[c] ?? String(c)}: ${formatNumber(means[offset + c], 2)}`);
    return this.#t('network.details.classMeans', { values: parts.join(' · ') });
  }

  #activationOf(ref: UnitRef): string {
    const layers = this.#shape?.layers ?? [];
    return ref.layer < layers.length ? layers[ref.layer].activation : this.#t('network.head');
  }

  #weightBars(values: readonly number[]): HTMLCanvasElement {
    const canvas = document.createElement('canvas');
    canvas.className = 'network-bars';
    const width = Math.min(360, Math.max(40, values.length * 14));
    const height = 60;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    canvas.setAttribute('aria-hidden', 'true');
    const context = canvas.getContext('2d');
    if (!context) return canvas;
    context.scale(ratio, ratio);
    const largest = Math.max(1e-12, ...values.map((v) => Math.abs(v)));
    const bar = width / values.length;
    context.fillStyle = this.theme().grid;
    context.fillRect(0, height / 2, width, 1);
    values.forEach((value, i) => {
      const length = (Math.abs(value) / largest) * (height / 2 - 2);
      context.fillStyle = value >= 0 ? POSITIVE : NEGATIVE;
      context.fillRect(i * bar + 1, value >= 0 ? height / 2 - length : height / 2 + 1, Math.max(1, bar - 2), length);
    });
    return canvas;
  }

  /** The histogram of the selected unit's pre-activations over f′, asked of the run once per unit and report. */
  #fetchDetails(ref: UnitRef, host: HTMLElement): void {
    const key = `${this.#key(ref)}@${this.#frame?.metrics.step ?? -1}`;
    if (this.#unitDetails && this.#detailsKey.startsWith(`${this.#key(ref)}@`)) this.#drawHistogram(host, this.#unitDetails);
    if (!this.#options.requestDetails || key === this.#detailsKey) return;
    this.#detailsKey = key;
    const request = ++this.#detailsRequest;
    void this.#options.requestDetails(ref).then(
      (details) => {
        if (request !== this.#detailsRequest || !details) return;
        this.#unitDetails = details;
        const current = this.#details.querySelector<HTMLElement>('.network-histogram');
        if (current) this.#drawHistogram(current, details);
      },
      () => {},
    );
  }

  #drawHistogram(host: HTMLElement, details: UnitDetails): void {
    const canvas = document.createElement('canvas');
    canvas.className = 'network-hist';
    const width = 280;
    const height = 90;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    canvas.setAttribute('aria-hidden', 'true');
    const context = canvas.getContext('2d');
    if (!context) return;
    context.scale(ratio, ratio);
    const theme = this.theme();
    const counts = details.counts;
    const top = 6;
    const bottom = height - 16;
    const peak = Math.max(1, ...counts);
    const bar = width / Math.max(1, counts.length);
    context.fillStyle = POSITIVE;
    counts.forEach((count, i) => {
      const h = (count / peak) * (bottom - top);
      context.fillRect(i * bar + 0.5, bottom - h, Math.max(1, bar - 1), h);
    });
    const derivative = details.derivative;
    let largest = 0;
    for (const value of derivative) if (Number.isFinite(value)) largest = Math.max(largest, Math.abs(value));
    if (largest > 0) {
      context.strokeStyle = theme.text;
      context.setLineDash([4, 3]);
      context.lineWidth = 1.5;
      context.beginPath();
      derivative.forEach((value, i) => {
        const x = (i / Math.max(1, derivative.length - 1)) * width;
        const y = bottom - (Math.abs(value) / largest) * (bottom - top);
        if (i === 0) context.moveTo(x, y);
        else context.lineTo(x, y);
      });
      context.stroke();
      context.setLineDash([]);
    }
    context.fillStyle = theme.muted;
    context.font = '11px system-ui, sans-serif';
    context.textBaseline = 'bottom';
    context.textAlign = 'left';
    context.fillText(formatNumber(details.lo, 2), 0, height);
    context.textAlign = 'right';
    context.fillText(formatNumber(details.hi, 2), width, height);
    const caption = element('p', undefined, this.#t('network.details.histogram'));
    host.replaceChildren(caption, canvas);
  }
}
