// uplot-frame.ts — what the uPlot charts share: one plot kept while its look
// stays the same (new data is set in place; a new series, style, theme or
// scale builds a new plot), the axis style, axes sized to their widest tick
// label (a fixed size clipped "0.001" to "),001"), and the value cleaning
// uPlot needs (null is its gap). CurveChart (its own plot) uses the axis
// sizing too.
import uPlot from 'uplot';

import type { Theme } from './widget';

/** uPlot reads null as a gap: NaN, ±∞ and, on a log axis, values ≤ 0 become null. */
export function finiteOrNull(value: number, log: boolean): number | null {
  return Number.isFinite(value) && (!log || value > 0) ? value : null;
}

export function finiteOrNullColumn(values: ArrayLike<number>, log: boolean): (number | null)[] {
  return Array.from(values, (v) => finiteOrNull(v, log));
}

/** An axis in the theme's muted colour with a light grid; size is its least thickness in CSS pixels (a y axis grows to fit its labels). */
export function themedAxis(theme: Theme, label: string | undefined, size: number): uPlot.Axis {
  return {
    label,
    stroke: theme.muted,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
    labelSize: label ? 18 : 0,
    size: fittedAxisSize(size),
  };
}

/** uPlot keeps an axis's font as [font scaled to device pixels, its size in device pixels, its size in CSS pixels]. */
type ScaledFont = [string, number, number];

let measuring: CanvasRenderingContext2D | null = null;
// Widths by font and text: the same tick labels come back frame after frame.
const measured = new Map<string, number>();

/** Width in CSS pixels of each text in an axis's font. */
function labelWidths(axis: uPlot.Axis, texts: readonly (string | number | null)[]): number[] {
  measuring ??= document.createElement('canvas').getContext('2d');
  const font = axis.font as unknown as ScaledFont | string | undefined;
  if (!measuring || !Array.isArray(font)) return [];
  const ratio = font[2] > 0 ? font[1] / font[2] : 1;
  return texts.map((text) => {
    if (text === null || text === '') return 0;
    const key = `${font[0]}\u0000${text}`;
    let width = measured.get(key);
    if (width === undefined) {
      if (measuring!.font !== font[0]) measuring!.font = font[0];
      width = measuring!.measureText(String(text)).width / ratio;
      if (measured.size > 2000) measured.clear();
      measured.set(key, width);
    }
    return width;
  });
}

/**
 * An axis size that holds the widest tick label: a y axis is ticks + gap +
 * the widest label (+2 px), never less than `minimum`; an x axis keeps
 * `minimum` (its labels sit side by side, one line high). uPlot calls it
 * again whenever the labels change, until the layout settles.
 */
export function fittedAxisSize(minimum: number): uPlot.Axis.Size {
  return (self, values, axisIndex) => {
    const axis = self.axes[axisIndex];
    const vertical = (axis.side ?? 3) % 2 === 1;
    if (!vertical || !values) return minimum;
    const ticks = axis.ticks?.show === false ? 0 : (axis.ticks?.size ?? 10);
    const widest = Math.max(0, ...labelWidths(axis, values));
    return Math.max(minimum, Math.ceil(ticks + (axis.gap ?? 5) + widest + 2));
  };
}

/**
 * Right padding that holds half of the last x label (uPlot centres it on the
 * plot's right edge; its own padding is 25 px, too little for "1,000,000").
 */
export function fittedRightPadding(minimum = 12): uPlot.PaddingSide {
  return (self, side) => {
    if (side !== 1) return minimum;
    const axis = self.axes.find((candidate) => (candidate.side ?? 2) === 2);
    const values = (axis as { _values?: (string | number | null)[] } | undefined)?._values;
    if (!axis || !values || values.length === 0) return Math.max(minimum, 25);
    const [last] = labelWidths(axis, [values[values.length - 1]]);
    return Math.max(minimum, Math.ceil(last / 2 + 2));
  };
}

/** What a uPlot's root element carries, so tests can check every axis label against its axis (tests/e2e/readable.test.mjs). */
export interface PlotRoot extends HTMLElement {
  actlabPlot?: uPlot;
}

export function exposePlot(plot: uPlot): uPlot {
  (plot.root as PlotRoot).actlabPlot = plot;
  return plot;
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
    this.#plot = exposePlot(new uPlot(options(), data, this.#host));
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
