// static-sites.test.mjs — the static-site snippets of docs/embedding.md
// ("Static course sites": MkDocs, Quarto, Docusaurus, Hugo, Jupyter Book),
// read from the file itself, in headless Chromium: each snippet whose content
// is HTML becomes a plain HTML page (Markdown's raw HTML lines, Quarto's
// {=html} block, the Hugo shortcode rendered with the parameters of its call,
// Jupyter Book's {raw} html block, the Train/Compare block), the MyST
// {anywidget} directive is rendered by an anywidget host (its URL and JSON
// body), with the documented lab URL pointing at dist/site served on another
// origin (Access-Control-Allow-Origin: *); every page is served under the
// course policy (script-src/connect-src <lab>, worker-src blob:) and must
// show its lesson (or panels), in its language, without a CSP violation or a
// console error. The Docusaurus component (JSX, not HTML) is checked for the
// URL and its client-only loading.
//   node --test tests/e2e/static-sites.test.mjs
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS } from './browser.mjs';
import { crossOriginPolicy, serveStatic } from './static-server.mjs';

const SITE = process.env.ACTLAB_SITE_DIR ?? 'dist/site';
const DOCUMENTED_LAB = 'https://lab.example.org/activation-lab/';

/** The "## Static course sites" section of docs/embedding.md, by "### " subsection: its fenced blocks ({ info, body }). */
function snippets() {
  // Headings inside fenced blocks (a Markdown snippet's "## …") are not the document's.
  const bySite = new Map();
  let inSection = false;
  let fence = null;
  let site = null;
  let lines = [];
  const flush = () => {
    if (site === null) return;
    const part = lines.join('\n');
    bySite.set(site, [...part.matchAll(/^(`{3,4})([^\n]*)\n([\s\S]*?)\n\1$/gm)].map((match) => ({ info: match[2].trim(), body: match[3] })));
  };
  for (const line of readFileSync('docs/embedding.md', 'utf8').split('\n')) {
    const marker = /^(`{3,})/.exec(line)?.[1];
    if (marker && (fence === null || marker === fence)) fence = fence === null ? marker : null;
    else if (fence === null && line.startsWith('## ')) {
      if (inSection) break;
      inSection = line.trim() === '## Static course sites';
      continue;
    } else if (fence === null && inSection && line.startsWith('### ')) {
      flush();
      site = line.slice(4).trim();
      lines = [];
      continue;
    }
    if (site !== null) lines.push(line);
  }
  flush();
  if (bySite.size === 0) throw new Error('docs/embedding.md has no section "## Static course sites" with "### " subsections');
  return bySite;
}

/** The one block of a site with this info string. */
function block(site, blocks, info) {
  const found = blocks.filter((candidate) => candidate.info === info);
  assert.equal(found.length, 1, `${site}: one \`\`\`${info} block`);
  return found[0].body;
}

/** The inner fenced block of a Markdown snippet (Quarto's {=html}, MyST's directives). */
function innerBlock(markdown, info) {
  const match = new RegExp(`^\`\`\`${info.replace(/[{}=]/g, (c) => `\\${c}`)}([^\\n]*)\\n([\\s\\S]*?)\\n\`\`\`$`, 'm').exec(markdown);
  assert.ok(match, `a \`\`\`${info} block in\n${markdown}`);
  return { argument: match[1].trim(), body: match[2] };
}

const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The Hugo shortcode as Hugo renders it for this call: only {{ .Get "x" }} and {{ .Get "x" | default "y" }} (anything else fails the test). */
function renderShortcode(template, call) {
  const match = /^\{\{<\s*activation-lab((?:\s+\w+="[^"]*")*)\s*>\}\}$/.exec(call.trim());
  assert.ok(match, `a shortcode call: ${call}`);
  const parameters = Object.fromEntries([...match[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const rendered = template.replace(/\{\{\s*\.Get\s+"(\w+)"(?:\s*\|\s*default\s+"([^"]*)")?\s*\}\}/g, (_, name, fallback) => escapeHtml(parameters[name] ?? fallback ?? ''));
  assert.ok(!rendered.includes('{{'), `the test renders only .Get and default: ${rendered}`);
  return rendered;
}

let lab;
let course;
let courseDir;
let browser;
const pages = [];

before(async () => {
  lab = await serveStatic(SITE, '/activation-lab/', { csp: null, headers: { 'Access-Control-Allow-Origin': '*' } });
  courseDir = mkdtempSync(join(tmpdir(), 'actlab-static-sites-'));
  cpSync('tests/e2e/anywidget', courseDir, { recursive: true });
  const local = (html) => html.replaceAll(DOCUMENTED_LAB, lab.url);
  const page = (name, body) => {
    writeFileSync(join(courseDir, `${name}.html`), `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${name}</title><link rel="icon" href="data:,"></head>\n<body>\n${local(body)}\n</body>\n</html>\n`);
    return `${name}.html`;
  };
  const all = snippets();
  assert.deepEqual([...all.keys()], ['MkDocs', 'Quarto', 'Docusaurus (client-only)', 'Hugo', 'Jupyter Book']);

  const mkdocs = block('MkDocs', all.get('MkDocs'), 'markdown');
  pages.push({ site: 'MkDocs', path: page('mkdocs', mkdocs.split('\n').filter((line) => line.startsWith('<')).join('\n')), lesson: 'dying-relu', title: 'Dying ReLU' });

  const quarto = innerBlock(block('Quarto', all.get('Quarto'), 'markdown'), '{=html}');
  pages.push({ site: 'Quarto', path: page('quarto', quarto.body), lesson: 'vanishing-gradients', title: 'Vanishing gradients' });

  const hugoBlocks = all.get('Hugo');
  const hugo = renderShortcode(block('Hugo', hugoBlocks, 'go-html-template'), block('Hugo', hugoBlocks, 'markdown'));
  pages.push({ site: 'Hugo', path: page('hugo', hugo), lesson: 'prelu-slope', title: 'PReLU 学习自己的斜率', lang: 'zh' });

  const bookBlocks = all.get('Jupyter Book');
  const raw = innerBlock(bookBlocks.find((candidate) => candidate.body.includes('{raw} html')).body, '{raw} html');
  pages.push({ site: 'Jupyter Book 1 ({raw} html)', path: page('jupyter-book-raw', raw.body), lesson: 'sigmoid-saturation', title: 'Sigmoid and tanh saturate' });
  const directive = innerBlock(bookBlocks.find((candidate) => candidate.body.includes('{anywidget}')).body, '{anywidget}');
  const query = new URLSearchParams({ esm: local(directive.argument), traits: JSON.stringify(JSON.parse(directive.body)) });
  pages.push({ site: 'Jupyter Book 2 ({anywidget})', path: `harness.html?${query}`, lesson: 'initialisation', title: 'Initialisation matters' });
  pages.push({ site: 'Train and Compare (html)', path: page('panels', block('Jupyter Book', bookBlocks, 'html')), panels: true });

  course = await serveStatic(courseDir, '/course/', { csp: crossOriginPolicy(lab.origin) });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await course?.close();
  await lab?.close();
  if (courseDir) rmSync(courseDir, { recursive: true, force: true });
});

test('the Docusaurus component loads the documented script on the client only', () => {
  const blocks = snippets().get('Docusaurus (client-only)');
  const component = block('Docusaurus', blocks, 'jsx');
  assert.ok(component.includes(`'${DOCUMENTED_LAB}activation-lab.js'`), component);
  assert.match(component, /import BrowserOnly from '@docusaurus\/BrowserOnly';/);
  assert.match(component, /import\(\/\* webpackIgnore: true \*\/ LAB\)/);
  assert.match(block('Docusaurus', blocks, 'mdx'), /<ActivationLab lesson="output-activation" lang="zh" \/>/);
});

test('each HTML snippet, as a plain page on another origin than the lab, shows its lesson', async () => {
  for (const expected of pages) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    await context.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    try {
      await page.goto(`${course.url}${expected.path}`);
      await page.waitForFunction(() => document.querySelector('activation-lab')?.dataset.ready === 'true', null, { timeout: 30_000 });
      const shown = await page.evaluate(() => {
        const element = document.querySelector('activation-lab');
        return {
          lesson: element.shadowRoot.querySelector('.lesson')?.dataset.lesson ?? null,
          title: element.shadowRoot.querySelector('.lesson-title')?.textContent ?? null,
          lang: element.shadowRoot.querySelector('.lesson')?.lang ?? null,
          panels: Boolean(element.panels.train && element.panels.compare),
        };
      });
      if (expected.panels) assert.equal(shown.panels, true, expected.site);
      else {
        assert.equal(shown.lesson, expected.lesson, expected.site);
        assert.equal(shown.title, expected.title, expected.site);
        assert.equal(shown.lang, expected.lang === 'zh' ? 'zh-Hans' : 'en', expected.site);
      }
      assert.deepEqual(await page.evaluate(() => window.cspViolations), [], expected.site);
      assert.deepEqual(problems, [], expected.site);
    } finally {
      await context.close();
    }
  }
  console.log(`pages built from the snippets: ${pages.map((p) => p.site).join(', ')}`);
});
