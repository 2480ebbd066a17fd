// panel.ts — the Train panel: the settings form, the run controls (play,
// pause, one step, reset, speed), the status line, the live charts and the
// exports (metrics, config, the model as PyTorch).
//
// Training runs in a worker through lab.run, paced by the display (pace
// 'frame': one report per drawn frame, `speed` steps per report), with the
// decision grid in the reports; this controller only forwards commands and
// hands each report to the charts and the network view. Its state
// (contract.ts) is the experiment config and the unit selected in the network
// view: every edit of the config restarts the run at step 0; every edit is
// reported through onStateChange; setState() does the same for a state from
// outside (the URL). setStrings() rebuilds the view in another language while
// the run, its history and the last decision grid carry on.
import type { ConfigSchema, ExperimentConfig, ExperimentData, Lab, LayerParameters, Metrics, Run, RunSnapshot } from '../../lib/types';
import type { MessageKey, MessageValues, Strings } from '../../i18n/strings';
import { formatNumber } from '../../plot/widget';
import { button, element } from '../../shared/dom';
import type { Panel, PanelCallbacks } from '../contract';
import { addPngButtons, columnsToCsv, columnsToJson, download, exportBar } from '../export/files';
import { Glossary, type GlossaryTerm } from '../glossary';
import { CURVE_POINTS, GRID_SIDE, TrainCharts } from './charts';
import { applyFix, detectStall, diagnoseLayers, STALL_WINDOW, type Stall, type StallFix } from './diagnostics';
import { defaultTrainConfig, TrainForm } from './form';
import { NetworkView, type NetworkFrame, type UnitDetails } from '../network/view';
import { formatUnitRef, type UnitRef } from '../network/units';
import { MetricsHistory } from './history';
import { DataTools, defaultDataToolsSettings } from '../data/tools';
import { loadDataset, pendingDataset, withLocalData } from '../data/datasets';
import { drawnSetOf } from '../data/points';
import './train.css';

const SPEEDS = [1, 2, 5, 10, 20, 50, 100] as const;
const DEFAULT_SPEED = 5;
// Typing in a number field fires change on blur/enter; sliders fire once on release. A short delay merges bursts.
const RECREATE_DELAY_MS = 120;

/** Side of a unit's map in the network view (the maps are small boxes). */
const UNIT_MAP_SIDE = 16;
const UNIT_CURVE_POINTS = 32;

/** The inputs per example a config's data has (0 when the config does not say). */
export function inputsOf(config: ExperimentConfig, schema: ConfigSchema): number {
  const kind = config.data?.kind ?? 'moons';
  const known = schema.dataKinds.find((entry) => entry.name === kind)?.inputs ?? 0;
  const x = config.data?.x as ArrayLike<unknown> | undefined;
  const firstRow = x && x.length > 0 && typeof x[0] === 'object' ? (x[0] as ArrayLike<number>) : undefined;
  return known > 0 ? known : (config.data?.inputs ?? firstRow?.length ?? 0);
}

/** True when a config's data has classes (the kind's own rule, or data.classes for custom data). */
export function isClassification(config: ExperimentConfig, schema: ConfigSchema): boolean {
  const kind = config.data?.kind ?? 'moons';
  const classes = schema.dataKinds.find((entry) => entry.name === kind)?.classes;
  return classes === null || classes === undefined ? (config.data?.classes ?? 0) > 0 : classes > 0;
}

/** The unit grids the network view asks for: a map for 2 inputs, a curve for 1, none for more (or unknown). */
export function unitMapSize(config: ExperimentConfig, schema: ConfigSchema): { w: number; h: number } | null {
  const inputs = inputsOf(config, schema);
  if (inputs === 2) return { w: UNIT_MAP_SIDE, h: UNIT_MAP_SIDE };
  if (inputs === 1) return { w: UNIT_CURVE_POINTS, h: 1 };
  return null;
}

/** The Train panel's state: the experiment, and the unit selected in the network view (if any). */
export interface TrainState {
  config: ExperimentConfig;
  unit?: UnitRef | null;
}

export type TrainStatus = 'loading' | 'idle' | 'running' | 'paused' | 'done' | 'diverged' | 'invalid' | 'failed';

interface View {
  root: HTMLElement;
  form: TrainForm;
  charts: TrainCharts;
  play: HTMLButtonElement;
  step: HTMLButtonElement;
  speed: HTMLSelectElement;
  status: HTMLParagraphElement;
  error: HTMLParagraphElement;
  retry: HTMLButtonElement;
  readout: HTMLParagraphElement;
  stall: HTMLElement;
  diagnosis: HTMLElement;
  glossary: Glossary;
  network: NetworkView;
  dataTools: DataTools;
}

export class TrainPanel implements Panel<TrainState> {
  readonly #container: HTMLElement;
  readonly #lab: Lab;
  readonly #callbacks: PanelCallbacks<TrainState>;
  readonly #history = new MetricsHistory();
  #strings: Strings;
  #view: View;
  #config: ExperimentConfig;
  /** The selected unit; a requested one waits for the network's shape to be checked. */
  #unit: UnitRef | null = null;
  #parameters: LayerParameters[] | null = null;
  #unitGrids: Float32Array[] | null = null;
  #classMeans: Float32Array[] | null = null;
  #testPredictions: Float32Array | null = null;
  #run: Run | null = null;
  #status: TrainStatus = 'loading';
  #wantPlaying = false;
  #speed: number = DEFAULT_SPEED;
  #filled: ExperimentConfig | null = null;
  #data: ExperimentData | null = null;
  #metrics: Metrics | null = null;
  #grid: Float32Array | null = null;
  #errorText = '';
  #recreateTimer = 0;
  #stall: Stall | null = null;
  /** The diagnosis sentences on screen, so they are rewritten (and read out) only when they change. */
  #diagnosisText = '';
  /** The own-data tools' settings (Draw mode, the CSV read), kept across a rebuild of the view. */
  readonly #dataSettings = defaultDataToolsSettings();

  constructor(container: HTMLElement, lab: Lab, state: TrainState, callbacks: PanelCallbacks<TrainState>, strings: Strings) {
    this.#container = container;
    this.#lab = lab;
    this.#callbacks = callbacks;
    this.#strings = strings;
    // Custom data a link cannot carry comes from this browser (panels/data/storage.ts).
    this.#config = withLocalData(structuredClone(state.config));
    this.#unit = state.unit ?? null;
    this.#view = this.#build();
    this.#recreate();
  }

  get element(): HTMLElement {
    return this.#view.root;
  }

  /** The config as the form shows it and the selected unit (what a shared link should carry). */
  get state(): TrainState {
    return this.#unit ? { config: this.config, unit: { ...this.#unit } } : { config: this.config };
  }

  /** The config as the form shows it. */
  get config(): ExperimentConfig {
    return structuredClone(this.#config);
  }

  /** A state from outside (the URL): a different config starts over at step 0; the unit is selected once the network has it. */
  setState(state: TrainState): void {
    this.#unit = state.unit ?? null;
    if (JSON.stringify(state.config) !== JSON.stringify(this.#config)) this.setConfig(state.config);
    else this.#view.network.select(this.#unit);
  }

  /** Replaces the config and starts over at step 0. */
  setConfig(config: ExperimentConfig): void {
    this.#config = withLocalData(structuredClone(config));
    this.#view.form.setConfig(this.#config);
    this.#view.dataTools.setConfig(this.#config);
    this.#recreate();
  }

  setStrings(strings: Strings): void {
    this.#strings = strings;
    this.#teardownView();
    this.#view = this.#build();
    this.#redraw();
  }

  /** What the run is doing. */
  get status(): TrainStatus {
    return this.#status;
  }

  get charts(): TrainCharts {
    return this.#view.charts;
  }

  get history(): MetricsHistory {
    return this.#history;
  }

  /** The latest metrics, or null before the first report. */
  get metrics(): Metrics | null {
    return this.#metrics;
  }

  /** The live model's weights, config and step (for the exports); after the run's end, its final model. */
  async snapshot(): Promise<RunSnapshot> {
    const run = this.#run;
    if (!run) throw new Error('there is no run');
    if (run.parameters && this.#filled && this.#metrics && this.#data) {
      const inputs = this.#data.inputs;
      return { step: this.#metrics.step, config: this.#filled, parameters: run.parameters, sampleInputs: this.#data.x.slice(0, 5 * inputs) };
    }
    return run.snapshot();
  }

  togglePlay(): void {
    if (this.#wantPlaying) this.pause();
    else this.play();
  }

  play(): void {
    if (this.#blocked()) return;
    this.#wantPlaying = true;
    this.#run?.resume();
    this.#setStatus(this.#status === 'loading' ? 'loading' : 'running');
  }

  pause(): void {
    this.#wantPlaying = false;
    this.#run?.pause();
    if (this.#status === 'running') this.#setStatus('paused');
    for (const widget of this.#view.charts.widgets) widget.announce();
  }

  stepOnce(): void {
    if (this.#blocked() || this.#status === 'loading') return;
    this.#wantPlaying = false;
    this.#run?.step(1);
    this.#setStatus('paused');
  }

  reset(): void {
    this.#recreate();
  }

  destroy(): void {
    window.clearTimeout(this.#recreateTimer);
    this.#run?.stop();
    this.#run = null;
    this.#teardownView();
  }

  #t(key: MessageKey, values?: MessageValues): string {
    return this.#strings.t(key, values);
  }

  #blocked(): boolean {
    return this.#status === 'diverged' || this.#status === 'invalid' || this.#status === 'failed' || this.#status === 'done';
  }

  #build(): View {
    const t = (key: MessageKey, values?: MessageValues) => this.#t(key, values);
    const root = element('div', 'train-panel');
    root.lang = this.#strings.htmlLang;
    const exports = element('div', 'export-bar');
    exports.id = 'train-export';
    const side = element('div', 'train-side');

    const controls = element('div', 'train-controls');
    controls.setAttribute('role', 'group');
    controls.setAttribute('aria-label', t('train.controls'));
    const play = button(t('train.play'), 'train-play');
    play.addEventListener('click', () => this.togglePlay());
    const step = button(t('train.step'), 'train-step');
    step.addEventListener('click', () => this.stepOnce());
    const reset = button(t('train.reset'), 'train-reset');
    reset.addEventListener('click', () => this.reset());
    const speedLabel = element('label', 'train-speed');
    const speed = element('select');
    speed.id = 'train-speed';
    for (const value of SPEEDS) {
      const option = element('option', undefined, String(value));
      option.value = String(value);
      speed.append(option);
    }
    speed.value = String(this.#speed);
    speed.addEventListener('change', () => {
      this.#speed = Number(speed.value);
      this.#run?.setSpeed(this.#speed);
    });
    speedLabel.append(document.createTextNode(t('train.speed')), speed);
    controls.append(play, step, reset, speedLabel);

    const status = element('p', 'train-status');
    status.setAttribute('role', 'status');
    const readout = element('p', 'train-readout');
    const error = element('p', 'train-error');
    error.setAttribute('role', 'alert');
    const retry = button(t('train.retryLowerLr'), 'train-retry');
    retry.hidden = true;
    retry.addEventListener('click', () => this.#retryWithLowerLearningRate());
    const stall = element('div', 'train-stall');
    stall.setAttribute('role', 'alert');
    stall.hidden = true;
    const glossary = new Glossary(root, this.#strings);

    const form = new TrainForm(
      this.#lab,
      this.#config,
      (next) => {
        this.#config = next;
        this.#view.dataTools.setConfig(next);
        this.#scheduleRecreate();
        this.#callbacks.onStateChange?.(this.state);
      },
      this.#strings,
      (term) => glossary.helpButton(term),
    );
    side.append(controls, status, error, retry, stall, readout, form.element);
    root.append(exports, side);
    this.#container.append(root);
    const charts = new TrainCharts(root, this.#lab, this.#strings);
    // The words that explain the charts: what their terms mean, and what the gradients say.
    const helpFor: [HTMLElement, GlossaryTerm[]][] = [
      [charts.deadUnits.figure, ['dead', 'inactive']],
      [charts.saturation.figure, ['saturated', 'fmax']],
      [charts.histograms.figure, ['saturated']],
    ];
    for (const [figure, terms] of helpFor) {
      const caption = figure.querySelector('figcaption');
      for (const term of terms) caption?.append(glossary.helpButton(term));
    }
    const network = new NetworkView(charts.element, {
      strings: this.#strings,
      onSelect: (ref) => {
        this.#unit = ref;
        this.#callbacks.onStateChange?.(this.state);
      },
      requestDetails: (ref) => this.#unitDetails(ref),
    });
    // Second on the page, after the decision map: what each unit does.
    charts.decision.figure.after(network.figure);
    network.figure.classList.add('train-chart-wide');
    const diagnosis = element('section', 'train-diagnosis');
    diagnosis.setAttribute('aria-live', 'polite');
    charts.element.after(diagnosis);
    // Draw, CSV and the data's export (panels/data), above the settings.
    const dataTools = new DataTools({
      lab: this.#lab,
      strings: this.#strings,
      settings: this.#dataSettings,
      config: () => this.#config,
      data: () => this.#data,
      decision: charts.decision,
      onData: (data) => this.#useData(data),
    });
    form.element.before(dataTools.element);
    const view: View = { root, form, charts, play, step, speed, status, error, retry, readout, stall, diagnosis, glossary, network, dataTools };
    this.#buildExports(exports);
    addPngButtons(root, this.#strings);
    return view;
  }

  #buildExports(bar: HTMLElement): void {
    const t = (key: MessageKey) => this.#t(key);
    const status = element('span', 'export-status');
    status.setAttribute('role', 'status');
    const columns = (): [string, ArrayLike<number>][] => {
      const history = this.#history;
      if (history.length === 0) throw new Error(t('export.nothing'));
      const result: [string, ArrayLike<number>][] = (['step', 'loss', 'testLoss', 'accuracy', 'testAccuracy'] as const).map((key) => [key, history.column(key)]);
      for (let layer = 0; layer < history.layerCount; layer++) {
        const name = layer === history.layerCount - 1 ? 'output' : `layer${layer + 1}`;
        for (const [key, values] of Object.entries(history.layer(layer))) result.push([`${name}.${key}`, values]);
      }
      return result;
    };
    exportBar(
      bar,
      [
        { id: 'train-export-csv', label: t('export.metricsCsv'), run: () => download('actlab-metrics.csv', columnsToCsv(columns()), 'text/csv') },
        { id: 'train-export-json', label: t('export.metricsJson'), run: () => download('actlab-metrics.json', columnsToJson(columns(), { config: this.state }), 'application/json') },
        { id: 'train-export-config', label: t('export.configJson'), run: () => download('actlab-config.json', JSON.stringify(this.state, null, 2) + '\n', 'application/json') },
        {
          id: 'train-export-pytorch',
          label: t('export.pytorch'),
          run: async () => {
            // The worker sends its live weights: nothing is retrained here.
            status.textContent = t('export.fetching');
            let snapshot: RunSnapshot;
            try {
              snapshot = await this.snapshot();
            } catch {
              throw new Error(t('export.nothing'));
            }
            // One implementation: the npm module's (custom formulas become torch operations there).
            const text = this.#lab.toPyTorch(snapshot.config, snapshot.parameters, { step: snapshot.step, sampleInputs: snapshot.sampleInputs });
            download('actlab_model.py', text, 'text/x-python');
            status.textContent = '';
          },
        },
      ],
      this.#strings,
      status,
    );
  }

  /** New data from the own-data tools (a drawn set, a CSV table): the run starts over on it. */
  #useData(data: NonNullable<ExperimentConfig['data']>): void {
    const config = structuredClone(this.#config);
    const before = config.data;
    config.data = data;
    // A head chosen for other data may not fit this; it follows the data again when the classes change.
    if (before?.kind !== data.kind || before?.classes !== data.classes || before?.inputs !== data.inputs) delete config.model?.output;
    // A batch larger than a small set's training part (drawn points, a short CSV) would be refused: the default (min(32, training examples)) fits.
    const rows = (data.y as ArrayLike<unknown> | undefined)?.length ?? 0;
    const training = Math.max(1, rows - Math.round(rows * (data.testFraction ?? 0.2)));
    if (rows > 0 && (config.train?.batchSize ?? 0) > training) delete config.train!.batchSize;
    this.#config = config;
    this.#view.form.setConfig(config);
    this.#view.dataTools.setConfig(config);
    this.#scheduleRecreate();
    this.#callbacks.onStateChange?.(this.state);
  }

  #teardownView(): void {
    this.#view.dataTools.destroy();
    this.#view.network.destroy();
    this.#view.glossary.destroy();
    this.#view.charts.destroy();
    this.#view.root.remove();
    this.#diagnosisText = '';
  }

  /** Shows the model (config, data, history, status) in a freshly built view. */
  #redraw(): void {
    if (this.#filled && this.#data) {
      this.#view.form.showFilled(this.#filled);
      this.#view.charts.reset(this.#filled, this.#data);
      if (this.#testPredictions) this.#view.charts.setTestPredictions(this.#testPredictions, this.#filled.model?.output?.units ?? 1);
      this.#view.dataTools.runStarted(this.#data);
      this.#view.network.setShape(this.#shapeOf(this.#filled, this.#data));
      if (this.#unit) this.#view.network.select(this.#unit);
    }
    if (this.#metrics) {
      this.#drawReport(this.#metrics, this.#grid);
      this.#view.network.update({ metrics: this.#metrics, parameters: this.#parameters, unitGrids: this.#unitGridFrame(this.#unitGrids), classMeans: this.#classMeansFrame(this.#classMeans) });
    }
    this.#showStall();
    this.#view.error.textContent = this.#errorText;
    this.#setStatus(this.#status, true);
  }

  #scheduleRecreate(): void {
    window.clearTimeout(this.#recreateTimer);
    this.#recreateTimer = window.setTimeout(() => this.#recreate(), RECREATE_DELAY_MS);
  }

  #recreate(): void {
    window.clearTimeout(this.#recreateTimer);
    this.#run?.stop();
    this.#history.clear();
    this.#metrics = null;
    this.#filled = null;
    this.#data = null;
    this.#grid = null;
    this.#parameters = null;
    this.#unitGrids = null;
    this.#classMeans = null;
    this.#testPredictions = null;
    this.#errorText = '';
    this.#view.error.textContent = '';
    this.#stall = null;
    this.#showStall();
    this.#run = null;
    // A drawn set with no points yet: nothing to train until there are some.
    const drawn = drawnSetOf(this.#config.data);
    if (drawn && drawn.y.length === 0) {
      this.#view.charts.decision.setGrid(null);
      this.#setStatus('idle');
      this.#view.status.textContent = this.#t('train.status.drawFirst');
      return;
    }
    this.#setStatus('loading');
    // breast_cancer and digits are loaded on demand (docs/datasets.md), once per Lab.
    const pending = pendingDataset(this.#lab, this.#config);
    if (pending) {
      this.#view.status.textContent = this.#t('train.status.loadingDataset', { kind: pending });
      const config = this.#config;
      loadDataset(this.#lab, pending).then(
        () => {
          if (this.#config === config && this.#run === null) this.#startRun();
        },
        (error: unknown) => {
          if (this.#config !== config) return;
          this.#wantPlaying = false;
          this.#errorText = this.#t('train.status.datasetFailed', { kind: pending, message: error instanceof Error ? error.message : String(error) });
          this.#view.error.textContent = this.#errorText;
          this.#setStatus('failed');
        },
      );
      return;
    }
    this.#startRun();
  }

  #startRun(): void {
    const run = this.#lab.run(this.#config, {
      paused: !this.#wantPlaying,
      pace: 'frame',
      stepsPerReport: this.#speed,
      decisionGrid: { w: GRID_SIDE, h: GRID_SIDE, curvePoints: CURVE_POINTS },
      parameters: true,
      // Each hidden unit's own map, where the input plane is one the map can show (1 or 2 inputs).
      ...(unitMapSize(this.#config, this.#lab.schema) ? { unitGrids: unitMapSize(this.#config, this.#lab.schema)! } : {}),
      // More inputs than a map can show: how the test set comes out, and each unit's mean output per class.
      ...(inputsOf(this.#config, this.#lab.schema) > 2 ? { testPredictions: true, classMeans: isClassification(this.#config, this.#lab.schema) } : {}),
      withData: true,
      // Reports of a replaced run are dropped.
      onStart: (info) => {
        if (run === this.#run && info.data) this.#started(info.config, info.data);
      },
      onMetrics: (metrics, report) => {
        if (run !== this.#run) return;
        if (report.testPredictions) {
          this.#testPredictions = report.testPredictions;
          this.#view.charts.setTestPredictions(report.testPredictions, this.#filled?.model?.output?.units ?? 1);
        }
        if (report.classMeans) this.#classMeans = report.classMeans;
        this.#report(metrics, report.decisionGrid ?? null, report.parameters ?? null, report.unitGrids ?? null, report.classMeans ?? null);
      },
      onError: (error) => {
        if (run === this.#run) this.#failed(error);
      },
    });
    this.#run = run;
  }

  #started(filled: ExperimentConfig, data: ExperimentData): void {
    this.#filled = filled;
    this.#data = data;
    this.#view.form.showFilled(filled);
    this.#view.charts.reset(filled, data);
    this.#view.dataTools.runStarted(data);
    const network = this.#view.network;
    network.setShape(this.#shapeOf(filled, data));
    // A unit that this network does not have (a link, or a layer removed by an edit) is let go, with a word when it came from outside.
    const wanted = this.#unit;
    if (wanted && !network.select(wanted)) {
      this.#unit = null;
      this.#callbacks.onMessage?.(this.#t('network.noSuchUnit', { unit: formatUnitRef(wanted) }));
      this.#callbacks.onStateChange?.(this.state);
    }
  }

  /** The selected unit's pre-activations (from the run) over its activation's |f′| (from the module). */
  async #unitDetails(ref: UnitRef): Promise<UnitDetails | null> {
    const run = this.#run;
    if (!run || run.parameters) return null;
    const histogram = await run.unitHistogram(ref.layer, ref.unit);
    if (histogram.lo === null || histogram.hi === null) return null;
    const layer = this.#filled?.model?.layers?.[ref.layer];
    const z = new Float32Array(65);
    for (let i = 0; i < z.length; i++) z[i] = histogram.lo + ((histogram.hi - histogram.lo) * i) / (z.length - 1);
    let derivative: Float32Array = new Float32Array(0);
    if (layer) {
      try {
        derivative = this.#lab.evaluate(layer.activation ?? 'relu', z, layer.params).dydz;
      } catch {
        // A parameter the module refuses is the form's error to show; draw the bars alone.
      }
    }
    return { lo: histogram.lo, hi: histogram.hi, counts: histogram.counts, derivative };
  }

  /** Unit grids as the network view takes them (with their size), or null. */
  #unitGridFrame(grids: Float32Array[] | null): { w: number; h: number; grids: Float32Array[] } | null {
    const size = unitMapSize(this.#config, this.#lab.schema);
    return grids && size ? { ...size, grids } : null;
  }

  /** Class means as the network view takes them (with the classes' names), or null. */
  #classMeansFrame(means: Float32Array[] | null): NetworkFrame['classMeans'] {
    const data = this.#data;
    if (!means || !data || data.classes <= 0) return null;
    const names = Array.from({ length: data.classes }, (_, c) => data.classNames[c] ?? String(c));
    return { classes: data.classes, names, means };
  }

  #shapeOf(filled: ExperimentConfig, data: ExperimentData) {
    return {
      inputs: data.inputs,
      layers: (filled.model?.layers ?? []).map((layer) => ({ units: layer.units ?? 0, activation: layer.activation ?? 'relu' })),
      outputs: filled.model?.output?.units ?? 1,
    };
  }

  #report(metrics: Metrics, grid: Float32Array | null, parameters: LayerParameters[] | null, unitGrids: Float32Array[] | null, classMeans: Float32Array[] | null): void {
    this.#metrics = metrics;
    if (grid) this.#grid = grid;
    if (parameters) this.#parameters = parameters;
    if (unitGrids) this.#unitGrids = unitGrids;
    this.#history.add(metrics);
    this.#drawReport(metrics, grid);
    this.#view.network.update({ metrics, parameters, unitGrids: this.#unitGridFrame(unitGrids), classMeans: this.#classMeansFrame(classMeans) });
    this.#callbacks.onMetrics?.({ run: 'train', metrics });
    this.#updateStall(metrics);
    if (metrics.status === 'diverged' || metrics.status === 'done') {
      this.#wantPlaying = false;
      this.#setStatus(metrics.status);
      return;
    }
    this.#setStatus(this.#wantPlaying ? 'running' : metrics.step === 0 ? 'idle' : 'paused');
  }

  #drawReport(metrics: Metrics, grid: Float32Array | null): void {
    const outputs = this.#filled?.model?.output?.units ?? 1;
    this.#view.charts.update(this.#history, metrics, grid, this.#data ? { outputs } : null);
    this.#showDiagnosis(metrics);
    const regression = metrics.accuracy === undefined;
    this.#view.readout.textContent = this.#t(regression ? 'train.readout.regression' : 'train.readout', {
      step: metrics.step,
      loss: formatNumber(metrics.loss),
      testLoss: formatNumber(metrics.testLoss),
      accuracy: formatNumber(metrics.testAccuracy ?? metrics.accuracy),
    });
  }

  /** The per-layer sentences under the charts, rewritten only when they change. */
  #showDiagnosis(metrics: Metrics): void {
    const t = (key: MessageKey, values?: MessageValues) => this.#t(key, values);
    const count = metrics.layers.length;
    const name = (layer: number) => (layer === count - 1 ? t('diagnosis.output') : t('diagnosis.layer', { index: layer + 1 }));
    const sentences: string[] = [];
    for (const diagnosis of diagnoseLayers(metrics)) {
      const value = formatNumber(diagnosis.gradNorm, 2);
      if (diagnosis.verdict === 'zero') sentences.push(t('diagnosis.zero', { layer: name(diagnosis.layer) }));
      else if (diagnosis.verdict === 'exploding') sentences.push(t('diagnosis.exploding', { layer: name(diagnosis.layer), value }));
      else if (diagnosis.verdict === 'vanishing') {
        sentences.push(
          diagnosis.ratio !== undefined
            ? t('diagnosis.vanishing', { layer: name(diagnosis.layer), value, ratio: formatNumber(diagnosis.ratio, 2) })
            : t('diagnosis.vanishingSmall', { layer: name(diagnosis.layer), value }),
        );
      }
    }
    if (sentences.length === 0 && metrics.step > 0) sentences.push(t('diagnosis.healthy'));
    const text = sentences.join('\n');
    if (text === this.#diagnosisText) return;
    this.#diagnosisText = text;
    const box = this.#view.diagnosis;
    if (sentences.length === 0) {
      box.replaceChildren();
      return;
    }
    const list = element('ul');
    for (const sentence of sentences) list.append(element('li', undefined, sentence));
    box.replaceChildren(element('h3', undefined, t('diagnosis.title')), list);
  }

  #updateStall(metrics: Metrics): void {
    if (!this.#filled) return;
    const stall = detectStall({ step: this.#history.column('step'), loss: this.#history.column('loss') }, metrics, this.#filled);
    const same = JSON.stringify(stall) === JSON.stringify(this.#stall);
    const newlyStalled = (stall === null) !== (this.#stall === null);
    this.#stall = stall;
    if (!same) this.#showStall();
    // The status line says it too; it is otherwise rewritten only on a change of state.
    if (newlyStalled) this.#setStatus(this.#status, true);
  }

  /** The stall message: what the metrics show, the likely cause, and a button per fix. */
  #showStall(): void {
    const box = this.#view.stall;
    const stall = this.#stall;
    box.hidden = stall === null;
    this.#view.root.dataset.stalled = String(stall !== null);
    if (!stall) {
      box.replaceChildren();
      return;
    }
    const t = (key: MessageKey, values?: MessageValues) => this.#t(key, values);
    const count = this.#metrics?.layers.length ?? 0;
    const layerName = stall.layer === count - 1 ? t('chart.outputLayer') : t('chart.layerName', { index: stall.layer + 1 });
    const layer = this.#metrics?.layers[stall.layer];
    const symptom =
      stall.symptom === 'dead'
        ? t('stall.dead', { reports: STALL_WINDOW, dead: layer?.deadUnits ?? 0, units: layer?.units ?? 0, layer: layerName })
        : t('stall.zero', { reports: STALL_WINDOW, layer: layerName });
    const cause = t(`stall.cause.${stall.cause}` as MessageKey, {
      lr: formatNumber(this.#filled?.train?.optimizer?.lr),
      bias: formatNumber(this.#filled?.model?.biasInit),
    });
    const fixes = element('div', 'train-stall-fixes');
    for (const fix of stall.fixes) {
      const label = t(`stall.fix.${fix.kind}` as MessageKey, fix.kind === 'lower-lr' ? { lr: formatNumber(fix.lr, 4) } : undefined);
      const action = button(label, 'train-fix');
      action.dataset.fix = fix.kind;
      action.addEventListener('click', () => this.#applyFix(fix));
      fixes.append(action);
    }
    box.replaceChildren(element('p', undefined, symptom), element('p', undefined, cause), fixes);
  }

  /** Restarts with the fix applied, playing: one click from the stall to a run that learns. */
  #applyFix(fix: StallFix): void {
    this.#wantPlaying = true;
    this.setConfig(applyFix(this.#config, fix));
    this.#callbacks.onStateChange?.(this.state);
    this.#view.play.focus();
  }

  #failed(error: Error): void {
    this.#wantPlaying = false;
    const invalid = error instanceof TypeError || error instanceof RangeError;
    this.#errorText = this.#t(invalid ? 'train.status.invalid' : 'train.status.failed', { message: error.message });
    this.#view.error.textContent = this.#errorText;
    this.#setStatus(invalid ? 'invalid' : 'failed');
  }

  #retryWithLowerLearningRate(): void {
    const config = structuredClone(this.#config);
    config.train ??= {};
    config.train.optimizer ??= {};
    const lr = config.train.optimizer.lr ?? this.#filled?.train?.optimizer?.lr ?? 0.1;
    config.train.optimizer.lr = Number((lr / 10).toPrecision(6));
    this.setConfig(config);
    this.#callbacks.onStateChange?.(this.state);
    this.#view.play.focus();
  }

  #setStatus(status: TrainStatus, rebuilt = false): void {
    const view = this.#view;
    const ended = (status === 'done' || status === 'diverged') && this.#status !== status;
    this.#status = status;
    if (ended) for (const widget of view.charts.widgets) widget.announce();
    view.root.dataset.state = status;
    const step = this.#metrics?.step ?? 0;
    const running = status === 'running' || (status === 'loading' && this.#wantPlaying);
    view.play.textContent = running ? this.#t('train.pause') : this.#t('train.play');
    view.play.setAttribute('aria-pressed', String(running));
    const blocked = this.#blocked();
    view.play.disabled = blocked;
    view.step.disabled = blocked;
    view.retry.hidden = status !== 'diverged';
    let text: string;
    switch (status) {
      case 'loading':
        text = this.#t('train.status.loading');
        break;
      case 'running':
        text = this.#t(this.#stall ? 'train.status.stalled' : 'train.status.running', { step });
        break;
      case 'paused':
        text = this.#t('train.status.paused', { step });
        break;
      case 'done':
        text = this.#t('train.status.done', { step });
        break;
      case 'diverged':
        text = this.#t('train.status.diverged', {
          step: this.#metrics?.divergedAt ?? step,
          lr: formatNumber(this.#filled?.train?.optimizer?.lr ?? this.#config.train?.optimizer?.lr),
        });
        break;
      case 'invalid':
      case 'failed':
        text = '';
        break;
      default:
        text = this.#t('train.status.idle', { step });
    }
    // Rewriting the status every frame would keep a screen reader talking; update only on a change of state.
    if (rebuilt || view.status.dataset.state !== status || status !== 'running') {
      view.status.textContent = text;
      view.status.dataset.state = status;
    }
  }
}

/** The Train panel, built as every panel is; its state is the experiment config and the selected unit. */
export function createTrainPanel(
  container: HTMLElement,
  lab: Lab,
  state: TrainState = { config: defaultTrainConfig() },
  callbacks: PanelCallbacks<TrainState> = {},
  strings: Strings,
): TrainPanel {
  return new TrainPanel(container, lab, state, callbacks, strings);
}
