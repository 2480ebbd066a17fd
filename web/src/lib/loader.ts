// loader.ts — loads the activation-lab wasm module: the SIMD build where the
// runtime supports wasm SIMD128 (detected with wasm-feature-detect), the scalar
// build otherwise. Works in browsers, workers and Node. The module is built for
// web and worker only, so in Node this file reads the .wasm bytes itself (from
// `wasmUrl`, by default the file beside the generated .mjs) and hands them over.
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

// Where the generated modules are, relative to this file. The Node branch
// builds its URL from a variable, so bundlers leave it alone (they find the
// .wasm through the generated .mjs).
const wasmDirectory = '../../../build/wasm/';
// Hidden from bundlers, so browser builds never try to resolve it.
const nodeFsPromises = 'node:fs/promises';

/** True in Node (main thread or worker_threads), false in browsers and Web Workers. */
export function isNode(): boolean {
  const processObject = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof processObject?.versions?.node === 'string';
}

/** The .wasm file of a build as shipped beside its .mjs. */
export function defaultWasmUrl(variant: BuildVariant): URL {
  const file = `${wasmDirectory}actlab-${variant}.wasm`;
  return new URL(file, import.meta.url);
}

/** The .wasm bytes in Node: from a file URL or path, or over http(s). */
export async function readWasmInNode(location: string | URL): Promise<Uint8Array> {
  const text = String(location);
  if (/^https?:/i.test(text)) {
    const response = await fetch(text);
    if (!response.ok) throw new Error(`could not fetch ${text}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
  const { readFile } = (await import(/* @vite-ignore */ nodeFsPromises)) as typeof import('node:fs/promises');
  return readFile(location instanceof URL || /^file:/i.test(text) ? new URL(text) : text);
}

/** The build this runtime should use. */
export async function preferredVariant(): Promise<BuildVariant> {
  return (await wasmSimdSupported()) ? 'simd' : 'scalar';
}

export async function loadModule(options: LoadOptions = {}): Promise<LoadedModule> {
  const variant = options.variant ?? (await preferredVariant());
  const { default: createModule } = await factories[variant]();
  const moduleOptions: EmscriptenModuleOptions = {};
  if (options.wasmBinary) {
    moduleOptions.wasmBinary = options.wasmBinary;
  } else if (isNode()) {
    moduleOptions.wasmBinary = await readWasmInNode(options.wasmUrl ?? defaultWasmUrl(variant));
  } else if (options.wasmUrl) {
    const url = String(options.wasmUrl);
    moduleOptions.locateFile = () => url;
  }
  const raw = await createModule(moduleOptions);
  return { variant, raw };
}
