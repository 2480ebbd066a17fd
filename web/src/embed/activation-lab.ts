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
// activation-lab:done, activation-lab:answers (the lesson's questions),
// activation-lab:error.
//
// The element builds the same panels as the page (panels/, one contract),
// each with this element's own Strings, so two elements in different
// languages on one page each speak their own; metrics arrive through the
// panels' onMetrics callbacks. Everything renders in an open shadow root: the
// course page's CSS does not reach in, ours does not leak out. Styles are
// constructed stylesheets (adoptedStyleSheets), so no <style> element or style
// attribute is needed under `style-src 'self'`. Every element on a page shares
// one Lab (one createLab promise, so one wasm download and compilation); each
// has its own runs, so they do not interfere. The script works from any
// origin: its chunks, its .wasm and its worker are found beside it (the
// worker started from a blob: URL when the page is elsewhere, lib/run.ts),
// and a panel's code loads only when an element shows that panel.
import { createLab } from '../lib';
import type { ExperimentConfig, Lab, Metrics } from '../lib/types';
import { isLanguage, stringsFor, type Language, type Strings } from '../i18n/strings';
import { isLessonId, LESSONS, type LessonId } from '../lessons/catalogue';
import type { LessonResult } from '../lessons/compute';
import type { QuizProgress } from '../lessons/questions';
import type { PanelMetrics } from '../panels/contract';
import type { ComparePanel } from '../panels/compare/panel';
import type { LessonPanel } from '../panels/lesson/panel';
import type { TrainPanel } from '../panels/train/panel';
import { element } from '../shared/dom';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import plotCss from '../plot/plot.css?inline';
import bandCss from '../plot/band-chart.css?inline';
import trainCss from '../panels/train/train.css?inline';
import compareCss from '../panels/compare/compare.css?inline';
import lessonCss from '../panels/lesson/lesson.css?inline';
import questionsCss from '../panels/lesson/questions.css?inline';
import glossaryCss from '../panels/glossary.css?inline';
import networkCss from '../panels/network/network.css?inline';
import formulaCss from '../panels/formula-fields.css?inline';
import dataCss from '../panels/data/data.css?inline';
import embedCss from './embed.css?inline';

export const PANEL_NAMES = ['lesson', 'train', 'compare'] as const;
export type EmbedPanel = (typeof PANEL_NAMES)[number];
const MIN_HEIGHT = 120;
const MAX_HEIGHT = 10000;

let sharedLab: Promise<Lab> | null = null;

/**
 * The one Lab of this page: every element (and the iframe page) uses it. Its
 * .wasm is fetched from beside this script (wherever the script was loaded
 * from) and compiled once.
 */
export function pageLab(): Promise<Lab> {
  sharedLab ??= createLab();
  return sharedLab;
}

// Each panel's code loads when an element first shows it, while the wasm
// downloads: a lesson alone needs neither the Train nor the Compare panel.
const panelModules = {
  lesson: () => import('../panels/lesson/panel'),
  train: () => Promise.all([import('../panels/train/panel'), import('../panels/train/form')]),
  compare: () => Promise.all([import('../panels/compare/panel'), import('../panels/compare/state'), import('../panels/train/form')]),
};
type PanelModules = { [name in keyof typeof panelModules]?: Awaited<ReturnType<(typeof panelModules)[name]>> };

let sharedSheet: CSSStyleSheet | null = null;

function stylesheet(): CSSStyleSheet {
  if (!sharedSheet) {
    sharedSheet = new CSSStyleSheet();
    // :root rules of the widgets' CSS mean the document; inside the shadow root the host carries the variables.
    sharedSheet.replaceSync([uplotCss, plotCss, bandCss, trainCss, compareCss, lessonCss, questionsCss, glossaryCss, networkCss, formulaCss, dataCss, embedCss].join('\n'));
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

export class ActivationLabElement extends HTMLElement {
  static readonly observedAttributes = ['lesson', 'config', 'panels', 'controls', 'lang', 'height'];

  readonly #root: ShadowRoot;
  readonly #heightSheet = new CSSStyleSheet();
  #body: HTMLElement;
  #lesson: LessonPanel | null = null;
  #train: TrainPanel | null = null;
  #compare: ComparePanel | null = null;
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
    // The wasm download starts now, not after the panels' code has loaded.
    void pageLab().catch(() => {});
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

  get language(): Language {
    const lang = (this.getAttribute('lang') ?? '').toLowerCase();
    if (lang.startsWith('zh')) return 'zh';
    return isLanguage(lang) ? lang : 'en';
  }

  /** This element's words (its `lang`), for every panel it builds. */
  get strings(): Strings {
    return stringsFor(this.language);
  }

  /** The lesson's result, once its runs are done. */
  get result(): LessonResult | null {
    return this.#lesson?.result ?? null;
  }

  /** The student's answers to the lesson's questions: how many are answered, how many right the first time, the score 0–100. */
  get answers(): QuizProgress | null {
    return this.#lesson?.questions.progress ?? null;
  }

  /** The panels on show (for tests and the iframe page). */
  get panels(): { lesson: LessonPanel | null; train: TrainPanel | null; compare: ComparePanel | null } {
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
    const strings = this.strings;
    const controls = this.getAttribute('controls') === 'minimal' ? 'minimal' : 'full';
    this.#body.className = `embed-root controls-${controls}`;
    this.#body.lang = strings.htmlLang;
    const loading = element('p', 'embed-message', strings.t('lesson.loading'));
    this.#body.append(loading);
    const lessonAttribute = this.getAttribute('lesson');
    const lessonId: LessonId | null = isLessonId(lessonAttribute) ? lessonAttribute : null;
    const panels = parsePanels(this.getAttribute('panels'), lessonId ? ['lesson'] : ['train']);
    const wanted = panels.filter((name) => name !== 'lesson' || lessonId !== null);
    let lab: Lab;
    let modules: PanelModules;
    try {
      const [loadedLab, lesson, train, compare] = await Promise.all([
        pageLab(),
        wanted.includes('lesson') ? panelModules.lesson() : undefined,
        wanted.includes('train') ? panelModules.train() : undefined,
        wanted.includes('compare') ? panelModules.compare() : undefined,
      ]);
      lab = loadedLab;
      modules = { lesson, train, compare };
    } catch (error) {
      if (generation !== this.#generation) return;
      loading.remove();
      this.#message(strings.t('lesson.error', { message: (error as Error).message }), true);
      this.#emit('error', { message: (error as Error).message });
      return;
    }
    if (generation !== this.#generation) return;
    loading.remove();

    if (lessonAttribute !== null && !lessonId) {
      this.#message(strings.t('embed.notFound', { lesson: lessonAttribute.slice(0, 60) }), true);
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
        this.#message(strings.t('embed.badConfig', { message: (error as Error).message }), true);
        this.#emit('error', { message: (error as Error).message });
        return;
      }
    }
    const onMetrics = (event: PanelMetrics) => this.#emit('metrics', this.#metricsDetail(event.run, event.metrics));

    if (modules.lesson && lessonId) {
      const host = element('section', 'embed-panel embed-lesson');
      this.#body.append(host);
      this.#lesson = new modules.lesson.LessonPanel(host, lab, { lesson: lessonId, controls }, {
        onMetrics,
        onDone: (result) => this.#emit('done', { lesson: result.id, numbers: result.numbers, claims: result.claims }),
        onAnswers: (progress) => this.#emit('answers', { ...progress }),
      }, strings);
    }
    const lessonConfig = lessonId ? Object.values(LESSONS[lessonId].runs)[0] : undefined;
    if (modules.train) {
      const [{ TrainPanel }, { defaultTrainConfig }] = modules.train;
      const trainConfig = config ?? lessonConfig ?? defaultTrainConfig();
      const host = element('section', 'embed-panel embed-train');
      this.#body.append(host);
      this.#train = new TrainPanel(host, lab, { config: { ...trainConfig, steps: trainConfig.steps ?? 1000 } }, {
        onMetrics,
        onStateChange: (next) => this.#compare?.setState({ compare: this.#compare.state.compare, experiment: next.config }),
      }, strings);
    }
    if (modules.compare) {
      const [{ ComparePanel }, { defaultCompareSettings }, { defaultTrainConfig }] = modules.compare;
      const experiment = this.#train?.config ?? config ?? lessonConfig ?? defaultTrainConfig();
      const host = element('section', 'embed-panel embed-compare');
      this.#body.append(host);
      this.#compare = new ComparePanel(host, lab, { compare: defaultCompareSettings(), experiment }, { onMetrics }, strings);
    }
    this.dataset.ready = 'true';
    this.#emit('ready', { lesson: lessonId, panels, simd: lab.simd });
  }

  #metricsDetail(run: string, metrics: Metrics): MetricsDetail {
    return { run, step: metrics.step, loss: metrics.loss, accuracy: metrics.accuracy ?? null, status: metrics.status };
  }
}

if (!customElements.get('activation-lab')) customElements.define('activation-lab', ActivationLabElement);

declare global {
  interface HTMLElementTagNameMap {
    'activation-lab': ActivationLabElement;
  }
}
