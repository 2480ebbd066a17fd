// decision-map.ts — what the network predicts over the input space, with the
// data on top: for 2-D classification a heatmap of the predicted class
// (shade = confidence) with training points filled and test points hollow,
// one marker shape per class; for 1-D regression the model's curve over the
// data. Canvas; one draw per frame.
//
// The grid layout is Experiment.decisionGrid's: w×h cells over the data's
// bounding box [lo, hi], row 0 on top, cell centres at (i + 0.5) / w.
//
// A drawing plane (setPlane, the Draw tool of panels/data) fixes the axes to
// the plane's box, shows the drawn points instead of the run's, places the
// grid at its own box inside the plane, and reports the pointer in the
// plane's units; the tool decides what a press or a drag does.
import { CanvasSurface, formatNumber, PALETTE, Widget, type LabelReport, type Theme, type WidgetOptions } from './widget';

export interface DecisionData {
  /** 1 (regression curve) or 2 (heatmap) */
  inputs: number;
  /** 0 for regression */
  classes: number;
  /** row-major, `inputs` columns */
  x: Float32Array;
  y: Float32Array;
  xTest: Float32Array;
  yTest: Float32Array;
  lo: Float32Array;
  hi: Float32Array;
}

export interface DecisionGrid {
  w: number;
  h: number;
  /** outputs per cell: 1 (sigmoid probability or regression value) or `classes` (softmax) */
  outputs: number;
  values: Float32Array;
}

// Class colours: the palette's first ones, well apart for every kind of colour vision.
export const CLASS_COLORS = [PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[3], PALETTE[4], PALETTE[5], PALETTE[6], PALETTE[7], '#444444', '#bbbbbb'];

function rgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

type Marker = (context: CanvasRenderingContext2D, x: number, y: number, r: number) => void;
// One shape per class, so classes differ without colour.
const MARKERS: Marker[] = [
  (c, x, y, r) => c.arc(x, y, r, 0, 2 * Math.PI),
  (c, x, y, r) => c.rect(x - r, y - r, 2 * r, 2 * r),
  (c, x, y, r) => {
    c.moveTo(x, y - r * 1.2);
    c.lineTo(x + r * 1.1, y + r * 0.8);
    c.lineTo(x - r * 1.1, y + r * 0.8);
    c.closePath();
  },
  (c, x, y, r) => {
    c.moveTo(x, y - r * 1.3);
    c.lineTo(x + r * 1.3, y);
    c.lineTo(x, y + r * 1.3);
    c.lineTo(x - r * 1.3, y);
    c.closePath();
  },
];

/** The pointer over a drawing plane: where, in the plane's units and in CSS pixels of the plot. */
export interface PlanePointer {
  phase: 'down' | 'move' | 'up' | 'cancel';
  /** x₀ (regression: x) */
  x: number;
  /** x₁ (regression: the target) */
  y: number;
  /** CSS pixels from the plot's top left */
  px: number;
  py: number;
  /** plane units per CSS pixel along x and y, for radii given in pixels */
  unitsPerPixel: [number, number];
  /** whether the point is inside the plane's box */
  inside: boolean;
}

export interface DrawingPlane {
  /** 2: classes over (x₀, x₁); 1: targets over x (regression) */
  inputs: 1 | 2;
  classes: number;
  /** the box the axes show: [x₀, x₁] (regression: [x, target]) */
  lo: [number, number];
  hi: [number, number];
  /** the drawn points, `inputs` per row, and their classes or targets */
  x: Float32Array;
  y: Float32Array;
  /** the model's grid box in the plane's units (the run's data box); null draws no grid */
  gridLo: readonly number[] | null;
  gridHi: readonly number[] | null;
  /** whether presses and drags go to onPointer (drawing), or the plane is only shown */
  interactive: boolean;
  onPointer(pointer: PlanePointer): void;
}

export interface DecisionSummary {
  title: string;
  train: number;
  test: number;
  /** accuracy (classification) or loss (regression), formatted */
  score: string;
  regression: boolean;
}

export interface DecisionMapOptions extends WidgetOptions {
  /** The summary sentence; by default English. */
  describe?: (summary: DecisionSummary) => string;
}

function describeInEnglish(s: DecisionSummary): string {
  return `${s.title}: ${s.train} training and ${s.test} test points; ${s.regression ? 'loss' : 'accuracy'} ${s.score}.`;
}

export class DecisionMap extends Widget {
  readonly #surface: CanvasSurface;
  readonly #cells = document.createElement('canvas');
  #data: DecisionData | null = null;
  #grid: DecisionGrid | null = null;
  #accuracy: number | null = null;
  #loss: number | null = null;
  readonly #describe: (summary: DecisionSummary) => string;
  readonly #readout = document.createElement('div');
  #plot: { x: number; y: number; w: number; h: number } | null = null;
  #plane: DrawingPlane | null = null;
  /** The pointer pressed on the plane (its id), while it is down. */
  #planePointerId: number | null = null;

  constructor(container: HTMLElement, options: DecisionMapOptions) {
    super(container, { height: 300, ...options });
    this.#surface = new CanvasSurface(this.host);
    this.#describe = options.describe ?? describeInEnglish;
    this.#readout.className = 'plot-readout';
    this.#readout.hidden = true;
    this.host.append(this.#readout);
    const canvas = this.#surface.canvas;
    canvas.addEventListener('pointermove', (event) => {
      if (this.#plane) this.#planeEvent(event, 'move');
      else this.#showReadout(event);
    });
    canvas.addEventListener('pointerleave', () => (this.#readout.hidden = true));
    canvas.addEventListener('pointerdown', (event) => this.#planeEvent(event, 'down'));
    canvas.addEventListener('pointerup', (event) => this.#planeEvent(event, 'up'));
    canvas.addEventListener('pointercancel', (event) => this.#planeEvent(event, 'cancel'));
  }

  /** The drawing plane (the Draw tool), or null for the run's data as usual. */
  setPlane(plane: DrawingPlane | null): void {
    this.#plane = plane;
    // A new plane during a drag (its points change as it erases) keeps the drag going.
    if (!plane) this.#planePointerId = null;
    this.#readout.hidden = true;
    const canvas = this.#surface.canvas;
    // A finger drawing on the plane must not scroll the page.
    const drawing = plane !== null && plane.interactive;
    canvas.style.touchAction = drawing ? 'none' : '';
    canvas.style.cursor = drawing ? 'crosshair' : '';
    this.figure.dataset.drawing = String(drawing);
    this.requestDraw();
  }

  get plane(): DrawingPlane | null {
    return this.#plane;
  }

  /** A pointer event as the plane's units, handed to the plane's owner: presses and drags that start on the plot. */
  #planeEvent(event: PointerEvent, phase: PlanePointer['phase']): void {
    const plane = this.#plane;
    const plot = this.#plot;
    if (!plane || !plot || !plane.interactive) return;
    if (phase === 'down') {
      if (event.button !== 0 || this.#planePointerId !== null) return;
    } else if (event.pointerId !== this.#planePointerId) return;
    const canvas = this.#surface.canvas;
    const rect = canvas.getBoundingClientRect();
    const px = event.clientX - rect.left - plot.x;
    const py = event.clientY - rect.top - plot.y;
    const u = px / plot.w;
    const v = py / plot.h;
    const inside = u >= 0 && u <= 1 && v >= 0 && v <= 1;
    if (phase === 'down') {
      if (!inside) return;
      this.#planePointerId = event.pointerId;
      canvas.setPointerCapture?.(event.pointerId);
      event.preventDefault();
    }
    if (phase === 'up' || phase === 'cancel') this.#planePointerId = null;
    const width = plane.hi[0] - plane.lo[0];
    const height = plane.hi[1] - plane.lo[1];
    plane.onPointer({
      phase,
      x: plane.lo[0] + width * u,
      y: plane.hi[1] - height * v,
      px,
      py,
      unitsPerPixel: [width / plot.w, height / plot.h],
      inside,
    });
  }

  // The prediction under the pointer: where the model stands at that input.
  #showReadout(event: PointerEvent): void {
    const data = this.#data;
    const grid = this.#grid;
    const plot = this.#plot;
    if (!data || !grid || !plot) return;
    const rect = this.#surface.canvas.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const py = event.clientY - rect.top;
    const u = (px - plot.x) / plot.w;
    const v = (py - plot.y) / plot.h;
    if (u < 0 || u >= 1 || v < 0 || v >= 1) {
      this.#readout.hidden = true;
      return;
    }
    const x0 = data.lo[0] + (data.hi[0] - data.lo[0]) * u;
    const column = Math.min(grid.w - 1, Math.floor(u * grid.w));
    let text: string;
    if (data.inputs === 1) {
      text = `x ${formatNumber(x0)} → ŷ ${formatNumber(grid.values[column])}`;
    } else {
      const x1 = data.hi[1] - (data.hi[1] - data.lo[1]) * v;
      const cell = Math.min(grid.h - 1, Math.floor(v * grid.h)) * grid.w + column;
      const position = `(${formatNumber(x0, 2)}, ${formatNumber(x1, 2)})`;
      if (grid.outputs === 1) {
        text = `${position} → p(1) ${formatNumber(grid.values[cell], 2)}`;
      } else {
        const probabilities = Array.from(grid.values.subarray(cell * grid.outputs, (cell + 1) * grid.outputs), (p) => formatNumber(p, 2));
        text = `${position} → p ${probabilities.join(' / ')}`;
      }
    }
    this.#readout.textContent = text;
    this.#readout.hidden = false;
    this.#readout.style.left = `${Math.min(px + 12, rect.width - this.#readout.offsetWidth - 4)}px`;
    this.#readout.style.top = `${Math.max(0, py - 28)}px`;
  }

  setData(data: DecisionData | null): void {
    this.#data = data;
    this.#grid = null;
    this.requestDraw();
  }

  /** The model's outputs over the grid; accuracy or loss only feed the summary. */
  setGrid(grid: DecisionGrid | null, score: { accuracy?: number | null; loss?: number | null } = {}): void {
    this.#grid = grid;
    this.#accuracy = score.accuracy ?? null;
    this.#loss = score.loss ?? null;
    this.requestDraw();
  }

  snapshot(): { inputs: number; train: number; test: number; grid: { w: number; h: number; outputs: number; values: number[] } | null } {
    const data = this.#data;
    const grid = this.#grid;
    return {
      inputs: data?.inputs ?? 0,
      train: data ? data.y.length : 0,
      test: data ? data.yTest.length : 0,
      grid: grid ? { w: grid.w, h: grid.h, outputs: grid.outputs, values: Array.from(grid.values) } : null,
    };
  }

  summary(): string {
    const data = this.#data;
    if (!data) return `${this.title}: –`;
    const regression = data.classes === 0;
    return this.#describe({
      title: this.title,
      train: data.y.length,
      test: data.yTest.length,
      score: formatNumber(regression ? this.#loss : this.#accuracy),
      regression,
    });
  }

  protected draw(): void {
    const width = this.width();
    const height = Math.min(this.height, Math.max(200, width * 0.75));
    const context = this.#surface.begin(width, height);
    const theme = this.theme();
    const data = this.#data;
    if (!data && !this.#plane) return;
    const pad = 28;
    const plot = { x: pad, y: 6, w: width - pad - 6, h: height - pad - 6 };
    this.#plot = plot;
    if (this.#plane) this.#drawPlane(context, theme, this.#plane, plot);
    else if (data!.inputs === 2) this.#drawHeatmap(context, theme, data!, plot);
    else this.#drawRegression(context, theme, data!, plot);
  }

  #drawHeatmap(
    context: CanvasRenderingContext2D,
    theme: Theme,
    data: DecisionData,
    plot: { x: number; y: number; w: number; h: number },
  ): void {
    const [lo0, lo1] = [data.lo[0], data.lo[1]];
    const [hi0, hi1] = [data.hi[0], data.hi[1]];
    this.#drawCells(context, theme, data.classes, plot);
    context.strokeStyle = theme.grid;
    context.strokeRect(plot.x, plot.y, plot.w, plot.h);
    const px = (v: number) => plot.x + ((v - lo0) / (hi0 - lo0 || 1)) * plot.w;
    const py = (v: number) => plot.y + ((hi1 - v) / (hi1 - lo1 || 1)) * plot.h;
    this.#drawMarkers(context, theme, data.x, data.y, px, py, true);
    this.#drawMarkers(context, theme, data.xTest, data.yTest, px, py, false);
    this.#axisLabels(context, theme, plot, [lo0, hi0], [lo1, hi1], 'x₀', 'x₁');
  }

  /** The drawing plane: its box on the axes, the model's grid where its box lies, the drawn points. */
  #drawPlane(context: CanvasRenderingContext2D, theme: Theme, plane: DrawingPlane, plot: { x: number; y: number; w: number; h: number }): void {
    const px = (v: number) => plot.x + ((v - plane.lo[0]) / (plane.hi[0] - plane.lo[0])) * plot.w;
    const py = (v: number) => plot.y + ((plane.hi[1] - v) / (plane.hi[1] - plane.lo[1])) * plot.h;
    const grid = this.#grid;
    const box = plane.gridLo && plane.gridHi ? { lo: plane.gridLo, hi: plane.gridHi } : null;
    context.save();
    context.beginPath();
    context.rect(plot.x, plot.y, plot.w, plot.h);
    context.clip();
    if (plane.inputs === 2) {
      if (box) {
        const x = px(box.lo[0]);
        const y = py(box.hi[1]);
        this.#drawCells(context, theme, plane.classes, { x, y, w: px(box.hi[0]) - x, h: py(box.lo[1]) - y });
      }
      // Larger than the data's markers: they are drawn and erased by hand (and by finger).
      this.#drawMarkers(context, theme, plane.x, plane.y, px, py, true, 4.5);
    } else {
      if (box && grid && grid.w > 1) {
        context.strokeStyle = theme.text;
        context.lineWidth = 2.2;
        context.beginPath();
        for (let col = 0; col < grid.w; col++) {
          const x = px(box.lo[0] + (box.hi[0] - box.lo[0]) * ((col + 0.5) / grid.w));
          const y = py(Number.isFinite(grid.values[col]) ? grid.values[col] : 0);
          if (col === 0) context.moveTo(x, y);
          else context.lineTo(x, y);
        }
        context.stroke();
      }
      context.fillStyle = PALETTE[0];
      for (let i = 0; i < plane.y.length; i++) {
        context.beginPath();
        context.arc(px(plane.x[i]), py(plane.y[i]), 4.5, 0, 2 * Math.PI);
        context.fill();
      }
    }
    context.restore();
    context.strokeStyle = theme.grid;
    context.lineWidth = 1;
    context.strokeRect(plot.x, plot.y, plot.w, plot.h);
    const names: [string, string] = plane.inputs === 2 ? ['x₀', 'x₁'] : ['x', 'y'];
    this.#axisLabels(context, theme, plot, [plane.lo[0], plane.hi[0]], [plane.lo[1], plane.hi[1]], ...names);
  }

  /** The grid's predicted classes, shaded by confidence, drawn into `rect`. */
  #drawCells(context: CanvasRenderingContext2D, theme: Theme, dataClasses: number, rect: { x: number; y: number; w: number; h: number }): void {
    const grid = this.#grid;
    if (grid && grid.w > 0 && grid.h > 0) {
      this.#cells.width = grid.w;
      this.#cells.height = grid.h;
      const cellContext = this.#cells.getContext('2d');
      if (cellContext) {
        const image = cellContext.createImageData(grid.w, grid.h);
        const background = rgb(theme.background.startsWith('#') && theme.background.length === 7 ? theme.background : theme.dark ? '#171b24' : '#ffffff');
        const colors = CLASS_COLORS.map(rgb);
        const classes = Math.max(2, dataClasses);
        for (let cell = 0; cell < grid.w * grid.h; cell++) {
          let predicted = 0;
          let confidence = 0;
          if (grid.outputs === 1) {
            const p = grid.values[cell];
            predicted = p >= 0.5 ? 1 : 0;
            confidence = Math.abs(p - 0.5) * 2;
          } else {
            let best = -Infinity;
            for (let k = 0; k < grid.outputs; k++) {
              const p = grid.values[cell * grid.outputs + k];
              if (p > best) {
                best = p;
                predicted = k;
              }
            }
            confidence = (best - 1 / classes) / (1 - 1 / classes);
          }
          if (!Number.isFinite(confidence)) confidence = 0;
          const mix = 0.12 + 0.5 * Math.max(0, Math.min(1, confidence));
          const color = colors[predicted % colors.length];
          for (let c = 0; c < 3; c++) image.data[cell * 4 + c] = Math.round(background[c] * (1 - mix) + color[c] * mix);
          image.data[cell * 4 + 3] = 255;
        }
        cellContext.putImageData(image, 0, 0);
        context.imageSmoothingEnabled = true;
        context.drawImage(this.#cells, rect.x, rect.y, rect.w, rect.h);
      }
    }
  }

  /** One marker per point, in its class's colour and shape: filled (training, drawn) or hollow (test). */
  #drawMarkers(
    context: CanvasRenderingContext2D,
    theme: Theme,
    x: Float32Array,
    y: Float32Array,
    px: (v: number) => number,
    py: (v: number) => number,
    filled: boolean,
    radius = 3.2,
  ): void {
    for (let i = 0; i < y.length; i++) {
      const label = Math.round(y[i]);
      context.beginPath();
      MARKERS[label % MARKERS.length](context, px(x[2 * i]), py(x[2 * i + 1]), radius);
      if (filled) {
        context.fillStyle = CLASS_COLORS[label % CLASS_COLORS.length];
        context.fill();
        context.strokeStyle = theme.background;
        context.lineWidth = 0.8;
      } else {
        context.strokeStyle = CLASS_COLORS[label % CLASS_COLORS.length];
        context.lineWidth = 1.6;
      }
      context.stroke();
    }
    context.lineWidth = 1;
  }

  #drawRegression(
    context: CanvasRenderingContext2D,
    theme: Theme,
    data: DecisionData,
    plot: { x: number; y: number; w: number; h: number },
  ): void {
    const lo0 = data.lo[0];
    const hi0 = data.hi[0];
    let yLo = Infinity;
    let yHi = -Infinity;
    for (const values of [data.y, data.yTest]) for (const v of values) ((yLo = Math.min(yLo, v)), (yHi = Math.max(yHi, v)));
    if (!(yHi > yLo)) ((yLo -= 1), (yHi += 1));
    const margin = (yHi - yLo) * 0.1;
    yLo -= margin;
    yHi += margin;
    const px = (v: number) => plot.x + ((v - lo0) / (hi0 - lo0 || 1)) * plot.w;
    const py = (v: number) => plot.y + ((yHi - v) / (yHi - yLo)) * plot.h;
    context.strokeStyle = theme.grid;
    context.strokeRect(plot.x, plot.y, plot.w, plot.h);
    for (const [x, y, filled] of [[data.x, data.y, true], [data.xTest, data.yTest, false]] as const) {
      for (let i = 0; i < y.length; i++) {
        context.beginPath();
        context.arc(px(x[i]), py(y[i]), 2.6, 0, 2 * Math.PI);
        if (filled) {
          context.fillStyle = PALETTE[0];
          context.fill();
        } else {
          context.strokeStyle = PALETTE[1];
          context.lineWidth = 1.4;
          context.stroke();
        }
      }
    }
    const grid = this.#grid;
    if (grid && grid.w > 1) {
      context.save();
      context.beginPath();
      context.rect(plot.x, plot.y, plot.w, plot.h);
      context.clip();
      context.strokeStyle = theme.text;
      context.lineWidth = 2.2;
      context.beginPath();
      for (let col = 0; col < grid.w; col++) {
        const x = px(lo0 + (hi0 - lo0) * ((col + 0.5) / grid.w));
        const y = py(Number.isFinite(grid.values[col]) ? grid.values[col] : 0);
        if (col === 0) context.moveTo(x, y);
        else context.lineTo(x, y);
      }
      context.stroke();
      context.restore();
    }
    this.#axisLabels(context, theme, plot, [lo0, hi0], [yLo, yHi], 'x', 'y');
  }

  labels(): LabelReport[] {
    return [this.#surface.labels()];
  }

  #axisLabels(
    context: CanvasRenderingContext2D,
    theme: Theme,
    plot: { x: number; y: number; w: number; h: number },
    xRange: [number, number],
    yRange: [number, number],
    xName: string,
    yName: string,
  ): void {
    context.fillStyle = theme.muted;
    context.font = '11px system-ui, sans-serif';
    context.textBaseline = 'top';
    context.textAlign = 'left';
    this.#surface.text(context, formatNumber(xRange[0], 2), plot.x, plot.y + plot.h + 3);
    context.textAlign = 'right';
    this.#surface.text(context, formatNumber(xRange[1], 2), plot.x + plot.w, plot.y + plot.h + 3);
    context.textAlign = 'center';
    this.#surface.text(context, xName, plot.x + plot.w / 2, plot.y + plot.h + 3);
    context.save();
    context.translate(plot.x - 4, plot.y + plot.h / 2);
    context.rotate(-Math.PI / 2);
    context.textBaseline = 'bottom';
    this.#surface.text(context, yName, 0, 0);
    context.textAlign = 'left';
    this.#surface.text(context, formatNumber(yRange[0], 2), -plot.h / 2, 0);
    context.textAlign = 'right';
    this.#surface.text(context, formatNumber(yRange[1], 2), plot.h / 2, 0);
    context.restore();
  }
}
