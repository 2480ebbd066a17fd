// questions.ts — the lesson panel's section for learning: the lesson's
// goals, its questions (lessons/questions.ts) each with a Check button and
// feedback, the student's progress, and notes for teachers behind a
// disclosure. Answers are checked against the result the panel hands over
// (setResult), so against the run on the student's screen; before there is
// one, the questions wait. The panel appends `element` to its view and calls
// setResult / setStrings / destroy; progress goes to onAnswers (the element
// turns it into activation-lab:answers, the SCORM page into a score).
// Text goes in as textContent only; a typed answer is only ever read.
import type { MessageKey, Strings } from '../../i18n/strings';
import type { LessonId } from '../../lessons/catalogue';
import type { LessonResult } from '../../lessons/compute';
import { Quiz, teachingKeys, type AnswerCheck, type ChoiceQuestion, type NumberQuestion, type Question, type QuizProgress } from '../../lessons/questions';
import { button, element } from '../../shared/dom';
import './questions.css';

export interface QuestionCallbacks {
  /** After every checked answer: how many are answered and right, and the score. */
  onAnswers?: (progress: QuizProgress) => void;
}

const EXAMPLE_NUMBER = { value: 0.25, style: 'plain' } as const;
let instances = 0;

interface QuestionView {
  question: Question;
  item: HTMLElement;
  legend: HTMLElement;
  check: HTMLButtonElement;
  feedback: HTMLElement;
}

export class LessonQuestions {
  readonly element: HTMLElement;
  readonly #quiz: Quiz;
  readonly #callbacks: QuestionCallbacks;
  // Radio groups of two lesson panels on one page must not share names.
  readonly #name = `lesson-q${++instances}`;
  #strings: Strings;
  #result: LessonResult | null = null;
  /** What the student typed or chose, checked or not, by question. */
  readonly #drafts = new Map<string, string>();
  /** The last check of each question, shown as its feedback. */
  readonly #checks = new Map<string, AnswerCheck | 'invalid'>();
  #views: QuestionView[] = [];
  #how!: HTMLElement;
  #progress!: HTMLElement;

  constructor(lesson: LessonId, strings: Strings, callbacks: QuestionCallbacks = {}) {
    this.#quiz = new Quiz(lesson);
    this.#strings = strings;
    this.#callbacks = callbacks;
    this.element = element('section', 'lesson-teach');
    this.element.dataset.lesson = lesson;
    this.#render();
  }

  get progress(): QuizProgress {
    return this.#quiz.progress();
  }

  /** The run's result to check answers against; null while a run is going (answers wait). Updates in place, so typing goes on. */
  setResult(result: LessonResult | null): void {
    this.#result = result;
    this.element.dataset.ready = String(result !== null);
    this.#how.textContent = this.#t(result ? 'teach.howChecked' : 'teach.waiting');
    for (const view of this.#views) {
      view.check.disabled = result === null;
      view.legend.textContent = this.#prompt(view.question);
    }
  }

  setStrings(strings: Strings): void {
    this.#strings = strings;
    this.#render();
  }

  destroy(): void {
    this.element.remove();
  }

  #t(key: MessageKey, values?: Parameters<Strings['t']>[1]): string {
    return this.#strings.t(key, values);
  }

  #prompt(question: Question): string {
    const values = question.kind === 'number' && question.promptValues && this.#result ? question.promptValues(this.#result.numbers) : undefined;
    return this.#t(teachingKeys.question(this.#quiz.lesson, question.id), values);
  }

  #render(): void {
    const lesson = this.#quiz.lesson;
    const teaching = this.#quiz.teaching;
    this.element.lang = this.#strings.htmlLang;
    this.element.dataset.ready = String(this.#result !== null);
    const goals = element('ul', 'lesson-goals');
    for (let index = 1; index <= teaching.goals; index++) goals.append(element('li', undefined, this.#t(teachingKeys.goal(lesson, index))));
    const list = element('ol', 'lesson-questions');
    this.#views = teaching.questions.map((question) => this.#question(question));
    for (const view of this.#views) list.append(view.item);
    this.#how = element('p', 'lesson-teach-how', this.#t(this.#result ? 'teach.howChecked' : 'teach.waiting'));
    this.#progress = element('p', 'lesson-teach-progress');
    this.#progress.setAttribute('role', 'status');
    this.#showProgress();
    const notes = element('details', 'lesson-teacher-notes');
    notes.append(element('summary', undefined, this.#t('teach.notes')), element('p', undefined, this.#t(teachingKeys.notes(lesson))));
    this.element.replaceChildren(
      element('h3', undefined, this.#t('teach.goals')),
      goals,
      element('h3', undefined, this.#t('teach.questions')),
      this.#how,
      list,
      this.#progress,
      notes,
    );
  }

  #question(question: Question): QuestionView {
    const item = element('li', 'lesson-question');
    item.dataset.question = question.id;
    const fieldset = element('fieldset');
    const legend = element('legend', undefined, this.#prompt(question));
    const check = button(this.#t('teach.check'), 'lesson-question-check');
    check.disabled = this.#result === null;
    const feedback = element('p', 'lesson-question-feedback');
    feedback.setAttribute('role', 'status');
    const view: QuestionView = { question, item, legend, check, feedback };
    fieldset.append(legend, question.kind === 'number' ? this.#numberInput(question, view) : this.#choices(question), check, feedback);
    check.addEventListener('click', () => this.#check(view));
    item.append(fieldset);
    this.#showCheck(view);
    return view;
  }

  #numberInput(question: NumberQuestion, view: QuestionView): HTMLElement {
    const label = element('label', 'lesson-question-answer');
    const input = element('input');
    input.type = 'text';
    input.inputMode = 'decimal';
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.maxLength = 40;
    input.value = this.#drafts.get(question.id) ?? '';
    input.addEventListener('input', () => this.#drafts.set(question.id, input.value));
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !view.check.disabled) {
        event.preventDefault();
        this.#check(view);
      }
    });
    label.append(element('span', 'lesson-question-label', this.#t('teach.answerLabel')), input);
    if (question.unit === 'percent') label.append(element('span', 'lesson-question-unit', this.#t('teach.percentSuffix')));
    return label;
  }

  #choices(question: ChoiceQuestion): HTMLElement {
    const group = element('div', 'lesson-question-choices');
    for (const option of question.options) {
      const label = element('label');
      const input = element('input');
      input.type = 'radio';
      input.name = `${this.#name}-${question.id}`;
      input.value = option.id;
      input.checked = this.#drafts.get(question.id) === option.id;
      input.addEventListener('change', () => this.#drafts.set(question.id, option.id));
      label.append(input, document.createTextNode(this.#optionLabel(option)));
      group.append(label);
    }
    return group;
  }

  #optionLabel(option: ChoiceQuestion['options'][number]): string {
    return 'text' in option.label ? option.label.text : this.#t(option.label.key);
  }

  #check(view: QuestionView): void {
    if (!this.#result) return;
    const check = this.#quiz.answer(view.question.id, this.#drafts.get(view.question.id) ?? '', this.#result.numbers);
    this.#checks.set(view.question.id, check.status === 'invalid' ? 'invalid' : check);
    this.#showCheck(view);
    if (check.status === 'invalid') return;
    this.#showProgress();
    this.#callbacks.onAnswers?.(this.#quiz.progress());
  }

  #showProgress(): void {
    const progress = this.#quiz.progress();
    const { answered, total, correct, score } = progress;
    this.#progress.textContent = answered > 0 ? this.#t('teach.progress', { answered, total, correct, score }) : '';
  }

  #showCheck(view: QuestionView): void {
    const { question, item, feedback } = view;
    const check = this.#checks.get(question.id);
    if (check === undefined) return;
    if (check === 'invalid') {
      item.dataset.status = 'invalid';
      feedback.textContent =
        question.kind === 'number' ? this.#t('teach.invalidNumber', { example: this.#strings.format(EXAMPLE_NUMBER) }) : this.#t('teach.invalidChoice');
      return;
    }
    item.dataset.status = check.status;
    let expected: string;
    if (question.kind === 'number') expected = this.#strings.format({ value: check.expected as number, style: question.style });
    else {
      const right = question.options.filter((option) => (check.expected as readonly string[]).includes(option.id));
      expected = right.map((option) => this.#optionLabel(option)).join(' / ');
    }
    const key = question.kind === 'number' ? (check.status === 'correct' ? 'teach.correct' : 'teach.wrong') : check.status === 'correct' ? 'teach.correctChoice' : 'teach.wrongChoice';
    feedback.textContent = this.#t(key, { expected });
  }
}
