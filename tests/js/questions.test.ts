// questions.test.ts — the lessons' teacher material (web/src/lessons/questions.ts):
// every lesson has learning goals, two or three questions and teacher notes,
// in English and 简体中文; each question's answer comes from the run's numbers
// (checked against real headless runs, and against altered numbers: the
// expected answer follows them, so it is never written down); typed answers
// are parsed as students write them; a Quiz scores first answers.
import { beforeAll, describe, expect, test } from 'vitest';

import { stringsFor } from '../../web/src/i18n/strings';
import { teachingEn } from '../../web/src/i18n/teaching.en';
import { teachingZh } from '../../web/src/i18n/teaching.zh';
import { LESSON_IDS, type LessonId } from '../../web/src/lessons/catalogue';
import { loadLessonData } from '../../web/src/lessons/runner';
import { runLessonHeadless, type LessonResult } from '../../web/src/lessons/compute';
import {
  checkAnswer,
  expectedAnswer,
  parseNumberAnswer,
  Quiz,
  TEACHING,
  teachingKeys,
  type NumberQuestion,
  type Numbers,
  type Question,
} from '../../web/src/lessons/questions';
import { createLab } from '../../web/src/lib/index';

const results = new Map<LessonId, LessonResult>();

beforeAll(async () => {
  const lab = await createLab();
  for (const id of LESSON_IDS) {
    await loadLessonData(lab, id);
    results.set(id, runLessonHeadless(lab, id));
  }
  lab.dispose();
}, 120_000);

const numbersOf = (id: LessonId) => results.get(id)!.numbers;

/** The measured answer written as a student reads it off the page (English formatting, without % or thousands separators). */
function typedAnswer(question: NumberQuestion, numbers: Numbers): string {
  const shown = stringsFor('en').format({ value: question.expected(numbers), style: question.style });
  return shown.replace(/[%,]/g, '');
}

/** The keys a lesson's material uses. */
function keysOf(id: LessonId): string[] {
  const teaching = TEACHING[id];
  const keys = [teachingKeys.notes(id)];
  for (let goal = 1; goal <= teaching.goals; goal++) keys.push(teachingKeys.goal(id, goal));
  for (const question of teaching.questions) {
    keys.push(teachingKeys.question(id, question.id));
    if (question.kind === 'choice') for (const option of question.options) if ('key' in option.label) keys.push(option.label.key);
  }
  return keys;
}

describe('the material of every lesson', () => {
  test.each(LESSON_IDS)('%s: 2–3 goals, 2–3 questions with distinct ids, notes; every key in en and zh, none left over', (id) => {
    const teaching = TEACHING[id];
    expect(teaching.lesson).toBe(id);
    expect(teaching.goals).toBeGreaterThanOrEqual(2);
    expect(teaching.goals).toBeLessThanOrEqual(3);
    expect(teaching.questions.length).toBeGreaterThanOrEqual(2);
    expect(teaching.questions.length).toBeLessThanOrEqual(3);
    expect(new Set(teaching.questions.map((q) => q.id)).size).toBe(teaching.questions.length);
    const used = keysOf(id);
    for (const key of used) {
      expect(teachingEn, key).toHaveProperty([key]);
      expect(teachingZh, key).toHaveProperty([key]);
    }
    const lessonKeys = Object.keys(teachingEn).filter((key) => key.startsWith(`teach.${id}.`));
    expect(lessonKeys.sort()).toEqual(used.filter((key) => key.startsWith(`teach.${id}.`)).sort());
  });
});

describe('answers are checked against the run', () => {
  test.each(LESSON_IDS)('%s: the measured answer is right, one outside the tolerance is wrong, every choice question has a wrong option', (id) => {
    const numbers = numbersOf(id);
    for (const question of TEACHING[id].questions) {
      if (question.kind === 'number') {
        const expected = expectedAnswer(question, numbers);
        expect(Number.isFinite(expected), `${id}.${question.id}`).toBe(true);
        expect(checkAnswer(question, numbers, typedAnswer(question, numbers)).status, `${id}.${question.id}: ${typedAnswer(question, numbers)}`).toBe('correct');
        const allowed = Math.max(question.tolerance.absolute ?? 0, (question.tolerance.relative ?? 0) * Math.abs(expected));
        const outside = expected + 2 * allowed + 1;
        expect(checkAnswer(question, numbers, String(outside)).status, `${id}.${question.id}: ${outside}`).toBe('wrong');
      } else {
        const correct = question.correct(numbers);
        expect(correct.length, `${id}.${question.id}`).toBeGreaterThan(0);
        const wrong = question.options.filter((option) => !correct.includes(option.id));
        expect(wrong.length, `${id}.${question.id}`).toBeGreaterThan(0);
        for (const option of question.options) {
          expect(checkAnswer(question, numbers, option.id).status).toBe(correct.includes(option.id) ? 'correct' : 'wrong');
        }
        expect(checkAnswer(question, numbers, 'no-such-option').status).toBe('invalid');
      }
    }
  });

  test('dying-relu: the share of dead units is the run’s, in percent, within 5 points', () => {
    const numbers = numbersOf('dying-relu');
    const question = TEACHING['dying-relu'].questions.find((q) => q.id === 'dead') as NumberQuestion;
    const percent = 100 * numbers.reluDead;
    expect(expectedAnswer(question, numbers)).toBe(percent);
    expect(checkAnswer(question, numbers, (percent + 4.9).toFixed(1)).status).toBe('correct');
    expect(checkAnswer(question, numbers, `${(percent - 4.9).toFixed(1)} %`).status).toBe('correct');
    expect(checkAnswer(question, numbers, (percent + 5.5).toFixed(1)).status).toBe('wrong');
    // A share typed as a fraction is read as percent, and is wrong.
    expect(checkAnswer(question, numbers, numbers.reluDead.toFixed(2)).status).toBe('wrong');
  });

  test('the expected answers follow the numbers: other numbers, other answers', () => {
    const dying = numbersOf('dying-relu');
    const [dead, recover, which] = TEACHING['dying-relu'].questions as [NumberQuestion, Question, Question];
    const altered = { ...dying, reluDead: 0.2, reluDeadAtStart: 0.5, eluDead: 0.4 };
    expect(checkAnswer(dead, altered, '20').status).toBe('correct');
    expect(checkAnswer(dead, altered, (100 * dying.reluDead).toFixed(1)).status).toBe('wrong');
    expect(checkAnswer(recover, altered, 'yes').status).toBe('correct');
    expect(checkAnswer(which, altered, 'elu').status).toBe('correct');
    expect(checkAnswer(which, altered, 'relu').status).toBe('wrong');

    const vanishing = numbersOf('vanishing-gradients');
    const [smallest, decades] = TEACHING['vanishing-gradients'].questions as [Question, NumberQuestion];
    expect(checkAnswer(smallest, vanishing, 'sigmoid').status).toBe('correct');
    expect(checkAnswer(smallest, { ...vanishing, reluRatio: 1e-9 }, 'relu').status).toBe('correct');
    expect(expectedAnswer(decades, { ...vanishing, sigmoidRatio: 1e-3 })).toBeCloseTo(3, 12);

    const output = numbersOf('output-activation');
    const gradient = TEACHING['output-activation'].questions[0];
    expect(checkAnswer(gradient, output, 'bce').status).toBe('correct');
    expect(checkAnswer(gradient, { ...output, mseGradient: 2 }, 'mse').status).toBe('correct');
  });

  test('a tie makes every tied option right', () => {
    const question = TEACHING['initialisation'].questions.find((q) => q.id === 'bestRelu')!;
    const numbers = { ...numbersOf('initialisation'), relu_uniform_accuracy: 0.99, relu_he_normal_accuracy: 0.99 };
    expect(checkAnswer(question, numbers, 'uniform').status).toBe('correct');
    expect(checkAnswer(question, numbers, 'he_normal').status).toBe('correct');
    expect(checkAnswer(question, numbers, 'zeros').status).toBe('wrong');
  });

  test('a measurement that is not a number makes every answer wrong, never right', () => {
    const question = TEACHING['dying-relu'].questions[0];
    expect(checkAnswer(question, { ...numbersOf('dying-relu'), reluDead: NaN }, '50').status).toBe('wrong');
  });
});

describe('typed answers', () => {
  test.each([
    ['66.7', 'plain', 66.7],
    [' 66,7 ', 'plain', 66.7],
    ['66.7%', 'percent', 66.7],
    ['66.7 %', 'percent', 66.7],
    ['６６．７％', 'percent', 66.7],
    ['\u22120.5', 'plain', -0.5],
    ['+2', 'plain', 2],
    ['.5', 'plain', 0.5],
    ['1e-3', 'plain', 0.001],
    ['426', 'plain', 426],
  ] as const)('%j (%s) is %d', (text, unit, value) => {
    expect(parseNumberAnswer(text, unit)).toBeCloseTo(value, 12);
  });

  test.each([
    ['', 'plain'],
    ['abc', 'plain'],
    ['66.7%', 'plain'],
    ['1,000.5', 'plain'],
    ['1,0,0', 'plain'],
    ['Infinity', 'plain'],
    ['1e999', 'plain'],
    ['0x10', 'plain'],
    ['<b>1</b>', 'plain'],
    ['1'.repeat(41), 'plain'],
  ] as const)('%j (%s) is not a number', (text, unit) => {
    expect(parseNumberAnswer(text, unit)).toBeNull();
  });
});

describe('Quiz', () => {
  test('the first valid answer is scored; later ones are checked but do not change the score; invalid ones are not recorded', () => {
    const numbers = numbersOf('output-activation');
    const quiz = new Quiz('output-activation');
    expect(quiz.progress()).toEqual({ lesson: 'output-activation', total: 3, answered: 0, correct: 0, score: 0, complete: false });
    expect(quiz.answer('gradient', 'mse', numbers).status).toBe('wrong');
    expect(quiz.answer('gradient', 'bce', numbers).status).toBe('correct');
    expect(quiz.record('gradient')).toEqual({ answer: 'bce', status: 'correct', firstCorrect: false });
    expect(quiz.answer('bceSteps', 'fourteen', numbers).status).toBe('invalid');
    expect(quiz.record('bceSteps')).toBeUndefined();
    expect(quiz.answer('bceSteps', String(numbers.bceSteps), numbers).status).toBe('correct');
    expect(quiz.answer('bceSteps', '9999', numbers).status).toBe('wrong');
    expect(quiz.progress()).toMatchObject({ answered: 2, correct: 1, score: 33, complete: false });
    expect(quiz.answer('mseSteps', String(numbers.mseSteps), numbers).status).toBe('correct');
    expect(quiz.progress()).toEqual({ lesson: 'output-activation', total: 3, answered: 3, correct: 2, score: 67, complete: true });
  });

  test('an unknown question is a RangeError naming the questions', () => {
    expect(() => new Quiz('dying-relu').answer('nope', '1', numbersOf('dying-relu'))).toThrow(new RangeError('question must be one of dead, recover, which, got nope'));
  });
});
