// formula.test.mjs — a typed activation (issue 13) end to end in headless
// Chromium, against the built site under the strict CSP:
//   - Explore: typing z*sigmoid(b*z) draws it (values checked against the
//     maths), shows KaTeX of f and f′ and a slider for b, and puts the
//     formula in the link; a formula that does not parse keeps the last one
//     on the chart, with the module's message and column under the box;
//     exp(exp(z)) overflows into gaps, not into a crash;
//   - a link with a bad formula names the field and the column;
//   - Train: a layer switched to "custom" takes a typed formula with a
//     parameter, trains, and the link restores it;
//   - Compare: "custom" with a formula runs beside a built-in over seeds and
//     is named by its formula in the table.
//   node --test tests/e2e/formula.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchChromium, watchPage } from './browser.mjs';
import { serveStatic } from './static-server.mjs';

const SITE = process.env.ACTLAB_SITE_DIR ?? 'dist/site';

let server;
let session;
const problems = [];

before(async () => {
  server = await serveStatic(SITE);
  session = await launchChromium('actlab-formula-e2e-', { viewport: { width: 1280, height: 900 } });
});

after(async () => {
  await session?.close();
  await server?.close();
  assert.deepEqual(problems, []);
});

async function open(hash) {
  const page = watchPage(await session.browser.newPage(), new URL(server.url).origin, problems);
  await page.goto(server.url + hash);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return page;
}

/** The Explore chart's data: x and each series (after the pending frame). */
const chartData = (page) => page.evaluate(() => document.getElementById('chart').actlabChart.snapshot());

async function typeFormula(page, selector, text) {
  await page.fill(selector, text);
  await page.dispatchEvent(selector, 'change');
}

test('Explore draws a typed formula with its parameter, KaTeX and link; a bad one keeps the last', async () => {
  const page = await open('#v=1&panel=explore&fns=custom');
  await typeFormula(page, '#explore-formula', 'z*sigmoid(b*z)');
  await page.waitForSelector('input[data-param="custom/b"]');
  await page.waitForFunction(() => location.hash.includes('formula=z*sigmoid(b*z)') || location.hash.includes('formula=z*sigmoid%28b*z%29'));
  // KaTeX has rendered f and the derived f′.
  await page.waitForFunction(() => document.querySelectorAll('.formula-card .formula .katex').length >= 2);
  const derivative = await page.textContent('.formula-card .formula:nth-of-type(2)');
  assert.match(derivative, /f′?'?\(z\)/);

  // b = 1 (the default): z·σ(z); the series of f is the first of the card's activation.
  let data = await chartData(page);
  const f = data.series.find((series) => series.label === 'Custom formula');
  assert.ok(f, JSON.stringify(data.series.map((s) => s.label)));
  for (const z of [-3, -1, 0.5, 2]) {
    const i = data.x.findIndex((x) => Math.abs(x - z) < 1e-6);
    assert.ok(Math.abs(f.values[i] - z / (1 + Math.exp(-z))) < 1e-6, `f(${z}) = ${f.values[i]}`);
  }
  // The slider moves b: b = 2 → z·σ(2z).
  await page.evaluate(() => {
    const slider = document.querySelector('input[data-param="custom/b"]');
    slider.valueAsNumber = 2;
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForFunction(() => location.hash.includes('custom.b:2'));
  data = await chartData(page);
  const i = data.x.findIndex((x) => Math.abs(x - 1) < 1e-6);
  assert.ok(Math.abs(data.series.find((s) => s.label === 'Custom formula').values[i] - 1 / (1 + Math.exp(-2))) < 1e-6);

  // A formula that does not parse: the message (with its column) under the box, the chart and the link keep the last one.
  const before = await page.evaluate(() => location.hash);
  await page.fill('#explore-formula', 'z*sigmoid(b*z))');
  await page.waitForFunction(() => document.getElementById('explore-formula-error').textContent !== '');
  assert.match(await page.textContent('#explore-formula-error'), /formula: unexpected '\)' at column 15/);
  assert.equal(await page.getAttribute('#explore-formula', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => location.hash), before);
  const kept = await chartData(page);
  assert.deepEqual(kept.series.find((s) => s.label === 'Custom formula').values, data.series.find((s) => s.label === 'Custom formula').values);

  // Overflow: exp(exp(z)) is inf beyond z ≈ 4.5; the chart has gaps there, and the page goes on.
  await page.fill('#explore-formula', 'exp(exp(z))');
  await page.waitForFunction(() => document.getElementById('explore-formula-error').textContent === '');
  await page.waitForFunction(() => location.hash.includes('exp(exp(z))'));
  const overflow = (await chartData(page)).series.find((s) => s.label === 'Custom formula').values;
  assert.ok(overflow.some((value) => !Number.isFinite(value)), 'some values overflow');
  assert.ok(overflow.some((value) => Number.isFinite(value) && value > 1), 'the rest is drawn');
  assert.equal(await page.isVisible('#chart canvas'), true);
  await page.close();
});

test('a link with a bad formula names the field and the column, and the page stays', async () => {
  const page = await open('#v=1&panel=explore&fns=relu,custom&formula=z*sigmoidd(z)');
  const text = await page.textContent('#state-errors');
  assert.match(text, /formula/);
  assert.match(text, /unknown function 'sigmoidd' at column 3/);
  assert.equal(await page.inputValue('#explore-formula'), 'z*sigmoid(z)');
  await page.close();
});

test('Train: a custom layer takes a typed formula with a parameter, trains, and the link restores it', async () => {
  const page = await open('#v=1&panel=train');
  await page.selectOption('#train-model-layers-0-activation', 'custom');
  await page.waitForSelector('#train-model-layers-0-params-formula');
  await typeFormula(page, '#train-model-layers-0-params-formula', 'max(a*z, z)');
  await page.waitForSelector('#train-model-layers-0-params-formula-a');
  await page.fill('#train-model-layers-0-params-formula-a', '0.2');
  await page.dispatchEvent('#train-model-layers-0-params-formula-a', 'change');
  await page.waitForFunction(() => document.getElementById('panel-train').actlabPanel.config.model.layers[0].params?.a === 0.2);
  const config = await page.evaluate(() => document.getElementById('panel-train').actlabPanel.config.model.layers[0]);
  assert.deepEqual(config, { units: 8, activation: 'custom', params: { formula: 'max(a*z, z)', a: 0.2 } });
  // A bad formula: the message under the box, the layer keeps the last valid one.
  await typeFormula(page, '#train-model-layers-0-params-formula', 'max(a*z,');
  assert.match(await page.textContent('#train-model-layers-0-params-formula-error'), /formula: .*column/);
  assert.equal(await page.evaluate(() => document.getElementById('panel-train').actlabPanel.config.model.layers[0].params.formula), 'max(a*z, z)');
  // It trains (the panel runs on its own; Play if it was paused): step 50 with a finite loss.
  if ((await page.getAttribute('.train-panel', 'data-state')) !== 'running') await page.click('.train-play');
  await page.waitForFunction(() => (document.getElementById('panel-train').actlabPanel.metrics?.step ?? 0) >= 50, null, { timeout: 60_000 });
  const metrics = await page.evaluate(() => document.getElementById('panel-train').actlabPanel.metrics);
  assert.ok(Number.isFinite(metrics.loss));
  // The link carries the layer's formula and parameter.
  const hash = await page.evaluate(() => location.hash);
  const restored = await open(hash);
  await restored.click('#tab-train');
  assert.equal(await restored.inputValue('#train-model-layers-0-params-formula'), 'max(a*z, z)');
  assert.equal(await restored.inputValue('#train-model-layers-0-params-formula-a'), '0.2');
  await restored.close();
  await page.close();
});

test('Compare: a typed formula runs beside ReLU over seeds, named by its formula', async () => {
  const page = await open('#v=1&panel=compare&n=200&layers=8:relu&cmp=relu,custom&cformula=z*sigmoid(b*z)&cparams=b:1.5&cseeds=3&csteps=60');
  assert.equal(await page.inputValue('#compare-formula'), 'z*sigmoid(b*z)');
  assert.equal(await page.inputValue('#compare-formula-b'), '1.5');
  await page.click('#compare-run');
  await page.waitForSelector('.compare-panel[data-phase="done"]', { timeout: 120_000 });
  const rows = await page.evaluate(() => [...document.querySelectorAll('#compare-summary tbody tr')].map((row) => ({ id: row.dataset.activation, name: row.cells[0].textContent, loss: row.cells[1].textContent })));
  const custom = rows.find((row) => row.id === 'custom');
  assert.ok(custom, JSON.stringify(rows));
  assert.equal(custom.name, 'f(z) = z*sigmoid(b*z)');
  assert.match(custom.loss, /\d/);
  await page.close();
});
