// vite.config.ts — the page: web/ is the site root, `npm start` serves it,
// `npm run build` writes it to dist/site. The wasm modules come from
// build/wasm (outside web/), so the dev server may read the repository.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const repositoryRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'web',
  base: './',
  server: {
    fs: { allow: [repositoryRoot] },
  },
  build: {
    outDir: '../dist/site',
    emptyOutDir: true,
    target: 'es2022',
    // Every asset stays a file (no data: URLs), so the page's CSP can say font-src 'self'.
    assetsInlineLimit: 0,
  },
});
