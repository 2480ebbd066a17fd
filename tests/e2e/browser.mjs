// browser.mjs — what every end-to-end test needs: the site served by Vite
// (the built dist/site by default, or $ACTLAB_SITE_DIR; the dev server with --dev), headless
// Chromium with a fresh profile, and a page that records console errors,
// page errors and failed requests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { chromium } from 'playwright-core';
import { createServer, preview } from 'vite';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Starts the server and the browser; call close() at the end. */
export async function openSite({ dev = process.argv.includes('--dev'), viewport = { width: 1280, height: 1000 } } = {}) {
  // ACTLAB_SITE_DIR (scripts/lib.sh) picks another built copy of the site than dist/site.
  const outDir = process.env.ACTLAB_SITE_DIR ? resolve(process.env.ACTLAB_SITE_DIR) : undefined;
  const server = dev
    ? await createServer({ server: { port: 0 }, logLevel: 'error' })
    : await preview({ preview: { port: 0 }, logLevel: 'error', ...(outDir ? { build: { outDir } } : {}) });
  if (dev) await server.listen();
  const url = server.resolvedUrls.local[0];
  const profile = mkdtempSync(join(tmpdir(), 'actlab-e2e-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport,
    args: CHROMIUM_ARGS,
  });
  const problems = [];
  const watch = (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => {
      // A navigation (the next test's goto) aborts whatever the previous page was still loading.
      const reason = request.failure()?.errorText ?? '';
      if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} ${reason}`);
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(url) && !request.url().startsWith('data:') && !request.url().startsWith('blob:')) {
        problems.push(`request left the origin: ${request.url()}`);
      }
    });
    return page;
  };
  const page = watch(browser.pages()[0] ?? (await browser.newPage()));
  return {
    url,
    page,
    browser,
    problems,
    newPage: async () => watch(await browser.newPage()),
    async close() {
      await browser.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A screenshot of the whole page. Widgets draw only while on screen, so the
 * viewport is first made as tall as the page (and restored afterwards).
 */
export async function screenshotWholePage(page, path) {
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.waitForTimeout(400);
  await page.screenshot({ path, fullPage: true });
  await page.setViewportSize(viewport);
}
