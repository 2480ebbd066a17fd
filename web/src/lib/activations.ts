// activations.ts — the activation functions from JavaScript: the catalogue and
// evaluate(), with errors thrown as TypeError (wrong type, unknown name) or
// RangeError (value out of range). A thin layer over the raw Embind module;
// the npm API builds on it.
import type { BuildVariant, LoadedModule } from './loader';
import { unwrap, type ActivationInfo, type RawActlabModule } from './raw-module';

export type { ActivationInfo, ParamInfo } from './raw-module';

/** Parameter values by name; missing ones take their defaults. */
export type ParamValues = Readonly<Record<string, number>>;

export interface Evaluation {
  /** f(z), a new array (a copy, not a view of wasm memory) */
  y: Float32Array;
  /** f'(z), a new array */
  dydz: Float32Array;
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

  /** f and f' of activation `id` at every z. Throws TypeError / RangeError on bad input. */
  evaluate(id: string, z: Float32Array, params: ParamValues = {}): Evaluation {
    return unwrap(this.#raw._evaluate(id, z, params));
  }
}
