// home.ts — the front door: one sentence saying what the lab is, the lessons
// as cards (number, title, one-line claim) and the three tools beside them,
// the Explore card with a small live chart of three activations computed by
// the wasm module. Cards are links to their routes; the shell intercepts
// plain clicks so nothing reloads. Built with DOM calls; text as textContent.
import type { Lab } from '../lib/types';
import type { MessageKey, Strings } from '../i18n/strings';
import { LESSON_IDS, type LessonId } from '../lessons/catalogue';
import { CurveChart } from '../plot/curve-chart';
import { activationStyle } from '../plot/activation-style';
import { element } from '../shared/dom';
import { markFirstCurve } from '../shared/first-curve';
import type { PanelName } from './state';

export interface HomeLinks {
  /** The href of a route (for "open in a new tab"). */
  lessonHref(id: LessonId): string;
  panelHref(panel: PanelName): string;
  openLesson(id: LessonId): void;
  openPanel(panel: PanelName): void;
}

const PREVIEW = ['sigmoid', 'relu', 'gelu'] as const;
const PREVIEW_POINTS = 161;

/** A plain left click, which the shell handles; modified clicks open new tabs as usual. */
function plainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

export class HomeView {
  readonly element: HTMLElement;
  readonly #chart: CurveChart | null = null;

  constructor(container: HTMLElement, lab: Lab | null, strings: Strings, links: HomeLinks) {
    const t = (key: MessageKey, values?: Record<string, string | number>) => strings.t(key, values);
    this.element = element('div', 'home');
    this.element.lang = strings.htmlLang;
    const hero = element('div', 'home-hero');
    const tagline = element('p', 'home-tagline', t('home.tagline'));
    tagline.id = 'home-tagline';
    hero.append(tagline, element('p', 'home-start', t('home.start')));

    const lessons = element('section', 'home-lessons');
    lessons.setAttribute('aria-labelledby', 'home-lessons-title');
    const lessonsTitle = element('h2', undefined, t('home.lessons'));
    lessonsTitle.id = 'home-lessons-title';
    const cards = element('ol', 'lesson-cards');
    LESSON_IDS.forEach((id, index) => {
      const link = element('a', 'lesson-card');
      link.href = links.lessonHref(id);
      link.dataset.lesson = id;
      link.append(
        element('span', 'lesson-card-number', t('home.lessonNumber', { index: index + 1 })),
        element('strong', 'lesson-card-title', t(`lesson.${id}.title` as MessageKey)),
        element('span', 'lesson-card-claim', t(`lesson.${id}.claim` as MessageKey)),
      );
      link.addEventListener('click', (event) => {
        if (!plainClick(event)) return;
        event.preventDefault();
        links.openLesson(id);
      });
      const item = element('li');
      item.append(link);
      cards.append(item);
    });
    lessons.append(lessonsTitle, cards);

    const tools = element('section', 'home-tools');
    tools.setAttribute('aria-labelledby', 'home-tools-title');
    const toolsTitle = element('h2', undefined, t('home.tools'));
    toolsTitle.id = 'home-tools-title';
    const list = element('ul', 'tool-cards');
    let previewHost: HTMLElement | null = null;
    for (const panel of ['explore', 'train', 'compare'] as const) {
      const link = element('a', 'tool-card');
      link.href = links.panelHref(panel);
      link.dataset.panel = panel;
      link.append(element('strong', undefined, t(`tab.${panel}` as MessageKey)), element('span', undefined, t(`home.${panel}` as MessageKey)));
      if (panel === 'explore') {
        previewHost = element('div', 'tool-preview');
        previewHost.setAttribute('role', 'img');
        previewHost.setAttribute('aria-label', t('home.preview'));
        link.append(previewHost);
      }
      link.addEventListener('click', (event) => {
        if (!plainClick(event)) return;
        event.preventDefault();
        links.openPanel(panel);
      });
      const item = element('li');
      item.append(link);
      list.append(item);
    }
    tools.append(toolsTitle, list);

    const columns = element('div', 'home-columns');
    columns.append(lessons, tools);
    this.element.append(hero, columns);
    container.append(this.element);
    if (lab && previewHost) this.#chart = this.#preview(previewHost, lab);
  }

  /** The preview: f of three activations over z in [-4, 4], from lab.evaluate. */
  #preview(host: HTMLElement, lab: Lab): CurveChart {
    const z = new Float32Array(PREVIEW_POINTS);
    for (let i = 0; i < z.length; i++) z[i] = -4 + (8 * i) / (z.length - 1);
    const chart = new CurveChart(host, {
      height: 110,
      xLabel: 'z',
      yLabel: '',
      compact: true,
      onDraw: markFirstCurve,
    });
    const curves = PREVIEW.map((id) => ({
      label: lab.activations.find((info) => info.id === id)?.name ?? id,
      values: lab.evaluate(id, z).y,
      color: activationStyle(id).color,
      dash: [...activationStyle(id).dash],
      width: 2,
    }));
    chart.setData(z, curves);
    return chart;
  }

  destroy(): void {
    this.#chart?.destroy();
    this.element.remove();
  }
}
