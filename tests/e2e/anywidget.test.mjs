// anywidget.test.mjs — the notebook widget (dist/site/anywidget.js, or
// $ACTLAB_SITE_DIR) end to end in headless Chromium. A harness page
// (tests/e2e/anywidget/) plays anywidget's host: a model with get, set, on,
// off and save_changes, the widget module imported from the lab on another
// origin (Access-Control-Allow-Origin: *) under the course policy of
// docs/embedding.md, render({ model, el }) called once:
//   - the traits become the element's attributes; a lesson runs and the
//     model receives `result` (numbers, claims, answers) through set() and
//     save_changes(); a checked answer updates it;
//   - traits changed "from Python" re-render the element (another lesson);
//     bad traits are left out and named under the widget as text; markup in
//     a trait stays text;
//   - the cleanup render() returns removes the element, stops listening to
//     the model and ends the widget's workers;
//   - no CSP violation, no console error.
//   node --test tests/e2e/anywidget.test.mjs
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS } from './browser.mjs';
import { crossOriginPolicy, serveStatic } from './static-server.mjs';

const SITE = process.env.ACTLAB_SITE_DIR ?? 'dist/site';
mkdirSync('test-results', { recursive: true });

let lab;
let notebook;
let browser;

before(async () => {
  lab = await serveStatic(SITE, '/lab/', { csp: null, headers: { 'Access-Control-Allow-Origin': '*' } });
  notebook = await serveStatic('tests/e2e/anywidget', '/notebook/', { csp: crossOriginPolicy(lab.origin) });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await notebook?.close();
  await lab?.close();
});

async function openHarness(traits) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  await context.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const query = new URLSearchParams({ esm: `${lab.url}anywidget.js`, traits: JSON.stringify(traits) });
  await page.goto(`${notebook.url}harness.html?${query}`);
  await page.waitForFunction(() => window.harness && (window.harness.cleanup !== null || window.harness.error !== null), null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => window.harness.error), null);
  await page.waitForFunction(() => document.querySelector('#output activation-lab')?.dataset.ready === 'true', null, { timeout: 30_000 });
  return { context, page, problems };
}

const lastResult = (page) => page.evaluate(() => window.harness.sets.filter((entry) => entry.name === 'result').at(-1)?.value);

test('render({ model, el }): traits to attributes, a lesson runs, result set and saved, answers update it', async () => {
  const { context, page, problems } = await openHarness({ lesson: 'vanishing-gradients', lang: 'en', height: 700, result: null });
  try {
    const attributes = await page.evaluate(() => {
      const element = document.querySelector('#output activation-lab');
      return Object.fromEntries(['lesson', 'lang', 'height', 'config', 'panels'].map((name) => [name, element.getAttribute(name)]));
    });
    assert.deepEqual(attributes, { lesson: 'vanishing-gradients', lang: 'en', height: '700', config: null, panels: null });
    assert.equal(Math.round((await page.locator('#output activation-lab').boundingBox()).height), 700);
    assert.equal(await page.locator('#output .activation-lab-widget-errors').isHidden(), true);

    await page.locator('#output activation-lab .lesson-run').click();
    await page.waitForFunction(() => window.harness.sets.some((entry) => entry.name === 'result' && entry.value !== null), null, { timeout: 60_000 });
    const result = await lastResult(page);
    assert.equal(result.lesson, 'vanishing-gradients');
    assert.ok(result.numbers.sigmoidRatio < 1e-3 && result.numbers.reluRatio > 0.1, JSON.stringify(result.numbers));
    assert.deepEqual(result.claims, { sigmoidVanishes: true, reluDoesNotVanish: true, tanhInBetween: true });
    assert.equal(result.answers, null);
    // What the kernel would receive: the same result, saved.
    const saved = await page.evaluate(() => window.harness.saves.at(-1).result);
    assert.deepEqual(saved, result);

    // A checked answer (the smallest share of gradient: the sigmoid network in this run) goes back too.
    const question = page.locator('#output activation-lab .lesson-question[data-question="smallest"]');
    await question.locator('input[value="sigmoid"]').check();
    await question.locator('.lesson-question-check').click();
    const answered = await lastResult(page);
    assert.deepEqual(answered.answers, { total: 3, answered: 1, correct: 1, score: 33, complete: false });
    assert.deepEqual(await page.evaluate(() => window.harness.saves.at(-1).result.answers), answered.answers);
    await page.screenshot({ path: 'test-results/anywidget-harness.png', fullPage: true });
    assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('traits changed from Python re-render; bad traits are named and left out; markup stays text', async () => {
  const { context, page, problems } = await openHarness({ lesson: 'sigmoid-saturation', lang: 'zh' });
  try {
    // The lesson without runs is done at once: its result arrives without a click.
    await page.waitForFunction(() => window.harness.sets.some((entry) => entry.name === 'result' && entry.value?.lesson === 'sigmoid-saturation'));
    await page.evaluate(() => window.harness.model.fromPython('lesson', 'prelu-slope'));
    await page.waitForFunction(() => document.querySelector('#output activation-lab').shadowRoot.querySelector('.lesson')?.dataset.lesson === 'prelu-slope');
    // The old lesson's result is withdrawn.
    assert.equal(await lastResult(page), null);
    assert.match(await page.locator('#output activation-lab .lesson-title').textContent(), /PReLU/);

    await page.evaluate(() => {
      window.harness.model.fromPython('height', 'tall');
      window.harness.model.fromPython('lang', 'fr');
      window.harness.model.fromPython('panels', ['lesson', 'nonsense']);
    });
    const errors = page.locator('#output .activation-lab-widget-errors');
    await errors.waitFor({ state: 'visible' });
    const text = await errors.textContent();
    assert.match(text, /height must be a number 120\.\.10000 \(CSS pixels\), got "tall"/);
    assert.match(text, /lang must be "en" or "zh", got "fr"/);
    assert.match(text, /panels must be a list of lesson, train, compare/);
    assert.equal(await page.evaluate(() => document.querySelector('#output activation-lab').hasAttribute('lang')), false);
    await page.waitForFunction(() => document.querySelector('#output activation-lab .lesson-title, #output activation-lab')?.shadowRoot.textContent.includes('PReLU learns its slope'));

    await page.evaluate(() => window.harness.model.fromPython('lesson', '<img src=x id=injected>'));
    await page.waitForFunction(() => document.querySelector('#output activation-lab').shadowRoot.textContent.includes('Unknown lesson'));
    assert.match(await page.evaluate(() => document.querySelector('#output activation-lab').shadowRoot.textContent), /Unknown lesson “<img src=x id=injected>”/);
    assert.equal(await page.evaluate(() => document.querySelector('#injected') ?? document.querySelector('#output activation-lab').shadowRoot.querySelector('img')), null);
    assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("render's cleanup removes the element, stops listening to the model and ends the workers", async () => {
  const { context, page, problems } = await openHarness({ lesson: 'dying-relu' });
  try {
    const workers = new Set();
    let started = 0;
    page.on('worker', (worker) => {
      started++;
      workers.add(worker);
      worker.on('close', () => workers.delete(worker));
    });
    assert.ok((await page.evaluate(() => window.harness.model.listenerCount())) > 0);
    await page.locator('#output activation-lab .lesson-run').click();
    await page.waitForFunction(() => document.querySelector('#output activation-lab').panels.lesson.runState === 'running');
    await page.waitForFunction(() => document.querySelector('#output activation-lab').shadowRoot.querySelector('.lesson-status').textContent.includes('step'));
    // Playwright hears of a worker through its own channel, which may come after the page's text changed.
    const heard = Date.now() + 10_000;
    while (started === 0 && Date.now() < heard) await page.waitForTimeout(50);
    assert.ok(started > 0, 'the lesson runs in workers');
    const setsBefore = await page.evaluate(() => {
      window.harness.cleanup();
      return window.harness.sets.length;
    });
    assert.equal(await page.locator('#output activation-lab').count(), 0);
    assert.equal(await page.evaluate(() => window.harness.model.listenerCount()), 0);
    const deadline = Date.now() + 10_000;
    while (workers.size > 0 && Date.now() < deadline) await page.waitForTimeout(100);
    assert.equal(workers.size, 0, 'every worker has ended');
    // The model hears nothing more from the widget.
    await page.evaluate(() => window.harness.model.fromPython('lesson', 'prelu-slope'));
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => window.harness.sets.length), setsBefore);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
