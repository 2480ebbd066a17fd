// cross-origin.test.mjs — <activation-lab> from another origin, end to end in
// headless Chromium: the lab (dist/site, or $ACTLAB_SITE_DIR) is served on one
// port of 127.0.0.1 as a CDN would serve it (Access-Control-Allow-Origin: *),
// a course page on another port loads `<script type="module"
// src="http://127.0.0.1:B/lab/activation-lab.js">` under the strict policy of
// docs/embedding.md (script-src 'self' B 'wasm-unsafe-eval'; worker-src blob:;
// connect-src B; nothing else):
//   - a lesson runs in the element's workers (started from blob: URLs) and
//     fires activation-lab:done with its claims reproduced; the wasm is
//     fetched once, from beside the script; no CSP violation, no console error,
//     no request anywhere but the two origins;
//   - the first load's size (JavaScript and wasm, gzipped as a server would
//     send them) is at most ACTLAB_MAX_EMBED_KB (350) kB, and a lesson is
//     interactive within ACTLAB_MAX_EMBED_MS (1500) ms of navigation, median
//     of 5 cold loads (a new browser context each): sigmoid-saturation's chart
//     drawn, dying-relu ready for Run; the time from there (Run pressed at
//     once) to dying-relu's first live chart is printed too;
//   - the lab page itself, same-origin, still starts its workers directly
//     (worker-src 'self', no blob:).
//   node --test tests/e2e/cross-origin.test.mjs
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS } from './browser.mjs';
import { crossOriginPolicy, serveStatic } from './static-server.mjs';

const SITE = process.env.ACTLAB_SITE_DIR ?? 'dist/site';
const MAX_FIRST_LOAD_KB = Number(process.env.ACTLAB_MAX_EMBED_KB ?? 350);
const MAX_INTERACTIVE_MS = Number(process.env.ACTLAB_MAX_EMBED_MS ?? 1500);
const COLD_LOADS = 5;
mkdirSync('test-results', { recursive: true });

let lab;
let course;
let courseDir;
let browser;

function coursePage(labUrl, body) {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>A course on another origin</title>
  <link rel="icon" href="data:,">
  <script type="module" src="${labUrl}activation-lab.js"></script>
</head>
<body>
  <h1>Week 3</h1>
${body}
</body>
</html>
`;
}

before(async () => {
  lab = await serveStatic(SITE, '/lab/', { csp: null, headers: { 'Access-Control-Allow-Origin': '*' } });
  courseDir = mkdtempSync(join(tmpdir(), 'actlab-cross-origin-'));
  writeFileSync(join(courseDir, 'dying.html'), coursePage(lab.url, '  <activation-lab id="lab" lesson="dying-relu" controls="minimal"></activation-lab>'));
  writeFileSync(join(courseDir, 'saturation.html'), coursePage(lab.url, '  <activation-lab id="lab" lesson="sigmoid-saturation"></activation-lab>'));
  course = await serveStatic(courseDir, '/course/', { csp: crossOriginPolicy(lab.origin) });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await course?.close();
  await lab?.close();
  if (courseDir) rmSync(courseDir, { recursive: true, force: true });
});

/**
 * A fresh context (empty cache) and page that record CSP violations (in every
 * frame and before any page script), console errors, page errors, failed
 * requests, HTTP errors, requests to anywhere but the two origins, and every
 * response from the lab's origin.
 */
async function openContext(origins = [lab.origin, course.origin]) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  await context.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  const page = await context.newPage();
  const problems = [];
  const labResponses = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  context.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} ${reason}`);
  });
  context.on('response', (response) => {
    const url = response.url();
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${url}`);
    if (url.startsWith(lab.url)) labResponses.push(url);
  });
  context.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (!origins.includes(new URL(url).origin)) problems.push(`request to a third origin: ${url}`);
  });
  return { context, page, problems, labResponses };
}

/**
 * Runs in the page before its scripts (an init script, so the course page's
 * CSP does not apply): records when the element fires activation-lab:ready
 * and, from then on, checks at every frame for a drawn (non-transparent)
 * pixel on a canvas in its shadow root; `window.pressRun` makes it press Run
 * (play()) at the ready event, as a student clicking at once would.
 */
function timingProbe() {
  window.timing = {};
  document.addEventListener('activation-lab:ready', (event) => {
    const element = event.target;
    window.timing.ready = performance.now();
    if (window.pressRun) element.play();
    const drawn = () => {
      for (const canvas of element.shadowRoot.querySelectorAll('canvas')) {
        if (canvas.width === 0 || canvas.height === 0) continue;
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
      }
      return false;
    };
    const check = () => (drawn() ? (window.timing.chart = performance.now()) : requestAnimationFrame(check));
    check();
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Bytes of a lab file as a server would send it gzipped (level 6, the usual default). */
function gzippedBytes(url) {
  const path = decodeURIComponent(new URL(url).pathname).slice('/lab/'.length);
  return gzipSync(readFileSync(join(SITE, path)), { level: 6 }).length;
}

test('a course page on another origin, under a strict CSP, runs a lesson in the element (blob: workers)', async () => {
  const { context, page, problems, labResponses } = await openContext();
  try {
    const response = await page.goto(`${course.url}dying.html`);
    assert.match(response.headers()['content-security-policy'], /worker-src blob:/);
    assert.notEqual(new URL(course.url).origin, lab.origin);
    await page.waitForFunction(() => document.getElementById('lab')?.dataset.ready === 'true', null, { timeout: 30_000 });
    const workers = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    const done = page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          document.getElementById('lab').addEventListener('activation-lab:done', (event) => resolve(event.detail), { once: true });
          setTimeout(() => reject(new Error('no activation-lab:done within 60 s')), 60_000);
        }),
    );
    await page.locator('#lab .lesson-run').click();
    const detail = await done;
    assert.equal(detail.lesson, 'dying-relu');
    assert.ok(detail.numbers.reluDead > 0.3, `relu dead ${detail.numbers.reluDead}`);
    assert.ok(Object.values(detail.claims).every(Boolean), JSON.stringify(detail.claims));
    // Four runs, each in a worker started from a blob: URL of the course's origin.
    assert.ok(workers.length >= 4, workers.join('\n'));
    for (const url of workers) assert.ok(url.startsWith(`blob:${course.origin}/`), url);
    // The wasm: once, from beside the script.
    const wasm = labResponses.filter((url) => url.endsWith('.wasm'));
    assert.equal(wasm.length, 1, wasm.join('\n'));
    assert.ok(wasm[0].startsWith(`${lab.url}assets/actlab-simd-`), wasm[0]);
    await page.screenshot({ path: 'test-results/cross-origin-course.png', fullPage: true });
    assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test(`first load (JS + wasm) ≤ ${MAX_FIRST_LOAD_KB} kB gzipped, interactive within ${MAX_INTERACTIVE_MS} ms (median of ${COLD_LOADS} cold loads)`, async () => {
  const times = { saturationChart: [], dyingReady: [], dyingChart: [] };
  let firstLoad = null;
  for (let i = 0; i < COLD_LOADS; i++) {
    for (const [lesson, pressRun] of [['saturation', false], ['dying', true]]) {
      const { context, page, problems, labResponses } = await openContext();
      try {
        await context.addInitScript(`window.pressRun = ${pressRun}; (${timingProbe})();`);
        await page.goto(`${course.url}${lesson}.html`);
        await page.waitForFunction(() => window.timing.chart !== undefined, null, { timeout: 30_000 });
        const timing = await page.evaluate(() => window.timing);
        if (lesson === 'saturation') times.saturationChart.push(timing.chart);
        else {
          times.dyingReady.push(timing.ready);
          times.dyingChart.push(timing.chart);
        }
        if (i === 0 && lesson === 'dying') {
          // Everything the element fetched to run the lesson to its end: its modules, the worker, the wasm, digits.
          await page.waitForFunction(() => document.getElementById('lab').result !== null, null, { timeout: 60_000 });
          firstLoad = [...new Set(labResponses)].map((url) => ({ url, gzipped: gzippedBytes(url) }));
        }
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    }
  }
  const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
  const sumOf = (extension) => firstLoad.filter((file) => file.url.endsWith(extension)).reduce((sum, file) => sum + file.gzipped, 0);
  // The first load is JS plus wasm (issue 15); the data the lesson's digits runs fetch on demand is printed beside it.
  const total = sumOf('.js') + sumOf('.wasm');
  console.log(`first load of the element (dying-relu, run to the end), JS + wasm gzipped: ${kB(total)} (wasm ${kB(sumOf('.wasm'))}, JavaScript ${kB(sumOf('.js'))}); data fetched on demand by its runs: ${kB(sumOf('.csv'))}`);
  for (const file of firstLoad) console.log(`  ${kB(file.gzipped).padStart(9)}  ${file.url.slice(lab.url.length)}`);
  const fmt = (values) => `median ${median(values).toFixed(0)} ms of ${values.map((t) => t.toFixed(0)).join(', ')}`;
  console.log(`sigmoid-saturation, navigation → its chart drawn: ${fmt(times.saturationChart)}`);
  console.log(`dying-relu, navigation → element ready (Run can be pressed): ${fmt(times.dyingReady)}`);
  console.log(`dying-relu, navigation → Run pressed at ready → the live chart's first frame: ${fmt(times.dyingChart)}`);
  // Modules, the wasm, and the dataset the lesson's real-data runs load on demand (digits).
  assert.ok(firstLoad.every((file) => /\.(js|wasm|csv)$/.test(file.url)), firstLoad.map((file) => file.url).join('\n'));
  assert.ok(total <= MAX_FIRST_LOAD_KB * 1000, `${total} bytes`);
  // Interactive: the chart a lesson draws by itself, and a training lesson ready for its Run. The live
  // chart after Run is printed, not held to the limit: it waits for two workers training on the same
  // cores as the page (1.1-1.6 s at load average 4-5 on 2 cores, up to 2.9 s at 10-16).
  for (const name of ['saturationChart', 'dyingReady']) assert.ok(median(times[name]) <= MAX_INTERACTIVE_MS, `${name}: ${fmt(times[name])}`);
});

test("the lab page on its own origin starts its workers directly (worker-src 'self')", async () => {
  const server = await serveStatic(SITE, '/site/');
  const { context, page, problems } = await openContext([server.origin]);
  try {
    const workers = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    await page.goto(`${server.url}index.html#v=1&lesson=vanishing-gradients`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    await page.click('#panel-lesson .lesson-run');
    await page.waitForSelector('#panel-lesson .lesson[data-state="done"]', { timeout: 60_000 });
    assert.ok(workers.length >= 3, workers.join('\n'));
    for (const url of workers) assert.ok(url.startsWith(`${server.url}assets/worker-`), url);
    assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});
