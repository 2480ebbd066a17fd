// questions.ts — the teacher material of each lesson as data: learning goals,
// two or three questions whose answers are checked against the run on the
// student's screen, and short notes for teachers. The words are in
// i18n/teaching.*.ts, under keys made from the lesson and question ids.
//
// A question never holds its answer: `expected` (a number question) and
// `correct` (a choice question) compute it from the lesson's result numbers
// (compute.ts), so the answer is what this run measured. Pure: no DOM, no Lab;
// the lesson panel (panels/lesson/questions.ts) shows a Quiz, the SCORM page
// reports its score, the Node tests check it against real runs.
import type { NumberStyle } from '../i18n/strings';
import type { TeachingMessageKey } from '../i18n/teaching.en';
import type { LessonId } from './catalogue';

/** A lesson's result numbers (LessonResult.numbers). */
export type Numbers = Readonly<Record<string, number>>;

/** The answer is right when it is within max(absolute, relative × |expected|) of the expected one, in the unit the student writes. */
export interface Tolerance {
  absolute?: number;
  relative?: number;
}

export interface NumberQuestion {
  kind: 'number';
  id: string;
  /** 'percent': the student writes 66.7 for a measured share of 0.667; 'plain': the number itself. */
  unit: 'percent' | 'plain';
  /** The measured value (a share for 'percent'), from this run's numbers. */
  expected: (numbers: Numbers) => number;
  tolerance: Tolerance;
  /** How the measured value is shown in feedback. */
  style: NumberStyle;
  /** Values for placeholders in the prompt (computed numbers only). */
  promptValues?: (numbers: Numbers) => Record<string, { value: number; style: NumberStyle }>;
}

export interface ChoiceOption {
  id: string;
  /** A label that is the same in every language (an activation's name), or the key of a translated one. */
  label: { text: string } | { key: TeachingMessageKey };
}

export interface ChoiceQuestion {
  kind: 'choice';
  id: string;
  options: readonly ChoiceOption[];
  /** The options this run makes right (several when the run ties them). */
  correct: (numbers: Numbers) => readonly string[];
}

export type Question = NumberQuestion | ChoiceQuestion;

export interface Teaching {
  lesson: LessonId;
  /** How many learning goals the lesson states (keys teach.<lesson>.goal.1 … n). */
  goals: number;
  questions: readonly Question[];
}

// ------------------------------------------------------------ helpers ---

const text = (label: string) => ({ text: label });
const key = (name: TeachingMessageKey) => ({ key: name });
const YES_NO: readonly ChoiceOption[] = [
  { id: 'yes', label: key('teach.option.yes') },
  { id: 'no', label: key('teach.option.no') },
];
const yesNo = (holds: boolean): readonly string[] => [holds ? 'yes' : 'no'];

/** The ids whose value is the largest (or smallest, with sign -1); NaN never wins. */
function extreme(values: Readonly<Record<string, number>>, sign: 1 | -1): readonly string[] {
  const finite = Object.entries(values).filter(([, value]) => !Number.isNaN(value));
  const best = Math.max(...finite.map(([, value]) => sign * value));
  return finite.filter(([, value]) => sign * value === best).map(([id]) => id);
}

// ----------------------------------------------------------- lessons ---

export const TEACHING: Readonly<Record<LessonId, Teaching>> = {
  'sigmoid-saturation': {
    lesson: 'sigmoid-saturation',
    goals: 3,
    questions: [
      { kind: 'number', id: 'peak', unit: 'plain', expected: (n) => n.sigmoidPeak, tolerance: { absolute: 0.01 }, style: 'plain' },
      {
        kind: 'number',
        id: 'saturates',
        unit: 'plain',
        expected: (n) => n.sigmoidSaturates,
        tolerance: { absolute: 0.25 },
        style: 'plain',
        promptValues: (n) => ({ threshold: { value: n.threshold, style: 'plain' } }),
      },
      {
        kind: 'choice',
        id: 'larger',
        options: [{ id: 'sigmoid', label: text('σ′') }, { id: 'tanh', label: text('tanh′') }],
        correct: (n) => extreme({ sigmoid: n.sigmoidPeak, tanh: n.tanhPeak }, 1),
      },
    ],
  },

  'vanishing-gradients': {
    lesson: 'vanishing-gradients',
    goals: 3,
    questions: [
      {
        kind: 'choice',
        id: 'smallest',
        options: [{ id: 'sigmoid', label: text('sigmoid') }, { id: 'tanh', label: text('tanh') }, { id: 'relu', label: text('ReLU') }],
        correct: (n) => extreme({ sigmoid: n.sigmoidRatio, tanh: n.tanhRatio, relu: n.reluRatio }, -1),
      },
      {
        kind: 'number',
        id: 'decades',
        unit: 'plain',
        // Powers of ten between the last layer's gradient norm and the first's.
        expected: (n) => -Math.log10(n.sigmoidRatio),
        tolerance: { absolute: 1 },
        style: 'plain',
      },
      { kind: 'number', id: 'relu', unit: 'plain', expected: (n) => n.reluRatio, tolerance: { absolute: 0.1 }, style: 'plain' },
    ],
  },

  'dying-relu': {
    lesson: 'dying-relu',
    goals: 3,
    questions: [
      { kind: 'number', id: 'dead', unit: 'percent', expected: (n) => n.reluDead, tolerance: { absolute: 5 }, style: 'percent' },
      { kind: 'choice', id: 'recover', options: YES_NO, correct: (n) => yesNo(n.reluDead < n.reluDeadAtStart) },
      {
        kind: 'choice',
        id: 'which',
        options: [
          { id: 'relu', label: text('ReLU') },
          { id: 'leaky_relu', label: text('Leaky ReLU') },
          { id: 'prelu', label: text('PReLU') },
          { id: 'elu', label: text('ELU') },
        ],
        correct: (n) => extreme({ relu: n.reluDead, leaky_relu: n.leaky_reluDead, prelu: n.preluDead, elu: n.eluDead }, 1),
      },
    ],
  },

  'prelu-slope': {
    lesson: 'prelu-slope',
    goals: 2,
    questions: [
      { kind: 'number', id: 'start', unit: 'plain', expected: (n) => n.initialSlope, tolerance: { absolute: 0.005 }, style: 'plain' },
      {
        kind: 'choice',
        id: 'negative',
        options: YES_NO,
        correct: (n) => yesNo(Array.from({ length: n.layers }, (_, layer) => n[`layer${layer + 1}Min`]).some((slope) => slope < 0)),
      },
      { kind: 'number', id: 'mean2', unit: 'plain', expected: (n) => n.layer2Mean, tolerance: { absolute: 0.03 }, style: 'plain' },
    ],
  },

  'initialisation': {
    lesson: 'initialisation',
    goals: 3,
    questions: [
      {
        kind: 'choice',
        id: 'identical',
        options: [
          { id: 'zeros', label: key('teach.option.zeros') },
          { id: 'uniform', label: key('teach.option.uniform') },
          { id: 'xavier_normal', label: text('Xavier') },
          { id: 'he_normal', label: text('He') },
        ],
        // The inits after which the sigmoid net's units are still identical.
        correct: (n) => ['zeros', 'uniform', 'xavier_normal', 'he_normal'].filter((init) => n[`sigmoid_${init}_spread`] === 0),
      },
      { kind: 'number', id: 'reluZeros', unit: 'percent', expected: (n) => n.relu_zeros_accuracy, tolerance: { absolute: 3 }, style: 'percent' },
      {
        kind: 'choice',
        id: 'bestRelu',
        options: [
          { id: 'zeros', label: key('teach.option.zeros') },
          { id: 'uniform', label: key('teach.option.uniform') },
          { id: 'xavier_normal', label: text('Xavier') },
          { id: 'he_normal', label: text('He') },
        ],
        correct: (n) =>
          extreme({ zeros: n.relu_zeros_accuracy, uniform: n.relu_uniform_accuracy, xavier_normal: n.relu_xavier_normal_accuracy, he_normal: n.relu_he_normal_accuracy }, 1),
      },
    ],
  },

  'output-activation': {
    lesson: 'output-activation',
    goals: 3,
    questions: [
      {
        kind: 'choice',
        id: 'gradient',
        options: [{ id: 'bce', label: text('BCE') }, { id: 'mse', label: text('MSE') }],
        correct: (n) => extreme({ bce: n.bceGradient, mse: n.mseGradient }, 1),
      },
      { kind: 'number', id: 'bceSteps', unit: 'plain', expected: (n) => n.bceSteps, tolerance: { absolute: 2 }, style: 'integer' },
      { kind: 'number', id: 'mseSteps', unit: 'plain', expected: (n) => n.mseSteps, tolerance: { relative: 0.1 }, style: 'integer' },
    ],
  },

  'common-mistakes': {
    lesson: 'common-mistakes',
    goals: 3,
    questions: [
      { kind: 'number', id: 'derivative', unit: 'plain', expected: (n) => n.reluDerivativeAtMinusOne, tolerance: { absolute: 0.001 }, style: 'plain' },
      {
        kind: 'choice',
        id: 'dead',
        options: [
          { id: 'sigmoid', label: text('sigmoid') },
          { id: 'relu', label: text('ReLU') },
          { id: 'both', label: key('teach.option.both') },
          { id: 'neither', label: key('teach.option.neither') },
        ],
        correct: (n) => {
          const sigmoid = n.sigmoidDead > 0;
          const relu = n.reluDead > 0;
          return [sigmoid && relu ? 'both' : sigmoid ? 'sigmoid' : relu ? 'relu' : 'neither'];
        },
      },
      { kind: 'number', id: 'saturated', unit: 'percent', expected: (n) => n.sigmoidSaturated, tolerance: { absolute: 5 }, style: 'percent' },
    ],
  },

  'build-your-own': {
    lesson: 'build-your-own',
    goals: 3,
    questions: [
      {
        kind: 'choice',
        id: 'largeB',
        options: [
          { id: 'linear', label: key('teach.option.linear') },
          { id: 'relu', label: text('ReLU') },
          { id: 'sigmoid', label: text('sigmoid') },
        ],
        // What z*sigmoid(b*z) is closest to for large b, as this run measured it.
        correct: (n) => (n.reluGap < n.linearGap ? ['relu'] : ['linear']),
      },
      { kind: 'number', id: 'snippet', unit: 'plain', expected: (n) => n.snippetAtMinusOne, tolerance: { absolute: 0.001 }, style: 'plain' },
      { kind: 'number', id: 'dead', unit: 'percent', expected: (n) => n.snippetDead, tolerance: { absolute: 5 }, style: 'percent' },
    ],
  },
};

/** The i18n keys of a lesson's teacher material. */
export const teachingKeys = {
  goal: (lesson: LessonId, index: number) => `teach.${lesson}.goal.${index}` as TeachingMessageKey,
  question: (lesson: LessonId, question: string) => `teach.${lesson}.q.${question}` as TeachingMessageKey,
  notes: (lesson: LessonId) => `teach.${lesson}.notes` as TeachingMessageKey,
};

// ----------------------------------------------------------- checking ---

/** The measured answer in the unit the student writes (percent questions: 66.7 for 0.667). */
export function expectedAnswer(question: NumberQuestion, numbers: Numbers): number {
  const value = question.expected(numbers);
  return question.unit === 'percent' ? 100 * value : value;
}

const MAX_ANSWER_LENGTH = 40;

/**
 * A number as a student types it: digits with an optional sign, decimal point
 * (or one comma) and exponent, full-width forms and U+2212 minus accepted, a
 * trailing % for percent questions; thousands separators are not. Anything
 * else is null.
 */
export function parseNumberAnswer(input: string, unit: NumberQuestion['unit']): number | null {
  if (typeof input !== 'string' || input.length > MAX_ANSWER_LENGTH) return null;
  let text = input.normalize('NFKC').trim().replace(/\u2212/g, '-').replace(/\s+/g, '');
  if (unit === 'percent') text = text.replace(/%$/, '');
  if (!text.includes('.') && (text.match(/,/g) ?? []).length === 1) text = text.replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export type AnswerStatus = 'correct' | 'wrong' | 'invalid';

export interface AnswerCheck {
  status: AnswerStatus;
  /** What this run measured: the number (a share for percent questions), or the right options' ids. */
  expected: number | readonly string[];
}

/** Whether `answer` (the typed text, or the chosen option's id) is right for this run's numbers. */
export function checkAnswer(question: Question, numbers: Numbers, answer: string): AnswerCheck {
  if (question.kind === 'choice') {
    const correct = question.correct(numbers);
    if (!question.options.some((option) => option.id === answer)) return { status: 'invalid', expected: correct };
    return { status: correct.includes(answer) ? 'correct' : 'wrong', expected: correct };
  }
  const measured = question.expected(numbers);
  const given = parseNumberAnswer(answer, question.unit);
  if (given === null || !Number.isFinite(measured)) return { status: given === null ? 'invalid' : 'wrong', expected: measured };
  const expected = expectedAnswer(question, numbers);
  const allowed = Math.max(question.tolerance.absolute ?? 0, (question.tolerance.relative ?? 0) * Math.abs(expected));
  return { status: Math.abs(given - expected) <= allowed ? 'correct' : 'wrong', expected: measured };
}

// -------------------------------------------------------------- a quiz ---

export interface QuizProgress {
  lesson: LessonId;
  total: number;
  /** Questions with a first answer checked. */
  answered: number;
  /** First answers that were right. */
  correct: number;
  /** 0–100: the share of questions whose first answer was right, rounded. */
  score: number;
  /** Every question answered. */
  complete: boolean;
}

export interface AnswerRecord {
  /** The last valid answer given (typed text or option id). */
  answer: string;
  /** Whether that answer was right. */
  status: 'correct' | 'wrong';
  /** Whether the first valid answer was right: it is the one that counts. */
  firstCorrect: boolean;
}

/**
 * One student's answers to one lesson's questions. The first valid answer to
 * each question is scored; later ones are checked (and shown) but do not
 * change the score; an answer that is not one (not a number, not an option)
 * is not recorded.
 */
export class Quiz {
  readonly teaching: Teaching;
  readonly #records = new Map<string, AnswerRecord>();

  constructor(lesson: LessonId) {
    this.teaching = TEACHING[lesson];
  }

  get lesson(): LessonId {
    return this.teaching.lesson;
  }

  record(questionId: string): AnswerRecord | undefined {
    return this.#records.get(questionId);
  }

  /** Checks `answer` against this run's numbers and records it. An unknown question id throws a RangeError. */
  answer(questionId: string, answer: string, numbers: Numbers): AnswerCheck {
    const question = this.teaching.questions.find((q) => q.id === questionId);
    if (!question) {
      throw new RangeError(`question must be one of ${this.teaching.questions.map((q) => q.id).join(', ')}, got ${String(questionId).slice(0, 40)}`);
    }
    const check = checkAnswer(question, numbers, answer);
    if (check.status === 'invalid') return check;
    const previous = this.#records.get(questionId);
    this.#records.set(questionId, { answer, status: check.status, firstCorrect: previous ? previous.firstCorrect : check.status === 'correct' });
    return check;
  }

  progress(): QuizProgress {
    const total = this.teaching.questions.length;
    const answered = this.#records.size;
    const correct = [...this.#records.values()].filter((record) => record.firstCorrect).length;
    return { lesson: this.lesson, total, answered, correct, score: Math.round((100 * correct) / total), complete: answered === total };
  }
}
