// scorm-page.ts — the page of a lesson's SCORM 1.2 package (scorm.html, one
// copy per lesson written by scripts/build-scorm.mjs): one <activation-lab>
// showing the lesson named in <meta name="activation-lab-lesson">, and a
// ScormSession (scorm.ts) reporting to the LMS found above this window:
// "incomplete" when opened the first time, "completed" with the score of the
// lesson's questions once its runs have finished and every question is
// answered, commit and finish when the page is left. In the student's
// language when the LMS tells it, else the browser's. Without an LMS it is a
// plain lesson page that says nothing is recorded.
import { ActivationLabElement } from './activation-lab';
import { findScormApi, ScormSession, type LessonProgress } from './scorm';
import { stringsFor, type Language } from '../i18n/strings';
import { isLessonId } from '../lessons/catalogue';
import type { QuizProgress } from '../lessons/questions';

const lessonId = document.querySelector<HTMLMetaElement>('meta[name="activation-lab-lesson"]')?.content ?? '';
const session = new ScormSession(findScormApi(window as unknown as Parameters<typeof findScormApi>[0]));
session.start();

const browserLanguage: Language = (navigator.language ?? '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
const language = session.language ?? browserLanguage;
const strings = stringsFor(language);
document.documentElement.lang = strings.htmlLang;

const status = document.getElementById('scorm-status') as HTMLParagraphElement;
const lab = new ActivationLabElement();
// An unknown id (a page not written by the build) is shown by the element as an unknown lesson.
lab.setAttribute('lesson', isLessonId(lessonId) ? lessonId : lessonId.slice(0, 64));
lab.setAttribute('lang', language);
status.after(lab);

const progress: LessonProgress = { lessonDone: false, answers: null };

function report(): void {
  session.update(progress);
  if (session.state === 'no-lms') status.textContent = strings.t('scorm.noLms');
  else if (session.state === 'failed') status.textContent = strings.t('scorm.failed');
  else if (session.score !== null) status.textContent = strings.t('scorm.completed', { score: session.score });
  else status.textContent = strings.t('scorm.connected');
  status.dataset.state = session.score !== null ? 'completed' : session.state;
}

lab.addEventListener('activation-lab:done', () => {
  progress.lessonDone = true;
  report();
});
lab.addEventListener('activation-lab:answers', (event) => {
  progress.answers = (event as CustomEvent<QuizProgress>).detail;
  report();
});
report();

// pagehide covers closing, navigating away and the LMS removing the frame; beforeunload is a fallback. finish() runs once.
window.addEventListener('pagehide', () => session.finish());
window.addEventListener('beforeunload', () => session.finish());
