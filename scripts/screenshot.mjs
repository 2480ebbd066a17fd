// scripts/screenshot.mjs — looks at the page: serves web/ with Vite (dev server,
// or the built dist/site with --built), opens it in headless Chromium and saves
// a PNG. Prints console errors and CSP violations, and exits 1 if there were any.
//   node scripts/screenshot.mjs [--built] [out.png]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';
import { createServer, preview } from 'vite';

const built = process.argv.includes('--built');
const output = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 'test-results/page.png';

const server = built ? await preview({ preview: { port: 0 } }) : await createServer({ server: { port: 0 } });
if (!built) await server.listen();
const url = server.resolvedUrls.local[0];

const profile = mkdtempSync(join(tmpdir(), 'actlab-chromium-'));
// A fresh profile each run: nothing cached, nothing synced.
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 1000 },
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
const problems = [];
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await page.waitForTimeout(300);
  console.log(`${url}: ${await page.textContent('#engine-status')}`);
  await page.screenshot({ path: output, fullPage: true });
  console.log(`saved ${output}`);
} finally {
  await browser.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
for (const problem of problems) console.error(problem);
process.exit(problems.length ? 1 : 0);
