// activations.ts — the activation functions from JavaScript: the catalogue and
// evaluate(), with errors thrown as TypeError (wrong type, unknown name) or
// RangeError (value out of range). A thin layer over the raw Embind module;
// the npm API builds on it.
import type { BuildVariant, LoadedModule } from './loader';
import { unwrap, type ActivationInfo, type RawActlabModule } from './raw-module';

export type { ActivationInfo, CustomActivationInfo, ParamInfo } from './raw-module';

/** Parameter values by name; missing ones take their defaults. "custom" also takes `formula` (a string). */
export type ParamValues = Readonly<Record<string, number | string>>;

export interface Evaluation {
  /** f(z), a new array (a copy, not a view of wasm memory) */
  y: Float32Array;
  /** f'(z), a new array */
  dydz: Float32Array;
  /** f''(z), when asked for with { second: true } */
  d2ydz2?: Float32Array;
}

export class ActivationLibrary {
  /** The build in use: 'simd' or 'scalar'. */
  readonly variant: BuildVariant;
  /** True when the loaded build runs SIMD kernels. */
  readonly simd: boolean;
  /** Every activation, in the library's order. */
  readonly activations: readonly ActivationInfo[];
  readonly #raw: RawActlabModule;

  constructor(loaded: LoadedModule) {
    this.#raw = loaded.raw;
    this.variant = loaded.variant;
    this.simd = loaded.raw._simd();
    this.activations = Object.freeze(JSON.parse(loaded.raw._activations()) as ActivationInfo[]);
  }

  /** The catalogue entry of `id`, or undefined. */
  find(id: string): ActivationInfo | undefined {
    return this.activations.find((info) => info.id === id);
  }

  /** f and f' (and f'' with second) of activation `id` at every z. Throws TypeError / RangeError on bad input. */
  evaluate(id: string, z: Float32Array, params: ParamValues = {}, second = false): Evaluation {
    return unwrap(this.#raw._evaluate(id, z, params, second));
  }
}
