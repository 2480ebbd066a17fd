// language.ts — which string table the page uses: English or 简体中文, chosen
// by the user (remembered in localStorage) or else by the browser's language.
// Switching reloads the page: the whole state is in the URL hash, so the page
// comes back as it was, with every label built anew in the new language.
import { setStringTable } from './index';
import { en } from './en';
import { enPage } from './en-page';
import { setPageStringTable } from './page';
import { zh } from './zh';

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'zh', name: '简体中文' },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'actlab.language';

function isLanguage(value: unknown): value is LanguageCode {
  return LANGUAGES.some((language) => language.code === value);
}

/** The stored choice, else the browser's preference, else English. */
export function preferredLanguage(): LanguageCode {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage may be disabled (private mode, sandboxed frame): fall through.
  }
  if (isLanguage(stored)) return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Uses `code`'s table from now on and sets <html lang>. */
export function applyLanguage(code: LanguageCode): void {
  setStringTable(code === 'zh' ? zh : en);
  setPageStringTable(code === 'zh' ? zh : enPage);
  document.documentElement.lang = code === 'zh' ? 'zh-Hans' : 'en';
}

/** Remembers the choice and reloads the page in it. */
export function switchLanguage(code: LanguageCode): void {
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // Without storage the choice lasts for this load only.
    applyLanguage(code);
    return;
  }
  location.reload();
}
