// test-outcomes.ts — how the model does on the test set when there are more
// inputs than a map can show (issue 14): for classification a confusion
// matrix (rows: the true class, columns: the predicted one; each cell its
// count, shaded by its share of the row), for regression the predicted value
// against the target, one point per test example, with the diagonal where
// they agree. For 8×8 images (digits) the misclassified test images follow
// as thumbnails with "true → predicted" under each.
//
// The numbers come from the run: the model's outputs on the test set
// (lab.run's testPredictions) and the test labels. The pure functions below
// (predictedClasses, confusionMatrix, misclassified) hold the counting; the
// widget only draws.
import { CLASS_COLORS } from './decision-map';
import { CanvasSurface, formatNumber, Widget, type LabelReport, type WidgetOptions } from './widget';

/** The predicted class of each row: argmax of the outputs, or p ≥ 0.5 for one sigmoid output. */
export function predictedClasses(predictions: Float32Array, outputs: number): Int32Array {
  const rows = outputs > 0 ? Math.floor(predictions.length / outputs) : 0;
  const classes = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    if (outputs === 1) {
      classes[r] = predictions[r] >= 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let o = 1; o < outputs; o++) if (predictions[r * outputs + o] > predictions[r * outputs + best]) best = o;
    classes[r] = best;
  }
  return classes;
}

/** counts[true · classes + predicted]: how often each true class was predicted as each class. */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): Int32Array {
  const counts = new Int32Array(classes * classes);
  const n = Math.min(labels.length, predicted.length);
  for (let i = 0; i < n; i++) {
    const truth = labels[i];
    const guess = predicted[i];
    if (truth >= 0 && truth < classes && guess >= 0 && guess < classes) counts[truth * classes + guess]++;
  }
  return counts;
}

/** The test rows whose predicted class is not their label, in row order. */
export function misclassified(labels: ArrayLike<number>, predicted: ArrayLike<number>): number[] {
  const rows: number[] = [];
  const n = Math.min(labels.length, predicted.length);
  for (let i = 0; i < n; i++) if (labels[i] !== predicted[i]) rows.push(i);
  return rows;
}

export interface OutcomeData {
  /** 0 for regression */
  classes: number;
  /** test labels (classification) or first targets per row (regression: `targets` values per row) */
  yTest: Float32Array;
  targets: number;
  /** names of the classes (may be empty: the indices are used) */
  classNames: readonly string[];
  /** Square images of side×side pixels: the raw test inputs (un-standardized) and the value range of a pixel. */
  images?: { side: number; pixels: Float32Array; lo: number; hi: number } | null;
}

export interface OutcomeSummary {
  title: string;
  regression: boolean;
  right: number;
  total: number;
  /** the most frequent confusion, or null */
  confusion: { truth: string; predicted: string; count: number } | null;
}

export interface TestOutcomesOptions extends WidgetOptions {
  /** The summary sentence (the page words it in the reader's language). */
  describe: (summary: OutcomeSummary) => string;
  /** The axis words: "true class", "predicted", "target", "prediction". */
  axis: { truth: string; predicted: string; target: string; prediction: string };
  /** The thumbnails' heading, with {count} and {shown}. */
  thumbnailsTitle: (count: number, shown: number) => string;
  /** The words of one thumbnail (its aria-label and caption): true and predicted class. */
  thumbnailLabel: (truth: string, predicted: string) => string;
}

/** At most this many misclassified images are drawn. */
const MAX_THUMBNAILS = 24;

export class TestOutcomes extends Widget {
  readonly #surface: CanvasSurface;
  readonly #thumbnails: HTMLElement;
  readonly #options: TestOutcomesOptions;
  #data: OutcomeData | null = null;
  #predictions: Float32Array | null = null;
  #outputs = 1;
  #matrix: Int32Array | null = null;
  #wrong: number[] = [];
  #predicted: Int32Array | null = null;
  #thumbnailsKey = '';

  constructor(container: HTMLElement, options: TestOutcomesOptions) {
    super(container, { height: 320, ...options });
    this.#options = options;
    this.#surface = new CanvasSurface(this.host);
    this.#thumbnails = document.createElement('div');
    this.#thumbnails.className = 'outcome-thumbnails';
    this.figure.append(this.#thumbnails);
  }

  setData(data: OutcomeData | null): void {
    this.#data = data;
    this.#predictions = null;
    this.#matrix = null;
    this.#predicted = null;
    this.#wrong = [];
    this.#thumbnailsKey = '';
    this.#thumbnails.replaceChildren();
    this.requestDraw();
  }

  /** The model's outputs on the test set, nTest×outputs. */
  setPredictions(predictions: Float32Array, outputs: number): void {
    const data = this.#data;
    if (!data) return;
    this.#predictions = predictions;
    this.#outputs = outputs;
    if (data.classes > 0) {
      this.#predicted = predictedClasses(predictions, outputs);
      this.#matrix = confusionMatrix(data.yTest, this.#predicted, data.classes);
      this.#wrong = misclassified(data.yTest, this.#predicted);
      this.#showThumbnails();
    }
    this.requestDraw();
  }

  #className(index: number): string {
    return this.#data?.classNames[index] ?? String(index);
  }

  snapshot(): { classes: number; matrix: number[] | null; misclassified: number[]; predictions: number[] | null } {
    return {
      classes: this.#data?.classes ?? 0,
      matrix: this.#matrix ? Array.from(this.#matrix) : null,
      misclassified: [...this.#wrong],
      predictions: this.#predictions ? Array.from(this.#predictions) : null,
    };
  }

  summary(): string {
    const data = this.#data;
    const matrix = this.#matrix;
    const regression = !data || data.classes === 0;
    let right = 0;
    let total = 0;
    let confusion: OutcomeSummary['confusion'] = null;
    if (data && matrix) {
      const C = data.classes;
      for (let t = 0; t < C; t++) {
        for (let p = 0; p < C; p++) {
          const count = matrix[t * C + p];
          total += count;
          if (t === p) right += count;
          else if (count > 0 && (!confusion || count > confusion.count)) confusion = { truth: this.#className(t), predicted: this.#className(p), count };
        }
      }
    } else if (data && this.#predictions) {
      total = data.yTest.length / Math.max(1, data.targets);
    }
    return this.#options.describe({ title: this.title, regression, right, total, confusion });
  }

  labels(): LabelReport[] {
    return [this.#surface.labels()];
  }

  protected draw(): void {
    const width = this.width();
    const data = this.#data;
    const height = data && data.classes > 0 ? Math.min(this.height, Math.max(180, Math.min(width, 360))) : Math.min(this.height, Math.max(200, width * 0.75));
    const context = this.#surface.begin(width, height);
    if (!data) return;
    if (data.classes > 0) this.#drawMatrix(context, width, height, data);
    else this.#drawScatter(context, width, height, data);
  }

  #drawMatrix(context: CanvasRenderingContext2D, width: number, height: number, data: OutcomeData): void {
    const theme = this.theme();
    const C = data.classes;
    const matrix = this.#matrix;
    context.font = '11px system-ui, sans-serif';
    const names = Array.from({ length: C }, (_, i) => this.#className(i));
    const nameWidth = Math.min(90, Math.max(...names.map((name) => context.measureText(name).width)) + 8);
    const left = 18 + nameWidth;
    const top = 30;
    const side = Math.max(8, Math.min((width - left - 6) / C, (height - top - 6) / C));
    // Axis words: predicted across the top, true class down the left.
    context.fillStyle = theme.muted;
    context.textAlign = 'center';
    context.textBaseline = 'top';
    this.#surface.text(context, this.#options.axis.predicted, left + (side * C) / 2, 0);
    context.save();
    context.translate(2, top + (side * C) / 2);
    context.rotate(-Math.PI / 2);
    context.textBaseline = 'top';
    this.#surface.text(context, this.#options.axis.truth, 0, 0);
    context.restore();
    // Class names: across the top (when they fit) and down the left.
    context.textBaseline = 'bottom';
    context.fillStyle = theme.text;
    for (let c = 0; c < C; c++) {
      if (context.measureText(names[c]).width <= side - 2) this.#surface.text(context, names[c], left + side * (c + 0.5), top - 2);
    }
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    for (let c = 0; c < C; c++) this.#surface.text(context, names[c], left - 4, top + side * (c + 0.5));
    // Cells: shaded by their share of the row; the diagonal in the class's colour, the rest in the muted one.
    for (let t = 0; t < C; t++) {
      let rowTotal = 0;
      for (let p = 0; p < C; p++) rowTotal += matrix ? matrix[t * C + p] : 0;
      for (let p = 0; p < C; p++) {
        const count = matrix ? matrix[t * C + p] : 0;
        const share = rowTotal > 0 ? count / rowTotal : 0;
        const x = left + p * side;
        const y = top + t * side;
        context.fillStyle = theme.background;
        context.fillRect(x, y, side, side);
        if (share > 0) {
          context.globalAlpha = 0.15 + 0.85 * share;
          context.fillStyle = t === p ? CLASS_COLORS[t % CLASS_COLORS.length] : '#b3261e';
          context.fillRect(x, y, side, side);
          context.globalAlpha = 1;
        }
        context.strokeStyle = theme.grid;
        context.strokeRect(x + 0.5, y + 0.5, side - 1, side - 1);
        if (matrix && side >= 16) {
          context.fillStyle = share > 0.55 ? '#ffffff' : theme.text;
          context.textAlign = 'center';
          context.font = `${side >= 28 ? 12 : 10}px system-ui, sans-serif`;
          this.#surface.text(context, String(count), x + side / 2, y + side / 2);
          context.font = '11px system-ui, sans-serif';
        }
      }
    }
  }

  #drawScatter(context: CanvasRenderingContext2D, width: number, height: number, data: OutcomeData): void {
    const theme = this.theme();
    const predictions = this.#predictions;
    const T = Math.max(1, data.targets);
    const rows = Math.floor(data.yTest.length / T);
    const pad = { left: 44, bottom: 34, top: 8, right: 8 };
    const plot = { x: pad.left, y: pad.top, w: width - pad.left - pad.right, h: height - pad.top - pad.bottom };
    // One range for both axes, so the diagonal is where prediction = target.
    let lo = Infinity;
    let hi = -Infinity;
    for (let r = 0; r < rows; r++) {
      const target = data.yTest[r * T];
      lo = Math.min(lo, target);
      hi = Math.max(hi, target);
      const guess = predictions?.[r * this.#outputs];
      if (guess !== undefined && Number.isFinite(guess)) ((lo = Math.min(lo, guess)), (hi = Math.max(hi, guess)));
    }
    if (!(hi > lo)) ((lo -= 1), (hi += 1));
    const sx = (v: number) => plot.x + ((v - lo) / (hi - lo)) * plot.w;
    const sy = (v: number) => plot.y + plot.h - ((v - lo) / (hi - lo)) * plot.h;
    context.strokeStyle = theme.grid;
    context.strokeRect(plot.x, plot.y, plot.w, plot.h);
    context.beginPath();
    context.moveTo(sx(lo), sy(lo));
    context.lineTo(sx(hi), sy(hi));
    context.setLineDash([5, 4]);
    context.strokeStyle = theme.muted;
    context.stroke();
    context.setLineDash([]);
    context.fillStyle = theme.muted;
    context.font = '11px system-ui, sans-serif';
    context.textAlign = 'center';
    context.textBaseline = 'top';
    this.#surface.text(context, `${this.#options.axis.target} (${formatNumber(lo, 2)} … ${formatNumber(hi, 2)})`, plot.x + plot.w / 2, plot.y + plot.h + 8);
    context.save();
    context.translate(10, plot.y + plot.h / 2);
    context.rotate(-Math.PI / 2);
    this.#surface.text(context, this.#options.axis.prediction, 0, 0);
    context.restore();
    if (!predictions) return;
    context.fillStyle = CLASS_COLORS[0];
    for (let r = 0; r < rows; r++) {
      const guess = predictions[r * this.#outputs];
      if (!Number.isFinite(guess)) continue;
      context.beginPath();
      context.arc(sx(data.yTest[r * T]), sy(guess), 2.5, 0, Math.PI * 2);
      context.fill();
    }
  }

  /** The misclassified test images (8×8 digits), each with "true → predicted", rebuilt when the list changes. */
  #showThumbnails(): void {
    const data = this.#data;
    const images = data?.images;
    const predicted = this.#predicted;
    if (!data || !images || !predicted) return;
    const shown = this.#wrong.slice(0, MAX_THUMBNAILS);
    const key = shown.map((row) => `${row}:${predicted[row]}`).join(',') + `/${this.#wrong.length}`;
    if (key === this.#thumbnailsKey) return;
    this.#thumbnailsKey = key;
    const side = images.side;
    const pixels = side * side;
    const heading = document.createElement('p');
    heading.className = 'outcome-thumbnails-title';
    heading.textContent = this.#options.thumbnailsTitle(this.#wrong.length, shown.length);
    const list = document.createElement('ul');
    list.className = 'outcome-thumbnail-list';
    for (const row of shown) {
      const item = document.createElement('li');
      const canvas = document.createElement('canvas');
      canvas.width = side;
      canvas.height = side;
      const label = this.#options.thumbnailLabel(this.#className(data.yTest[row]), this.#className(predicted[row]));
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', label);
      const context = canvas.getContext('2d');
      if (context) {
        const image = context.createImageData(side, side);
        for (let i = 0; i < pixels; i++) {
          const value = images.pixels[row * pixels + i];
          const ink = Math.max(0, Math.min(1, (value - images.lo) / (images.hi - images.lo || 1)));
          const shade = Math.round(255 * (1 - ink));
          image.data.set([shade, shade, shade, 255], i * 4);
        }
        context.putImageData(image, 0, 0);
      }
      // Short under the image (the full words are its label): true → predicted.
      const caption = document.createElement('span');
      caption.textContent = `${this.#className(data.yTest[row])} → ${this.#className(predicted[row])}`;
      caption.setAttribute('aria-hidden', 'true');
      item.append(canvas, caption);
      list.append(item);
    }
    this.#thumbnails.replaceChildren(heading, list);
  }
}
