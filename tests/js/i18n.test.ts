// i18n.test.ts — the string tables and the Strings objects built from them:
// 简体中文 translates exactly the keys of the English tables (Train panel
// en.ts, page en-page.ts, lessons lessons.en.ts, teacher material
// teaching.en.ts), with the same
// {placeholders}; no table holds markup; each language's Strings is its own
// value (no global table), so two of them can be used side by side.
import { describe, expect, it } from 'vitest';

import { en } from '../../web/src/i18n/en';
import { enPage } from '../../web/src/i18n/en-page';
import { lessonsEn } from '../../web/src/i18n/lessons.en';
import { lessonsZh } from '../../web/src/i18n/lessons.zh';
import { stringsFor } from '../../web/src/i18n/strings';
import { teachingEn } from '../../web/src/i18n/teaching.en';
import { teachingZh } from '../../web/src/i18n/teaching.zh';
import { zh } from '../../web/src/i18n/zh';

const english: Record<string, string> = { ...en, ...enPage, ...lessonsEn, ...teachingEn };
const chinese: Record<string, string> = { ...zh, ...lessonsZh, ...teachingZh };
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('string tables', () => {
  it('the four English tables do not share keys', () => {
    const tables = [en, enPage, lessonsEn, teachingEn].map((table) => Object.keys(table));
    const all = tables.flat();
    expect(all.length).toBe(new Set(all).size);
  });

  it('zh has exactly the English keys', () => {
    expect(Object.keys(chinese).sort()).toEqual(Object.keys(english).sort());
  });

  it('every translation keeps the placeholders of its English text', () => {
    for (const [key, text] of Object.entries(english)) {
      expect(placeholders(chinese[key] ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('no string is empty or holds HTML', () => {
    for (const table of [english, chinese]) {
      for (const [key, text] of Object.entries(table)) {
        expect(text.trim(), key).not.toBe('');
        expect(text, key).not.toMatch(/<[a-z/]/i);
      }
    }
  });
});

describe('Strings', () => {
  it('each language is its own value, used side by side', () => {
    const english = stringsFor('en');
    const chinese = stringsFor('zh');
    expect(english.t('tab.train')).toBe('Train');
    expect(chinese.t('tab.train')).toBe(zh['tab.train']);
    // Asking for Chinese did not change English.
    expect(english.t('tab.train')).toBe('Train');
    expect(chinese.htmlLang).toBe('zh-Hans');
    expect(english.htmlLang).toBe('en');
  });

  it('fills placeholders as text, numbers in the language', () => {
    expect(stringsFor('en').t('compare.progress', { done: 3, total: 9 })).toBe('3 of 9 runs finished');
    expect(stringsFor('en').t('lesson.running', { step: { value: 12345, style: 'integer' }, steps: { value: 20000, style: 'integer' } })).toBe(
      'Training… step 12,345 of 20,000',
    );
    expect(stringsFor('en').format({ value: 0.123, style: 'percent' })).toBe('12.3%');
    expect(stringsFor('zh').format({ value: 0.123, style: 'percent' })).toBe(new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(0.123));
    expect(stringsFor('en').t('train.status.invalid', { message: '<b>x</b>' })).toBe('This configuration is not valid: <b>x</b>');
  });
});
