// scorm.test.ts — the SCORM 1.2 run-time side of a lesson package
// (web/src/embed/scorm.ts) against fake windows and a fake LMS API: the API
// is found through the parents, then the opener, and not past another
// origin; a session initializes, marks a first attempt incomplete, completes
// with the questions' score once the lesson has run and every question is
// answered, finishes once with the session time; it writes only the
// documented elements, with values of their types; what the LMS returns is
// read like a hash parameter.
import { describe, expect, test } from 'vitest';

import { findScormApi, readLanguage, readStatus, scormTimespan, ScormSession, WRITTEN, type Scorm12Api, type WindowLike } from '../../web/src/embed/scorm';
import type { QuizProgress } from '../../web/src/lessons/questions';

/** An LMS API that records every call and keeps the values it is given. */
function fakeApi(initial: Record<string, string> = {}, answers: { initialize?: string } = {}) {
  const calls: string[] = [];
  const values: Record<string, string> = { 'cmi.core.lesson_status': 'not attempted', ...initial };
  const api: Scorm12Api = {
    LMSInitialize: (parameter) => (calls.push(`LMSInitialize(${JSON.stringify(parameter)})`), answers.initialize ?? 'true'),
    LMSFinish: (parameter) => (calls.push(`LMSFinish(${JSON.stringify(parameter)})`), 'true'),
    LMSGetValue: (element) => (calls.push(`LMSGetValue(${element})`), values[element] ?? ''),
    LMSSetValue: (element, value) => {
      calls.push(`LMSSetValue(${element}, ${value})`);
      values[element] = value;
      return 'true';
    },
    LMSCommit: (parameter) => (calls.push(`LMSCommit(${JSON.stringify(parameter)})`), 'true'),
    LMSGetLastError: () => '0',
  };
  return { api, calls, values };
}

function windowChain(depth: number, api?: unknown, at = depth): WindowLike[] {
  const windows: { API?: unknown; parent: WindowLike | null; opener?: WindowLike | null }[] = [];
  for (let i = 0; i <= depth; i++) windows.push({ parent: null });
  for (let i = 0; i < depth; i++) windows[i].parent = windows[i + 1];
  windows[depth].parent = windows[depth]; // the top window is its own parent
  if (api) windows[at].API = api;
  return windows;
}

const progress = (answered: number, correct: number, total = 3): QuizProgress => ({
  lesson: 'dying-relu',
  total,
  answered,
  correct,
  score: Math.round((100 * correct) / total),
  complete: answered === total,
});

describe('findScormApi', () => {
  test('in the window itself, or up to ten parents up', () => {
    const { api } = fakeApi();
    expect(findScormApi(windowChain(0, api)[0])).toBe(api);
    expect(findScormApi(windowChain(3, api)[0])).toBe(api);
    expect(findScormApi(windowChain(10, api)[0])).toBe(api);
    expect(findScormApi(windowChain(12, api)[0])).toBeNull();
  });

  test('the nearest one wins', () => {
    const near = fakeApi().api;
    const far = fakeApi().api;
    const chain = windowChain(3, far);
    (chain[1] as { API?: unknown }).API = near;
    expect(findScormApi(chain[0])).toBe(near);
  });

  test('then through the opener and its parents', () => {
    const { api } = fakeApi();
    const lms = windowChain(2, api);
    const popup = { parent: null, opener: lms[0] } as WindowLike;
    (popup as { parent: WindowLike | null }).parent = popup;
    expect(findScormApi(popup)).toBe(api);
  });

  test('an object that is not the API (missing functions) is not taken; a plain page has none', () => {
    const chain = windowChain(1, { LMSInitialize: () => 'true' });
    expect(findScormApi(chain[0])).toBeNull();
    expect(findScormApi(windowChain(2)[0])).toBeNull();
  });

  test('a parent of another origin (reading it throws) ends the search without an error', () => {
    const { api } = fakeApi();
    const top = { API: api, parent: null } as WindowLike;
    const foreign = Object.defineProperty({ parent: top }, 'API', { get: () => { throw new DOMException('Blocked a frame', 'SecurityError'); } }) as WindowLike;
    const child = { parent: foreign, opener: null } as WindowLike;
    expect(findScormApi(child)).toBeNull();
  });
});

describe('ScormSession', () => {
  test('a first attempt: initialize, incomplete; completed with the score once run and answered; finish once', () => {
    const { api, calls, values } = fakeApi({ 'cmi.student_preference.language': 'zh-CN' });
    let now = 1_000;
    const session = new ScormSession(api, () => now);
    session.start();
    expect(session.language).toBe('zh');
    expect(calls).toEqual([
      'LMSInitialize("")',
      'LMSGetValue(cmi.core.lesson_status)',
      'LMSGetValue(cmi.student_preference.language)',
      'LMSSetValue(cmi.core.lesson_status, incomplete)',
      'LMSCommit("")',
    ]);
    calls.length = 0;
    // Answers before the run, or a run before every answer: not complete.
    session.update({ lessonDone: false, answers: progress(3, 2) });
    session.update({ lessonDone: true, answers: progress(2, 2) });
    session.update({ lessonDone: true, answers: null });
    expect(calls).toEqual([]);
    session.update({ lessonDone: true, answers: progress(3, 2) });
    expect(calls).toEqual([
      'LMSSetValue(cmi.core.lesson_status, completed)',
      'LMSSetValue(cmi.core.score.min, 0)',
      'LMSSetValue(cmi.core.score.max, 100)',
      'LMSSetValue(cmi.core.score.raw, 67)',
      'LMSCommit("")',
    ]);
    // The same score again: nothing to send.
    calls.length = 0;
    session.update({ lessonDone: true, answers: progress(3, 2) });
    expect(calls).toEqual([]);
    now += 3_723_450; // 1 h 2 min 3.45 s
    session.finish();
    session.finish();
    expect(calls).toEqual(['LMSSetValue(cmi.core.session_time, 01:02:03.45)', 'LMSCommit("")', 'LMSFinish("")']);
    expect(values).toMatchObject({ 'cmi.core.lesson_status': 'completed', 'cmi.core.score.raw': '67', 'cmi.core.session_time': '01:02:03.45' });
    // After LMSFinish, nothing more is sent.
    calls.length = 0;
    session.update({ lessonDone: true, answers: progress(3, 3) });
    expect(calls).toEqual([]);
  });

  test('a later attempt keeps its status; passed or failed from the LMS are not overwritten, the score is', () => {
    const returning = fakeApi({ 'cmi.core.lesson_status': 'incomplete' });
    new ScormSession(returning.api).start();
    expect(returning.calls.some((call) => call.startsWith('LMSSetValue'))).toBe(false);

    const passed = fakeApi({ 'cmi.core.lesson_status': 'passed' });
    const session = new ScormSession(passed.api);
    session.start();
    session.update({ lessonDone: true, answers: progress(3, 3) });
    expect(passed.values['cmi.core.lesson_status']).toBe('passed');
    expect(passed.values['cmi.core.score.raw']).toBe('100');
  });

  test('only the documented elements are written, each with a value of its type', () => {
    const { api, calls } = fakeApi();
    const session = new ScormSession(api, () => 0);
    session.start();
    session.update({ lessonDone: true, answers: progress(3, 1) });
    session.finish();
    const written = calls.filter((call) => call.startsWith('LMSSetValue')).map((call) => /^LMSSetValue\((.*?), (.*)\)$/.exec(call)!.slice(1));
    expect(written.length).toBe(6);
    for (const [element, value] of written) {
      expect(Object.keys(WRITTEN)).toContain(element);
      expect(WRITTEN[element](value), `${element} = ${value}`).toBe(true);
    }
    expect(Object.keys(WRITTEN).sort()).toEqual(['cmi.core.lesson_status', 'cmi.core.score.max', 'cmi.core.score.min', 'cmi.core.score.raw', 'cmi.core.session_time']);
  });

  test('the value checks follow SCORM 1.2', () => {
    const status = WRITTEN['cmi.core.lesson_status'];
    expect(['passed', 'completed', 'failed', 'incomplete', 'browsed'].every(status)).toBe(true);
    expect(status('not attempted')).toBe(false);
    expect(status('done')).toBe(false);
    const raw = WRITTEN['cmi.core.score.raw'];
    expect(['0', '67', '100'].every(raw)).toBe(true);
    expect(['101', '-1', '6.5', '', 'NaN'].some(raw)).toBe(false);
    const time = WRITTEN['cmi.core.session_time'];
    expect(['00:00:00', '01:02:03.45', '9999:59:59.9'].every(time)).toBe(true);
    expect(['0:00:00', '00:60:00', '00:00:00.123', 'PT1H'].some(time)).toBe(false);
    expect(scormTimespan(0)).toBe('00:00:00.00');
    expect(scormTimespan(59_999)).toBe('00:00:59.99');
    expect(scormTimespan(1e12)).toBe('9999:59:59.99');
    expect(time(scormTimespan(1e12))).toBe(true);
    expect(scormTimespan(NaN)).toBe('00:00:00.00');
  });

  test('what the LMS returns is read like a hash parameter', () => {
    expect(readStatus('completed')).toBe('completed');
    expect(readStatus('COMPLETED')).toBe('not attempted');
    expect(readStatus('<b>done</b>')).toBe('not attempted');
    expect(readStatus(undefined)).toBe('not attempted');
    expect(readLanguage('zh')).toBe('zh');
    expect(readLanguage('ZH_cn')).toBe('zh');
    expect(readLanguage('en-GB')).toBe('en');
    expect(readLanguage('fr')).toBeNull();
    expect(readLanguage('zh'.padEnd(300, 'x'))).toBeNull();
    expect(readLanguage(42)).toBeNull();
  });

  test('an LMS that refuses LMSInitialize gets nothing more; no LMS: nothing at all', () => {
    const { api, calls } = fakeApi({}, { initialize: 'false' });
    const session = new ScormSession(api);
    session.start();
    session.update({ lessonDone: true, answers: progress(3, 3) });
    session.finish();
    expect(session.state).toBe('failed');
    expect(calls).toEqual(['LMSInitialize("")']);

    const plain = new ScormSession(null);
    plain.start();
    plain.update({ lessonDone: true, answers: progress(3, 3) });
    plain.finish();
    expect(plain.state).toBe('no-lms');
  });
});
