// share.ts — the header's sharing tools: "Copy link" (the URL hash carries the
// whole state, language included) and "Embed", which gives the custom element
// and the iframe for what is on screen: the open lesson, or else the
// experiment of the Train panel (with Compare when that is the route). Both
// write to the clipboard where the browser allows it and otherwise select a
// text box for the reader to copy. Built with DOM calls; values as text.
import type { ExperimentConfig } from '../lib/types';
import type { Strings } from '../i18n/strings';
import { elementSnippet, iframeSnippet, type EmbedTarget } from '../shared/embed-code';
import { element } from '../shared/dom';
import type { AppState } from './state';

/** The directory of the page, so snippets point at this copy of the site wherever it is served. */
export function siteBaseUrl(href: string): string {
  const url = new URL(href);
  url.hash = '';
  url.search = '';
  url.pathname = url.pathname.replace(/[^/]*$/, '');
  return url.href;
}

/** The embed target for a state: the lesson, or the experiment (and Compare when it is the route). */
export function embedTargetOf(state: AppState, experiment: ExperimentConfig, baseUrl: string, lang: 'en' | 'zh'): EmbedTarget {
  const target: EmbedTarget = { baseUrl, lang };
  if (state.lesson) target.lesson = state.lesson;
  else {
    target.config = experiment;
    target.panels = state.panel === 'compare' ? 'train,compare' : 'train';
  }
  return target;
}

/** Writes `text` to the clipboard; resolves false where the browser does not allow it. */
async function copyText(text: string): Promise<boolean> {
  if (!navigator.clipboard?.writeText) return false;
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export class ShareBox {
  readonly element: HTMLElement;
  readonly #status: HTMLParagraphElement;
  readonly #link: HTMLInputElement;
  readonly #linkLabel: HTMLLabelElement;
  readonly #elementCode: HTMLTextAreaElement;
  readonly #iframeCode: HTMLTextAreaElement;
  readonly #embed: HTMLElement;
  #strings: Strings;

  constructor(container: HTMLElement, strings: Strings) {
    this.#strings = strings;
    this.element = element('div', 'share-box');
    this.element.hidden = true;
    this.#linkLabel = element('label', 'share-link');
    this.#link = element('input');
    this.#link.readOnly = true;
    this.#link.id = 'share-link';
    this.#linkLabel.append(this.#link);
    this.#embed = element('div', 'embed-code');
    this.#elementCode = element('textarea');
    this.#elementCode.readOnly = true;
    this.#elementCode.id = 'embed-code-element';
    this.#iframeCode = element('textarea');
    this.#iframeCode.readOnly = true;
    this.#iframeCode.id = 'embed-code-iframe';
    this.#status = element('p', 'share-status');
    this.#status.setAttribute('role', 'status');
    this.element.append(this.#status, this.#linkLabel, this.#embed);
    container.append(this.element);
  }

  setStrings(strings: Strings): void {
    this.#strings = strings;
    this.element.hidden = true;
  }

  async copyLink(href: string): Promise<void> {
    const t = this.#strings.t;
    this.element.hidden = false;
    this.#embed.hidden = true;
    this.#link.value = href;
    if (await copyText(href)) {
      this.#linkLabel.hidden = true;
      this.#status.textContent = t('app.linkCopied');
    } else {
      this.#linkLabel.hidden = false;
      this.#status.textContent = t('app.linkFallback');
      this.#link.focus();
      this.#link.select();
    }
  }

  async copyEmbed(target: EmbedTarget): Promise<void> {
    const t = this.#strings.t;
    this.element.hidden = false;
    this.#linkLabel.hidden = true;
    this.#embed.hidden = false;
    this.#elementCode.value = elementSnippet(target);
    this.#iframeCode.value = iframeSnippet(target);
    const elementLabel = element('label', undefined, t('embed.element'));
    elementLabel.append(this.#elementCode);
    const iframeLabel = element('label', undefined, t('embed.iframe'));
    iframeLabel.append(this.#iframeCode);
    this.#embed.replaceChildren(elementLabel, iframeLabel);
    if (await copyText(`${this.#elementCode.value}\n\n${this.#iframeCode.value}\n`)) this.#status.textContent = t('embed.copied');
    else {
      this.#status.textContent = t('embed.copyFallback');
      this.#elementCode.focus();
      this.#elementCode.select();
    }
  }
}
