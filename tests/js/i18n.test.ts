// i18n.test.ts — the string tables: 简体中文 translates exactly the keys of the
// English tables (Train panel en.ts + page en-page.ts), with the same
// {placeholders}, and no table holds markup.
import { describe, expect, it } from 'vitest';

import { en } from '../../web/src/app/i18n/en';
import { enPage } from '../../web/src/app/i18n/en-page';
import { zh } from '../../web/src/app/i18n/zh';

const english: Record<string, string> = { ...en, ...enPage };
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('string tables', () => {
  it('the two English tables do not share keys', () => {
    expect(Object.keys(en).filter((key) => key in enPage)).toEqual([]);
  });

  it('zh has exactly the English keys', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(english).sort());
  });

  it('every translation keeps the placeholders of its English text', () => {
    for (const [key, text] of Object.entries(english)) {
      expect(placeholders((zh as Record<string, string>)[key] ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('no string is empty or holds HTML', () => {
    for (const table of [english, zh as Record<string, string>]) {
      for (const [key, text] of Object.entries(table)) {
        expect(text.trim(), key).not.toBe('');
        expect(text, key).not.toMatch(/<[a-z/]/i);
      }
    }
  });
});
