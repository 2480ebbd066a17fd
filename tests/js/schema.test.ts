// schema.test.ts — lab.schema (the C++ schema table as data): it lists what
// the parser accepts (names, ranges, defaults), it agrees with the public
// TypeScript types and lab.activations, and docs/config.md's field tables are
// exactly the ones generated from it.
import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fieldTables, generatedBlock } from '../../scripts/config-docs.mjs';
import { createLab } from '../../web/src/lib/index';
import type {
  ActivationId,
  DataKind,
  ExperimentConfig,
  HeadKind,
  InitKind,
  Lab,
  LossKind,
  OptimizerKind,
  SchemaField,
} from '../../web/src/lib/types';
import { repositoryRoot } from './helpers';

// Every member of each union type, once: a missing or extra name is a type error (tsc).
const DATA_KINDS = Object.keys({
  moons: 0, circles: 0, xor: 0, spiral: 0, blobs: 0, sin: 0, abs: 0, step: 0,
  iris: 0, wine: 0, breast_cancer: 0, digits: 0, custom: 0,
} satisfies Record<DataKind, 0>);
const HEADS = Object.keys({ sigmoid: 0, softmax: 0, identity: 0 } satisfies Record<HeadKind, 0>);
const INITS = Object.keys({
  zeros: 0, uniform: 0, normal: 0, xavier_uniform: 0, xavier_normal: 0, he_uniform: 0, he_normal: 0, lecun_normal: 0,
} satisfies Record<InitKind, 0>);
const LOSSES = Object.keys({ bce: 0, softmax_ce: 0, mse: 0 } satisfies Record<LossKind, 0>);
const OPTIMIZERS = Object.keys({ sgd: 0, momentum: 0, rmsprop: 0, adam: 0 } satisfies Record<OptimizerKind, 0>);
const ACTIVATIONS = Object.keys({
  identity: 0, sigmoid: 0, tanh: 0, relu: 0, relu6: 0, leaky_relu: 0, prelu: 0, elu: 0, selu: 0, gelu: 0,
  gelu_tanh: 0, silu: 0, mish: 0, softplus: 0, hardsigmoid: 0, hardswish: 0, softsign: 0, custom: 0,
} satisfies Record<ActivationId, 0>);

let lab: Lab;
beforeAll(async () => {
  lab = await createLab();
});
afterAll(() => lab.dispose());

function field(path: string): SchemaField {
  const found = lab.schema.fields.find((entry) => entry.path === path);
  if (!found) throw new Error(`no schema field ${path}`);
  return found;
}

/** A config with `value` at `path` (no list entries), e.g. train.optimizer.lr. */
function withValue(path: string, value: unknown): ExperimentConfig {
  const keys = path.split('.');
  let node: unknown = value;
  for (const key of keys.reverse()) node = { [key]: node };
  return node as ExperimentConfig;
}

describe('lab.schema', () => {
  it('is frozen data, readable after dispose like lab.activations', async () => {
    expect(lab.schema.version).toBe(1);
    expect(Object.isFrozen(lab.schema)).toBe(true);
    expect(Object.isFrozen(lab.schema.fields[0])).toBe(true);
    expect(() => (lab.schema.fields as SchemaField[]).push(field('seed'))).toThrow(TypeError);
    const other = await createLab({ simd: false });
    other.dispose();
    expect(other.schema.fields.length).toBe(lab.schema.fields.length);
  });

  it('names exactly the values of the public types and of lab.activations', () => {
    expect(field('data.kind').choices).toEqual(DATA_KINDS);
    expect(lab.schema.dataKinds.map((kind) => kind.name)).toEqual(DATA_KINDS);
    expect(field('model.output.activation').choices).toEqual(HEADS);
    expect(field('model.init').choices).toEqual(INITS);
    expect(field('train.loss').choices).toEqual(LOSSES);
    expect(field('train.optimizer.kind').choices).toEqual(OPTIMIZERS);
    expect(field('model.layers[].activation').choices).toEqual(ACTIVATIONS);
    expect(field('model.layers[].activation').choices).toEqual(lab.activations.map((info) => info.id));
  });

  it("gives the defaults the parser fills in", () => {
    using experiment = lab.createExperiment({});
    const config = experiment.config as Record<string, unknown>;
    let checked = 0;
    for (const entry of lab.schema.fields) {
      if (entry.default === undefined || entry.path.includes('[]') || entry.customDataOnly) continue;
      let value: unknown = config;
      for (const key of entry.path.split('.')) value = (value as Record<string, unknown>)[key];
      expect(value, entry.path).toEqual(entry.default);
      checked++;
    }
    expect(checked).toBeGreaterThan(15);
    expect(config.every).toBe(10);
  });

  it('gives the ranges the parser enforces: the closed ends pass, one step past them is a RangeError naming the field', () => {
    // Fields whose range depends on other fields are left to the config tests.
    const dependent = new Set(['every', 'data.classes', 'model.inputs', 'model.output.units', 'train.batchSize']);
    let checked = 0;
    for (const entry of lab.schema.fields) {
      if ((entry.type !== 'number' && entry.type !== 'integer') || entry.path.includes('[]')) continue;
      if (entry.customDataOnly || dependent.has(entry.path)) continue;
      const min = entry.min!;
      const max = entry.max!;
      const step = entry.type === 'integer' ? 1 : Math.max(1e-3, (max - min) / 1000);
      if (!entry.maxExclusive) expect(() => lab.createExperiment(withValue(entry.path, max)).dispose(), entry.path).not.toThrow();
      if (!entry.minExclusive) expect(() => lab.createExperiment(withValue(entry.path, min)).dispose(), entry.path).not.toThrow();
      for (const bad of [entry.minExclusive ? min : min - step, entry.maxExclusive ? max : max + step]) {
        expect(() => lab.createExperiment(withValue(entry.path, bad)), `${entry.path} = ${bad}`).toThrow(RangeError);
        expect(() => lab.createExperiment(withValue(entry.path, bad))).toThrow(new RegExp(`^${entry.path.replaceAll('.', '\\.')} must be `));
      }
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(14);
  });

  it('choices outside the list are TypeErrors listing the schema names', () => {
    for (const path of ['data.kind', 'model.init', 'train.loss', 'train.optimizer.kind', 'model.output.activation']) {
      const names = field(path).choices!.join(', ');
      expect(() => lab.createExperiment(withValue(path, 'nope'))).toThrow(new TypeError(`${path} must be one of ${names}, got "nope"`));
    }
  });

  it('is what docs/config.md shows: its field tables are generated from the schema', () => {
    const docs = readFileSync(`${repositoryRoot}docs/config.md`, 'utf8');
    const block = generatedBlock(docs);
    expect(block, 'docs/config.md lacks the generated block').toBeDefined();
    // On a difference, regenerate with `node scripts/config-docs.mjs` (after scripts/build.sh native).
    expect(block).toBe(fieldTables(lab.schema));
  });
});
