// embed.test.mjs — the course lessons and the embeds end to end, in headless
// Chromium against the built site (dist/site, or $ACTLAB_SITE_DIR):
//   - a course page (tests/e2e/course/) served from a sub-path (/course/, the
//     site copied to /course/lab/) with the strict CSP header, holding two
//     <activation-lab> elements (one in 简体中文) and one iframe embed: all
//     render, run, the iframe resizes to the height it reports, and the page
//     logs no console error and no CSP violation (listened for in every frame);
//   - the course page's CSS does not reach into the elements (Shadow DOM);
//   - the iframe obeys play and load messages and ignores malformed ones,
//     shows hostile input as text only;
//   - all eight lessons run once in the browser and reproduce their claims;
//   - the lab page opens a lesson from #lesson=…, and "Copy embed code" gives
//     both snippets;
//   - embed.html on its own shows a lesson in 简体中文;
//   - screenshots in test-results/ (embed-course.png, embed-lesson-page.png,
//     embed-frame-zh.png).
//   node --test tests/e2e/embed.test.mjs
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchChromium, watchPage } from './browser.mjs';
import { serveStatic } from './static-server.mjs';

const SITE = process.env.ACTLAB_SITE_DIR ?? 'dist/site';
const LESSON_IDS = ['sigmoid-saturation', 'vanishing-gradients', 'dying-relu', 'prelu-slope', 'initialisation', 'output-activation', 'common-mistakes', 'build-your-own'];
mkdirSync('test-results', { recursive: true });

let server;
let chromiumSession;
let browser;
let root;
const problems = [];

before(async () => {
  // The course at /course/, the lab beside it at /course/lab/ (a plain copy of the built site).
  root = mkdtempSync(join(tmpdir(), 'actlab-course-'));
  cpSync('tests/e2e/course', root, { recursive: true });
  cpSync(SITE, join(root, 'lab'), { recursive: true });
  server = await serveStatic(root, '/course/');
  chromiumSession = await launchChromium('actlab-embed-e2e-', { viewport: { width: 1100, height: 900 } });
  browser = chromiumSession.browser;
  // In every frame, before any page script: record CSP violations.
  await browser.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
});

after(async () => {
  await chromiumSession?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A new tab that records console errors, page errors, failed requests, HTTP errors and requests leaving the origin. */
async function newPage() {
  return watchPage(await browser.newPage(), new URL(server.url).origin, problems);
}

async function cspViolations(page) {
  const all = [];
  for (const frame of page.frames()) all.push(...(await frame.evaluate(() => window.cspViolations ?? [])));
  return all;
}

/** Runs `id` on the element (load + play) and returns its result. */
async function runLesson(page, selector, id) {
  return page.evaluate(
    async ({ selector, id }) => {
      const element = document.querySelector(selector);
      element.load({ lesson: id });
      await new Promise((resolve) => setTimeout(resolve, 0));
      await element.ready;
      const done = new Promise((resolve) => element.addEventListener('activation-lab:done', (event) => resolve(event.detail), { once: true }));
      if (element.result) return { lesson: id, numbers: element.result.numbers, claims: element.result.claims };
      element.play();
      return done;
    },
    { selector, id },
  );
}

const frameMessages = (page, type) => page.evaluate((type) => window.frameMessages.filter((m) => m.type === type), type);

test('a course page under the strict CSP, from a sub-path: two elements and an iframe render, run and resize', async () => {
  const page = await newPage();
  const response = await page.goto(`${server.url}index.html`);
  assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/);
  await page.waitForFunction(() => [...document.querySelectorAll('activation-lab')].every((element) => element.dataset.ready === 'true'), null, { timeout: 30_000 });

  // The Chinese element speaks Chinese, and its lesson (no training needed) is done at once.
  const zh = await page.evaluate(() => {
    const element = document.getElementById('embed-zh');
    return { text: element.shadowRoot.textContent, claims: element.result?.claims };
  });
  assert.match(zh.text, /Sigmoid 与 tanh 会饱和/);
  assert.match(zh.text, /观察要点/);
  assert.match(zh.text, /σ′ 的峰值为 0\.25，位于 z = 0。/);
  assert.ok(Object.values(zh.claims).every(Boolean), JSON.stringify(zh.claims));

  // The course CSS (red, 40px on p/li/button) does not reach into the shadow roots, and the element's CSS does not leak out.
  const styles = await page.evaluate(() => {
    const intro = document.getElementById('embed-zh').shadowRoot.querySelector('.lesson-intro');
    const style = getComputedStyle(intro);
    return { color: style.color, size: style.fontSize, outside: getComputedStyle(document.querySelector('p.after')).fontFamily };
  });
  assert.notEqual(styles.color, 'rgb(255, 0, 0)');
  assert.notEqual(styles.size, '40px');
  assert.match(styles.outside, /Georgia/);

  // The first element: the fixed height is applied; Run (a click inside the shadow root) trains its four runs in workers.
  const box = await page.locator('#embed-dying').boundingBox();
  assert.equal(Math.round(box.height), 640);
  // Changing the height attribute resizes the element (a constructed stylesheet, no style attribute).
  await page.evaluate(() => document.getElementById('embed-zh').setAttribute('height', '700'));
  assert.equal(Math.round((await page.locator('#embed-zh').boundingBox()).height), 700);
  await page.evaluate(() => document.getElementById('embed-zh').removeAttribute('height'));
  assert.equal(await page.evaluate(() => document.querySelectorAll('[style]').length), 0);
  const done = page.evaluate(
    () => new Promise((resolve) => document.getElementById('embed-dying').addEventListener('activation-lab:done', (event) => resolve(event.detail), { once: true })),
  );
  const metricsEvents = page.evaluate(
    () => new Promise((resolve) => document.getElementById('embed-dying').addEventListener('activation-lab:metrics', (event) => resolve(event.detail), { once: true })),
  );
  await page.locator('#embed-dying .lesson-run').click();
  const firstMetrics = await metricsEvents;
  assert.equal(typeof firstMetrics.step, 'number');
  const dying = await done;
  assert.equal(dying.lesson, 'dying-relu');
  assert.ok(dying.numbers.reluDead > 0.3, `relu dead ${dying.numbers.reluDead}`);
  assert.equal(dying.numbers.leaky_reluDead, 0);
  assert.ok(Object.values(dying.claims).every(Boolean), JSON.stringify(dying.claims));
  // The sentence shows the computed share, formatted for English.
  const sentences = await page.evaluate(() => document.getElementById('embed-dying').shadowRoot.querySelector('.lesson-look ul').textContent);
  const share = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(dying.numbers.reluDead);
  assert.ok(sentences.includes(share), `${sentences} should include ${share}`);

  // The iframe reported its height and the course page resized it.
  await page.waitForFunction(() => window.frameMessages.some((m) => m.type === 'activation-lab:ready'), null, { timeout: 30_000 });
  await page.waitForFunction(() => window.frameMessages.some((m) => m.type === 'activation-lab:height'), null, { timeout: 30_000 });
  const heightBefore = Number(await page.getAttribute('#embed-frame', 'height'));
  const reported = (await frameMessages(page, 'activation-lab:height')).at(-1).height;
  assert.equal(heightBefore, Math.ceil(reported));
  assert.ok(heightBefore > 150, `the iframe grew from 150 to ${heightBefore}`);

  // play by message: the lesson runs, its events come back, the frame grows with the results.
  await page.evaluate(() => document.getElementById('embed-frame').contentWindow.postMessage({ type: 'activation-lab:play' }, '*'));
  await page.waitForFunction(() => window.frameMessages.some((m) => m.type === 'activation-lab:done'), null, { timeout: 60_000 });
  const frameDone = (await frameMessages(page, 'activation-lab:done'))[0];
  assert.equal(frameDone.lesson, 'vanishing-gradients');
  assert.ok(frameDone.numbers.sigmoidRatio < 1e-3 && frameDone.numbers.reluRatio > 0.1, JSON.stringify(frameDone.numbers));
  assert.ok((await frameMessages(page, 'activation-lab:metrics')).length > 0);
  await page.waitForFunction((before) => Number(document.getElementById('embed-frame').height) > before, heightBefore, { timeout: 10_000 });

  // Malformed and hostile messages: ignored, or shown as text only.
  const frame = page.frames().find((f) => f.url().includes('embed.html'));
  await page.evaluate(() => {
    const target = document.getElementById('embed-frame').contentWindow;
    target.postMessage({ type: 'activation-lab:load', lesson: 5 }, '*');
    target.postMessage({ type: 'activation-lab:load', lesson: 'dying-relu', config: {} }, '*');
    target.postMessage('activation-lab:play', '*');
    target.postMessage({ type: 'activation-lab:load', lesson: '<img src=x id=injected>' }, '*');
  });
  await frame.waitForFunction(() => document.querySelector('activation-lab').shadowRoot.textContent.includes('Unknown lesson'), null, { timeout: 10_000 });
  assert.equal(await frame.evaluate(() => document.querySelector('activation-lab').shadowRoot.querySelector('img')), null);
  // load a config by message: the Train panel shows it.
  await page.evaluate(() =>
    document.getElementById('embed-frame').contentWindow.postMessage(
      { type: 'activation-lab:load', config: { seed: 3, data: { kind: 'circles' }, model: { layers: [{ units: 8, activation: 'tanh' }] }, steps: 200 } },
      '*',
    ),
  );
  await frame.waitForFunction(() => document.querySelector('activation-lab').panels.train?.status === 'idle', null, { timeout: 30_000 });
  await page.evaluate(() => document.getElementById('embed-frame').contentWindow.postMessage({ type: 'activation-lab:play' }, '*'));
  await page.waitForFunction(() => window.frameMessages.some((m) => m.type === 'activation-lab:metrics' && m.run === 'train' && m.step > 0), null, { timeout: 30_000 });

  // Charts draw only when on screen: scroll through the page (and the frame) before the screenshot.
  for (const selector of ['#embed-dying', '#embed-zh', '#embed-frame']) {
    await page.locator(selector).scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
  }
  await page.setViewportSize({ width: 1100, height: await page.evaluate(() => document.documentElement.scrollHeight) });
  await page.waitForTimeout(800);
  await page.screenshot({ path: 'test-results/embed-course.png', fullPage: true });
  await page.setViewportSize({ width: 1100, height: 900 });
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('all eight lessons run in the browser and reproduce their claims', async () => {
  const page = await newPage();
  await page.goto(`${server.url}index.html`);
  await page.waitForFunction(() => document.getElementById('embed-dying')?.dataset.ready === 'true', null, { timeout: 30_000 });
  for (const id of LESSON_IDS) {
    const result = await runLesson(page, '#embed-dying', id);
    assert.equal(result.lesson, id);
    assert.ok(Object.keys(result.claims).length > 0);
    for (const [claim, holds] of Object.entries(result.claims)) assert.ok(holds, `${id}: ${claim}`);
  }
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the lab page opens a lesson from #lesson=…, and Copy embed code gives both forms', async () => {
  const page = await newPage();
  await page.goto(`${server.url}lab/index.html#v=1&lesson=common-mistakes`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  // The lesson is the route: at the top of the screen, the front door hidden.
  await page.waitForSelector('#panel-lesson .lesson[data-lesson="common-mistakes"]');
  assert.equal(await page.isHidden('#panel-home'), true);
  const top = (await page.locator('#panel-lesson .lesson-title').boundingBox()).y;
  assert.ok(top < 250, `the lesson title is at y = ${top}`);
  await page.click('#panel-lesson .lesson-run');
  await page.waitForSelector('#panel-lesson .lesson[data-state="done"]', { timeout: 60_000 });
  const look = await page.textContent('#panel-lesson .lesson-look');
  assert.match(look, /np\.maximum|snippet/);
  assert.match(look, /Reproduced/);
  // The hash keeps the lesson.
  await page.waitForFunction(() => location.hash.includes('lesson=common-mistakes'));
  await page.click('#embed-copy');
  const elementCode = await page.inputValue('#embed-code-element');
  const iframeCode = await page.inputValue('#embed-code-iframe');
  assert.match(elementCode, /<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/course\/lab\/activation-lab\.js"><\/script>/);
  assert.match(elementCode, /<activation-lab lesson="common-mistakes" lang="en" height="600"><\/activation-lab>/);
  assert.match(iframeCode, /<iframe src="http:\/\/127\.0\.0\.1:\d+\/course\/lab\/embed\.html#lesson=common-mistakes&amp;lang=en"/);
  await page.screenshot({ path: 'test-results/embed-lesson-page.png', fullPage: true });

  // Without a lesson, the snippets carry the Train panel's experiment.
  await page.goto(`${server.url}lab/index.html#v=1&panel=train&data=xor&layers=8:tanh`);
  await page.waitForSelector('body[data-train-ready="true"]', { timeout: 30_000 });
  await page.click('#embed-copy');
  const trainElement = await page.inputValue('#embed-code-element');
  const config = JSON.parse(/config="([^"]*)"/.exec(trainElement)[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  assert.equal(config.data.kind, 'xor');
  assert.deepEqual(config.model.layers.map((layer) => [layer.units, layer.activation]), [[8, 'tanh']]);
  assert.match(trainElement, / panels="train" /);
  assert.match(await page.inputValue('#embed-code-iframe'), /embed\.html#config=%7B.*&amp;panels=train&amp;lang=en"/);
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('two elements in different languages on one page each speak their own in every panel', async () => {
  const page = await newPage();
  await page.goto(`${server.url}index.html`);
  await page.waitForFunction(() => document.getElementById('embed-dying')?.dataset.ready === 'true', null, { timeout: 30_000 });
  const texts = await page.evaluate(async () => {
    const make = (lang) => {
      const element = document.createElement('activation-lab');
      element.setAttribute('panels', 'train,compare');
      element.setAttribute('lang', lang);
      element.setAttribute('config', JSON.stringify({ data: { kind: 'xor', n: 200 }, steps: 100 }));
      document.body.append(element);
      return element;
    };
    const zh = make('zh');
    const en = make('en');
    await new Promise((resolve) => setTimeout(resolve, 0));
    await Promise.all([zh.ready, en.ready]);
    // Each element's Train and Compare panels, read after both were built.
    const read = (element) => ({
      play: element.shadowRoot.querySelector('.train-play').textContent,
      legend: element.shadowRoot.querySelector('.train-fieldset legend').textContent,
      run: element.shadowRoot.querySelector('#compare-run').textContent,
      chart: element.shadowRoot.querySelector('[data-widget="loss"] figcaption').textContent,
      lang: element.shadowRoot.querySelector('.train-panel').lang,
    });
    return { zh: read(zh), en: read(en) };
  });
  assert.deepEqual(texts.en, { play: 'Play', legend: 'Data', run: 'Run comparison', chart: 'Loss', lang: 'en' });
  assert.equal(texts.zh.lang, 'zh-Hans');
  for (const [key, text] of Object.entries(texts.zh)) if (key !== 'lang') assert.match(text, /[\u4e00-\u9fff]/, `zh ${key}: ${text}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('embed.html on its own: a lesson in 简体中文 runs and shows its numbers in Chinese sentences', async () => {
  const page = await newPage();
  await page.goto(`${server.url}lab/embed.html#lesson=initialisation&lang=zh`);
  await page.waitForFunction(() => document.querySelector('activation-lab')?.dataset.ready === 'true', null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
  await page.locator('activation-lab .lesson-run').click();
  await page.waitForSelector('activation-lab .lesson[data-state="done"]', { timeout: 60_000 });
  const look = await page.textContent('activation-lab .lesson-look');
  assert.match(look, /观察要点/);
  assert.match(look, /零初始化：训练后两个单元权重之间的最大差异为 0——它们完全相同/);
  assert.match(look, /已复现/);
  await page.setViewportSize({ width: 900, height: await page.evaluate(() => document.documentElement.scrollHeight) });
  await page.waitForTimeout(600);
  await page.screenshot({ path: 'test-results/embed-frame-zh.png', fullPage: true });
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});
