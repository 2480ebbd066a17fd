// strings.ts — the lab's words in one language, as a value: stringsFor('zh')
// is a Strings object whose t(key, values) looks the key up in that
// language's tables (en.ts, en-page.ts, lessons.en.ts and teaching.en.ts,
// translated by zh.ts, lessons.zh.ts and teaching.zh.ts; English where a key
// is missing) and fills placeholders.
// Panels and widgets receive a Strings object from whoever builds them, so
// two <activation-lab> elements on one page each speak their own language;
// there is no global table.
//
// Numbers a lesson computes arrive as { value, style } and are formatted with
// Intl.NumberFormat for the language, so a sentence always shows the value
// the run computed. Values become text, never HTML.
import { en, type MessageKey as TrainMessageKey } from './en';
import { enPage, type PageMessageKey } from './en-page';
import { lessonsEn, type LessonMessageKey } from './lessons.en';
import { lessonsZh } from './lessons.zh';
import { teachingEn, type TeachingMessageKey } from './teaching.en';
import { teachingZh } from './teaching.zh';
import { zh } from './zh';

export const LANGUAGES = [
  { code: 'en', name: 'English', htmlLang: 'en', locale: 'en' },
  { code: 'zh', name: '简体中文', htmlLang: 'zh-Hans', locale: 'zh-CN' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];
export const LANGUAGE_CODES: readonly Language[] = LANGUAGES.map((language) => language.code);

export type MessageKey = TrainMessageKey | PageMessageKey | LessonMessageKey | TeachingMessageKey;
export type { LessonMessageKey, PageMessageKey, TeachingMessageKey, TrainMessageKey };

/** How a computed number is written in a sentence. */
export type NumberStyle = 'plain' | 'percent' | 'scientific' | 'integer';
export interface SentenceValue {
  value: number;
  style: NumberStyle;
}
export type MessageValue = string | number | SentenceValue | undefined;
export type MessageValues = Readonly<Record<string, MessageValue>>;

export interface Strings {
  readonly lang: Language;
  /** The value for <html lang> / element.lang ('en', 'zh-Hans'). */
  readonly htmlLang: string;
  /** The key's text with `{name}` placeholders filled; numbers as written by format(). */
  t(key: MessageKey, values?: MessageValues): string;
  /** A computed number as a sentence shows it; exact 0 and ±∞ stay readable in every style. */
  format(value: SentenceValue): string;
}

const ENGLISH: Readonly<Record<MessageKey, string>> = { ...en, ...enPage, ...lessonsEn, ...teachingEn };
const TABLES: Record<Language, Partial<Record<MessageKey, string>>> = {
  en: ENGLISH,
  zh: { ...zh, ...lessonsZh, ...teachingZh },
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGE_CODES as readonly string[]).includes(value);
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, style: NumberStyle): Intl.NumberFormat {
  const key = `${locale}/${style}`;
  let found = formatters.get(key);
  if (!found) {
    const options: Intl.NumberFormatOptions =
      style === 'percent' ? { style: 'percent', maximumFractionDigits: 1 }
      : style === 'scientific' ? { notation: 'scientific', maximumSignificantDigits: 2 }
      : style === 'integer' ? { maximumFractionDigits: 0 }
      : { maximumSignificantDigits: 3 };
    found = new Intl.NumberFormat(locale, options);
    formatters.set(key, found);
  }
  return found;
}

function formatIn(locale: string, value: SentenceValue): string {
  if (Number.isNaN(value.value)) return '–';
  // Scientific notation only where it helps (Intl would write 0 as "0E0" and 0.65 as "6.5E-1").
  const magnitude = Math.abs(value.value);
  const plainEnough = magnitude === 0 || !Number.isFinite(magnitude) || (magnitude >= 1e-3 && magnitude < 1e6);
  const style = value.style === 'scientific' && plainEnough ? 'plain' : value.style;
  return formatter(locale, style).format(value.value);
}

const cache = new Map<Language, Strings>();

/** The Strings of a language (one shared, immutable object per language). */
export function stringsFor(lang: Language): Strings {
  let strings = cache.get(lang);
  if (!strings) {
    const info = LANGUAGES.find((language) => language.code === lang) ?? LANGUAGES[0];
    const table = TABLES[lang];
    const format = (value: SentenceValue) => formatIn(info.locale, value);
    strings = Object.freeze({
      lang,
      htmlLang: info.htmlLang,
      format,
      t(key: MessageKey, values?: MessageValues): string {
        const template = table[key] ?? ENGLISH[key];
        if (!values) return template;
        return template.replace(/\{(\w+)\}/g, (match, name: string) => {
          const value = values[name];
          if (value === undefined) return match;
          return typeof value === 'object' ? format(value) : String(value);
        });
      },
    });
    cache.set(lang, strings);
  }
  return strings;
}
