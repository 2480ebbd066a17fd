// panel.ts — the Compare panel: the shared experiment (the Train panel's
// config) run once per chosen activation and seed, every run in its own
// worker through lab.run, a few at a time. Seeds base, base+1, … are the same
// set for every activation, so each activation sees the same data and initial
// weights seed for seed. Curves show the mean and min–max band over seeds; the
// table sums up the last step; the export bar saves metrics and config.
//
// Built as every panel is (contract.ts). Its state is a CompareView: its own
// settings (reported through onStateChange after each edit) and the
// experiment it starts from (set by the host when Train's config changes).
// Every run's metrics go to onMetrics as "<activation>/<seed>"; onDone gets
// the results. setStrings() rebuilds the view; runs and results carry on.
// Built with DOM calls; text only via textContent.
import type { ActivationId, ExperimentConfig, FormulaParams, Lab, Metrics, Run } from '../../lib/types';
import type { MessageKey, MessageValues, Strings } from '../../i18n/strings';
import { BandChart, type BandGroup } from '../../plot/band-chart';
import { activationStyle } from '../../plot/activation-style';
import { formatNumber } from '../../plot/widget';
import { button, element } from '../../shared/dom';
import { prefersTap } from '../../shared/pointer';
import type { Panel, PanelCallbacks } from '../contract';
import { addPngButtons, download, exportBar } from '../export/files';
import { Glossary } from '../glossary';
import { formulaFields, type RefusedFormula } from '../formula-fields';
import { appendMetrics, band, emptySeries, summarize, type Range, type RunSeries } from './aggregate';
import {
  COMPARE_MAX_ACTIVATIONS,
  COMPARE_MAX_SEEDS,
  COMPARE_MAX_STEPS,
  COMPARE_MIN_ACTIVATIONS,
  COMPARE_MIN_SEEDS,
  compareConfig,
  type CompareSettings,
  type CompareView,
} from './state';
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

export type ComparePhase = 'idle' | 'running' | 'done' | 'stopped' | 'failed';

interface View {
  root: HTMLElement;
  /** The settings and the results side by side (carries data-phase). */
  body: HTMLElement;
  boxes: Map<ActivationId, HTMLInputElement>;
  /** Where the custom entry's formula fields go (shown while "custom" is ticked). */
  formula: HTMLElement;
  seeds: HTMLInputElement;
  steps: HTMLInputElement;
  log: HTMLInputElement;
  runButton: HTMLButtonElement;
  stopButton: HTMLButtonElement;
  progress: HTMLProgressElement;
  status: HTMLParagraphElement;
  base: HTMLParagraphElement;
  charts: { loss: BandChart; grad: BandChart; dead: BandChart };
  table: HTMLTableElement;
  glossary: Glossary;
}

function formatRange(range: Range): string {
  if (!Number.isFinite(range.mean)) return '–';
  if (range.min === range.max) return formatNumber(range.mean, 4);
  return `${formatNumber(range.mean, 4)} [${formatNumber(range.min, 3)}–${formatNumber(range.max, 3)}]`;
}

export class ComparePanel implements Panel<CompareView> {
  readonly #container: HTMLElement;
  readonly #lab: Lab;
  readonly #callbacks: PanelCallbacks<CompareView, readonly CompareResult[]>;
  #strings: Strings;
  #view: View;
  #settings: CompareSettings;
  #experiment: ExperimentConfig;
  #phase: ComparePhase = 'idle';
  #runs: Run[] = [];
  #results: CompareResult[] = [];
  #finished = 0;
  #failure = '';
  #generation = 0;
  #tableObserver: ResizeObserver | null = null;
  #refusedFormula: RefusedFormula | null = null;

  constructor(
    container: HTMLElement,
    lab: Lab,
    state: CompareView,
    callbacks: PanelCallbacks<CompareView, readonly CompareResult[]>,
    strings: Strings,
  ) {
    this.#container = container;
    this.#lab = lab;
    this.#callbacks = callbacks;
    this.#strings = strings;
    this.#settings = state.compare;
    this.#experiment = structuredClone(state.experiment);
    this.#view = this.#build();
    this.#show();
  }

  get element(): HTMLElement {
    return this.#view.root;
  }

  get state(): CompareView {
    return { compare: this.#settings, experiment: structuredClone(this.#experiment) };
  }

  get phase(): ComparePhase {
    return this.#phase;
  }

  /** Every finished or running run's config and reports (for export). */
  get results(): readonly CompareResult[] {
    return this.#results;
  }

  /** New settings or a new base experiment; a comparison in progress carries on with what it started with. */
  setState(state: CompareView): void {
    this.#settings = state.compare;
    this.#experiment = structuredClone(state.experiment);
    this.#show();
  }

  setStrings(strings: Strings): void {
    this.#strings = strings;
    this.#teardownView();
    this.#view = this.#build();
    this.#show();
    this.#draw();
  }

  /** Starts the comparison (stopping one in progress). */
  run(): void {
    this.stop();
    const { activations, seeds, steps } = this.#settings;
    if (activations.length < COMPARE_MIN_ACTIVATIONS || activations.length > COMPARE_MAX_ACTIVATIONS) {
      this.#show();
      return;
    }
    const generation = ++this.#generation;
    const base = this.#experiment;
    const baseSeed = base.seed ?? 1;
    const every = Math.max(1, Math.round(steps / REPORTS_PER_RUN));
    this.#results = [];
    for (const activation of activations) {
      for (let s = 0; s < seeds; s++) {
        const config = { ...compareConfig(base, activation, baseSeed + s, steps, this.#customParams()), every };
        this.#results.push({ activation, seed: baseSeed + s, config, series: emptySeries(), final: null });
      }
    }
    this.#finished = 0;
    this.#failure = '';
    this.#setPhase('running');
    this.#draw();

    let next = 0;
    const total = this.#results.length;
    const startNext = () => {
      if (generation !== this.#generation || next >= total) return;
      const result = this.#results[next++];
      const name = `${result.activation}/${result.seed}`;
      const run = this.#lab.run(result.config, {
        onMetrics: (metrics) => {
          if (generation !== this.#generation) return;
          appendMetrics(result.series, metrics);
          this.#callbacks.onMetrics?.({ run: name, metrics });
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
          this.#finished++;
          this.#draw();
          if (this.#finished === total) {
            this.#setPhase('done');
            this.#callbacks.onDone?.(this.#results);
          } else {
            this.#showProgress();
            startNext();
          }
        },
        (error: Error) => {
          if (generation !== this.#generation) return;
          this.stop();
          this.#failure = error.message;
          this.#setPhase('failed');
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
    if (wasRunning) this.#setPhase('stopped');
  }

  destroy(): void {
    this.stop();
    this.#teardownView();
  }

  #t(key: MessageKey, values?: MessageValues): string {
    return this.#strings.t(key, values);
  }

  #build(): View {
    const t = (key: MessageKey, values?: MessageValues) => this.#t(key, values);
    const root = element('div', 'compare-root');
    root.lang = this.#strings.htmlLang;
    const exports = element('div', 'export-bar');
    const body = element('div', 'compare-panel');
    body.dataset.phase = this.#phase;

    const side = element('div', 'compare-side');
    const settings = element('fieldset', 'compare-fieldset');
    settings.append(element('legend', undefined, t('compare.settings')));
    const list = element('fieldset', 'compare-activations');
    list.append(element('legend', undefined, t('compare.activations')));
    const boxes = new Map<ActivationId, HTMLInputElement>();
    for (const info of this.#lab.activations) {
      const label = element('label', 'check-row');
      const box = element('input');
      box.type = 'checkbox';
      box.value = info.id;
      box.addEventListener('change', () => this.#edit());
      label.append(box, element('span', undefined, info.name));
      list.append(label);
      boxes.set(info.id as ActivationId, box);
    }
    const formula = element('div', 'compare-formula');
    list.append(formula);
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
    const logLabel = element('label', 'check-row');
    const log = element('input');
    log.type = 'checkbox';
    log.addEventListener('change', () => this.#edit());
    logLabel.append(log, element('span', undefined, t('compare.logLoss')));

    const runButton = button(t('compare.run'), 'primary-button', 'compare-run');
    runButton.addEventListener('click', () => this.run());
    const stopButton = button(t('compare.stop'), 'small-button');
    stopButton.addEventListener('click', () => this.stop());
    const buttons = element('div', 'compare-buttons');
    buttons.append(runButton, stopButton);

    const progress = element('progress', 'compare-progress');
    const status = element('p', 'compare-status');
    status.setAttribute('role', 'status');
    const base = element('p', 'hint');
    settings.append(list, seeds.label, steps.label, logLabel);
    side.append(settings, buttons, progress, status, base);

    const main = element('div', 'compare-main');
    const chartHost = element('div', 'compare-charts');
    const chartText = { xLabel: t('compare.chart.step'), emptyText: t('compare.chart.noData') };
    const charts = {
      loss: new BandChart(chartHost, { ...chartText, title: t('compare.chart.loss'), name: 'compare-loss', log: this.#settings.logLoss }),
      grad: new BandChart(chartHost, { ...chartText, title: t('compare.chart.grad'), name: 'compare-grad', log: true }),
      dead: new BandChart(chartHost, { ...chartText, title: t('compare.chart.dead', { units: this.#hiddenUnits() }), name: 'compare-dead', wholeNumbers: true }),
    };
    const table = element('table', 'compare-table');
    table.id = 'compare-summary';
    // A table wider than the screen scrolls sideways: shadows at the edges with more columns, a hint, and keyboard scrolling.
    const tableWrap = element('div', 'table-wrap');
    tableWrap.setAttribute('role', 'region');
    tableWrap.setAttribute('aria-label', t('compare.table.caption'));
    tableWrap.append(table);
    const scrollHint = element('p', 'table-scroll-hint', t(prefersTap() ? 'compare.table.scrollHint.touch' : 'compare.table.scrollHint'));
    scrollHint.id = 'compare-scroll-hint';
    scrollHint.hidden = true;
    // The caption as a heading outside the scrolling box, so it is never cut off; the table keeps its <caption> for screen readers.
    const tableTitle = element('p', 'compare-table-title', t('compare.table.caption'));
    tableTitle.setAttribute('aria-hidden', 'true');
    main.append(chartHost, tableTitle, scrollHint, tableWrap);
    const showOverflow = () => {
      const more = tableWrap.scrollWidth - tableWrap.clientWidth;
      const left = tableWrap.scrollLeft > 1;
      const right = tableWrap.scrollLeft < more - 1;
      tableWrap.dataset.more = more <= 1 ? 'none' : left && right ? 'both' : left ? 'left' : 'right';
      scrollHint.hidden = more <= 1;
      // Reachable by keyboard (arrow keys scroll it) only when it scrolls.
      tableWrap.tabIndex = more > 1 ? 0 : -1;
    };
    tableWrap.addEventListener('scroll', showOverflow, { passive: true });
    this.#tableObserver?.disconnect();
    this.#tableObserver = new ResizeObserver(showOverflow);
    this.#tableObserver.observe(tableWrap);
    this.#tableObserver.observe(table);
    body.append(side, main);
    root.append(exports, body);
    this.#container.append(root);
    this.#buildExports(exports);
    addPngButtons(root, this.#strings);
    const glossary = new Glossary(root, this.#strings);
    charts.dead.figure.querySelector('figcaption')?.append(glossary.helpButton('dead'));
    return { glossary, root, body, boxes, formula, seeds: seeds.input, steps: steps.input, log, runButton, stopButton, progress, status, base, charts, table };
  }

  #buildExports(bar: HTMLElement): void {
    const t = (key: MessageKey) => this.#t(key);
    const status = element('span', 'export-status');
    status.setAttribute('role', 'status');
    const nothing = () => {
      if (this.#results.length === 0) throw new Error(t('export.nothing'));
    };
    exportBar(
      bar,
      [
        {
          id: 'compare-export-csv',
          label: t('export.metricsCsv'),
          run: () => {
            nothing();
            const lines = ['activation,seed,step,loss,grad_norm_layer1,dead_units,accuracy'];
            for (const result of this.#results) {
              const s = result.series;
              s.step.forEach((step, i) => {
                const cells = [s.loss[i], s.gradNorm[i], s.deadUnits[i], s.accuracy[i]].map((v) => (Number.isFinite(v) ? String(v) : ''));
                lines.push([result.activation, result.seed, step, ...cells].join(','));
              });
            }
            download('actlab-compare-metrics.csv', lines.join('\n') + '\n', 'text/csv');
          },
        },
        {
          id: 'compare-export-json',
          label: t('export.metricsJson'),
          run: () => {
            nothing();
            const runs = this.#results.map((r) => ({ activation: r.activation, seed: r.seed, config: r.config, ...r.series }));
            const finite = (_key: string, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value);
            download('actlab-compare-metrics.json', JSON.stringify({ compare: this.#settings, runs }, finite, 1), 'application/json');
          },
        },
        {
          id: 'compare-export-config',
          label: t('export.configJson'),
          run: () => download('actlab-compare-config.json', JSON.stringify({ experiment: this.#experiment, compare: this.#settings }, null, 2) + '\n', 'application/json'),
        },
      ],
      this.#strings,
      status,
    );
  }

  #teardownView(): void {
    this.#view.glossary.destroy();
    this.#tableObserver?.disconnect();
    this.#tableObserver = null;
    for (const chart of Object.values(this.#view.charts)) chart.destroy();
    this.#view.root.remove();
  }

  #setPhase(phase: ComparePhase): void {
    this.#phase = phase;
    this.#show();
  }

  #showProgress(): void {
    const view = this.#view;
    const total = this.#results.length;
    view.progress.max = Math.max(1, total);
    view.progress.value = this.#finished;
    const text = this.#t('compare.progress', { done: this.#finished, total });
    view.progress.setAttribute('aria-label', text);
    if (this.#phase === 'running') view.status.textContent = text;
  }

  /** What "custom" runs: the formula typed here, or the catalogue's default. */
  #customParams(): FormulaParams {
    const custom = this.#lab.activations.find((info) => info.custom)?.custom;
    return this.#settings.custom ?? { formula: custom?.defaultFormula ?? 'z*sigmoid(z)' };
  }

  /** The name of an activation in the legend and the table: "custom" shows its formula. */
  #name(id: string): string {
    if (id === 'custom') return `f(z) = ${this.#customParams().formula}`;
    return this.#lab.activations.find((info) => info.id === id)?.name ?? id;
  }

  /** The formula fields, while "custom" is ticked (formula-fields.ts). */
  #showFormula(): void {
    const view = this.#view;
    const custom = this.#lab.activations.find((info) => info.custom)?.custom;
    if (!custom || !this.#settings.activations.includes('custom' as ActivationId)) {
      view.formula.replaceChildren();
      delete view.formula.dataset.shown;
      return;
    }
    // Rebuilt only when what it shows changed, so typing in it is never interrupted.
    const key = JSON.stringify([this.#customParams(), this.#refusedFormula]);
    if (view.formula.dataset.shown === key) return;
    view.formula.dataset.shown = key;
    const fields = formulaFields({
      id: 'compare-formula',
      rowClass: 'compare-field',
      strings: this.#strings,
      custom,
      params: this.#customParams(),
      refused: this.#refusedFormula ?? undefined,
      check: (formula) => this.#lab.checkFormula(formula),
      onRefused: (refused) => (this.#refusedFormula = refused),
      onChange: (params) => {
        this.#settings = { ...this.#settings, custom: params };
        this.#edit();
      },
    });
    view.formula.replaceChildren(fields);
  }

  /** Reads the form into new settings and reports them. */
  #edit(): void {
    const view = this.#view;
    const activations = [...view.boxes].filter(([, box]) => box.checked).map(([id]) => id);
    const clamp = (value: number, min: number, max: number, fallback: number) => (Number.isInteger(value) ? Math.max(min, Math.min(max, value)) : fallback);
    this.#settings = {
      ...this.#settings,
      activations,
      seeds: clamp(view.seeds.valueAsNumber, COMPARE_MIN_SEEDS, COMPARE_MAX_SEEDS, this.#settings.seeds),
      steps: clamp(view.steps.valueAsNumber, 1, COMPARE_MAX_STEPS, this.#settings.steps),
      logLoss: view.log.checked,
    };
    this.#show();
    // The URL keeps only valid selections (2 to 6); the form may hold fewer while the user picks.
    if (activations.length >= COMPARE_MIN_ACTIVATIONS && activations.length <= COMPARE_MAX_ACTIVATIONS) this.#callbacks.onStateChange?.(this.state);
  }

  /** Shows settings, phase, status and the summary from the model. */
  #show(): void {
    const view = this.#view;
    const state = this.#settings;
    for (const [id, box] of view.boxes) box.checked = state.activations.includes(id);
    this.#showFormula();
    view.seeds.valueAsNumber = state.seeds;
    view.steps.valueAsNumber = state.steps;
    view.log.checked = state.logLoss;
    view.charts.loss.setLog(state.logLoss);
    view.body.dataset.phase = this.#phase;
    const count = state.activations.length;
    const validCount = count >= COMPARE_MIN_ACTIVATIONS && count <= COMPARE_MAX_ACTIVATIONS;
    view.runButton.disabled = this.#phase === 'running' || !validCount;
    view.stopButton.disabled = this.#phase !== 'running';
    this.#showProgress();
    const total = this.#results.length;
    switch (this.#phase) {
      case 'running':
        break;
      case 'done':
        view.status.textContent = this.#t('compare.done', { total });
        break;
      case 'stopped':
        view.status.textContent = this.#t('compare.stopped');
        break;
      case 'failed':
        view.status.textContent = this.#t('compare.failed', { message: this.#failure });
        break;
      default:
        view.status.textContent = validCount ? '' : this.#t('compare.tooFew');
    }
    if (this.#phase !== 'running' && !validCount) view.status.textContent = this.#t('compare.tooFew');
    this.#describeBase();
    this.#renderTable();
  }

  /** The line naming the shared experiment. */
  #describeBase(): void {
    const base = this.#experiment;
    const layers = base.model?.layers ?? [];
    const seed = base.seed ?? 1;
    const summary = this.#t('compare.baseSummary', {
      kind: base.data?.kind ?? 'moons',
      layers: layers.length,
      units: layers.map((layer) => layer.units ?? '?').join('/') || '–',
      optimizer: base.train?.optimizer?.kind ?? 'sgd',
      lr: base.train?.optimizer?.lr ?? '–',
      batch: base.train?.batchSize ?? '–',
    });
    this.#view.base.textContent = this.#t('compare.base', { summary, seeds: `${seed}…${seed + this.#settings.seeds - 1}` });
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
      const label = this.#name(activation);
      // Each activation has its own colour and dash, whatever else is compared.
      const look = activationStyle(activation);
      const make = (pick: (s: RunSeries) => number[]): BandGroup => ({ label, style, color: look.color, dash: look.dash, ...band(runs.map(pick), x.length) });
      loss.push(make((s) => s.loss));
      grad.push(make((s) => s.gradNorm));
      dead.push(make((s) => s.deadUnits));
    });
    return { x, loss, grad, dead };
  }

  #draw(): void {
    const { x, loss, grad, dead } = this.#groups();
    const charts = this.#view.charts;
    charts.loss.setData(x, loss);
    charts.grad.setData(x, grad);
    // Dead units as "k of n": the axis runs to the number of hidden units.
    const units = this.#hiddenUnits();
    charts.dead.setTitle(this.#t('compare.chart.dead', { units }));
    charts.dead.setYRange(units > 0 ? [0, units] : null);
    charts.dead.setData(x, dead);
  }

  /** Hidden units in all layers of the runs on show (of the experiment before the first run). */
  #hiddenUnits(): number {
    const config = this.#results[0]?.config ?? this.#experiment;
    return (config.model?.layers ?? []).reduce((sum, layer) => sum + (layer.units ?? 0), 0);
  }

  #renderTable(): void {
    const t = (key: MessageKey, values?: MessageValues) => this.#t(key, values);
    const caption = element('caption', 'visually-hidden', t('compare.table.caption'));
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
        const name = element('th', undefined, this.#name(activation));
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
          element('td', undefined, t('compare.table.ofUnits', { value: formatRange(summary.deadUnits), units: this.#hiddenUnits() })),
          element('td', undefined, steps90),
        );
        body.append(row);
      }
    }
    this.#view.table.replaceChildren(caption, head, body);
  }
}

/** The Compare panel, built as every panel is. */
export function createComparePanel(
  container: HTMLElement,
  lab: Lab,
  state: CompareView,
  callbacks: PanelCallbacks<CompareView, readonly CompareResult[]>,
  strings: Strings,
): ComparePanel {
  return new ComparePanel(container, lab, state, callbacks, strings);
}
