// embed-code.ts — the two embed snippets for a lesson or an experiment (the
// page's "Copy embed code"): the custom element with its one script tag, and
// the iframe. Pure: the caller passes the site's base URL. Attribute values
// are HTML-escaped, so a config's text can never end the attribute.
import type { ExperimentConfig } from '../lib/types';
import { embedHash, type EmbedSettings } from './embed-protocol';

export interface EmbedTarget {
  /** The directory the site is served from, ending in '/'. */
  baseUrl: string;
  lesson?: string;
  config?: ExperimentConfig;
  lang?: 'en' | 'zh';
  panels?: string;
  controls?: 'minimal';
  /** CSS pixels (default 600). */
  height?: number;
}

export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attributesOf(target: EmbedTarget): EmbedSettings['attributes'] {
  const attributes: EmbedSettings['attributes'] = {};
  if (target.lesson) attributes.lesson = target.lesson;
  if (target.config) attributes.config = JSON.stringify(target.config);
  if (target.panels) attributes.panels = target.panels;
  if (target.controls) attributes.controls = target.controls;
  if (target.lang) attributes.lang = target.lang;
  return attributes;
}

/** `<script type="module" src="…/activation-lab.js"></script>` and the element. */
export function elementSnippet(target: EmbedTarget): string {
  const attributes = { ...attributesOf(target), height: String(target.height ?? 600) };
  const text = Object.entries(attributes).map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join('');
  return `<script type="module" src="${escapeAttribute(target.baseUrl)}activation-lab.js"></script>\n<activation-lab${text}></activation-lab>`;
}

/** The iframe; it reports its height with postMessage (docs/embedding.md has the five-line listener). */
export function iframeSnippet(target: EmbedTarget): string {
  const src = `${target.baseUrl}embed.html${embedHash(attributesOf(target))}`;
  return `<iframe src="${escapeAttribute(src)}" title="Activation Lab" width="100%" height="${target.height ?? 600}" loading="lazy"></iframe>`;
}
