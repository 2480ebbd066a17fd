// static-server.mjs — a tiny static file server for the end-to-end tests: it
// serves a built site (dist/site) under a sub-path, as a plain web host
// would, with the strict Content-Security-Policy header the page promises to
// work under (or another policy, and CORS headers, when a test asks: the lab
// as a CDN on a second origin). Nothing else: no rewriting, no fallbacks, GET
// and HEAD only.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/**
 * The policy of a course page that loads the lab from `labOrigin`
 * (docs/embedding.md): its own files, the lab's origin for scripts and
 * fetches, blob: workers; nothing else.
 */
export function crossOriginPolicy(labOrigin) {
  return [
    "default-src 'none'",
    `script-src 'self' ${labOrigin} 'wasm-unsafe-eval'`,
    'worker-src blob:',
    `connect-src ${labOrigin}`,
    "style-src 'self'",
    "img-src 'self' data: blob:",
  ].join('; ');
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/**
 * Serves `root` at http://127.0.0.1:<port><prefix>; resolves with { url, origin, close() }.
 * options.csp: the Content-Security-Policy of every response (STRICT_CSP by default; null sends none);
 * options.headers: more headers for every response (e.g. Access-Control-Allow-Origin);
 * options.onRequest(path): called with every request's path.
 */
export function serveStatic(root, prefix = '/some/sub/path/', options = {}) {
  const csp = options.csp === undefined ? STRICT_CSP : options.csp;
  const cspHeader = csp === null ? {} : { 'Content-Security-Policy': csp };
  const extraHeaders = options.headers ?? {};
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    options.onRequest?.(path);
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !path.startsWith(prefix)) {
      response.writeHead(404).end();
      return;
    }
    const relative = normalize(path.slice(prefix.length) || 'index.html');
    const file = join(root, relative.endsWith(sep) || relative === '.' ? join(relative, 'index.html') : relative);
    if (!file.startsWith(normalize(root))) {
      response.writeHead(403).end();
      return;
    }
    let size;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      response.writeHead(404, { ...cspHeader, ...extraHeaders }).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': size,
      ...cspHeader,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      ...extraHeaders,
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}${prefix}`,
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => {
          server.closeAllConnections?.();
          server.close(done);
        }),
      });
    });
  });
}
