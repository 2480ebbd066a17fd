// page.test.mjs — the page shell, Explore, Compare, the URL state, export and
// languages, end to end in headless Chromium against the built site
// (dist/site, or ACTLAB_SITE_DIR), served from a sub-path by a plain static
// server that sends the strict CSP header (static-server.mjs):
//   - the page loads with no console error, failed request or request leaving
//     the origin, and says whether SIMD is in use; arrow keys move between tabs;
//   - Explore draws the curves (chart data checked) and a slider changes them;
//   - Compare finishes and fills the summary table;
//   - the shared URL, opened in a new page, reproduces the same metrics;
//   - a hostile hash shows an error naming the fields and runs no script;
//   - switching to 中文 changes the labels (and is remembered);
//   - exports: PNG of a chart, the PyTorch script of a trained model.
// Screenshots of each panel go to test-results/ (1280 and 360 px wide).
//   node --test tests/e2e/page.test.mjs
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { launchChromium, watchPage } from './browser.mjs';
import { serveStatic } from './static-server.mjs';

const SITE = process.env.ACTLAB_SITE_DIR ?? 'dist/site';
mkdirSync('test-results', { recursive: true });

let server;
let chromiumSession;
const problems = [];

before(async () => {
  server = await serveStatic(SITE);
  chromiumSession = await launchChromium('actlab-page-e2e-', { viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
});

after(async () => {
  await chromiumSession?.close();
  await server?.close();
});

/** A new tab that records console errors, page errors, failed requests, HTTP errors and requests leaving the origin. */
async function newPage() {
  return watchPage(await chromiumSession.browser.newPage(), new URL(server.url).origin, problems);
}

/** A fresh load of the page at `hash` (a hash change alone would not reload it). */
async function open(page, hash = '') {
  await page.goto('about:blank');
  await page.goto(server.url + hash);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
}

function takeProblems() {
  const found = problems.splice(0);
  return found;
}

const chartSnapshot = (page) => page.evaluate(() => document.getElementById('chart').actlabChart.snapshot());

test('the page loads cleanly from a sub-path under the strict CSP and says whether SIMD is in use', async () => {
  const page = await newPage();
  await open(page);
  const status = await page.textContent('#engine-status');
  assert.match(status, /SIMD/);
  assert.ok(['true', 'false'].includes(await page.getAttribute('body', 'data-simd')));
  // The hash is written at once, versioned, with the language and the seed.
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /^#v=1&panel=home&lang=en&seed=1&/);
  // The front door: what the lab is, and the lessons.
  assert.match(await page.textContent('#home-tagline'), /activation functions/);
  assert.equal(await page.locator('.lesson-card').count(), 8);
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results/page-home.png', fullPage: true });

  // Keyboard: arrow keys move between the tabs and show their panels.
  await page.focus('#tab-home');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-explore');
  assert.equal(await page.isVisible('#panel-explore'), true);
  assert.equal(await page.isHidden('#panel-home'), true);
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-train');
  assert.equal(await page.isVisible('#panel-train'), true);
  assert.equal(await page.isHidden('#panel-explore'), true);
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-compare');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-home');
  await page.keyboard.press('End');
  assert.equal(await page.getAttribute('#tab-compare', 'aria-selected'), 'true');
  await page.keyboard.press('Home');
  assert.equal(await page.getAttribute('#tab-home', 'aria-selected'), 'true');
  assert.deepEqual(takeProblems(), []);
  await page.close();
});

test('Explore draws f and f′ with the saturation shaded, and moving a slider changes the curve', async () => {
  const page = await newPage();
  await open(page, '#v=1&panel=explore&fns=sigmoid,relu,leaky_relu');
  await page.waitForFunction(() => document.getElementById('chart').actlabChart.snapshot().series.length === 6);
  const before = await chartSnapshot(page);
  assert.deepEqual(before.series.map((s) => s.label), ['Sigmoid', 'Sigmoid f′', 'ReLU', 'ReLU f′', 'Leaky ReLU', 'Leaky ReLU f′']);
  assert.equal(before.x.length, 801);
  const at = (snapshot, label, z) => snapshot.series.find((s) => s.label === label).values[snapshot.x.findIndex((x) => Math.abs(x - z) < 1e-6)];
  assert.ok(Math.abs(at(before, 'Sigmoid', 0) - 0.5) < 1e-6);
  assert.ok(Math.abs(at(before, 'Sigmoid f′', 0) - 0.25) < 1e-6);
  assert.equal(at(before, 'ReLU', -2), 0);
  // ReLU (and leaky ReLU, |f'| = 0.01 < 1% of 1 is false: exactly 1%) saturate for z < 0.
  assert.ok(before.shades.some((shade) => shade.from <= -4.99 && Math.abs(shade.to) < 0.02), JSON.stringify(before.shades));
  const slopeBefore = at(before, 'Leaky ReLU', -4);
  assert.ok(Math.abs(slopeBefore - -0.04) < 1e-6);

  // Keyboard on the negative_slope slider: each ArrowRight adds one step (0.01, slider-step.ts).
  const slider = page.locator('input[data-param="leaky_relu/negative_slope"]');
  await slider.focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction((old) => {
    const s = document.getElementById('chart').actlabChart.snapshot();
    return s.series.find((c) => c.label === 'Leaky ReLU').values[100] !== old;
  }, before.series[4].values[100]);
  const afterMove = await chartSnapshot(page);
  assert.ok(at(afterMove, 'Leaky ReLU', -4) < slopeBefore, 'a larger slope makes f(-4) more negative');
  await page.waitForFunction(() => location.hash.includes('p=leaky_relu.negative_slope:'));

  // Hover read-out: z, f and f′ of each curve under the cursor.
  await page.locator('#chart').scrollIntoViewIfNeeded();
  const box = await page.locator('#chart .u-over').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForFunction(() => document.getElementById('chart-readout').textContent.startsWith('z = '));
  assert.match(await page.textContent('#chart-readout'), /Sigmoid: f = [\d.]+, f′ = [\d.]+/);

  // Drag to zoom: the range becomes the selection and the curves are resampled; reset restores ±5.
  await page.mouse.move(box.x + box.width * 0.5, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.75, box.y + 40, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => document.getElementById('chart').actlabChart.snapshot().x[0] > -0.5);
  const zoomed = await chartSnapshot(page);
  assert.ok(zoomed.x[0] > -0.5 && zoomed.x.at(-1) < 3.5, `${zoomed.x[0]}..${zoomed.x.at(-1)}`);
  await page.click('#explore-reset-zoom');
  await page.waitForFunction(() => document.getElementById('chart').actlabChart.snapshot().x[0] === -5);

  // The second derivative, and the PNG export of the chart.
  await page.getByLabel(/show f″/).check();
  await page.waitForFunction(() => document.getElementById('chart').actlabChart.snapshot().series.length === 9);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.explore-figure .png-button')]);
  const png = readFileSync(await download.path());
  assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  assert.ok(png.length > 5000);
  await page.screenshot({ path: 'test-results/page-explore-slider.png', fullPage: true });
  assert.deepEqual(takeProblems(), []);
  await page.close();
});

const COMPARE_HASH = '#v=1&panel=compare&seed=4&data=moons&n=300&layers=8:relu,8:relu&lr=0.2&cmp=sigmoid,relu,leaky_relu&cseeds=3&csteps=150';

async function runCompare(page) {
  await page.waitForSelector('.compare-panel');
  await page.click('#compare-run');
  await page.waitForSelector('.compare-panel[data-phase="done"]', { timeout: 120_000 });
  return page.evaluate(() => ({
    rows: [...document.querySelectorAll('#compare-summary tbody tr')].map((row) => [...row.cells].map((cell) => cell.textContent)),
    loss: document.querySelector('[data-widget="compare-loss"]').actlabWidget.snapshot(),
    dead: document.querySelector('[data-widget="compare-dead"]').actlabWidget.snapshot(),
    hash: location.hash,
  }));
}

let comparison;

test('Compare runs every activation with 3 seeds in workers, draws mean and band, and fills the summary table', async () => {
  const page = await newPage();
  await open(page, COMPARE_HASH);
  assert.equal(await page.getAttribute('#tab-compare', 'aria-selected'), 'true');
  comparison = await runCompare(page);
  assert.equal(comparison.rows.length, 3);
  assert.deepEqual(comparison.rows.map((row) => row[0]), ['Sigmoid', 'ReLU', 'Leaky ReLU']);
  for (const row of comparison.rows) {
    assert.equal(row.length, 5);
    assert.match(row[1], /^\d/, `final loss of ${row[0]}: ${row[1]}`);
  }
  assert.equal(comparison.loss.groups.length, 3);
  assert.equal(comparison.loss.x.at(-1), 150);
  for (const group of comparison.loss.groups) {
    group.mean.forEach((mean, i) => {
      if (mean === null) return;
      assert.ok(group.min[i] <= mean + 1e-12 && mean <= group.max[i] + 1e-12);
    });
  }
  assert.match(await page.textContent('.compare-status'), /9/);
  assert.equal(await page.getAttribute('.compare-progress', 'value'), '9');
  await page.screenshot({ path: 'test-results/page-compare.png', fullPage: true });
  await page.setViewportSize({ width: 360, height: 900 });
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px at 360px`);
  await page.screenshot({ path: 'test-results/page-compare-360.png', fullPage: true });
  assert.deepEqual(takeProblems(), []);
  await page.close();
});

test('the shared URL, opened in a new page, reproduces the same metrics', async () => {
  assert.ok(comparison, 'needs the Compare test');
  const page = await newPage();
  await open(page, comparison.hash);
  const again = await runCompare(page);
  assert.equal(again.hash, comparison.hash);
  assert.deepEqual(again.rows, comparison.rows);
  assert.deepEqual(again.loss, comparison.loss);
  assert.deepEqual(again.dead, comparison.dead);

  // Train: the same link gives the same metrics after the same steps.
  const trainMetrics = async (target) => {
    await open(target, comparison.hash.replace('panel=compare', 'panel=train'));
    await target.waitForSelector('body[data-train-ready="true"]');
    await target.waitForFunction(() => document.querySelector('.train-panel')?.dataset.state === 'idle');
    for (let i = 0; i < 5; i++) {
      await target.click('.train-step');
      await target.waitForFunction((n) => document.getElementById('panel-train').actlabPanel.metrics?.step === n, i + 1);
    }
    return target.evaluate(() => document.getElementById('panel-train').actlabPanel.metrics);
  };
  const first = await trainMetrics(page);
  const second = await trainMetrics(await newPage());
  assert.equal(first.step, 5);
  assert.deepEqual(second, first);
  assert.deepEqual(takeProblems(), []);
  await page.close();
});

test('a hostile hash shows an error naming the bad fields, falls back to defaults and runs no script', async () => {
  const page = await newPage();
  await page.addInitScript(() => {
    window.__pwned = 0;
  });
  const hostile =
    '#v=1&panel=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E&seed=1e999&n=%22abc%22&lr=%5B1%5D' +
    '&layers=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D2%22%3E&fns=%3Csvg%20onload%3Dwindow.__pwned%3D3%3E' +
    '&%3Cb%3Ebold%3C%2Fb%3E=1&zmax=999999999999';
  await open(page, hostile);
  assert.equal(await page.isVisible('#state-errors'), true);
  const text = await page.textContent('#state-errors');
  for (const field of ['"panel"', '"seed"', '"n"', '"lr"', '"layers"', '"fns"', '"zmax"', '"<b>bold</b>"']) assert.ok(text.includes(field), `${field} in: ${text}`);
  // The value given is shown too, as text.
  assert.ok(text.includes('"<script>window.__pwned=1</script>"'), text);
  assert.equal(await page.evaluate(() => window.__pwned), 0);
  assert.equal(await page.locator('#state-errors *:is(script, img, svg, b)').count(), 0);
  assert.equal(await page.locator('body img, body script:not([src])').count(), 0);
  // Defaults in force: the front door, and Explore's default curves.
  assert.equal(await page.getAttribute('#tab-home', 'aria-selected'), 'true');
  await page.click('#tab-explore');
  await page.waitForFunction(() => document.getElementById('chart').actlabChart.snapshot().series.length === 6);
  await page.screenshot({ path: 'test-results/page-hostile-hash.png', fullPage: true });

  // Well-typed but out of range for the experiment: the C++ parser's message, and the default experiment.
  await open(page, '#v=1&n=100000000');
  const configError = await page.textContent('#state-errors');
  assert.match(configError, /\bn\b.*100000/);
  assert.match(await page.evaluate(() => location.hash), /&n=400&/);
  assert.deepEqual(takeProblems(), []);
  await page.close();
});

test('exports: the trained model as a PyTorch script and the metrics as CSV', async () => {
  const page = await newPage();
  await open(page, '#v=1&panel=train&seed=2&layers=4:prelu,3:leaky_relu:negative_slope=0.2');
  await page.waitForFunction(() => document.querySelector('.train-panel')?.dataset.state === 'idle');
  for (let i = 0; i < 3; i++) {
    await page.click('.train-step');
    await page.waitForFunction((n) => document.getElementById('panel-train').actlabPanel.metrics?.step === n, i + 1);
  }
  const [script] = await Promise.all([page.waitForEvent('download'), page.click('#train-export-pytorch')]);
  const text = readFileSync(await script.path(), 'utf8');
  assert.match(text, /nn\.PReLU\(num_parameters=4, init=0\.25\)/);
  assert.match(text, /nn\.LeakyReLU\(negative_slope=0\.2\)/);
  assert.match(text, /after 3 steps/);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#train-export-csv')]);
  const lines = readFileSync(await csv.path(), 'utf8').trim().split('\n');
  assert.match(lines[0], /^step,loss,testLoss,accuracy,testAccuracy,layer1\.gradNorm/);
  assert.ok(lines.length >= 4);
  await page.screenshot({ path: 'test-results/page-train.png', fullPage: true });
  assert.deepEqual(takeProblems(), []);
  await page.close();
});

test('switching to 中文 re-labels the page in place: no reload, the state and a running run kept, the link carries it', async () => {
  const page = await newPage();
  await open(page, '#v=1&panel=train&cseeds=4');
  assert.equal(await page.textContent('#tab-train'), 'Train');
  await page.waitForFunction(() => document.querySelector('.train-panel')?.dataset.state === 'idle');
  await page.click('.train-play');
  await page.waitForFunction(() => (document.getElementById('panel-train').actlabPanel.metrics?.step ?? 0) >= 10);
  await page.evaluate(() => (window.__sameDocument = true));
  await page.selectOption('#language', 'zh');
  await page.waitForFunction(() => document.getElementById('tab-train').textContent === '训练');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page did not reload');
  assert.equal(await page.textContent('#tab-explore'), '探索');
  assert.equal(await page.textContent('#tab-compare'), '比较');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
  assert.match(await page.textContent('#engine-status'), /SIMD/);
  assert.match(await page.evaluate(() => location.hash), /&lang=zh&/);
  // The run went on through the switch, and the Train panel speaks Chinese.
  const stepAfterSwitch = await page.evaluate(() => document.getElementById('panel-train').actlabPanel.metrics.step);
  await page.waitForFunction((n) => document.getElementById('panel-train').actlabPanel.metrics.step > n + 10, stepAfterSwitch);
  assert.equal(await page.textContent('.train-play'), '暂停');
  await page.click('#tab-compare');
  assert.equal(await page.inputValue('#compare-seeds'), '4');
  await page.screenshot({ path: 'test-results/page-compare-zh.png', fullPage: true });

  // Remembered for links that do not say: a new page opens in Chinese.
  const other = await newPage();
  await open(other, '#v=1&panel=explore');
  assert.equal(await other.textContent('#tab-explore'), '探索');
  assert.match(await other.textContent('.explore-figure figcaption'), /导数/);
  // Numbers and TeX are unaffected: the formula cards still hold KaTeX.
  await other.waitForSelector('.formula .katex');
  await other.selectOption('#language', 'en');
  await other.waitForFunction(() => document.getElementById('tab-explore').textContent === 'Explore');
  assert.match(await other.textContent('.explore-figure figcaption'), /derivatives/);
  assert.deepEqual(takeProblems(), []);
  await page.close();
  await other.close();
});

test('a link\'s lang wins over the stored choice, and an unknown lang or lesson is named and the rest kept', async () => {
  const page = await newPage();
  await open(page, '#v=1&panel=explore');
  await page.evaluate(() => localStorage.setItem('actlab.language', 'en'));
  await open(page, '#v=1&lang=zh&panel=explore');
  assert.equal(await page.textContent('#tab-explore'), '探索');
  await page.evaluate(() => localStorage.setItem('actlab.language', 'zh'));
  await open(page, '#v=1&lang=en&panel=explore');
  assert.equal(await page.textContent('#tab-explore'), 'Explore');

  await page.evaluate(() => localStorage.setItem('actlab.language', 'en'));
  await open(page, '#v=1&lang=fr&lesson=no-such-lesson&panel=train&seed=7');
  const text = await page.textContent('#state-errors');
  assert.match(text, /"fr"/);
  assert.match(text, /"no-such-lesson"/);
  assert.match(text, /dying-relu/);
  // The rest of the link is kept: the Train panel with seed 7.
  assert.equal(await page.getAttribute('#tab-train', 'aria-selected'), 'true');
  assert.match(await page.evaluate(() => location.hash), /&seed=7&/);
  // A link of another version is ignored with a message.
  await open(page, '#v=2&panel=train');
  assert.match(await page.textContent('#state-errors'), /v=1/);
  assert.equal(await page.getAttribute('#tab-home', 'aria-selected'), 'true');
  assert.deepEqual(takeProblems(), []);
  await page.close();
});

test('at 360 px wide every panel fits without sideways scrolling', async () => {
  const page = await newPage();
  await page.setViewportSize({ width: 360, height: 800 });
  for (const panel of ['explore', 'train']) {
    await open(page, `#v=1&panel=${panel}`);
    await page.waitForTimeout(400);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `${panel} scrolls sideways by ${overflow}px`);
    await page.screenshot({ path: `test-results/page-${panel}-360.png`, fullPage: true });
  }
  // Dark scheme and reduced motion, as the system asks.
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await page.setViewportSize({ width: 1280, height: 1000 });
  await open(page, '#v=1&panel=explore&fns=tanh,elu,softplus&d2=1');
  await page.waitForTimeout(400);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(background, 'rgb(246, 247, 249)');
  await page.screenshot({ path: 'test-results/page-explore-dark.png', fullPage: true });
  assert.deepEqual(takeProblems(), []);
  await page.close();
});
