// scripts/build-lib.mjs — builds the npm package's files into dist/lib from
// web/src/lib and the two wasm modules in build/wasm (build those first:
// `scripts/build.sh lib` does both).
//   node scripts/build-lib.mjs [--out DIR] [--no-types]
// --out writes elsewhere (the tests build their own copy); --no-types skips tsc.
//
//   dist/lib/index.js, worker.js              the API and lab.run's worker, bundled by esbuild (no
//                                             bare imports left, so a plain <script type="module"> can load it)
//   dist/lib/*.d.ts                           declarations, emitted by tsc from the TypeScript sources
//   dist/lib/wasm/actlab-{simd,scalar}.{mjs,wasm}  Emscripten's modules, copied unchanged
//   dist/lib/data/{breast_cancer,digits}.csv  the datasets lab.loadDataset reads (web/src/lib/datasets.ts)
//   dist/lib/element/                         the built <activation-lab> element (activation-lab.js,
//                                             its chunks, worker and .wasm), Vite with vite.element.config.ts:
//                                             a CDN serving the package serves the element as it is
//                                             (it takes the modules from build/wasm, whatever ACTLAB_WASM_DIR says)
//
// Three rewrites make the sources work from the package: paths into
// ../../../data/ become ./data/, paths into ../../../build/wasm/ become ./wasm/ (the .mjs stay separate files, so
// `new URL('actlab-simd.wasm', import.meta.url)` inside them finds the .wasm
// beside them), and './worker.ts' becomes './worker.js'. The literal
// `new Worker(new URL('./worker.js', import.meta.url), { type: 'module' })`
// survives unminified, so Vite in a consuming app still bundles the worker.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'web/src/lib');
// ACTLAB_WASM_DIR: another build directory of the wasm modules (default build/wasm).
const wasmDir = process.env.ACTLAB_WASM_DIR ?? join(root, 'build/wasm');
const outArgument = process.argv.indexOf('--out');
const outDir = outArgument > 0 ? resolve(process.argv[outArgument + 1]) : join(root, 'dist/lib');
const emitTypes = !process.argv.includes('--no-types');
const VARIANTS = ['simd', 'scalar'];

for (const variant of VARIANTS) {
  for (const extension of ['mjs', 'wasm']) {
    const file = join(wasmDir, `actlab-${variant}.${extension}`);
    if (!existsSync(file)) {
      console.error(`build-lib: ${file} is missing; build the wasm modules first (scripts/build.sh lib)`);
      process.exit(1);
    }
  }
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(join(outDir, 'wasm'), { recursive: true });

/** The rewrites above, applied to every source file of the library. */
const packagePaths = {
  name: 'package-paths',
  setup(builder) {
    builder.onLoad({ filter: /web[\\/]src[\\/]lib[\\/][^\\/]+\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8')
        .replaceAll('../../../build/wasm/', './wasm/')
        .replaceAll('../../../data/', './data/')
        .replaceAll("'./worker.ts'", "'./worker.js'");
      return { contents: source, loader: 'ts' };
    });
    // The Emscripten modules stay files of their own next to their .wasm.
    builder.onResolve({ filter: /^\.\/wasm\/actlab-(simd|scalar)\.mjs$/ }, (args) => ({ path: args.path, external: true }));
  },
};

// index.js and worker.js are bundled separately, without shared chunks: the
// worker's bundle then has no import() at all (see worker.ts), which Vite needs
// to bundle it with its default worker settings.
for (const entry of ['index', 'worker']) {
  await build({
    absWorkingDir: root,
    entryPoints: { [entry]: join(sourceDir, `${entry}.ts`) },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    // wasm-feature-detect publishes its ES module under "module".
    mainFields: ['module', 'main'],
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [packagePaths],
  });
}

for (const variant of VARIANTS) {
  for (const extension of ['mjs', 'wasm']) {
    const name = `actlab-${variant}.${extension}`;
    copyFileSync(join(wasmDir, name), join(outDir, 'wasm', name));
  }
}
// The datasets the wasm module does not compile in (cpp/include/actlab/datasets.hpp).
mkdirSync(join(outDir, 'data'), { recursive: true });
for (const name of ['breast_cancer', 'digits']) copyFileSync(join(root, 'data', `${name}.csv`), join(outDir, 'data', `${name}.csv`));

// The element, built as for the site (the same config), into element/.
await viteBuild({
  configFile: join(root, 'vite.element.config.ts'),
  build: { outDir: join(outDir, 'element'), emptyOutDir: true },
  logLevel: 'warn',
});

// Declarations. Relative specifiers get their .js, so consumers resolving with
// "moduleResolution": "node16"/"nodenext" (which require extensions) find them.
if (emitTypes) {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.lib.json'), '--outDir', outDir],
    { stdio: 'inherit' },
  );
}
for (const name of readdirSync(outDir)) {
  if (!name.endsWith('.d.ts')) continue;
  const file = join(outDir, name);
  const text = readFileSync(file, 'utf8').replace(
    /((?:from|import)\s*\(?\s*['"])(\.\.?\/[^'"]+?)(['"])/g,
    (match, before, specifier, after) => (/\.(js|mjs|json)$/.test(specifier) ? match : `${before}${specifier}.js${after}`),
  );
  writeFileSync(file, text);
}

console.log(`build-lib: wrote ${readdirSync(outDir).length} entries to ${outDir}`);
