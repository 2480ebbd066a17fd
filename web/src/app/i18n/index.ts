// index.ts — t(key, values): the page's one way to get a user-visible string.
// The table in use is English until setLanguage() picks another; a key the
// table lacks falls back to English, so a half-done translation never shows a
// raw key. Values are inserted as text, never as HTML.
import { en, type MessageKey } from './en';

export type { MessageKey } from './en';
export type StringTable = Partial<Record<MessageKey, string>>;

let table: StringTable = en;

/** Use `strings` from now on (other tables register themselves through this). */
export function setStringTable(strings: StringTable): void {
  table = strings;
}

export function t(key: MessageKey, values?: Readonly<Record<string, string | number>>): string {
  const template = table[key] ?? en[key];
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}
