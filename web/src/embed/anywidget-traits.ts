// anywidget-traits.ts — the notebook widget's traits (anywidget.ts) turned
// into the element's attributes, as pure functions (tested in Node). A trait
// comes from Python as any JSON value, so each is checked for its type and
// range the way the iframe's hash parameters are (shared/embed-protocol.ts):
// a trait that is not one of its allowed values is left out and named in an
// error ("height must be a number 120..10000, got …"); the element then
// checks the rest as it checks its attributes (a lesson id it does not know,
// a config the C++ parser refuses). And the lesson's result, written back to
// the model, as plain JSON.
import { MAX_CONFIG_TEXT } from '../shared/embed-protocol';
import type { QuizProgress } from '../lessons/questions';

export const TRAIT_NAMES = ['lesson', 'config', 'lang', 'panels', 'controls', 'height'] as const;
export type TraitName = (typeof TRAIT_NAMES)[number];
export type TraitAttributes = Partial<Record<TraitName, string>>;

const PANELS = ['lesson', 'train', 'compare'] as const;
const MAX_LESSON_ID = 64;
const MIN_HEIGHT = 120;
const MAX_HEIGHT = 10000;

/** A short, one-line description of a value for an error message (never its whole text). */
function described(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Absent: undefined, null or empty text (Python's None, or a trait left at ""). */
const absent = (value: unknown) => value === undefined || value === null || value === '';

type Check = (value: unknown) => { value: string } | { error: string };

const CHECKS: Record<TraitName, Check> = {
  lesson: (value) =>
    typeof value === 'string' && value.length <= MAX_LESSON_ID
      ? { value }
      : { error: `lesson must be a lesson id (text, up to ${MAX_LESSON_ID} characters), got ${described(value)}` },
  config: (value) => {
    let text: string | undefined;
    if (typeof value === 'string') text = value;
    else if (isPlainObject(value)) {
      try {
        text = JSON.stringify(value);
      } catch {
        text = undefined;
      }
    }
    if (text === undefined) return { error: `config must be an experiment config (a dict, or its JSON text), got ${described(value)}` };
    return text.length <= MAX_CONFIG_TEXT ? { value: text } : { error: `config must be at most ${MAX_CONFIG_TEXT} characters of JSON, got ${text.length}` };
  },
  lang: (value) => {
    const lang = typeof value === 'string' ? value.toLowerCase() : '';
    if (lang === 'en' || lang === 'zh' || /^zh-[a-z]{2,8}$/.test(lang)) return { value: lang.startsWith('zh') ? 'zh' : 'en' };
    return { error: `lang must be "en" or "zh", got ${described(value)}` };
  },
  panels: (value) => {
    const names = typeof value === 'string' ? value.split(',').map((name) => name.trim()) : Array.isArray(value) ? value : null;
    if (names === null || names.length === 0 || names.length > PANELS.length || !names.every((name) => typeof name === 'string' && (PANELS as readonly string[]).includes(name))) {
      return { error: `panels must be a list of ${PANELS.join(', ')} (or that text, comma-separated), got ${described(value)}` };
    }
    return { value: names.join(',') };
  },
  controls: (value) => (value === 'minimal' || value === 'full' ? { value } : { error: `controls must be "minimal" or "full", got ${described(value)}` }),
  height: (value) => {
    const height = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
    if (Number.isFinite(height) && height >= MIN_HEIGHT && height <= MAX_HEIGHT) return { value: String(Math.round(height)) };
    return { error: `height must be a number ${MIN_HEIGHT}..${MAX_HEIGHT} (CSS pixels), got ${described(value)}` };
  },
};

/** The element's attributes for these traits, and an error for each trait that is left out. */
export function traitAttributes(read: (name: TraitName) => unknown): { attributes: TraitAttributes; errors: string[] } {
  const attributes: TraitAttributes = {};
  const errors: string[] = [];
  for (const name of TRAIT_NAMES) {
    const value = read(name);
    if (absent(value)) continue;
    const checked = CHECKS[name](value);
    if ('value' in checked) attributes[name] = checked.value;
    else errors.push(checked.error);
  }
  return { attributes, errors };
}

export interface WidgetResult {
  lesson: string;
  /** Every number the lesson computed; a value that is not finite (NaN, ∞) becomes null, as JSON has neither. */
  numbers: Record<string, number | null>;
  claims: Record<string, boolean>;
  /** The student's answers to the lesson's questions; null until one is checked. */
  answers: Omit<QuizProgress, 'lesson'> | null;
}

/** The lesson's result as the plain JSON value written to the model's `result`. */
export function widgetResult(
  result: { lesson: string; numbers: Readonly<Record<string, number>>; claims: Readonly<Record<string, boolean>> },
  answers: QuizProgress | null,
): WidgetResult {
  const numbers: Record<string, number | null> = {};
  for (const [name, value] of Object.entries(result.numbers)) numbers[name] = Number.isFinite(value) ? value : null;
  const claims: Record<string, boolean> = {};
  for (const [name, holds] of Object.entries(result.claims)) claims[name] = holds === true;
  let progress: WidgetResult['answers'] = null;
  if (answers && answers.answered > 0) {
    const { total, answered, correct, score, complete } = answers;
    progress = { total, answered, correct, score, complete };
  }
  return { lesson: result.lesson, numbers, claims, answers: progress };
}
