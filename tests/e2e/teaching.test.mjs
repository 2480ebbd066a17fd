// teaching.test.mjs — the lessons' goals, questions and teacher notes end to
// end in headless Chromium, against the built site (dist/site, or
// $ACTLAB_SITE_DIR) served from a sub-path under the strict CSP:
//   - in an <activation-lab> element (zh): the questions wait for the run; after
//     it, the dead-unit share typed from the run's own result is right, the
//     first answer is the one scored, a choice question is checked, typed
//     markup stays text, activation-lab:answers reports the progress and the
//     score, teacher notes open on request;
//   - on the lab page's lesson route: the same section, an answer checked, and
//     switching the language keeps the answers and their feedback;
//   - screenshots in test-results/ (teaching-element-zh.png, teaching-page.png).
//   node --test tests/e2e/teaching.test.mjs
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchChromium, screenshotWholePage, watchPage } from './browser.mjs';
import { serveStatic } from './static-server.mjs';

const SITE = process.env.ACTLAB_SITE_DIR ?? 'dist/site';
mkdirSync('test-results', { recursive: true });

let server;
let session;
let root;
const problems = [];

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'actlab-teaching-'));
  cpSync(SITE, join(root, 'lab'), { recursive: true });
  writeFileSync(
    join(root, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>teaching</title><link rel="icon" href="lab/favicon.svg">
<script type="module" src="lab/activation-lab.js"></script></head>
<body><activation-lab id="lab" lesson="dying-relu" lang="zh"></activation-lab></body></html>
`,
  );
  server = await serveStatic(root, '/course/');
  session = await launchChromium('actlab-teaching-e2e-', { viewport: { width: 1000, height: 900 } });
});

after(async () => {
  await session?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function newPage() {
  return watchPage(await session.browser.newPage(), server.origin, problems);
}

test('in the element (zh): questions wait for the run, then are checked against its numbers; first answers score', async () => {
  const page = await newPage();
  await page.goto(`${server.url}index.html`);
  await page.waitForFunction(() => document.getElementById('lab')?.dataset.ready === 'true', null, { timeout: 30_000 });
  const section = page.locator('#lab .lesson-teach');
  assert.equal(await section.getAttribute('data-ready'), 'false');
  assert.match(await section.textContent(), /学习目标/);
  assert.match(await section.textContent(), /请先运行实验/);
  assert.equal(await page.locator('#lab .lesson-question-check').first().isDisabled(), true);
  // Teacher notes only on request.
  assert.equal(await page.locator('#lab .lesson-teacher-notes p').isVisible(), false);
  await page.locator('#lab .lesson-teacher-notes summary').click();
  assert.equal(await page.locator('#lab .lesson-teacher-notes p').isVisible(), true);

  const answers = [];
  await page.exposeFunction('recordAnswers', (detail) => answers.push(detail));
  await page.evaluate(() => document.getElementById('lab').addEventListener('activation-lab:answers', (event) => window.recordAnswers(event.detail)));
  // A student may type while the run goes; the answer stays.
  const dead = page.locator('#lab .lesson-question[data-question="dead"]');
  await dead.locator('input').fill('<img src=x id=injected>');
  await page.evaluate(() => document.getElementById('lab').play());
  await page.waitForFunction(() => document.getElementById('lab').result !== null, null, { timeout: 60_000 });
  assert.equal(await section.getAttribute('data-ready'), 'true');
  assert.equal(await dead.locator('input').inputValue(), '<img src=x id=injected>');
  await dead.locator('.lesson-question-check').click();
  assert.equal(await dead.getAttribute('data-status'), 'invalid');
  assert.match(await dead.locator('.lesson-question-feedback').textContent(), /请填写一个数字/);
  assert.equal(await page.evaluate(() => document.getElementById('lab').shadowRoot.querySelector('img')), null);
  assert.equal(answers.length, 0);

  // The run's own share of dead units, as a student reads it (one decimal, in percent): right.
  const share = await page.evaluate(() => (100 * document.getElementById('lab').result.numbers.reluDead).toFixed(1));
  await dead.locator('input').fill(`${share}%`);
  await dead.locator('input').press('Enter');
  assert.equal(await dead.getAttribute('data-status'), 'correct');
  assert.match(await dead.locator('.lesson-question-feedback').textContent(), new RegExp(`正确。这次运行测得 ${share.replace('.', '\\.')}%`));
  // A later wrong answer is shown as wrong but the first one counts.
  await dead.locator('input').fill('5');
  await dead.locator('.lesson-question-check').click();
  assert.equal(await dead.getAttribute('data-status'), 'wrong');

  // A choice: which network has the most dead units, from the run (ReLU here); answer it wrong first.
  const which = page.locator('#lab .lesson-question[data-question="which"]');
  await which.locator('input[value="elu"]').check();
  await which.locator('.lesson-question-check').click();
  assert.equal(await which.getAttribute('data-status'), 'wrong');
  assert.match(await which.locator('.lesson-question-feedback').textContent(), /ReLU/);
  const recover = page.locator('#lab .lesson-question[data-question="recover"]');
  const recovered = await page.evaluate(() => {
    const { reluDead, reluDeadAtStart } = document.getElementById('lab').result.numbers;
    return reluDead < reluDeadAtStart;
  });
  await recover.locator(`input[value="${recovered ? 'yes' : 'no'}"]`).check();
  await recover.locator('.lesson-question-check').click();
  assert.equal(await recover.getAttribute('data-status'), 'correct');

  assert.deepEqual(answers.at(-1), { lesson: 'dying-relu', total: 3, answered: 3, correct: 2, score: 67, complete: true });
  assert.deepEqual(await page.evaluate(() => document.getElementById('lab').answers), answers.at(-1));
  assert.match(await page.locator('#lab .lesson-teach-progress').textContent(), /已回答 3 \/ 3 题；第一次就答对 2 题（得分 67 \/ 100）/);
  await screenshotWholePage(page, 'test-results/teaching-element-zh.png');
  assert.deepEqual(problems.splice(0), []);
  await page.close();
});

test('on the lab page: the lesson route shows the questions; switching language keeps the answers', async () => {
  const page = await newPage();
  await page.goto(`${server.url}lab/index.html#v=1&lesson=output-activation&lang=en`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await page.click('#panel-lesson .lesson-run');
  await page.waitForSelector('#panel-lesson .lesson[data-state="done"]', { timeout: 60_000 });
  const gradient = page.locator('#panel-lesson .lesson-question[data-question="gradient"]');
  await gradient.locator('input[value="bce"]').check();
  await gradient.locator('.lesson-question-check').click();
  assert.equal(await gradient.getAttribute('data-status'), 'correct');
  assert.match(await gradient.locator('.lesson-question-feedback').textContent(), /Right: BCE\./);
  await page.selectOption('#language', 'zh');
  await page.waitForFunction(() => document.querySelector('#panel-lesson .lesson-teach h3')?.textContent === '学习目标');
  assert.equal(await gradient.getAttribute('data-status'), 'correct');
  assert.match(await gradient.locator('.lesson-question-feedback').textContent(), /正确：BCE。/);
  assert.equal(await gradient.locator('input[value="bce"]').isChecked(), true);
  assert.match(await page.locator('#panel-lesson .lesson-teach-progress').textContent(), /已回答 1 \/ 3 题/);
  await screenshotWholePage(page, 'test-results/teaching-page.png');
  assert.deepEqual(problems.splice(0), []);
  await page.close();
});
