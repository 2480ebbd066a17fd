// scorm.ts — a lesson as a SCORM 1.2 SCO talking to its LMS, as pure code
// (tested in Node with fake windows and a fake API; scorm-page.ts wires it to
// the page):
//
//   findScormApi(window)   the LMS's API object, found by the standard search
//                          (ADL's SCORM 1.2 run-time): this window and its
//                          parents, then the opener and its parents
//   ScormSession           LMSInitialize(""); cmi.core.lesson_status
//                          "incomplete" on a first attempt; "completed" with
//                          cmi.core.score.raw/min/max once the lesson's runs
//                          have finished and every question is answered;
//                          cmi.core.session_time, LMSCommit("") and
//                          LMSFinish("") when the page is left
//
// Only the data model elements in WRITTEN are ever set, each with a value of
// its SCORM 1.2 type (a bug otherwise: it throws before calling the LMS).
// What the LMS returns is read like a hash parameter: a lesson status outside
// the vocabulary counts as "not attempted", a language other than zh… is
// ignored. Without an LMS (a plain page) the session does nothing.
import type { Language } from '../i18n/strings';
import type { QuizProgress } from '../lessons/questions';

/** The SCORM 1.2 run-time API an LMS puts on a window as `API`. */
export interface Scorm12Api {
  LMSInitialize(parameter: ''): string;
  LMSFinish(parameter: ''): string;
  LMSGetValue(element: string): string;
  LMSSetValue(element: string, value: string): string;
  LMSCommit(parameter: ''): string;
  LMSGetLastError(): string;
}

/** What the search reads of a window: its API, its parent, its opener. Reading may throw (another origin). */
export interface WindowLike {
  readonly API?: unknown;
  readonly parent: WindowLike | null;
  readonly opener?: WindowLike | null;
}

const API_FUNCTIONS = ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSGetLastError'] as const;
// ADL's sample gives up after 7 parents; LMSs nest SCOs a few frames deep at most.
const MAX_PARENTS = 10;

function isApi(value: unknown): value is Scorm12Api {
  return typeof value === 'object' && value !== null && API_FUNCTIONS.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');
}

/** The first window up the parent chain from `start` with an API, or null (a window of another origin ends the search). */
function searchParents(start: WindowLike | null | undefined): Scorm12Api | null {
  let current = start ?? null;
  for (let depth = 0; current !== null && depth <= MAX_PARENTS; depth++) {
    try {
      const api = current.API;
      if (isApi(api)) return api;
      const parent = current.parent;
      if (parent === null || parent === current) return null;
      current = parent;
    } catch {
      return null;
    }
  }
  return null;
}

/** The LMS's SCORM 1.2 API: in this window or a parent, else in the opener or one of its parents; null on a plain page. */
export function findScormApi(start: WindowLike): Scorm12Api | null {
  const found = searchParents(start);
  if (found) return found;
  try {
    return start.opener ? searchParents(start.opener) : null;
  } catch {
    return null;
  }
}

// ------------------------------------------------------------- values ---

/** cmi.core.lesson_status's vocabulary (SCORM 1.2 run-time, 3.4.2). */
export const LESSON_STATUSES = ['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted'] as const;
export type LessonStatus = (typeof LESSON_STATUSES)[number];

/** The elements this SCO writes, and the check every value must pass (SCORM 1.2 data types). */
export const WRITTEN: Readonly<Record<string, (value: string) => boolean>> = {
  // CMIVocabulary; a SCO may not set "not attempted".
  'cmi.core.lesson_status': (value) => (LESSON_STATUSES as readonly string[]).includes(value) && value !== 'not attempted',
  // CMIDecimal 0..100 (blank is allowed by SCORM; never written here).
  'cmi.core.score.raw': (value) => /^\d{1,3}$/.test(value) && Number(value) <= 100,
  'cmi.core.score.min': (value) => value === '0',
  'cmi.core.score.max': (value) => value === '100',
  // CMITimespan: HHHH:MM:SS.SS, hours 2 to 4 digits, optional hundredths.
  'cmi.core.session_time': (value) => /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/.test(value),
};

/** A duration in SCORM 1.2's CMITimespan (at most 9999:59:59.99). */
export function scormTimespan(milliseconds: number): string {
  const MAX_HUNDREDTHS = 10_000 * 360_000 - 1;
  const hundredths = Math.min(MAX_HUNDREDTHS, Math.max(0, Math.floor(Number.isFinite(milliseconds) ? milliseconds / 10 : 0)));
  const hours = Math.floor(hundredths / 360_000);
  const minutes = Math.floor(hundredths / 6000) % 60;
  const seconds = Math.floor(hundredths / 100) % 60;
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(hours)}:${two(minutes)}:${two(seconds)}.${two(hundredths % 100)}`;
}

/** The LMS's lesson status, if it is one of the vocabulary (anything else counts as not attempted). */
export function readStatus(value: unknown): LessonStatus {
  return typeof value === 'string' && (LESSON_STATUSES as readonly string[]).includes(value) ? (value as LessonStatus) : 'not attempted';
}

/** The student's language preference (cmi.student_preference.language), if it is one the lab speaks. */
export function readLanguage(value: unknown): Language | null {
  if (typeof value !== 'string' || value.length > 255) return null;
  const code = value.trim().toLowerCase();
  if (code === 'zh' || code.startsWith('zh-') || code.startsWith('zh_')) return 'zh';
  if (code === 'en' || code.startsWith('en-') || code.startsWith('en_')) return 'en';
  return null;
}

// ------------------------------------------------------------ session ---

export type SessionState = 'no-lms' | 'not-started' | 'open' | 'failed' | 'finished';

export interface LessonProgress {
  /** The lesson's runs have finished (at once for a lesson without runs). */
  lessonDone: boolean;
  /** The student's answers so far (lessons/questions.ts Quiz). */
  answers: QuizProgress | null;
}

export class ScormSession {
  readonly #api: Scorm12Api | null;
  readonly #now: () => number;
  #state: SessionState;
  #started = 0;
  #status: LessonStatus = 'not attempted';
  #score: number | null = null;
  #language: Language | null = null;

  constructor(api: Scorm12Api | null, now: () => number = () => Date.now()) {
    this.#api = api;
    this.#now = now;
    this.#state = api ? 'not-started' : 'no-lms';
  }

  get state(): SessionState {
    return this.#state;
  }

  /** The lesson status as this session last knew it. */
  get status(): LessonStatus {
    return this.#status;
  }

  /** The score sent to the LMS, once completed. */
  get score(): number | null {
    return this.#score;
  }

  /** The student's language, if the LMS said it and the lab speaks it. */
  get language(): Language | null {
    return this.#language;
  }

  /** LMSInitialize(""); a first attempt becomes "incomplete". */
  start(): void {
    const api = this.#api;
    if (!api || this.#state !== 'not-started') return;
    if (api.LMSInitialize('') !== 'true') {
      this.#state = 'failed';
      return;
    }
    this.#state = 'open';
    this.#started = this.#now();
    this.#status = readStatus(api.LMSGetValue('cmi.core.lesson_status'));
    this.#language = readLanguage(api.LMSGetValue('cmi.student_preference.language'));
    if (this.#status === 'not attempted') {
      this.#set('cmi.core.lesson_status', 'incomplete');
      this.#status = 'incomplete';
      api.LMSCommit('');
    }
  }

  /** Completed, with the score, once the lesson has run and every question is answered; a later change of score is sent again. */
  update(progress: LessonProgress): void {
    const answers = progress.answers;
    if (this.#state !== 'open' || !progress.lessonDone || !answers?.complete) return;
    const score = Math.min(100, Math.max(0, Math.round(answers.score)));
    if (this.#score === score && this.#status === 'completed') return;
    // A status the LMS already has that says more (passed, failed) is kept.
    if (this.#status !== 'passed' && this.#status !== 'failed') {
      this.#set('cmi.core.lesson_status', 'completed');
      this.#status = 'completed';
    }
    this.#set('cmi.core.score.min', '0');
    this.#set('cmi.core.score.max', '100');
    this.#set('cmi.core.score.raw', String(score));
    this.#score = score;
    this.#api!.LMSCommit('');
  }

  /** The page is being left: session time, LMSCommit(""), LMSFinish(""). Once. */
  finish(): void {
    const api = this.#api;
    if (!api || this.#state !== 'open') return;
    this.#state = 'finished';
    this.#set('cmi.core.session_time', scormTimespan(this.#now() - this.#started));
    api.LMSCommit('');
    api.LMSFinish('');
  }

  #set(element: string, value: string): void {
    const valid = WRITTEN[element];
    if (!valid) throw new RangeError(`the SCO writes only ${Object.keys(WRITTEN).join(', ')}, not ${element}`);
    if (!valid(value)) throw new RangeError(`${element} cannot be ${JSON.stringify(value)}`);
    this.#api!.LMSSetValue(element, value);
  }
}
