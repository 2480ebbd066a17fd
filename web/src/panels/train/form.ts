// form.ts — the Train panel's settings: data, network, initialisation and
// optimisation, edited as one ExperimentConfig (docs/config.md). Built with
// DOM calls only; values from a config are set as properties, never as HTML.
// Its lists (data kinds, heads, inits, optimisers, activations) and the
// inputs' limits come from the module (lab.schema, lab.activations), so it
// offers what the C++ accepts. It does not validate: the C++ parser does, and
// the panel shows its message.
// Each group is a <details> section whose summary sums it up ("moons, 400
// examples"): open on wide screens, closed on narrow ones, so that on a phone
// the run controls and the decision map come first; a reader's opening or
// closing is kept across re-renders.
import type { ActivationInfo, ConfigSchema, FormulaInfo, FormulaParams } from '../../lib/types';
import type {
  ActivationId,
  DataKind,
  ExperimentConfig,
  HeadKind,
  InitKind,
  LayerConfig,
  OptimizerKind,
} from '../../lib/types';
import type { MessageKey, Strings } from '../../i18n/strings';
import { element } from '../../shared/dom';
import type { GlossaryTerm } from '../glossary';
import { formatSliderValue, sliderGrid, sliderValue } from '../slider-step';
import { formulaFields, type RefusedFormula } from '../formula-fields';

/** More hidden layers than the page offers to add (the config allows more; a link may hold them). */
const MAX_LAYERS = 8;
/** Below this width the sections start closed (the page's one-column layout, train.css). */
const NARROW = '(max-width: 760px)';

/** What the form builds its lists and limits from: a Lab is one. */
export interface FormCatalogue {
  readonly activations: readonly ActivationInfo[];
  readonly schema: ConfigSchema;
  /** lab.checkFormula, for a layer of activation "custom". */
  checkFormula(formula: string): FormulaInfo;
}

function schemaField(schema: ConfigSchema, path: string) {
  return schema.fields.find((field) => field.path === path);
}

function choices(schema: ConfigSchema, path: string): readonly string[] {
  return schemaField(schema, path)?.choices ?? [];
}

/** The page's starting experiment: moons, two hidden layers of 8 ReLU units. */
export function defaultTrainConfig(): ExperimentConfig {
  return {
    seed: 1,
    data: { kind: 'moons', n: 400, noise: 0.1, testFraction: 0.2 },
    model: {
      layers: [
        { units: 8, activation: 'relu' },
        { units: 8, activation: 'relu' },
      ],
      init: 'he_normal',
      biasInit: 0,
    },
    train: { optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 32, weightDecay: 0 },
    steps: 1000000,
  };
}


/**
 * A labelled control in a row: <label for> + control. `path` is the config
 * field it edits ("data.n", "model.layers.0.units"): it makes the id stable
 * across re-renders (so focus survives them) and finds the default to show.
 */
function field(path: string, labelText: string, control: HTMLElement): HTMLElement {
  const row = element('div', 'train-field');
  const label = element('label', undefined, labelText);
  control.id = `train-${path.replace(/\./g, '-')}`;
  control.dataset.path = path;
  label.htmlFor = control.id;
  row.append(label, control);
  return row;
}

function select(options: readonly string[], current: string, onChange: (value: string) => void, names?: (value: string) => string): HTMLSelectElement {
  const box = element('select');
  for (const value of options) {
    const option = element('option', undefined, names ? names(value) : value);
    option.value = value;
    box.append(option);
  }
  box.value = current;
  box.addEventListener('change', () => onChange(box.value));
  return box;
}

/** An empty field leaves the value out of the config, so the parser's default applies (shown as placeholder). */
function numberInput(value: number | undefined, onChange: (value: number | undefined) => void, step = 'any', min?: number, max?: number): HTMLInputElement {
  const input = element('input');
  input.type = 'number';
  input.step = step;
  if (min !== undefined) input.min = String(min);
  if (max !== undefined) input.max = String(max);
  if (value !== undefined) input.valueAsNumber = value;
  input.addEventListener('change', () => onChange(input.value === '' ? undefined : input.valueAsNumber));
  return input;
}

export class TrainForm {
  readonly element: HTMLFormElement;
  readonly #activations: readonly ActivationInfo[];
  readonly #schema: ConfigSchema;
  readonly #checkFormula: (formula: string) => FormulaInfo;
  /** What was typed in a custom layer's formula box and refused, with the module's message, by layer index. */
  readonly #formulaErrors = new Map<number, RefusedFormula>();
  readonly #onChange: (config: ExperimentConfig) => void;
  readonly #strings: Strings;
  readonly #help: ((term: GlossaryTerm) => HTMLElement) | undefined;
  #config: ExperimentConfig;
  #filled: ExperimentConfig | null = null;
  // Which sections the reader opened or closed, by legend key.
  readonly #open = new Map<MessageKey, boolean>();
  readonly #briefs = new Map<MessageKey, HTMLElement>();

  /** `help` makes the "?" button that explains a term next to a field's label (the glossary). */
  constructor(
    catalogue: FormCatalogue,
    config: ExperimentConfig,
    onChange: (config: ExperimentConfig) => void,
    strings: Strings,
    help?: (term: GlossaryTerm) => HTMLElement,
  ) {
    this.#strings = strings;
    this.#help = help;
    this.#activations = catalogue.activations;
    this.#schema = catalogue.schema;
    this.#checkFormula = (formula) => catalogue.checkFormula(formula);
    this.#onChange = onChange;
    this.#config = structuredClone(config);
    this.element = element('form', 'train-form');
    this.element.noValidate = true;
    this.element.addEventListener('submit', (event) => event.preventDefault());
    this.#render();
  }

  get config(): ExperimentConfig {
    return structuredClone(this.#config);
  }

  /** Shows the values the parser filled in (docs/config.md defaults) as placeholders of empty fields. */
  showFilled(filled: ExperimentConfig): void {
    this.#filled = filled;
    this.#showBriefs();
    for (const input of this.element.querySelectorAll<HTMLInputElement>('input[type="number"][data-path]')) {
      let value: unknown = filled;
      for (const key of input.dataset.path!.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
      input.placeholder = typeof value === 'number' ? String(value) : '';
    }
  }

  /** Shows `config` (e.g. from the URL) without reporting a change. */
  setConfig(config: ExperimentConfig): void {
    this.#config = structuredClone(config);
    this.#formulaErrors.clear();
    this.#render();
  }

  #change(edit: (config: ExperimentConfig) => void, rerender = false): void {
    edit(this.#config);
    if (rerender) this.#render();
    else this.#showBriefs();
    this.#onChange(this.config);
  }

  /** The schema's range of a field, for an input's min and max. */
  #range(path: string): [number | undefined, number | undefined] {
    const field = schemaField(this.#schema, path);
    return [field?.min, field?.max];
  }

  #render(): void {
    const t = this.#strings.t;
    const range = (path: string) => this.#range(path);
    // Data kinds from the schema; 'custom' only when the config already holds custom data.
    const dataKinds = this.#schema.dataKinds.map((kind) => kind.name).filter((kind) => kind !== 'custom' || this.#config.data?.kind === 'custom');
    const heads = ['auto', ...choices(this.#schema, 'model.output.activation')];
    // Inside a shadow root the focused element is the root's, not the document's.
    const root = this.element.getRootNode() as Document | ShadowRoot;
    const focusedId = root.activeElement?.id;
    const config = this.#config;
    config.data ??= {};
    config.model ??= {};
    config.train ??= {};
    config.train.optimizer ??= {};
    const data = config.data;
    const model = config.model;
    const train = config.train;
    const optimizer = train.optimizer!;

    const dataSet = this.#fieldset('train.data');
    const source = this.#schema.dataKinds.find((kind) => kind.name === (data.kind ?? 'moons'))?.source ?? 'generator';
    dataSet.append(
      field('data.kind', t('train.data.kind'), select(dataKinds, data.kind ?? 'moons', (v) => this.#change((c) => {
        // Another kind starts from its own defaults: size, noise, classes, standardisation and custom arrays belong to the old one.
        c.data = { kind: v as DataKind, ...(c.data?.testFraction !== undefined ? { testFraction: c.data.testFraction } : {}) };
        // A head chosen for the old kind may not fit the new one; let it follow the data again.
        if (c.model?.output) delete c.model.output;
      }, true))),
    );
    // The generators' size and noise; a dataset's size is its own, custom data's is its rows.
    if (source === 'generator') {
      dataSet.append(
        field('data.n', t('train.data.n'), numberInput(data.n, (v) => this.#change((c) => (c.data!.n = v)), '1', ...range('data.n'))),
        field('data.noise', t('train.data.noise'), numberInput(data.noise, (v) => this.#change((c) => (c.data!.noise = v)), '0.05', ...range('data.noise'))),
      );
    }
    dataSet.append(
      field('data.testFraction', t('train.data.testFraction'), numberInput(data.testFraction, (v) => this.#change((c) => (c.data!.testFraction = v)), '0.05', ...range('data.testFraction'))),
    );
    // Checked as the parser's default when the config leaves it out: true for the datasets and CSV data, false for the generators and drawn points.
    const standardize = element('input');
    standardize.type = 'checkbox';
    const filledStandardize = this.#filled?.data?.kind === data.kind ? this.#filled?.data?.standardize : undefined;
    standardize.checked = data.standardize ?? filledStandardize ?? source === 'dataset';
    standardize.addEventListener('change', () => this.#change((c) => (c.data!.standardize = standardize.checked)));
    const standardizeRow = field('data.standardize', t('train.data.standardize'), standardize);
    standardizeRow.classList.add('train-field-check');
    dataSet.append(standardizeRow);
    if (data.kind === 'spiral' || data.kind === 'blobs') {
      dataSet.append(field('data.classes', t('train.data.classes'), numberInput(data.classes, (v) => this.#change((c) => (c.data!.classes = v)), '1', ...range('data.classes'))));
    }
    dataSet.append(field('seed', t('train.data.seed'), numberInput(config.seed, (v) => this.#change((c) => (c.seed = v)), '1', ...range('seed'))));

    const networkSet = this.#fieldset('train.network');
    const layers = model.layers ?? [];
    const list = element('ol', 'train-layers');
    layers.forEach((layer, index) => list.append(this.#layerCard(layer, index)));
    const add = element('button', 'train-add-layer', t('train.layer.add'));
    add.type = 'button';
    add.disabled = layers.length >= MAX_LAYERS;
    add.addEventListener('click', () =>
      this.#change((c) => {
        const previous = c.model!.layers?.[c.model!.layers.length - 1];
        c.model!.layers = [...(c.model!.layers ?? []), { units: previous?.units ?? 8, activation: previous?.activation ?? 'relu', ...(previous?.params ? { params: { ...previous.params } } : {}) }];
      }, true),
    );
    networkSet.append(list, add);
    networkSet.append(
      this.#withHelp('head', field('model.output.activation', t('train.head'), select(heads, model.output?.activation ?? 'auto', (v) => this.#change((c) => {
        if (v === 'auto') delete c.model!.output;
        else c.model!.output = { activation: v as HeadKind };
      }), (v) => (v === 'auto' ? t('train.head.auto', { head: this.#autoHead() }) : v)))),
      this.#withHelp('init', field('model.init', t('train.init'), select(choices(this.#schema, 'model.init'), model.init ?? 'he_normal', (v) => this.#change((c) => (c.model!.init = v as InitKind), true)))),
    );
    if (model.init === 'normal') {
      networkSet.append(field('model.initStd', t('train.initStd'), numberInput(model.initStd, (v) => this.#change((c) => (c.model!.initStd = v)), '0.01', ...range('model.initStd'))));
    }
    networkSet.append(field('model.biasInit', t('train.biasInit'), numberInput(model.biasInit, (v) => this.#change((c) => (c.model!.biasInit = v)), '0.1', ...range('model.biasInit'))));

    const optimSet = this.#fieldset('train.optimisation');
    optimSet.append(
      field('train.optimizer.kind', t('train.optimizer'), select(choices(this.#schema, 'train.optimizer.kind'), optimizer.kind ?? 'sgd', (v) => this.#change((c) => (c.train!.optimizer!.kind = v as OptimizerKind)))),
      field('train.optimizer.lr', t('train.lr'), numberInput(optimizer.lr, (v) => this.#change((c) => (c.train!.optimizer!.lr = v)), 'any', ...range('train.optimizer.lr'))),
      field('train.batchSize', t('train.batchSize'), numberInput(train.batchSize, (v) => this.#change((c) => (c.train!.batchSize = v)), '1', ...range('train.batchSize'))),
      this.#withHelp('weightDecay', field('train.weightDecay', t('train.weightDecay'), numberInput(train.weightDecay, (v) => this.#change((c) => (c.train!.weightDecay = v)), '0.0001', ...range('train.weightDecay')))),
    );

    this.#briefs.clear();
    this.element.replaceChildren(this.#section('train.data', dataSet), this.#section('train.network', networkSet), this.#section('train.optimisation', optimSet));
    this.#showBriefs();
    if (this.#filled) this.showFilled(this.#filled);
    if (focusedId) this.element.querySelector<HTMLElement>(`#${CSS.escape(focusedId)}`)?.focus();
  }

  /** The row with a "?" next to its label, when the form was given the glossary. */
  #withHelp(term: GlossaryTerm, row: HTMLElement): HTMLElement {
    const label = row.querySelector('label');
    if (!this.#help || !label) return row;
    const wrap = element('span', 'train-label');
    label.replaceWith(wrap);
    wrap.append(label, this.#help(term));
    return row;
  }

  #autoHead(): string {
    const kind = this.#config.data?.kind ?? 'moons';
    if (kind === 'sin' || kind === 'abs' || kind === 'step') return 'identity';
    if ((kind === 'spiral' || kind === 'blobs') && (this.#config.data?.classes ?? 3) > 2) return 'softmax';
    return 'sigmoid';
  }

  #fieldset(legendKey: MessageKey): HTMLFieldSetElement {
    const set = element('fieldset', 'train-fieldset');
    // The summary shows the name; the legend keeps it for the group's accessible name.
    set.append(element('legend', 'visually-hidden', this.#strings.t(legendKey)));
    return set;
  }

  /** A collapsible section around a fieldset: its summary is the name and what it holds now. */
  #section(legendKey: MessageKey, set: HTMLFieldSetElement): HTMLDetailsElement {
    const details = element('details', 'train-section');
    details.dataset.section = legendKey;
    const summary = element('summary', 'train-section-summary');
    const brief = element('span', 'train-section-brief');
    summary.append(element('span', 'train-section-name', this.#strings.t(legendKey)), brief);
    this.#briefs.set(legendKey, brief);
    details.append(summary, set);
    const narrow = typeof matchMedia === 'function' && matchMedia(NARROW).matches;
    details.open = this.#open.get(legendKey) ?? !narrow;
    details.addEventListener('toggle', () => this.#open.set(legendKey, details.open));
    return details;
  }

  /** The summaries' short descriptions, from the config with the parser's defaults filled in where known. */
  #showBriefs(): void {
    const t = this.#strings.t;
    const config = this.#config;
    const filled = this.#filled;
    const data = { ...filled?.data, ...config.data };
    const optimizer = { ...filled?.train?.optimizer, ...config.train?.optimizer };
    const layers = config.model?.layers ?? [];
    const briefs: [MessageKey, string][] = [
      ['train.data', t('train.brief.data', { kind: data.kind ?? 'moons', n: data.n ?? '–' })],
      ['train.network', layers.length === 0 ? t('train.brief.noLayers') : layers.map((layer) => `${layer.units ?? '?'} ${layer.activation ?? 'relu'}`).join(' · ')],
      ['train.optimisation', t('train.brief.optimisation', { optimizer: optimizer.kind ?? 'sgd', lr: optimizer.lr ?? '–' })],
    ];
    for (const [key, text] of briefs) {
      const node = this.#briefs.get(key);
      if (node && node.textContent !== text) node.textContent = text;
    }
  }

  #layerCard(layer: LayerConfig, index: number): HTMLLIElement {
    const t = this.#strings.t;
    const item = element('li', 'train-layer');
    const heading = element('div', 'train-layer-heading');
    heading.append(element('span', 'train-layer-title', t('train.layer', { index: index + 1 })));
    const remove = element('button', 'train-remove-layer', '×');
    remove.type = 'button';
    remove.setAttribute('aria-label', t('train.layer.remove', { index: index + 1 }));
    remove.addEventListener('click', () => {
      this.#formulaErrors.clear(); // indices shift
      this.#change((c) => (c.model!.layers = c.model!.layers!.filter((_, i) => i !== index)), true);
    });
    heading.append(remove);
    item.append(heading);

    const activation = layer.activation ?? 'relu';
    item.append(
      field(`model.layers.${index}.units`, t('train.layer.units'), numberInput(layer.units, (v) => this.#change((c) => (c.model!.layers![index].units = v)), '1', ...this.#range('model.layers[].units'))),
      field(`model.layers.${index}.activation`, t('train.layer.activation'), select(this.#activations.map((a) => a.id), activation, (v) => this.#change((c) => {
        // "custom" starts from the catalogue's formula (z*sigmoid(z)); a formula needs no other value until it names one.
        const custom = this.#activations.find((a) => a.id === v)?.custom;
        c.model!.layers = c.model!.layers!.map((old, i) =>
          i === index ? { units: old.units, activation: v as ActivationId, ...(custom ? { params: { formula: custom.defaultFormula } } : {}) } : old,
        );
        this.#formulaErrors.delete(index);
      }, true), (id) => this.#activations.find((a) => a.id === id)?.name ?? id)),
    );
    const info = this.#activations.find((a) => a.id === activation);
    if (info?.custom) {
      item.append(this.#formulaFields(layer, index, info));
      return item;
    }
    for (const param of info?.params ?? []) {
      // A custom layer's params hold its formula (a string) too; sliders are for numbers.
      const value = layer.params?.[param.name];
      const current = typeof value === 'number' ? value : param.default;
      const slider = element('input');
      slider.type = 'range';
      // Round steps (0.01, 0.05, 0.5 …) chosen from the range, with the default on a step (slider-step.ts).
      const grid = sliderGrid(param.min, param.max, [param.default]);
      slider.min = String(grid.start);
      slider.max = String(param.max);
      slider.step = String(grid.step);
      slider.valueAsNumber = current;
      const readout = element('output', 'train-param-value', formatSliderValue(current, grid));
      slider.addEventListener('input', () => (readout.value = formatSliderValue(sliderValue(slider.valueAsNumber, grid), grid)));
      slider.addEventListener('change', () =>
        this.#change((c) => {
          const target = c.model!.layers![index];
          target.params = { ...target.params, [param.name]: sliderValue(slider.valueAsNumber, grid) };
        }),
      );
      const row = field(`model.layers.${index}.params.${param.name}`, param.learnable ? t('train.param.learned', { name: param.name }) : param.name, slider);
      row.classList.add('train-param');
      row.append(readout);
      item.append(row);
    }
    return item;
  }

  /** A custom layer's formula box and parameter fields (formula-fields.ts); a refused formula stays in its box across re-renders. */
  #formulaFields(layer: LayerConfig, index: number, info: ActivationInfo): HTMLElement {
    const custom = info.custom!;
    const params = layer.params && typeof layer.params.formula === 'string' ? (layer.params as FormulaParams) : { formula: custom.defaultFormula };
    return formulaFields({
      id: `train-model-layers-${index}-params-formula`,
      rowClass: 'train-field train-param',
      strings: this.#strings,
      custom,
      params,
      refused: this.#formulaErrors.get(index),
      check: this.#checkFormula,
      onRefused: (refused) => (refused ? this.#formulaErrors.set(index, refused) : this.#formulaErrors.delete(index)),
      onChange: (next) => this.#change((c) => (c.model!.layers![index].params = next), true),
    });
  }
}
