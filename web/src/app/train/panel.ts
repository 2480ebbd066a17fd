// panel.ts — the Train panel: the settings form, the run controls (play,
// pause, one step, reset, speed), the status line, and the live charts.
// Training runs in a worker (session.ts); this controller only forwards
// commands and hands each report to the charts. The experiment config is the
// panel's whole state: `config` / setConfig() are how the page shell (URL
// state, export) reads and restores it.
import type { ExperimentConfig, ExperimentData, Lab, Metrics } from '../../lib/types';
import { formatNumber } from '../../plot/widget';
import { t } from '../i18n';
import { CURVE_POINTS, GRID_SIDE, TrainCharts } from './charts';
import { defaultTrainConfig, TrainForm } from './form';
import { MetricsHistory } from './history';
import { TrainingSession } from './session';
import type { ModelSnapshot } from './training-protocol';
import './train.css';

const SPEEDS = [1, 2, 5, 10, 20, 50, 100] as const;
const DEFAULT_SPEED = 5;
// Typing in a number field fires change on blur/enter; sliders fire once on release. A short delay merges bursts.
const RECREATE_DELAY_MS = 120;

export interface TrainPanelOptions {
  /** Called after every edit of the settings (not after setConfig), with the new config. */
  onConfigChange?: (config: ExperimentConfig) => void;
}

type RunState = 'loading' | 'idle' | 'running' | 'paused' | 'done' | 'diverged' | 'invalid' | 'failed';

function button(text: string, className: string): HTMLButtonElement {
  const node = document.createElement('button');
  node.type = 'button';
  node.className = className;
  node.textContent = text;
  return node;
}

export class TrainPanel {
  readonly element: HTMLElement;
  readonly charts: TrainCharts;
  readonly #form: TrainForm;
  readonly #session: TrainingSession;
  readonly #history = new MetricsHistory();
  readonly #playButton: HTMLButtonElement;
  readonly #stepButton: HTMLButtonElement;
  readonly #status: HTMLParagraphElement;
  readonly #error: HTMLParagraphElement;
  readonly #retry: HTMLButtonElement;
  readonly #readout: HTMLParagraphElement;
  #state: RunState = 'loading';
  #wantPlaying = false;
  #config: ExperimentConfig;
  #filled: ExperimentConfig | null = null;
  #data: ExperimentData | null = null;
  #metrics: Metrics | null = null;
  #recreateTimer = 0;
  readonly #onConfigChange: ((config: ExperimentConfig) => void) | undefined;

  constructor(container: HTMLElement, lab: Lab, config: ExperimentConfig = defaultTrainConfig(), options: TrainPanelOptions = {}) {
    this.#config = structuredClone(config);
    this.#onConfigChange = options.onConfigChange;
    this.element = document.createElement('div');
    this.element.className = 'train-panel';
    const side = document.createElement('div');
    side.className = 'train-side';

    const controls = document.createElement('div');
    controls.className = 'train-controls';
    controls.setAttribute('role', 'group');
    controls.setAttribute('aria-label', t('train.controls'));
    this.#playButton = button(t('train.play'), 'train-play');
    this.#playButton.addEventListener('click', () => this.togglePlay());
    this.#stepButton = button(t('train.step'), 'train-step');
    this.#stepButton.addEventListener('click', () => this.stepOnce());
    const reset = button(t('train.reset'), 'train-reset');
    reset.addEventListener('click', () => this.reset());
    const speedLabel = document.createElement('label');
    speedLabel.className = 'train-speed';
    const speed = document.createElement('select');
    speed.id = 'train-speed';
    for (const value of SPEEDS) {
      const option = document.createElement('option');
      option.value = String(value);
      option.textContent = String(value);
      speed.append(option);
    }
    speed.value = String(DEFAULT_SPEED);
    speed.addEventListener('change', () => this.#session.setSpeed(Number(speed.value)));
    speedLabel.append(document.createTextNode(t('train.speed')), speed);
    controls.append(this.#playButton, this.#stepButton, reset, speedLabel);

    this.#status = document.createElement('p');
    this.#status.className = 'train-status';
    this.#status.setAttribute('role', 'status');
    this.#readout = document.createElement('p');
    this.#readout.className = 'train-readout';
    this.#error = document.createElement('p');
    this.#error.className = 'train-error';
    this.#error.setAttribute('role', 'alert');
    this.#retry = button(t('train.retryLowerLr'), 'train-retry');
    this.#retry.hidden = true;
    this.#retry.addEventListener('click', () => this.#retryWithLowerLearningRate());

    this.#form = new TrainForm(lab.activations, this.#config, (next) => {
      this.#config = next;
      this.#scheduleRecreate();
      this.#onConfigChange?.(this.config);
    });
    side.append(controls, this.#status, this.#error, this.#retry, this.#readout, this.#form.element);
    this.element.append(side);
    container.append(this.element);
    this.charts = new TrainCharts(this.element, lab);

    this.#session = new TrainingSession(lab.variant, {
      onCreated: (filled, data) => this.#created(filled, data),
      onReport: (metrics, grid, playing) => this.#report(metrics, grid, playing),
      onError: (error) => this.#failed(error),
    });
    this.#session.setSpeed(DEFAULT_SPEED);
    this.#recreate();
  }

  /** The config as the form shows it (what a shared link should carry). */
  get config(): ExperimentConfig {
    return structuredClone(this.#config);
  }

  /** Replaces the whole config (e.g. from the URL) and starts over at step 0. */
  setConfig(config: ExperimentConfig): void {
    this.#config = structuredClone(config);
    this.#form.setConfig(this.#config);
    this.#recreate();
  }

  get state(): RunState {
    return this.#state;
  }

  get history(): MetricsHistory {
    return this.#history;
  }

  /** The latest metrics, or null before the first report. */
  get metrics(): Metrics | null {
    return this.#metrics;
  }

  /** The live model's weights, config and step, from the worker (for the exports). */
  snapshot(): Promise<ModelSnapshot> {
    return this.#session.snapshot();
  }

  togglePlay(): void {
    if (this.#wantPlaying) this.pause();
    else this.play();
  }

  play(): void {
    if (this.#state === 'diverged' || this.#state === 'invalid' || this.#state === 'failed' || this.#state === 'done') return;
    this.#wantPlaying = true;
    this.#session.play();
    this.#setState(this.#state === 'loading' ? 'loading' : 'running');
  }

  pause(): void {
    this.#wantPlaying = false;
    this.#session.pause();
    if (this.#state === 'running') this.#setState('paused');
    for (const widget of this.charts.widgets) widget.announce();
  }

  stepOnce(): void {
    if (this.#state === 'diverged' || this.#state === 'invalid' || this.#state === 'failed' || this.#state === 'loading' || this.#state === 'done') return;
    this.#wantPlaying = false;
    this.#session.step(1);
    this.#setState('paused');
  }

  reset(): void {
    this.#recreate();
  }

  destroy(): void {
    window.clearTimeout(this.#recreateTimer);
    this.#session.destroy();
    this.charts.destroy();
    this.element.remove();
  }

  #scheduleRecreate(): void {
    window.clearTimeout(this.#recreateTimer);
    this.#recreateTimer = window.setTimeout(() => this.#recreate(), RECREATE_DELAY_MS);
  }

  #recreate(): void {
    window.clearTimeout(this.#recreateTimer);
    this.#history.clear();
    this.#metrics = null;
    this.#error.textContent = '';
    this.#retry.hidden = true;
    this.#setState('loading');
    this.#session.create(this.#config, { w: GRID_SIDE, h: GRID_SIDE, curvePoints: CURVE_POINTS });
    // The worker keeps its play flag across experiments; say it again in case it was cleared by an end.
    if (this.#wantPlaying) this.#session.play();
    else this.#session.pause();
  }

  #created(filled: ExperimentConfig, data: ExperimentData): void {
    this.#filled = filled;
    this.#data = data;
    this.#form.showFilled(filled);
    this.charts.reset(filled, data);
  }

  #report(metrics: Metrics, grid: Float32Array | null, playing: boolean): void {
    this.#metrics = metrics;
    this.#history.add(metrics);
    const outputs = this.#filled?.model?.output?.units ?? 1;
    this.charts.update(this.#history, metrics, grid, this.#data ? { outputs } : null);
    const regression = metrics.accuracy === undefined;
    this.#readout.textContent = t(regression ? 'train.readout.regression' : 'train.readout', {
      step: metrics.step,
      loss: formatNumber(metrics.loss),
      testLoss: formatNumber(metrics.testLoss),
      accuracy: formatNumber(metrics.testAccuracy ?? metrics.accuracy),
    });
    if (metrics.status === 'diverged') {
      this.#wantPlaying = false;
      this.#setState('diverged');
      return;
    }
    if (metrics.status === 'done') {
      this.#wantPlaying = false;
      this.#setState('done');
      return;
    }
    this.#setState(this.#wantPlaying && playing ? 'running' : this.#wantPlaying ? 'running' : metrics.step === 0 ? 'idle' : 'paused');
  }

  #failed(error: Error): void {
    this.#wantPlaying = false;
    this.#session.pause();
    const invalid = error instanceof TypeError || error instanceof RangeError;
    this.#error.textContent = t(invalid ? 'train.status.invalid' : 'train.status.failed', { message: error.message });
    this.#setState(invalid ? 'invalid' : 'failed');
  }

  #retryWithLowerLearningRate(): void {
    const config = structuredClone(this.#config);
    config.train ??= {};
    config.train.optimizer ??= {};
    const lr = config.train.optimizer.lr ?? this.#filled?.train?.optimizer?.lr ?? 0.1;
    config.train.optimizer.lr = Number((lr / 10).toPrecision(6));
    this.setConfig(config);
    this.#onConfigChange?.(this.config);
    this.#playButton.focus();
  }

  #setState(state: RunState): void {
    const ended = (state === 'done' || state === 'diverged') && this.#state !== state;
    this.#state = state;
    if (ended) for (const widget of this.charts.widgets) widget.announce();
    this.element.dataset.state = state;
    const step = this.#metrics?.step ?? 0;
    const running = state === 'running' || (state === 'loading' && this.#wantPlaying);
    this.#playButton.textContent = running ? t('train.pause') : t('train.play');
    this.#playButton.setAttribute('aria-pressed', String(running));
    const blocked = state === 'diverged' || state === 'invalid' || state === 'failed' || state === 'done';
    this.#playButton.disabled = blocked;
    this.#stepButton.disabled = blocked;
    this.#retry.hidden = state !== 'diverged';
    let text: string;
    switch (state) {
      case 'loading':
        text = t('train.status.loading');
        break;
      case 'running':
        text = t('train.status.running', { step });
        break;
      case 'paused':
        text = t('train.status.paused', { step });
        break;
      case 'done':
        text = t('train.status.done', { step });
        break;
      case 'diverged':
        text = t('train.status.diverged', {
          step: this.#metrics?.divergedAt ?? step,
          lr: formatNumber(this.#filled?.train?.optimizer?.lr ?? this.#config.train?.optimizer?.lr),
        });
        break;
      case 'invalid':
      case 'failed':
        text = '';
        break;
      default:
        text = t('train.status.idle', { step });
    }
    // Rewriting the status every frame would keep a screen reader talking; update only on a change of state.
    if (this.#status.dataset.state !== state || state !== 'running') {
      this.#status.textContent = text;
      this.#status.dataset.state = state;
    }
  }
}
