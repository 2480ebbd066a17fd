// lessons.test.ts — every course lesson (web/src/lessons) reproduces its
// claim when run headless through the npm API, its "what to look for"
// sentences show the numbers the run computed (in English and 简体中文), and
// the page's worker path (LessonRunner, lab.run) gives the same numbers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { lessonsEn, type LessonMessageKey } from '../../web/src/i18n/lessons.en';
import { lessonsZh } from '../../web/src/i18n/lessons.zh';
import { LESSON_IDS, LESSONS } from '../../web/src/lessons/catalogue';
import { runLessonHeadless, type LessonResult, type SentenceValue } from '../../web/src/lessons/compute';
import { LessonRunner, loadLessonData } from '../../web/src/lessons/runner';
import { stringsFor, type Language, type SentenceValue as Value } from '../../web/src/i18n/strings';
import type { Sentence } from '../../web/src/lessons/compute';

const sentenceText = (language: Language, sentence: Sentence) => stringsFor(language).t(sentence.key, sentence.values);
const formatValue = (language: Language, value: Value) => stringsFor(language).format(value);
import { createLab } from '../../web/src/lib/index';
import type { Lab } from '../../web/src/lib/types';
import { parseState, serializeState } from '../../web/src/app/state';
import { repositoryRoot } from './helpers';

let lab: Lab;
const results = new Map<string, LessonResult>();

beforeAll(async () => {
  lab = await createLab();
  for (const id of LESSON_IDS) {
    await loadLessonData(lab, id);
    results.set(id, runLessonHeadless(lab, id));
  }
});

const result = (id: string) => results.get(id)!;

describe('each lesson reproduces its claim', () => {
  test.each(LESSON_IDS)('%s: every claim holds', (id) => {
    const claims = result(id).claims;
    expect(Object.keys(claims).length).toBeGreaterThan(0);
    for (const [claim, holds] of Object.entries(claims)) expect({ claim, holds }).toEqual({ claim, holds: true });
  });

  test("sigmoid-saturation: σ' peaks at 0.25 at z = 0 and is < 0.01 beyond |z| > 4.6; tanh' peaks at 1", () => {
    const n = result('sigmoid-saturation').numbers;
    expect(n.sigmoidPeak).toBeCloseTo(0.25, 7);
    expect(n.sigmoidPeakZ).toBe(0);
    expect(n.sigmoidSaturates).toBeLessThanOrEqual(4.6);
    expect(n.sigmoidSaturates).toBeGreaterThan(4.5);
    const z = new Float32Array(2000).map((_, i) => 4.6 + i * 0.01);
    const { dydz } = lab.evaluate('sigmoid', z);
    expect(Math.max(...dydz)).toBeLessThan(0.01);
    expect(Math.max(...lab.evaluate('sigmoid', z.map((v) => -v)).dydz)).toBeLessThan(0.01);
    expect(n.tanhPeak).toBeCloseTo(1, 7);
  });

  test('vanishing-gradients: first/last gradient ratio < 1e-3 for sigmoid, > 0.1 for relu, tanh in between', () => {
    const n = result('vanishing-gradients').numbers;
    expect(n.layers).toBeGreaterThanOrEqual(8);
    expect(n.sigmoidRatio).toBeLessThan(1e-3);
    expect(n.reluRatio).toBeGreaterThan(0.1);
    expect(n.tanhRatio).toBeGreaterThan(n.sigmoidRatio);
    expect(n.tanhRatio).toBeLessThan(n.reluRatio);
  });

  test('dying-relu: > 30% dead relu units, 0 dead leaky/prelu/elu units, which train further', () => {
    const n = result('dying-relu').numbers;
    expect(n.reluDead).toBeGreaterThan(0.3);
    for (const other of ['leaky_relu', 'prelu', 'elu']) {
      expect(n[`${other}Dead`]).toBe(0);
      expect(n[`${other}Accuracy`]).toBeGreaterThan(n.reluAccuracy + 0.1);
    }
    // On handwritten digits too (no bias trick): more than 10% of ReLU's units die, none of Leaky ReLU's; both still learn.
    expect(n.digitsReluDead).toBeGreaterThan(0.1);
    expect(n.digitsLeakyDead).toBe(0);
    expect(n.digitsReluTestAccuracy).toBeGreaterThan(0.5);
    expect(n.digitsLeakyTestAccuracy).toBeGreaterThan(0.5);
  });

  test('prelu-slope: slopes start at 0.25 and move', () => {
    const n = result('prelu-slope').numbers;
    expect(n.initialSlope).toBe(0.25);
    expect(n.largestMove).toBeGreaterThan(0.05);
    expect(Math.abs(n.layer1Mean - 0.25) + Math.abs(n.layer2Mean - 0.25)).toBeGreaterThan(0.01);
  });

  test('initialisation: zero init keeps units identical (symmetry), random init does not', () => {
    const n = result('initialisation').numbers;
    expect(n.sigmoid_zeros_spread).toBe(0);
    expect(n.relu_zeros_spread).toBe(0);
    for (const init of ['uniform', 'xavier_normal', 'he_normal']) {
      expect(n[`sigmoid_${init}_spread`]).toBeGreaterThan(0.1);
      expect(n[`relu_${init}_spread`]).toBeGreaterThan(0.1);
    }
    expect(n.sigmoid_zeros_accuracy).toBeLessThan(n.sigmoidBest);
  });

  test('output-activation: sigmoid + MSE learns slower than sigmoid + BCE when wrong', () => {
    const n = result('output-activation').numbers;
    expect(n.startProbability).toBeLessThan(0.01);
    expect(n.mseGradient).toBeLessThan(n.bceGradient / 10);
    expect(n.mseSteps).toBeGreaterThan(5 * n.bceSteps);
    expect(Number.isFinite(n.mseSteps)).toBe(true);
  });

  test('common-mistakes: np.maximum(1, z) differs from the step derivative; dead units are a ReLU thing', () => {
    const n = result('common-mistakes').numbers;
    expect(n.reluDerivativeAtMinusOne).toBe(0);
    expect(n.largestDifference).toBeGreaterThanOrEqual(1);
    const plot = result('common-mistakes').plots[0];
    expect(plot.kind).toBe('curves');
    if (plot.kind !== 'curves') return;
    const [step, copied] = plot.curves;
    // The step is 0 for z ≤ 0 and 1 above; the snippet is max(1, z).
    plot.x.forEach((z, i) => {
      expect(step.values[i]).toBe(z > 0 ? 1 : 0);
      expect(copied.values[i]).toBe(Math.max(1, z));
    });
    expect(n.sigmoidDead).toBe(0);
    expect(n.reluDead).toBeGreaterThan(0);
    expect(n.sigmoidSaturated).toBeGreaterThan(0.1);
    expect(n.sigmoidPeak).toBeLessThanOrEqual(0.25);
  });

  test('build-your-own: typed formulas are evaluated by the module and train like the built-ins', () => {
    const r = result('build-your-own');
    const n = r.numbers;
    // z*sigmoid(b*z) with b = 1 is SiLU: the typed formula gives the built-in's values.
    const curves = r.plots[0];
    expect(curves.kind).toBe('curves');
    if (curves.kind !== 'curves') return;
    const silu = lab.evaluate('silu', curves.x);
    curves.curves[1].values.forEach((value, i) => expect(Math.abs(value - silu.y[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(silu.y[i]))));
    // Small b: slope near 1/2 everywhere (f′(z) = σ(bz) + bz·σ′(bz) ∈ 0.5 ± b·4·0.6 on ±4), large b: within 0.03 of ReLU.
    expect(n.slopeLow).toBeGreaterThan(0.5 - 0.125);
    expect(n.slopeHigh).toBeLessThan(0.5 + 0.125);
    expect(n.reluGap).toBeLessThan(0.03);
    expect(n.reluGap).toBeGreaterThan(0);
    // max(1, z) typed as a formula is max(1, z), not relu′.
    const snippet = r.plots[1];
    if (snippet.kind !== 'curves') throw new Error('expected curves');
    snippet.x.forEach((z, i) => expect(snippet.curves[1].values[i]).toBe(Math.max(1, z)));
    expect(n.snippetAtMinusOne).toBe(1);
    expect(n.reluDerivativeAtMinusOne).toBe(0);
    // Trained: the typed Swish has no dead unit; max(1, z) (f′ = 0 below 1) has some.
    expect(n.swishDead).toBe(0);
    expect(n.snippetDead).toBeGreaterThan(0.1);
    expect(n.swishAccuracy).toBeGreaterThan(0.9);
  });
});

describe('sentences show the computed numbers', () => {
  const lookKeys = (Object.keys(lessonsEn) as LessonMessageKey[]).filter((key) => key.includes('.look.'));

  test('no "what to look for" template has a number typed into it (en and zh)', () => {
    expect(lookKeys.length).toBeGreaterThanOrEqual(14);
    for (const key of lookKeys) {
      expect({ key, text: lessonsEn[key] }).not.toEqual({ key, text: expect.stringMatching(/\d/) });
      expect(lessonsZh[key], key).toBeDefined();
      expect({ key, text: lessonsZh[key] }).not.toEqual({ key, text: expect.stringMatching(/\d/) });
    }
  });

  test.each(LESSON_IDS)('%s: every sentence contains its values, formatted for the language', (id) => {
    const { sentences } = result(id);
    expect(sentences.length).toBeGreaterThan(0);
    for (const sentence of sentences) {
      for (const language of ['en', 'zh'] as const) {
        const text = sentenceText(language, sentence);
        expect(text).not.toMatch(/\{\w+\}/);
        for (const value of Object.values(sentence.values)) {
          if (typeof value !== 'object') continue;
          expect(text).toContain(formatValue(language, value));
        }
      }
      expect(sentenceText('zh', sentence)).toMatch(/[\u4e00-\u9fff]/);
      // A different computed value gives a different sentence: nothing is fixed text.
      for (const [name, value] of Object.entries(sentence.values)) {
        if (typeof value !== 'object') continue;
        const changed = { ...sentence, values: { ...sentence.values, [name]: { ...(value as SentenceValue), value: value.value + 1234.5 } } };
        expect(sentenceText('en', changed)).not.toBe(sentenceText('en', sentence));
      }
    }
  });

  test('the sentences carry the claims: e.g. the dying-ReLU share and the sigmoid ratio', () => {
    const dying = result('dying-relu');
    const reluSentence = dying.sentences.find((s) => s.key === 'lesson.dying-relu.look.relu')!;
    expect(sentenceText('en', reluSentence)).toContain(new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(dying.numbers.reluDead));
    const vanishing = result('vanishing-gradients');
    const sigmoidSentence = vanishing.sentences.find((s) => s.key === 'lesson.vanishing-gradients.look.sigmoid')!;
    expect(sentenceText('en', sigmoidSentence)).toContain(
      new Intl.NumberFormat('en', { notation: 'scientific', maximumSignificantDigits: 2 }).format(vanishing.numbers.sigmoidRatio),
    );
  });
});

describe('catalogue', () => {
  test('eight lessons, each with a title and an intro in both languages, and valid configs', () => {
    expect(LESSON_IDS).toHaveLength(8);
    for (const id of LESSON_IDS) {
      for (const part of ['title', 'intro'] as const) {
        const key = `lesson.${id}.${part}` as LessonMessageKey;
        expect(lessonsEn[key], key).toBeTruthy();
        expect(lessonsZh[key], key).toMatch(/[\u4e00-\u9fff]/);
      }
      for (const config of Object.values(LESSONS[id].runs)) lab.createExperiment(config).dispose();
    }
  });
});

describe('URL state', () => {
  test('#lesson=… opens a lesson, round-trips, and an unknown id is a named error', () => {
    const parsed = parseState('#v=1&lesson=dying-relu', lab);
    expect(parsed.errors).toEqual([]);
    expect(parsed.state.lesson).toBe('dying-relu');
    expect(serializeState(parsed.state, lab)).toMatch(/&lesson=dying-relu(&|$)/);
    expect(serializeState(parseState('', lab).state, lab)).not.toMatch(/lesson=/);
    const bad = parseState('#v=1&lesson=%3Cscript%3E', lab);
    expect(bad.state.lesson).toBeUndefined();
    expect(bad.errors.map((e) => [e.field, e.problem])).toEqual([['lesson', 'invalid']]);
  });
});

describe('the page path: lessons trained in workers give the same numbers', () => {
  // lab.run's worker is the built worker.js (as in run.test.ts): the library is built into a temporary directory.
  const libraryDir = mkdtempSync(join(tmpdir(), 'actlab-lessons-test-'));
  let builtLab: Lab;
  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-lib.mjs', '--out', libraryDir, '--no-types'], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const built = (await import(pathToFileURL(join(libraryDir, 'index.js')).href)) as { createLab(): Promise<Lab> };
    builtLab = await built.createLab();
  }, 60_000);
  afterAll(() => rmSync(libraryDir, { recursive: true, force: true }));

  test.each(['dying-relu', 'initialisation', 'vanishing-gradients'] as const)('%s via LessonRunner (lab.run)', async (id) => {
    const progress: number[] = [];
    const runner = new LessonRunner(builtLab, id, { onProgress: (_h, latest) => progress.push(latest.metrics.step) });
    const fromWorkers = await runner.start();
    expect(runner.state).toBe('done');
    expect(progress.length).toBeGreaterThan(0);
    expect(fromWorkers.numbers).toEqual(result(id).numbers);
    expect(fromWorkers.claims).toEqual(result(id).claims);
  });

  test('pause holds every run, resume finishes them', async () => {
    const runner = new LessonRunner(builtLab, 'dying-relu');
    const done = runner.start();
    runner.pause();
    expect(runner.state).toBe('paused');
    // A paused run still reports step 0 once its worker has started (which takes a while on a busy machine).
    const deadline = Date.now() + 20_000;
    while (Object.keys(runner.histories).length < 2 || Object.values(runner.histories).some((h) => h.length === 0)) {
      if (Date.now() > deadline) throw new Error('the paused runs never reported step 0');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stepsWhilePaused = Object.values(runner.histories).map((h) => h.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(Object.values(runner.histories).map((h) => h.length)).toEqual(stepsWhilePaused);
    runner.resume();
    expect((await done).claims.reluDies).toBe(true);
  });
});
