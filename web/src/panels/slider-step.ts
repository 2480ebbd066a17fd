// slider-step.ts — round steps for the parameter sliders (Explore's cards and
// the Train form): a step of 1, 2 or 5 times a power of ten, so every
// position of a slider is a round number (0.21, not 0.99901), and a read-out
// that writes it with the step's decimals. No DOM: tested in
// tests/js/readable.test.ts.

export interface SliderGrid {
  /** The step: 1, 2 or 5 × 10^k. */
  step: number;
  /** The slider's own min attribute: the parameter's min rounded down to a multiple of the step (positions are start + k·step). */
  start: number;
  /** The parameter's range; a position outside it (start < min) is read as min. */
  min: number;
  max: number;
}

// A value counts as on the grid when it is within this share of a step of it (float32 defaults: 0.01f = 0.0099999998).
const ON_GRID = 1e-5;

function onGrid(value: number, step: number): boolean {
  const steps = value / step;
  return Math.abs(steps - Math.round(steps)) < ON_GRID;
}

/** Decimals a multiple of `step` needs: 0.05 → 2, 0.5 → 1, 2 → 0. */
export function stepDecimals(step: number): number {
  return Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
}

/**
 * The grid of a slider over [min, max]: the largest round step that gives at
 * least `notches` positions and keeps each of `exact` (e.g. the default) on a
 * position.
 */
export function sliderGrid(min: number, max: number, exact: readonly number[] = [], notches = 100): SliderGrid {
  const range = max - min;
  let chosen = 0;
  if (range > 0) {
    for (let exponent = Math.floor(Math.log10(range)); exponent >= -9 && chosen === 0; exponent--) {
      for (const mantissa of [5, 2, 1]) {
        const step = Number((mantissa * 10 ** exponent).toPrecision(1));
        if (step <= range / notches && exact.every((value) => onGrid(value, step))) {
          chosen = step;
          break;
        }
      }
    }
  }
  const step = chosen || (range > 0 ? range / notches : 1);
  const start = Number((Math.floor(min / step + ON_GRID) * step).toFixed(stepDecimals(step)));
  return { step, start, min, max };
}

/** A slider position as a parameter value: on the grid (no binary fractions such as 0.30000000000000004), within [min, max]. */
export function sliderValue(position: number, grid: SliderGrid): number {
  const snapped = grid.start + Math.round((position - grid.start) / grid.step) * grid.step;
  const rounded = Number(snapped.toFixed(stepDecimals(grid.step)));
  return Math.min(grid.max, Math.max(grid.min, rounded));
}

/** A value as its slider's read-out shows it: with the step's decimals when on the grid, else in four significant digits. */
export function formatSliderValue(value: number, grid: SliderGrid): string {
  if (!Number.isFinite(value)) return '–';
  if (onGrid(value, grid.step)) return value.toFixed(stepDecimals(grid.step));
  return String(Number(value.toPrecision(4)));
}
