// view.ts — one lesson as a page section: title, explanation, a Run/Pause
// button, live loss curves while its runs train in workers, then the
// lesson's own plots and its "what to look for" sentences with the numbers
// this run computed, each marked reproduced or not. Used by the page
// (#lesson=…) and by the <activation-lab> element; it only needs a Lab and a
// container (which may sit in a shadow root). Text goes in as textContent only.
import type { Lab, Metrics } from '../../lib/types';
import { CurveChart } from '../../plot/curve-chart';
import { LineChart } from '../../plot/line-chart';
import { seriesColor, seriesDash } from '../../plot/widget';
import { LESSONS, type LessonId } from './catalogue';
import { summarizeLesson, type LessonPlot, type LessonResult } from './compute';
import { LessonRunner } from './runner';
import { lessonText, sentenceText, type LessonLanguage } from './text';

export interface LessonViewOptions {
  language: LessonLanguage;
  /** 'minimal' hides the experiment details and the link to the lab. */
  controls?: 'full' | 'minimal';
  /** Start training at once (otherwise at Run). */
  autoplay?: boolean;
  /** Where "Open in the lab" points (the page with the lesson's hash); no link when absent. */
  labHref?: string;
  onMetrics?: (run: string, metrics: Metrics) => void;
  onDone?: (result: LessonResult) => void;
}

const SHADE = 'rgba(213, 94, 0, 0.12)';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class LessonView {
  readonly element: HTMLElement;
  readonly #lab: Lab;
  readonly #id: LessonId;
  readonly #options: LessonViewOptions;
  readonly #button: HTMLButtonElement;
  readonly #status: HTMLParagraphElement;
  readonly #live: HTMLElement;
  readonly #results: HTMLElement;
  #liveChart: LineChart | null = null;
  #charts: { destroy(): void }[] = [];
  #runner: LessonRunner | null = null;
  #result: LessonResult | null = null;
  #frame = 0;

  constructor(container: HTMLElement, lab: Lab, id: LessonId, options: LessonViewOptions) {
    this.#lab = lab;
    this.#id = id;
    this.#options = options;
    const text = (key: Parameters<typeof lessonText>[1], values?: Parameters<typeof lessonText>[2]) => lessonText(options.language, key, values);
    this.element = element('article', 'lesson');
    this.element.lang = options.language === 'zh' ? 'zh-Hans' : 'en';
    this.element.dataset.lesson = id;
    const heading = element('h2', 'lesson-title', text(`lesson.${id}.title` as const));
    const intro = element('p', 'lesson-intro', text(`lesson.${id}.intro` as const));
    const controls = element('div', 'lesson-controls');
    this.#button = element('button', 'lesson-run', text('lesson.run'));
    this.#button.type = 'button';
    this.#button.addEventListener('click', () => this.toggle());
    this.#status = element('p', 'lesson-status');
    this.#status.setAttribute('role', 'status');
    controls.append(this.#button, this.#status);
    this.#live = element('div', 'lesson-live');
    this.#results = element('div', 'lesson-results');
    this.element.append(heading, intro);
    const hasRuns = Object.keys(LESSONS[id].runs).length > 0;
    if (hasRuns) this.element.append(controls);
    this.element.append(this.#live, this.#results);
    if (options.controls !== 'minimal') {
      const details = element('details', 'lesson-config');
      details.append(element('summary', undefined, text('lesson.config')), element('pre', undefined, JSON.stringify(LESSONS[id].runs, null, 1)));
      if (hasRuns) this.element.append(details);
      if (options.labHref) {
        const link = element('a', 'lesson-open', text('lesson.openInLab'));
        link.href = options.labHref;
        link.target = '_blank';
        link.rel = 'noopener';
        this.element.append(link);
      }
    }
    container.append(this.element);
    if (!hasRuns) this.#show(summarizeLesson(lab, id, {}));
    else if (options.autoplay) this.play();
  }

  get result(): LessonResult | null {
    return this.#result;
  }

  get state(): string {
    return this.#runner?.state ?? (this.#result ? 'done' : 'idle');
  }

  /** Runs the lesson (again, when it has finished), or resumes it. */
  play(): void {
    const runner = this.#runner;
    if (runner?.state === 'paused') {
      runner.resume();
      this.#button.textContent = lessonText(this.#options.language, 'lesson.pause');
      return;
    }
    if (runner?.state === 'running' || Object.keys(LESSONS[this.#id].runs).length === 0) return;
    this.#start();
  }

  pause(): void {
    if (this.#runner?.state !== 'running') return;
    this.#runner.pause();
    this.#button.textContent = lessonText(this.#options.language, 'lesson.resume');
  }

  toggle(): void {
    if (this.#runner?.state === 'running') this.pause();
    else this.play();
  }

  destroy(): void {
    this.#runner?.stop();
    cancelAnimationFrame(this.#frame);
    this.#liveChart?.destroy();
    for (const chart of this.#charts) chart.destroy();
    this.element.remove();
  }

  #start(): void {
    const language = this.#options.language;
    this.#result = null;
    this.#results.replaceChildren();
    for (const chart of this.#charts) chart.destroy();
    this.#charts = [];
    this.#liveChart?.destroy();
    this.#live.replaceChildren();
    this.#liveChart = new LineChart(this.#live, {
      title: lessonText(language, 'lesson.plot.loss'),
      name: 'lesson-live-loss',
      xLabel: lessonText(language, 'lesson.axis.step'),
      log: true,
      height: 200,
    });
    const totalSteps = Object.values(LESSONS[this.#id].runs).reduce((sum, config) => sum + (config.steps ?? 0), 0);
    const runner = new LessonRunner(this.#lab, this.#id, {
      onProgress: (histories, latest) => {
        this.#options.onMetrics?.(latest.name, latest.metrics);
        if (this.#frame === 0) this.#frame = requestAnimationFrame(() => this.#drawLive(histories, totalSteps));
      },
      onDone: (result) => {
        // The last live frame (if still pending) would overwrite the status below.
        cancelAnimationFrame(this.#frame);
        this.#frame = 0;
        this.#drawLive(runner.histories, totalSteps);
        this.#button.textContent = lessonText(language, 'lesson.rerun');
        this.#status.textContent = lessonText(language, 'lesson.done');
        this.#show(result);
      },
      onError: (error) => {
        if (error.message === 'stopped') return;
        this.#status.textContent = lessonText(language, 'lesson.error', { message: error.message });
        this.element.dataset.state = 'failed';
      },
    });
    this.#runner = runner;
    this.element.dataset.state = 'running';
    this.#button.textContent = lessonText(language, 'lesson.pause');
    void runner.start().catch(() => {});
  }

  #drawLive(histories: Readonly<Record<string, readonly Metrics[]>>, totalSteps: number): void {
    this.#frame = 0;
    const names = Object.keys(LESSONS[this.#id].runs);
    const longest = names.reduce((best, name) => ((histories[name]?.length ?? 0) > (histories[best]?.length ?? 0) ? name : best), names[0]);
    const x = (histories[longest] ?? []).map((m) => m.step);
    this.#liveChart?.setData(
      x,
      names.map((name, index) => ({ label: name, style: index, values: x.map((_, i) => histories[name]?.[i]?.loss ?? NaN) })),
    );
    const done = names.reduce((sum, name) => sum + (histories[name]?.at(-1)?.step ?? 0), 0);
    this.#status.textContent = lessonText(this.#options.language, 'lesson.running', {
      step: { value: done, style: 'integer' },
      steps: { value: totalSteps, style: 'integer' },
    });
  }

  #show(result: LessonResult): void {
    const language = this.#options.language;
    this.#result = result;
    // The live loss chart has done its job when the lesson's own plots include the same chart.
    if (result.plots.some((plot) => plot.titleKey === 'lesson.plot.loss')) {
      this.#liveChart?.destroy();
      this.#liveChart = null;
      this.#live.replaceChildren();
    }
    for (const plot of result.plots) this.#charts.push(this.#plot(plot));
    const look = element('section', 'lesson-look');
    look.append(element('h3', undefined, lessonText(language, 'lesson.look')));
    const list = element('ul');
    for (const sentence of result.sentences) list.append(element('li', undefined, sentenceText(language, sentence)));
    look.append(list);
    const claims = element('p', 'lesson-claims');
    const allHold = Object.values(result.claims).every(Boolean);
    claims.textContent = lessonText(language, allHold ? 'lesson.claimHolds' : 'lesson.claimFails');
    claims.dataset.holds = String(allHold);
    look.append(claims);
    this.#results.append(look);
    this.element.dataset.state = 'done';
    this.#options.onDone?.(result);
  }

  #plot(plot: LessonPlot): { destroy(): void } {
    const language = this.#options.language;
    const title = lessonText(language, plot.titleKey);
    if (plot.kind === 'curves') {
      const figure = element('figure', 'lesson-figure plot-widget');
      const host = element('div', 'lesson-curves');
      figure.append(element('figcaption', undefined, title), host);
      this.#results.append(figure);
      const chart = new CurveChart(host, { height: 260, xLabel: 'z', yLabel: '' });
      chart.setData(
        plot.x,
        plot.curves.map((curve, index) => ({ label: curve.label, values: curve.values, color: seriesColor(index), dash: seriesDash(index) })),
        plot.shades.map((shade) => ({ ...shade, color: SHADE })),
      );
      return chart;
    }
    const host = element('div', 'lesson-lines');
    this.#results.append(host);
    const chart = new LineChart(host, { title, name: `lesson-${plot.titleKey}`, xLabel: lessonText(language, plot.xLabelKey), log: plot.log, height: 220 });
    chart.setData(plot.x, plot.series.map((series, index) => ({ label: series.label, values: series.values, style: index })));
    return chart;
  }
}
