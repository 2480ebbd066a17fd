// main.ts — the page shell: picks the language, loads one Lab (SIMD where the
// browser has it) for every panel, restores the whole state from the URL hash
// and keeps the hash in step with it, runs the three tabs (Explore, Train,
// Compare; WAI-ARIA tabs with arrow keys), and wires the export buttons.
// Panels are built the first time their tab opens. Nothing from the URL ever
// reaches the page as HTML: errors are shown with textContent.
import { createLab } from '../lib';
import type { ExperimentConfig, Lab } from '../lib/types';
import { ComparePanel } from './compare/panel';
import { ExplorePanel } from './explore/panel';
import { addPngButtons, columnsToCsv, columnsToJson, download, exportBar } from './export/files';
import { pytorchSnippet } from './export/pytorch';
import { t, type AnyMessageKey as MessageKey } from './i18n/page';
import { applyLanguage, LANGUAGES, preferredLanguage, switchLanguage, type LanguageCode } from './i18n/language';
import { mountLessons } from './lessons/page-hook';
import { defaultAppState, PANELS, parseState, serializeState, type AppState, type Expected, type PanelName, type StateError } from './state';
import { TrainPanel } from './train/panel';
import '../plot/plot.css';
import './styles.css';

// Hash writes wait for edits to settle (a slider drag is many edits).
const HASH_WRITE_DELAY_MS = 150;

function requireElement<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`page is missing #${id}`);
  return found as T;
}

// ------------------------------------------------------------ language ---

const language = preferredLanguage();
applyLanguage(language);

function translateStaticText(): void {
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) node.textContent = t(node.dataset.i18n as MessageKey);
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    node.setAttribute('aria-label', t(node.dataset.i18nLabel as MessageKey));
  }
  document.title = t('app.title');
}

function setUpLanguageSwitch(beforeSwitch: () => void): void {
  const select = requireElement<HTMLSelectElement>('language');
  for (const { code, name } of LANGUAGES) {
    const option = document.createElement('option');
    option.value = code;
    option.textContent = name;
    option.lang = code === 'zh' ? 'zh-Hans' : 'en';
    select.append(option);
  }
  select.value = language;
  select.addEventListener('change', () => {
    beforeSwitch();
    switchLanguage(select.value as LanguageCode);
  });
}

// ----------------------------------------------------- state messages ---

function describeExpected(expected: Expected): string {
  switch (expected.type) {
    case 'number':
    case 'integer': {
      const ranged = expected.min !== undefined && expected.max !== undefined;
      const key = `state.expected.${expected.type}${ranged ? 'Range' : ''}` as MessageKey;
      return t(key, { min: expected.min ?? '', max: expected.max ?? '' });
    }
    case 'boolean':
      return t('state.expected.boolean');
    case 'one-of':
      return t('state.expected.oneOf', { values: expected.values.join(', ') });
    case 'list':
      return t('state.expected.list', { min: expected.min, max: expected.max, values: expected.values.join(', ') });
    case 'layers':
      return t('state.expected.layers');
    case 'params':
      return t('state.expected.params');
  }
}

function describeError(error: StateError): string {
  const field = error.field;
  switch (error.problem) {
    case 'version': return t('state.error.version', { field });
    case 'unknown': return t('state.error.unknown', { field });
    case 'duplicate': return t('state.error.duplicate', { field });
    case 'encoding': return t('state.error.encoding', { field });
    case 'syntax': return t('state.error.syntax', { field });
    case 'too-long': return t('state.error.tooLong');
    case 'invalid': return t('state.error.invalid', { field, expected: error.expected ? describeExpected(error.expected) : '?' });
  }
}

function showStateMessages(messages: readonly string[], configMessage: string | null): void {
  const box = requireElement('state-errors');
  const children: HTMLElement[] = [];
  if (messages.length > 0) {
    const title = document.createElement('p');
    title.textContent = t('state.error.title');
    const list = document.createElement('ul');
    for (const message of messages) {
      const item = document.createElement('li');
      item.textContent = message;
      list.append(item);
    }
    children.push(title, list);
  }
  if (configMessage) {
    const paragraph = document.createElement('p');
    paragraph.textContent = configMessage;
    children.push(paragraph);
  }
  box.replaceChildren(...children);
  box.hidden = children.length === 0;
}

// ---------------------------------------------------------------- page ---

class Page {
  readonly #lab: Lab;
  readonly #state: AppState;
  readonly #explore: ExplorePanel;
  readonly #tabs: HTMLButtonElement[];
  #train: TrainPanel | null = null;
  #compare: ComparePanel | null = null;
  #hashTimer = 0;
  #writtenHash = '';

  constructor(lab: Lab, state: AppState) {
    this.#lab = lab;
    this.#state = state;
    this.#explore = new ExplorePanel(
      lab,
      {
        picker: requireElement('activation-list'),
        range: requireElement('range-controls'),
        chart: requireElement('chart'),
        readout: requireElement('chart-readout'),
        summary: requireElement('chart-summary'),
        message: requireElement('message'),
        details: requireElement('details'),
      },
      state.explore,
      (explore) => {
        this.#state.explore = explore;
        this.scheduleHashWrite();
      },
    );
    this.#setUpExploreExport();
    this.#tabs = [...document.querySelectorAll<HTMLButtonElement>('.tabs [role="tab"]')];
    this.#setUpTabs();
    this.show(state.panel, false);
    this.writeHashNow();
    window.addEventListener('hashchange', () => {
      // A pasted or edited link: start again from it (the page's own writes use replaceState and fire nothing).
      if (location.hash !== this.#writtenHash) location.reload();
    });
  }

  get state(): AppState {
    return this.#state;
  }

  /** The experiment as Train shows it (or as restored, before Train was opened). */
  experiment(): ExperimentConfig {
    return this.#train ? this.#train.config : structuredClone(this.#state.experiment);
  }

  show(panel: PanelName, focus: boolean): void {
    for (const tab of this.#tabs) {
      const selected = tab.dataset.panel === panel;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      if (selected && focus) tab.focus();
      const host = document.getElementById(tab.getAttribute('aria-controls') ?? '');
      if (host) host.hidden = !selected;
    }
    document.body.dataset.panel = panel;
    this.#state.panel = panel;
    if (panel === 'train') this.#openTrain();
    if (panel === 'compare') this.#openCompare();
    this.scheduleHashWrite();
  }

  scheduleHashWrite(): void {
    clearTimeout(this.#hashTimer);
    this.#hashTimer = window.setTimeout(() => this.writeHashNow(), HASH_WRITE_DELAY_MS);
  }

  writeHashNow(): void {
    clearTimeout(this.#hashTimer);
    if (this.#train) this.#state.experiment = this.#train.config;
    const hash = serializeState(this.#state, this.#lab.activations);
    if (hash === this.#writtenHash) return;
    this.#writtenHash = hash;
    history.replaceState(null, '', hash);
    document.body.dataset.hash = hash;
  }

  #setUpTabs(): void {
    this.#tabs.forEach((tab, index) => {
      tab.addEventListener('click', () => this.show(tab.dataset.panel as PanelName, false));
      tab.addEventListener('keydown', (event) => {
        const last = this.#tabs.length - 1;
        const target =
          event.key === 'ArrowRight' ? (index + 1) % this.#tabs.length
          : event.key === 'ArrowLeft' ? (index + last) % this.#tabs.length
          : event.key === 'Home' ? 0
          : event.key === 'End' ? last
          : -1;
        if (target < 0) return;
        event.preventDefault();
        this.show(this.#tabs[target].dataset.panel as PanelName, true);
      });
    });
  }

  #openTrain(): void {
    if (this.#train) return;
    const host = requireElement('panel-train');
    const panel = new TrainPanel(host, this.#lab, this.#state.experiment);
    this.#train = panel;
    // For tests and tools: the panel hangs on its host, as widgets hang on theirs.
    (host as HTMLElement & { actlabPanel?: TrainPanel }).actlabPanel = panel;
    // The panel reports no edits; every edit starts as an input event, a change or a click in it.
    const sync = () => {
      this.scheduleHashWrite();
      this.#compare?.describeBase();
    };
    for (const type of ['change', 'input', 'click']) host.addEventListener(type, sync);
    new MutationObserver(() => addPngButtons(host)).observe(host, { childList: true, subtree: true });
    addPngButtons(host);
    this.#setUpTrainExport(panel);
    document.body.dataset.trainReady = 'true';
  }

  #openCompare(): void {
    if (this.#compare) return;
    const host = requireElement('panel-compare');
    const bar = document.createElement('div');
    bar.className = 'export-bar';
    host.append(bar);
    const panel = new ComparePanel(host, this.#lab, () => this.experiment(), this.#state.compare, (compare) => {
      this.#state.compare = compare;
      this.scheduleHashWrite();
    });
    this.#compare = panel;
    (host as HTMLElement & { actlabPanel?: ComparePanel }).actlabPanel = panel;
    addPngButtons(host);
    const status = document.createElement('span');
    status.className = 'export-status';
    status.setAttribute('role', 'status');
    const nothing = () => {
      if (panel.results.length === 0) throw new Error(t('export.nothing'));
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
            for (const result of panel.results) {
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
            const runs = panel.results.map((r) => ({ activation: r.activation, seed: r.seed, config: r.config, ...r.series }));
            download('actlab-compare-metrics.json', JSON.stringify({ compare: panel.state, runs }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1), 'application/json');
          },
        },
        {
          id: 'compare-export-config',
          label: t('export.configJson'),
          run: () => download('actlab-compare-config.json', JSON.stringify({ experiment: this.experiment(), compare: panel.state }, null, 2) + '\n', 'application/json'),
        },
      ],
      status,
    );
  }

  #setUpExploreExport(): void {
    exportBar(requireElement('explore-export'), [
      { id: 'explore-export-csv', label: t('export.curvesCsv'), run: () => download('actlab-curves.csv', this.#explore.curvesCsv(), 'text/csv') },
    ]);
    addPngButtons(requireElement('panel-explore'));
  }

  #setUpTrainExport(panel: TrainPanel): void {
    const status = document.createElement('span');
    status.className = 'export-status';
    status.setAttribute('role', 'status');
    const columns = (): [string, ArrayLike<number>][] => {
      const history = panel.history;
      if (history.length === 0) throw new Error(t('export.nothing'));
      const result: [string, ArrayLike<number>][] = (['step', 'loss', 'testLoss', 'accuracy', 'testAccuracy'] as const).map((key) => [key, history.column(key)]);
      for (let layer = 0; layer < history.layerCount; layer++) {
        const name = layer === history.layerCount - 1 ? 'output' : `layer${layer + 1}`;
        for (const [key, values] of Object.entries(history.layer(layer))) result.push([`${name}.${key}`, values]);
      }
      return result;
    };
    exportBar(
      requireElement('train-export'),
      [
        { id: 'train-export-csv', label: t('export.metricsCsv'), run: () => download('actlab-metrics.csv', columnsToCsv(columns()), 'text/csv') },
        {
          id: 'train-export-json',
          label: t('export.metricsJson'),
          run: () => download('actlab-metrics.json', columnsToJson(columns(), { config: panel.config }), 'application/json'),
        },
        {
          id: 'train-export-config',
          label: t('export.configJson'),
          run: () => download('actlab-config.json', JSON.stringify(panel.config, null, 2) + '\n', 'application/json'),
        },
        {
          id: 'train-export-pytorch',
          label: t('export.pytorch'),
          run: async () => {
            // The worker sends its live weights: nothing is retrained here.
            status.textContent = t('export.fetching');
            let snapshot;
            try {
              snapshot = await panel.snapshot();
            } catch {
              throw new Error(t('export.nothing'));
            }
            const text = pytorchSnippet(snapshot.config, snapshot.parameters, {
              step: snapshot.step,
              sampleInputs: snapshot.sampleInputs,
            });
            download('actlab_model.py', text, 'text/x-python');
            status.textContent = '';
          },
        },
      ],
      status,
    );
  }
}

async function main(): Promise<void> {
  translateStaticText();
  let page: Page | null = null;
  // Set up first, so the switch works even when the module fails to load.
  setUpLanguageSwitch(() => page?.writeHashNow());
  const status = requireElement('engine-status');
  let lab: Lab;
  try {
    lab = await createLab();
  } catch (error) {
    status.textContent = t('app.engine.failed', { message: (error as Error).message });
    status.classList.add('error');
    return;
  }
  status.textContent = lab.simd ? t('app.engine.simd') : t('app.engine.scalar');
  status.classList.add(lab.simd ? 'simd' : 'scalar');
  document.body.dataset.simd = String(lab.simd);

  const { state, errors } = parseState(location.hash, lab.activations);
  // The URL parser checks types; the experiment's ranges are checked once, in C++.
  let configMessage: string | null = null;
  try {
    lab.createExperiment(state.experiment).dispose();
  } catch (error) {
    configMessage = t('state.error.config', { message: (error as Error).message });
    state.experiment = defaultAppState(lab.activations).experiment;
  }
  showStateMessages(errors.map(describeError), configMessage);
  if (errors.length > 0 || configMessage) document.body.dataset.stateErrors = String(errors.length + (configMessage ? 1 : 0));

  page = new Page(lab, state);
  // The course lessons (lessons/page-hook.ts): the list, the lesson of #lesson=…, Copy embed code.
  const shell = page;
  mountLessons({
    lab,
    language,
    lesson: state.lesson,
    experiment: () => shell.experiment(),
    panel: () => shell.state.panel,
    after: requireElement('panel-compare').parentElement ?? document.body,
  });
  (window as Window & { actlabPage?: Page }).actlabPage = page;
  document.body.dataset.ready = 'true';
}

void main();
