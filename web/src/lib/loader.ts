// loader.ts — loads the activation-lab wasm module: the SIMD build where the
// runtime supports wasm SIMD128 (detected with wasm-feature-detect), the scalar
// build otherwise. Works in browsers, workers and Node; in Node pass the .wasm
// bytes (see loader-node.ts), since the module is built for web and worker only.
import { simd as wasmSimdSupported } from 'wasm-feature-detect';

import type { ActlabModuleFactory, EmscriptenModuleOptions, RawActlabModule } from './raw-module';

export type BuildVariant = 'simd' | 'scalar';

export interface LoadOptions {
  /** Which build to load; by default SIMD where the runtime supports it. */
  variant?: BuildVariant;
  /** The .wasm bytes, when the caller has them (Node). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to fetch the .wasm from; by default beside the generated .mjs. */
  wasmUrl?: string | URL;
}

export interface LoadedModule {
  variant: BuildVariant;
  raw: RawActlabModule;
}

// Static import() calls, so bundlers see both builds and emit their files.
const factories: Record<BuildVariant, () => Promise<{ default: ActlabModuleFactory }>> = {
  simd: () => import('../../../build/wasm/actlab-simd.mjs'),
  scalar: () => import('../../../build/wasm/actlab-scalar.mjs'),
};

/** The build this runtime should use. */
export async function preferredVariant(): Promise<BuildVariant> {
  return (await wasmSimdSupported()) ? 'simd' : 'scalar';
}

export async function loadModule(options: LoadOptions = {}): Promise<LoadedModule> {
  const variant = options.variant ?? (await preferredVariant());
  const { default: createModule } = await factories[variant]();
  const moduleOptions: EmscriptenModuleOptions = {};
  if (options.wasmBinary) moduleOptions.wasmBinary = options.wasmBinary;
  if (options.wasmUrl) {
    const url = String(options.wasmUrl);
    moduleOptions.locateFile = () => url;
  }
  const raw = await createModule(moduleOptions);
  return { variant, raw };
}
