// cli-agreement.test.ts — the wasm modules and the native CLI compute the same
// floats: for every activation (defaults and one other parameter set), both
// wasm builds' evaluate() equal `actlab eval` bit for bit on the edge values,
// a dense grid and powers of two across the float range. The CLI prints %.9g,
// which reads back as the exact float.
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
}

function runCli(id: string, params: Record<string, number>, z: Float32Array): CliOutput {
  const args = ['eval', id];
  for (const [name, value] of Object.entries(params)) args.push('--param', `${name}=${value}`);
  const run = spawnSync(requireBuilt(cliPath), args, {
    input: Array.from(z, floatToText).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`actlab ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  const out = { z: new Float32Array(lines.length), y: new Float32Array(lines.length), dydz: new Float32Array(lines.length) };
  lines.forEach((line, i) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 3) throw new Error(`line ${i + 1} of actlab ${args.join(' ')} is not 'z y dydz': '${line}'`);
    out.z[i] = textToFloat(fields[0]);
    out.y[i] = textToFloat(fields[1]);
    out.dydz[i] = textToFloat(fields[2]);
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
