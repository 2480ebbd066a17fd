// protocol.ts — the iframe embed's two small languages, as pure functions
// (tested in Node): the hash of embed.html (which lesson or experiment to
// show, and how) and the postMessage commands a parent page may send
// (docs/embedding.md). Anything else is refused: a command is a plain object
// of a known type with fields of the right types and sizes.

export const MESSAGE_PREFIX = 'activation-lab:';
/** Longest config text accepted from a hash or a message (the C++ parser caps JSON at 64 MiB; a link never needs that). */
export const MAX_CONFIG_TEXT = 1_000_000;
const MAX_LESSON_ID = 64;

/** What embed.html shows: the element's attributes, plus the parent's origin when the page pinned it. */
export interface EmbedSettings {
  attributes: Partial<Record<'lesson' | 'config' | 'panels' | 'controls' | 'lang' | 'height', string>>;
  /** Messages go only to this origin, and commands are accepted only from it; '*' when not given. */
  parentOrigin: string;
}

const ATTRIBUTES = ['lesson', 'config', 'panels', 'controls', 'lang', 'height'] as const;

/** `#lesson=dying-relu&lang=zh&origin=https://course.example` → settings; unknown keys are ignored. */
export function parseEmbedHash(hash: string): EmbedSettings {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const attributes: EmbedSettings['attributes'] = {};
  for (const name of ATTRIBUTES) {
    const value = params.get(name);
    if (value !== null && value.length <= (name === 'config' ? MAX_CONFIG_TEXT : 200)) attributes[name] = value;
  }
  let parentOrigin = '*';
  const origin = params.get('origin');
  if (origin) {
    try {
      const url = new URL(origin);
      if (url.protocol === 'https:' || url.protocol === 'http:') parentOrigin = url.origin;
    } catch {
      // Not a URL: keep '*'.
    }
  }
  return { attributes, parentOrigin };
}

/** The hash that shows `attributes` (the inverse of parseEmbedHash). */
export function embedHash(attributes: EmbedSettings['attributes']): string {
  const params = new URLSearchParams();
  for (const name of ATTRIBUTES) {
    const value = attributes[name];
    if (value !== undefined) params.set(name, value);
  }
  return `#${params.toString()}`;
}

export type EmbedCommand =
  | { type: 'activation-lab:play' }
  | { type: 'activation-lab:pause' }
  | { type: 'activation-lab:load'; lesson: string }
  | { type: 'activation-lab:load'; config: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The command a message carries, or null when it is not one of ours or malformed. Configs come back as JSON text. */
export function parseCommand(data: unknown): EmbedCommand | null {
  if (!isPlainObject(data) || typeof data.type !== 'string') return null;
  switch (data.type) {
    case 'activation-lab:play':
    case 'activation-lab:pause':
      return { type: data.type };
    case 'activation-lab:load': {
      const hasLesson = 'lesson' in data;
      const hasConfig = 'config' in data;
      if (hasLesson === hasConfig) return null;
      if (hasLesson) {
        return typeof data.lesson === 'string' && data.lesson.length <= MAX_LESSON_ID ? { type: data.type, lesson: data.lesson } : null;
      }
      let text: string;
      if (typeof data.config === 'string') text = data.config;
      else if (isPlainObject(data.config)) {
        try {
          text = JSON.stringify(data.config);
        } catch {
          return null;
        }
      } else return null;
      return text.length <= MAX_CONFIG_TEXT ? { type: data.type, config: text } : null;
    }
    default:
      return null;
  }
}

/** Whether a message event may command this frame: from the parent window, and from its pinned origin if any. */
export function acceptsSender(parentOrigin: string, eventOrigin: string, fromParent: boolean): boolean {
  return fromParent && (parentOrigin === '*' || eventOrigin === parentOrigin);
}
