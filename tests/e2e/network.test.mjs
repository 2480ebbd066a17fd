// network.test.mjs — Train's network view end to end, in headless Chromium
// against the built site (dist/site, or $ACTLAB_SITE_DIR):
//   - the units drawn as dead are exactly those of the metrics' deadMask, and
//     each unit's button says so;
//   - a unit is selected with the keyboard (Tab into the network, arrows,
//     Enter): its details name it, its status and its incoming weights, and
//     the link carries it (unit=L.U); removing its layer clears the selection
//     without an error; a link naming a unit the network does not have says so;
//   - more than 2 inputs (digits, loaded on demand): the decision map makes
//     way for a confusion matrix whose diagonal is the test accuracy, the
//     misclassified test images as 8×8 thumbnails with true and predicted
//     digits, and the network view's per-class title;
//   - frames/s while training with the network view on screen: at least
//     ACTLAB_MIN_FPS_NETWORK (55) on the default network and
//     ACTLAB_MIN_FPS_WIDE (30) on 4 layers × 32 units; the figures are printed.
//   node --test tests/e2e/network.test.mjs
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { openSite } from './browser.mjs';

const MIN_FPS_NETWORK = Number(process.env.ACTLAB_MIN_FPS_NETWORK ?? 55);
const MIN_FPS_WIDE = Number(process.env.ACTLAB_MIN_FPS_WIDE ?? 30);
mkdirSync('test-results', { recursive: true });

let site;
before(async () => {
  site = await openSite({ viewport: { width: 1280, height: 1000 } });
});
after(async () => {
  await site?.close();
});

const state = (page) => page.evaluate(() => document.querySelector('.train-panel')?.dataset.state);
const waitForState = (page, states) => page.waitForFunction((wanted) => wanted.includes(document.querySelector('.train-panel')?.dataset.state), states, { timeout: 30_000 });
const metrics = (page) => page.evaluate(() => document.getElementById('panel-train').actlabPanel.metrics);
const network = (page) => page.evaluate(() => document.querySelector('#panel-train [data-widget="network"]').actlabWidget.snapshot());

async function openTrain(page, hash) {
  await page.goto('about:blank');
  await page.goto(`${site.url}${hash}`);
  await page.waitForSelector('body[data-train-ready="true"]', { timeout: 30_000 });
  await waitForState(page, ['idle']);
}

/** Plays until step `steps`, recording animation frames; pauses; returns frames/s. */
async function playFor(page, steps) {
  await page.evaluate(() => {
    window.__frames = [];
    window.__recording = true;
    const record = (time) => {
      window.__frames.push(time);
      if (window.__recording) requestAnimationFrame(record);
    };
    requestAnimationFrame(record);
  });
  await page.click('.train-play');
  await page.waitForFunction((n) => (document.getElementById('panel-train').actlabPanel.metrics?.step ?? 0) >= n, steps, { timeout: 90_000, polling: 100 });
  const frames = await page.evaluate(() => {
    window.__recording = false;
    return window.__frames;
  });
  await page.click('.train-play');
  await waitForState(page, ['paused']);
  const span = frames.at(-1) - frames[1];
  return ((frames.length - 2) / span) * 1000;
}

test('the units drawn as dead are exactly those of deadMask, and their buttons say so', async () => {
  const page = await site.newPage();
  // He init with biases at −1 and sgd lr 3: many ReLU units die within a few hundred steps.
  await openTrain(page, '#v=1&panel=train&seed=3&layers=12:relu,12:relu&biasInit=-1&lr=3');
  await page.locator('[data-widget="network"]').scrollIntoViewIfNeeded();
  await page.selectOption('#train-speed', '20');
  await playFor(page, 400);
  const last = await metrics(page);
  const view = await network(page);
  const masks = last.layers.map((layer) => layer.deadMask);
  assert.ok(masks.every(Array.isArray), 'every layer of the metrics has a deadMask');
  const expectedDead = masks.map((mask) => mask.flatMap((value, unit) => (value === 1 ? [unit] : [])));
  assert.ok(expectedDead.slice(0, -1).some((units) => units.length > 0), `some hidden unit died: ${JSON.stringify(expectedDead)}`);
  assert.deepEqual(view.dead, expectedDead);
  const marked = expectedDead.flatMap((units, layer) => units.map((unit) => `${layer}.${unit}`));
  assert.deepEqual([...view.marked].sort(), [...marked].sort());
  const [firstDead] = marked;
  const label = await page.getAttribute(`[data-widget="network"] .network-unit[data-layer="${firstDead.split('.')[0]}"][data-unit="${firstDead.split('.')[1]}"]`, 'aria-label');
  assert.match(label, /dead since step \d+/);
  await page.screenshot({ path: 'test-results/network-dead.png', fullPage: false });
  await page.close();
});

test('a unit is selected by keyboard and read out; the link carries it; a removed layer or an unknown unit clears it', async () => {
  const page = await site.newPage();
  await openTrain(page, '#v=1&panel=train');
  await page.click('.train-step');
  await page.waitForFunction(() => document.getElementById('panel-train').actlabPanel.metrics?.step === 1);
  // Tab into the network: the first unit is the one tab stop; arrows move; Enter selects.
  await page.focus('[data-widget="network"] .network-unit[tabindex="0"]');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  const focused = await page.evaluate(() => [document.activeElement.dataset.layer, document.activeElement.dataset.unit, document.activeElement.getAttribute('aria-label')]);
  assert.deepEqual(focused.slice(0, 2), ['1', '1']);
  assert.match(focused[2], /^Layer 2, unit 2: /);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-widget="network"] .network-details h4');
  assert.match(await page.textContent('[data-widget="network"] .network-details h4'), /Layer 2, unit 2/);
  const details = await page.textContent('[data-widget="network"] .network-details');
  assert.match(details, /Incoming weights \(8, one bar each/);
  assert.match(details, /active|inactive|dead/);
  assert.equal(await page.getAttribute('[data-widget="network"] .network-unit[data-layer="1"][data-unit="1"]', 'aria-pressed'), 'true');
  await page.waitForFunction(() => location.hash.includes('unit=2.2'));

  // Remove layer 2 in the form: the selection goes, nothing throws.
  await page.click('.train-remove-layer >> nth=1');
  await page.waitForFunction(() => !location.hash.includes('unit='));
  assert.equal((await network(page)).selected, null);

  // A link naming a unit the network does not have: a message, no selection.
  await openTrain(page, '#v=1&panel=train&unit=3.9');
  await page.waitForFunction(() => document.getElementById('state-errors').textContent.includes('3.9'));
  assert.equal((await network(page)).selected, null);
  // The hash is written once edits settle (150 ms after the last), so the link loses unit= a moment after the message.
  await page.waitForFunction(() => !location.hash.includes('unit='), null, { timeout: 5_000 });
  assert.deepEqual(site.problems, []);
  await page.close();
});

test('more than 2 inputs (digits): a confusion matrix of the test set, the misclassified images, and per-class bars in the network', async () => {
  const page = await site.newPage();
  // digits loads on demand (docs/datasets.md); 32-32 ReLU, Adam at a large learning rate (the dying-ReLU lesson's run).
  await openTrain(page, '#v=1&panel=train&data=digits&layers=32:relu,32:relu&opt=adam&lr=0.05&batch=32');
  const hidden = (name) => page.evaluate((widget) => document.querySelector(`#panel-train [data-widget="${widget}"]`).closest('figure').hidden, name);
  assert.equal(await hidden('decision'), true, 'no decision map for 64 inputs');
  assert.equal(await hidden('outcomes'), false, 'the test outcomes take its place');
  await page.selectOption('#train-speed', '20');
  await playFor(page, 300);
  // One more step while paused: its report carries the test predictions of the same step as the metrics.
  const before = (await metrics(page)).step;
  await page.click('.train-step');
  await page.waitForFunction((step) => document.getElementById('panel-train').actlabPanel.metrics.step > step, before);
  await page.waitForFunction(() => document.querySelector('#panel-train [data-widget="outcomes"]').actlabWidget.snapshot().matrix !== null);
  const last = await metrics(page);
  const outcomes = await page.evaluate(() => document.querySelector('#panel-train [data-widget="outcomes"]').actlabWidget.snapshot());
  assert.equal(outcomes.classes, 10);
  const total = outcomes.matrix.reduce((a, b) => a + b, 0);
  const right = Array.from({ length: 10 }, (_, c) => outcomes.matrix[c * 10 + c]).reduce((a, b) => a + b, 0);
  assert.equal(outcomes.predictions.length, total * 10, 'one row of 10 outputs per test example');
  assert.ok(Math.abs(right / total - last.testAccuracy) < 1e-6, `diagonal ${right}/${total} against test accuracy ${last.testAccuracy}`);
  assert.equal(outcomes.misclassified.length, total - right);
  assert.ok(total - right > 0, 'some test digit is misclassified after 300 steps');
  // The thumbnails: up to 24 8×8 images, each labelled with a true and a different predicted digit.
  const thumbnails = await page.$$eval('#panel-train .outcome-thumbnail-list canvas', (canvases) => canvases.map((c) => ({ w: c.width, h: c.height, label: c.getAttribute('aria-label') })));
  assert.equal(thumbnails.length, Math.min(24, total - right));
  for (const { w, h, label } of thumbnails) {
    assert.equal(w, 8);
    assert.equal(h, 8);
    const [, truth, predicted] = /true (\d), predicted (\d)/.exec(label) ?? [];
    assert.ok(truth !== undefined && truth !== predicted, label);
  }
  // The network view shows each unit's mean output per class instead of maps.
  const title = await page.locator('#panel-train [data-widget="network"]').evaluate((node) => node.closest('figure').querySelector('figcaption, h3, .widget-title')?.textContent ?? '');
  assert.match(title, /each class/);
  assert.deepEqual(site.problems, []);
  await page.close();
});

test(`frames/s with the network view on screen: ≥ ${MIN_FPS_NETWORK} on the default network, ≥ ${MIN_FPS_WIDE} on 4 × 32 units`, async () => {
  const page = await site.newPage();
  await openTrain(page, '#v=1&panel=train');
  await page.locator('[data-widget="network"]').scrollIntoViewIfNeeded();
  await page.selectOption('#train-speed', '5');
  const fps = await playFor(page, 1500);
  await openTrain(page, '#v=1&panel=train&layers=32:relu,32:relu,32:relu,32:relu');
  await page.locator('[data-widget="network"]').scrollIntoViewIfNeeded();
  await page.selectOption('#train-speed', '5');
  const wide = await playFor(page, 800);
  console.log(`frames/s with the network view: default network ${fps.toFixed(1)}, 4 × 32 units ${wide.toFixed(1)}`);
  await page.screenshot({ path: 'test-results/network-wide.png', fullPage: false });
  assert.ok(fps >= MIN_FPS_NETWORK, `default network: ${fps.toFixed(1)} frames/s`);
  assert.ok(wide >= MIN_FPS_WIDE, `4 × 32: ${wide.toFixed(1)} frames/s`);
  await page.close();
});
