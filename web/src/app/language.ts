// language.ts — the page's language when the link does not name one: the
// reader's last choice (localStorage) or else the browser's language. A
// `lang` in the URL hash wins over both (state.ts); switching language
// re-labels the page in place (no reload) and remembers the choice.
import { isLanguage, type Language } from '../i18n/strings';

const STORAGE_KEY = 'actlab.language';

/** The stored choice, else the browser's preference, else English. */
export function preferredLanguage(): Language {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage may be disabled (private mode, sandboxed frame): fall through.
  }
  if (isLanguage(stored)) return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Remembers the reader's choice for links that do not name a language. */
export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Without storage the choice lasts as long as the link carries it.
  }
}
