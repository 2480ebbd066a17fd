// loader-node.ts — loading the wasm module in Node: reads the .wasm bytes from
// build/wasm and hands them to the generic loader (the module itself is built
// for web and worker, so it never touches the file system).
import { readFile } from 'node:fs/promises';

import { loadModule, preferredVariant, type BuildVariant, type LoadedModule } from './loader';

/** The built .wasm file of a variant. */
export function wasmFileUrl(variant: BuildVariant): URL {
  return new URL(`../../../build/wasm/actlab-${variant}.wasm`, import.meta.url);
}

export async function loadModuleInNode(variant?: BuildVariant): Promise<LoadedModule> {
  const chosen = variant ?? (await preferredVariant());
  return loadModule({ variant: chosen, wasmBinary: await readFile(wasmFileUrl(chosen)) });
}
