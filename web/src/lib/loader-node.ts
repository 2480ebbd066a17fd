// loader-node.ts — loading the wasm module in Node, for the test suites:
// loader.ts reads the .wasm bytes itself in Node, so this only names the file.
import { defaultWasmUrl, loadModule, type BuildVariant, type LoadedModule } from './loader';

/** The built .wasm file of a variant. */
export function wasmFileUrl(variant: BuildVariant): URL {
  return defaultWasmUrl(variant);
}

export async function loadModuleInNode(variant?: BuildVariant): Promise<LoadedModule> {
  return loadModule({ variant });
}
