// vite.config.ts — the page: web/ is the site root, `npm start` serves it,
// `npm run build` writes it to dist/site. The wasm modules come from
// build/wasm (outside web/), so the dev server may read the repository.
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite';

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

// The embeds' files (activation-lab.js and its chunks) have a build of their
// own, vite.element.config.ts (panels loaded on demand, no CSS files, nothing
// added to the host page's <head>); it writes into the same directory once the
// page's build is done, so one `vite build` still builds the whole site.
function embedsBuild(): Plugin {
  let outDir = '';
  return {
    name: 'actlab-embeds-build',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      await build({
        configFile: fileURLToPath(new URL('vite.element.config.ts', import.meta.url)),
        build: { outDir, emptyOutDir: false },
        logLevel: 'warn',
      });
    },
  };
}

export default defineConfig({
  plugins: [inlineStylesInDevOnly, preloadWasm, embedsBuild()],
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
    // Two entries: the page and the iframe embed (embed.html); the custom element's
    // one script, activation-lab.js, comes from embedsBuild above.
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('web/index.html', import.meta.url)),
        embed: fileURLToPath(new URL('web/embed.html', import.meta.url)),
      },
    },
  },
});
