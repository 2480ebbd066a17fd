// scorm.test.mjs — the SCORM 1.2 packages (dist/scorm/<lesson>.zip, or
// $ACTLAB_SCORM_DIR), checked as files and run in headless Chromium:
//   - every zip reads cleanly (tests/e2e/unzip.mjs: CRC-32 and sizes of every
//     entry; `unzip -t` too where installed); its imsmanifest.xml is
//     well-formed XML (Chromium's DOMParser) with exactly one resource of
//     adlcp:scormtype "sco", whose href (index.html) and every <file> exist in
//     the zip, and the zip holds nothing the manifest does not list;
//   - each package, unpacked on a fake LMS (tests/e2e/scorm/: window.API
//     recording every call, the SCO two frames down in a player frame): the
//     SCO calls LMSInitialize(""), marks the first attempt incomplete; after
//     the lesson's runs and its questions, completed with cmi.core.score.raw
//     equal to the lesson's own score (dying-relu answered right from its
//     result: 100); when the frame is removed, session time, LMSCommit and
//     LMSFinish, and nothing after; only documented SCORM 1.2 elements are
//     written, with values of their types;
//   - the LMS found through window.opener (a popup), the LMS's language (zh);
//   - the package's page opened on its own, without an LMS, shows the lesson
//     and says nothing is recorded.
//   node --test tests/e2e/scorm.test.mjs
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchChromium, watchPage } from './browser.mjs';
import { serveStatic } from './static-server.mjs';
import { readZip } from './unzip.mjs';

const SCORM = process.env.ACTLAB_SCORM_DIR ?? 'dist/scorm';
const LESSON_IDS = ['sigmoid-saturation', 'vanishing-gradients', 'dying-relu', 'prelu-slope', 'initialisation', 'output-activation', 'common-mistakes', 'build-your-own'];
// The SCORM 1.2 run-time data model elements a SCO may write (RTE 3.4): the ones this SCO writes must be among them.
const SCORM_12_WRITABLE = new Set([
  'cmi.core.lesson_location', 'cmi.core.lesson_status', 'cmi.core.score.raw', 'cmi.core.score.min', 'cmi.core.score.max',
  'cmi.core.exit', 'cmi.core.session_time', 'cmi.suspend_data', 'cmi.comments',
  'cmi.student_preference.audio', 'cmi.student_preference.language', 'cmi.student_preference.speed', 'cmi.student_preference.text',
]);
const ADLCP = 'http://www.adlnet.org/xsd/adlcp_rootv1p2';
mkdirSync('test-results', { recursive: true });

let root;
let server;
let session;
const packages = new Map();
const problems = [];

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'actlab-lms-'));
  cpSync('tests/e2e/scorm', root, { recursive: true });
  for (const id of LESSON_IDS) {
    const entries = readZip(readFileSync(join(SCORM, `${id}.zip`)));
    packages.set(id, entries);
    for (const [name, data] of entries) {
      const path = join(root, 'packages', id, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, data);
    }
  }
  server = await serveStatic(root, '/lms/', { csp: null });
  session = await launchChromium('actlab-scorm-e2e-', { viewport: { width: 1100, height: 1000 } });
  await session.browser.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
});

after(async () => {
  await session?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function newPage() {
  return watchPage(await session.browser.newPage(), server.origin, problems);
}

test('every package: a clean zip, a well-formed manifest with exactly one SCO whose href and files are in the zip', async () => {
  let unzipChecked = false;
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    unzipChecked = true;
  } catch {
    // No unzip on this machine: readZip's checks stand alone.
  }
  // Any page has Chromium's XML parser.
  const page = await newPage();
  await page.goto('about:blank');
  for (const id of LESSON_IDS) {
    const entries = packages.get(id);
    const names = [...entries.keys()];
    assert.equal(names[0], 'imsmanifest.xml');
    if (unzipChecked) execFileSync('unzip', ['-tq', join(SCORM, `${id}.zip`)]);
    const manifest = await page.evaluate(
      ({ xml, adlcp }) => {
        const document = new DOMParser().parseFromString(xml, 'application/xml');
        const error = document.getElementsByTagName('parsererror')[0];
        if (error) return { error: error.textContent };
        const resources = [...document.getElementsByTagNameNS('*', 'resource')];
        const scos = resources.filter((resource) => resource.getAttributeNS(adlcp, 'scormtype') === 'sco');
        const items = [...document.getElementsByTagNameNS('*', 'item')];
        return {
          root: document.documentElement.localName,
          schemaVersion: document.getElementsByTagNameNS('*', 'schemaversion')[0]?.textContent,
          resources: resources.length,
          scos: scos.map((sco) => ({
            identifier: sco.getAttribute('identifier'),
            href: sco.getAttribute('href'),
            files: [...sco.getElementsByTagNameNS('*', 'file')].map((file) => file.getAttribute('href')),
          })),
          itemRefs: items.map((item) => item.getAttribute('identifierref')),
          defaultOrganization: document.getElementsByTagNameNS('*', 'organizations')[0]?.getAttribute('default'),
          organizations: [...document.getElementsByTagNameNS('*', 'organization')].map((organization) => organization.getAttribute('identifier')),
          title: document.getElementsByTagNameNS('*', 'title')[0]?.textContent,
        };
      },
      { xml: entries.get('imsmanifest.xml').toString('utf8'), adlcp: ADLCP },
    );
    assert.equal(manifest.error, undefined, `${id}: ${manifest.error}`);
    assert.equal(manifest.root, 'manifest');
    assert.equal(manifest.schemaVersion, '1.2');
    assert.equal(manifest.scos.length, 1, `${id}: exactly one SCO`);
    const [sco] = manifest.scos;
    assert.equal(sco.href, 'index.html');
    assert.ok(entries.has(sco.href), `${id}: ${sco.href} is in the zip`);
    for (const file of sco.files) assert.ok(entries.has(file), `${id}: ${file} is in the zip`);
    assert.deepEqual([...sco.files].sort(), names.filter((name) => name !== 'imsmanifest.xml').sort(), `${id}: the manifest lists every file`);
    assert.deepEqual(manifest.itemRefs, [sco.identifier]);
    assert.ok(manifest.organizations.includes(manifest.defaultOrganization));
    assert.match(manifest.title, /^Activation Lab: \S/);
    // The page is this lesson's.
    assert.match(entries.get('index.html').toString('utf8'), new RegExp(`<meta name="activation-lab-lesson" content="${id}" />`));
    assert.ok(names.some((name) => /^assets\/actlab-simd-[\w-]+\.wasm$/.test(name)) && names.some((name) => /^assets\/actlab-scalar-[\w-]+\.wasm$/.test(name)));
  }
  console.log(`${LESSON_IDS.length} packages: ${[...packages.get('dying-relu').keys()].length} files each, ${(readFileSync(join(SCORM, 'dying-relu.zip')).length / 1000).toFixed(0)} kB zipped${unzipChecked ? ', unzip -t clean' : ''}`);
  assert.deepEqual(problems.splice(0), []);
  await page.close();
});

/** The answers of dying-relu that are right for this run (read from its result, as a student reads the page). */
async function answerDyingReluRight(frame) {
  const numbers = await frame.evaluate(() => document.querySelector('activation-lab').result.numbers);
  const deadUnits = { relu: numbers.reluDead, leaky_relu: numbers.leaky_reluDead, prelu: numbers.preluDead, elu: numbers.eluDead };
  const most = Object.entries(deadUnits).sort((a, b) => b[1] - a[1])[0][0];
  await frame.locator('.lesson-question[data-question="dead"] input').fill((100 * numbers.reluDead).toFixed(1));
  await frame.locator('.lesson-question[data-question="recover"] input[value="' + (numbers.reluDead < numbers.reluDeadAtStart ? 'yes' : 'no') + '"]').check();
  await frame.locator(`.lesson-question[data-question="which"] input[value="${most}"]`).check();
}

/** Some answer to every question: 0 for numbers, the first option for choices. */
async function answerAnything(frame) {
  for (const question of await frame.locator('.lesson-question').all()) {
    const input = question.locator('input[type="text"]');
    if ((await input.count()) > 0) await input.fill('0');
    else await question.locator('input[type="radio"]').first().check();
  }
}

const callsOf = (page) => page.evaluate(() => window.lms.calls);

test('each package on a fake LMS: initialize, incomplete, completed with the lesson score, commit and finish when left', async () => {
  for (const id of LESSON_IDS) {
    const page = await newPage();
    await page.goto(`${server.url}lms.html?${new URLSearchParams({ sco: `packages/${id}/index.html` })}`);
    await page.waitForFunction(() => window.lms.calls.some((call) => call.name === 'LMSInitialize'), null, { timeout: 30_000 });
    const frame = page.frames().find((f) => f.url().includes(`/packages/${id}/index.html`));
    assert.ok(frame, `${id}: the SCO's frame`);
    await frame.waitForFunction(() => document.querySelector('activation-lab')?.dataset.ready === 'true', null, { timeout: 30_000 });
    let calls = await callsOf(page);
    assert.deepEqual(calls[0], { name: 'LMSInitialize', args: [''], result: 'true', state: 'not initialized' });
    assert.ok(calls.some((call) => call.name === 'LMSSetValue' && call.args[0] === 'cmi.core.lesson_status' && call.args[1] === 'incomplete'), `${id}: incomplete`);
    assert.match(await frame.textContent('#scorm-status'), /Your course records this lesson/);

    if (await frame.locator('activation-lab .lesson-run').count()) await frame.locator('activation-lab .lesson-run').click();
    await frame.waitForFunction(() => document.querySelector('activation-lab').result !== null, null, { timeout: 90_000 });
    assert.ok(!(await callsOf(page)).some((call) => call.args[1] === 'completed'), `${id}: not completed before the questions are answered`);
    if (id === 'dying-relu') await answerDyingReluRight(frame);
    else await answerAnything(frame);
    for (const check of await frame.locator('activation-lab .lesson-question-check').all()) await check.click();
    await page.waitForFunction(() => window.lms.values['cmi.core.lesson_status'] === 'completed', null, { timeout: 10_000 });
    const answers = await frame.evaluate(() => document.querySelector('activation-lab').answers);
    assert.equal(answers.complete, true);
    const values = await page.evaluate(() => window.lms.values);
    assert.equal(values['cmi.core.score.raw'], String(answers.score), `${id}: the LMS has the lesson's score`);
    assert.equal(values['cmi.core.score.min'], '0');
    assert.equal(values['cmi.core.score.max'], '100');
    if (id === 'dying-relu') assert.equal(answers.score, 100);
    assert.match(await frame.textContent('#scorm-status'), new RegExp(`Lesson complete: score ${answers.score} of 100`));
    if (id === 'dying-relu') await page.screenshot({ path: 'test-results/scorm-lms.png', fullPage: true });
    assert.deepEqual(await frame.evaluate(() => window.cspViolations), []);

    // The learner leaves: the LMS removes the player frame.
    await page.evaluate(() => document.getElementById('player').remove());
    await page.waitForFunction(() => window.lms.calls.some((call) => call.name === 'LMSFinish'), null, { timeout: 10_000 });
    await page.waitForTimeout(200);
    calls = await callsOf(page);
    const finish = calls.findIndex((call) => call.name === 'LMSFinish');
    assert.equal(finish, calls.length - 1, `${id}: nothing after LMSFinish`);
    assert.deepEqual(calls[finish], { name: 'LMSFinish', args: [''], result: 'true', state: 'running' });
    assert.equal(calls[finish - 1].name, 'LMSCommit');
    assert.equal(calls[finish - 2].args[0], 'cmi.core.session_time');
    assert.match(calls[finish - 2].args[1], /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/);
    assert.equal(calls.filter((call) => call.name === 'LMSInitialize').length, 1);
    assert.ok(calls.every((call) => call.result !== 'false'), `${id}: every call accepted`);
    const written = calls.filter((call) => call.name === 'LMSSetValue').map((call) => call.args[0]);
    for (const element of written) assert.ok(SCORM_12_WRITABLE.has(element), `${id}: ${element} is a writable SCORM 1.2 element`);
    assert.deepEqual([...new Set(written)].sort(), ['cmi.core.lesson_status', 'cmi.core.score.max', 'cmi.core.score.min', 'cmi.core.score.raw', 'cmi.core.session_time']);
    assert.deepEqual(problems.splice(0), [], id);
    await page.close();
  }
});

test('the API through window.opener (a popup), in the LMS learner language (zh)', async () => {
  const page = await newPage();
  await page.goto(`${server.url}lms.html?${new URLSearchParams({ sco: 'packages/sigmoid-saturation/index.html', popup: '1', language: 'zh-CN' })}`);
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#open-popup')]);
  watchPage(popup, server.origin, problems);
  await page.waitForFunction(() => window.lms.calls.some((call) => call.name === 'LMSInitialize'), null, { timeout: 30_000 });
  await popup.waitForFunction(() => document.querySelector('activation-lab')?.dataset.ready === 'true', null, { timeout: 30_000 });
  assert.equal(await popup.evaluate(() => document.querySelector('activation-lab').getAttribute('lang')), 'zh');
  assert.equal(await popup.evaluate(() => document.documentElement.lang), 'zh-Hans');
  assert.match(await popup.textContent('#scorm-status'), /你的课程会记录本课/);
  await popup.close({ runBeforeUnload: true });
  await page.waitForFunction(() => window.lms.calls.some((call) => call.name === 'LMSFinish'), null, { timeout: 10_000 });
  assert.deepEqual(problems.splice(0), []);
  await page.close();
});

test('without an LMS the package page is a plain lesson page that records nothing', async () => {
  const page = await newPage();
  await page.goto(`${server.url}packages/prelu-slope/index.html`);
  await page.waitForFunction(() => document.querySelector('activation-lab')?.dataset.ready === 'true', null, { timeout: 30_000 });
  assert.match(await page.textContent('#scorm-status'), /Not opened from a course \(no LMS found\): nothing is recorded\./);
  assert.match(await page.title(), /^PReLU learns its slope · Activation Lab$/);
  await page.click('activation-lab .lesson-run');
  await page.waitForFunction(() => document.querySelector('activation-lab').result !== null, null, { timeout: 60_000 });
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(problems.splice(0), []);
  await page.close();
});
