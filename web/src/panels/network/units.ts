// units.ts — what the network view knows about each unit over a run: dead or
// inactive now (the metrics' deadMask / inactiveMask), since which step, and
// how often it is saturated. Pure: fed metrics records, no DOM.
import type { Metrics } from '../../lib/types';

/** A unit of the network: `layer` indexes metrics.layers (hidden layers, then the output layer). */
export interface UnitRef {
  layer: number;
  unit: number;
}

export interface UnitStatus {
  dead: boolean;
  inactive: boolean;
  /** The first report step of the current dead (inactive) spell, when the unit is dead (inactive). */
  deadSince?: number;
  inactiveSince?: number;
  /** Share of training examples on which the unit is saturated; null where saturation does not apply, undefined when not reported. */
  saturated?: number | null;
}

/** Units saturated on at least this share of the examples are marked saturated. */
export const SATURATED_SHARE = 0.9;

export class UnitTracker {
  #deadSince: (number | undefined)[][] = [];
  #inactiveSince: (number | undefined)[][] = [];
  #last: Metrics | null = null;

  /** Forgets everything (a new run). */
  reset(): void {
    this.#deadSince = [];
    this.#inactiveSince = [];
    this.#last = null;
  }

  /** Takes one report; reports must come in step order (a repeat of the same step is harmless). */
  update(metrics: Metrics): void {
    const shapeChanged = this.#last !== null && (this.#last.layers.length !== metrics.layers.length || this.#last.layers.some((layer, i) => layer.units !== metrics.layers[i].units));
    if (shapeChanged || metrics.step < (this.#last?.step ?? 0)) this.reset();
    metrics.layers.forEach((layer, l) => {
      const dead = (this.#deadSince[l] ??= []);
      const inactive = (this.#inactiveSince[l] ??= []);
      for (let u = 0; u < layer.units; u++) {
        if (layer.deadMask?.[u] === 1) dead[u] ??= metrics.step;
        else dead[u] = undefined;
        if (layer.inactiveMask?.[u] === 1) inactive[u] ??= metrics.step;
        else inactive[u] = undefined;
      }
    });
    this.#last = metrics;
  }

  /** The latest report's shape: units per layer (hidden layers, then the output layer). */
  get units(): number[] {
    return this.#last?.layers.map((layer) => layer.units) ?? [];
  }

  has(ref: UnitRef): boolean {
    const layer = this.#last?.layers[ref.layer];
    return layer !== undefined && Number.isInteger(ref.unit) && ref.unit >= 0 && ref.unit < layer.units;
  }

  status(ref: UnitRef): UnitStatus | null {
    const layer = this.#last?.layers[ref.layer];
    if (!layer || !this.has(ref)) return null;
    const status: UnitStatus = { dead: layer.deadMask?.[ref.unit] === 1, inactive: layer.inactiveMask?.[ref.unit] === 1 };
    const deadSince = this.#deadSince[ref.layer]?.[ref.unit];
    const inactiveSince = this.#inactiveSince[ref.layer]?.[ref.unit];
    if (status.dead && deadSince !== undefined) status.deadSince = deadSince;
    if (status.inactive && inactiveSince !== undefined) status.inactiveSince = inactiveSince;
    if (layer.saturatedShare !== undefined) status.saturated = layer.saturatedShare[ref.unit] ?? null;
    return status;
  }

  /** Units of a layer that are dead now, in unit order. */
  deadUnits(layer: number): number[] {
    const mask = this.#last?.layers[layer]?.deadMask ?? [];
    return mask.flatMap((value, unit) => (value === 1 ? [unit] : []));
  }
}

/** `unit=2.5` in a link: hidden layer 2, unit 5, both 1-based; null when it is not of that form. */
export function parseUnitRef(text: string): UnitRef | null {
  const match = /^(\d{1,3})\.(\d{1,5})$/.exec(text);
  if (!match) return null;
  const layer = Number(match[1]) - 1;
  const unit = Number(match[2]) - 1;
  return layer >= 0 && unit >= 0 ? { layer, unit } : null;
}

export function formatUnitRef(ref: UnitRef): string {
  return `${ref.layer + 1}.${ref.unit + 1}`;
}
