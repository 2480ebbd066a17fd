// vite.config.ts — the page: web/ is the site root, `npm start` serves it,
// `npm run build` writes it to dist/site. The wasm modules come from
// build/wasm (outside web/), so the dev server may read the repository.
import { fileURLToPath } from 'node:url';
import { defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite';

const repositoryRoot = fileURLToPath(new URL('.', import.meta.url));

// The dev server injects CSS as <style> elements (hot reload); only there does the
// page's CSP allow inline styles. The built site keeps style-src 'self'.
const inlineStylesInDevOnly: Plugin = {
  name: 'actlab-dev-inline-styles',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
};

// The page's critical path is the wasm: it is fetched by createLab() only after
// the page's script has been loaded and run. A preload in the built page's
// head starts the download (SIMD build, which every current browser runs) with
// the HTML, and fetch() picks it up; the Emscripten glue is preloaded too.
const preloadWasm: Plugin = {
  name: 'actlab-preload-wasm',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler(html, context) {
      if (!context.bundle || !context.filename.endsWith('index.html')) return html;
      const files = Object.keys(context.bundle);
      const wasm = files.find((file) => /actlab-simd-[^/]*\.wasm$/.test(file));
      const glue = files.find((file) => /actlab-simd-[^/]*\.js$/.test(file));
      const tags: HtmlTagDescriptor[] = [];
      if (wasm) tags.push({ tag: 'link', attrs: { rel: 'preload', href: `./${wasm}`, as: 'fetch', type: 'application/wasm', crossorigin: 'anonymous' }, injectTo: 'head' });
      if (glue) tags.push({ tag: 'link', attrs: { rel: 'modulepreload', href: `./${glue}` }, injectTo: 'head' });
      return { html, tags };
    },
  },
};

export default defineConfig({
  plugins: [inlineStylesInDevOnly, preloadWasm],
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
    // Three entries: the page, the iframe embed (embed.html) and the custom element's one
    // script at a stable name, activation-lab.js (docs/embedding.md).
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('web/index.html', import.meta.url)),
        embed: fileURLToPath(new URL('web/embed.html', import.meta.url)),
        'activation-lab': fileURLToPath(new URL('web/src/embed/activation-lab.ts', import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'activation-lab' ? 'activation-lab.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
