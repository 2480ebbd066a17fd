// loader.ts — loads the activation-lab wasm module: the SIMD build where the
// runtime supports wasm SIMD128 (detected with wasm-feature-detect), the scalar
// build otherwise. Works in browsers, workers and Node.
//
// The .wasm is fetched (or, in Node, read) and compiled here, once, into a
// WebAssembly.Module; Emscripten's factory only instantiates it (through its
// `instantiateWasm` hook). The Lab keeps that Module and hands it to every
// worker its runs start, so a page downloads and compiles the wasm once
// however many workers it runs (a Module is structured-cloneable to Web Workers
// and to worker_threads alike).
import { simd as wasmSimdSupported } from 'wasm-feature-detect';

import type { ActlabModuleFactory, EmscriptenModuleOptions, RawActlabModule } from './raw-module';

export type BuildVariant = 'simd' | 'scalar';

export interface LoadOptions {
  /** Which build to load; by default SIMD where the runtime supports it. */
  variant?: BuildVariant;
  /** The build's compiled module, when the caller has it (a worker, or createLab's `wasmModule`). */
  wasmModule?: WebAssembly.Module;
  /** The .wasm bytes, when the caller has them. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to fetch the .wasm from; by default beside the generated .mjs. */
  wasmUrl?: string | URL;
}

export interface LoadedModule {
  variant: BuildVariant;
  raw: RawActlabModule;
  /** The compiled module the instance came from (to hand to workers). */
  wasmModule: WebAssembly.Module;
}

// Static import() calls, so bundlers see both builds and emit their files.
const factories: Record<BuildVariant, () => Promise<{ default: ActlabModuleFactory }>> = {
  simd: () => import('../../../build/wasm/actlab-simd.mjs'),
  scalar: () => import('../../../build/wasm/actlab-scalar.mjs'),
};

// Literal `new URL(…, import.meta.url)` expressions: Vite (this site, and apps
// that bundle the package) emits the .wasm and rewrites them; the package's
// build rewrites the directory to ./wasm/ (scripts/build-lib.mjs).
const defaultWasmUrls: Record<BuildVariant, () => URL> = {
  simd: () => new URL('../../../build/wasm/actlab-simd.wasm', import.meta.url),
  scalar: () => new URL('../../../build/wasm/actlab-scalar.wasm', import.meta.url),
};

// Hidden from bundlers, so browser builds never try to resolve it.
const nodeFsPromises = 'node:fs/promises';

/** True in Node (main thread or worker_threads), false in browsers and Web Workers. */
export function isNode(): boolean {
  const processObject = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof processObject?.versions?.node === 'string';
}

/** The .wasm file of a build as shipped beside its .mjs. */
export function defaultWasmUrl(variant: BuildVariant): URL {
  return defaultWasmUrls[variant]();
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

/** Fetches (browser) or reads (Node) a build's .wasm and compiles it. */
export async function compileWasm(variant: BuildVariant, options: { wasmBinary?: ArrayBuffer | Uint8Array; wasmUrl?: string | URL } = {}): Promise<WebAssembly.Module> {
  if (options.wasmBinary) return WebAssembly.compile(options.wasmBinary as BufferSource);
  const location = options.wasmUrl ?? defaultWasmUrl(variant);
  if (isNode()) return WebAssembly.compile((await readWasmInNode(location)) as BufferSource);
  const response = await fetch(String(location), { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`could not fetch ${String(location)}: HTTP ${response.status}`);
  // Streaming compilation overlaps download and compilation; it needs the
  // application/wasm type, which not every static host sends.
  if (typeof WebAssembly.compileStreaming === 'function' && response.headers.get('Content-Type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/** Instantiates a build from its compiled module: no fetch, no compilation. */
export function instantiateBuild(factory: ActlabModuleFactory, wasmModule: WebAssembly.Module): Promise<RawActlabModule> {
  return new Promise((resolve, reject) => {
    const options: EmscriptenModuleOptions = {
      // Never used to fetch (instantiateWasm below supplies the instance). Given
      // so the glue does not resolve its .wasm against import.meta.url or
      // self.location, which in a worker started from a blob: URL (a page on
      // another origin, run.ts) is that blob: URL, no base for a relative URL.
      locateFile: (path) => path,
      instantiateWasm(imports, receiveInstance) {
        // A failed instantiation rejects here: Emscripten itself would wait for receiveInstance forever.
        WebAssembly.instantiate(wasmModule, imports).then((instance) => receiveInstance(instance, wasmModule), reject);
        return {};
      },
    };
    factory(options).then(resolve, reject);
  });
}

export async function loadModule(options: LoadOptions = {}): Promise<LoadedModule> {
  const variant = options.variant ?? (await preferredVariant());
  const [{ default: factory }, wasmModule] = await Promise.all([
    factories[variant](),
    options.wasmModule ? Promise.resolve(options.wasmModule) : compileWasm(variant, options),
  ]);
  const raw = await instantiateBuild(factory, wasmModule);
  return { variant, raw, wasmModule };
}
