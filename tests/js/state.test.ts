// state.test.ts — the page's URL state (web/src/app/state.ts) in plain Node:
// defaults, round trips, and malformed or hostile hashes, which must name the
// bad field, keep defaults and never throw. The names it accepts come from
// the module itself (lab.activations, lab.schema), as in the page.
import { beforeAll, describe, expect, it } from 'vitest';

import { createLab } from '../../web/src/lib/index';
import {
  PROPERTIES,
  choicesOf,
  compareConfig,
  defaultAppState,
  parseState,
  serializeState,
  type AppState,
  type LabCatalogue,
} from '../../web/src/app/state';

let CATALOGUE: LabCatalogue;
beforeAll(async () => {
  CATALOGUE = await createLab();
});

function edited(): AppState {
  const state = defaultAppState(CATALOGUE);
  state.panel = 'compare';
  state.experiment.seed = 1234567;
  state.experiment.data = { kind: 'spiral', n: 300, noise: 0.25, testFraction: 0.3, classes: 3 };
  state.experiment.model = {
    layers: [
      { units: 16, activation: 'leaky_relu', params: { negative_slope: 0.1 } },
      { units: 4, activation: 'prelu' },
    ],
    output: { activation: 'softmax' },
    init: 'xavier_normal',
    biasInit: 0.01,
  };
  state.experiment.train = { loss: 'softmax_ce', optimizer: { kind: 'adam', lr: 0.003, beta1: 0.8, nesterov: true }, batchSize: 17, weightDecay: 1e-4 };
  state.experiment.steps = 777;
  state.explore = {
    ...state.explore,
    selected: ['relu', 'elu'],
    params: { ...state.explore.params, elu: { alpha: 2.5 } },
    zMin: -3.25,
    zMax: 12,
    showSecondDerivative: true,
    shadeSaturation: false,
  };
  state.compare = { activations: ['relu', 'tanh', 'gelu', 'leaky_relu'], seeds: 5, steps: 250, logLoss: false };
  return state;
}

describe('URL state', () => {
  it('an empty hash is the default state, without errors', () => {
    expect(parseState('', CATALOGUE)).toEqual({ state: defaultAppState(CATALOGUE), errors: [] });
    expect(parseState('#', CATALOGUE).errors).toEqual([]);
  });

  it('round-trips the default and an edited state exactly, version first', () => {
    for (const state of [defaultAppState(CATALOGUE), edited()]) {
      const hash = serializeState(state, CATALOGUE);
      expect(hash.startsWith('#v=1&')).toBe(true);
      const parsed = parseState(hash, CATALOGUE);
      expect(parsed.errors).toEqual([]);
      expect(parsed.state).toEqual(state);
      expect(serializeState(parsed.state, CATALOGUE)).toBe(hash);
    }
  });

  it('keeps the seed and the layer parameters in the link', () => {
    const hash = serializeState(edited(), CATALOGUE);
    expect(hash).toContain('seed=1234567');
    expect(hash).toContain('layers=16:leaky_relu:negative_slope=0.1,4:prelu');
    expect(hash).toContain('p=elu.alpha:2.5');
  });

  it('accepts the names the module lists: the schema’s data kinds, heads, inits, losses and optimisers, and the activations', () => {
    const schema = CATALOGUE.schema;
    for (const [key, path] of [['data', 'data.kind'], ['head', 'model.output.activation'], ['init', 'model.init'], ['loss', 'train.loss'], ['opt', 'train.optimizer.kind']]) {
      const choices = choicesOf(schema, path);
      expect(choices.length, path).toBeGreaterThan(1);
      for (const name of choices) expect(parseState(`#v=1&${key}=${name}`, CATALOGUE).errors, `${key}=${name}`).toEqual([]);
      const bad = parseState(`#v=1&${key}=no_such_name`, CATALOGUE).errors[0];
      expect(bad.expected).toEqual({ type: 'one-of', values: choices });
    }
    for (const info of CATALOGUE.activations) {
      expect(parseState(`#v=1&layers=4:${info.id}`, CATALOGUE).errors, info.id).toEqual([]);
    }
  });

  it('has one table entry per URL key', () => {
    const names = PROPERTIES.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain('v');
  });

  it('refuses a missing or other version as a whole', () => {
    for (const hash of ['#seed=5', '#v=2&seed=5', '#v=1.0&seed=5']) {
      const parsed = parseState(hash, CATALOGUE);
      expect(parsed.errors).toEqual([expect.objectContaining({ field: 'v', problem: 'version' })]);
      expect(parsed.state).toEqual(defaultAppState(CATALOGUE));
    }
  });

  it('names each bad field and keeps its default, the good fields still apply', () => {
    const parsed = parseState('#v=1&seed=abc&lr=0.5&data=nonsense&d2=maybe&zmin=-1e999&cseeds=2', CATALOGUE);
    const defaults = defaultAppState(CATALOGUE);
    expect(parsed.errors.map((e) => e.field).sort()).toEqual(['cseeds', 'd2', 'data', 'seed', 'zmin']);
    expect(parsed.errors.every((e) => e.problem === 'invalid' && e.expected)).toBe(true);
    expect(parsed.state.experiment.seed).toBe(defaults.experiment.seed);
    expect(parsed.state.experiment.data?.kind).toBe(defaults.experiment.data?.kind);
    expect(parsed.state.experiment.train?.optimizer?.lr).toBe(0.5);
  });

  it('survives hostile input: script tags, huge numbers, wrong types, bad escapes', () => {
    const hostile = [
      '#v=1&panel=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      '#v=1&fns=<img src=x onerror=alert(1)>',
      '#v=1&seed=1e400&n=99999999999999999999999&lr=Infinity&noise=NaN',
      '#v=1&steps=[1,2]&layers={"units":8}&batch=true&nesterov=2',
      '#v=1&layers=8:relu:negative_slope=1e999,8:evil',
      '#v=1&p=constructor.prototype:1&p=__proto__.x:1',
      '#v=1&%E0%A4%A=1&seed=%ZZ',
      '#v=1&=&&&noequals&<script>=1',
      `#v=1&cmp=${'relu,'.repeat(2000)}`,
      '#v=1&zmin=4&zmax=-4',
    ];
    for (const hash of hostile) {
      const parsed = parseState(hash, CATALOGUE);
      expect(parsed.errors.length, hash).toBeGreaterThan(0);
      for (const error of parsed.errors) expect(error.field.length).toBeLessThanOrEqual(40);
      // Whatever came in, the state is a well-formed one: it serialises and parses back cleanly.
      expect(parseState(serializeState(parsed.state, CATALOGUE), CATALOGUE).errors).toEqual([]);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    }
    const huge = parseState('#v=1&seed=1e400', CATALOGUE);
    expect(huge.errors).toEqual([expect.objectContaining({ field: 'seed', problem: 'invalid' })]);
  });

  it('leaves range checks of the experiment to the C++ parser: a finite out-of-range number passes through', () => {
    const parsed = parseState('#v=1&n=100000000&lr=-1', CATALOGUE);
    expect(parsed.errors).toEqual([]);
    expect(parsed.state.experiment.data?.n).toBe(100000000);
  });

  it('reports unknown and duplicate keys', () => {
    const parsed = parseState('#v=1&seed=2&seed=3&colour=red', CATALOGUE);
    expect(parsed.errors).toEqual([
      { field: 'seed', problem: 'duplicate' },
      { field: 'colour', problem: 'unknown' },
    ]);
    expect(parsed.state.experiment.seed).toBe(2);
  });

  it('refuses an overlong hash before parsing it', () => {
    expect(parseState(`#v=1&x=${'a'.repeat(10000)}`, CATALOGUE).errors).toEqual([{ field: '#', problem: 'too-long' }]);
  });

  it('compareConfig swaps every hidden activation and sets seed and steps, leaving the base alone', () => {
    const base = edited().experiment;
    const config = compareConfig(base, 'tanh', 9, 50);
    expect(config.seed).toBe(9);
    expect(config.steps).toBe(50);
    expect(config.model?.layers).toEqual([{ units: 16, activation: 'tanh' }, { units: 4, activation: 'tanh' }]);
    expect(base.model?.layers?.[0].activation).toBe('leaky_relu');
  });
});

describe('custom formulas in the link', () => {
  function withFormulas(): AppState {
    const state = defaultAppState(CATALOGUE);
    state.explore = {
      ...state.explore,
      selected: ['relu', 'custom'],
      formula: 'where(z > 0, z, a*(exp(z) - 1)) + b*z^2',
      params: { ...state.explore.params, custom: { a: 1.5, b: -0.25 } },
    };
    state.experiment.model = { ...state.experiment.model, layers: [{ units: 6, activation: 'custom', params: { formula: 'max(a*z, z)', a: 0.1 } }, { units: 4, activation: 'relu' }] };
    state.compare = { ...state.compare, activations: ['relu', 'custom'], custom: { formula: 'z*sigmoid(beta*z)', beta: 4 } };
    return state;
  }

  it('round-trips Explore’s formula with its parameters, a custom layer and Compare’s formula', () => {
    const state = withFormulas();
    const hash = serializeState(state, CATALOGUE);
    const parsed = parseState(hash, CATALOGUE);
    expect(parsed.errors).toEqual([]);
    expect(parsed.state).toEqual(state);
    expect(serializeState(parsed.state, CATALOGUE)).toBe(hash);
    // The formula's ',' and '=' stay inside its field: the layer list still splits in two.
    expect(parsed.state.experiment.model?.layers).toHaveLength(2);
    expect(hash).toContain('p=custom.a:1.5,custom.b:-0.25');
  });

  it('refuses a formula with the module’s message and column, keeping the default formula', () => {
    const parsed = parseState('#v=1&formula=z*sigmoidd(z)', CATALOGUE);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ field: 'formula', problem: 'invalid', expected: { type: 'formula', maxLength: 256 } });
    expect(parsed.errors[0].detail).toMatch(/formula: unknown function 'sigmoidd' at column 3/);
    expect(parsed.state.explore.formula).toBe(defaultAppState(CATALOGUE).explore.formula);
    const long = parseState(`#v=1&formula=${'z+'.repeat(200)}z`, CATALOGUE).errors[0];
    expect(long.detail).toMatch(/256/);
    const layer = parseState(`#v=1&layers=4:custom:formula=${encodeURIComponent(encodeURIComponent('max(z,'))}`, CATALOGUE).errors[0];
    expect(layer).toMatchObject({ field: 'layers', problem: 'invalid' });
  });

  it('checks the formula’s parameter values against −1000..1000 and fills the ones the link leaves out', () => {
    expect(parseState('#v=1&formula=a*z&p=custom.a:1001', CATALOGUE).errors[0]).toMatchObject({ field: 'p', problem: 'invalid' });
    const filled = parseState('#v=1&formula=a*z%2Bb&p=custom.a:-3,custom.zz:5', CATALOGUE);
    expect(filled.errors).toEqual([]);
    // b was not given: the catalogue's default; zz is not a parameter of this formula and is dropped.
    expect(filled.state.explore.params.custom).toEqual({ a: -3, b: 1 });
    expect(parseState('#v=1&cmp=relu,custom&cparams=beta:-1e4', CATALOGUE).errors[0]).toMatchObject({ field: 'cparams', problem: 'invalid' });
  });

  it('compareConfig gives "custom" layers the formula and its values', () => {
    const config = compareConfig(withFormulas().experiment, 'custom', 3, 10, { formula: 'z*sigmoid(beta*z)', beta: 4 });
    expect(config.model?.layers).toEqual([
      { units: 6, activation: 'custom', params: { formula: 'z*sigmoid(beta*z)', beta: 4 } },
      { units: 4, activation: 'custom', params: { formula: 'z*sigmoid(beta*z)', beta: 4 } },
    ]);
    expect(compareConfig(withFormulas().experiment, 'relu', 3, 10).model?.layers?.[0]).toEqual({ units: 6, activation: 'relu' });
  });
});
