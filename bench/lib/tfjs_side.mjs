// tfjs_side.mjs — the TensorFlow.js side of the benchmark: its WebAssembly
// backend (@tensorflow/tfjs-backend-wasm, XNNPACK inside) in Node, on one
// thread like our modules.
//   - activation ops where TensorFlow.js has them, forward (the op) and
//     backward (tf.grad of the op, which is what training with it costs);
//   - issue #3's training benchmark: the same 2-64-64-64-1 ReLU MLP,
//     trained with tf.sequential + SGD (trainTfjs), and the same model
//     driven the leanest way TensorFlow.js allows (trainTfjsLean, issue #14):
//     tf.variable weights, matMul + add + relu, minimize on fixed batches.
// Fairness: inputs are uploaded once and stay on the backend; the wasm
// backend runs each op synchronously when it is called, so timing the call
// times the kernel plus TensorFlow.js's own per-op overhead (allocating the
// output tensor), with no download in the measured loop.

import { performance } from 'node:perf_hooks';

import { BatchTimer, medianNsPerCall, PRELU_CHANNELS, PRELU_SLOPE } from './timing.mjs';

// Loads TensorFlow.js with the wasm backend. Returns { tf, description }.
export async function loadTfjs() {
  // Importing tfjs in Node prints an advert for tfjs-node; keep the report clean.
  const originalLog = console.log;
  const originalWarn = console.warn;
  const isAdvert = (args) => String(args[0] ?? '').includes('tfjs-node');
  console.log = (...args) => { if (!isAdvert(args)) originalLog(...args); };
  console.warn = (...args) => { if (!isAdvert(args)) originalWarn(...args); };
  try {
    const tf = await import('@tensorflow/tfjs');
    await import('@tensorflow/tfjs-backend-wasm');
    // Our kernels run on one thread; so does the backend (it would otherwise
    // use a thread pool where SharedArrayBuffer allows it).
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") failed');
    await tf.ready();
    const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
    return {
      tf,
      description: `TensorFlow.js ${tf.version.tfjs}, backend wasm (${simd ? 'SIMD' : 'no SIMD'}, 1 thread)`,
    };
  } finally {
    console.log = originalLog;
    console.warn = originalWarn;
  }
}

// The ops TensorFlow.js has for our activations, with our default
// parameters. Everything else (identity, gelu, gelu_tanh, silu, mish,
// hardsigmoid, hardswish, softsign) has no op of its own there: n/a.
function activationOps(tf, slopes) {
  return {
    sigmoid: (x) => tf.sigmoid(x),
    tanh: (x) => tf.tanh(x),
    relu: (x) => tf.relu(x),
    relu6: (x) => tf.relu6(x),
    leaky_relu: (x) => tf.leakyRelu(x, 0.01),
    prelu: (x) => tf.prelu(x, slopes),
    elu: (x) => tf.elu(x),
    selu: (x) => tf.selu(x),
    softplus: (x) => tf.softplus(x),
  };
}

// Times the ops on one problem size. z, dy: Float32Array(n), n a multiple of
// PRELU_CHANNELS; tensors are [n / 64, 64] so prelu's slopes are per column,
// as in our kernels.
export class TfjsKernelBench {
  constructor(tf, z, dy) {
    this.tf = tf;
    const shape = [z.length / PRELU_CHANNELS, PRELU_CHANNELS];
    this.x = tf.tensor2d(z, shape);
    this.dy = tf.tensor2d(dy, shape);
    this.slopes = tf.fill([PRELU_CHANNELS], PRELU_SLOPE);
    this.ops = activationOps(tf, this.slopes);
    this.grads = {};
    for (const [key, op] of Object.entries(this.ops)) this.grads[key] = tf.grad(op);
  }

  has(act) { return act in this.ops; }

  // A BatchTimer of y = op(x), or null when TensorFlow.js has no such op.
  forwardTimer(act, settings) {
    const op = this.ops[act];
    if (!op) return null;
    const x = this.x;
    return new BatchTimer(() => op(x).dispose(), settings);
  }

  // A BatchTimer of dz = tf.grad(op)(x, dy) (forward and gradient kernels).
  backwardTimer(act, settings) {
    const grad = this.grads[act];
    if (!grad) return null;
    const { tf, x, dy } = this;
    return new BatchTimer(() => tf.tidy(() => grad(x, dy)).dispose(), settings);
  }

  // Outputs (downloaded once, outside any timing) for the correctness check.
  forwardOutput(act) {
    const y = this.ops[act](this.x);
    const values = y.dataSync().slice();
    y.dispose();
    return values;
  }

  backwardOutput(act) {
    const { tf, x, dy } = this;
    const dz = tf.tidy(() => this.grads[act](x, dy));
    const values = dz.dataSync().slice();
    dz.dispose();
    return values;
  }

  dispose() {
    this.x.dispose();
    this.dy.dispose();
    this.slopes.dispose();
  }
}

// Runs every op, forward and backward, for a while before anything is
// measured: TensorFlow.js's engine is a large amount of JavaScript, and
// without this the first activation measured would pay for V8 optimising it.
export function warmUpTfjs(tf, z, dy, settings) {
  const bench = new TfjsKernelBench(tf, z, dy);
  const warmUpSettings = { ...settings, minBatchMs: 10 * settings.minBatchMs };
  for (const act of Object.keys(bench.ops)) {
    bench.forwardTimer(act, warmUpSettings);
    bench.backwardTimer(act, warmUpSettings);
  }
  bench.dispose();
}

// ---------------------------------------------------------------------------
// Issue #3's training benchmark, TensorFlow.js side. The model and data
// match bench/training_bench.hpp (kTrain* constants).
export const TRAINING_MODEL = {
  inputs: 2,
  hiddenLayers: 3,
  hiddenUnits: 64,
  batch: 64,
  samples: 1024,
  learningRate: 0.1,
  moonsNoise: 0.1,
};

// mulberry32: a small seeded generator for the JavaScript-side data only.
function seededUniform(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Two interleaving half circles with Gaussian noise, labels 0 / 1, shuffled.
export function makeMoons(count, noise, seed) {
  const uniform = seededUniform(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const x = new Float32Array(count * 2); // [count×2]
  const y = new Float32Array(count); // [count]
  for (let i = 0; i < count; i++) {
    const angle = Math.PI * uniform();
    const lower = i % 2 === 1;
    x[2 * i] = (lower ? 1 - Math.cos(angle) : Math.cos(angle)) + noise * gaussian();
    x[2 * i + 1] = (lower ? 0.5 - Math.sin(angle) : Math.sin(angle)) + noise * gaussian();
    y[i] = lower ? 1 : 0;
  }
  return { x, y };
}

// Steps per second of SGD on the benchmark model: tf.sequential of dense
// layers (He-normal init, ReLU), one logit out, sigmoid cross-entropy (BCE
// with logits), optimizer.minimize per step. The minibatches are uploaded
// once and taken in turn, so no data movement is timed.
export function trainTfjs(tf, settings) {
  const m = TRAINING_MODEL;
  const model = tf.sequential();
  for (let l = 0; l < m.hiddenLayers; l++) {
    model.add(tf.layers.dense({
      units: m.hiddenUnits,
      activation: 'relu',
      kernelInitializer: tf.initializers.heNormal({ seed: 1 + l }),
      biasInitializer: 'zeros',
      ...(l === 0 ? { inputShape: [m.inputs] } : {}),
    }));
  }
  model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.heNormal({ seed: 99 }) }));
  const optimizer = tf.train.sgd(m.learningRate);

  const data = makeMoons(m.samples, m.moonsNoise, 1);
  const batchCount = Math.floor(m.samples / m.batch);
  const batches = [];
  for (let b = 0; b < batchCount; b++) {
    batches.push({
      x: tf.tensor2d(data.x.subarray(b * m.batch * 2, (b + 1) * m.batch * 2), [m.batch, m.inputs]),
      y: tf.tensor2d(data.y.subarray(b * m.batch, (b + 1) * m.batch), [m.batch, 1]),
    });
  }

  let next = 0;
  const step = () => {
    const { x, y } = batches[next];
    next = (next + 1) % batchCount;
    optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(y, model.apply(x, { training: true })));
  };
  // Mean loss over all batches: before and after the timed steps.
  const meanLoss = () => tf.tidy(() => batches.reduce((sum, batch) => sum +
    tf.losses.sigmoidCrossEntropy(batch.y, model.apply(batch.x)).dataSync()[0], 0) / batchCount);
  const lossBefore = meanLoss();
  // Ten batches' worth of unmeasured steps first, so V8 has optimised
  // TensorFlow.js's engine code (layers, tape, optimizer) before timing.
  const warmUpEnd = performance.now() + 10 * settings.minBatchMs;
  while (performance.now() < warmUpEnd) step();
  const tensorsBefore = tf.memory().numTensors;
  const nsPerStep = medianNsPerCall(step, settings);
  const leaked = tf.memory().numTensors - tensorsBefore;

  const lossAfter = meanLoss();

  for (const batch of batches) { batch.x.dispose(); batch.y.dispose(); }
  model.dispose();
  optimizer.dispose();
  return { stepsPerSecond: 1e9 / nsPerStep, lossBefore, lossAfter, leakedTensors: leaked };
}

// Issue #14's lean TensorFlow.js path: the same model and batches as
// trainTfjs, without the Layers API. Weights are tf.variable (He-normal,
// zero biases), the forward pass is matMul + add + relu, the loss
// tf.losses.sigmoidCrossEntropy, and each step is one
// tf.train.sgd(lr).minimize(…, returnCost = true) whose cost is read back
// with dataSync (as a training loop that watches its loss does).
export function trainTfjsLean(tf, settings) {
  const m = TRAINING_MODEL;
  const widths = [m.inputs, ...Array(m.hiddenLayers).fill(m.hiddenUnits), 1];
  const weights = [];
  const biases = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const seed = l + 1 < widths.length - 1 ? 1 + l : 99;
    weights.push(tf.variable(tf.initializers.heNormal({ seed }).apply([widths[l], widths[l + 1]])));
    biases.push(tf.variable(tf.zeros([widths[l + 1]])));
  }
  const logits = (x) => {
    let a = x;
    for (let l = 0; l < weights.length; l++) {
      const z = tf.add(tf.matMul(a, weights[l]), biases[l]);
      a = l + 1 < weights.length ? tf.relu(z) : z;
    }
    return a;
  };
  const optimizer = tf.train.sgd(m.learningRate);

  const data = makeMoons(m.samples, m.moonsNoise, 1);
  const batchCount = Math.floor(m.samples / m.batch);
  const batches = [];
  for (let b = 0; b < batchCount; b++) {
    batches.push({
      x: tf.tensor2d(data.x.subarray(b * m.batch * 2, (b + 1) * m.batch * 2), [m.batch, m.inputs]),
      y: tf.tensor2d(data.y.subarray(b * m.batch, (b + 1) * m.batch), [m.batch, 1]),
    });
  }

  let next = 0;
  let lastCost = 0;
  const step = () => {
    const { x, y } = batches[next];
    next = (next + 1) % batchCount;
    const cost = optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(y, logits(x)), true);
    lastCost = cost.dataSync()[0];
    cost.dispose();
  };
  const meanLoss = () => tf.tidy(() => batches.reduce((sum, batch) => sum +
    tf.losses.sigmoidCrossEntropy(batch.y, logits(batch.x)).dataSync()[0], 0) / batchCount);
  const lossBefore = meanLoss();
  const warmUpEnd = performance.now() + 10 * settings.minBatchMs;
  while (performance.now() < warmUpEnd) step();
  const tensorsBefore = tf.memory().numTensors;
  const nsPerStep = medianNsPerCall(step, settings);
  const leaked = tf.memory().numTensors - tensorsBefore;
  const lossAfter = meanLoss();

  for (const batch of batches) { batch.x.dispose(); batch.y.dispose(); }
  for (const v of [...weights, ...biases]) v.dispose();
  optimizer.dispose();
  return { stepsPerSecond: 1e9 / nsPerStep, lossBefore, lossAfter, leakedTensors: leaked, lastCost };
}
