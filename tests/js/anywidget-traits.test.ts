// anywidget-traits.test.ts — the notebook widget's traits become the element's
// attributes only when they are of their type and range (a bad one is left
// out and named, with the allowed values); the result written back to the
// model is plain JSON (NaN and ∞ become null).
import { describe, expect, test } from 'vitest';

import { traitAttributes, widgetResult, type TraitName } from '../../web/src/embed/anywidget-traits';
import { MAX_CONFIG_TEXT } from '../../web/src/shared/embed-protocol';

const read = (traits: Partial<Record<TraitName, unknown>>) => traitAttributes((name) => traits[name]);

describe('traits → attributes', () => {
  test('good traits of every kind', () => {
    expect(
      read({
        lesson: 'dying-relu',
        config: { seed: 3, data: { kind: 'xor' } },
        lang: 'zh-CN',
        panels: ['train', 'compare'],
        controls: 'minimal',
        height: 640.4,
      }),
    ).toEqual({
      attributes: { lesson: 'dying-relu', config: '{"seed":3,"data":{"kind":"xor"}}', lang: 'zh', panels: 'train,compare', controls: 'minimal', height: '640' },
      errors: [],
    });
    expect(read({ config: '{"steps":10}', panels: 'lesson, train', height: '300', lang: 'EN' }).attributes).toEqual({
      config: '{"steps":10}',
      panels: 'lesson,train',
      height: '300',
      lang: 'en',
    });
  });

  test('None, undefined and empty text leave a trait out without an error', () => {
    expect(read({ lesson: null, config: undefined, lang: '', panels: null, controls: undefined, height: null })).toEqual({ attributes: {}, errors: [] });
  });

  test.each([
    [{ lesson: 5 }, 'lesson must be a lesson id (text, up to 64 characters), got 5'],
    [{ lesson: 'x'.repeat(65) }, `lesson must be a lesson id (text, up to 64 characters), got "${'x'.repeat(40)}…"`],
    [{ config: [1, 2] }, 'config must be an experiment config (a dict, or its JSON text), got a list'],
    [{ config: 'x'.repeat(MAX_CONFIG_TEXT + 1) }, `config must be at most ${MAX_CONFIG_TEXT} characters of JSON, got ${MAX_CONFIG_TEXT + 1}`],
    [{ lang: 'fr' }, 'lang must be "en" or "zh", got "fr"'],
    [{ lang: ['en'] }, 'lang must be "en" or "zh", got a list'],
    [{ panels: 'lesson,foo' }, 'panels must be a list of lesson, train, compare (or that text, comma-separated), got "lesson,foo"'],
    [{ panels: [] }, 'panels must be a list of lesson, train, compare (or that text, comma-separated), got a list'],
    [{ panels: { lesson: true } }, 'panels must be a list of lesson, train, compare (or that text, comma-separated), got an object'],
    [{ controls: 'none' }, 'controls must be "minimal" or "full", got "none"'],
    [{ height: 50 }, 'height must be a number 120..10000 (CSS pixels), got 50'],
    [{ height: 'tall' }, 'height must be a number 120..10000 (CSS pixels), got "tall"'],
    [{ height: Infinity }, 'height must be a number 120..10000 (CSS pixels), got Infinity'],
    [{ height: true }, 'height must be a number 120..10000 (CSS pixels), got true'],
  ] as [Partial<Record<TraitName, unknown>>, string][])('%j is left out: %s', (traits, message) => {
    expect(read(traits)).toEqual({ attributes: {}, errors: [message] });
  });

  test('a bad trait does not stop the good ones', () => {
    expect(read({ lesson: 'prelu-slope', height: -1, lang: 'zh' })).toEqual({
      attributes: { lesson: 'prelu-slope', lang: 'zh' },
      errors: ['height must be a number 120..10000 (CSS pixels), got -1'],
    });
  });

  test('markup in a lesson is passed on as text (the element shows it as an unknown lesson, never as HTML)', () => {
    expect(read({ lesson: '<img src=x onerror=alert(1)>' }).attributes.lesson).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('the result written back', () => {
  test('plain JSON: numbers (not finite → null), claims as booleans, the answers without the lesson', () => {
    const value = widgetResult(
      { lesson: 'output-activation', numbers: { bceSteps: 14, mseSteps: Infinity, ratio: NaN, zero: -0 }, claims: { holds: true } },
      { lesson: 'output-activation', total: 3, answered: 1, correct: 1, score: 33, complete: false },
    );
    expect(value).toEqual({
      lesson: 'output-activation',
      numbers: { bceSteps: 14, mseSteps: null, ratio: null, zero: -0 },
      claims: { holds: true },
      answers: { total: 3, answered: 1, correct: 1, score: 33, complete: false },
    });
    expect(JSON.parse(JSON.stringify(value))).toEqual({ ...value, numbers: { ...value.numbers, zero: 0 } });
    expect(widgetResult({ lesson: 'x', numbers: {}, claims: {} }, null).answers).toBeNull();
    expect(widgetResult({ lesson: 'x', numbers: {}, claims: {} }, { lesson: 'dying-relu', total: 3, answered: 0, correct: 0, score: 0, complete: false }).answers).toBeNull();
  });
});
