// raw-module.ts — the shape of the Embind module as compiled (cpp/bindings),
// and the one place where its error objects become JavaScript exceptions.
// Everything here mirrors bindings.cpp; the friendly API is in activations.ts.

/** A parameter of an activation, as the C++ catalogue describes it. */
export interface ParamInfo {
  name: string;
  default: number;
  /** inclusive */
  min: number;
  /** inclusive */
  max: number;
  /** true for PReLU's slope: one per unit, trained */
  learnable: boolean;
}

/** An activation function: its id (key), display name, parameters and TeX. */
export interface ActivationInfo {
  id: string;
  name: string;
  params: ParamInfo[];
  /** f(z), KaTeX-ready */
  formula: string;
  /** f'(z), KaTeX-ready */
  derivative: string;
  /** output range, TeX */
  range: string;
}

/** What a binding returns instead of throwing (the wasm build has no C++ exceptions). */
export interface RawError {
  error: string;
  kind: 'type' | 'range';
}

export interface RawEvaluation {
  y: Float32Array;
  dydz: Float32Array;
}

/** The members bound in cpp/bindings/bindings.cpp. */
export interface RawActlabModule {
  /** JSON text: ActivationInfo[] */
  _activations(): string;
  _simd(): boolean;
  _evaluate(id: unknown, z: unknown, params: unknown): RawEvaluation | RawError;
}

/** Options Emscripten's generated factory understands (the ones we use). */
export interface EmscriptenModuleOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, scriptDirectory: string) => string;
}

export type ActlabModuleFactory = (options?: EmscriptenModuleOptions) => Promise<RawActlabModule>;

function isRawError(value: unknown): value is RawError {
  return typeof value === 'object' && value !== null && typeof (value as RawError).error === 'string';
}

/** Returns the binding's result, or throws its error as TypeError / RangeError. */
export function unwrap<T>(result: T | RawError): T {
  if (isRawError(result)) {
    throw result.kind === 'range' ? new RangeError(result.error) : new TypeError(result.error);
  }
  return result;
}
