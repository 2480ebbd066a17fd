// cli-agreement.test.ts — the wasm modules and the native CLI compute the same
// floats: for every activation (defaults and one other parameter set), both
// wasm builds' evaluate() equal `actlab eval` bit for bit on the edge values,
// a dense grid and powers of two across the float range; so do f, f' and f''
// of custom formulas using every function of the language, and f'' of every
// built-in. The CLI prints %.9g, which reads back as the exact float.
import { spawnSync } from 'node:child_process';

import { beforeAll, describe, expect, it } from 'vitest';

import { ActivationLibrary } from '../../web/src/lib/activations';
import { loadModuleInNode } from '../../web/src/lib/loader-node';
import {
  ACTIVATION_IDS,
  NON_DEFAULT_PARAMS,
  VARIANTS,
  cliPath,
  evaluationInputs,
  floatToText,
  requireBuilt,
  sameFloat,
  textToFloat,
} from './helpers';

interface CliOutput {
  z: Float32Array;
  y: Float32Array;
  dydz: Float32Array;
  d2ydz2: Float32Array;
}

function runCli(id: string, params: Record<string, number | string>, z: Float32Array, second = false): CliOutput {
  const args = ['eval', id];
  for (const [name, value] of Object.entries(params)) {
    if (name === 'formula') args.push('--formula', String(value));
    else args.push('--param', `${name}=${value}`);
  }
  if (second) args.push('--second');
  const run = spawnSync(requireBuilt(cliPath), args, {
    input: Array.from(z, floatToText).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`actlab ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  const columns = second ? 4 : 3;
  const out = {
    z: new Float32Array(lines.length),
    y: new Float32Array(lines.length),
    dydz: new Float32Array(lines.length),
    d2ydz2: new Float32Array(second ? lines.length : 0),
  };
  lines.forEach((line, i) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== columns) throw new Error(`line ${i + 1} of actlab ${args.join(' ')} has ${fields.length} fields: '${line}'`);
    out.z[i] = textToFloat(fields[0]);
    out.y[i] = textToFloat(fields[1]);
    out.dydz[i] = textToFloat(fields[2]);
    if (second) out.d2ydz2[i] = textToFloat(fields[3]);
  });
  return out;
}

const libraries = new Map<string, ActivationLibrary>();
beforeAll(async () => {
  for (const variant of VARIANTS) libraries.set(variant, new ActivationLibrary(await loadModuleInNode(variant)));
});

const cases = ACTIVATION_IDS.flatMap((id) =>
  NON_DEFAULT_PARAMS[id] ? [{ id, params: {} }, { id, params: NON_DEFAULT_PARAMS[id] }] : [{ id, params: {} }],
);

describe('evaluate() equals `actlab eval` bit for bit', () => {
  it.each(cases)('$id $params', ({ id, params }) => {
    const z = evaluationInputs();
    const cli = runCli(id, params, z);
    expect(cli.z.length).toBe(z.length);
    for (let i = 0; i < z.length; i++) {
      if (!sameFloat(cli.z[i], z[i])) throw new Error(`CLI read input ${floatToText(z[i])} as ${cli.z[i]}`);
    }
    for (const variant of VARIANTS) {
      const { y, dydz } = libraries.get(variant)!.evaluate(id, z, params);
      for (let i = 0; i < z.length; i++) {
        if (!sameFloat(y[i], cli.y[i]) || !sameFloat(dydz[i], cli.dydz[i])) {
          expect.fail(
            `${variant} ${id} at z=${floatToText(z[i])}: wasm (${floatToText(y[i])}, ${floatToText(dydz[i])}), ` +
              `native CLI (${floatToText(cli.y[i])}, ${floatToText(cli.dydz[i])})`,
          );
        }
      }
    }
  });
});

// Together these use every operation, function and built-in of the formula language.
const FORMULAS: Record<string, number | string>[] = [
  { formula: 'where(z > 0, sin(z)*cos(2*z) + tan(z/4), atan(z) - log1p(z*z)) + exp(-abs(z))*erf(z) + sqrt(abs(z))*sign(z)' },
  { formula: 'sinh(z/8)/cosh(z/8) + min(z, 1)*max(z, -1) + log(1 + z^2)/expm1(0.5 + z^2) + 2^z/(1 + z^2)^1.5 + z^-2 + z^a', a: 1.5 },
  { formula: 'where(z <= 1, gelu(z) + mish(z) + elu(z), relu6(z) + hardswish(z)) + where(z >= -1, selu(z), silu(z))' },
  {
    formula:
      'sigmoid(z) + tanh(z) + relu(z) + leaky_relu(z) + prelu(z) + gelu_tanh(z) + softplus(z) + hardsigmoid(z) + softsign(z) + identity(z)',
  },
  { formula: 'z*sigmoid(b*z)', b: 1.5 },
];

describe("custom formulas and f'': evaluate() equals `actlab eval --second` bit for bit", () => {
  const check = (id: string, params: Record<string, number | string>) => {
    const z = evaluationInputs();
    const cli = runCli(id, params, z, true);
    for (const variant of VARIANTS) {
      const wasm = libraries.get(variant)!.evaluate(id, z, params, true);
      for (const [name, got, want] of [
        ['y', wasm.y, cli.y],
        ['dydz', wasm.dydz, cli.dydz],
        ['d2ydz2', wasm.d2ydz2!, cli.d2ydz2],
      ] as const) {
        for (let i = 0; i < z.length; i++) {
          if (!sameFloat(got[i], want[i])) {
            expect.fail(`${variant} ${id} ${JSON.stringify(params)} ${name} at z=${floatToText(z[i])}: ` +
              `wasm ${floatToText(got[i])}, native ${floatToText(want[i])}`);
          }
        }
      }
    }
  };
  it.each(FORMULAS)('custom $formula', (params) => check('custom', params));
  it.each(cases)("$id $params, with f''", ({ id, params }) => check(id, params));
});
