// browser.mjs — what every end-to-end test needs: the site served by Vite
// (the built dist/site by default, or $ACTLAB_SITE_DIR; the dev server with --dev), headless
// Chromium with a fresh profile, and pages that record console errors, page
// errors, failed requests, HTTP errors and requests leaving the origin.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { chromium } from 'playwright-core';
import { createServer, preview } from 'vite';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Headless Chromium with a fresh profile (a temporary directory named after
 * profilePrefix). contextOptions go to launchPersistentContext (viewport,
 * acceptDownloads, ...). close() closes the browser and removes the profile.
 */
export async function launchChromium(profilePrefix, contextOptions = {}) {
  const profile = mkdtempSync(join(tmpdir(), profilePrefix));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 1000 },
    args: CHROMIUM_ARGS,
    ...contextOptions,
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Records into problems everything a clean page must not do: console errors,
 * uncaught page errors, failed requests, HTTP responses ≥ 400, and requests
 * to anywhere but origin (data: and blob: URLs stay in the page).
 */
export function watchPage(page, origin, problems) {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A navigation (the next test's goto) aborts whatever the previous page was still loading.
    const reason = request.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} ${reason}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) problems.push(`request left the origin: ${url}`);
  });
  return page;
}

/** Starts the server and the browser; call close() at the end. */
export async function openSite({ dev = process.argv.includes('--dev'), viewport = { width: 1280, height: 1000 } } = {}) {
  // ACTLAB_SITE_DIR (scripts/lib.sh) picks another built copy of the site than dist/site.
  const outDir = process.env.ACTLAB_SITE_DIR ? resolve(process.env.ACTLAB_SITE_DIR) : undefined;
  const server = dev
    ? await createServer({ server: { port: 0 }, logLevel: 'error' })
    : await preview({ preview: { port: 0 }, logLevel: 'error', ...(outDir ? { build: { outDir } } : {}) });
  if (dev) await server.listen();
  const url = server.resolvedUrls.local[0];
  const chromiumSession = await launchChromium('actlab-e2e-', { viewport });
  const { browser } = chromiumSession;
  const origin = new URL(url).origin;
  const problems = [];
  const watch = (page) => watchPage(page, origin, problems);
  const page = watch(browser.pages()[0] ?? (await browser.newPage()));
  return {
    url,
    page,
    browser,
    problems,
    newPage: async () => watch(await browser.newPage()),
    async close() {
      await chromiumSession.close();
      await server.close();
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
