// diagnostics.test.ts — the Train panel's diagnoses in words
// (web/src/panels/train/diagnostics.ts): each layer's gradient verdict, the
// stall detector (the loss no longer improves while a layer is mostly dead
// or gets a zero gradient), its likely cause and fixes — on metrics written
// out here and on a real run of relu with lr 10.
import { beforeAll, describe, expect, it } from 'vitest';

import { createLab } from '../../web/src/lib/index';
import type { ExperimentConfig, Lab, LayerMetrics, Metrics } from '../../web/src/lib/types';
import { applyFix, detectStall, diagnoseLayers, lossStalled, STALL_WINDOW } from '../../web/src/panels/train/diagnostics';

function layer(units: number, gradNorm: number | null, deadUnits = 0): LayerMetrics {
  return {
    units, gradNorm, weightNorm: 1, updateRatio: 0, deadUnits, inactiveUnits: deadUnits, saturatedFraction: 0,
    deadMask: Array.from({ length: units }, (_, u) => (u < deadUnits ? 1 : 0)), inactiveMask: Array.from({ length: units }, (_, u) => (u < deadUnits ? 1 : 0)),
    preactMean: 0, preactStd: 1, histogram: { lo: -1, hi: 1, counts: [] },
  };
}
const metrics = (layers: LayerMetrics[], step = 100): Metrics => ({ step, loss: 0.5, testLoss: 0.5, status: 'running', layers });
const flat = (n: number, value: number) => ({ step: Array.from({ length: n }, (_, i) => i * 10), loss: Array.from({ length: n }, () => value) });

describe('diagnoseLayers', () => {
  it('names zero, vanishing (absolute and relative to the output layer), exploding and healthy gradients', () => {
    const verdicts = diagnoseLayers(metrics([layer(8, 0), layer(8, 1e-5), layer(8, 2e-3), layer(8, 500), layer(1, 3)]));
    expect(verdicts.map((d) => d.verdict)).toEqual(['zero', 'vanishing', 'vanishing', 'exploding', 'healthy']);
    expect(verdicts[2].ratio).toBeCloseTo(1500);
    expect(diagnoseLayers(metrics([layer(8, 0.5), layer(1, 0.4)])).map((d) => d.verdict)).toEqual(['healthy', 'healthy']);
    expect(diagnoseLayers(metrics([layer(8, null), layer(1, 0.4)])).map((d) => d.layer)).toEqual([1]);
  });
});

describe('lossStalled', () => {
  it('needs two windows of reports, and an improvement below 0.1% within the last', () => {
    expect(lossStalled(flat(2 * STALL_WINDOW - 1, 0.7))).toBe(false);
    expect(lossStalled(flat(2 * STALL_WINDOW, 0.7))).toBe(true);
    const falling = { step: [] as number[], loss: Array.from({ length: 60 }, (_, i) => 1 - i * 0.01) };
    expect(lossStalled(falling)).toBe(false);
    const noisy = { step: [], loss: Array.from({ length: 60 }, (_, i) => 0.7 + 0.05 * Math.sin(i)) };
    expect(lossStalled(noisy)).toBe(true);
  });
});

describe('detectStall', () => {
  const config: ExperimentConfig = {
    model: { layers: [{ units: 8, activation: 'relu' }, { units: 8, activation: 'tanh' }], biasInit: 0 },
    train: { optimizer: { kind: 'sgd', lr: 10 } },
  };
  it('a stalled loss with a mostly dead layer: the learning rate first, then leaky_relu for the relu layers', () => {
    const stall = detectStall(flat(50, 0.69), metrics([layer(8, 0.1, 7), layer(8, 0.1), layer(1, 0.1)]), config);
    expect(stall).toEqual({ symptom: 'dead', layer: 0, deadShare: 7 / 8, cause: 'learning-rate', fixes: [{ kind: 'lower-lr', lr: 1 }, { kind: 'leaky-relu', layers: [0] }] });
  });
  it('a zero gradient without dead units; a negative bias init is the cause when the rate is moderate', () => {
    const biased = { ...config, model: { ...config.model, biasInit: -1 }, train: { optimizer: { kind: 'sgd' as const, lr: 0.1 } } };
    const stall = detectStall(flat(50, 0.69), metrics([layer(8, 0), layer(8, 0.1), layer(1, 0.1)]), biased);
    expect(stall?.symptom).toBe('zero-gradient');
    expect(stall?.cause).toBe('bias');
    expect(stall?.fixes.map((f) => f.kind)).toEqual(['bias-zero', 'leaky-relu', 'lower-lr']);
  });
  it('no stall while the loss falls, when no layer is dead or without gradient, or once the run has ended', () => {
    const falling = { step: [], loss: Array.from({ length: 60 }, (_, i) => 1 - i * 0.01) };
    expect(detectStall(falling, metrics([layer(8, 0.1, 8), layer(1, 0.1)]), config)).toBeNull();
    expect(detectStall(flat(50, 0.69), metrics([layer(8, 0.1, 3), layer(1, 0.1)]), config)).toBeNull();
    expect(detectStall(flat(50, 0.69), { ...metrics([layer(8, 0.1, 8), layer(1, 0.1)]), status: 'done' }, config)).toBeNull();
  });
  it('applyFix changes only what the fix names, in a copy', () => {
    const lowered = applyFix(config, { kind: 'lower-lr', lr: 1 });
    expect(lowered.train?.optimizer).toEqual({ kind: 'sgd', lr: 1 });
    expect(config.train?.optimizer?.lr).toBe(10);
    expect(applyFix(config, { kind: 'leaky-relu', layers: [0] }).model?.layers).toEqual([{ units: 8, activation: 'leaky_relu' }, { units: 8, activation: 'tanh' }]);
    expect(applyFix({ ...config, model: { ...config.model, biasInit: -1 } }, { kind: 'bias-zero' }).model?.biasInit).toBe(0);
  });
});

describe('on a real run', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await createLab();
  });
  it('relu with lr 10 stalls with dead units, and lr 1 (the first fix) does not', () => {
    const run = (lr: number) => {
      const experiment = lab.createExperiment({ seed: 1, data: { kind: 'moons', n: 400, noise: 0.1 }, model: { layers: [{ units: 8 }, { units: 8 }] }, train: { optimizer: { kind: 'sgd', lr } }, steps: 100000 });
      try {
        const history = { step: [] as number[], loss: [] as number[] };
        let last = experiment.metrics();
        for (let report = 0; report < 60; report++) {
          last = experiment.step(5);
          history.step.push(last.step);
          history.loss.push(last.loss ?? NaN);
        }
        return detectStall(history, last, experiment.config);
      } finally {
        experiment.dispose();
      }
    };
    const stalled = run(10);
    expect(stalled?.cause).toBe('learning-rate');
    expect(stalled?.fixes[0]).toEqual({ kind: 'lower-lr', lr: 1 });
    expect(run(1)).toBeNull();
  });
});
