// form.ts — the Train panel's settings: data, network, initialisation and
// optimisation, edited as one ExperimentConfig (docs/config.md). Built with
// DOM calls only; values from a config are set as properties, never as HTML.
// It does not validate: the C++ parser does, and the panel shows its message.
import type { ActivationInfo } from '../../lib/types';
import type {
  ActivationId,
  DataKind,
  ExperimentConfig,
  HeadKind,
  InitKind,
  LayerConfig,
  OptimizerKind,
} from '../../lib/types';
import { t, type MessageKey } from '../i18n';

export const DATA_KINDS: readonly DataKind[] = ['moons', 'circles', 'xor', 'spiral', 'blobs', 'sin', 'abs', 'step'];
const INIT_KINDS: readonly InitKind[] = ['he_normal', 'he_uniform', 'xavier_normal', 'xavier_uniform', 'lecun_normal', 'normal', 'uniform', 'zeros'];
export const OPTIMIZER_KINDS: readonly OptimizerKind[] = ['sgd', 'momentum', 'rmsprop', 'adam'];
const HEADS: readonly (HeadKind | 'auto')[] = ['auto', 'sigmoid', 'softmax', 'identity'];
const MAX_LAYERS = 8;

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


function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A labelled control in a row: <label for> + control. `path` is the config
 * field it edits ("data.n", "model.layers.0.units"): it makes the id stable
 * across re-renders (so focus survives them) and finds the default to show.
 */
function field(path: string, labelKey: MessageKey | null, control: HTMLElement, labelText?: string): HTMLElement {
  const row = element('div', 'train-field');
  const label = element('label', undefined, labelText ?? t(labelKey!));
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
  readonly #onChange: (config: ExperimentConfig) => void;
  #config: ExperimentConfig;
  #filled: ExperimentConfig | null = null;

  constructor(activations: readonly ActivationInfo[], config: ExperimentConfig, onChange: (config: ExperimentConfig) => void) {
    this.#activations = activations;
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
    for (const input of this.element.querySelectorAll<HTMLInputElement>('input[type="number"][data-path]')) {
      let value: unknown = filled;
      for (const key of input.dataset.path!.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
      input.placeholder = typeof value === 'number' ? String(value) : '';
    }
  }

  /** Shows `config` (e.g. from the URL) without reporting a change. */
  setConfig(config: ExperimentConfig): void {
    this.#config = structuredClone(config);
    this.#render();
  }

  #change(edit: (config: ExperimentConfig) => void, rerender = false): void {
    edit(this.#config);
    if (rerender) this.#render();
    this.#onChange(this.config);
  }

  #render(): void {
    const focusedId = document.activeElement?.id;
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
    dataSet.append(
      field('data.kind', 'train.data.kind', select(DATA_KINDS, data.kind ?? 'moons', (v) => this.#change((c) => {
        c.data!.kind = v as DataKind;
        // A head chosen for the old kind may not fit the new one; let it follow the data again.
        if (c.model?.output) delete c.model.output;
      }, true))),
      field('data.n', 'train.data.n', numberInput(data.n, (v) => this.#change((c) => (c.data!.n = v)), '1', 1)),
      field('data.noise', 'train.data.noise', numberInput(data.noise, (v) => this.#change((c) => (c.data!.noise = v)), '0.05', 0)),
      field('data.testFraction', 'train.data.testFraction', numberInput(data.testFraction, (v) => this.#change((c) => (c.data!.testFraction = v)), '0.05', 0, 0.9)),
    );
    if (data.kind === 'spiral' || data.kind === 'blobs') {
      dataSet.append(field('data.classes', 'train.data.classes', numberInput(data.classes, (v) => this.#change((c) => (c.data!.classes = v)), '1', 2, 10)));
    }
    dataSet.append(field('seed', 'train.data.seed', numberInput(config.seed, (v) => this.#change((c) => (c.seed = v)), '1', 0)));

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
      field('model.output.activation', 'train.head', select(HEADS, model.output?.activation ?? 'auto', (v) => this.#change((c) => {
        if (v === 'auto') delete c.model!.output;
        else c.model!.output = { activation: v as HeadKind };
      }), (v) => (v === 'auto' ? t('train.head.auto', { head: this.#autoHead() }) : v))),
      field('model.init', 'train.init', select(INIT_KINDS, model.init ?? 'he_normal', (v) => this.#change((c) => (c.model!.init = v as InitKind), true))),
    );
    if (model.init === 'normal') {
      networkSet.append(field('model.initStd', 'train.initStd', numberInput(model.initStd, (v) => this.#change((c) => (c.model!.initStd = v)), '0.01', 0)));
    }
    networkSet.append(field('model.biasInit', 'train.biasInit', numberInput(model.biasInit, (v) => this.#change((c) => (c.model!.biasInit = v)), '0.1')));

    const optimSet = this.#fieldset('train.optimisation');
    optimSet.append(
      field('train.optimizer.kind', 'train.optimizer', select(OPTIMIZER_KINDS, optimizer.kind ?? 'sgd', (v) => this.#change((c) => (c.train!.optimizer!.kind = v as OptimizerKind)))),
      field('train.optimizer.lr', 'train.lr', numberInput(optimizer.lr, (v) => this.#change((c) => (c.train!.optimizer!.lr = v)), 'any', 0)),
      field('train.batchSize', 'train.batchSize', numberInput(train.batchSize, (v) => this.#change((c) => (c.train!.batchSize = v)), '1', 1)),
      field('train.weightDecay', 'train.weightDecay', numberInput(train.weightDecay, (v) => this.#change((c) => (c.train!.weightDecay = v)), '0.0001', 0, 1)),
    );

    this.element.replaceChildren(dataSet, networkSet, optimSet);
    if (this.#filled) this.showFilled(this.#filled);
    if (focusedId) document.getElementById(focusedId)?.focus();
  }

  #autoHead(): string {
    const kind = this.#config.data?.kind ?? 'moons';
    if (kind === 'sin' || kind === 'abs' || kind === 'step') return 'identity';
    if ((kind === 'spiral' || kind === 'blobs') && (this.#config.data?.classes ?? 3) > 2) return 'softmax';
    return 'sigmoid';
  }

  #fieldset(legendKey: MessageKey): HTMLFieldSetElement {
    const set = element('fieldset', 'train-fieldset');
    set.append(element('legend', undefined, t(legendKey)));
    return set;
  }

  #layerCard(layer: LayerConfig, index: number): HTMLLIElement {
    const item = element('li', 'train-layer');
    const heading = element('div', 'train-layer-heading');
    heading.append(element('span', 'train-layer-title', t('train.layer', { index: index + 1 })));
    const remove = element('button', 'train-remove-layer', '×');
    remove.type = 'button';
    remove.setAttribute('aria-label', t('train.layer.remove', { index: index + 1 }));
    remove.addEventListener('click', () => this.#change((c) => (c.model!.layers = c.model!.layers!.filter((_, i) => i !== index)), true));
    heading.append(remove);
    item.append(heading);

    const activation = layer.activation ?? 'relu';
    item.append(
      field(`model.layers.${index}.units`, 'train.layer.units', numberInput(layer.units, (v) => this.#change((c) => (c.model!.layers![index].units = v)), '1', 1, 1024)),
      field(`model.layers.${index}.activation`, 'train.layer.activation', select(this.#activations.map((a) => a.id), activation, (v) => this.#change((c) => {
        c.model!.layers = c.model!.layers!.map((old, i) => (i === index ? { units: old.units, activation: v as ActivationId } : old));
      }, true), (id) => this.#activations.find((a) => a.id === id)?.name ?? id)),
    );
    const info = this.#activations.find((a) => a.id === activation);
    for (const param of info?.params ?? []) {
      const value = layer.params?.[param.name];
      const current = typeof value === 'number' ? value : param.default;
      const slider = element('input');
      slider.type = 'range';
      slider.min = String(param.min);
      slider.max = String(param.max);
      slider.step = String((param.max - param.min) / 200);
      slider.valueAsNumber = current;
      const readout = element('output', 'train-param-value', String(Number(current.toPrecision(3))));
      slider.addEventListener('input', () => (readout.value = String(Number(slider.valueAsNumber.toPrecision(3)))));
      slider.addEventListener('change', () =>
        this.#change((c) => {
          const target = c.model!.layers![index];
          target.params = { ...target.params, [param.name]: slider.valueAsNumber };
        }),
      );
      const row = field(`model.layers.${index}.params.${param.name}`, null, slider, param.learnable ? t('train.param.learned', { name: param.name }) : param.name);
      row.classList.add('train-param');
      row.append(readout);
      item.append(row);
    }
    return item;
  }
}
