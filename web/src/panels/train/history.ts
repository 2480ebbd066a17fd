// history.ts — the metrics of one run over its steps, as growable Float64Array
// columns the charts read directly (NaN where a value was null). Past
// MAX_POINTS rows every other row is dropped, so a long run keeps a bounded
// cost per frame while its whole span stays on the charts.
import type { Metrics } from '../../lib/types';

const MAX_POINTS = 4000;

/** Columns kept per dense layer (hidden layers, then the output layer). */
export interface LayerColumns {
  gradNorm: Float64Array;
  deadUnits: Float64Array;
  inactiveUnits: Float64Array;
  saturatedFraction: Float64Array;
  preluMean: Float64Array;
  preluMin: Float64Array;
  preluMax: Float64Array;
}

const LAYER_KEYS = ['gradNorm', 'deadUnits', 'inactiveUnits', 'saturatedFraction', 'preluMean', 'preluMin', 'preluMax'] as const;
const RUN_KEYS = ['step', 'loss', 'testLoss', 'accuracy', 'testAccuracy'] as const;

function value(number: number | null | undefined): number {
  return number === null || number === undefined ? NaN : number;
}

export class MetricsHistory {
  #capacity = 256;
  #length = 0;
  #columns: Record<(typeof RUN_KEYS)[number], Float64Array>;
  #layers: Record<(typeof LAYER_KEYS)[number], Float64Array>[] = [];

  constructor() {
    this.#columns = this.#allocate(RUN_KEYS);
  }

  get length(): number {
    return this.#length;
  }

  clear(): void {
    this.#length = 0;
    this.#layers = [];
  }

  add(metrics: Metrics): void {
    if (this.#length > 0 && this.#columns.step[this.#length - 1] >= metrics.step) return; // a repeat of the same step
    if (this.#layers.length !== metrics.layers.length) {
      this.#length = 0;
      this.#layers = metrics.layers.map(() => this.#allocate(LAYER_KEYS));
    }
    if (this.#length === MAX_POINTS) this.#decimate();
    if (this.#length === this.#capacity) this.#grow();
    const row = this.#length++;
    this.#columns.step[row] = metrics.step;
    this.#columns.loss[row] = value(metrics.loss);
    this.#columns.testLoss[row] = value(metrics.testLoss);
    this.#columns.accuracy[row] = value(metrics.accuracy);
    this.#columns.testAccuracy[row] = value(metrics.testAccuracy);
    metrics.layers.forEach((layer, index) => {
      const columns = this.#layers[index];
      columns.gradNorm[row] = value(layer.gradNorm);
      columns.deadUnits[row] = layer.deadUnits;
      columns.inactiveUnits[row] = layer.inactiveUnits;
      columns.saturatedFraction[row] = value(layer.saturatedFraction);
      columns.preluMean[row] = value(layer.prelu?.mean);
      columns.preluMin[row] = value(layer.prelu?.min);
      columns.preluMax[row] = value(layer.prelu?.max);
    });
  }

  /** A view of a run column (valid until the next add()). */
  column(key: (typeof RUN_KEYS)[number]): Float64Array {
    return this.#columns[key].subarray(0, this.#length);
  }

  /** Views of layer `index`'s columns (valid until the next add()). */
  layer(index: number): LayerColumns {
    const columns = this.#layers[index];
    const view = {} as LayerColumns;
    for (const key of LAYER_KEYS) view[key] = columns[key].subarray(0, this.#length);
    return view;
  }

  get layerCount(): number {
    return this.#layers.length;
  }

  #allocate<K extends string>(keys: readonly K[]): Record<K, Float64Array> {
    const columns = {} as Record<K, Float64Array>;
    for (const key of keys) columns[key] = new Float64Array(this.#capacity);
    return columns;
  }

  #grow(): void {
    this.#capacity *= 2;
    const grow = (column: Float64Array) => {
      const bigger = new Float64Array(this.#capacity);
      bigger.set(column);
      return bigger;
    };
    for (const key of RUN_KEYS) this.#columns[key] = grow(this.#columns[key]);
    for (const layer of this.#layers) for (const key of LAYER_KEYS) layer[key] = grow(layer[key]);
  }

  // Keeps rows 0, 2, 4, ... and the last one.
  #decimate(): void {
    const keep = (column: Float64Array) => {
      let out = 0;
      for (let row = 0; row < this.#length; row += 2) column[out++] = column[row];
      column[out++] = column[this.#length - 1];
      return out;
    };
    let length = 0;
    for (const key of RUN_KEYS) length = keep(this.#columns[key]);
    for (const layer of this.#layers) for (const key of LAYER_KEYS) keep(layer[key]);
    this.#length = length;
  }
}
