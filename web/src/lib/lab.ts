// lab.ts — createLab() and the Lab it resolves to: the entry point of the npm
// module. A Lab is one loaded wasm module (SIMD where the runtime supports it,
// scalar otherwise or with `simd: false`) and the factory of everything else:
// activations, models, experiments and worker runs.
import { loadModule, type BuildVariant } from './loader';
import { describe } from './memory';
import { WasmExperiment } from './experiment';
import { WasmModel } from './model';
import { unwrap, type RawActlabModule } from './raw-module';
import { startRun } from './run';
import type {
  ActivationInfo,
  CreateLabOptions,
  ExperimentConfig,
  Lab,
  ModelConfig,
  ParamValues,
  Run,
  RunOptions,
} from './types';

const MAX_SEED = 9007199254740991;

class WasmLab implements Lab {
  readonly simd: boolean;
  /** The build in use. */
  readonly variant: BuildVariant;
  readonly activations: readonly ActivationInfo[];
  readonly #raw: RawActlabModule;
  readonly #wasmUrl: string | URL | undefined;

  constructor(raw: RawActlabModule, variant: BuildVariant, wasmUrl: string | URL | undefined) {
    this.#raw = raw;
    this.variant = variant;
    this.#wasmUrl = wasmUrl;
    this.simd = raw._simd();
    const list = JSON.parse(raw._activations()) as ActivationInfo[];
    for (const info of list) {
      for (const param of info.params) Object.freeze(param);
      Object.freeze(info.params);
      Object.freeze(info);
    }
    this.activations = Object.freeze(list);
  }

  evaluate(id: string, z: Float32Array, params?: ParamValues): { y: Float32Array; dydz: Float32Array } {
    return unwrap(this.#raw._evaluate(id, z, params ?? {}));
  }

  createModel(config?: ModelConfig, options: { seed?: number } = {}): WasmModel {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`options must be an object { seed? }, got ${describe(options)}`);
    }
    const seed = options.seed ?? 1;
    if (typeof seed !== 'number' || !Number.isInteger(seed)) {
      throw new TypeError(`seed must be an integer 0..${MAX_SEED}, got ${describe(seed)}`);
    }
    return WasmModel.create(this.#raw, config, seed);
  }

  createExperiment(config?: ExperimentConfig): WasmExperiment {
    return WasmExperiment.create(this.#raw, config);
  }

  run(config: ExperimentConfig, options?: RunOptions): Run {
    return startRun({ variant: this.variant, wasmUrl: this.#wasmUrl }, config, options);
  }

  heapBytesInUse(): number {
    return this.#raw._heapBytesInUse();
  }
}

/**
 * Loads the wasm module and resolves to a Lab. In browsers, bundlers and Web
 * Workers the .wasm is fetched from beside the module (or `wasmUrl`); in Node
 * its bytes are read from the file (or `wasmUrl`, a file URL, path or http URL).
 */
export async function createLab(options: CreateLabOptions = {}): Promise<Lab> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object { simd?, wasmUrl? }, got ${describe(options)}`);
  }
  const { simd, wasmUrl } = options;
  if (simd !== undefined && typeof simd !== 'boolean') {
    throw new TypeError(`options.simd must be true or false, got ${describe(simd)}`);
  }
  if (wasmUrl !== undefined && typeof wasmUrl !== 'string' && !(wasmUrl instanceof URL)) {
    throw new TypeError(`options.wasmUrl must be a string or a URL, got ${describe(wasmUrl)}`);
  }
  const variant: BuildVariant | undefined = simd === undefined ? undefined : simd ? 'simd' : 'scalar';
  const loaded = await loadModule({ variant, wasmUrl });
  return new WasmLab(loaded.raw, loaded.variant, wasmUrl);
}
