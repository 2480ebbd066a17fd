// scripts/look.mjs — looks at the built page as a reader would: serves
// dist/site under the strict CSP (tests/e2e/static-server.mjs), opens each
// route given (a hash, e.g. '#v=1&panel=train') at 1280×900 and 390×844, in
// English and in Chinese, and saves one PNG of the first screen each to
// test-results/look/. Prints console errors and page errors.
//   node scripts/look.mjs ['#v=1' '#v=1&lesson=dying-relu' ...] [--wait=ms] [--full]
import { mkdirSync } from 'node:fs';

import { launchChromium, watchPage } from '../tests/e2e/browser.mjs';
import { serveStatic } from '../tests/e2e/static-server.mjs';

const args = process.argv.slice(2);
const hashes = args.filter((arg) => arg.startsWith('#'));
if (hashes.length === 0) hashes.push('#v=1');
const wait = Number(args.find((arg) => arg.startsWith('--wait='))?.slice(7) ?? 800);
const full = args.includes('--full');
const sizes = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];
mkdirSync('test-results/look', { recursive: true });

const server = await serveStatic(process.env.ACTLAB_SITE_DIR ?? 'dist/site');
const session = await launchChromium('actlab-look-', { viewport: sizes[0] });
const problems = [];
try {
  for (const hash of hashes) {
    for (const lang of ['en', 'zh']) {
      for (const size of sizes) {
        const page = watchPage(await session.browser.newPage(), new URL(server.url).origin, problems);
        await page.setViewportSize({ width: size.width, height: size.height });
        const separator = hash.includes('lang=') ? '' : `&lang=${lang}`;
        const target = hash.includes('lang=') && lang === 'zh' ? null : `${server.url}${hash}${separator}`;
        if (!target) {
          await page.close();
          continue;
        }
        await page.goto(target);
        await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
        await page.waitForTimeout(wait);
        const name = `${hash.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home'}-${lang}-${size.name}.png`;
        await page.screenshot({ path: `test-results/look/${name}`, fullPage: full });
        console.log(`test-results/look/${name}`);
        await page.close();
      }
    }
  }
} finally {
  await session.close();
  await server.close();
}
for (const problem of problems) console.error(problem);
process.exitCode = problems.length > 0 ? 1 : 0;
