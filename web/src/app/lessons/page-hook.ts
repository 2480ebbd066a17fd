// page-hook.ts — the lessons on the lab page: a section under the panels with
// the list of lessons (each a link, `#v=1&lesson=<id>`), the lesson the URL
// names (scrolled into view), and "Copy embed code", which gives the custom
// element and the iframe for the current state: the lesson, or else the
// experiment of the Train panel. The page shell calls mountLessons() once.
import type { ExperimentConfig, Lab } from '../../lib/types';
import { elementSnippet, iframeSnippet, type EmbedTarget } from '../../embed/embed-code';
import { LESSON_IDS, type LessonId } from './catalogue';
import { lessonText, type LessonLanguage } from './text';
import { LessonView } from './view';
import './lessons.css';

export interface LessonsOnPage {
  lab: Lab;
  language: LessonLanguage;
  /** The lesson in the URL, if any. */
  lesson: LessonId | undefined;
  /** The experiment the page shows now, and its panel (for the embed code when no lesson is open). */
  experiment: () => ExperimentConfig;
  panel: () => string;
  /** Where the section goes (after this element). */
  after: Element;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The directory of the page, so snippets point at this copy of the site wherever it is served. */
export function siteBaseUrl(href: string): string {
  const url = new URL(href);
  url.hash = '';
  url.search = '';
  url.pathname = url.pathname.replace(/[^/]*$/, '');
  return url.href;
}

export function mountLessons(options: LessonsOnPage): { view: LessonView | null } {
  const text = (key: Parameters<typeof lessonText>[1]) => lessonText(options.language, key);
  const section = element('section', 'lessons');
  section.id = 'lessons';
  section.setAttribute('aria-labelledby', 'lessons-title');
  const title = element('h2', undefined, text('lessons.title'));
  title.id = 'lessons-title';
  const nav = element('nav', 'lessons-nav');
  nav.setAttribute('aria-label', text('lessons.nav'));
  const list = element('ul');
  for (const id of LESSON_IDS) {
    const link = element('a', undefined, lessonText(options.language, `lesson.${id}.title` as const));
    link.href = `#v=1&lesson=${id}`;
    if (id === options.lesson) link.setAttribute('aria-current', 'page');
    const item = element('li');
    item.append(link);
    list.append(item);
  }
  nav.append(list);
  const current = element('div', 'lessons-current');
  section.append(title, nav, current);

  // Copy embed code
  const tools = element('div', 'embed-tools');
  const copy = element('button', 'embed-copy', text('embed.copy'));
  copy.type = 'button';
  copy.id = 'embed-copy';
  const box = element('div', 'embed-code');
  box.hidden = true;
  const elementLabel = element('label', undefined, text('embed.element'));
  const elementCode = element('textarea');
  elementCode.readOnly = true;
  elementCode.id = 'embed-code-element';
  elementLabel.append(elementCode);
  const iframeLabel = element('label', undefined, text('embed.iframe'));
  const iframeCode = element('textarea');
  iframeCode.readOnly = true;
  iframeCode.id = 'embed-code-iframe';
  iframeLabel.append(iframeCode);
  const status = element('p', 'embed-status');
  status.setAttribute('role', 'status');
  box.append(elementLabel, iframeLabel, status);
  tools.append(copy, box);
  section.append(tools);
  copy.addEventListener('click', () => {
    const target: EmbedTarget = { baseUrl: siteBaseUrl(location.href), lang: options.language };
    if (options.lesson) target.lesson = options.lesson;
    else {
      target.config = options.experiment();
      target.panels = options.panel() === 'compare' ? 'train,compare' : 'train';
    }
    elementCode.value = elementSnippet(target);
    iframeCode.value = iframeSnippet(target);
    box.hidden = false;
    const both = `${elementCode.value}\n\n${iframeCode.value}\n`;
    const fallback = () => {
      status.textContent = text('embed.copyFallback');
      elementCode.focus();
      elementCode.select();
    };
    if (navigator.clipboard?.writeText) {
      navigator.clipboard.writeText(both).then(() => (status.textContent = text('embed.copied')), fallback);
    } else fallback();
  });

  options.after.after(section);
  let view: LessonView | null = null;
  if (options.lesson) {
    view = new LessonView(current, options.lab, options.lesson, { language: options.language });
    section.scrollIntoView({ block: 'start' });
  }
  (section as HTMLElement & { actlabLesson?: LessonView | null }).actlabLesson = view;
  return { view };
}
