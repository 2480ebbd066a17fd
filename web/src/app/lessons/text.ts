// text.ts — the lessons' words in one language: lessonText(lang, key, values)
// looks the key up in lessons.en.ts / lessons.zh.ts (English when a key is
// missing) and fills placeholders; numbers are formatted with
// Intl.NumberFormat for that language, so a sentence always shows the value
// the run computed. Values become text, never HTML. Independent of the page's
// own language state, so two embeds on one page may speak different languages.
import { lessonsEn, type LessonMessageKey } from '../i18n/lessons.en';
import { lessonsZh } from '../i18n/lessons.zh';
import type { NumberStyle, Sentence, SentenceValue } from './compute';

export const LESSON_LANGUAGES = ['en', 'zh'] as const;
export type LessonLanguage = (typeof LESSON_LANGUAGES)[number];

const TABLES: Record<LessonLanguage, Partial<Record<LessonMessageKey, string>>> = { en: lessonsEn, zh: lessonsZh };
const LOCALES: Record<LessonLanguage, string> = { en: 'en', zh: 'zh-CN' };

export function isLessonLanguage(value: unknown): value is LessonLanguage {
  return typeof value === 'string' && (LESSON_LANGUAGES as readonly string[]).includes(value);
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(language: LessonLanguage, style: NumberStyle): Intl.NumberFormat {
  const key = `${language}/${style}`;
  let found = formatters.get(key);
  if (!found) {
    const options: Intl.NumberFormatOptions =
      style === 'percent' ? { style: 'percent', maximumFractionDigits: 1 }
      : style === 'scientific' ? { notation: 'scientific', maximumSignificantDigits: 2 }
      : style === 'integer' ? { maximumFractionDigits: 0 }
      : { maximumSignificantDigits: 3 };
    found = new Intl.NumberFormat(LOCALES[language], options);
    formatters.set(key, found);
  }
  return found;
}

/** A computed number as the sentence shows it; exact 0 and ±∞ stay readable in every style. */
export function formatValue(language: LessonLanguage, value: SentenceValue): string {
  if (Number.isNaN(value.value)) return '–';
  // Scientific notation only where it helps (Intl would write 0 as "0E0" and 0.65 as "6.5E-1").
  const magnitude = Math.abs(value.value);
  const plainEnough = magnitude === 0 || !Number.isFinite(magnitude) || (magnitude >= 1e-3 && magnitude < 1e6);
  const style = value.style === 'scientific' && plainEnough ? 'plain' : value.style;
  return formatter(language, style).format(value.value);
}

export function lessonText(language: LessonLanguage, key: LessonMessageKey, values?: Readonly<Record<string, SentenceValue | string | undefined>>): string {
  const template = TABLES[language][key] ?? lessonsEn[key];
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = values[name];
    if (value === undefined) return match;
    return typeof value === 'string' ? value : formatValue(language, value);
  });
}

export function sentenceText(language: LessonLanguage, sentence: Sentence): string {
  return lessonText(language, sentence.key, sentence.values);
}
