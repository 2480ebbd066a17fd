// vite.element.config.ts — the embeds' own build, apart from the page's
// (vite.config.ts runs it into the same directory after the page's build;
// scripts/build-lib.mjs runs it into dist/lib/element for the npm package;
// scripts/build-scorm.mjs with --mode scorm for the SCORM packages' page):
//
//   activation-lab.js   <activation-lab>, one script tag (docs/embedding.md)
//   anywidget.js        the same in notebooks: export default { render({ model, el }) }
//   assets/             their chunks, lab.run's worker, the two .wasm builds
//   (--mode scorm: scorm.html, the lesson page of every SCORM package, and its assets)
//
// It differs from the page's build where a guest on someone else's page must:
//   - the panels' own CSS imports are dropped: the element adopts every
//     stylesheet into its shadow root (the `?inline` imports in
//     activation-lab.ts), and a CSS file would be added to the host page's
//     <head> by the loader of a lazily imported panel;
//   - no module preloading: Vite's helper would add <link rel="modulepreload">
//     elements to the host page, too;
//   - file names are stable for the entries and hashed for the rest, and every
//     URL is relative to the script (base './'), so the files work from any
//     directory of any origin (a CDN serving the npm package included).
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Plain `.css` imports from TypeScript become empty modules (`?inline` ones stay: they are the element's styles). */
const dropCssFiles: Plugin = {
  name: 'actlab-element-drop-css-files',
  enforce: 'pre',
  resolveId(id, importer) {
    if (id.endsWith('.css') && importer !== undefined && /\.ts$/.test(importer)) return '\0actlab-no-css';
    return null;
  },
  load(id) {
    return id === '\0actlab-no-css' ? 'export {};' : null;
  },
};

export default defineConfig(({ mode }) => ({
  plugins: [dropCssFiles],
  root: 'web',
  base: './',
  publicDir: false,
  build: {
    outDir: '../dist/site',
    emptyOutDir: false,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: false,
    rollupOptions: {
      // Vite's app builds drop entry exports; anywidget.js must keep `export default`
      // (and activation-lab.js may export what anywidget.js imports from it, no facade).
      preserveEntrySignatures: 'allow-extension',
      // --mode scorm: the SCORM package's page (one lesson, scripts/build-scorm.mjs).
      input:
        mode === 'scorm'
          ? { scorm: source('web/scorm.html') }
          : { 'activation-lab': source('web/src/embed/activation-lab.ts'), anywidget: source('web/src/embed/anywidget.ts') },
      output: {
        entryFileNames: (chunk) => (chunk.isEntry && mode !== 'scorm' ? '[name].js' : 'assets/[name]-[hash].js'),
      },
    },
  },
}));
