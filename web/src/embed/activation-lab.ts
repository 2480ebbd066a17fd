// activation-lab.ts — the <activation-lab> custom element: a lesson, or any
// experiment in the Train / Compare panels, dropped into a course page with
// one script tag:
//
//   <script type="module" src="…/activation-lab.js"></script>
//   <activation-lab lesson="dying-relu" lang="zh" height="600"></activation-lab>
//
// Attributes: lesson (a lesson id), config (an experiment config as JSON),
// panels ("lesson", "train", "compare", comma-separated), controls ("minimal"
// hides settings and links), lang ("en" | "zh"), height (CSS pixels).
// Methods: play(), pause(), load({ lesson } | { config }). Events (bubbling,
// composed): activation-lab:ready, activation-lab:metrics,
// activation-lab:done, activation-lab:error.
//
// Everything renders in an open shadow root: the course page's CSS does not
// reach in, ours does not leak out. Styles are constructed stylesheets
// (adoptedStyleSheets), so no <style> element or style attribute is needed
// under `style-src 'self'`. Every element on a page shares one wasm module
// (one createLab promise); each has its own runs, so they do not interfere.
import { createLab } from '../lib';
import type { ExperimentConfig, Lab, Metrics } from '../lib/types';
import { ComparePanel } from '../app/compare/panel';
import { isLessonId, LESSONS, type LessonId } from '../app/lessons/catalogue';
import type { LessonResult } from '../app/lessons/compute';
import { lessonText, isLessonLanguage, type LessonLanguage } from '../app/lessons/text';
import { LessonView } from '../app/lessons/view';
import { en } from '../app/i18n/en';
import { enPage } from '../app/i18n/en-page';
import { setStringTable } from '../app/i18n/index';
import { setPageStringTable } from '../app/i18n/page';
import { zh } from '../app/i18n/zh';
import { defaultTrainConfig } from '../app/train/form';
import { TrainPanel } from '../app/train/panel';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import plotCss from '../plot/plot.css?inline';
import bandCss from '../plot/band-chart.css?inline';
import trainCss from '../app/train/train.css?inline';
import compareCss from '../app/compare/compare.css?inline';
import lessonsCss from '../app/lessons/lessons.css?inline';
import embedCss from './embed.css?inline';

export const PANEL_NAMES = ['lesson', 'train', 'compare'] as const;
export type EmbedPanel = (typeof PANEL_NAMES)[number];
const MIN_HEIGHT = 120;
const MAX_HEIGHT = 10000;
const METRICS_POLL_MS = 250;

let sharedLab: Promise<Lab> | null = null;

/** The one Lab of this page: every element (and the iframe page) uses it. */
export function pageLab(): Promise<Lab> {
  sharedLab ??= createLab();
  return sharedLab;
}

let sharedSheet: CSSStyleSheet | null = null;

function stylesheet(): CSSStyleSheet {
  if (!sharedSheet) {
    sharedSheet = new CSSStyleSheet();
    // :root rules of the widgets' CSS mean the document; inside the shadow root the host carries the variables.
    sharedSheet.replaceSync([uplotCss, plotCss, bandCss, trainCss, compareCss, lessonsCss, embedCss].join('\n'));
  }
  return sharedSheet;
}

/** The `panels` attribute as a list of known panels (unknown names are ignored). */
export function parsePanels(text: string | null, fallback: readonly EmbedPanel[]): EmbedPanel[] {
  if (text === null || text.trim() === '') return [...fallback];
  const wanted = text.split(',').map((part) => part.trim());
  const panels = PANEL_NAMES.filter((name) => wanted.includes(name));
  return panels.length > 0 ? panels : [...fallback];
}

export interface LoadRequest {
  lesson?: string;
  config?: ExperimentConfig | string;
}

export interface MetricsDetail {
  /** Which run: a lesson run's name, or "train". */
  run: string;
  step: number;
  loss: number | null;
  accuracy: number | null;
  status: Metrics['status'];
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class ActivationLabElement extends HTMLElement {
  static readonly observedAttributes = ['lesson', 'config', 'panels', 'controls', 'lang', 'height'];

  readonly #root: ShadowRoot;
  readonly #heightSheet = new CSSStyleSheet();
  #body: HTMLElement;
  #lesson: LessonView | null = null;
  #train: TrainPanel | null = null;
  #compare: ComparePanel | null = null;
  #metricsTimer = 0;
  #lastTrainStep = -1;
  #renderQueued = false;
  #generation = 0;
  #ready: Promise<void> = Promise.resolve();

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = [stylesheet(), this.#heightSheet];
    this.#body = element('div', 'embed-root');
    this.#root.append(this.#body);
  }

  connectedCallback(): void {
    this.#queueRender();
  }

  disconnectedCallback(): void {
    this.#teardown();
  }

  attributeChangedCallback(name: string): void {
    if (name === 'height') this.#applyHeight();
    else if (this.isConnected) this.#queueRender();
  }

  /** Resolves once the current attributes have been rendered (or failed to). */
  get ready(): Promise<void> {
    return this.#ready;
  }

  get language(): LessonLanguage {
    const lang = (this.getAttribute('lang') ?? '').toLowerCase();
    if (lang.startsWith('zh')) return 'zh';
    return isLessonLanguage(lang) ? lang : 'en';
  }

  /** The lesson's result, once its runs are done. */
  get result(): LessonResult | null {
    return this.#lesson?.result ?? null;
  }

  /** The panels on show (for tests and the iframe page). */
  get panels(): { lesson: LessonView | null; train: TrainPanel | null; compare: ComparePanel | null } {
    return { lesson: this.#lesson, train: this.#train, compare: this.#compare };
  }

  play(): void {
    this.#lesson?.play();
    this.#train?.play();
  }

  pause(): void {
    this.#lesson?.pause();
    this.#train?.pause();
  }

  /** Shows another lesson or experiment (attributes change, so the element re-renders). */
  load(request: LoadRequest): void {
    if (request.lesson !== undefined) {
      this.removeAttribute('config');
      this.setAttribute('lesson', String(request.lesson));
    } else if (request.config !== undefined) {
      this.removeAttribute('lesson');
      this.setAttribute('config', typeof request.config === 'string' ? request.config : JSON.stringify(request.config));
    }
  }

  #queueRender(): void {
    if (this.#renderQueued) return;
    this.#renderQueued = true;
    // Attributes set one after another render once.
    queueMicrotask(() => {
      this.#renderQueued = false;
      if (this.isConnected) this.#ready = this.#render();
    });
  }

  #applyHeight(): void {
    const height = Number(this.getAttribute('height'));
    const valid = Number.isFinite(height) && height >= MIN_HEIGHT && height <= MAX_HEIGHT;
    this.#heightSheet.replaceSync(valid ? `:host { height: ${Math.round(height)}px; }` : '');
  }

  #teardown(): void {
    this.#generation++;
    clearInterval(this.#metricsTimer);
    this.#lesson?.destroy();
    this.#train?.destroy();
    this.#compare?.destroy();
    this.#lesson = this.#train = this.#compare = null;
    this.#body.replaceChildren();
  }

  #message(text: string, error = false): void {
    this.#body.append(element('p', error ? 'embed-message error' : 'embed-message', text));
  }

  #emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(`activation-lab:${type}`, { detail, bubbles: true, composed: true }));
  }

  async #render(): Promise<void> {
    this.#teardown();
    this.#applyHeight();
    const generation = this.#generation;
    const language = this.language;
    const controls = this.getAttribute('controls') === 'minimal' ? 'minimal' : 'full';
    this.#body.className = `embed-root controls-${controls}`;
    this.#body.lang = language === 'zh' ? 'zh-Hans' : 'en';
    const loading = element('p', 'embed-message', lessonText(language, 'lesson.loading'));
    this.#body.append(loading);
    let lab: Lab;
    try {
      lab = await pageLab();
    } catch (error) {
      loading.remove();
      this.#message(lessonText(language, 'lesson.error', { message: (error as Error).message }), true);
      this.#emit('error', { message: (error as Error).message });
      return;
    }
    if (generation !== this.#generation) return;
    loading.remove();

    const lessonAttribute = this.getAttribute('lesson');
    const lessonId: LessonId | null = isLessonId(lessonAttribute) ? lessonAttribute : null;
    if (lessonAttribute !== null && !lessonId) {
      this.#message(lessonText(language, 'embed.notFound', { lesson: lessonAttribute.slice(0, 60) }), true);
      this.#emit('error', { message: `unknown lesson ${lessonAttribute.slice(0, 60)}` });
      return;
    }
    let config: ExperimentConfig | null = null;
    const configText = this.getAttribute('config');
    if (configText !== null && configText.trim() !== '') {
      try {
        const parsed: unknown = JSON.parse(configText);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TypeError('config must be a JSON object');
        // The C++ parser checks every field; a bad config is shown, never run.
        lab.createExperiment(parsed as ExperimentConfig).dispose();
        config = parsed as ExperimentConfig;
      } catch (error) {
        this.#message(lessonText(language, 'embed.badConfig', { message: (error as Error).message }), true);
        this.#emit('error', { message: (error as Error).message });
        return;
      }
    }
    const panels = parsePanels(this.getAttribute('panels'), lessonId ? ['lesson'] : ['train']);
    const trainConfig = config ?? (lessonId ? Object.values(LESSONS[lessonId].runs)[0] : undefined) ?? defaultTrainConfig();

    if (panels.includes('lesson') && lessonId) {
      const host = element('section', 'embed-panel embed-lesson');
      this.#body.append(host);
      this.#lesson = new LessonView(host, lab, lessonId, {
        language,
        controls,
        onMetrics: (run, metrics) => this.#emit('metrics', this.#metricsDetail(run, metrics)),
        onDone: (result) => this.#emit('done', { lesson: result.id, numbers: result.numbers, claims: result.claims }),
      });
    }
    if (panels.includes('train') || panels.includes('compare')) {
      // The Train and Compare panels read one string table per page (i18n/index.ts): the language of
      // the element that built panels last. Lesson text is per element.
      setStringTable(language === 'zh' ? zh : en);
      setPageStringTable(language === 'zh' ? zh : enPage);
    }
    if (panels.includes('train')) {
      const host = element('section', 'embed-panel embed-train');
      this.#body.append(host);
      this.#train = new TrainPanel(host, lab, { ...trainConfig, steps: trainConfig.steps ?? 1000 });
      this.#watchTrainMetrics(generation);
    }
    if (panels.includes('compare')) {
      const host = element('section', 'embed-panel embed-compare');
      this.#body.append(host);
      const compareState = { activations: ['sigmoid', 'relu', 'leaky_relu'] as const, seeds: 3, steps: 500, logLoss: true };
      this.#compare = new ComparePanel(host, lab, () => this.#train?.config ?? trainConfig, { ...compareState, activations: [...compareState.activations] }, () => {});
    }
    this.dataset.ready = 'true';
    this.#emit('ready', { lesson: lessonId, panels, simd: lab.simd });
  }

  #metricsDetail(run: string, metrics: Metrics): MetricsDetail {
    return { run, step: metrics.step, loss: metrics.loss, accuracy: metrics.accuracy ?? null, status: metrics.status };
  }

  // The Train panel reports to its own charts; the element reads its latest metrics a few times a second.
  #watchTrainMetrics(generation: number): void {
    this.#lastTrainStep = -1;
    this.#metricsTimer = window.setInterval(() => {
      if (generation !== this.#generation) return;
      const metrics = this.#train?.metrics;
      if (!metrics || metrics.step === this.#lastTrainStep) return;
      this.#lastTrainStep = metrics.step;
      this.#emit('metrics', this.#metricsDetail('train', metrics));
    }, METRICS_POLL_MS);
  }
}

if (!customElements.get('activation-lab')) customElements.define('activation-lab', ActivationLabElement);

declare global {
  interface HTMLElementTagNameMap {
    'activation-lab': ActivationLabElement;
  }
}
