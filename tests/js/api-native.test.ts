// api-native.test.ts — the npm API computes exactly what the native C++ build
// computes: for configs covering every head, PReLU and several activations and
// optimisers, exp.model.lossAndGradients() and predict() on the training set
// equal `actlab grad` bit for bit (before and after training), lab.evaluate
// equals `actlab eval`, and exp.step() reports the same metrics as `actlab run`. The SIMD and scalar builds agree
// with each other bit for bit (evaluate on the edge values, metrics, grids).
import { spawnSync } from 'node:child_process';

import { beforeAll, describe, expect, it } from 'vitest';

import type { ExperimentConfig, Lab, LossKind } from '../../web/src/lib/types';
import { COVERAGE_CONFIGS, loadLabs } from './api-helpers';
import {
  ACTIVATION_IDS,
  NON_DEFAULT_PARAMS,
  VARIANTS,
  cliPath,
  evaluationInputs,
  firstDifference,
  floatToText,
  requireBuilt,
  textToFloat,
} from './helpers';

let labs: Map<string, Lab>;
beforeAll(async () => {
  labs = await loadLabs();
});

function cli(args: string[], config: ExperimentConfig): string {
  const run = spawnSync(requireBuilt(cliPath), [...args], {
    input: JSON.stringify(config),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`actlab ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return run.stdout;
}

/** `actlab grad` output: label → floats. */
function nativeGradients(config: ExperimentConfig, steps: number): Map<string, Float32Array> {
  const lines = cli(['grad', '-', '--steps', String(steps)], config).trim().split('\n');
  return new Map(
    lines.map((line) => {
      const [label, ...values] = line.trim().split(/\s+/);
      return [label, new Float32Array(values.map(textToFloat))];
    }),
  );
}

function expectSameFloats(actual: Float32Array, expected: Float32Array | undefined, what: string): void {
  expect(expected, `${what}: missing in the native output`).toBeDefined();
  const index = firstDifference(actual, expected!);
  if (index >= 0) {
    expect.fail(
      `${what}[${index}]: wasm ${floatToText(actual[index])}, native ${floatToText(expected![index])} ` +
        `(lengths ${actual.length} and ${expected!.length})`,
    );
  }
}

const cases = Object.entries(COVERAGE_CONFIGS).flatMap(([name, config]) => [
  { name, config, steps: 0 },
  { name, config, steps: 25 },
]);

describe('lossAndGradients and predict equal the native build bit for bit', () => {
  it.each(cases)('$name after $steps steps', ({ config, steps }) => {
    const native = nativeGradients(config, steps);
    for (const variant of VARIANTS) {
      using exp = labs.get(variant)!.createExperiment(config);
      exp.step(steps);
      const data = exp.data();
      const loss = exp.config.train!.loss as LossKind;
      const result = exp.model.lossAndGradients(data.x, data.y, loss);
      expect(Number.isFinite(result.loss) && result.loss > 0).toBe(true);
      expectSameFloats(new Float32Array([result.loss]), native.get('loss'), `${variant} loss`);
      result.gradients.forEach((layer, l) => {
        expectSameFloats(layer.weights, native.get(`layers[${l}].weights`), `${variant} layers[${l}].weights`);
        expectSameFloats(layer.bias, native.get(`layers[${l}].bias`), `${variant} layers[${l}].bias`);
        if (layer.alpha) expectSameFloats(layer.alpha, native.get(`layers[${l}].alpha`), `${variant} layers[${l}].alpha`);
        else expect(native.has(`layers[${l}].alpha`)).toBe(false);
      });
      expectSameFloats(exp.model.predict(data.x), native.get('predict'), `${variant} predict`);
    }
  });
});

describe('lab.evaluate equals `actlab eval` bit for bit', () => {
  it.each(ACTIVATION_IDS.map((id) => ({ id, params: NON_DEFAULT_PARAMS[id] ?? {} })))('$id $params', ({ id, params }) => {
    const z = evaluationInputs();
    const args = ['eval', id, ...Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`])];
    const run = spawnSync(requireBuilt(cliPath), args, { input: Array.from(z, floatToText).join('\n') + '\n', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`actlab ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    const rows = run.stdout.trim().split('\n').map((line) => line.trim().split(/\s+/).map(textToFloat));
    const native = { y: new Float32Array(rows.map((r) => r[1])), dydz: new Float32Array(rows.map((r) => r[2])) };
    for (const variant of VARIANTS) {
      const { y, dydz } = labs.get(variant)!.evaluate(id, z, params);
      expectSameFloats(y, native.y, `${variant} ${id} y`);
      expectSameFloats(dydz, native.dydz, `${variant} ${id} dydz`);
    }
  });
});

describe('exp.step() reports what `actlab run` prints', () => {
  it.each(Object.entries(COVERAGE_CONFIGS))('%s', (_name, config) => {
    const every = 10;
    const steps = 40;
    const native = cli(['run', '-', '--steps', String(steps), '--every', String(every)], config)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    for (const variant of VARIANTS) {
      using exp = labs.get(variant)!.createExperiment({ ...config, steps, every });
      const records = [exp.metrics()];
      while (records.at(-1)!.status === 'running') records.push(exp.step(every));
      expect(records, variant).toEqual(native);
    }
  });
});

describe('SIMD and scalar builds agree bit for bit', () => {
  it('evaluate, every activation, on the edge values, a grid and powers of two', () => {
    const z = evaluationInputs();
    const [simd, scalar] = VARIANTS.map((variant) => labs.get(variant)!);
    for (const id of ACTIVATION_IDS) {
      for (const params of [{}, NON_DEFAULT_PARAMS[id] ?? {}]) {
        const a = simd.evaluate(id, z, params);
        const b = scalar.evaluate(id, z, params);
        expectSameFloats(a.y, b.y, `${id} y`);
        expectSameFloats(a.dydz, b.dydz, `${id} dydz`);
      }
    }
  });

  it('decision grids and parameters after training', () => {
    for (const config of Object.values(COVERAGE_CONFIGS)) {
      const [simd, scalar] = VARIANTS.map((variant) => {
        const exp = labs.get(variant)!.createExperiment(config);
        exp.step(30);
        const w = exp.data().inputs === 1 ? 50 : 20;
        const result = { grid: exp.decisionGrid(w, exp.data().inputs === 1 ? 1 : 15), parameters: exp.model.getParameters() };
        exp.dispose();
        return result;
      });
      expectSameFloats(simd.grid, scalar.grid, 'grid');
      simd.parameters.forEach((p, l) => expectSameFloats(p.weights, scalar.parameters[l].weights, `layers[${l}].weights`));
    }
  });
});
