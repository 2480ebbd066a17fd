// csv_bench.mjs — issue #14's CSV target in `npm run bench`: the time
// lab.dataFromCsv takes for a 100,000 × 64 CSV (the limits of dataFromCsv)
// in each wasm build, through the shipped module's own binding
// (build/wasm/actlab-{simd,scalar}.mjs, `_dataFromCsv`), so the figure
// includes handing the text to wasm and copying the arrays out. Target:
// at most 1 s.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CSV_ROWS = 100_000;
export const CSV_FEATURES = 64;
export const CSV_TARGET_MS = 1000;

/** A CSV like a real export: header, 64 numeric columns with 2-4 decimals, a text label. */
export function makeCsv(rows = CSV_ROWS, features = CSV_FEATURES) {
  const lines = [[...Array.from({ length: features }, (_, i) => `feature_${i}`), 'label'].join(',')];
  let state = 12345;
  const next = () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state / 4294967296;
  };
  for (let r = 0; r < rows; r++) {
    const cells = [];
    for (let c = 0; c < features; c++) cells.push((next() * 200 - 100).toFixed(2 + (c % 3)));
    cells.push(next() < 0.5 ? 'yes' : 'no');
    lines.push(cells.join(','));
  }
  return lines.join('\n');
}

/** Median parse time in ms per build, or { unavailable } when the module is not built. */
export async function measureCsv(wasmDir, runs = 5) {
  const text = makeCsv();
  const results = { megabytes: Buffer.byteLength(text) / 1e6 };
  for (const variant of ['simd', 'scalar']) {
    const script = join(wasmDir, `actlab-${variant}.mjs`);
    let module;
    try {
      const { default: create } = await import(pathToFileURL(script).href);
      module = await create({ wasmBinary: readFileSync(join(wasmDir, `actlab-${variant}.wasm`)) });
    } catch (error) {
      results[variant] = { unavailable: `${script}: ${error.message} (scripts/build.sh wasm)` };
      continue;
    }
    const times = [];
    for (let run = 0; run <= runs; run++) {
      const started = performance.now();
      const result = module._dataFromCsv(text, 0, '', -1);
      const elapsed = performance.now() - started;
      if (result.error) throw new Error(`dataFromCsv refused the benchmark CSV: ${result.error}`);
      if (result.y.length !== CSV_ROWS) throw new Error(`dataFromCsv read ${result.y.length} rows, not ${CSV_ROWS}`);
      if (run > 0) times.push(elapsed); // run 0 warms up
    }
    times.sort((a, b) => a - b);
    results[variant] = { ms: times[Math.floor(times.length / 2)] };
  }
  return results;
}

/** The report's lines. */
export function formatCsv(results) {
  const cell = (result) => (result.ms === undefined ? `n/a (${result.unavailable})` : `${result.ms.toFixed(0)} ms`);
  const simd = results.simd.ms;
  return [
    `CSV parsing (issue #14): lab.dataFromCsv of ${CSV_ROWS} rows × ${CSV_FEATURES} numeric features + a text label, ` +
      `${results.megabytes.toFixed(1)} MB, median of 5`,
    `  wasm SIMD ${cell(results.simd)}, wasm scalar ${cell(results.scalar)}`,
    `  target: at most ${CSV_TARGET_MS} ms in wasm: ${simd === undefined ? 'n/a' : simd <= CSV_TARGET_MS ? 'PASS' : 'MISS'}`,
  ];
}
