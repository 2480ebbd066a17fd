// panel.ts — one lesson as a panel: title, explanation, a Run/Pause button,
// live loss curves while its runs train in workers (lessons/runner.ts, through
// lab.run), then the lesson's own plots and its "what to look for" sentences
// with the numbers this run computed, each marked reproduced or not.
//
// Built as every panel is (contract.ts), by the page (the lesson route) and by
// the <activation-lab> element; it only needs a container (which may sit in a
// shadow root). Each run's metrics go to onMetrics, the result to onDone.
// setStrings() rebuilds the view in another language while the runs carry
// on. Text goes in as textContent only. Below the results, the lesson's goals,
// questions and teacher notes (questions.ts) are checked against the result.
import type { Lab, LayerParameters, Metrics } from '../../lib/types';
import type { MessageKey, MessageValues, Strings } from '../../i18n/strings';
import { LESSONS, networkRun, type LessonId } from '../../lessons/catalogue';
import { summarizeLesson, type LessonPlot, type LessonResult } from '../../lessons/compute';
import { LessonRunner, NETWORK_MAP } from '../../lessons/runner';
import { CurveChart } from '../../plot/curve-chart';
import { LineChart } from '../../plot/line-chart';
import { seriesStyles } from '../../plot/activation-style';
import { DASHES, PALETTE } from '../../plot/widget';
import { button, element } from '../../shared/dom';
import type { Panel, PanelCallbacks } from '../contract';
import { addPngButtons } from '../export/files';
import { NetworkView, type NetworkShape } from '../network/view';
import { LessonQuestions, type QuestionCallbacks } from './questions';
import './lesson.css';

export interface LessonState {
  lesson: LessonId;
  /** 'minimal' hides the experiment details and the link to the lab. */
  controls?: 'full' | 'minimal';
  /** Start training at once (otherwise at Run). */
  autoplay?: boolean;
  /** Where "Open in the lab" points; no link when absent. */
  labHref?: string;
}

const SHADE = 'rgba(213, 94, 0, 0.12)';

interface View {
  root: HTMLElement;
  button: HTMLButtonElement;
  status: HTMLParagraphElement;
  live: HTMLElement;
  network: NetworkView | null;
  results: HTMLElement;
  liveChart: LineChart | null;
  charts: { destroy(): void }[];
}

export class LessonPanel implements Panel<LessonState> {
  readonly #container: HTMLElement;
  readonly #lab: Lab;
  readonly #callbacks: PanelCallbacks<LessonState, LessonResult> & QuestionCallbacks;
  #strings: Strings;
  #questions: LessonQuestions;
  #state: LessonState;
  #view: View;
  #runner: LessonRunner | null = null;
  #result: LessonResult | null = null;
  #failure = '';
  #frame = 0;
  /** The network the lesson shows unit by unit: its shape, and its last report and weights. */
  #networkShape: NetworkShape | null = null;
  #networkMetrics: Metrics | null = null;
  #networkParameters: LayerParameters[] | null = null;
  #networkGrids: Float32Array[] | null = null;

  constructor(container: HTMLElement, lab: Lab, state: LessonState, callbacks: PanelCallbacks<LessonState, LessonResult> & QuestionCallbacks, strings: Strings) {
    this.#container = container;
    this.#lab = lab;
    this.#callbacks = callbacks;
    this.#strings = strings;
    this.#state = { ...state };
    this.#questions = new LessonQuestions(state.lesson, strings, callbacks);
    this.#view = this.#build();
    if (!this.#hasRuns()) this.#finish(summarizeLesson(lab, state.lesson, {}));
    else if (state.autoplay) this.play();
  }

  get element(): HTMLElement {
    return this.#view.root;
  }

  get state(): LessonState {
    return { ...this.#state };
  }

  get result(): LessonResult | null {
    return this.#result;
  }

  /** The student's answers to the lesson's questions so far. */
  get questions(): LessonQuestions {
    return this.#questions;
  }

  /** 'idle' | 'running' | 'paused' | 'done' | 'stopped' | 'failed' */
  get runState(): string {
    return this.#runner?.state ?? (this.#result ? 'done' : 'idle');
  }

  /** Another lesson (or other options): the runs of the old one stop. */
  setState(state: LessonState): void {
    const lessonChanged = state.lesson !== this.#state.lesson;
    this.#state = { ...state };
    if (lessonChanged) {
      this.#runner?.stop();
      this.#runner = null;
      this.#result = null;
      this.#failure = '';
      this.#questions.destroy();
      this.#questions = new LessonQuestions(state.lesson, this.#strings, this.#callbacks);
    }
    this.#teardownView();
    this.#view = this.#build();
    if (lessonChanged) {
      if (!this.#hasRuns()) this.#finish(summarizeLesson(this.#lab, state.lesson, {}));
      else if (state.autoplay) this.play();
    } else this.#redraw();
  }

  setStrings(strings: Strings): void {
    this.#strings = strings;
    this.#questions.setStrings(strings);
    this.#teardownView();
    this.#view = this.#build();
    this.#redraw();
  }

  /** Runs the lesson (again, when it has finished), or resumes it. */
  play(): void {
    const runner = this.#runner;
    if (runner?.state === 'paused') {
      runner.resume();
      this.#view.button.textContent = this.#t('lesson.pause');
      return;
    }
    if (runner?.state === 'running' || !this.#hasRuns()) return;
    this.#start();
  }

  pause(): void {
    if (this.#runner?.state !== 'running') return;
    this.#runner.pause();
    this.#view.button.textContent = this.#t('lesson.resume');
  }

  toggle(): void {
    if (this.#runner?.state === 'running') this.pause();
    else this.play();
  }

  destroy(): void {
    this.#runner?.stop();
    this.#questions.destroy();
    this.#teardownView();
  }

  #t(key: MessageKey, values?: MessageValues): string {
    return this.#strings.t(key, values);
  }

  #hasRuns(): boolean {
    return Object.keys(LESSONS[this.#state.lesson].runs).length > 0;
  }

  #build(): View {
    const id = this.#state.lesson;
    const t = (key: MessageKey) => this.#t(key);
    const root = element('article', 'lesson');
    root.lang = this.#strings.htmlLang;
    root.dataset.lesson = id;
    const heading = element('h2', 'lesson-title', t(`lesson.${id}.title` as MessageKey));
    const claim = element('p', 'lesson-claim', t(`lesson.${id}.claim` as MessageKey));
    const intro = element('p', 'lesson-intro', t(`lesson.${id}.intro` as MessageKey));
    const controls = element('div', 'lesson-controls');
    const run = button(t('lesson.run'), 'lesson-run');
    run.addEventListener('click', () => this.toggle());
    const status = element('p', 'lesson-status');
    status.setAttribute('role', 'status');
    controls.append(run, status);
    const live = element('div', 'lesson-live');
    const results = element('div', 'lesson-results');
    root.append(heading, claim, intro);
    if (this.#hasRuns()) root.append(controls);
    root.append(live, results, this.#questions.element);
    if (this.#state.controls !== 'minimal') {
      if (this.#hasRuns()) {
        const details = element('details', 'lesson-config');
        details.append(element('summary', undefined, t('lesson.config')), element('pre', undefined, JSON.stringify(LESSONS[id].runs, null, 1)));
        root.append(details);
      }
      if (this.#state.labHref) {
        const link = element('a', 'lesson-open', t('lesson.openInLab'));
        link.href = this.#state.labHref;
        link.target = '_blank';
        link.rel = 'noopener';
        root.append(link);
      }
    }
    this.#container.append(root);
    return { root, button: run, status, live, results, network: null, liveChart: null, charts: [] };
  }

  #teardownView(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#view.network?.destroy();
    this.#view.liveChart?.destroy();
    for (const chart of this.#view.charts) chart.destroy();
    this.#view.root.remove();
  }

  /** Shows the runs' progress and result in a freshly built view. */
  #redraw(): void {
    const runner = this.#runner;
    if (runner) {
      this.#view.button.textContent = this.#t(runner.state === 'running' ? 'lesson.pause' : runner.state === 'paused' ? 'lesson.resume' : runner.state === 'done' ? 'lesson.rerun' : 'lesson.run');
      this.#ensureLiveChart();
      this.#drawLive(runner.histories);
      this.#showNetwork();
    }
    if (this.#result) this.#show(this.#result);
    if (this.#failure) {
      this.#view.status.textContent = this.#t('lesson.error', { message: this.#failure });
      this.#view.root.dataset.state = 'failed';
    }
  }

  #ensureLiveChart(): void {
    if (this.#view.liveChart) return;
    this.#view.live.replaceChildren();
    this.#view.liveChart = new LineChart(this.#view.live, {
      title: this.#t('lesson.plot.loss'),
      name: 'lesson-live-loss',
      xLabel: this.#t('lesson.axis.step'),
      log: true,
      height: 200,
    });
  }

  #start(): void {
    const view = this.#view;
    this.#result = null;
    this.#failure = '';
    this.#questions.setResult(null);
    view.results.replaceChildren();
    for (const chart of view.charts) chart.destroy();
    view.charts = [];
    view.liveChart?.destroy();
    view.liveChart = null;
    view.network?.destroy();
    view.network = null;
    this.#networkShape = null;
    this.#networkMetrics = null;
    this.#networkParameters = null;
    this.#networkGrids = null;
    this.#ensureLiveChart();
    const id = this.#state.lesson;
    const runner = new LessonRunner(this.#lab, id, {
      onProgress: (histories, latest) => {
        if (runner !== this.#runner) return;
        this.#callbacks.onMetrics?.({ run: latest.name, metrics: latest.metrics });
        if (this.#frame === 0) this.#frame = requestAnimationFrame(() => this.#drawLive(histories));
      },
      onDone: (result) => {
        if (runner !== this.#runner) return;
        // The last live frame (if still pending) would overwrite the status below.
        cancelAnimationFrame(this.#frame);
        this.#frame = 0;
        this.#drawLive(runner.histories);
        this.#view.button.textContent = this.#t('lesson.rerun');
        this.#finish(result);
      },
      onNetworkStart: (_name, { config }) => {
        if (runner !== this.#runner) return;
        this.#networkShape = {
          inputs: config.model?.inputs ?? 2,
          layers: (config.model?.layers ?? []).map((layer) => ({ units: layer.units ?? 0, activation: layer.activation ?? 'relu' })),
          outputs: config.model?.output?.units ?? 1,
        };
        this.#showNetwork();
      },
      onNetworkReport: (_name, metrics, report) => {
        if (runner !== this.#runner) return;
        this.#networkMetrics = metrics;
        if (report.parameters) this.#networkParameters = report.parameters;
        if (report.unitGrids) this.#networkGrids = report.unitGrids;
        this.#view.network?.update({ metrics, parameters: report.parameters ?? null, unitGrids: this.#gridFrame(report.unitGrids ?? null) });
      },
      onError: (error) => {
        if (runner !== this.#runner || error.message === 'stopped') return;
        this.#failure = error.message;
        this.#view.status.textContent = this.#t('lesson.error', { message: error.message });
        this.#view.root.dataset.state = 'failed';
      },
    });
    this.#runner = runner;
    view.root.dataset.state = 'running';
    view.button.textContent = this.#t('lesson.pause');
    void runner.start().catch(() => {});
  }

  /** The network view of the lesson's shown run, built when that run starts (or the view is rebuilt). */
  #showNetwork(): void {
    const shape = this.#networkShape;
    if (!shape || this.#view.network) return;
    const host = element('div', 'lesson-network');
    this.#view.live.after(host);
    const network = new NetworkView(host, { strings: this.#strings, height: 260 });
    network.setTitle(this.#t('lesson.network', { run: networkRun(this.#state.lesson) ?? '' }));
    network.setShape(shape);
    if (this.#networkMetrics) network.update({ metrics: this.#networkMetrics, parameters: this.#networkParameters, unitGrids: this.#gridFrame(this.#networkGrids) });
    this.#view.network = network;
  }

  #gridFrame(grids: Float32Array[] | null): { w: number; h: number; grids: Float32Array[] } | null {
    return grids ? { ...NETWORK_MAP, grids } : null;
  }

  #totalSteps(): number {
    return Object.values(LESSONS[this.#state.lesson].runs).reduce((sum, config) => sum + (config.steps ?? 0), 0);
  }

  #drawLive(histories: Readonly<Record<string, readonly Metrics[]>>): void {
    this.#frame = 0;
    const names = Object.keys(LESSONS[this.#state.lesson].runs);
    const longest = names.reduce((best, name) => ((histories[name]?.length ?? 0) > (histories[best]?.length ?? 0) ? name : best), names[0]);
    const x = (histories[longest] ?? []).map((m) => m.step);
    // Runs named after an activation (relu, leaky_relu, …) are drawn in its colour.
    const styles = seriesStyles(names, PALETTE, DASHES);
    this.#view.liveChart?.setData(
      x,
      names.map((name, index) => ({ label: name, style: index, ...styles[index], values: x.map((_, i) => histories[name]?.[i]?.loss ?? NaN) })),
    );
    if (this.#result) return;
    const done = names.reduce((sum, name) => sum + (histories[name]?.at(-1)?.step ?? 0), 0);
    this.#view.status.textContent = this.#t('lesson.running', {
      step: { value: done, style: 'integer' },
      steps: { value: this.#totalSteps(), style: 'integer' },
    });
  }

  #finish(result: LessonResult): void {
    this.#result = result;
    this.#show(result);
    this.#callbacks.onDone?.(result);
  }

  #show(result: LessonResult): void {
    const view = this.#view;
    if (this.#runner?.state === 'done') view.status.textContent = this.#t('lesson.done');
    // The live loss chart has done its job when the lesson's own plots include the same chart.
    if (result.plots.some((plot) => plot.titleKey === 'lesson.plot.loss')) {
      view.liveChart?.destroy();
      view.liveChart = null;
      view.live.replaceChildren();
    }
    for (const plot of result.plots) view.charts.push(this.#plot(plot));
    const look = element('section', 'lesson-look');
    look.append(element('h3', undefined, this.#t('lesson.look')));
    const list = element('ul');
    for (const sentence of result.sentences) list.append(element('li', undefined, this.#t(sentence.key, sentence.values)));
    look.append(list);
    const claims = element('p', 'lesson-claims');
    const allHold = Object.values(result.claims).every(Boolean);
    claims.textContent = this.#t(allHold ? 'lesson.claimHolds' : 'lesson.claimFails');
    claims.dataset.holds = String(allHold);
    look.append(claims);
    view.results.append(look);
    view.root.dataset.state = 'done';
    this.#questions.setResult(result);
    addPngButtons(view.root, this.#strings);
  }

  #plot(plot: LessonPlot): { destroy(): void } {
    const results = this.#view.results;
    const title = this.#t(plot.titleKey);
    if (plot.kind === 'curves') {
      const figure = element('figure', 'lesson-figure plot-widget');
      const host = element('div', 'lesson-curves');
      figure.append(element('figcaption', undefined, title), host);
      results.append(figure);
      const chart = new CurveChart(host, { height: 260, xLabel: 'z', yLabel: '' });
      const styles = seriesStyles(plot.curves.map((curve) => curve.activation), PALETTE, DASHES);
      chart.setData(
        plot.x,
        // An activation's f and f′ share its colour; f′ is dashed, as in Explore.
        plot.curves.map((curve, index) => ({
          label: curve.label,
          values: curve.values,
          color: styles[index].color,
          dash: curve.derivative ? [6, 4] : curve.activation ? [] : [...styles[index].dash],
        })),
        plot.shades.map((shade) => ({ ...shade, color: SHADE })),
      );
      return chart;
    }
    const host = element('div', 'lesson-lines');
    results.append(host);
    const chart = new LineChart(host, { title, name: `lesson-${plot.titleKey}`, xLabel: this.#t(plot.xLabelKey), log: plot.log, height: 220 });
    const styles = seriesStyles(plot.series.map((series) => series.activation), PALETTE, DASHES);
    chart.setData(plot.x, plot.series.map((series, index) => ({ label: series.label, values: series.values, style: index, ...styles[index] })));
    return chart;
  }
}

/** The lesson panel, built as every panel is. */
export function createLessonPanel(
  container: HTMLElement,
  lab: Lab,
  state: LessonState,
  callbacks: PanelCallbacks<LessonState, LessonResult> & QuestionCallbacks,
  strings: Strings,
): LessonPanel {
  return new LessonPanel(container, lab, state, callbacks, strings);
}
