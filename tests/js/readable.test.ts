// readable.test.ts — the pure helpers behind charts a student can read (issue
// 12, section 3): one colour and dash per activation, and (below) the robust y
// range, kink detection, integer ticks and slider steps. No browser: the page
// side is checked in tests/e2e/readable.test.mjs.
import { describe, expect, it } from 'vitest';

import { kinkIntervals, secondDerivative, withGapsAtKinks } from '../../web/src/panels/explore/derivatives';
import { formatSliderValue, sliderGrid, sliderValue, stepDecimals } from '../../web/src/panels/slider-step';
import { notApplicableReason, saturationKind, showsSaturation } from '../../web/src/panels/saturation';
import { createLab } from '../../web/src/lib/index';
import { ACTIVATION_STYLES, activationStyle, seriesStyles } from '../../web/src/plot/activation-style';
import { barLabels } from '../../web/src/plot/layer-bars';
import { fitText } from '../../web/src/plot/preact-histograms';
import { robustRange } from '../../web/src/plot/robust-range';
import { stepRuns, unitTicks } from '../../web/src/plot/unit-counts';
import { DASHES, PALETTE } from '../../web/src/plot/widget';
import { ACTIVATION_IDS } from './helpers';

const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#999999'];

describe('activation styles', () => {
  it('every activation has a colour from the colour-blind-safe set and a look no other activation has', () => {
    expect(Object.keys(ACTIVATION_STYLES).sort()).toEqual([...ACTIVATION_IDS].sort());
    const looks = new Set<string>();
    for (const id of ACTIVATION_IDS) {
      const { color, dash } = activationStyle(id);
      expect(OKABE_ITO, id).toContain(color);
      looks.add(`${color}/${dash.join(',')}`);
    }
    expect(looks.size).toBe(ACTIVATION_IDS.length);
  });

  it('activations often shown together have different colours', () => {
    const groups = [
      ['sigmoid', 'tanh', 'relu', 'gelu'],
      ['relu', 'leaky_relu', 'prelu', 'elu'],
      ['sigmoid', 'relu', 'leaky_relu'],
      ['gelu', 'silu', 'mish'],
      ['relu', 'softplus'],
      ['tanh', 'softsign'],
    ];
    for (const group of groups) {
      const colors = group.map((id) => activationStyle(id).color);
      expect(new Set(colors).size, group.join(', ')).toBe(group.length);
    }
  });

  it('the colour does not depend on what else is shown', () => {
    const alone = seriesStyles(['relu'], PALETTE, DASHES)[0];
    const withOthers = seriesStyles(['sigmoid', 'tanh', 'relu'], PALETTE, DASHES)[2];
    expect(withOthers).toEqual(alone);
    expect(alone).toEqual(ACTIVATION_STYLES.relu);
  });

  it('series that are not activations take palette colours no activation on the chart uses', () => {
    const styles = seriesStyles(['relu', undefined, 'sigmoid', undefined], PALETTE, DASHES);
    const colors = styles.map((style) => style.color);
    expect(new Set(colors).size).toBe(4);
    expect(colors[1]).not.toBe(ACTIVATION_STYLES.relu.color);
    expect(colors[3]).not.toBe(ACTIVATION_STYLES.sigmoid.color);
  });

  it('an unknown id gets a neutral style instead of throwing', () => {
    expect(activationStyle('not_an_activation').dash).toEqual([]);
  });
});

describe('unit counts', () => {
  it('ticks are whole numbers from 0 to the layer width', () => {
    expect(unitTicks(8)).toEqual([0, 2, 4, 6, 8]);
    expect(unitTicks(16)).toEqual([0, 4, 8, 12, 16]);
    expect(unitTicks(3)).toEqual([0, 1, 2, 3]);
    expect(unitTicks(7)).toEqual([0, 7]);
    expect(unitTicks(1)).toEqual([0, 1]);
    expect(unitTicks(0)).toEqual([0]);
    for (let units = 1; units <= 1024; units++) {
      const ticks = unitTicks(units);
      expect(ticks.every(Number.isInteger), `${units}`).toBe(true);
      expect(ticks[0]).toBe(0);
      expect(ticks.at(-1)).toBe(units);
      expect(ticks.length).toBeLessThanOrEqual(5);
    }
  });
});

describe('unit count lines', () => {
  it('keep only the corners of the steps, split at gaps', () => {
    const x = Array.from({ length: 4000 }, (_, i) => i * 10);
    const dead = x.map((_, i) => (i < 1000 ? 2 : i < 3000 ? 5 : 4));
    expect(stepRuns(x, dead)).toEqual([[[0, 2], [10000, 2], [10000, 5], [30000, 5], [30000, 4], [39990, 4]]]);
    expect(stepRuns([0, 1, 2, 3, 4], [1, 1, NaN, 3, 3])).toEqual([[[0, 1], [1, 1]], [[3, 3], [4, 3]]]);
    expect(stepRuns([0], [7])).toEqual([[[0, 7]]]);
    expect(stepRuns([], [])).toEqual([]);
  });
});

describe('saturation per activation family (the C++ rule, from lab.activations)', () => {
  it('is shown for activations that flatten at a bound, not for ReLU-like ones or identity', async () => {
    const lab = await createLab();
    const kind = (id: string) => saturationKind(lab.activations, id);
    for (const id of ['sigmoid', 'tanh', 'softsign', 'hardsigmoid', 'elu', 'selu', 'relu6']) expect(showsSaturation(kind(id), [0.1]), id).toBe(true);
    for (const id of ['relu', 'leaky_relu', 'prelu', 'hardswish', 'gelu', 'gelu_tanh', 'silu', 'mish', 'softplus', 'identity']) {
      expect(showsSaturation(kind(id), [0.68]), id).toBe(false);
    }
    expect(notApplicableReason(kind('relu'))).toBe('switches-off');
    expect(notApplicableReason(kind('identity'))).toBe('linear');
    // Every activation of the module has a rule.
    for (const info of lab.activations) expect(['none', 'never', 'both', 'above-zero'], info.id).toContain(info.saturation);
  });

  it('a trainer reporting null (NaN in the history) reads as not applicable, with its own reason', () => {
    expect(showsSaturation('saturates', [NaN, NaN])).toBe(false);
    expect(notApplicableReason('saturates')).toBe('none');
    // Before the first report nothing is hidden; a value turning null later (a diverged run) keeps the series.
    expect(showsSaturation('saturates', [])).toBe(true);
    expect(showsSaturation('saturates', [0.2, NaN])).toBe(true);
  });
});

describe('labels that fit', () => {
  // A monospaced stand-in for measureText: 6 px per character.
  const measure = (text: string) => text.length * 6;
  const full = Array.from({ length: 14 }, (_, i) => `layer ${i + 1}`).concat('output');
  const short = Array.from({ length: 14 }, (_, i) => `L${i + 1}`).concat('out');

  it('bar labels: full names when they fit, else short ones, else every k-th with the last kept, never overlapping', () => {
    expect(barLabels(full, short, 60, measure)).toEqual(full);
    expect(barLabels(full, short, 30, measure)).toEqual(short);
    for (const slot of [8, 12, 17, 23]) {
      const shown = barLabels(full, short, slot, measure);
      expect(shown.at(-1)).toBe('out');
      const drawn = shown.map((text, i) => ({ text, i })).filter((label) => label.text !== '');
      expect(drawn.length).toBeGreaterThan(1);
      for (let j = 1; j < drawn.length; j++) {
        const gap = (drawn[j].i - drawn[j - 1].i) * slot;
        expect(gap, `slot ${slot}`).toBeGreaterThanOrEqual((measure(drawn[j].text) + measure(drawn[j - 1].text)) / 2);
      }
    }
  });

  it('a title is shortened with an ellipsis to the width left for it', () => {
    expect(fitText('layer 1 · leaky_relu', 200, measure)).toBe('layer 1 · leaky_relu');
    const shortened = fitText('layer 1 · leaky_relu', 60, measure);
    expect(shortened.endsWith('…')).toBe(true);
    expect(measure(shortened)).toBeLessThanOrEqual(60);
    expect(fitText('layer 1', 3, measure)).toBe('');
  });
});

// The z grid Explore draws on (801 points from -5 to 5: z = 0 is a grid point).
const grid = (from = -5, to = 5, count = 801) => Float32Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));
const derivative = (z: Float32Array, f: (z: number) => number) => Float32Array.from(z, f);

describe("f″ at kinks", () => {
  const relu = (z: number) => (z > 0 ? 1 : 0);
  const sigmoid = (z: number) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2;
  const selu = (z: number) => (z > 0 ? 1.0507 : 1.0507 * 1.67326 * Math.exp(z));
  const hardsigmoid = (z: number) => (Math.abs(z) < 3 ? 1 / 6 : 0);
  const gelu = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2)) + (z * Math.exp((-z * z) / 2)) / Math.sqrt(2 * Math.PI);
  const softsign = (z: number) => 1 / (1 + Math.abs(z)) ** 2;

  it('the central difference spikes at ReLU\'s kink; with the gaps it has none, and is 0 elsewhere', () => {
    const z = grid();
    const dydz = derivative(z, relu);
    const raw = secondDerivative(z, dydz);
    expect(Math.max(...raw)).toBeCloseTo(40, 0); // 1 / (2 · 0.0125): the spike of issue 12
    const gapped = withGapsAtKinks(raw, kinkIntervals(dydz));
    const kink = z.findIndex((v) => v === 0);
    expect(Number.isNaN(gapped[kink]) || Number.isNaN(gapped[kink + 1])).toBe(true);
    const finite = Array.from(gapped).filter(Number.isFinite);
    expect(finite.length).toBeGreaterThan(790);
    expect(Math.max(...finite.map(Math.abs))).toBe(0);
  });

  it('finds the kinks of ReLU, SELU and hardsigmoid, on or between grid points, and none in smooth f′', () => {
    // SELU's jump (1.76 → 1.05) is found on the default grid; on the coarse ±50 grid its central difference across the
    // jump (−2) is no larger than f″ beside it (1.76), so no gap is needed there.
    const cases = [['relu', relu, [0], true], ['selu', selu, [0], false], ['hardsigmoid', hardsigmoid, [-3, 3], true]] as const;
    for (const [name, f, expected, coarseToo] of cases) {
      for (const z of coarseToo ? [grid(), grid(-5, 5, 800), grid(-50, 50)] : [grid(), grid(-5, 5, 800)]) {
        const flags = kinkIntervals(derivative(z, f));
        const at = [...flags].flatMap((flag, i) => (flag ? [(z[i] + z[i + 1]) / 2] : []));
        expect(at.length, name).toBeGreaterThan(0);
        // Every flagged interval is next to a kink, and every kink is flagged.
        const step = z[1] - z[0];
        for (const x of at) expect(Math.min(...expected.map((k) => Math.abs(x - k))), `${name} at ${x}`).toBeLessThanOrEqual(step);
        for (const k of expected) if (k >= z[0] && k <= z[z.length - 1]) expect(Math.min(...at.map((x) => Math.abs(x - k))), `${name} kink ${k}`).toBeLessThanOrEqual(step);
      }
    }
    for (const [name, f] of [['sigmoid', sigmoid], ['gelu', gelu], ['softsign', softsign]] as const) {
      for (const z of [grid(), grid(-50, 50), grid(-0.01, 0.01)]) expect([...kinkIntervals(derivative(z, f))].every((flag) => flag === 0), name).toBe(true);
    }
  });

  it('leaves exact f″ values alone away from kinks: the gaps depend on f′ only', () => {
    const z = grid();
    const exact = Float32Array.from(z, () => 0.5);
    const gapped = withGapsAtKinks(exact, kinkIntervals(derivative(z, relu)));
    expect(gapped.filter(Number.isNaN).length).toBeGreaterThan(0);
    expect(gapped.filter(Number.isNaN).length).toBeLessThanOrEqual(4);
    expect(exact.every((v) => v === 0.5)).toBe(true); // a new array
  });
});

// Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7): enough for a smooth GELU′.
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

describe('robust y range', () => {
  it('one spike does not stretch it; steady growth to the edge keeps its whole extent', () => {
    const z = grid();
    const relu = Float32Array.from(z, (v) => Math.max(0, v));
    const sigmoid = Float32Array.from(z, (v) => 1 / (1 + Math.exp(-v)));
    const spike = new Float32Array(z.length);
    spike[400] = 40;
    spike[401] = 40;
    const [low, high] = robustRange([relu, sigmoid, spike])!;
    expect(high).toBeGreaterThanOrEqual(5); // ReLU reaches 5 at the edge
    expect(high).toBeLessThan(6);
    expect(low).toBeLessThanOrEqual(0);
    expect(low).toBeGreaterThan(-0.5);
    const [, alone] = robustRange([relu, sigmoid])!;
    expect(alone).toBeCloseTo(high, 6);
  });

  it('follows the data when nothing is an outlier, ignores NaN, and handles flat or empty input', () => {
    const line = Float32Array.from({ length: 101 }, (_, i) => -2 + i * 0.04);
    const [low, high] = robustRange([line, Float32Array.of(NaN, Infinity)])!;
    expect(low).toBeLessThanOrEqual(-2);
    expect(high).toBeGreaterThanOrEqual(2);
    expect(high - low).toBeLessThan(4.5);
    expect(robustRange([new Float32Array(10).fill(3)])).toEqual([2.5, 3.5]);
    expect(robustRange([Float32Array.of(NaN)])).toBeNull();
    expect(robustRange([])).toBeNull();
  });
});

describe('slider steps', () => {
  // The parameters of the catalogue (cpp/src/activations.cpp): [min, max, default as float32].
  const f32 = (value: number) => Math.fround(value);
  const params = {
    'leaky_relu.negative_slope': [0, 1, f32(0.01)],
    'prelu.init': [0, 1, f32(0.25)],
    'elu.alpha': [f32(0.01), 10, 1],
    'softplus.beta': [f32(0.01), 100, 1],
    'softplus.threshold': [1, 100, 20],
  } as const;

  it('chooses 1, 2 or 5 × 10^k with at least 100 positions and the default on one', () => {
    const steps = Object.fromEntries(Object.entries(params).map(([name, [min, max, value]]) => [name, sliderGrid(min, max, [value]).step]));
    expect(steps).toEqual({ 'leaky_relu.negative_slope': 0.01, 'prelu.init': 0.01, 'elu.alpha': 0.05, 'softplus.beta': 0.5, 'softplus.threshold': 0.5 });
    expect(sliderGrid(0, 1, [0.123]).step).toBe(0.001);
    expect(sliderGrid(-3, 3).step).toBe(0.05);
  });

  it('every position is a round value inside the range (no 0.99901), read out with the step’s decimals', () => {
    for (const [name, [min, max, value]] of Object.entries(params)) {
      const grid = sliderGrid(min, max, [value]);
      const decimals = stepDecimals(grid.step);
      // Positions as a browser computes them in binary: start + k · step.
      for (let k = 0; grid.start + k * grid.step <= max + 1e-9; k++) {
        const v = sliderValue(grid.start + k * grid.step, grid);
        expect(v, name).toBeGreaterThanOrEqual(min);
        expect(v, name).toBeLessThanOrEqual(max);
        const text = formatSliderValue(v, grid);
        expect(Number(text), `${name} ${text}`).toBeCloseTo(v, 9);
        if (v !== min) expect(text.split('.')[1]?.length ?? 0, `${name} ${text}`).toBe(decimals);
        expect(text, name).not.toMatch(/999|0001/);
      }
      expect(formatSliderValue(value, grid), name).toBe(value.toFixed(decimals));
    }
    const alpha = sliderGrid(f32(0.01), 10, [1]);
    expect(sliderValue(0, alpha)).toBe(f32(0.01)); // the first position reads as the least allowed value
    expect(sliderValue(1.15 + 1e-12, alpha)).toBe(1.15);
    expect(formatSliderValue(1.23456, alpha)).toBe('1.235'); // off the grid (from a link): shown as it is
    expect(formatSliderValue(f32(0.01), sliderGrid(0, 1, [f32(0.01)]))).toBe('0.01');
  });
});
