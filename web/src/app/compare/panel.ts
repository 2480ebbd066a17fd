// panel.ts — the Compare panel: the shared experiment (the Train panel's
// config) run once per chosen activation and seed, every run in its own
// worker through lab.run, a few at a time. Seeds base, base+1, … are the same
// set for every activation, so each activation sees the same data and initial
// weights seed for seed. Curves show the mean and min–max band over seeds; the
// table sums up the last step. Built with DOM calls; text only via textContent.
import type { ActivationId, ExperimentConfig, Lab, Metrics, Run } from '../../lib/types';
import { BandChart, type BandGroup } from '../../plot/band-chart';
import { formatNumber } from '../../plot/widget';
import { element } from '../explore/controls';
import { t } from '../i18n/page';
import {
  COMPARE_MAX_ACTIVATIONS,
  COMPARE_MAX_SEEDS,
  COMPARE_MAX_STEPS,
  COMPARE_MIN_ACTIVATIONS,
  COMPARE_MIN_SEEDS,
  compareConfig,
  type CompareState,
} from '../state';
import { appendMetrics, band, emptySeries, summarize, type Range, type RunSeries } from './aggregate';
import './compare.css';

/** Reports per run: enough points for smooth curves, few enough to stay cheap. */
const REPORTS_PER_RUN = 100;

/** Workers at once: two on a two-core machine, at most four. */
export function concurrency(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(2, Math.min(4, cores));
}

export interface CompareResult {
  activation: ActivationId;
  seed: number;
  config: ExperimentConfig;
  series: RunSeries;
  final: Metrics | null;
}

type Phase = 'idle' | 'running' | 'done' | 'stopped' | 'failed';

export class ComparePanel {
  readonly element: HTMLElement;
  readonly #lab: Lab;
  readonly #experiment: () => ExperimentConfig;
  readonly #onChange: (state: CompareState) => void;
  readonly #boxes = new Map<ActivationId, HTMLInputElement>();
  readonly #seeds: HTMLInputElement;
  readonly #steps: HTMLInputElement;
  readonly #log: HTMLInputElement;
  readonly #runButton: HTMLButtonElement;
  readonly #stopButton: HTMLButtonElement;
  readonly #progress: HTMLProgressElement;
  readonly #status: HTMLParagraphElement;
  readonly #base: HTMLParagraphElement;
  readonly #charts: { loss: BandChart; grad: BandChart; dead: BandChart };
  readonly #table: HTMLTableElement;
  #state: CompareState;
  #phase: Phase = 'idle';
  #runs: Run[] = [];
  #results: CompareResult[] = [];
  #generation = 0;

  constructor(container: HTMLElement, lab: Lab, experiment: () => ExperimentConfig, state: CompareState, onChange: (state: CompareState) => void) {
    this.#lab = lab;
    this.#experiment = experiment;
    this.#state = state;
    this.#onChange = onChange;
    this.element = element('div', 'compare-panel');
    this.element.dataset.phase = 'idle';

    const side = element('div', 'compare-side');
    const settings = element('fieldset', 'compare-fieldset');
    settings.append(element('legend', undefined, t('compare.settings')));
    const list = element('fieldset', 'compare-activations');
    list.append(element('legend', undefined, t('compare.activations')));
    for (const info of lab.activations) {
      const label = element('label', 'check-row');
      const box = element('input');
      box.type = 'checkbox';
      box.value = info.id;
      box.addEventListener('change', () => this.#edit());
      label.append(box, element('span', undefined, info.name));
      list.append(label);
      this.#boxes.set(info.id as ActivationId, box);
    }
    const numberField = (labelKey: 'compare.seeds' | 'compare.steps', min: number, max: number, id: string) => {
      const label = element('label', 'compare-field');
      const input = element('input');
      input.type = 'number';
      input.min = String(min);
      input.max = String(max);
      input.step = '1';
      input.id = id;
      input.addEventListener('change', () => this.#edit());
      label.append(element('span', undefined, t(labelKey)), input);
      return { label, input };
    };
    const seeds = numberField('compare.seeds', COMPARE_MIN_SEEDS, COMPARE_MAX_SEEDS, 'compare-seeds');
    const steps = numberField('compare.steps', 1, COMPARE_MAX_STEPS, 'compare-steps');
    this.#seeds = seeds.input;
    this.#steps = steps.input;
    const logLabel = element('label', 'check-row');
    this.#log = element('input');
    this.#log.type = 'checkbox';
    this.#log.addEventListener('change', () => this.#edit());
    logLabel.append(this.#log, element('span', undefined, t('compare.logLoss')));

    this.#runButton = element('button', 'primary-button', t('compare.run'));
    this.#runButton.type = 'button';
    this.#runButton.id = 'compare-run';
    this.#runButton.addEventListener('click', () => this.run());
    this.#stopButton = element('button', 'small-button', t('compare.stop'));
    this.#stopButton.type = 'button';
    this.#stopButton.disabled = true;
    this.#stopButton.addEventListener('click', () => this.stop());
    const buttons = element('div', 'compare-buttons');
    buttons.append(this.#runButton, this.#stopButton);

    this.#progress = element('progress', 'compare-progress');
    this.#progress.value = 0;
    this.#progress.max = 1;
    this.#progress.setAttribute('aria-label', t('compare.progress', { done: 0, total: 0 }));
    this.#status = element('p', 'compare-status');
    this.#status.setAttribute('role', 'status');
    this.#base = element('p', 'hint');
    settings.append(list, seeds.label, steps.label, logLabel);
    side.append(settings, buttons, this.#progress, this.#status, this.#base);

    const main = element('div', 'compare-main');
    const charts = element('div', 'compare-charts');
    this.#charts = {
      loss: new BandChart(charts, { title: t('compare.chart.loss'), name: 'compare-loss', xLabel: t('compare.chart.step'), log: state.logLoss, emptyText: t('compare.chart.noData') }),
      grad: new BandChart(charts, { title: t('compare.chart.grad'), name: 'compare-grad', xLabel: t('compare.chart.step'), log: true, emptyText: t('compare.chart.noData') }),
      dead: new BandChart(charts, { title: t('compare.chart.dead'), name: 'compare-dead', xLabel: t('compare.chart.step'), emptyText: t('compare.chart.noData') }),
    };
    this.#table = element('table', 'compare-table');
    this.#table.id = 'compare-summary';
    const tableWrap = element('div', 'table-wrap');
    tableWrap.append(this.#table);
    main.append(charts, tableWrap);
    this.element.append(side, main);
    container.append(this.element);
    this.#show();
    this.#renderTable();
  }

  get state(): CompareState {
    return this.#state;
  }

  get phase(): Phase {
    return this.#phase;
  }

  /** Every finished or running run's config and reports (for export). */
  get results(): readonly CompareResult[] {
    return this.#results;
  }

  setState(state: CompareState): void {
    this.#state = state;
    this.#show();
  }

  /** Starts the comparison (stopping one in progress). */
  run(): void {
    this.stop();
    const { activations, seeds, steps } = this.#state;
    if (activations.length < COMPARE_MIN_ACTIVATIONS || activations.length > COMPARE_MAX_ACTIVATIONS) {
      this.#status.textContent = t('compare.tooFew');
      return;
    }
    const generation = ++this.#generation;
    const base = this.#experiment();
    const baseSeed = base.seed ?? 1;
    const every = Math.max(1, Math.round(steps / REPORTS_PER_RUN));
    this.#results = [];
    for (const activation of activations) {
      for (let s = 0; s < seeds; s++) {
        const config = { ...compareConfig(base, activation, baseSeed + s, steps), every };
        this.#results.push({ activation, seed: baseSeed + s, config, series: emptySeries(), final: null });
      }
    }
    this.#setPhase('running');
    this.#updateProgress(0);
    this.#draw();
    this.#renderTable();

    let next = 0;
    let finished = 0;
    const total = this.#results.length;
    const startNext = () => {
      if (generation !== this.#generation || next >= total) return;
      const result = this.#results[next++];
      const run = this.#lab.run(result.config, {
        onMetrics: (metrics) => {
          if (generation !== this.#generation) return;
          appendMetrics(result.series, metrics);
          this.#draw();
        },
        onError: () => {},
      });
      this.#runs.push(run);
      run.done.then(
        (metrics) => {
          if (generation !== this.#generation) return;
          appendMetrics(result.series, metrics);
          result.final = metrics;
          this.#runs = this.#runs.filter((r) => r !== run);
          this.#updateProgress(++finished);
          this.#draw();
          if (finished === total) {
            this.#setPhase('done');
            this.#status.textContent = t('compare.done', { total });
            this.#renderTable();
          } else {
            startNext();
          }
        },
        (error: Error) => {
          if (generation !== this.#generation) return;
          this.stop();
          this.#setPhase('failed');
          this.#status.textContent = t('compare.failed', { message: error.message });
        },
      );
    };
    for (let i = 0; i < Math.min(concurrency(), total); i++) startNext();
  }

  stop(): void {
    const wasRunning = this.#phase === 'running';
    this.#generation++;
    for (const run of this.#runs) run.stop();
    this.#runs = [];
    if (wasRunning) {
      this.#setPhase('stopped');
      this.#status.textContent = t('compare.stopped');
      this.#renderTable();
    }
  }

  destroy(): void {
    this.stop();
    for (const chart of Object.values(this.#charts)) chart.destroy();
    this.element.remove();
  }

  #setPhase(phase: Phase): void {
    this.#phase = phase;
    this.element.dataset.phase = phase;
    this.#runButton.disabled = phase === 'running';
    this.#stopButton.disabled = phase !== 'running';
  }

  #updateProgress(done: number): void {
    const total = this.#results.length;
    this.#progress.max = Math.max(1, total);
    this.#progress.value = done;
    const text = t('compare.progress', { done, total });
    this.#progress.setAttribute('aria-label', text);
    if (this.#phase === 'running') this.#status.textContent = text;
  }

  /** Reads the form into a new state and reports it. */
  #edit(): void {
    const activations = [...this.#boxes].filter(([, box]) => box.checked).map(([id]) => id);
    const clamp = (value: number, min: number, max: number, fallback: number) =>
      Number.isInteger(value) ? Math.max(min, Math.min(max, value)) : fallback;
    this.#state = {
      activations,
      seeds: clamp(this.#seeds.valueAsNumber, COMPARE_MIN_SEEDS, COMPARE_MAX_SEEDS, this.#state.seeds),
      steps: clamp(this.#steps.valueAsNumber, 1, COMPARE_MAX_STEPS, this.#state.steps),
      logLoss: this.#log.checked,
    };
    this.#show();
    // The URL keeps only valid selections (2 to 6); the form may hold fewer while the user picks.
    if (activations.length >= COMPARE_MIN_ACTIVATIONS && activations.length <= COMPARE_MAX_ACTIVATIONS) this.#onChange(this.#state);
  }

  #show(): void {
    const state = this.#state;
    for (const [id, box] of this.#boxes) box.checked = state.activations.includes(id);
    this.#seeds.valueAsNumber = state.seeds;
    this.#steps.valueAsNumber = state.steps;
    this.#log.checked = state.logLoss;
    this.#charts.loss.setLog(state.logLoss);
    const count = state.activations.length;
    this.#runButton.disabled = this.#phase === 'running' || count < COMPARE_MIN_ACTIVATIONS || count > COMPARE_MAX_ACTIVATIONS;
    if (this.#phase !== 'running') this.#status.textContent = count < COMPARE_MIN_ACTIVATIONS || count > COMPARE_MAX_ACTIVATIONS ? t('compare.tooFew') : '';
    this.describeBase();
  }

  /** The line naming the shared experiment (call when the Train panel's config changed). */
  describeBase(): void {
    const base = this.#experiment();
    const layers = base.model?.layers ?? [];
    const seed = base.seed ?? 1;
    const summary = t('compare.baseSummary', {
      kind: base.data?.kind ?? 'moons',
      layers: layers.length,
      units: layers.map((layer) => layer.units ?? '?').join('/') || '–',
      optimizer: base.train?.optimizer?.kind ?? 'sgd',
      lr: base.train?.optimizer?.lr ?? '–',
      batch: base.train?.batchSize ?? '–',
    });
    this.#base.textContent = t('compare.base', { summary, seeds: `${seed}…${seed + this.#state.seeds - 1}` });
  }

  #groups(): { x: number[]; loss: BandGroup[]; grad: BandGroup[]; dead: BandGroup[] } {
    const activations = [...new Set(this.#results.map((r) => r.activation))];
    let x: number[] = [];
    for (const result of this.#results) if (result.series.step.length > x.length) x = result.series.step;
    const loss: BandGroup[] = [];
    const grad: BandGroup[] = [];
    const dead: BandGroup[] = [];
    activations.forEach((activation, style) => {
      const runs = this.#results.filter((r) => r.activation === activation).map((r) => r.series);
      const label = this.#lab.activations.find((info) => info.id === activation)?.name ?? activation;
      const make = (pick: (s: RunSeries) => number[]): BandGroup => ({ label, style, ...band(runs.map(pick), x.length) });
      loss.push(make((s) => s.loss));
      grad.push(make((s) => s.gradNorm));
      dead.push(make((s) => s.deadUnits));
    });
    return { x, loss, grad, dead };
  }

  #draw(): void {
    const { x, loss, grad, dead } = this.#groups();
    this.#charts.loss.setData(x, loss);
    this.#charts.grad.setData(x, grad);
    this.#charts.dead.setData(x, dead);
  }

  #renderTable(): void {
    const caption = element('caption', undefined, t('compare.table.caption'));
    const head = element('thead');
    const headRow = element('tr');
    for (const key of ['compare.table.activation', 'compare.table.loss', 'compare.table.accuracy', 'compare.table.dead', 'compare.table.steps90'] as const) {
      const cell = element('th', undefined, t(key));
      cell.scope = 'col';
      headRow.append(cell);
    }
    head.append(headRow);
    const body = element('tbody');
    const finished = this.#phase === 'done' || this.#phase === 'stopped';
    const activations = [...new Set(this.#results.map((r) => r.activation))];
    if (finished) {
      for (const activation of activations) {
        const runs = this.#results.filter((r) => r.activation === activation && r.series.step.length > 0);
        if (runs.length === 0) continue;
        const summary = summarize(runs.map((r) => r.series));
        const row = element('tr');
        row.dataset.activation = activation;
        const name = element('th', undefined, this.#lab.activations.find((info) => info.id === activation)?.name ?? activation);
        name.scope = 'row';
        const steps90 =
          summary.reached90 === 0
            ? t('compare.table.never')
            : summary.reached90 < summary.runs
              ? t('compare.table.partly', { value: formatRange(summary.stepsTo90), reached: summary.reached90, total: summary.runs })
              : formatRange(summary.stepsTo90);
        row.append(
          name,
          element('td', undefined, formatRange(summary.finalLoss)),
          element('td', undefined, formatRange(summary.accuracy)),
          element('td', undefined, formatRange(summary.deadUnits)),
          element('td', undefined, steps90),
        );
        body.append(row);
      }
    }
    this.#table.replaceChildren(caption, head, body);
  }
}

function formatRange(range: Range): string {
  if (!Number.isFinite(range.mean)) return '–';
  if (range.min === range.max) return formatNumber(range.mean, 4);
  return `${formatNumber(range.mean, 4)} [${formatNumber(range.min, 3)}–${formatNumber(range.max, 3)}]`;
}
