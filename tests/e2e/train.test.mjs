// train.test.mjs — the Train panel end to end, in headless Chromium against
// the built site (npm run build; --dev uses the Vite dev server instead):
//   - 300 steps on moons with relu lower the loss and feed every live plot
//     (checked in the widgets' data, not in pixels);
//   - frames/s while training, from requestAnimationFrame timestamps, ≥ 50;
//   - dying ReLU (3×16 relu, he_normal, sgd lr 3, 1000 steps — the C++ lesson
//     test's case) shows dead units > 0 in the dead-units chart, leaky_relu 0;
//   - 1-D data draws the regression curve, 3 blobs a softmax heatmap;
//   - a PReLU network fills the slopes chart; lr 1e6 says "diverged" and the
//     retry button lowers the learning rate; an invalid field shows the C++
//     parser's message next to the form;
//   - a keyboard-only walk opens Train, starts and pauses a run;
//   - relu with lr 10 stalls: the status and a message say so, name the
//     likely cause and offer fixes, one of which restarts a run that learns;
//     the per-layer gradient sentences are visible; the glossary opens from a
//     chart's "?" by keyboard and gives focus back;
//   - no console errors; screenshots in test-results/ (1280 and 360 px wide).
//   node tests/e2e/train.test.mjs [--dev]
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { test, after, before } from 'node:test';

import { openSite, screenshotWholePage } from './browser.mjs';

const MIN_FPS = Number(process.env.ACTLAB_MIN_FPS ?? 50);
mkdirSync('test-results', { recursive: true });

let site;
before(async () => {
  site = await openSite();
});
after(async () => {
  await site?.close();
});

/** Opens the page and the Train tab (by mouse), and waits for the panel's first report. */
async function openTrain(page) {
  await page.goto(site.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await page.click('#tab-train');
  await page.waitForSelector('body[data-train-ready="true"]', { timeout: 30_000 });
  await waitForState(page, ['idle']);
}

async function waitForState(page, states, timeout = 30_000) {
  await page.waitForFunction((wanted) => wanted.includes(document.querySelector('.train-panel')?.dataset.state), states, { timeout });
}

/** Replaces the panel's config (as a restored URL state would) and waits for step 0. */
async function setConfig(page, config) {
  await page.evaluate((c) => document.getElementById('panel-train').actlabPanel.setConfig(c), config);
  await waitForState(page, ['idle']);
}

async function setSpeed(page, stepsPerFrame) {
  await page.selectOption('#train-speed', String(stepsPerFrame));
}

/** Every widget's snapshot, by data-widget name. */
function snapshots(page) {
  return page.evaluate(() => {
    const result = {};
    for (const figure of document.querySelectorAll('#panel-train [data-widget]')) {
      result[figure.dataset.widget] = figure.actlabWidget.snapshot();
    }
    return result;
  });
}

/** Every widget's text summary (what a screen reader hears), by data-widget name. */
function summaries(page) {
  return page.evaluate(() => {
    const result = {};
    for (const figure of document.querySelectorAll('#panel-train [data-widget]')) result[figure.dataset.widget] = figure.actlabWidget.summary();
    return result;
  });
}

function currentStep(page) {
  return page.evaluate(() => document.getElementById('panel-train').actlabPanel.metrics?.step ?? 0);
}

/** Trains (play) until at least `steps`, measuring frames/s meanwhile; pauses; returns { fps, step }. */
async function trainTo(page, steps, timeout = 60_000) {
  await page.evaluate(() => {
    window.__frames = [];
    const record = (time) => {
      window.__frames.push(time);
      if (window.__recording) requestAnimationFrame(record);
    };
    window.__recording = true;
    requestAnimationFrame(record);
  });
  await page.click('.train-play');
  await page.waitForFunction(
    (n) => (document.getElementById('panel-train').actlabPanel.metrics?.step ?? 0) >= n || document.querySelector('.train-panel').dataset.state !== 'running',
    steps,
    { timeout, polling: 100 },
  );
  const frames = await page.evaluate(() => {
    window.__recording = false;
    return window.__frames;
  });
  const state = await page.evaluate(() => document.querySelector('.train-panel').dataset.state);
  if (state === 'running') await page.click('.train-play');
  await waitForState(page, ['paused', 'done', 'diverged', 'idle']);
  // The first frame may include start-up work; measure over the rest.
  const span = frames[frames.length - 1] - frames[1];
  const fps = frames.length > 2 && span > 0 ? ((frames.length - 2) / span) * 1000 : NaN;
  return { fps, frames: frames.length, seconds: span / 1000, step: await currentStep(page) };
}

test('300 steps on moons with relu lower the loss and feed every live plot, at ≥ 50 frames/s', async () => {
  const { page } = site;
  await openTrain(page);
  await setConfig(page, {
    seed: 1,
    data: { kind: 'moons', n: 400, noise: 0.1, testFraction: 0.2 },
    model: { layers: [{ units: 8, activation: 'relu' }, { units: 8, activation: 'relu' }], init: 'he_normal', biasInit: 0 },
    train: { optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 32, weightDecay: 0 },
    steps: 1000000,
  });
  const before = await snapshots(page);
  const initialLoss = before.loss.series[0].values[0];
  assert.ok(Number.isFinite(initialLoss), 'the loss chart has the step-0 loss');
  // 2 steps per frame: 300 steps take about 150 frames, long enough to measure.
  await setSpeed(page, 2);
  const run = await trainTo(page, 300);
  console.log(`  trained to step ${run.step}: ${run.frames} frames in ${run.seconds.toFixed(2)} s = ${run.fps.toFixed(1)} frames/s`);
  assert.ok(run.step >= 300, `reached step ${run.step}`);
  assert.ok(run.fps >= MIN_FPS, `frames/s while training ${run.fps.toFixed(1)} < ${MIN_FPS}`);
  await page.waitForTimeout(300);

  const charts = await snapshots(page);
  const loss = charts.loss.series[0].values;
  const finalLoss = loss[loss.length - 1];
  console.log(`  loss ${initialLoss.toFixed(4)} → ${finalLoss.toFixed(4)}; test accuracy ${charts.accuracy.series[1].values.at(-1)}`);
  assert.ok(finalLoss < initialLoss * 0.7, `loss fell from ${initialLoss} to ${finalLoss}`);
  assert.ok(charts.loss.x.length > 20 && charts.loss.x.at(-1) >= 300, 'loss chart has the run');
  assert.ok(charts.loss.series[1].values.some((v) => v !== null), 'test loss drawn');
  assert.ok(charts.accuracy.series[0].values.at(-1) > 0.8, 'accuracy chart shows learning');
  assert.equal(charts['grad-norm'].series.length, 3, 'one gradient-norm series per dense layer');
  assert.ok(charts['grad-norm'].series.every((s) => s.values.at(-1) > 0), 'gradient norms drawn');
  assert.equal(charts['grad-bars'].values.length, 3);
  assert.ok(charts['grad-bars'].values.every((v) => v > 0), 'bar per layer');
  assert.equal(charts['dead-units'].series.length, 4, 'dead and inactive per hidden layer');
  assert.ok(charts['dead-units'].x.length === charts.loss.x.length);
  // ReLU's flat side is not saturation: no series, a note says why (tests/e2e/readable.test.mjs).
  assert.equal(charts.saturation.series.length, 0);
  assert.equal(charts.histograms.length, 2, 'one histogram per hidden layer');
  for (const layer of charts.histograms) {
    assert.ok(layer.counts.reduce((a, b) => a + b, 0) > 0, 'histogram has counts');
    assert.ok(layer.derivative.length > 10 && layer.derivative.some((v) => v === 0) && layer.derivative.some((v) => v === 1), "relu's f' drawn");
  }
  assert.equal(charts.decision.inputs, 2);
  assert.equal(charts.decision.train + charts.decision.test, 400);
  assert.ok(charts.decision.grid && charts.decision.grid.values.length === 64 * 64, 'decision grid drawn');
  const probabilities = charts.decision.grid.values;
  assert.ok(Math.min(...probabilities) < 0.2 && Math.max(...probabilities) > 0.8, 'the grid separates the classes');
  for (const [name, text] of Object.entries(await summaries(page))) {
    console.log(`  summary ${name}: ${text}`);
    assert.ok(text.length > 20 && !text.includes('undefined'), `${name} has a text summary`);
  }

  await screenshotWholePage(page, 'test-results/train.png');
  await page.setViewportSize({ width: 360, height: 800 });
  await page.waitForTimeout(400);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await screenshotWholePage(page, 'test-results/train-360.png');
  await page.setViewportSize({ width: 1280, height: 1000 });
  assert.ok(overflow <= 0, `no horizontal scrolling at 360 px (overflow ${overflow} px)`);
});

test('dying ReLU: dead units > 0 for relu, 0 for leaky_relu, in the dead-units chart', async () => {
  const { page } = site;
  await openTrain(page);
  const dying = (activation) => ({
    seed: 1,
    data: { kind: 'moons', n: 400, noise: 0.1, testFraction: 0.2 },
    model: { layers: [1, 2, 3].map(() => ({ units: 16, activation })), init: 'he_normal', biasInit: 0 },
    train: { optimizer: { kind: 'sgd', lr: 3.0 }, batchSize: 32 },
    steps: 1000,
  });
  const dead = {};
  for (const activation of ['relu', 'leaky_relu']) {
    await setConfig(page, dying(activation));
    await setSpeed(page, 50);
    await trainTo(page, 1000);
    const charts = await snapshots(page);
    const series = charts['dead-units'].series.filter((s) => s.label.endsWith('dead'));
    assert.equal(charts['dead-units'].x.at(-1), 1000);
    dead[activation] = series.reduce((sum, s) => sum + s.values.at(-1), 0);
    if (activation === 'relu') await screenshotWholePage(page, 'test-results/train-dying-relu.png');
  }
  console.log(`  dead units after 1000 steps: relu ${dead.relu}, leaky_relu ${dead.leaky_relu}`);
  assert.ok(dead.relu > 0, 'relu has dead units');
  assert.equal(dead.leaky_relu, 0, 'leaky_relu has none');
});

test('PReLU slopes are charted; a diverged run says so and offers a lower learning rate', async () => {
  const { page } = site;
  await openTrain(page);
  await setConfig(page, {
    model: { layers: [{ units: 8, activation: 'prelu' }, { units: 8, activation: 'prelu' }] },
    train: { optimizer: { kind: 'adam', lr: 0.01 } },
    steps: 100000,
  });
  await setSpeed(page, 10);
  await trainTo(page, 200);
  let charts = await snapshots(page);
  assert.equal(charts.prelu.series.length, 6, 'mean, min, max per PReLU layer');
  const mean = charts.prelu.series[0].values;
  assert.ok(mean[0] !== null && mean.at(-1) !== mean[0], 'slopes move');

  await setConfig(page, { train: { optimizer: { kind: 'sgd', lr: 1e6 } } });
  await trainTo(page, 1000);
  await waitForState(page, ['diverged']);
  const status = await page.textContent('.train-status');
  assert.match(status, /diverged/);
  assert.ok(await page.isVisible('.train-retry'), 'retry button shown');
  await page.click('.train-retry');
  await waitForState(page, ['idle']);
  const lr = await page.evaluate(() => document.getElementById('panel-train').actlabPanel.config.train.optimizer.lr);
  assert.equal(lr, 1e5);

  // An invalid value comes back from the C++ parser, naming the field, next to the form.
  await page.fill('#train-train-batchSize', '0');
  await page.press('#train-train-batchSize', 'Tab');
  await waitForState(page, ['invalid']);
  const error = await page.textContent('.train-error');
  console.log(`  shown next to the form: ${error}`);
  assert.match(error, /train\.batchSize/);
  // Corrected, the run is back.
  await page.fill('#train-train-batchSize', '16');
  await page.press('#train-train-batchSize', 'Tab');
  await waitForState(page, ['idle']);
  assert.equal(await page.textContent('.train-error'), '');
});

test('1-D data draws the regression curve; 3 classes draw a softmax heatmap', async () => {
  const { page } = site;
  await openTrain(page);
  await setConfig(page, {
    data: { kind: 'sin', n: 200 },
    model: { layers: [{ units: 16, activation: 'tanh' }, { units: 16, activation: 'tanh' }] },
    train: { optimizer: { kind: 'adam', lr: 0.01 } },
    steps: 100000,
  });
  await setSpeed(page, 10);
  await trainTo(page, 300);
  let charts = await snapshots(page);
  assert.equal(charts.decision.inputs, 1);
  assert.equal(charts.decision.grid.h, 1);
  assert.equal(charts.decision.grid.values.length, charts.decision.grid.w);
  const curve = charts.decision.grid.values;
  // sin(πx) over [-1, 1): the fitted curve dips below -0.5 and rises above 0.5.
  assert.ok(Math.min(...curve) < -0.5 && Math.max(...curve) > 0.5, 'the curve follows sin(πx)');
  const loss = charts.loss.series[0].values;
  assert.ok(loss.at(-1) < loss[0] / 3, 'regression loss falls');
  assert.ok(await page.isHidden('[data-widget="accuracy"]'), 'no accuracy chart for regression');

  await setConfig(page, { data: { kind: 'blobs', classes: 3 }, train: { optimizer: { kind: 'adam', lr: 0.01 } }, steps: 100000 });
  await trainTo(page, 100);
  charts = await snapshots(page);
  assert.equal(charts.decision.grid.outputs, 3, 'softmax head: 3 outputs per cell');
  assert.equal(charts.decision.grid.values.length, 64 * 64 * 3);
  assert.ok(charts.accuracy.series[0].values.at(-1) > 0.9, 'blobs are separated');
});

test('keyboard only: open Train, start and pause a run', async () => {
  const page = await site.newPage();
  await page.goto(site.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  const focused = () => page.evaluate(() => {
    const active = document.activeElement;
    return active ? `${active.id}|${active.className}` : '';
  });
  const tabTo = async (predicate, limit = 60) => {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      if (predicate(await focused())) return;
    }
    throw new Error('focus never reached the control');
  };
  // The tab list is one Tab stop (the selected tab, Start); arrow keys move along it.
  await tabTo((f) => f.startsWith('tab-home|'));
  await page.keyboard.press('ArrowRight');
  assert.ok((await focused()).startsWith('tab-explore|'));
  await page.keyboard.press('ArrowRight');
  assert.ok((await focused()).startsWith('tab-train|'));
  await page.waitForSelector('body[data-train-ready="true"]', { timeout: 30_000 });
  await waitForState(page, ['idle']);
  await tabTo((f) => f.includes('train-play'));
  await page.keyboard.press('Enter');
  await waitForState(page, ['running']);
  await page.waitForFunction(() => (document.getElementById('panel-train').actlabPanel.metrics?.step ?? 0) >= 20);
  await page.keyboard.press('Space');
  await waitForState(page, ['paused']);
  // A report already on its way when the pause was sent may still land.
  await page.waitForTimeout(200);
  const step = await page.evaluate(() => document.getElementById('panel-train').actlabPanel.metrics.step);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.getElementById('panel-train').actlabPanel.metrics.step), step, 'paused means paused');
  await page.close();
});

test('a stalled run says so in words and offers fixes: relu with lr 10; the glossary explains the charts by keyboard', async () => {
  const page = await site.newPage();
  await openTrain(page);
  await setConfig(page, { seed: 1, data: { kind: 'moons', n: 400, noise: 0.1 }, model: { layers: [{ units: 8, activation: 'relu' }, { units: 8, activation: 'relu' }] }, train: { optimizer: { kind: 'sgd', lr: 10 } }, steps: 1000000 });
  await setSpeed(page, 5);
  await page.click('.train-play');
  await page.waitForFunction(() => document.querySelector('.train-panel').dataset.stalled === 'true', null, { timeout: 30_000 });
  const stall = await page.textContent('.train-stall');
  assert.match(stall, /stalled/);
  assert.match(stall, /\d+ of 8 units of layer \d are dead|every gradient of/);
  assert.match(stall, /learning rate 10 is too large/);
  assert.match(await page.textContent('.train-status'), /Stalled/);
  // The per-layer sentences are visible text (not only for screen readers).
  assert.equal(await page.isVisible('.train-diagnosis'), true);
  assert.match(await page.textContent('.train-diagnosis'), /exactly 0|vanishing|exploding|healthy/);
  const fixes = await page.locator('.train-fix').evaluateAll((buttons) => buttons.map((b) => b.dataset.fix));
  assert.deepEqual(fixes.slice(0, 2), ['lower-lr', 'leaky-relu']);
  // One click: lr 1, a new run that plays, and the message is gone.
  await page.click('.train-fix[data-fix="lower-lr"]');
  await page.waitForFunction(() => document.getElementById('panel-train').actlabPanel.config.train.optimizer.lr === 1);
  await waitForState(page, ['running']);
  assert.equal(await page.isHidden('.train-stall'), true);
  await page.waitForFunction(() => location.hash.includes('lr=1&'));

  // The glossary, by keyboard: the "?" of the dead-units chart opens it at "Dead unit"; Escape returns focus.
  await page.focus('.train-charts .help-button[data-term="dead"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('dialog.glossary[open]');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.term), 'dead');
  assert.match(await page.evaluate(() => document.activeElement.nextElementSibling.textContent), /exactly 0 on every training example/);
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog.glossary:not([open])', { state: 'attached' });
  assert.equal(await page.evaluate(() => document.activeElement.dataset.term), 'dead');
  // Form labels too: head, init and weight decay have their "?".
  for (const term of ['head', 'init', 'weightDecay']) assert.equal(await page.locator(`.train-form .help-button[data-term="${term}"]`).count(), 1, term);
  await page.close();
});

test('no console errors or failed requests', () => {
  assert.deepEqual(site.problems, []);
});
