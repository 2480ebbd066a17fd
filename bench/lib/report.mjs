// report.mjs — turns the measurements into the printed report: one table
// per (direction, size) with throughputs and ratios, then the targets of
// issues #2 and #3 with PASS / MISS. Pure formatting and arithmetic: no
// timing here, and no number is written into this file except the targets
// the issues set.

import { median } from './timing.mjs';

// Implementations, in column order. Keys are those of a row's `ns`.
export const IMPLEMENTATIONS = [
  { key: 'nativeSimd', label: 'nat-simd', about: 'native build, SIMD kernel table (SSE2)' },
  { key: 'nativeScalar', label: 'nat-scal', about: 'native build, scalar kernel table' },
  { key: 'wasmSimd', label: 'wasm-simd', about: 'wasm SIMD128 module in Node' },
  { key: 'wasmScalar', label: 'wasm-scal', about: 'wasm scalar module (no SIMD) in Node' },
  { key: 'js', label: 'js', about: 'plain JavaScript loop over Float32Array (Math.exp, ...)' },
  { key: 'tfjs', label: 'tfjs', about: 'TensorFlow.js wasm backend (backward: tf.grad of the op)' },
];

const TRANSCENDENTAL = ['sigmoid', 'tanh', 'elu', 'selu', 'gelu', 'gelu_tanh', 'silu', 'mish', 'softplus'];
const RELU_FAMILY = ['relu', 'relu6', 'leaky_relu', 'prelu'];

// Kernel targets of issue #2, for the wasm SIMD build. `value` maps a row to
// the figure compared with `limit`; null when a measurement is missing.
export const KERNEL_TARGETS = [
  {
    title: 'wasm SIMD ≥ 4× wasm scalar (transcendental activations; forward and backward)',
    activations: TRANSCENDENTAL,
    ops: ['forward', 'backward'],
    value: (row) => ratio(row.ns.wasmScalar, row.ns.wasmSimd),
    passes: (value) => value >= 4,
    format: formatRatio,
  },
  {
    title: 'ReLU family within 1.5× of a plain copy of the same bytes (wasm SIMD forward time ÷ wasm memcpy time)',
    activations: RELU_FAMILY,
    ops: ['forward'],
    value: (row) => ratio(row.ns.wasmSimd, row.copyNs.wasm),
    passes: (value) => value <= 1.5,
    format: formatRatio,
    // Not judged: the same against the v128 copy loop, for context.
    note: (row) => `v128 loop ${formatRatio(ratio(row.ns.wasmSimd, row.copyNs.wasmVector))}`,
  },
  ...[['sigmoid', 1.2], ['elu', 1.2], ['leaky_relu', 5], ['prelu', 5], ['tanh', 10]].map(([act, limit]) => ({
    title: `wasm SIMD ≥ ${limit}× TensorFlow.js wasm on ${act} (forward)`,
    activations: [act],
    ops: ['forward'],
    value: (row) => ratio(row.ns.tfjs, row.ns.wasmSimd),
    passes: (value) => value >= limit,
    format: formatRatio,
  })),
];

function ratio(numerator, denominator) {
  return numerator > 0 && denominator > 0 ? numerator / denominator : null;
}

// Three significant digits, never in exponent form for the values we see.
export function formatNumber(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  if (value >= 100) return value.toFixed(0);
  return value.toPrecision(3);
}

export function formatRatio(value) {
  return value === null ? 'n/a' : `${formatNumber(value)}×`;
}

export function sizeLabel(n) {
  if (n % (1 << 20) === 0) return `${n / (1 << 20)} Mi`;
  if (n % 1024 === 0) return `${n / 1024} Ki`;
  return String(n);
}

const pad = (text, width) => String(text).padStart(width);

// rows: [{ act, op, n, ns: {impl: ns}, copyNs: { native, wasm } }]
export function formatKernelTables(rows, activations, sizes) {
  const lines = [];
  const columnWidth = 10;
  for (const op of ['forward', 'backward']) {
    for (const n of sizes) {
      lines.push('');
      lines.push(`${op}, n = ${n} (${sizeLabel(n)} floats): throughput in elements/ns, higher is better`);
      lines.push('activation  ' + IMPLEMENTATIONS.map((impl) => pad(impl.label, columnWidth)).join('') +
        ' │' + ['simd/scal', 'simd/tfjs', 't/copy', 't/v128'].map((label) => pad(label, columnWidth)).join(''));
      for (const act of activations) {
        const row = rows.find((r) => r.act === act && r.op === op && r.n === n);
        if (!row) continue;
        const throughputs = IMPLEMENTATIONS.map((impl) =>
          pad(formatNumber(row.ns[impl.key] > 0 ? n / row.ns[impl.key] : null), columnWidth));
        const ratios = [
          ratio(row.ns.wasmScalar, row.ns.wasmSimd),
          ratio(row.ns.tfjs, row.ns.wasmSimd),
          ratio(row.ns.wasmSimd, row.copyNs.wasm),
          ratio(row.ns.wasmSimd, row.copyNs.wasmVector),
        ].map((value) => pad(formatRatio(value), columnWidth));
        lines.push(act.padEnd(12) + throughputs.join('') + ' │' + ratios.join(''));
      }
    }
  }
  lines.push('');
  for (const n of sizes) {
    const copies = rows.filter((r) => r.n === n);
    const nativeCopy = median(copies.map((r) => r.copyNs.native).filter((v) => v > 0));
    const wasmCopy = median(copies.map((r) => r.copyNs.wasm).filter((v) => v > 0));
    const vectorCopy = median(copies.map((r) => r.copyNs.wasmVector).filter((v) => v > 0));
    lines.push(`copy of ${sizeLabel(n)} floats (median over rows), elements/ns: memcpy native ${formatNumber(n / nativeCopy)}, ` +
      `memcpy wasm ${formatNumber(n / wasmCopy)}, v128 loop wasm ${formatNumber(n / vectorCopy)}`);
  }
  return lines;
}

// One line per (target, activation): the figure for each op and size, then
// PASS when every one meets the target, MISS when one does not, n/a when a
// measurement is missing.
export function formatKernelTargets(rows, sizes) {
  const lines = [];
  const summary = { pass: 0, miss: 0, unavailable: 0 };
  for (const target of KERNEL_TARGETS) {
    const measured = target.activations.filter((act) => rows.some((r) => r.act === act));
    if (measured.length === 0) continue; // --only left them out
    lines.push(target.title);
    for (const act of measured) {
      const cells = [];
      let verdict = 'PASS';
      for (const op of target.ops) {
        for (const n of sizes) {
          const row = rows.find((r) => r.act === act && r.op === op && r.n === n);
          const value = row ? target.value(row) : null;
          const note = target.note && row ? ` (${target.note(row)})` : '';
          cells.push(`${op.slice(0, 3)} ${sizeLabel(n)} ${target.format(value)}${note}`);
          if (value === null) verdict = verdict === 'MISS' ? 'MISS' : 'n/a';
          else if (!target.passes(value)) verdict = 'MISS';
        }
      }
      summary[verdict === 'PASS' ? 'pass' : verdict === 'MISS' ? 'miss' : 'unavailable'] += 1;
      lines.push(`  ${verdict.padEnd(4)}  ${act.padEnd(11)} ${cells.map((c) => c.padEnd(17)).join(' ')}`.trimEnd());
    }
  }
  lines.push(`kernel targets: ${summary.pass} PASS, ${summary.miss} MISS` +
    (summary.unavailable ? `, ${summary.unavailable} n/a` : ''));
  return lines;
}

// The sign split (see bench/run.mjs): activations whose scalar kernels skip
// the exponential for z > 0, and the input signs they are timed on.
export const SIGN_SPLIT_ACTIVATIONS = ['elu', 'selu'];
export const SIGNS = ['negative', 'positive', 'mixed'];

// rows: [{ act, op, n, ns: { wasmSimd_negative, wasmScalar_mixed, ... } }].
// Throughputs on each sign, then wasm SIMD ÷ wasm scalar on z < 0 (the same
// work in both builds) and on the mixed inputs (the benchmark's).
export function formatSignSplit(rows) {
  const n = rows[0].n;
  const columnWidth = 11;
  const signLabel = { negative: 'z<0', positive: 'z>0', mixed: 'mixed' };
  const columns = ['wasmSimd', 'wasmScalar'].flatMap((build) => SIGNS.map((signs) => ({
    key: `${build}_${signs}`, label: `${build === 'wasmSimd' ? 'simd' : 'scal'} ${signLabel[signs]}`,
  })));
  const lines = [
    `sign split, n = ${n} (${sizeLabel(n)} floats), wasm builds: elements/ns on inputs of one sign (the benchmark's`,
    '        magnitudes) and on the mixed inputs, timed in alternation; the scalar kernels compute e^z only where',
    '        z < 0, the SIMD kernels in every lane',
    'activation  op       ' + columns.map((c) => pad(c.label, columnWidth)).join('') + ' │' +
      ['s/s z<0', 's/s mixed'].map((label) => pad(label, columnWidth)).join(''),
  ];
  for (const row of rows) {
    const throughputs = columns.map((c) => pad(formatNumber(row.ns[c.key] > 0 ? n / row.ns[c.key] : null), columnWidth));
    const ratios = ['negative', 'mixed'].map((signs) =>
      pad(formatRatio(ratio(row.ns[`wasmScalar_${signs}`], row.ns[`wasmSimd_${signs}`])), columnWidth));
    lines.push(row.act.padEnd(12) + row.op.padEnd(9) + throughputs.join('') + ' │' + ratios.join(''));
  }
  return lines;
}

// training: { native, wasmSimd, wasmScalar, tfjs }, each
// { stepsPerSecond } or { unavailable: reason }.
export function formatTraining(training, modelDescription) {
  const lines = [`training: ${modelDescription}; steps/s, higher is better`];
  const names = {
    native: 'native', wasmSimd: 'wasm SIMD', wasmScalar: 'wasm scalar', tfjs: 'tfjs wasm', tfjsLean: 'tfjs lean',
  };
  for (const [key, name] of Object.entries(names)) {
    const result = training[key];
    lines.push(`  ${name.padEnd(12)} ` + (result?.stepsPerSecond
      ? `${formatNumber(result.stepsPerSecond).padStart(8)}   (loss ${formatNumber(result.lossBefore)} → ` +
        `${formatNumber(result.lossAfter)} over the timed steps)`
      : `n/a (${result?.unavailable ?? 'not measured'})`));
  }
  const speed = (key) => training[key]?.stepsPerSecond ?? null;
  const checks = [
    ['wasm SIMD ≥ 10× tfjs wasm (tf.sequential)', ratio(speed('wasmSimd'), speed('tfjs')), (v) => v >= 10],
    ['wasm SIMD ≥ 15× tfjs lean (issue #14)', ratio(speed('wasmSimd'), speed('tfjsLean')), (v) => v >= 15],
    ['wasm SIMD ≥ 2.5× wasm scalar', ratio(speed('wasmSimd'), speed('wasmScalar')), (v) => v >= 2.5],
    ['wasm SIMD within 1.6× of native (native ÷ wasm SIMD)', ratio(speed('native'), speed('wasmSimd')), (v) => v <= 1.6],
  ];
  for (const [title, value, passes] of checks) {
    const verdict = value === null ? 'n/a ' : passes(value) ? 'PASS' : 'MISS';
    lines.push(`  ${verdict}  ${title}: ${formatRatio(value)}`);
  }
  return lines;
}

// Issue #14's digits benchmark: our builds against scikit-learn's
// MLPClassifier, and the accuracy check.
export function formatDigits(digits, modelDescription) {
  const lines = [`digits: ${modelDescription}; steps/s, higher is better (CPU time of whole runs, median of the repeats)`];
  if (digits.unavailable) return [...lines, `  n/a (${digits.unavailable})`];
  const accuracy = (value) => (Number.isFinite(value) ? `${(100 * value).toFixed(1)}%` : 'n/a');
  const names = { wasmSimd: 'wasm SIMD', wasmScalar: 'wasm scalar', sklearn: 'scikit-learn' };
  for (const [key, name] of Object.entries(names)) {
    const result = digits[key];
    lines.push(`  ${name.padEnd(12)} ` + (result?.stepsPerSecond
      ? `${formatNumber(result.stepsPerSecond).padStart(8)}   test accuracy ${accuracy(result.testAccuracy)}`
      : `n/a (${result?.unavailable ?? 'not measured'})`));
  }
  const sk = digits.sklearn;
  if (sk?.stepsPerSecond) {
    const blas = sk.blas?.length
      ? sk.blas.map((b) => `${b.api} ${b.version ?? ''} ${b.kernel ?? ''} kernel, ${b.threads} thread(s)`).join('; ')
      : 'no BLAS found by threadpoolctl';
    lines.push(`  scikit-learn: MLPClassifier (sklearn ${sk.sklearn}, NumPy ${sk.numpy}, ${blas}); ` +
      `${sk.steps} steps = ${sk.epochs} epochs of ${sk.train} rows, ${sk.test} test rows`);
  }
  const simd = digits.wasmSimd?.stepsPerSecond ?? null;
  const speed = ratio(simd, sk?.stepsPerSecond ?? null);
  const points = simd && sk?.stepsPerSecond ? 100 * (digits.wasmSimd.testAccuracy - sk.testAccuracy) : null;
  const verdict = (value, passes) => (value === null ? 'n/a ' : passes(value) ? 'PASS' : 'MISS');
  lines.push(`  ${verdict(speed, (v) => v >= 6)}  wasm SIMD ≥ 6× scikit-learn: ${formatRatio(speed)}`);
  lines.push(`  ${verdict(points, (v) => Math.abs(v) <= 2)}  test accuracy within 2 points of scikit-learn: ` +
    `${points === null ? 'n/a' : `${points >= 0 ? '+' : ''}${points.toFixed(1)} points`}`);
  return lines;
}

// Issue 13: custom activations. formula = { wasmSimd: { siluNs, customNs,
// compileNs, training: { available, siluStepsPerSecond, customStepsPerSecond, reason } }, wasmScalar: … }.
export function formatFormula(formula, n) {
  const names = { wasmSimd: 'wasm SIMD', wasmScalar: 'wasm scalar' };
  const lines = [`custom activations (issue 13): z*sigmoid(z) typed as a formula against the built-in silu`];
  lines.push(`  forward + backward on ${sizeLabel(n)} floats, ns per call (lower is better)`);
  lines.push(`  ${'build'.padEnd(12)} ${pad('silu', 10)} ${pad('custom', 10)} ${pad('custom÷silu', 12)}`);
  for (const [key, name] of Object.entries(names)) {
    const f = formula[key];
    if (!f) continue;
    lines.push(`  ${name.padEnd(12)} ${pad(formatNumber(f.siluNs), 10)} ${pad(formatNumber(f.customNs), 10)} ` +
      `${pad(formatRatio(ratio(f.customNs, f.siluNs)), 12)}`);
  }
  lines.push('  training the default network ({}: moons 400, 2-16-16-1, batch 32, SGD), steps/s (higher is better)');
  lines.push(`  ${'build'.padEnd(12)} ${pad('silu', 10)} ${pad('custom', 10)} ${pad('silu÷custom', 12)}`);
  for (const [key, name] of Object.entries(names)) {
    const t = formula[key]?.training;
    if (!t) continue;
    lines.push(`  ${name.padEnd(12)} ` + (t.available
      ? `${pad(formatNumber(t.siluStepsPerSecond), 10)} ${pad(formatNumber(t.customStepsPerSecond), 10)} ` +
        `${pad(formatRatio(ratio(t.siluStepsPerSecond, t.customStepsPerSecond)), 12)}`
      : `n/a (${t.reason})`));
  }
  lines.push('  parse + derive f′, f″ + compile a 256-character formula, µs per formula: ' +
    Object.entries(names).filter(([key]) => formula[key])
      .map(([key, name]) => `${name} ${formatNumber(formula[key].compileNs / 1000)}`).join(', '));
  const simd = formula.wasmSimd ?? {};
  const checks = [
    ['custom z*sigmoid(z) forward + backward within 3× of silu (wasm SIMD)', ratio(simd.customNs, simd.siluNs), (v) => v <= 3],
    ['training with it within 1.5× of silu, steps/s (wasm SIMD; silu ÷ custom)',
      simd.training?.available ? ratio(simd.training.siluStepsPerSecond, simd.training.customStepsPerSecond) : null,
      (v) => v <= 1.5],
  ];
  for (const [title, value, passes] of checks) {
    const verdict = value === null ? 'n/a ' : passes(value) ? 'PASS' : 'MISS';
    lines.push(`  ${verdict}  ${title}: ${formatRatio(value)}`);
  }
  const compileMs = simd.compileNs ? simd.compileNs / 1e6 : null;
  lines.push(`  ${compileMs === null ? 'n/a ' : compileMs < 1 ? 'PASS' : 'MISS'}  parse + compile of a 256-character ` +
    `formula under 1 ms (wasm SIMD): ${compileMs === null ? 'n/a' : `${formatNumber(compileMs)} ms`}`);
  return lines;
}
