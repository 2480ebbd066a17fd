// train-history.test.ts — the Train panel's pieces that need no browser: the
// metrics history (columns, nulls, growth, decimation of long runs) and strings.t().
import { describe, expect, it } from 'vitest';

import { MetricsHistory } from '../../web/src/panels/train/history';
import { stringsFor } from '../../web/src/i18n/strings';

const t = stringsFor('en').t;
import type { LayerMetrics, Metrics } from '../../web/src/lib/types';

function layer(gradNorm: number | null, deadUnits = 0): LayerMetrics {
  return {
    units: 4,
    gradNorm,
    weightNorm: 1,
    updateRatio: 0.01,
    deadUnits,
    inactiveUnits: deadUnits + 1,
    deadMask: [0, 1, 1, 1].map((bit, unit) => (unit < deadUnits ? 1 : 0)),
    inactiveMask: [0, 0, 0, 0].map((_, unit) => (unit <= deadUnits ? 1 : 0)),
    saturatedFraction: 0.5,
    preactMean: 0,
    preactStd: 1,
    histogram: { lo: -1, hi: 1, counts: [1, 2] },
  };
}

function metrics(step: number, loss: number | null = 1 / (step + 1)): Metrics {
  return { step, loss, testLoss: null, accuracy: 0.5, testAccuracy: null, status: 'running', layers: [layer(step), layer(null, 2)] };
}

describe('MetricsHistory', () => {
  it('keeps one row per step in typed columns, null as NaN', () => {
    const history = new MetricsHistory();
    for (let step = 0; step < 5; step++) history.add(metrics(step));
    history.add(metrics(4)); // a repeated report of the same step is ignored
    expect(history.length).toBe(5);
    expect(Array.from(history.column('step'))).toEqual([0, 1, 2, 3, 4]);
    expect(history.column('loss')[2]).toBeCloseTo(1 / 3);
    expect(Number.isNaN(history.column('testLoss')[0])).toBe(true);
    expect(history.layerCount).toBe(2);
    expect(Array.from(history.layer(0).gradNorm)).toEqual([0, 1, 2, 3, 4]);
    expect(Number.isNaN(history.layer(1).gradNorm[0])).toBe(true);
    expect(history.layer(1).deadUnits[4]).toBe(2);
    expect(history.layer(1).inactiveUnits[4]).toBe(3);
    expect(Number.isNaN(history.layer(0).preluMean[0])).toBe(true);
  });

  it('grows past its first capacity and halves long runs, keeping the first and the last step', () => {
    const history = new MetricsHistory();
    for (let step = 0; step < 10_000; step++) history.add(metrics(step));
    expect(history.length).toBeLessThanOrEqual(4000);
    expect(history.length).toBeGreaterThan(1000);
    const steps = history.column('step');
    expect(steps[0]).toBe(0);
    expect(steps[steps.length - 1]).toBe(9999);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1]);
    // Layer columns are thinned the same way as the step column.
    expect(Array.from(history.layer(0).gradNorm)).toEqual(Array.from(steps));
  });

  it('starts over when the network changes shape or is cleared', () => {
    const history = new MetricsHistory();
    history.add(metrics(0));
    history.add({ ...metrics(1), layers: [layer(1)] });
    expect(history.length).toBe(1);
    expect(history.layerCount).toBe(1);
    history.clear();
    expect(history.length).toBe(0);
  });
});

describe('strings.t()', () => {
  it('fills placeholders as text and leaves unknown ones', () => {
    expect(t('train.layer', { index: 2 })).toBe('Layer 2');
    expect(t('train.status.invalid', { message: '<b>x</b>' })).toBe('This configuration is not valid: <b>x</b>');
    expect(t('train.status.paused')).toBe('Paused at step {step}.');
  });
});
