// readable.test.ts — the pure helpers behind charts a student can read (issue
// 12, section 3): one colour and dash per activation, and (below) the robust y
// range, kink detection, integer ticks and slider steps. No browser: the page
// side is checked in tests/e2e/readable.test.mjs.
import { describe, expect, it } from 'vitest';

import { notApplicableReason, SATURATION_KINDS, showsSaturation } from '../../web/src/panels/train/saturation';
import { ACTIVATION_STYLES, activationStyle, seriesStyles } from '../../web/src/plot/activation-style';
import { barLabels } from '../../web/src/plot/layer-bars';
import { fitText } from '../../web/src/plot/preact-histograms';
import { unitTicks } from '../../web/src/plot/unit-counts';
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

describe('saturation per activation family', () => {
  it('is shown for activations that flatten at a bound, not for ReLU-like ones or identity', () => {
    for (const id of ['sigmoid', 'tanh', 'softsign', 'hardsigmoid', 'elu', 'selu']) expect(showsSaturation(id, [0.1]), id).toBe(true);
    for (const id of ['relu', 'relu6', 'leaky_relu', 'prelu', 'hardswish', 'gelu', 'gelu_tanh', 'silu', 'mish', 'softplus', 'identity']) {
      expect(showsSaturation(id, [0.68]), id).toBe(false);
    }
    expect(notApplicableReason('relu')).toBe('switches-off');
    expect(notApplicableReason('identity')).toBe('linear');
    expect(Object.keys(SATURATION_KINDS).sort()).toEqual([...ACTIVATION_IDS].sort());
  });

  it('a trainer reporting null (NaN in the history) reads as not applicable, with its own reason', () => {
    expect(showsSaturation('sigmoid', [NaN, NaN])).toBe(false);
    expect(notApplicableReason('sigmoid')).toBe('none');
    // Before the first report nothing is hidden; a value turning null later (a diverged run) keeps the series.
    expect(showsSaturation('sigmoid', [])).toBe(true);
    expect(showsSaturation('sigmoid', [0.2, NaN])).toBe(true);
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
