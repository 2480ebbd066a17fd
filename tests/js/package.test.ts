// package.test.ts — the npm package as users get it: `npm pack` the library
// as scripts/build-lib.mjs builds it, check the tarball's file list, install it
// into a fresh temporary project without the network, then
//   (a) in Node: the README example runs as written and reaches 95% accuracy
//       on moons; createLab() loads SIMD, { simd: false } the scalar build;
//       lab.run works through worker_threads;
//   (b) in headless Chromium, under Content-Security-Policy
//       script-src 'self' 'wasm-unsafe-eval': a Vite app built from the
//       package, the same app on Vite's dev server, and a plain
//       <script type="module"> page each train moons, finish a lab.run in a
//       Web Worker, pause/resume/stop another, and get a bad config's
//       RangeError, without console errors;
//   (c) the package's built element (dist/lib/element), served as a CDN
//       serves the package (another origin, Access-Control-Allow-Origin: *),
//       runs a lesson on a page under script-src <cdn>, worker-src blob:,
//       connect-src <cdn> (docs/embedding.md).
// The pages are in tests/package/. Needs build/wasm (npm test builds it).
// ACTLAB_KEEP_PACKAGE_TEST=1 keeps the temporary project for a look.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';

import { chromium } from 'playwright-core';
import { build as viteBuild, createServer as createViteServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { repositoryRoot, requireBuilt, wasmDir } from './helpers';

const CSP = "script-src 'self' 'wasm-unsafe-eval'";
const fixtures = join(repositoryRoot, 'tests/package');
const project = mkdtempSync(join(tmpdir(), 'actlab-package-'));

interface PackedFile {
  path: string;
}

let packedFiles: string[] = [];

/** The first ```js block after the heading "## Use it from your code" of README.md. */
function readmeExample(): string {
  const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
  const section = readme.split(/^## Use it from your code\s*$/m)[1];
  if (section === undefined) throw new Error('README.md has no section "## Use it from your code"');
  const block = /```js\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md: no ```js block in "Use it from your code"');
  return block[1];
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The paths `npm pack` would put in the tarball of the package at `directory`. */
function packList(directory: string): string[] {
  const [listing] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], directory)) as {
    files: PackedFile[];
  }[];
  return listing.files.map((file) => file.path).sort();
}

let repositoryPackList: string[] = [];

beforeAll(() => {
  // ACTLAB_WASM_DIR (read by build-lib.mjs too) points at another build of the modules.
  const modules = process.env.ACTLAB_WASM_DIR ?? wasmDir;
  for (const variant of ['simd', 'scalar']) requireBuilt(`${modules}/actlab-${variant}.wasm`);
  // The package is staged in the temporary directory, not packed from the
  // repository's dist/lib, so test runs in parallel (several people, one
  // working tree) never see each other's half-written builds. The staged
  // package has what `files` selects in the repository; the repository's own
  // listing is checked against the whitelist below.
  repositoryPackList = packList(repositoryRoot);
  const staged = join(project, 'staged-package');
  mkdirSync(staged);
  for (const name of ['package.json', 'README.md', 'LICENSE']) copyFileSync(join(repositoryRoot, name), join(staged, name));
  run(process.execPath, ['scripts/build-lib.mjs', '--out', join(staged, 'dist/lib')], repositoryRoot);
  // --ignore-scripts: prepack would rebuild the wasm modules; npm test has just built them.
  const packed = JSON.parse(
    run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', project], staged),
  ) as { filename: string; files: PackedFile[] }[];
  packedFiles = packed[0].files.map((file) => file.path).sort();
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'actlab-package-test', private: true, type: 'module', dependencies: { 'activation-lab': `file:./${packed[0].filename}` } }),
  );
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], project);
  for (const name of ['exercise.js', 'index.html', 'vite-main.js', 'plain.html', 'plain-main.js', 'node-check.mjs', 'consumer.ts']) {
    copyFileSync(join(fixtures, name), join(project, name));
  }
  writeFileSync(join(project, 'readme-example.mjs'), readmeExample());
}, 120_000);

afterAll(() => {
  if (!process.env.ACTLAB_KEEP_PACKAGE_TEST) rmSync(project, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('holds the JS, the types, both wasm builds and the on-demand datasets, and nothing else', () => {
    for (const required of [
      'package.json', 'README.md', 'LICENSE',
      'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/types.d.ts', 'dist/lib/worker.js',
      'dist/lib/wasm/actlab-simd.mjs', 'dist/lib/wasm/actlab-simd.wasm',
      'dist/lib/wasm/actlab-scalar.mjs', 'dist/lib/wasm/actlab-scalar.wasm',
      'dist/lib/data/breast_cancer.csv', 'dist/lib/data/digits.csv',
      'dist/lib/element/activation-lab.js', 'dist/lib/element/anywidget.js',
    ]) {
      expect(packedFiles).toContain(required);
    }
    const allowed = (path: string) =>
      ['package.json', 'README.md', 'LICENSE'].includes(path) ||
      /^dist\/lib\/(wasm\/actlab-(simd|scalar)\.(mjs|wasm)|data\/(breast_cancer|digits)\.csv|[\w-]+\.(js|d\.ts))$/.test(path) ||
      /^dist\/lib\/element\/(activation-lab\.js|anywidget\.js|assets\/[\w-]+\.(js|wasm|csv))$/.test(path);
    expect(packedFiles.filter((path) => !allowed(path))).toEqual([]);
    // Packed from the repository itself, nothing else gets in either.
    expect(repositoryPackList.filter((path) => !allowed(path))).toEqual([]);
  });

  it('has no bare imports left in its JavaScript (a plain <script type="module"> can load it)', () => {
    for (const path of packedFiles.filter((file) => file.endsWith('.js'))) {
      const source = readFileSync(join(project, 'node_modules/activation-lab', path), 'utf8');
      const specifiers = [...source.matchAll(/(?:^|[\s;])(?:import|export)[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)]
        .map((match) => match[1] ?? match[2]);
      expect(specifiers.filter((specifier) => !/^\.\.?\//.test(specifier)), path).toEqual([]);
    }
  });
});

describe('installed types', () => {
  it.each(['nodenext', 'bundler'])('type-check a consumer with "moduleResolution": "%s"', (resolution) => {
    const tsconfig = `tsconfig.${resolution}.json`;
    writeFileSync(
      join(project, tsconfig),
      JSON.stringify({
        compilerOptions: {
          target: 'es2022',
          module: resolution === 'nodenext' ? 'nodenext' : 'esnext',
          moduleResolution: resolution,
          lib: ['ES2022', 'DOM', 'ESNext.Disposable'],
          types: [],
          strict: true,
          noEmit: true,
          skipLibCheck: false,
        },
        files: ['consumer.ts'],
      }),
    );
    run(process.execPath, [join(repositoryRoot, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], project);
  }, 60_000);
});

describe('installed, in Node', () => {
  it('runs the README example as written: moons to at least 95% accuracy', () => {
    const output = run(process.execPath, ['readme-example.mjs'], project);
    const accuracy = Number(/accuracy ([\d.]+)/.exec(output)?.[1]);
    expect(output).toMatch(/simd true/);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  }, 60_000);

  it('loads SIMD by default and scalar on request; both train; lab.run finishes in worker_threads', () => {
    const result = JSON.parse(run(process.execPath, ['node-check.mjs'], project));
    expect(result.default.simd).toBe(true);
    expect(result.scalar.simd).toBe(false);
    for (const build of [result.default, result.scalar]) {
      expect(build.accuracy).toBeGreaterThanOrEqual(0.95);
      expect(build.runStatus).toBe('done');
      expect(build.reportedSteps).toEqual([0, 50, 100, 150, 200]);
    }
  }, 60_000);
});

// ------------------------------------------------------------ browser ---

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

/** A static file server over `root` that sends `headers` (by default the strict CSP) with every response. */
function serveStatic(root: string, headers: Record<string, string> = { 'Content-Security-Policy': CSP }): Promise<Server> {
  const server = createHttpServer((request, response) => {
    const path = normalize(join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(path);
      response.writeHead(200, { 'Content-Type': MIME[extname(path)] ?? 'application/octet-stream', ...headers });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface PageResult {
  simd?: boolean;
  accuracy?: number;
  runStatus?: string;
  reportedSteps?: number[];
  quietWhilePaused?: boolean;
  longState?: string;
  stoppedEarly?: boolean;
  badConfigError?: string;
  error?: string;
}

describe('installed, in headless Chromium under a strict CSP', () => {
  let server: Server;
  let base: string;
  let browser: Awaited<ReturnType<typeof chromium.launchPersistentContext>>;
  let profile: string;

  beforeAll(async () => {
    await viteBuild({
      root: project,
      configFile: false,
      logLevel: 'warn',
      base: './',
      build: { outDir: 'site', emptyOutDir: true },
    });
    server = await serveStatic(project);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    profile = mkdtempSync(join(tmpdir(), 'actlab-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Opens `url`, waits for #result, and returns it with the console errors seen. */
  async function visit(url: string): Promise<{ result: PageResult; problems: string[] }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    try {
      await page.goto(url);
      await page.waitForFunction(() => (document.getElementById('result')?.textContent ?? '') !== '', null, {
        timeout: 60_000,
      });
      const result = JSON.parse((await page.textContent('#result')) ?? '{}') as PageResult;
      return { result, problems };
    } finally {
      await page.close();
    }
  }

  function expectTrained({ result, problems }: { result: PageResult; problems: string[] }): void {
    expect(result.error).toBeUndefined();
    expect(result.simd).toBe(true);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.runStatus).toBe('done');
    expect(result.reportedSteps).toEqual([0, 100, 200, 300]);
    expect(result.quietWhilePaused).toBe(true);
    expect(result.longState).toBe('stopped');
    expect(result.stoppedEarly).toBe(true);
    expect(result.badConfigError).toBe('RangeError');
    expect(problems).toEqual([]);
  }

  it('a Vite app built from the package trains and runs a worker', async () => {
    expectTrained(await visit(`${base}/site/index.html`));
  }, 90_000);

  it('a plain <script type="module"> page on a static server does the same', async () => {
    expectTrained(await visit(`${base}/plain.html`));
  }, 90_000);

  it('the packaged element from a CDN-like origin runs a lesson on a page of another origin', async () => {
    const cdn = await serveStatic(join(project, 'node_modules/activation-lab'), { 'Access-Control-Allow-Origin': '*' });
    const cdnOrigin = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
    const pages = mkdtempSync(join(tmpdir(), 'actlab-cdn-page-'));
    writeFileSync(
      join(pages, 'course.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>course</title>` +
        `<script type="module" src="${cdnOrigin}/dist/lib/element/activation-lab.js"></script></head>` +
        `<body><activation-lab lesson="vanishing-gradients"></activation-lab></body></html>`,
    );
    const policy = `default-src 'none'; script-src 'self' ${cdnOrigin} 'wasm-unsafe-eval'; worker-src blob:; connect-src ${cdnOrigin}; style-src 'self'; img-src data:`;
    const site = await serveStatic(pages, { 'Content-Security-Policy': policy });
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    try {
      await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/course.html`);
      await page
        .waitForFunction(() => document.querySelector('activation-lab')?.getAttribute('data-ready') === 'true', null, { timeout: 60_000 })
        .catch((error: Error) => {
          throw new Error(`${error.message}\n${problems.join('\n')}`);
        });
      const detail = await page.evaluate(
        () =>
          new Promise<{ lesson: string; claims: Record<string, boolean> }>((resolve, reject) => {
            const element = document.querySelector('activation-lab') as HTMLElement & { play(): void };
            element.addEventListener('activation-lab:done', (event) => resolve((event as CustomEvent).detail), { once: true });
            setTimeout(() => reject(new Error('no activation-lab:done within 60 s')), 60_000);
            element.play();
          }),
      );
      expect(detail.lesson).toBe('vanishing-gradients');
      expect(Object.values(detail.claims).every(Boolean)).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      // The browser keeps its connections open; close() alone would wait for them.
      for (const server of [cdn, site]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      rmSync(pages, { recursive: true, force: true });
    }
  }, 90_000);

  it("the app on Vite's dev server (package excluded from optimizeDeps) does the same", async () => {
    const dev = await createViteServer({
      root: project,
      configFile: false,
      logLevel: 'warn',
      optimizeDeps: { exclude: ['activation-lab'] },
      server: { port: 0, host: '127.0.0.1', headers: { 'Content-Security-Policy': CSP } },
    });
    await dev.listen();
    try {
      expectTrained(await visit(`${dev.resolvedUrls!.local[0]}index.html`));
    } finally {
      await dev.close();
    }
  }, 90_000);
});
