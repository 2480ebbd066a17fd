// glossary.ts — the terms the charts and the form use (dead, inactive,
// saturated, f′ max, the inits, head, weight decay), explained in the panel's
// language, in a modal <dialog>: a "?" button next to a chart's title or a
// form label opens it at that term, focus moves to the term, Escape or Close
// returns it to the button. Works in a shadow root too (the dialog lives in
// the panel's own root). Text as textContent only.
import type { MessageKey, Strings } from '../i18n/strings';
import { button, element } from '../shared/dom';
import './glossary.css';

export const GLOSSARY_TERMS = ['dead', 'inactive', 'saturated', 'fmax', 'init', 'head', 'weightDecay'] as const;
export type GlossaryTerm = (typeof GLOSSARY_TERMS)[number];

let dialogs = 0;

export class Glossary {
  readonly #dialog: HTMLDialogElement;
  #strings: Strings;
  #returnFocus: HTMLElement | null = null;

  constructor(root: HTMLElement, strings: Strings) {
    this.#strings = strings;
    this.#dialog = element('dialog', 'glossary');
    this.#dialog.addEventListener('close', () => {
      this.#returnFocus?.focus();
      this.#returnFocus = null;
    });
    // A click on the backdrop (outside the dialog's box) closes it.
    this.#dialog.addEventListener('click', (event) => {
      if (event.target === this.#dialog) this.#dialog.close();
    });
    root.append(this.#dialog);
    this.#render();
  }

  setStrings(strings: Strings): void {
    this.#strings = strings;
    this.#render();
  }

  /** Opens the glossary at `term`; focus goes back to `opener` when it closes. */
  open(term: GlossaryTerm, opener?: HTMLElement): void {
    this.#returnFocus = opener ?? null;
    if (!this.#dialog.open) this.#dialog.showModal();
    const entry = this.#dialog.querySelector<HTMLElement>(`dt[data-term="${term}"]`);
    for (const node of this.#dialog.querySelectorAll('[data-current]')) node.removeAttribute('data-current');
    if (entry) {
      entry.dataset.current = 'true';
      entry.scrollIntoView({ block: 'nearest' });
      entry.focus();
    }
  }

  /** A "?" button that opens the glossary at `term`. */
  helpButton(term: GlossaryTerm): HTMLButtonElement {
    const name = this.#strings.t(`glossary.${term}` as MessageKey);
    const help = button('?', 'help-button');
    help.dataset.term = term;
    help.setAttribute('aria-label', this.#strings.t('glossary.open', { term: name }));
    help.setAttribute('aria-haspopup', 'dialog');
    help.title = this.#strings.t('glossary.open', { term: name });
    help.addEventListener('click', () => this.open(term, help));
    return help;
  }

  get dialog(): HTMLDialogElement {
    return this.#dialog;
  }

  destroy(): void {
    if (this.#dialog.open) this.#dialog.close();
    this.#dialog.remove();
  }

  #render(): void {
    const t = this.#strings.t;
    const title = element('h2', 'glossary-title', t('glossary.title'));
    title.id = `glossary-title-${++dialogs}`;
    this.#dialog.setAttribute('aria-labelledby', title.id);
    this.#dialog.lang = this.#strings.htmlLang;
    const list = element('dl');
    for (const term of GLOSSARY_TERMS) {
      const name = element('dt', undefined, t(`glossary.${term}` as MessageKey));
      name.dataset.term = term;
      name.tabIndex = -1;
      list.append(name, element('dd', undefined, t(`glossary.${term}.text` as MessageKey)));
    }
    const close = button(t('glossary.close'), 'glossary-close');
    close.addEventListener('click', () => this.#dialog.close());
    this.#dialog.replaceChildren(title, list, close);
  }
}
