// readable.test.ts — the pure helpers behind charts a student can read (issue
// 12, section 3): one colour and dash per activation, and (below) the robust y
// range, kink detection, integer ticks and slider steps. No browser: the page
// side is checked in tests/e2e/readable.test.mjs.
import { describe, expect, it } from 'vitest';

import { ACTIVATION_STYLES, activationStyle, seriesStyles } from '../../web/src/plot/activation-style';
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
