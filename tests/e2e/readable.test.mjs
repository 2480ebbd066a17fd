// readable.test.mjs — charts a student can read, and a page that works on a
// phone (issue 12, sections 3 and 4), end to end in headless Chromium against
// the built site (dist/site, or ACTLAB_SITE_DIR) served from a sub-path under
// the strict CSP:
//   - no axis label is clipped: every uPlot tick label, measured in its axis
//     font, fits its axis's size and the canvas; every label a canvas widget
//     draws lies inside its canvas and overlaps no other (Train after a run,
//     with extreme values; Explore; Compare; the front door; 14 layers);
//   - dead and inactive units read "k of n" per layer, with integer ticks;
//   - a ReLU layer's saturation says "not applicable" and why;
//   - Explore's f″ has a gap at ReLU's kink and a y range the spike cannot
//     stretch; the shading has a legend; an invalid z range says so (en, zh);
//   - at 390×844 the Train panel shows Play and the decision map on the
//     first screen; Compare's wide table shows that it scrolls; every visible
//     button, link, input and select on each route is at least 24×24 px;
//     with a touch screen the hints say "tap".
//   node --test tests/e2e/readable.test.mjs
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { launchChromium, watchPage } from './browser.mjs';
import { serveStatic } from './static-server.mjs';

const SITE = process.env.ACTLAB_SITE_DIR ?? 'dist/site';
mkdirSync('test-results', { recursive: true });

let server;
let session;
const problems = [];

before(async () => {
  server = await serveStatic(SITE);
  session = await launchChromium('actlab-readable-e2e-', { viewport: { width: 1280, height: 1000 } });
});

after(async () => {
  await session?.close();
  await server?.close();
});

async function newPage(viewport = { width: 1280, height: 1000 }) {
  const page = watchPage(await session.browser.newPage(), new URL(server.url).origin, problems);
  await page.setViewportSize(viewport);
  return page;
}

async function open(page, hash) {
  await page.goto('about:blank');
  await page.goto(server.url + hash);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
}

function takeProblems() {
  return problems.splice(0);
}

/**
 * Every axis label on the page that does not fit: uPlot tick labels measured
 * in their axis's font against the axis size uPlot laid out and against the
 * canvas, and the boxes of the text canvas widgets drew against their canvas
 * and each other. Returns one sentence per problem, and how many labels were
 * checked.
 */
function clippedLabels(page) {
  return page.evaluate(() => {
    const found = [];
    let checked = 0;
    const perChart = {};
    const measure = document.createElement('canvas').getContext('2d');
    const visible = (element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden';
    for (const root of document.querySelectorAll('.uplot')) {
      const plot = root.actlabPlot;
      if (!plot || !visible(root)) continue;
      const name = root.closest('[data-widget]')?.dataset.widget || root.parentElement?.id || root.parentElement?.className || 'chart';
      const ratio = window.devicePixelRatio || 1;
      plot.axes.forEach((axis, index) => {
        if (!axis.show || !axis._show || !axis._values) return;
        const [font, scaledSize, cssSize] = axis.font;
        measure.font = font;
        const fontRatio = scaledSize / cssSize;
        const vertical = axis.side % 2 === 1;
        const tick = axis.ticks.show ? axis.ticks.size : 0;
        axis._values.forEach((value, j) => {
          if (value === null || value === '') return;
          checked++;
          perChart[name] = (perChart[name] ?? 0) + 1;
          const text = String(value);
          const width = measure.measureText(text).width / fontRatio;
          const position = plot.valToPos(axis._splits[j], axis.scale);
          if (vertical) {
            if (width + tick + axis.gap > axis._size + 0.5) {
              found.push(`${name} axis ${index}: "${text}" is ${width.toFixed(1)} px wide, the axis ${axis._size} px holds ${axis._size - tick - axis.gap} px`);
            }
            const y = plot.bbox.top / ratio + position;
            if (y - cssSize / 2 < -0.5 || y + cssSize / 2 > plot.height + 0.5) found.push(`${name} axis ${index}: "${text}" at y ${y.toFixed(1)} leaves the canvas`);
          } else {
            const x = plot.bbox.left / ratio + position;
            if (x - width / 2 < -0.5 || x + width / 2 > plot.width + 0.5) {
              found.push(`${name} axis ${index}: "${text}" spans x ${(x - width / 2).toFixed(1)}..${(x + width / 2).toFixed(1)}, the canvas 0..${plot.width}`);
            }
          }
        });
      });
    }
    for (const figure of document.querySelectorAll('[data-widget]')) {
      if (!visible(figure)) continue;
      const name = figure.dataset.widget;
      for (const report of figure.actlabWidget?.labels?.() ?? []) report.boxes.forEach((box, i) => {
        checked++;
        perChart[name] = (perChart[name] ?? 0) + 1;
        if (box.left < -0.5 || box.top < -0.5 || box.right > report.width + 0.5 || box.bottom > report.height + 0.5) {
          found.push(`${name}: "${box.text}" at ${box.left.toFixed(1)},${box.top.toFixed(1)}..${box.right.toFixed(1)},${box.bottom.toFixed(1)} leaves the ${report.width}×${report.height} canvas`);
        }
        for (const other of report.boxes.slice(i + 1)) {
          const overlapX = Math.min(box.right, other.right) - Math.max(box.left, other.left);
          const overlapY = Math.min(box.bottom, other.bottom) - Math.max(box.top, other.top);
          if (overlapX > 0.5 && overlapY > 0.5) found.push(`${name}: "${box.text}" overlaps "${other.text}"`);
        }
      });
    }
    return { found, checked, perChart };
  });
}

/** Shows every part of the page at once (widgets draw only while on screen), then checks the labels. */
async function checkLabels(page, where) {
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.waitForTimeout(500);
  const { found, checked, perChart } = await clippedLabels(page);
  await page.setViewportSize(viewport);
  console.log(`  ${where}: ${checked} labels checked (${Object.entries(perChart).map(([name, count]) => `${name} ${count}`).join(', ')})`);
  assert.ok(checked > 0, `${where}: some labels were checked`);
  assert.deepEqual(found, [], `${where}: clipped or overlapping labels`);
  return checked;
}

const trainPanel = (page) => page.evaluate(() => document.getElementById('panel-train').actlabPanel.status);

async function trainSteps(page, steps) {
  await page.waitForSelector('body[data-train-ready="true"]', { timeout: 30_000 });
  await page.waitForFunction(() => ['idle', 'paused'].includes(document.querySelector('.train-panel')?.dataset.state));
  await page.selectOption('#train-speed', '50');
  await page.evaluate(() => document.getElementById('panel-train').actlabPanel.play());
  await page.waitForFunction((n) => (document.getElementById('panel-train').actlabPanel.metrics?.step ?? 0) >= n, steps, { timeout: 60_000, polling: 100 });
  await page.evaluate(() => document.getElementById('panel-train').actlabPanel.pause());
}

test('no axis label is clipped or overlapping: Train, Explore, Compare, the front door, at 1280 and 390 px', async () => {
  const page = await newPage();
  await open(page, '#v=1&lang=en');
  await checkLabels(page, 'front door');

  // Four sigmoid layers: gradient norms down to ~1e-3 on a log axis.
  await open(page, '#v=1&panel=train&lang=en&layers=8:sigmoid,8:sigmoid,8:sigmoid,8:sigmoid');
  await trainSteps(page, 1000);
  await checkLabels(page, 'Train after 1000 steps');
  assert.equal(await trainPanel(page), 'paused');

  // The widgets with the widest labels they can get: tiny and huge values on log and linear axes.
  await page.evaluate(() => {
    const widget = (name) => document.querySelector(`[data-widget="${name}"]`).actlabWidget;
    const x = Float64Array.from({ length: 50 }, (_, i) => i * 20000);
    const tiny = Float64Array.from(x, (_, i) => 10 ** (-7 + i / 7));
    const huge = Float64Array.from(x, (_, i) => -123456.789 + i * 5000.5);
    widget('loss').setData(x, [{ label: 'tiny', values: tiny, style: 0 }]);
    widget('grad-norm').setData(x, [{ label: 'tiny', values: tiny, style: 0 }, { label: 'small', values: tiny.map((v) => v / 1000), style: 1 }]);
    widget('prelu').setData(x, [{ label: 'huge', values: huge, style: 0 }]);
  });
  await checkLabels(page, 'Train with values from 1e-10 to 1e6');

  await page.setViewportSize({ width: 390, height: 844 });
  await checkLabels(page, 'Train at 390 px');
  await page.setViewportSize({ width: 1280, height: 1000 });

  await open(page, '#v=1&panel=explore&lang=en&fns=sigmoid,relu,softplus,selu&d2=1&zmin=-50&zmax=50');
  await checkLabels(page, 'Explore from -50 to 50');
  await open(page, '#v=1&panel=explore&lang=en&fns=sigmoid,tanh&zmin=0.001&zmax=0.002');
  await checkLabels(page, 'Explore from 0.001 to 0.002');

  await open(page, '#v=1&panel=compare&lang=en&seed=4&n=200&cmp=sigmoid,relu&cseeds=3&csteps=100');
  await page.click('#compare-run');
  await page.waitForSelector('.compare-panel[data-phase="done"]', { timeout: 120_000 });
  await checkLabels(page, 'Compare');
  await page.setViewportSize({ width: 390, height: 844 });
  await checkLabels(page, 'Compare at 390 px');
  assert.deepEqual(takeProblems(), []);
  await page.close();
});

test('with 14 layers the gradient-bar labels never overlap, and the full names are read out', async () => {
  const page = await newPage();
  const layers = Array.from({ length: 14 }, () => '4:relu').join(',');
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 1000 });
    await open(page, `#v=1&panel=train&lang=en&layers=${layers}`);
    await trainSteps(page, 5);
    await page.locator('[data-widget="grad-bars"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    const [report] = await page.evaluate(() => document.querySelector(`[data-widget="grad-bars"]`).actlabWidget.labels());
    const barLabels = report.boxes.filter((box) => /^(L\d+|out|layer \d+|output)$/.test(box.text));
    console.log(`  ${width} px: bar labels ${barLabels.map((box) => box.text).join(' ')}`);
    assert.ok(barLabels.length >= 3, 'some bars are labelled');
    assert.ok(['output', 'out'].includes(barLabels.at(-1).text), 'the output bar is always labelled');
    await checkLabels(page, `Train with 14 layers at ${width} px`);
    const summary = await page.evaluate(() => document.querySelector('[data-widget="grad-bars"]').actlabWidget.summary());
    for (const name of ['layer 1 ', 'layer 14 ', 'output ']) assert.ok(summary.includes(name), `the summary names ${name.trim()}`);
  }
  assert.deepEqual(takeProblems(), []);
  await page.close();
});

const widgetSnapshot = (page, name) => page.evaluate((n) => document.querySelector(`[data-widget="${n}"]`).actlabWidget.snapshot(), name);
const widgetNote = (page, name) => page.evaluate((n) => document.querySelector(`[data-widget="${n}"]`).actlabWidget.note, name);

test('dead and inactive units read "k of n" per layer on whole-number axes; saturation is "not applicable" for ReLU-like layers, and for null', async () => {
  const page = await newPage();
  // lr 3 kills many ReLU units; the leaky_relu layer keeps its gradient but has inactive units.
  await open(page, '#v=1&panel=train&lang=en&layers=16:relu,16:relu,16:leaky_relu&lr=3');
  await trainSteps(page, 1000);
  await page.locator('[data-widget="dead-units"]').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  const units = await widgetSnapshot(page, 'dead-units');
  assert.equal(units.layers.length, 3);
  let deadSeen = 0;
  units.layers.forEach((layer, l) => {
    const match = /^layer (\d): (\d+) of 16 dead · (\d+) of 16 inactive$/.exec(layer.caption);
    assert.ok(match, `caption "${layer.caption}"`);
    assert.equal(Number(match[1]), l + 1);
    const dead = units.series[2 * l].values.at(-1);
    const inactive = units.series[2 * l + 1].values.at(-1);
    assert.equal(Number(match[2]), dead, 'the caption says the last dead count');
    assert.equal(Number(match[3]), inactive, 'the caption says the last inactive count');
    assert.equal(layer.units, 16);
    assert.ok(layer.ticks.every(Number.isInteger) && layer.ticks[0] === 0 && layer.ticks.at(-1) === 16, `ticks ${layer.ticks}`);
    deadSeen += dead;
  });
  console.log(`  captions: ${units.layers.map((layer) => layer.caption).join(' | ')}`);
  assert.ok(deadSeen > 0, 'lr 3 leaves dead ReLU units');
  assert.equal(units.series[4].values.at(-1), 0, 'no dead leaky_relu unit');
  // What a reader sees: the counts as text next to each small chart, and a legend naming both marks.
  const shown = await page.locator('[data-widget="dead-units"] .unit-counts-count').allTextContents();
  assert.ok(shown.some((text) => /^\d+ of 16 dead$/.test(text)) && shown.some((text) => /^\d+ of 16 inactive$/.test(text)), shown.join(', '));
  assert.equal(await page.locator('[data-widget="dead-units"] .unit-counts-key').count(), 2);

  const saturation = await widgetSnapshot(page, 'saturation');
  assert.equal(saturation.series.length, 0, 'no saturated fraction drawn for ReLU-like layers');
  const note = await widgetNote(page, 'saturation');
  assert.match(note, /^Not applicable to layer 1 \(ReLU\), layer 2 \(ReLU\), layer 3 \(Leaky ReLU\): .*switches a unit off/);
  assert.ok(await page.isVisible('[data-widget="saturation"] .plot-note'));

  // A sigmoid layer shows its saturated fraction; if the trainer reports null for it, it reads "not applicable".
  await open(page, '#v=1&panel=train&lang=en&layers=4:sigmoid,4:relu');
  await trainSteps(page, 20);
  const mixed = await widgetSnapshot(page, 'saturation');
  assert.deepEqual(mixed.series.map((s) => s.label), ['layer 1']);
  assert.match(await widgetNote(page, 'saturation'), /^Not applicable to layer 2 \(ReLU\)/);
  const nullNote = await page.evaluate(() => {
    const panel = document.getElementById('panel-train').actlabPanel;
    const history = new panel.history.constructor();
    const layer = (saturatedFraction) => ({
      units: 4, gradNorm: 0.1, weightNorm: 1, updateRatio: 0.01, deadUnits: 0, inactiveUnits: 0, saturatedFraction,
      preactMean: 0, preactStd: 1, histogram: { lo: -1, hi: 1, counts: [1, 2, 1] },
    });
    const metrics = { step: 1, loss: 0.7, testLoss: 0.7, accuracy: 0.5, testAccuracy: 0.5, status: 'running', layers: [layer(null), layer(null), layer(null)] };
    history.add(metrics);
    panel.charts.update(history, metrics, null, null);
    return document.querySelector('[data-widget="saturation"]').actlabWidget.note;
  });
  assert.match(nullNote, /Not applicable to layer 1 \(Sigmoid\): the trainer does not measure saturation/);

  // In Chinese.
  await open(page, '#v=1&panel=train&lang=zh&layers=16:relu&lr=3');
  await trainSteps(page, 200);
  const zh = await widgetSnapshot(page, 'dead-units');
  assert.match(zh.layers[0].caption, /^第 1 层：16 个中 \d+ 个死亡 · 16 个中 \d+ 个不活跃$/);
  assert.match(await widgetNote(page, 'saturation'), /^第 1 层 \(ReLU\)不适用/);
  assert.deepEqual(takeProblems(), []);
  await page.close();
});

const exploreSnapshot = (page) => page.evaluate(() => document.getElementById('chart').actlabChart.snapshot());

test("Explore: f″ has a gap at ReLU's kink and a y range its spike cannot stretch; the shading has a legend; an invalid z range says so (en, zh)", async () => {
  const page = await newPage();
  await open(page, '#v=1&panel=explore&lang=en&fns=tanh,relu&d2=1');
  await page.waitForFunction(() => document.getElementById('chart').actlabChart.snapshot().series.length === 6);
  const shown = await exploreSnapshot(page);
  const second = shown.series.find((s) => s.label === 'ReLU f″').values;
  const kink = shown.x.findIndex((z) => z === 0);
  assert.ok(kink > 0, 'z = 0 is a grid point');
  // NaN: the gap.
  const gap = (v) => v === null || Number.isNaN(v);
  assert.ok(gap(second[kink]) || gap(second[kink + 1]), `f″ at the kink: ${second[kink]}, ${second[kink + 1]}`);
  const finite = second.filter((v) => !gap(v));
  assert.ok(finite.length > 790, `${finite.length} finite samples`);
  assert.equal(Math.max(...finite.map(Math.abs)), 0, "ReLU's f″ is 0 away from the kink");
  const scale = await page.evaluate(() => {
    const plot = document.querySelector('#chart .uplot').actlabPlot;
    return [plot.scales.y.min, plot.scales.y.max];
  });
  console.log(`  y axis ${scale[0].toFixed(3)} .. ${scale[1].toFixed(3)}; range given ${shown.yRange.map((v) => v.toFixed(3)).join(' .. ')}`);
  assert.ok(scale[1] >= 5 && scale[1] < 6, `the y axis reaches ReLU's 5 and not much more: ${scale[1]}`);
  assert.ok(scale[0] <= -1 && scale[0] > -2, `tanh reaches -1: ${scale[0]}`);

  // The legend of the shading: what it means, and for each shaded activation what it is there.
  const legend = await page.textContent('#shade-legend');
  assert.match(legend, /Shaded: where \|f′\| is below 1% of its largest value/);
  assert.match(legend, /Tanh: saturated/);
  assert.match(legend, /ReLU: flat where it switches a unit off \(not saturation\)/);
  await page.getByLabel(/shade where/).uncheck();
  await page.waitForFunction(() => document.getElementById('shade-legend').hidden);

  // z to 1 (valid: −5..1), then z from 3: said next to the fields; the chart and the link keep −5..1.
  await page.fill('#explore-z-max', '1');
  await page.locator('#explore-z-max').blur();
  await page.waitForFunction(() => location.hash.includes('zmax=1'));
  await page.fill('#explore-z-min', '3');
  await page.locator('#explore-z-min').blur();
  await page.waitForSelector('#explore-z-error:not([hidden])');
  assert.equal(await page.textContent('#explore-z-error'), 'z from must be less than z to (3 is not less than 1). The chart keeps z from -5 to 1.');
  assert.equal(await page.getAttribute('#explore-z-min', 'aria-invalid'), 'true');
  const kept = await exploreSnapshot(page);
  assert.deepEqual([kept.x[0], kept.x.at(-1)], [-5, 1]);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /zmin=3/);
  // A valid range clears it.
  await page.fill('#explore-z-max', '4');
  await page.locator('#explore-z-max').blur();
  await page.waitForFunction(() => document.getElementById('chart').actlabChart.snapshot().x[0] === 3);
  assert.equal(await page.isHidden('#explore-z-error'), true);
  await page.waitForFunction(() => location.hash.includes('zmin=3') && location.hash.includes('zmax=4'));
  // An empty field.
  await page.fill('#explore-z-min', '');
  await page.locator('#explore-z-min').blur();
  await page.waitForSelector('#explore-z-error:not([hidden])');
  assert.match(await page.textContent('#explore-z-error'), /^Enter a number in both z fields\. The chart keeps z from 3 to 4\.$/);

  await open(page, '#v=1&panel=explore&lang=zh&fns=tanh,relu');
  assert.match(await page.textContent('#shade-legend'), /阴影：\|f′\| 小于其最大值 1% 的区域/);
  await page.fill('#explore-z-min', '5');
  await page.locator('#explore-z-min').blur();
  await page.waitForSelector('#explore-z-error:not([hidden])');
  assert.equal(await page.textContent('#explore-z-error'), '“z 从”必须小于“到”（5 不小于 5）。图表保持 z 从 -5 到 5。');
  await page.screenshot({ path: 'test-results/readable-explore-zh.png' });
  assert.deepEqual(takeProblems(), []);
  await page.close();
});

test('slider steps give round values, read out with their decimals, in Explore and in the Train form', async () => {
  const page = await newPage();
  await open(page, '#v=1&panel=explore&lang=en&fns=elu,leaky_relu');
  const alpha = page.locator('input[data-param="elu/alpha"]');
  assert.equal(await alpha.getAttribute('step'), '0.05');
  await alpha.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => location.hash.includes('p=elu.alpha:1.15'));
  assert.equal(await page.evaluate(() => document.getElementById('panel-explore').actlabPanel.state.params.elu.alpha), 1.15);
  assert.equal(await alpha.locator('xpath=following-sibling::output').textContent(), '1.15');
  const slope = page.locator('input[data-param="leaky_relu/negative_slope"]');
  assert.equal(await slope.getAttribute('step'), '0.01');
  assert.equal(await slope.locator('xpath=following-sibling::output').textContent(), '0.01');
  await slope.focus();
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.getElementById('panel-explore').actlabPanel.state.params.leaky_relu.negative_slope === 0.08);
  assert.equal(await slope.locator('xpath=following-sibling::output').textContent(), '0.08');

  await open(page, '#v=1&panel=train&lang=en&layers=8:leaky_relu,8:elu');
  await page.waitForSelector('body[data-train-ready="true"]', { timeout: 30_000 });
  const trainSlope = page.locator('#train-model-layers-0-params-negative_slope');
  assert.equal(await trainSlope.getAttribute('step'), '0.01');
  await trainSlope.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.getElementById('panel-train').actlabPanel.config.model.layers[0].params?.negative_slope === 0.05);
  assert.equal(await page.locator('#train-model-layers-0-params-negative_slope ~ output').textContent(), '0.05');
  assert.equal(await page.locator('#train-model-layers-1-params-alpha ~ output').textContent(), '1.00');
  assert.deepEqual(takeProblems(), []);
  await page.close();
});

const PHONE = { width: 390, height: 844 };

/** Every visible control whose box is under 24×24 CSS px, described. */
function smallTapTargets(page) {
  return page.evaluate(() => {
    const small = [];
    let measured = 0;
    for (const node of document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary')) {
      const rect = node.getBoundingClientRect();
      const style = getComputedStyle(node);
      // Visible: laid out, not hidden, not clipped away (the visually-hidden pattern), not in a closed <details>.
      if (rect.width === 0 || rect.height === 0 || style.visibility === 'hidden' || node.closest('[hidden], .visually-hidden')) continue;
      if (rect.width <= 1 && rect.height <= 1) continue;
      measured++;
      if (rect.width < 24 || rect.height < 24) {
        const name = node.id ? `#${node.id}` : node.className ? `.${String(node.className).split(' ')[0]}` : '';
        const type = node instanceof HTMLInputElement ? `[${node.type}]` : '';
        small.push(`${node.tagName.toLowerCase()}${type}${name} "${(node.textContent || node.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${rect.width.toFixed(1)}×${rect.height.toFixed(1)}`);
      }
    }
    return { small, measured };
  });
}

test('at 390×844 every visible button, link, input, select and checkbox is at least 24×24 px, on every route', async () => {
  const page = await newPage(PHONE);
  const routes = [
    '#v=1&lang=en',
    '#v=1&panel=explore&lang=en&fns=sigmoid,relu,leaky_relu,elu',
    '#v=1&panel=train&lang=en&layers=8:leaky_relu,8:relu',
    '#v=1&panel=compare&lang=en',
    '#v=1&lesson=dying-relu&lang=en',
  ];
  const found = [];
  for (const hash of routes) {
    await open(page, hash);
    await page.waitForTimeout(500);
    // Open every closed section, so the controls inside are measured too.
    await page.evaluate(() => document.querySelectorAll('details:not([open])').forEach((details) => (details.open = true)));
    await page.waitForTimeout(200);
    const { small, measured } = await smallTapTargets(page);
    console.log(`  ${hash}: ${measured} controls measured, ${small.length} under 24 px`);
    assert.ok(measured > 5, `${hash}: controls were measured`);
    found.push(...small.map((text) => `${hash}: ${text}`));
  }
  assert.deepEqual(found, [], 'tap targets under 24×24 px');
  assert.deepEqual(takeProblems(), []);
  await page.close();
});

test('at 390×844 the Train panel shows Play and the decision map on the first screen, its settings in closed sections (en, zh); open on a wide screen', async () => {
  for (const lang of ['en', 'zh']) {
    const page = await newPage(PHONE);
    await open(page, `#v=1&panel=train&lang=${lang}`);
    await page.waitForSelector('body[data-train-ready="true"]', { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-widget="decision"]').actlabWidget.snapshot().train > 0);
    const boxes = await page.evaluate(() => {
      const box = (selector) => {
        const rect = document.querySelector(selector).getBoundingClientRect();
        return { top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right };
      };
      return {
        scrollY: window.scrollY,
        play: box('.train-play'),
        map: box('[data-widget="decision"] canvas'),
        sections: [...document.querySelectorAll('.train-section')].map((details) => details.open),
      };
    });
    console.log(`  ${lang}: Play ${boxes.play.top.toFixed(0)}–${boxes.play.bottom.toFixed(0)} px, decision map ${boxes.map.top.toFixed(0)}–${boxes.map.bottom.toFixed(0)} px of 844`);
    assert.equal(boxes.scrollY, 0);
    for (const [name, box] of Object.entries({ play: boxes.play, map: boxes.map })) {
      assert.ok(box.top >= 0 && box.bottom <= PHONE.height && box.left >= 0 && box.right <= PHONE.width, `${name} on the first screen: ${JSON.stringify(box)}`);
    }
    assert.deepEqual(boxes.sections, [false, false, false], 'the settings start closed');
    await page.screenshot({ path: `test-results/readable-train-phone-${lang}.png` });
    // A section opens on a tap of its summary and shows its fields.
    await page.click('.train-section[data-section="train.data"] > summary');
    assert.equal(await page.isVisible('#train-data-n'), true);
    await page.close();
  }
  const wide = await newPage();
  await open(wide, '#v=1&panel=train&lang=en');
  assert.deepEqual(await wide.evaluate(() => [...document.querySelectorAll('.train-section')].map((details) => details.open)), [true, true, true]);
  assert.equal(await wide.isVisible('#train-data-n'), true);
  await wide.close();
  assert.deepEqual(takeProblems(), []);
});

test("Compare's summary table shows that it scrolls when wider than the screen: edge shadows, a hint, keyboard focus", async () => {
  const page = await newPage(PHONE);
  await open(page, '#v=1&panel=compare&lang=en&seed=4&n=200&cmp=sigmoid,relu,leaky_relu&cseeds=3&csteps=60');
  await page.click('#compare-run');
  await page.waitForSelector('.compare-panel[data-phase="done"]', { timeout: 120_000 });
  await page.locator('.table-wrap').scrollIntoViewIfNeeded();
  const state = () =>
    page.evaluate(() => {
      const wrap = document.querySelector('.table-wrap');
      return {
        overflow: wrap.scrollWidth - wrap.clientWidth,
        more: wrap.dataset.more,
        tabIndex: wrap.tabIndex,
        hint: document.getElementById('compare-scroll-hint').hidden ? null : document.getElementById('compare-scroll-hint').textContent,
        background: getComputedStyle(wrap).backgroundImage,
        title: document.querySelector('.compare-table-title').textContent,
      };
    });
  const narrow = await state();
  console.log(`  390 px: the table is ${narrow.overflow} px wider than its box; more to the ${narrow.more}`);
  assert.ok(narrow.overflow > 20, `the table overflows at 390 px by ${narrow.overflow}`);
  assert.equal(narrow.more, 'right');
  assert.equal(narrow.hint, 'The table is wider than the screen: scroll it sideways to see every column.');
  assert.equal(narrow.tabIndex, 0, 'the scrolling box takes keyboard focus');
  assert.equal((narrow.background.match(/radial-gradient/g) ?? []).length, 2, 'edge shadows');
  assert.match(narrow.title, /^Summary at the last step/);
  const top = await page.locator('.compare-table-title').boundingBox();
  const table = await page.locator('.table-wrap').boundingBox();
  await page.screenshot({ path: 'test-results/readable-compare-table-phone.png', fullPage: true, clip: { x: 0, y: top.y + (await page.evaluate(() => scrollY)) - 8, width: PHONE.width, height: table.y + table.height - top.y + 16 } });
  // Scrolled to the end, the shadow (and data-more) moves to the left.
  await page.evaluate(() => {
    const wrap = document.querySelector('.table-wrap');
    wrap.scrollLeft = wrap.scrollWidth;
  });
  await page.waitForFunction(() => document.querySelector('.table-wrap').dataset.more === 'left');
  // The keyboard scrolls it back.
  await page.focus('.table-wrap');
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.querySelector('.table-wrap').scrollLeft < 5);
  // On a wide screen the table fits: no hint, no shadow state, not in the tab order.
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.waitForFunction(() => document.querySelector('.table-wrap').dataset.more === 'none');
  const wide = await state();
  assert.equal(wide.hint, null);
  assert.equal(wide.tabIndex, -1);
  assert.deepEqual(takeProblems(), []);
  await page.close();
});

test('on a touch screen the hints say "tap" and "swipe" (en, zh); with a mouse "hover" and "scroll"', async () => {
  const touch = await launchChromium('actlab-readable-touch-', { viewport: PHONE, hasTouch: true, isMobile: true });
  try {
    const page = watchPage(await touch.browser.newPage(), new URL(server.url).origin, problems);
    await open(page, '#v=1&panel=explore&lang=en');
    assert.equal(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), true);
    assert.equal(await page.textContent('#chart-readout'), 'Tap the chart to read its values; type z from and to above to zoom.');
    assert.match(await page.textContent('.explore-panel aside .hint'), /^Tap the chart/);
    await open(page, '#v=1&panel=compare&lang=en');
    assert.match(await page.textContent('#compare-scroll-hint'), /swipe it sideways/);
    await open(page, '#v=1&panel=explore&lang=zh');
    assert.equal(await page.textContent('#chart-readout'), '轻点图表可查看数值；在上方输入 z 的范围可放大。');
    await open(page, '#v=1&panel=compare&lang=zh');
    assert.match(await page.textContent('#compare-scroll-hint'), /左右滑动/);
    // A tap on the chart reads out the values under the finger.
    await open(page, '#v=1&panel=explore&lang=en');
    await page.locator('#chart').scrollIntoViewIfNeeded();
    const box = await page.locator('#chart .u-over').boundingBox();
    await page.touchscreen.tap(box.x + box.width * 0.6, box.y + box.height / 2);
    await page.waitForFunction(() => document.getElementById('chart-readout').textContent.startsWith('z = '));
    await page.close();
  } finally {
    await touch.close();
  }
  const mouse = await newPage();
  await open(mouse, '#v=1&panel=explore&lang=en');
  assert.match(await mouse.textContent('#chart-readout'), /hover for values/);
  await open(mouse, '#v=1&panel=compare&lang=en');
  assert.match(await mouse.textContent('#compare-scroll-hint'), /scroll it sideways/);
  await mouse.close();
  assert.deepEqual(takeProblems(), []);
});
