// helpers.ts — shared by the Vitest suites: where the built files are, the
// inputs every activation is evaluated at, and bit-exact float comparison.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { BuildVariant } from '../../web/src/lib/loader';

export const VARIANTS: readonly BuildVariant[] = ['simd', 'scalar'];

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
export const wasmDir = `${repositoryRoot}build/wasm`;
export const cliPath = `${repositoryRoot}build/native/actlab`;

/** Throws a message saying how to build `path` when it is missing. */
export function requireBuilt(path: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm test\` (or scripts/build.sh) first`);
  return path;
}

/** The activations and their order, as activation_list.def defines them. */
export const ACTIVATION_IDS = [
  'identity', 'sigmoid', 'tanh', 'relu', 'relu6', 'leaky_relu', 'prelu', 'elu', 'selu', 'gelu',
  'gelu_tanh', 'silu', 'mish', 'softplus', 'hardsigmoid', 'hardswish', 'softsign',
] as const;

/** Parameter sets checked besides the defaults: one non-default set per parametrised activation. */
export const NON_DEFAULT_PARAMS: Record<string, Record<string, number>> = {
  leaky_relu: { negative_slope: 0.2 },
  prelu: { init: 0.1 },
  elu: { alpha: 0.5 },
  softplus: { beta: 2, threshold: 10 },
};

/**
 * The edge values of the issue (zero, signed zero, subnormals, kinks,
 * saturation points, overflow thresholds, infinities, NaN), a dense grid over
 * [-30, 30] and signed powers of two over the whole float range.
 */
export function evaluationInputs(): Float32Array {
  const values: number[] = [];
  const edges = [0, 1e-45, 1e-38, 1, 3, 6, 20, 88, 89, 1e4, 3e38, Infinity];
  for (const edge of edges) values.push(edge, -edge);
  values.push(NaN);
  for (let i = -30 * 64; i <= 30 * 64; i++) values.push(i / 64);
  for (let exponent = -149; exponent <= 127; exponent++) {
    const power = 2 ** exponent;
    values.push(power, -power, power * 1.5, -power * 1.5);
  }
  return new Float32Array(values);
}

/** Text for a float that C's strtod/strtof reads back as the same float. */
export function floatToText(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

/** Reads C's %.9g output ("inf", "-nan", "1.5e-45", ...) as a float32 value. */
export function textToFloat(text: string): number {
  const lower = text.toLowerCase();
  if (lower.includes('nan')) return NaN;
  if (lower.includes('inf')) return lower.startsWith('-') ? -Infinity : Infinity;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`not a number: '${text}'`);
  return Math.fround(value);
}

/** Equal as float32 bit patterns, except that any NaN equals any NaN. */
export function sameFloat(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  const bits = new Uint32Array(new Float32Array([a, b]).buffer);
  return bits[0] === bits[1];
}

/** Index of the first element where the arrays differ (per sameFloat), or -1. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!sameFloat(a[i], b[i])) return i;
  return -1;
}
