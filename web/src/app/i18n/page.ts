// page.ts — t(key, values) for the page shell, Explore and Compare: looks the
// key up in the page table of the language in use (en-page.ts or zh.ts), and
// hands the Train panel's keys to its t() (index.ts). Values are inserted as
// text, never as HTML.
import { enPage, type PageMessageKey } from './en-page';
import { t as trainT, type MessageKey } from './index';

export type { PageMessageKey } from './en-page';
export type AnyMessageKey = MessageKey | PageMessageKey;

let table: Partial<Record<PageMessageKey, string>> = enPage;

/** Uses `strings` for the page keys from now on. */
export function setPageStringTable(strings: Partial<Record<PageMessageKey, string>>): void {
  table = strings;
}

function isPageKey(key: string): key is PageMessageKey {
  return key in enPage;
}

export function t(key: AnyMessageKey, values?: Readonly<Record<string, string | number>>): string {
  if (!isPageKey(key)) return trainT(key, values);
  const template = table[key] ?? enPage[key];
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}
