#!/usr/bin/env node
// run.mjs — `npm run bench`: every activation's forward and backward
// throughput on 4 Ki and 1 Mi floats for the native build (SIMD and scalar
// kernel tables), the wasm SIMD and wasm scalar builds (in this Node
// process), a plain JavaScript loop and TensorFlow.js's wasm backend, then
// the ratios and the targets of issues #2 and #3, issue #3's training
// benchmark (TensorFlow.js driven two ways, issue #14), issue #14's digits
// benchmark against scikit-learn (where python3-sklearn is installed) and
// issue #13's custom activations (a formula against the built-in silu, in
// kernels and in training, and the compile time of a formula). All figures come from this one run; docs/bench.md explains the
// method.
//
// Everything measured for one activation and size is timed in alternation:
// one batch of each implementation per round, so the ratios compare
// measurements taken side by side even when other work on the machine
// comes and goes (the native build alternates its own batches in its own
// process, just before).
//
// Deliberately left out: pass/fail exit codes (a benchmark informs, the
// tests decide), threads.
//
// Usage: node bench/run.mjs [--quick] [--only ACT,ACT] [--sizes N,N]
//          [--min-batch-ms MS] [--batches K] [--clock cpu|wall] [--no-build] [--no-tfjs]
//          [--no-train] [--no-formula] [--no-csv] [--native-build DIR] [--wasm-build DIR] [--json FILE]

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { buildNative, buildWasm, toolVersion } from './lib/build.mjs';
import { formatCsv, measureCsv } from './lib/csv_bench.mjs';
import { makeJsKernels } from './lib/js_kernels.mjs';
import { DIGITS_MODEL, digitsConfig, findSklearn, readDigits, trainSklearn } from './lib/digits_side.mjs';
import {
  formatDigits, formatFormula, formatKernelTables, formatKernelTargets, formatSignSplit, formatTraining, IMPLEMENTATIONS,
  SIGN_SPLIT_ACTIVATIONS, SIGNS, sizeLabel,
} from './lib/report.mjs';
import {
  loadTfjs, TfjsKernelBench, trainTfjs, trainTfjsLean, TRAINING_MODEL, warmUpTfjs,
} from './lib/tfjs_side.mjs';
import {
  BatchTimer, interleavedMedians, makeInputs, PRELU_CHANNELS, PRELU_SLOPE, worstMismatch,
} from './lib/timing.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHECK_COUNT = 4096; // outputs compared between implementations per row

function parseArgs(argv) {
  const options = {
    sizes: [4096, 1048576],
    only: null,
    timing: { minBatchMs: 4, batches: 7, clock: 'cpu' },
    build: true,
    tfjs: true,
    train: true,
    formula: true,
    csv: true,
    nativeBuild: join(ROOT, 'build/native'),
    wasmBuild: join(ROOT, 'build/wasm'),
    json: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--quick') Object.assign(options.timing, { minBatchMs: 1, batches: 3 });
    else if (arg === '--only') options.only = value().split(',').filter(Boolean);
    else if (arg === '--sizes') options.sizes = value().split(',').map(Number);
    else if (arg === '--min-batch-ms') options.timing.minBatchMs = Number(value());
    else if (arg === '--batches') options.timing.batches = Number(value());
    else if (arg === '--clock') options.timing.clock = value();
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--no-tfjs') options.tfjs = false;
    else if (arg === '--no-train') options.train = false;
    else if (arg === '--no-formula') options.formula = false;
    else if (arg === '--no-csv') options.csv = false;
    else if (arg === '--native-build') options.nativeBuild = resolve(value());
    else if (arg === '--wasm-build') options.wasmBuild = resolve(value());
    else if (arg === '--json') options.json = resolve(value());
    else if (arg === '--help' || arg === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').match(/\/\/ Usage:[^]*?\n\n/)[0]
        .replace(/^\/\/ ?/gm, ''));
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (see --help)`);
  }
  for (const n of options.sizes) {
    if (!(Number.isInteger(n) && n >= PRELU_CHANNELS && n % PRELU_CHANNELS === 0 && n <= 1 << 24)) {
      throw new Error(`--sizes: each size must be a multiple of ${PRELU_CHANNELS} up to 16 Mi, got ${n}`);
    }
  }
  if (!(options.timing.minBatchMs > 0 && options.timing.batches >= 1)) {
    throw new Error('--min-batch-ms must be > 0 and --batches ≥ 1');
  }
  if (!['cpu', 'wall'].includes(options.timing.clock)) throw new Error('--clock must be cpu or wall');
  return options;
}

const progress = (text) => {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
};
const log = (text) => process.stderr.write(`[bench] ${text}\n`);

// ------------------------------------------------------------- native ---
// One process per (activation, size): it prints the SIMD and scalar tables'
// forward and backward times and a memcpy of the same bytes.
function measureNative(binary, act, n, timing) {
  const args = ['--only', act, '--sizes', String(n), '--min-batch-ms', String(timing.minBatchMs),
    '--batches', String(timing.batches), '--clock', timing.clock];
  const result = spawnSync(binary, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${binary} ${args.join(' ')} failed: ${result.error?.message ?? result.stderr.trim()}` +
      (result.error ? ' (build it, or drop --no-build)' : ''));
  }
  const measured = { copy: null, simdName: null };
  for (const line of result.stdout.split('\n').filter(Boolean)) {
    const record = JSON.parse(line);
    if (record.op === 'copy') measured.copy = record.ns;
    else if (record.impl === 'native-scalar') measured[`scalar_${record.op}`] = record.ns;
    else {
      measured.simdName = record.impl.replace(/^native-/, '');
      measured[`simd_${record.op}`] = record.ns;
    }
  }
  return measured;
}

function nativeTraining(binary, timing) {
  const result = spawnSync(binary, ['--train', '--sizes', '64', '--only', 'relu', '--batches',
    String(timing.batches), '--min-batch-ms', String(timing.minBatchMs), '--clock', timing.clock],
    { encoding: 'utf8' });
  if (result.status !== 0) return { unavailable: `actlab_bench --train failed: ${result.stderr.trim()}` };
  const record = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line))
    .find((r) => r.op === 'train');
  return record?.steps_per_second
    ? { stepsPerSecond: record.steps_per_second, lossBefore: record.loss_before, lossAfter: record.loss_after }
    : { unavailable: record?.unavailable ?? 'no result' };
}

// --------------------------------------------------------------- wasm ---
async function loadBenchModule(buildDir, variant) {
  const script = join(buildDir, `actlab-bench-${variant}.js`);
  const factory = createRequire(import.meta.url)(script);
  // Handing over the bytes keeps Emscripten 3.1.6 from fetch()ing a file path,
  // which Node 20's fetch rejects.
  return factory({ wasmBinary: readFileSync(script.replace(/\.js$/, '.wasm')) });
}

// ----------------------------------------------------------------- main ---
async function main() {
  const options = parseArgs(process.argv.slice(2));
  const startedAt = performance.now();
  const loadAtStart = os.loadavg()[0];

  if (options.build) {
    log(`building actlab_bench in ${options.nativeBuild}`);
    buildNative(ROOT, options.nativeBuild);
    log(`building actlab-bench-{simd,scalar}.js in ${options.wasmBuild}`);
    buildWasm(ROOT, options.wasmBuild);
  }
  const nativeBinary = join(options.nativeBuild, 'actlab_bench');
  const wasm = {
    simd: await loadBenchModule(options.wasmBuild, 'simd'),
    scalar: await loadBenchModule(options.wasmBuild, 'scalar'),
  };
  const allActivations = wasm.simd.activationKeys();
  for (const act of options.only ?? []) {
    if (!allActivations.includes(act)) throw new Error(`unknown activation ${act} (known: ${allActivations.join(', ')})`);
  }
  const activations = allActivations.filter((act) => !options.only || options.only.includes(act));
  const { minBatchMs, batches, clock } = options.timing;
  // Run every wasm kernel for a while before anything is measured: V8 first
  // runs baseline (Liftoff) code and swaps in optimised code some time later,
  // which would otherwise land in the first batches of the first rows.
  progress('warming up the wasm modules');
  for (const module of [wasm.simd, wasm.scalar]) {
    for (const act of activations) {
      for (const op of ['forward', 'backward']) module.prepareTimer(op, act, 4096, 5 * minBatchMs, clock, 'mixed');
    }
    for (const op of ['copy', 'vector_copy']) module.prepareTimer(op, '', 4096, 5 * minBatchMs, clock, 'mixed');
    if (options.formula) {
      for (const kind of ['silu', 'custom', 'compile']) module.prepareFormulaTimer(kind, 4096, 5 * minBatchMs, clock);
    }
    module.releaseTimers();
  }
  const tfjs = options.tfjs ? await loadTfjs() : null;
  if (tfjs) {
    progress('warming up TensorFlow.js');
    const warmUpInputs = makeInputs(4096);
    warmUpTfjs(tfjs.tf, warmUpInputs.z, warmUpInputs.dy, options.timing);
  }

  const slopes = new Float32Array(PRELU_CHANNELS).fill(PRELU_SLOPE);
  const jsKernels = makeJsKernels(slopes);
  progress('warming up the JavaScript loops');
  {
    const { z, dy, out } = makeInputs(4096);
    const warmUpTiming = { ...options.timing, minBatchMs: 5 * minBatchMs };
    for (const act of activations) {
      new BatchTimer(() => jsKernels[act].forward(out, z, 4096), warmUpTiming);
      new BatchTimer(() => jsKernels[act].backward(out, z, dy, 4096), warmUpTiming);
    }
  }
  const rows = [];
  const mismatches = [];
  let nativeSimdName = 'simd';

  for (const n of options.sizes) {
    const inputs = makeInputs(n);
    const tfjsBench = tfjs ? new TfjsKernelBench(tfjs.tf, inputs.z, inputs.dy) : null;
    const checkCount = Math.min(n, CHECK_COUNT);
    const { z, dy } = inputs;
    for (const act of activations) {
      progress(`measuring n = ${sizeLabel(n)}: ${act}`);
      // Native: its own process, which alternates its own batches.
      const native = measureNative(nativeBinary, act, n, options.timing);
      nativeSimdName = native.simdName ?? nativeSimdName;

      // In this process: every implementation, both directions and the copy
      // references are timed in alternation, one batch each per round.
      const timers = {};
      const wasmTimer = (module, op) => {
        const id = module.prepareTimer(op, act, n, minBatchMs, clock, 'mixed');
        return id < 0 ? null : { timeBatch: () => module.timeBatch(id) };
      };
      timers.copy = wasmTimer(wasm.simd, 'copy');
      timers.vectorCopy = wasmTimer(wasm.simd, 'vector_copy');
      const jsOutputs = {};
      for (const op of ['forward', 'backward']) {
        timers[`wasmSimd_${op}`] = wasmTimer(wasm.simd, op);
        timers[`wasmScalar_${op}`] = wasmTimer(wasm.scalar, op);
        const kernel = jsKernels[act];
        const out = new Float32Array(n);
        jsOutputs[op] = out;
        timers[`js_${op}`] = new BatchTimer(op === 'forward' ? () => kernel.forward(out, z, n)
          : () => kernel.backward(out, z, dy, n), options.timing);
        if (tfjsBench?.has(act)) {
          timers[`tfjs_${op}`] = op === 'forward' ? tfjsBench.forwardTimer(act, options.timing)
            : tfjsBench.backwardTimer(act, options.timing);
        }
      }
      const names = Object.keys(timers).filter((name) => timers[name]);
      const medians = interleavedMedians(names.map((name) => timers[name]), batches);
      const ns = Object.fromEntries(names.map((name, i) => [name, medians[i] > 0 ? medians[i] : null]));
      wasm.simd.releaseTimers();
      wasm.scalar.releaseTimers();

      const copyNs = { native: native.copy, wasm: ns.copy ?? null, wasmVector: ns.vectorCopy ?? null };
      for (const op of ['forward', 'backward']) {
        rows.push({
          act, op, n, copyNs,
          ns: {
            nativeSimd: native[`simd_${op}`] ?? null,
            nativeScalar: native[`scalar_${op}`] ?? null,
            wasmSimd: ns[`wasmSimd_${op}`] ?? null,
            wasmScalar: ns[`wasmScalar_${op}`] ?? null,
            js: ns[`js_${op}`] ?? null,
            tfjs: ns[`tfjs_${op}`] ?? null,
          },
        });
        // What was timed computes the same function everywhere.
        const wasmOutput = wasm.simd.kernelOutput(op, act, n, checkCount);
        const jsMismatch = worstMismatch(jsOutputs[op], wasmOutput, checkCount);
        if (jsMismatch > 1) mismatches.push(`${act} ${op} n=${n}: JS loop vs wasm SIMD ${jsMismatch.toFixed(1)}`);
        if (timers[`tfjs_${op}`]) {
          const tfjsOutput = op === 'forward' ? tfjsBench.forwardOutput(act) : tfjsBench.backwardOutput(act);
          const tfjsMismatch = worstMismatch(tfjsOutput, jsOutputs[op], checkCount);
          if (tfjsMismatch > 1) mismatches.push(`${act} ${op} n=${n}: tfjs vs JS loop ${tfjsMismatch.toFixed(1)}`);
        }
      }
    }
    tfjsBench?.dispose();
  }

  // Sign split: elu's and selu's scalar kernels compute e^z only where
  // z < 0 (V8 compiles their final select as a branch), the SIMD kernels
  // compute it in every lane. Both wasm builds are timed again on inputs of
  // one sign (the benchmark's magnitudes) and on the mixed inputs, all in
  // alternation, on the first size, so the ratios on equal work and on the
  // benchmark's inputs come from the same rounds.
  const signSplit = [];
  const splitSize = options.sizes[0];
  for (const act of activations.filter((a) => SIGN_SPLIT_ACTIVATIONS.includes(a))) {
    progress(`measuring the sign split: ${act}`);
    const names = [];
    const splitTimers = [];
    for (const op of ['forward', 'backward']) {
      for (const signs of SIGNS) {
        for (const [build, module] of [['wasmSimd', wasm.simd], ['wasmScalar', wasm.scalar]]) {
          const id = module.prepareTimer(op, act, splitSize, minBatchMs, clock, signs);
          if (id < 0) continue;
          names.push({ op, signs, build });
          splitTimers.push({ timeBatch: () => module.timeBatch(id) });
        }
      }
    }
    const medians = interleavedMedians(splitTimers, batches);
    wasm.simd.releaseTimers();
    wasm.scalar.releaseTimers();
    for (const op of ['forward', 'backward']) {
      const ns = {};
      names.forEach((name, i) => {
        if (name.op === op && medians[i] > 0) ns[`${name.build}_${name.signs}`] = medians[i];
      });
      signSplit.push({ act, op, n: splitSize, ns });
    }
  }

  // Issue #3's training benchmark. Our trainer plugs in through
  // bench/training_bench.hpp (HOOK there), which both the native binary and
  // the wasm modules call; TensorFlow.js's side is in lib/tfjs_side.mjs.
  const training = {};
  // A step takes 0.1 to 10 ms: batches ten times longer than the kernels'.
  const trainingTiming = { ...options.timing, minBatchMs: options.timing.minBatchMs * 10 };
  if (options.train) {
    progress('measuring training');
    training.native = nativeTraining(nativeBinary, trainingTiming);
    for (const [key, module] of [['wasmSimd', wasm.simd], ['wasmScalar', wasm.scalar]]) {
      const result = module.measureTraining(trainingTiming.minBatchMs, batches, clock);
      training[key] = result.available
        ? { stepsPerSecond: result.stepsPerSecond, lossBefore: result.lossBefore, lossAfter: result.lossAfter }
        : { unavailable: result.reason };
    }
    if (tfjs) {
      // Both ways of driving TensorFlow.js: the Layers API (tf.sequential)
      // and the lean one (tf.variable + matMul/add/relu + minimize).
      for (const [key, train] of [['tfjs', trainTfjs], ['tfjsLean', trainTfjsLean]]) {
        const result = train(tfjs.tf, trainingTiming);
        training[key] = { stepsPerSecond: result.stepsPerSecond, lossBefore: result.lossBefore, lossAfter: result.lossAfter };
        if (result.leakedTensors) mismatches.push(`${key} training leaked ${result.leakedTensors} tensors per run`);
      }
    } else {
      training.tfjs = { unavailable: '--no-tfjs' };
      training.tfjsLean = { unavailable: '--no-tfjs' };
    }
    // Every trainer timed must also have learned while it was timed.
    for (const [key, result] of Object.entries(training)) {
      if (result.stepsPerSecond && !(result.lossAfter < result.lossBefore)) {
        mismatches.push(`${key} training: loss ${result.lossBefore} → ${result.lossAfter}, not learning`);
      }
    }
  }
  // Issue #14's digits benchmark (lib/digits_side.mjs): whole runs of 2,000
  // steps, ours in both wasm builds and scikit-learn's MLPClassifier.
  let digits = null;
  if (options.train) {
    progress('measuring digits');
    const sklearn = findSklearn();
    if (sklearn.unavailable) {
      digits = { unavailable: sklearn.unavailable };
    } else {
      digits = {};
      const config = JSON.stringify(digitsConfig(readDigits(sklearn.sklearnDir)));
      for (const [key, module] of [['wasmSimd', wasm.simd], ['wasmScalar', wasm.scalar]]) {
        const result = module.measureConfigTraining(config, DIGITS_MODEL.steps, DIGITS_MODEL.repeats, clock);
        digits[key] = result.available
          ? { stepsPerSecond: result.stepsPerSecond, testAccuracy: result.testAccuracy, loss: result.loss }
          : { unavailable: result.reason };
      }
      digits.sklearn = trainSklearn(sklearn.python);
    }
  }

  // Issue 13: a custom z*sigmoid(z) against the built-in silu (kernels and
  // training, each pair timed in alternation) and the compile time of a
  // 256-character formula, in both wasm builds.
  const formula = {};
  const FORMULA_SIZE = 4096;
  if (options.formula) {
    for (const [key, module] of [['wasmSimd', wasm.simd], ['wasmScalar', wasm.scalar]]) {
      progress(`measuring custom formulas (${key})`);
      const ids = ['silu', 'custom', 'compile'].map((kind) => module.prepareFormulaTimer(kind, FORMULA_SIZE, minBatchMs, clock));
      if (ids.some((id) => id < 0)) {
        mismatches.push(`${key}: the formula timers could not be prepared`);
        continue;
      }
      const medians = interleavedMedians(ids.map((id) => ({ timeBatch: () => module.timeBatch(id) })), batches);
      module.releaseTimers();
      formula[key] = {
        siluNs: medians[0],
        customNs: medians[1],
        compileNs: medians[2],
        training: module.measureDefaultNetworkTraining(trainingTiming.minBatchMs, batches, clock),
      };
    }
  }

  // Issue #14's CSV target (lib/csv_bench.mjs), on the shipped wasm modules.
  let csv = null;
  if (options.csv) {
    progress('measuring CSV parsing');
    csv = await measureCsv(options.wasmBuild);
  }
  progress('');

  // ------------------------------------------------------------- report ---
  const cpus = os.cpus();
  const seconds = (performance.now() - startedAt) / 1000;
  const lines = [
    'activation-lab benchmark (npm run bench)',
    `machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} logical cores, ${os.platform()} ${os.release()}`,
    `tools: Node ${process.version}, native compiler c++ ${toolVersion('c++')}, Emscripten ${toolVersion('emcc')}`,
    `tfjs: ${tfjs ? tfjs.description : 'not measured (--no-tfjs)'}`,
    `method: median of ${batches} batches of back-to-back calls, each batch ≥ ${minBatchMs} ms, after an unmeasured warm-up batch;`,
    '        the implementations of one row take turns, one batch each per round;',
    `        timed in ${clock === 'cpu' ? 'CPU time (thread CPU time natively, process CPU time in Node)' : 'wall-clock time'};`,
    '        inputs in [-8, 8), separate output buffer; prelu with 64 per-column slopes; backward = dy·f\'(z) (tfjs: tf.grad)',
    'columns:',
    ...IMPLEMENTATIONS.map((impl) => `  ${impl.label.padEnd(9)} ${impl.key === 'nativeSimd'
      ? impl.about.replace('SSE2', nativeSimdName) : impl.about}`),
    'ratios: simd/scal and simd/tfjs = wasm SIMD throughput ÷ the other\'s; t/copy = wasm SIMD time ÷ time of a memcpy',
    '        of the n floats in the wasm heap (1.00× = as fast as copying); t/v128 = the same against a wasm v128',
    '        load/store copy loop shaped like the kernels\' loops; n/a = no such op or not measured',
    ...formatKernelTables(rows, activations, options.sizes),
    '',
    'targets (issue #2, wasm SIMD build)',
    ...formatKernelTargets(rows, options.sizes),
  ];
  if (signSplit.length) lines.push('', ...formatSignSplit(signSplit));
  if (options.train) {
    const m = TRAINING_MODEL;
    lines.push('', ...formatTraining(training,
      `${m.inputs}-${Array(m.hiddenLayers).fill(m.hiddenUnits).join('-')}-1 ReLU MLP, batch ${m.batch}, ` +
      `SGD lr ${m.learningRate}, He-normal init, BCE with logits, ${m.samples} moons points (issue #3)`));
  }
  if (digits) {
    const m = DIGITS_MODEL;
    lines.push('', ...formatDigits(digits,
      `64-${m.hiddenUnits}-10 ReLU MLP, softmax, Adam lr ${m.learningRate}, batch ${m.batch}, ${m.steps} steps, ` +
      `scikit-learn's 1797 digits as data.kind custom (20% held out), ${m.repeats} runs (issue #14)`));
  }
  if (options.formula) lines.push('', ...formatFormula(formula, FORMULA_SIZE));
  if (csv) lines.push('', ...formatCsv(csv));
  lines.push('', mismatches.length
    ? `checks: ${mismatches.length} problem(s):\n  ${mismatches.join('\n  ')}`
    : `checks: the JS loop agrees with wasm SIMD${tfjs ? ', and tfjs with the JS loop,' : ''} on the first ` +
      `${CHECK_COUNT} outputs of every row (|a − b| ≤ 1e-5 + 1e-4·|b|)`);
  lines.push(`run took ${seconds.toFixed(0)} s; 1-minute load average ${loadAtStart.toFixed(2)} at start, ` +
    `${os.loadavg()[0].toFixed(2)} at end`);
  console.log(lines.join('\n'));

  if (options.json) {
    writeFileSync(options.json, JSON.stringify({ options, rows, signSplit, training, digits, formula, csv, mismatches }, null, 1));
  }
}

main().catch((error) => {
  progress('');
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
