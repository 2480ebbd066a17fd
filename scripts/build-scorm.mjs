// scripts/build-scorm.mjs — one SCORM 1.2 package per lesson:
// dist/scorm/<lesson-id>.zip, a single SCO that an LMS (Moodle, Canvas,
// Blackboard, SCORM Cloud…) imports as an activity. Each zip holds
//
//   imsmanifest.xml   one organization, one item, one resource of
//                     adlcp:scormtype "sco" whose href is index.html, listing
//                     every file of the package
//   index.html        the lesson's page (web/scorm.html with the lesson's id
//                     and title written in), whose script talks to the LMS
//                     (web/src/embed/scorm-page.ts)
//   assets/           its modules, worker, stylesheet and both .wasm builds
//
// The page is built once by Vite (vite.element.config.ts, --mode scorm)
// into a scratch directory, then copied into every package. The lessons'
// ids and English titles come from the sources (catalogue.ts,
// lessons.en.ts), compiled here by esbuild. Zips are written by
// scripts/zip.mjs (no ZIP library in node_modules; Node's zlib has CRC-32
// and deflate).
//   node scripts/build-scorm.mjs [--out DIR]     (default dist/scorm)
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

import { zipArchive } from './zip.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outArgument = process.argv.indexOf('--out');
const outDir = outArgument > 0 ? resolve(process.argv[outArgument + 1]) : join(root, 'dist/scorm');
const pageDir = join(outDir, '.page');

/** The lessons' ids and English titles, read from the TypeScript sources. */
async function lessons() {
  const bundled = await esbuild({
    absWorkingDir: root,
    stdin: {
      contents: "export { LESSON_IDS } from './web/src/lessons/catalogue';\nexport { lessonsEn } from './web/src/i18n/lessons.en';\n",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'warning',
  });
  const module = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);
  return module.LESSON_IDS.map((id) => ({ id, title: module.lessonsEn[`lesson.${id}.title`] }));
}

const escapeXml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The SCORM 1.2 manifest of a single-SCO package whose launch page is index.html. */
export function manifest({ id, title }, files) {
  const fileList = files.map((file) => `      <file href="${escapeXml(file)}"/>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="activation-lab-${escapeXml(id)}" version="1.0"
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="activation-lab">
    <organization identifier="activation-lab">
      <title>Activation Lab: ${escapeXml(title)}</title>
      <item identifier="lesson" identifierref="sco" isvisible="true">
        <title>${escapeXml(title)}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco" type="webcontent" adlcp:scormtype="sco" href="index.html">
${fileList}
    </resource>
  </resources>
</manifest>
`;
}

/** Every file under `directory`, as '/'-separated paths relative to it, sorted. */
function filesUnder(directory) {
  const found = [];
  const walk = (current) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(directory, path).split(sep).join('/'));
    }
  };
  walk(directory);
  return found.sort();
}

const all = await lessons();
rmSync(outDir, { recursive: true, force: true });
await viteBuild({
  configFile: join(root, 'vite.element.config.ts'),
  mode: 'scorm',
  build: { outDir: pageDir, emptyOutDir: true },
  logLevel: 'warn',
});

const template = readFileSync(join(pageDir, 'scorm.html'), 'utf8');
if (!template.includes('__ACTLAB_LESSON__') || !template.includes('__ACTLAB_TITLE__')) {
  console.error('build-scorm: the built scorm.html has lost its __ACTLAB_LESSON__ / __ACTLAB_TITLE__ placeholders');
  process.exit(1);
}
const assets = filesUnder(pageDir).filter((file) => file !== 'scorm.html');
const assetEntries = assets.map((file) => ({ name: file, data: readFileSync(join(pageDir, file)) }));

mkdirSync(outDir, { recursive: true });
for (const lesson of all) {
  const page = template.replaceAll('__ACTLAB_LESSON__', escapeXml(lesson.id)).replaceAll('__ACTLAB_TITLE__', escapeXml(`${lesson.title} · Activation Lab`));
  const files = ['index.html', ...assets];
  const archive = zipArchive([
    { name: 'imsmanifest.xml', data: Buffer.from(manifest(lesson, files)) },
    { name: 'index.html', data: Buffer.from(page) },
    ...assetEntries,
  ]);
  writeFileSync(join(outDir, `${lesson.id}.zip`), archive);
  console.log(`build-scorm: ${relative(root, join(outDir, `${lesson.id}.zip`))} (${files.length + 1} files, ${(archive.length / 1000).toFixed(0)} kB)`);
}
rmSync(pageDir, { recursive: true, force: true });
