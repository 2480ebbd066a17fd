// state.ts — the page's whole state as one typed value (which route: the
// front door, a panel or a lesson; the language; the Explore selection and
// plot options; the experiment config shared by Train and Compare; the
// Compare settings), and its URL-hash form. Pure functions only: no DOM, no
// window, so it is parsed and serialised in Node tests.
//
// URL format, version 1:  #v=1&lang=en&panel=train&seed=3&data=moons&layers=8:relu,8:relu&lr=0.1…
// Every key comes from one declarative table (PROPERTIES): a name, a codec (its
// type, with the registry of allowed names for enums) and a typed getter/setter.
// A bad field is reported by name (with the value given) and keeps its default.
// Only the values' types and the page's own limits are checked here; the
// experiment config's ranges are the C++ parser's job, and the page shows its
// message.
import type { ActivationInfo, ActivationId, ConfigSchema, FormulaInfo, DataKind, ExperimentConfig, HeadKind, InitKind, LayerConfig, LossKind, OptimizerKind } from '../lib/types';
import { LANGUAGE_CODES, type Language } from '../i18n/strings';
import { LESSON_IDS, type LessonId } from '../lessons/catalogue';
import {
  COMPARE_MAX_ACTIVATIONS,
  COMPARE_MAX_SEEDS,
  COMPARE_MAX_STEPS,
  COMPARE_MIN_ACTIVATIONS,
  COMPARE_MIN_SEEDS,
  defaultCompareSettings,
  type CompareSettings,
} from '../panels/compare/state';
import { defaultExploreState, Z_LIMIT, type ExploreState } from '../panels/explore/state';
import { formulaParams } from '../panels/formula-fields';
import { drawnSetOf, fitsLink, formatPoints, MAX_LINK_POINTS, parsePoints, type DrawnSet } from '../panels/data/points';
import { defaultTrainConfig } from '../panels/train/form';
import { formatUnitRef, parseUnitRef, type UnitRef } from '../panels/network/units';

export { compareConfig } from '../panels/compare/state';
export { defaultExploreState, sampleGrid, withParam, withRange, withSelected, withShowDerivative, Z_LIMIT, SAMPLE_COUNT } from '../panels/explore/state';
export type { ExploreState, PageState } from '../panels/explore/state';
export type { CompareSettings, CompareState } from '../panels/compare/state';
export { COMPARE_MAX_ACTIVATIONS, COMPARE_MAX_SEEDS, COMPARE_MAX_STEPS, COMPARE_MIN_ACTIVATIONS, COMPARE_MIN_SEEDS };

export const STATE_VERSION = 1;
/** The page's routes besides a lesson: the front door and the three tools. */
export const PANELS = ['home', 'explore', 'train', 'compare'] as const;
export type PanelName = (typeof PANELS)[number];

export interface AppState {
  /** The route: the front door or a tool. A lesson, when set, is shown instead. */
  panel: PanelName;
  /** The lesson on screen (the route #v=1&lesson=ID), if any. */
  lesson?: LessonId;
  /** The language the link asks for; undefined: the reader's own choice. */
  lang?: Language;
  /** The unit selected in Train's network view. */
  unit?: UnitRef;
  explore: ExploreState;
  experiment: ExperimentConfig;
  compare: CompareSettings;
}

/** Longer hashes are refused before parsing (a link is a few hundred characters). */
export const MAX_HASH_LENGTH = 8192;

/**
 * What the URL's names are checked against: the module's activations and its
 * config schema (lab.schema). A Lab is one. The lists of data kinds, heads,
 * inits, losses and optimisers come from the schema, the activation ids from
 * the activations, so the link accepts exactly what the C++ does.
 */
export interface LabCatalogue {
  readonly activations: readonly ActivationInfo[];
  readonly schema: ConfigSchema;
  /** lab.checkFormula: a link's formula is checked by the module, which names the column at fault. */
  checkFormula(formula: string): FormulaInfo;
}

/** The allowed names of a choice field of the schema ('data.kind', 'model.init', …). */
export function choicesOf(schema: ConfigSchema, path: string): readonly string[] {
  return schema.fields.find((field) => field.path === path)?.choices ?? [];
}

const activationIds = (lab: LabCatalogue) => lab.activations.map((info) => info.id);

// ------------------------------------------------------------ defaults ---

export function defaultAppState(catalogue: LabCatalogue): AppState {
  return {
    panel: 'home',
    explore: defaultExploreState(catalogue.activations),
    experiment: { ...defaultTrainConfig(), steps: 1000000 },
    compare: defaultCompareSettings(),
  };
}

// -------------------------------------------------------------- codecs ---

/** What a field should have held; the page words it in the user's language. */
export type Expected =
  | { type: 'number'; min?: number; max?: number }
  | { type: 'integer'; min?: number; max?: number }
  | { type: 'boolean' }
  | { type: 'one-of'; values: readonly string[] }
  | { type: 'list'; values: readonly string[]; min: number; max: number }
  | { type: 'layers' }
  | { type: 'params' }
  | { type: 'formula'; maxLength: number }
  | { type: 'unit' }
  | { type: 'points'; max: number };

export interface StateError {
  /** The URL key at fault ("v" for the version, "#" for the hash as a whole). */
  field: string;
  /** The value the link gave (at most 40 characters), for 'invalid' and 'version'. */
  value?: string;
  problem: 'version' | 'unknown' | 'duplicate' | 'invalid' | 'encoding' | 'too-long' | 'syntax';
  expected?: Expected;
  /** What the module said was wrong with the value (a formula's column). */
  detail?: string;
}

interface Codec<T> {
  /** What a value should be, for the message when it is not. */
  expected(catalogue: LabCatalogue): Expected;
  /** The value, or undefined when the text is not one (or throws the module's message saying why). */
  parse(text: string, catalogue: LabCatalogue): T | undefined;
  format(value: T): string;
}

const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parseNumber(text: string): number | undefined {
  if (text.length > 32 || !NUMBER_PATTERN.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function numberCodec(min?: number, max?: number): Codec<number> {
  return {
    expected: () => ({ type: 'number', min, max }),
    parse: (text) => {
      const value = parseNumber(text);
      if (value === undefined || (min !== undefined && value < min) || (max !== undefined && value > max)) return undefined;
      return value;
    },
    format: (value) => String(value),
  };
}

function integerCodec(min?: number, max?: number): Codec<number> {
  return {
    expected: () => ({ type: 'integer', min, max }),
    parse: (text) => {
      const value = parseNumber(text);
      if (value === undefined || !Number.isSafeInteger(value)) return undefined;
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) return undefined;
      return value;
    },
    format: (value) => String(value),
  };
}

const booleanCodec: Codec<boolean> = {
  expected: () => ({ type: 'boolean' }),
  parse: (text) => (text === '1' || text === 'true' ? true : text === '0' || text === 'false' ? false : undefined),
  format: (value) => (value ? '1' : '0'),
};

/** One of a list of names: fixed, or read from the catalogue (the schema's choices, the activation ids). */
function oneOf<T extends string>(values: readonly T[] | ((catalogue: LabCatalogue) => readonly string[])): Codec<T> {
  const list = (catalogue: LabCatalogue) => (typeof values === 'function' ? values(catalogue) : values) as readonly string[];
  return {
    expected: (catalogue) => ({ type: 'one-of', values: list(catalogue) }),
    parse: (text, catalogue) => (list(catalogue).includes(text) ? (text as T) : undefined),
    format: (value) => value,
  };
}

/** A choice field of the config schema. */
const schemaChoice = <T extends string>(path: string) => oneOf<T>((catalogue) => choicesOf(catalogue.schema, path));

function listOf<T extends string>(values: (catalogue: LabCatalogue) => readonly string[], min: number, max: (catalogue: LabCatalogue) => number): Codec<T[]> {
  return {
    expected: (catalogue) => ({ type: 'list', values: values(catalogue), min, max: max(catalogue) }),
    parse: (text, catalogue) => {
      const items = text === '' ? [] : text.split(',');
      if (items.length < min || items.length > max(catalogue)) return undefined;
      if (!items.every((item) => values(catalogue).includes(item))) return undefined;
      if (new Set(items).size !== items.length) return undefined;
      return items as T[];
    },
    format: (value) => value.join(','),
  };
}

const PARAM_NAME = /^[a-z][a-z0-9_]{0,31}$/;
const MAX_LAYERS = 32;

/** Hidden layers: `units:activation[:param=value…]`, comma-separated, e.g. `8:leaky_relu:negative_slope=0.1,8:relu`. */
const layersCodec: Codec<LayerConfig[]> = {
  expected: () => ({ type: 'layers' }),
  parse: (text, catalogue) => {
    if (text === '') return [];
    const parts = text.split(',');
    if (parts.length > MAX_LAYERS) return undefined;
    const layers: LayerConfig[] = [];
    for (const part of parts) {
      const [unitsText, activation, ...paramTexts] = part.split(':');
      const units = integerCodec(1).parse(unitsText, catalogue);
      if (units === undefined || !activationIds(catalogue).includes(activation)) return undefined;
      const layer: LayerConfig = { units, activation: activation as ActivationId };
      if (paramTexts.length > 0) {
        const params: Record<string, number | string> = {};
        for (const paramText of paramTexts) {
          const [name, valueText, ...rest] = paramText.split('=');
          if (rest.length > 0 || name in params || valueText === undefined) return undefined;
          if (name === 'formula' && activation === 'custom') {
            // The formula is percent-encoded inside the value: it may hold ':', ',' and '='.
            const formula = decodeFormula(valueText, catalogue);
            if (formula === undefined) return undefined;
            params.formula = formula;
            continue;
          }
          const value = parseNumber(valueText);
          if (!PARAM_NAME.test(name) || value === undefined) return undefined;
          params[name] = value;
        }
        layer.params = params as LayerConfig['params'];
      }
      layers.push(layer);
    }
    return layers;
  },
  format: (layers) =>
    layers
      .map((layer) =>
        [
          String(layer.units ?? 8),
          layer.activation ?? 'relu',
          ...Object.entries(layer.params ?? {}).map(([n, v]) => `${n}=${n === 'formula' ? encodeURIComponent(String(v)) : v}`),
        ].join(':'),
      )
      .join(','),
};

/** A formula of activation "custom", percent-encoded inside a layer's params; undefined when not one. */
function decodeFormula(text: string, catalogue: LabCatalogue): string | undefined {
  let formula: string;
  try {
    formula = decodeURIComponent(text);
  } catch {
    return undefined;
  }
  return formulaCodec.parse(formula, catalogue);
}

/** A formula the module accepts (lab.checkFormula); its message names the column at fault. */
const formulaCodec: Codec<string> = {
  expected: (catalogue) => ({ type: 'formula', maxLength: customInfo(catalogue)?.maxLength ?? 256 }),
  parse: (text, catalogue) => {
    catalogue.checkFormula(text);
    return text;
  },
  format: (value) => value,
};

const customInfo = (catalogue: LabCatalogue) => catalogue.activations.find((info) => info.custom)?.custom;

/**
 * The range of parameter `name` of activation `id`: the catalogue's for a
 * built-in, the formula limits (−1000..1000) for any name of "custom".
 */
function paramRange(catalogue: LabCatalogue, id: string, name: string): { min: number; max: number; default: number } | undefined {
  const info = catalogue.activations.find((entry) => entry.id === id);
  if (info?.custom) return PARAM_NAME_ANY_CASE.test(name) ? { min: info.custom.parameterMin, max: info.custom.parameterMax, default: info.custom.parameterDefault } : undefined;
  return info?.params.find((param) => param.name === name);
}

// A formula's parameter: the identifiers of its grammar.
const PARAM_NAME_ANY_CASE = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;

/** Explore parameters that differ from the defaults: `id.param:value`, comma-separated; checked against the catalogue. */
const paramsCodec: Codec<Record<string, Record<string, number>>> = {
  expected: () => ({ type: 'params' }),
  parse: (text, catalogue) => {
    const result: Record<string, Record<string, number>> = {};
    if (text === '') return result;
    for (const part of text.split(',')) {
      const match = /^([a-z0-9_]+)\.([A-Za-z0-9_]+):(.*)$/.exec(part);
      if (!match) return undefined;
      const [, id, name, valueText] = match;
      const range = paramRange(catalogue, id, name);
      const value = parseNumber(valueText);
      if (!range || value === undefined || value < range.min || value > range.max) return undefined;
      (result[id] ??= {})[name] = value;
    }
    return result;
  },
  format: (params) =>
    Object.entries(params)
      .flatMap(([id, values]) => Object.entries(values).map(([name, value]) => `${id}.${name}:${value}`))
      .join(','),
};

/** Values of a formula's parameters: `name:value`, comma-separated, each within the formula limits (−1000..1000). */
const formulaValuesCodec: Codec<Record<string, number>> = {
  expected: () => ({ type: 'params' }),
  parse: (text, catalogue) => {
    const result: Record<string, number> = {};
    if (text === '') return result;
    for (const part of text.split(',')) {
      const [name, valueText, ...rest] = part.split(':');
      const range = paramRange(catalogue, 'custom', name);
      const value = valueText === undefined ? undefined : parseNumber(valueText);
      if (rest.length > 0 || !range || value === undefined || value < range.min || value > range.max || name in result) return undefined;
      result[name] = value;
    }
    return result;
  },
  format: (values) => Object.entries(values).map(([name, value]) => `${name}:${value}`).join(','),
};

/** A unit of Train's network view: `layer.unit`, both 1-based (`2.5`); whether the network has it is checked by the panel. */
const unitCodec: Codec<UnitRef> = {
  expected: () => ({ type: 'unit' }),
  parse: (text) => parseUnitRef(text) ?? undefined,
  format: formatUnitRef,
};

/** A drawn data set (panels/data/points.ts): `class:x0:x1` or `x:target` per point, comma-separated, 1..200 points, 3 decimals. */
const pointsCodec: Codec<DrawnSet> = {
  expected: () => ({ type: 'points', max: MAX_LINK_POINTS }),
  parse: (text) => parsePoints(text),
  format: formatPoints,
};

// -------------------------------------------------------------- table ---

interface Property<T> {
  /** The URL key. */
  name: string;
  codec: Codec<T>;
  /** undefined: the field is not set (not written to the URL). */
  get(state: AppState, catalogue: LabCatalogue): T | undefined;
  set(state: AppState, value: T, catalogue: LabCatalogue): void;
}

// A table of heterogeneous properties: each entry is typed where it is written.
function property<T>(entry: Property<T>): Property<unknown> {
  return entry as Property<unknown>;
}

type Experiment = ExperimentConfig;
const dataOf = (c: Experiment) => (c.data ??= {});
const modelOf = (c: Experiment) => (c.model ??= {});
const trainOf = (c: Experiment) => (c.train ??= {});
const optimizerOf = (c: Experiment) => (trainOf(c).optimizer ??= {});

/** One experiment field: getter and setter on state.experiment. */
function experimentField<T>(
  name: string,
  codec: Codec<T>,
  get: (config: Experiment) => T | undefined,
  set: (config: Experiment, value: T) => void,
): Property<unknown> {
  return property<T>({ name, codec, get: (state) => get(state.experiment), set: (state, value) => set(state.experiment, value) });
}

export const PROPERTIES: readonly Property<unknown>[] = [
  property<PanelName>({ name: 'panel', codec: oneOf(PANELS), get: (s) => s.panel, set: (s, v) => void (s.panel = v) }),
  property<Language>({ name: 'lang', codec: oneOf(LANGUAGE_CODES), get: (s) => s.lang, set: (s, v) => void (s.lang = v) }),
  property<LessonId>({ name: 'lesson', codec: oneOf(LESSON_IDS), get: (s) => s.lesson, set: (s, v) => void (s.lesson = v) }),
  property<UnitRef>({ name: 'unit', codec: unitCodec, get: (s) => s.unit, set: (s, v) => void (s.unit = v) }),

  experimentField('seed', integerCodec(0), (c) => c.seed, (c, v) => void (c.seed = v)),
  property<DataKind>({
    name: 'data',
    codec: schemaChoice<DataKind>('data.kind'),
    get: (s) => s.experiment.data?.kind,
    set: (s, v, catalogue) => {
      const data = dataOf(s.experiment);
      data.kind = v;
      // The page's default size and noise are a generator's: a dataset has its own size, custom data its rows (the link's n and noise, read later, still apply).
      if (catalogue.schema.dataKinds.find((kind) => kind.name === v)?.source !== 'generator') {
        delete data.n;
        delete data.noise;
      }
    },
  }),
  experimentField('n', integerCodec(), (c) => c.data?.n, (c, v) => void (dataOf(c).n = v)),
  experimentField('noise', numberCodec(), (c) => c.data?.noise, (c, v) => void (dataOf(c).noise = v)),
  experimentField('test', numberCodec(), (c) => c.data?.testFraction, (c, v) => void (dataOf(c).testFraction = v)),
  experimentField('classes', integerCodec(), (c) => c.data?.classes, (c, v) => void (dataOf(c).classes = v)),
  experimentField('std', booleanCodec, (c) => c.data?.standardize, (c, v) => void (dataOf(c).standardize = v)),
  // A drawn set of up to 200 points; larger sets and CSV data stay in the browser (panels/data/storage.ts).
  experimentField(
    'pts',
    pointsCodec,
    (c) => {
      const set = drawnSetOf(c.data);
      return set && fitsLink(set) ? set : undefined;
    },
    (c, v) => {
      // The points are the data: its size is theirs, and noise means nothing for them.
      const data = dataOf(c);
      data.kind = 'custom';
      delete data.n;
      delete data.noise;
      data.classes ??= v.classes;
      data.x = v.x;
      data.y = v.y;
      data.inputs = v.classes === 0 ? 1 : 2;
      // The page's default batch (32) may exceed a small set's training part; the link's own `batch`, read later, sets it again.
      if (c.train) delete c.train.batchSize;
    },
  ),
  experimentField('layers', layersCodec, (c) => c.model?.layers?.map((l) => ({ ...l })), (c, v) => void (modelOf(c).layers = v)),
  experimentField('head', schemaChoice<HeadKind>('model.output.activation'), (c) => c.model?.output?.activation, (c, v) => void (modelOf(c).output = { ...c.model?.output, activation: v })),
  experimentField('init', schemaChoice<InitKind>('model.init'), (c) => c.model?.init, (c, v) => void (modelOf(c).init = v)),
  experimentField('initStd', numberCodec(), (c) => c.model?.initStd, (c, v) => void (modelOf(c).initStd = v)),
  experimentField('biasInit', numberCodec(), (c) => c.model?.biasInit, (c, v) => void (modelOf(c).biasInit = v)),
  experimentField('loss', schemaChoice<LossKind>('train.loss'), (c) => c.train?.loss, (c, v) => void (trainOf(c).loss = v)),
  experimentField('opt', schemaChoice<OptimizerKind>('train.optimizer.kind'), (c) => c.train?.optimizer?.kind, (c, v) => void (optimizerOf(c).kind = v)),
  experimentField('lr', numberCodec(), (c) => c.train?.optimizer?.lr, (c, v) => void (optimizerOf(c).lr = v)),
  experimentField('momentum', numberCodec(), (c) => c.train?.optimizer?.momentum, (c, v) => void (optimizerOf(c).momentum = v)),
  experimentField('nesterov', booleanCodec, (c) => c.train?.optimizer?.nesterov, (c, v) => void (optimizerOf(c).nesterov = v)),
  experimentField('rho', numberCodec(), (c) => c.train?.optimizer?.rho, (c, v) => void (optimizerOf(c).rho = v)),
  experimentField('beta1', numberCodec(), (c) => c.train?.optimizer?.beta1, (c, v) => void (optimizerOf(c).beta1 = v)),
  experimentField('beta2', numberCodec(), (c) => c.train?.optimizer?.beta2, (c, v) => void (optimizerOf(c).beta2 = v)),
  experimentField('eps', numberCodec(), (c) => c.train?.optimizer?.epsilon, (c, v) => void (optimizerOf(c).epsilon = v)),
  experimentField('batch', integerCodec(), (c) => c.train?.batchSize, (c, v) => void (trainOf(c).batchSize = v)),
  experimentField('wd', numberCodec(), (c) => c.train?.weightDecay, (c, v) => void (trainOf(c).weightDecay = v)),
  experimentField('clip', numberCodec(), (c) => c.train?.clipNorm, (c, v) => void (trainOf(c).clipNorm = v)),
  experimentField('steps', integerCodec(), (c) => c.steps, (c, v) => void (c.steps = v)),
  experimentField('every', integerCodec(), (c) => c.every, (c, v) => void (c.every = v)),

  property<string[]>({
    name: 'fns',
    codec: listOf(activationIds, 0, (catalogue) => catalogue.activations.length),
    get: (s) => [...s.explore.selected],
    // Catalogue order, as the picker keeps it.
    set: (s, v, catalogue) => void (s.explore = { ...s.explore, selected: activationIds(catalogue).filter((id) => v.includes(id)) }),
  }),
  property<Record<string, Record<string, number>>>({
    name: 'p',
    codec: paramsCodec,
    get: (s, catalogue) => {
      const changed: Record<string, Record<string, number>> = {};
      for (const info of catalogue.activations) {
        for (const param of info.params) {
          const value = s.explore.params[info.id]?.[param.name];
          if (value !== undefined && value !== param.default) (changed[info.id] ??= {})[param.name] = value;
        }
      }
      // The formula's parameters (all of them: which ones a formula has depends on the formula).
      const custom = customInfo(catalogue);
      for (const [name, value] of Object.entries(s.explore.params.custom ?? {})) {
        if (custom && value !== custom.parameterDefault) (changed.custom ??= {})[name] = value;
      }
      return Object.keys(changed).length > 0 ? changed : undefined;
    },
    set: (s, v) => {
      const params = { ...s.explore.params };
      for (const [id, values] of Object.entries(v)) params[id] = { ...params[id], ...values };
      s.explore = { ...s.explore, params };
    },
  }),
  property<string>({
    name: 'formula',
    codec: formulaCodec,
    get: (s, catalogue) => (s.explore.formula === customInfo(catalogue)?.defaultFormula ? undefined : s.explore.formula),
    set: (s, v) => void (s.explore = { ...s.explore, formula: v }),
  }),
  property<number>({ name: 'zmin', codec: numberCodec(-Z_LIMIT, Z_LIMIT), get: (s) => s.explore.zMin, set: (s, v) => void (s.explore = { ...s.explore, zMin: v }) }),
  property<number>({ name: 'zmax', codec: numberCodec(-Z_LIMIT, Z_LIMIT), get: (s) => s.explore.zMax, set: (s, v) => void (s.explore = { ...s.explore, zMax: v }) }),
  property<boolean>({ name: 'd1', codec: booleanCodec, get: (s) => s.explore.showDerivative, set: (s, v) => void (s.explore = { ...s.explore, showDerivative: v }) }),
  property<boolean>({ name: 'd2', codec: booleanCodec, get: (s) => s.explore.showSecondDerivative, set: (s, v) => void (s.explore = { ...s.explore, showSecondDerivative: v }) }),
  property<boolean>({ name: 'sat', codec: booleanCodec, get: (s) => s.explore.shadeSaturation, set: (s, v) => void (s.explore = { ...s.explore, shadeSaturation: v }) }),

  property<ActivationId[]>({
    name: 'cmp',
    codec: listOf(activationIds, COMPARE_MIN_ACTIVATIONS, () => COMPARE_MAX_ACTIVATIONS),
    get: (s) => [...s.compare.activations],
    set: (s, v) => void (s.compare = { ...s.compare, activations: v }),
  }),
  property<number>({ name: 'cseeds', codec: integerCodec(COMPARE_MIN_SEEDS, COMPARE_MAX_SEEDS), get: (s) => s.compare.seeds, set: (s, v) => void (s.compare = { ...s.compare, seeds: v }) }),
  property<number>({ name: 'csteps', codec: integerCodec(1, COMPARE_MAX_STEPS), get: (s) => s.compare.steps, set: (s, v) => void (s.compare = { ...s.compare, steps: v }) }),
  property<string>({
    name: 'cformula',
    codec: formulaCodec,
    get: (s) => s.compare.custom?.formula,
    set: (s, v) => void (s.compare = { ...s.compare, custom: { ...s.compare.custom, formula: v } }),
  }),
  property<Record<string, number>>({
    name: 'cparams',
    codec: formulaValuesCodec,
    get: (s) => {
      const { formula: _formula, ...values } = s.compare.custom ?? { formula: '' };
      const numbers = Object.fromEntries(Object.entries(values).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
      return Object.keys(numbers).length > 0 ? numbers : undefined;
    },
    // The formula (cformula, or the default) comes last: a parameter cannot replace it.
    set: (s, v, catalogue) => void (s.compare = { ...s.compare, custom: { ...v, formula: s.compare.custom?.formula ?? customInfo(catalogue)?.defaultFormula ?? '' } }),
  }),
  property<boolean>({ name: 'clog', codec: booleanCodec, get: (s) => s.compare.logLoss, set: (s, v) => void (s.compare = { ...s.compare, logLoss: v }) }),
];

// ------------------------------------------------------ hash ↔ state ---

// Keeps the separators of our own value syntax readable in links.
function encodeValue(text: string): string {
  return encodeURIComponent(text).replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%3D/g, '=');
}

const EXPLORE_KEYS = new Set(['fns', 'p', 'formula', 'zmin', 'zmax', 'd1', 'd2', 'sat']);
const COMPARE_KEYS = new Set(['cmp', 'cseeds', 'csteps', 'clog', 'cformula', 'cparams']);
const ROUTE_KEYS = new Set(['panel', 'lesson', 'lang', 'unit']);

/** What a state's link says about each part, as text: equal text, equal part (for applying only what changed). */
export function stateParts(state: AppState, catalogue: LabCatalogue): Record<'route' | 'experiment' | 'explore' | 'compare', string> {
  const parts = { route: [] as string[], experiment: [] as string[], explore: [] as string[], compare: [] as string[] };
  for (const entry of PROPERTIES) {
    const value = entry.get(state, catalogue);
    if (value === undefined) continue;
    const text = `${entry.name}=${entry.codec.format(value)}`;
    const part = ROUTE_KEYS.has(entry.name) ? 'route' : EXPLORE_KEYS.has(entry.name) ? 'explore' : COMPARE_KEYS.has(entry.name) ? 'compare' : 'experiment';
    parts[part].push(text);
  }
  return { route: parts.route.join('&'), experiment: parts.experiment.join('&'), explore: parts.explore.join('&'), compare: parts.compare.join('&') };
}

/** The hash (with its leading '#') that restores `state`. */
export function serializeState(state: AppState, catalogue: LabCatalogue): string {
  const parts = [`v=${STATE_VERSION}`];
  for (const entry of PROPERTIES) {
    const value = entry.get(state, catalogue);
    if (value !== undefined) parts.push(`${entry.name}=${encodeValue(entry.codec.format(value))}`);
  }
  return `#${parts.join('&')}`;
}

export interface ParsedState {
  state: AppState;
  /** Empty when every field was understood. Fields in error keep their defaults. */
  errors: StateError[];
}

/**
 * The state a hash describes, starting from the defaults. Never throws; an
 * empty hash gives the defaults with no errors. A wrong version ignores the
 * whole hash (its fields may mean something else).
 */
export function parseState(hash: string, catalogue: LabCatalogue): ParsedState {
  const state = defaultAppState(catalogue);
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text === '') return { state, errors: [] };
  if (text.length > MAX_HASH_LENGTH) return { state, errors: [{ field: '#', problem: 'too-long' }] };

  const fields = new Map<string, string>();
  const errors: StateError[] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    if (equals <= 0) {
      errors.push({ field: part.slice(0, 40), problem: 'syntax' });
      continue;
    }
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(part.slice(0, equals));
      value = decodeURIComponent(part.slice(equals + 1));
    } catch {
      errors.push({ field: part.slice(0, Math.min(equals, 40)), problem: 'encoding' });
      continue;
    }
    if (fields.has(key)) errors.push({ field: key.slice(0, 40), problem: 'duplicate' });
    else fields.set(key, value);
  }

  if (fields.get('v') !== String(STATE_VERSION)) {
    const given = fields.get('v');
    const error: StateError = { field: 'v', problem: 'version', expected: integerCodec(1, 1).expected(catalogue) };
    if (given !== undefined) error.value = given.slice(0, 40);
    return { state: defaultAppState(catalogue), errors: [error] };
  }
  fields.delete('v');

  for (const entry of PROPERTIES) {
    const raw = fields.get(entry.name);
    if (raw === undefined) continue;
    fields.delete(entry.name);
    let value: unknown;
    let detail: string | undefined;
    try {
      value = entry.codec.parse(raw, catalogue);
    } catch (error) {
      detail = (error as Error).message;
    }
    if (value === undefined) {
      const error: StateError = { field: entry.name, problem: 'invalid', value: raw.slice(0, 40), expected: entry.codec.expected(catalogue) };
      if (detail !== undefined) error.detail = detail;
      errors.push(error);
    } else entry.set(state, value as never, catalogue);
  }
  for (const key of fields.keys()) errors.push({ field: key.slice(0, 40), problem: 'unknown' });

  reconcileFormulaParams(state, catalogue);
  if (state.explore.zMin >= state.explore.zMax) {
    const given = { zMin: state.explore.zMin, zMax: state.explore.zMax };
    const defaults = defaultExploreState(catalogue.activations);
    state.explore = { ...state.explore, zMin: defaults.zMin, zMax: defaults.zMax };
    errors.push({ field: 'zmax', problem: 'invalid', value: String(given.zMax), expected: { type: 'number', min: given.zMin } });
  }
  return { state, errors };
}

/** The formula's parameters after a link: each has a value (given, or the default) and names it lacks are dropped. */
function reconcileFormulaParams(state: AppState, catalogue: LabCatalogue): void {
  const custom = customInfo(catalogue);
  if (!custom) return;
  let parameters: readonly string[] = [];
  try {
    parameters = catalogue.checkFormula(state.explore.formula).parameters;
  } catch {
    // the formula's own error is reported
  }
  const given = state.explore.params.custom ?? {};
  const values = Object.fromEntries(parameters.map((name) => [name, given[name] ?? custom.parameterDefault]));
  state.explore = { ...state.explore, params: { ...state.explore.params, custom: values } };
  if (state.compare.custom) {
    try {
      const { formula } = state.compare.custom;
      state.compare = { ...state.compare, custom: formulaParams(formula, catalogue.checkFormula(formula).parameters, state.compare.custom, custom.parameterDefault) };
    } catch {
      state.compare = { ...state.compare, custom: undefined };
    }
  }
}
