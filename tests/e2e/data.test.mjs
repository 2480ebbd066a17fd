// data.test.mjs — the user's own data in Train (issue 14), end to end in
// headless Chromium against the built site under the strict CSP:
//   - Draw: clicks on the decision map add points of the chosen class, a drag
//     erases the points it passes over, and the drawn set trains;
//   - the drawn set travels in the link (`pts`) and comes back from it; a bad
//     `pts` is named in the banner while the rest of the link is used;
//   - a CSV uploaded with setInputFiles is read in the lib's worker: class
//     names and dropped rows are shown, another label column can be chosen,
//     and it trains; it is kept in localStorage and the page says the link
//     does not carry it;
//   - refused CSVs (a ragged row, "abc" in a number column) show the C++
//     reader's message with line and column, and the data and the run stay;
//   - a dataset whose file is wrong says it could not be loaded; digits is
//     loaded on demand when chosen, trains, and its link reopens it;
//   - at 390×844 with touch: taps add points, a swipe erases, the page does
//     not scroll under the finger, and the class buttons sit under the map.
//   node --test tests/e2e/data.test.mjs
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { launchChromium, watchPage } from './browser.mjs';
import { serveStatic } from './static-server.mjs';

const SITE = process.env.ACTLAB_SITE_DIR ?? 'dist/site';

let server;
let session;
const problems = [];

before(async () => {
  server = await serveStatic(SITE);
  session = await launchChromium('actlab-data-e2e-', { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
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
  await page.waitForSelector('#panel-train .train-panel', { timeout: 30_000 });
  return page;
}

const panelConfig = (page) => page.evaluate(() => document.getElementById('panel-train').actlabPanel.config);
const panelState = (page) => page.evaluate(() => document.querySelector('.train-panel').dataset.state);
const currentStep = (page) => page.evaluate(() => document.getElementById('panel-train').actlabPanel.metrics?.step ?? 0);

async function waitForState(page, states, timeout = 30_000) {
  await page.waitForFunction((wanted) => wanted.includes(document.querySelector('.train-panel')?.dataset.state), states, { timeout });
}

/** Plays until the run has trained `steps` steps, then pauses. */
async function trainSome(page, steps = 20) {
  await page.click('.train-play');
  await page.waitForFunction((n) => (document.getElementById('panel-train').actlabPanel.metrics?.step ?? 0) >= n, steps, { timeout: 30_000 });
  await page.click('.train-play');
}

/** The decision map's drawing plane: its drawn points (x, y as arrays) or null. */
const planePoints = (page) =>
  page.evaluate(() => {
    const plane = document.querySelector('#panel-train [data-widget="decision"]').actlabWidget.plane;
    return plane ? { x: Array.from(plane.x), y: Array.from(plane.y) } : null;
  });

/** The page position of plane point (u, v) in 0..1 of the plot (0, 0 top left), from the map's canvas. */
async function planeSpot(page) {
  const box = await page.locator('#panel-train [data-widget="decision"] canvas').first().boundingBox();
  // The plot inside the canvas: 28 px left and bottom for the axes, 6 px top and right (decision-map.ts).
  const plot = { x: box.x + 28, y: box.y + 6, w: box.width - 34, h: box.height - 34 };
  return (u, v) => ({ x: plot.x + u * plot.w, y: plot.y + v * plot.h });
}

test('Draw: clicks add points of the chosen class, a drag erases, the set trains and its link restores it', async () => {
  const page = await open('#v=1&panel=train&lr=0.3');
  await waitForState(page, ['idle']);
  await page.click('#data-draw');
  await page.waitForFunction(() => document.querySelector('.train-status').textContent.length > 0 && document.querySelector('.data-tools').dataset.drawing === 'true');
  const at = await planeSpot(page);
  // Class 1 on the left, class 2 on the right: 4 + 4 points.
  for (const [u, v] of [[0.1, 0.2], [0.2, 0.5], [0.15, 0.8], [0.3, 0.3]]) await page.mouse.click(at(u, v).x, at(u, v).y);
  await page.click('.data-class[data-class="1"]');
  for (const [u, v] of [[0.7, 0.2], [0.8, 0.5], [0.9, 0.8], [0.75, 0.65]]) await page.mouse.click(at(u, v).x, at(u, v).y);
  let points = await planePoints(page);
  assert.equal(points.y.length, 8);
  assert.deepEqual(points.y, [0, 0, 0, 0, 1, 1, 1, 1]);
  // x₀ runs −1..1 left to right, x₁ −1..1 bottom to top.
  assert.ok(Math.abs(points.x[0] - -0.8) < 0.02 && Math.abs(points.x[1] - 0.6) < 0.02, `first point at ${points.x.slice(0, 2)}`);
  // One more point far up, then a drag across it erases it (and nothing else).
  await page.mouse.click(at(0.5, 0.05).x, at(0.5, 0.05).y);
  assert.equal((await planePoints(page)).y.length, 9);
  await page.mouse.move(at(0.4, 0.05).x, at(0.4, 0.05).y);
  await page.mouse.down();
  for (let u = 0.42; u <= 0.6; u += 0.02) await page.mouse.move(at(u, 0.05).x, at(u, 0.05).y);
  await page.mouse.up();
  points = await planePoints(page);
  assert.equal(points.y.length, 8, 'the drag erased the point it crossed');
  await page.waitForFunction(() => /Points: 8/.test(document.querySelector('.data-count').textContent));

  // The drawn set is the experiment's custom data, and it trains.
  const config = await panelConfig(page);
  assert.equal(config.data.kind, 'custom');
  assert.equal(config.data.x.length, 8);
  await waitForState(page, ['idle']);
  await trainSome(page, 30);
  const decision = await page.evaluate(() => document.querySelector('#panel-train [data-widget="decision"]').actlabWidget.snapshot());
  assert.ok(decision.grid && decision.grid.values.length === 64 * 64, 'the model is drawn over the plane');

  // Standardised, the model's map still lies over the points: its box, back in drawn units, is the points' box.
  await page.check('#train-data-standardize');
  await page.waitForFunction(() => /[#&]std=1(&|$)/.test(location.hash));
  // The trained run was past step 0: step 0 again is the new, standardised run (its data came first).
  await page.waitForFunction(() => document.getElementById('panel-train').actlabPanel.metrics?.step === 0);
  assert.equal((await panelConfig(page)).data.standardize, true);
  const box = await page.evaluate(() => {
    const plane = document.querySelector('#panel-train [data-widget="decision"]').actlabWidget.plane;
    return { lo: plane.gridLo, hi: plane.gridHi };
  });
  const xs = config.data.x.map((row) => row[0]);
  const ys = config.data.x.map((row) => row[1]);
  for (const [got, want] of [[box.lo[0], Math.min(...xs)], [box.hi[0], Math.max(...xs)], [box.lo[1], Math.min(...ys)], [box.hi[1], Math.max(...ys)]]) {
    assert.ok(Math.abs(got - want) < 1e-4, `grid box ${JSON.stringify(box)} against the points' box`);
  }
  await page.uncheck('#train-data-standardize');
  await page.waitForFunction(() => /[#&]std=0(&|$)/.test(location.hash));

  // The link carries the points; opened afresh it gives the same data (and the rest of the link).
  await page.waitForFunction(() => /[#&]pts=([^&]*)/.exec(location.hash)?.[1].split(',').length === 8);
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /[#&]pts=0:-0\.[78]\d*:0\.[56]\d*,/);
  assert.match(hash, /&lr=0\.3(&|$)/);
  await page.close();
  const again = await open(hash);
  await waitForState(again, ['idle']);
  const restored = await panelConfig(again);
  assert.deepEqual(restored.data.x, config.data.x);
  assert.deepEqual(restored.data.y, config.data.y);
  assert.equal(restored.train.optimizer.lr, 0.3);
  await again.close();

  // A bad pts is named, with the value given; the rest of the link is used.
  const bad = await open('#v=1&panel=train&lr=0.3&pts=0:0.5:abc,1:0.2:0.2');
  const banner = await bad.textContent('#state-errors');
  assert.match(banner, /pts/);
  assert.match(banner, /0:0\.5:abc/);
  assert.equal((await panelConfig(bad)).train.optimizer.lr, 0.3);
  assert.equal((await panelConfig(bad)).data.kind, 'moons');
  await bad.close();
});

// iris with a numeric column of its own in front and an empty cell in one row.
const iris = readFileSync('data/iris.csv', 'utf8').trim().split('\n');
const irisCsv = [`id,${iris[0]}`, ...iris.slice(1).map((line, i) => (i === 7 ? `${i},${line.replace(/^[^,]*/, '')}` : `${i},${line}`))].join('\n') + '\n';

test('CSV: an uploaded file is read off the main thread, its class names shown; another label column; it trains; bad files leave everything as it was', async () => {
  const page = await open('#v=1&panel=train');
  await waitForState(page, ['idle']);
  await page.click('.data-csv-summary');
  await page.setInputFiles('#data-csv-file', { name: 'iris.csv', mimeType: 'text/csv', buffer: Buffer.from(irisCsv) });
  await page.waitForFunction(() => document.getElementById('data-csv-info').textContent.includes('classes'), null, { timeout: 30_000 });
  const info = await page.textContent('#data-csv-info');
  assert.match(info, /149 rows, 5 features/);
  assert.match(info, /3 classes: setosa, versicolor, virginica/);
  assert.match(info, /1 rows? with an empty cell/);
  let config = await panelConfig(page);
  assert.equal(config.data.kind, 'custom');
  assert.equal(config.data.inputs, 5);
  assert.deepEqual(config.data.classNames, ['setosa', 'versicolor', 'virginica']);
  assert.equal(config.data.standardize, true);
  // The link does not carry it: the page says so.
  assert.match(await page.textContent('#data-link-note'), /link does not carry it/);
  await waitForState(page, ['idle']);
  await trainSome(page, 20);

  // Another label column: petal width (cm) makes it regression (species, text, is left out).
  await page.selectOption('#data-csv-label', 'petal width (cm)');
  await page.waitForFunction(() => document.getElementById('data-csv-info').textContent.includes('regression'), null, { timeout: 30_000 });
  config = await panelConfig(page);
  assert.equal(config.data.classes, 0);
  assert.equal(config.data.inputs, 4);
  assert.ok(!config.data.columns.includes('petal width (cm)'));
  await waitForState(page, ['idle']);
  await trainSome(page, 10);
  const before = { config: await panelConfig(page), step: await currentStep(page), state: await panelState(page) };

  // Refused files: the reader's message with line and column; the data and the run stay.
  const refused = [
    ['ragged.csv', 'a,b,label\n1,2,x\n3,4\n5,6,y\n', /line 3: 2 cells, expected 3/],
    ['abc.csv', 'a,b,label\n1,2,x\n3,abc,y\n', /line 3, column "b": "abc" is not a number/],
    ['junk.bin', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0x00, 0x07, 0x0a]), /line 2, character 3: binary data \(byte 0x00\)/],
  ];
  for (const [name, text, message] of refused) {
    await page.evaluate(() => (document.getElementById('data-csv-error').textContent = ''));
    await page.setInputFiles('#data-csv-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.waitForFunction(() => document.getElementById('data-csv-error').textContent.length > 0, null, { timeout: 30_000 });
    assert.match(await page.textContent('#data-csv-error'), message);
    const now = await panelConfig(page);
    assert.deepEqual(now.data.columns, before.config.data.columns);
    assert.equal(now.data.classes, 0);
    assert.equal(await currentStep(page), before.step, 'the run was left alone');
    assert.equal(await panelState(page), before.state);
  }
  // Over the reader's limit (49 MB): refused by its size before it is read, with the same figure.
  // The file is made in the page (49 MB through setInputFiles would take long on a loaded machine).
  await page.evaluate(() => {
    const input = document.getElementById('data-csv-file');
    const files = new DataTransfer();
    files.items.add(new File([new Uint8Array(49_000_001).fill(0x31)], 'huge.csv', { type: 'text/csv' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
  });
  assert.match(await page.textContent('#data-csv-error'), /49000001 bytes; at most 49000000 bytes \(49 MB\)/);
  assert.equal(await currentStep(page), before.step);
  // Pasted text goes the same way.
  await page.fill('#data-csv-text', 'x,y,label\n1,2,a\n3,inf,b\n');
  await page.click('#data-csv-read');
  await page.waitForFunction(() => /line 3, column "y": "inf" is not a finite number/.test(document.getElementById('data-csv-error').textContent), null, { timeout: 30_000 });
  assert.equal(await currentStep(page), before.step);

  // Data as CSV: the table as the page holds it (lab.toCsv), header first.
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#data-export-csv')]);
  const exported = readFileSync(await file.path(), 'utf8').split('\n');
  assert.equal(exported[0], 'id,sepal length (cm),sepal width (cm),petal length (cm),target');
  assert.equal(exported.filter((line) => line !== '').length, 150);

  // The link says data=custom; this browser kept the table, so a reload trains on it again.
  assert.match(await page.evaluate(() => location.hash), /data=custom/);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /pts=/);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await waitForState(page, ['idle']);
  const reloaded = await panelConfig(page);
  assert.deepEqual(reloaded.data.columns, before.config.data.columns);
  assert.equal(reloaded.data.y.length, 149);
  // Without what this browser kept, the same link says why it cannot be used, and the page runs its default.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  assert.match(await page.textContent('#state-errors'), /links do not carry and this browser has not kept/);
  assert.equal((await panelConfig(page)).data.kind, 'moons');
  await page.close();
});

test('CSV: a text label column before the last is chosen by typing its name; a wrong name is refused with the header listed', async () => {
  const page = await open('#v=1&panel=train');
  await waitForState(page, ['idle']);
  await page.click('.data-csv-summary');
  const table = 'species,a,b\nx,1,2.5\ny,3,4.25\nx,5,6.5\ny,7,8.75\nx,9,1.5\n';
  await page.setInputFiles('#data-csv-file', { name: 'label-first.csv', mimeType: 'text/csv', buffer: Buffer.from(table) });
  // By default the last column is the label: regression on b, the text column left out.
  await page.waitForFunction(() => document.getElementById('data-csv-info').textContent.includes('regression'), null, { timeout: 30_000 });
  assert.deepEqual((await panelConfig(page)).data.columns, ['a']);
  // The menu lists the columns readings have seen; species is not among them, so its name is typed.
  assert.equal(await page.isVisible('#data-csv-label-other'), false);
  await page.selectOption('#data-csv-label', { label: 'another column (type its name)…' });
  await page.fill('#data-csv-label-other', 'nope');
  await page.press('#data-csv-label-other', 'Enter');
  await page.waitForFunction(() => document.getElementById('data-csv-error').textContent.length > 0, null, { timeout: 30_000 });
  assert.match(await page.textContent('#data-csv-error'), /label "nope" is not a column of the header \(columns: species, a, b\)/);
  assert.deepEqual((await panelConfig(page)).data.columns, ['a'], 'a refused name leaves the data as it was');
  await page.fill('#data-csv-label-other', 'species');
  await page.press('#data-csv-label-other', 'Enter');
  await page.waitForFunction(() => document.getElementById('data-csv-info').textContent.includes('classes'), null, { timeout: 30_000 });
  const config = await panelConfig(page);
  assert.deepEqual(config.data.columns, ['a', 'b']);
  assert.deepEqual(config.data.classNames, ['x', 'y']);
  // Now the menu lists it.
  assert.equal(await page.inputValue('#data-csv-label'), 'species');
  // Five rows: the page's batch of 32 is dropped for the default, min(32, training examples), so the run is valid.
  await waitForState(page, ['idle']);
  assert.equal((await panelConfig(page)).train?.batchSize, undefined);
  await page.close();
});

test('a dataset that fails to load says so; digits is loaded on demand when chosen, and trains', async () => {
  const page = await open('#v=1&panel=train');
  await waitForState(page, ['idle']);
  // A breast_cancer file that is not the dataset: the load fails, and the panel says which and why.
  await page.route(/breast_cancer[^/]*\.csv/, (route) => route.fulfill({ status: 200, contentType: 'text/csv', body: 'a,b,label\n1,2,x\n3,4,y\n' }));
  await page.selectOption('#train-data-kind', 'breast_cancer');
  await waitForState(page, ['failed']);
  assert.match(await page.textContent('.train-error'), /The breast_cancer dataset could not be loaded: breast_cancer must have 569 rows/);
  await page.unroute(/breast_cancer[^/]*\.csv/);
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.selectOption('#train-data-kind', 'digits');
  // More than 2 inputs: the test outcomes take the decision map's place once the run has the data.
  await page.waitForFunction(() => !document.querySelector('#panel-train [data-widget="outcomes"]').hidden, null, { timeout: 60_000 });
  await waitForState(page, ['idle'], 60_000);
  assert.ok(requests.some((url) => /digits[^/]*\.csv/.test(url)), 'digits.csv was fetched');
  const config = await panelConfig(page);
  assert.equal(config.data.kind, 'digits');
  assert.equal(config.data.n, undefined, 'no generator size left over');
  assert.equal(await page.isChecked('#train-data-standardize'), true, 'datasets are standardised by default');
  await trainSome(page, 20);
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /data=digits/);
  await page.close();
  // Its link opens on digits (loaded before the link is checked), with no error.
  const again = await open(hash);
  await waitForState(again, ['idle'], 60_000);
  assert.equal((await panelConfig(again)).data.kind, 'digits');
  assert.equal(await again.evaluate(() => document.getElementById('state-errors').textContent.trim()), '');
  await again.close();
});

test('Draw with touch at 390×844: taps add points, a swipe erases them, the page stays put', async () => {
  const phone = await launchChromium('actlab-data-phone-', { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  try {
    const page = watchPage(await phone.browser.newPage(), new URL(server.url).origin, problems);
    await page.goto(server.url + '#v=1&panel=train');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    await waitForState(page, ['idle']);
    await page.tap('#data-draw');
    const canvas = page.locator('#panel-train [data-widget="decision"] canvas').first();
    await canvas.scrollIntoViewIfNeeded();
    // The class buttons come right after the map (in the one-column order), within reach of the thumb.
    const mapBox = await canvas.boundingBox();
    const classBox = await page.locator('.data-class[data-class="1"]').boundingBox();
    assert.ok(classBox.y > mapBox.y + mapBox.height && classBox.y - (mapBox.y + mapBox.height) < 200, `class buttons ${classBox.y - mapBox.y - mapBox.height} px under the map`);
    let at = await planeSpot(page);
    for (const [u, v] of [[0.2, 0.3], [0.3, 0.6], [0.5, 0.5]]) await page.touchscreen.tap(at(u, v).x, at(u, v).y);
    await page.tap('.data-class[data-class="1"]');
    await canvas.scrollIntoViewIfNeeded();
    at = await planeSpot(page);
    for (const [u, v] of [[0.8, 0.3], [0.7, 0.7]]) await page.touchscreen.tap(at(u, v).x, at(u, v).y);
    assert.deepEqual((await planePoints(page)).y, [0, 0, 0, 1, 1]);
    // A swipe across the middle point (u 0.5) erases it; the page does not scroll meanwhile.
    const scrollBefore = await page.evaluate(() => window.scrollY);
    const cdp = await page.context().newCDPSession(page);
    const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });
    await touch('touchStart', [at(0.4, 0.5)]);
    for (let u = 0.42; u <= 0.6; u += 0.02) await touch('touchMove', [at(u, 0.5)]);
    await touch('touchEnd', []);
    await page.waitForFunction(() => document.getElementById('panel-train').actlabPanel.config.data.y.length === 4);
    assert.deepEqual((await planePoints(page)).y, [0, 0, 1, 1]);
    assert.equal(await page.evaluate(() => window.scrollY), scrollBefore);
    await waitForState(page, ['idle']);
    await page.close();
  } finally {
    await phone.close();
  }
});
