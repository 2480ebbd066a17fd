// uplot-frame.ts — what the uPlot charts over training steps (line-chart,
// band-chart) share: one plot kept while its look stays the same (new data is
// set in place; a new series, style, theme or scale builds a new plot), the
// axis style, and the value cleaning uPlot needs (null is its gap).
import uPlot from 'uplot';

import type { Theme } from './widget';

/** uPlot reads null as a gap: NaN, ±∞ and, on a log axis, values ≤ 0 become null. */
export function finiteOrNull(value: number, log: boolean): number | null {
  return Number.isFinite(value) && (!log || value > 0) ? value : null;
}

export function finiteOrNullColumn(values: ArrayLike<number>, log: boolean): (number | null)[] {
  return Array.from(values, (v) => finiteOrNull(v, log));
}

/** An axis in the theme's muted colour with a light grid; size is its thickness in CSS pixels. */
export function themedAxis(theme: Theme, label: string | undefined, size: number): uPlot.Axis {
  return {
    label,
    stroke: theme.muted,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
    labelSize: label ? 18 : 0,
    size,
  };
}

/**
 * One uPlot in host. Rebuilding a uPlot every frame is slow, so show() only
 * sets the data while the signature (everything the options depend on) is the
 * one the plot was built with.
 */
export class UPlotFrame {
  readonly #host: HTMLElement;
  #plot: uPlot | null = null;
  #signature = '';

  constructor(host: HTMLElement) {
    this.#host = host;
  }

  show(signature: string, data: uPlot.AlignedData, options: () => uPlot.Options): void {
    if (this.#plot && signature === this.#signature) {
      this.#plot.setData(data);
      return;
    }
    this.#plot?.destroy();
    this.#signature = signature;
    this.#plot = new uPlot(options(), data, this.#host);
  }

  /** The next show() builds a new plot whatever its signature. */
  invalidate(): void {
    this.#signature = '';
  }

  /** Removes the plot (no data to show, or the widget is destroyed). */
  clear(): void {
    this.#plot?.destroy();
    this.#plot = null;
    this.#signature = '';
  }

  setSize(width: number, height: number): void {
    this.#plot?.setSize({ width, height });
  }
}
