// run.test.ts — lab.run in Node: the experiment trains in a worker_threads
// worker (dist's worker.js, so the library is built into a temporary directory
// first) that instantiates the Lab's compiled module, reports metrics every
// `every` steps, pauses, resumes and stops at once, rejects `done` with the
// same TypeError / RangeError as createExperiment, and never blocks the main
// thread. What the page's Train panel needs from it too: a paused start,
// single steps, pacing by acknowledgement ('ack', 'frame') with a speed,
// decision grids in the reports, the data at the start, and snapshots of the
// live model — all checked against the same experiment run in the main thread.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ExperimentConfig, Lab, Metrics } from '../../web/src/lib/types';
import { repositoryRoot, requireBuilt, wasmDir } from './helpers';


const libraryDir = mkdtempSync(join(tmpdir(), 'actlab-run-test-'));
let lab: Lab;
let scalarLab: Lab;

const moons: ExperimentConfig = {
  data: { kind: 'moons', n: 400, noise: 0.1 },
  train: { optimizer: { kind: 'adam', lr: 0.01 } },
};
// Slow steps (a few ms each), so a run is still going when the test acts on it.
const heavy: ExperimentConfig = {
  data: { kind: 'spiral', n: 2000 },
  model: { layers: [{ units: 256 }, { units: 256 }, { units: 256 }] },
  train: { batchSize: 256 },
  steps: 1_000_000,
};

beforeAll(async () => {
  const modules = process.env.ACTLAB_WASM_DIR ?? wasmDir;
  for (const variant of ['simd', 'scalar']) requireBuilt(`${modules}/actlab-${variant}.wasm`);
  execFileSync(process.execPath, ['scripts/build-lib.mjs', '--out', libraryDir, '--no-types'], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const { createLab } = (await import(pathToFileURL(join(libraryDir, 'index.js')).href)) as {
    createLab(options?: { simd?: boolean }): Promise<Lab>;
  };
  lab = await createLab();
  scalarLab = await createLab({ simd: false });
}, 60_000);

afterAll(() => rmSync(libraryDir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe('lab.run', () => {
  it('reports at step 0, every `every` steps and at the end, with the same metrics as createExperiment', async () => {
    const reported: Metrics[] = [];
    const run = lab.run({ ...moons, steps: 300 }, { every: 50, onMetrics: (metrics) => reported.push(metrics) });
    expect(run.state).toBe('starting');
    const final = await run.done;
    expect(reported.map((metrics) => metrics.step)).toEqual([0, 50, 100, 150, 200, 250, 300]);
    expect(final.status).toBe('done');
    expect(final).toEqual(reported.at(-1));
    expect(run.state).toBe('done');

    const experiment = lab.createExperiment({ ...moons, steps: 300 });
    try {
      expect(experiment.step(300)).toEqual(final);
      expect(run.parameters).toEqual(experiment.model.getParameters());
    } finally {
      experiment.dispose();
    }
  });

  it("takes `every` from the config when the option is absent, and ends early at the config's steps", async () => {
    const steps: number[] = [];
    const final = await lab.run({ ...moons, steps: 250, every: 100 }, { onMetrics: (m) => steps.push(m.step) }).done;
    expect(steps).toEqual([0, 100, 200, 250]);
    expect(final.step).toBe(250);
  });

  it('runs the scalar build for a scalar lab, with bit-identical metrics', async () => {
    const [simd, scalar] = await Promise.all([
      lab.run({ ...moons, steps: 200 }).done,
      scalarLab.run({ ...moons, steps: 200 }).done,
    ]);
    expect(scalar).toEqual(simd);
  });

  it('trains custom formula layers as createExperiment does, in both builds', async () => {
    const config: ExperimentConfig = {
      ...moons,
      model: { layers: [{ units: 12, activation: 'custom', params: { formula: 'max(a*z, z) + 0.1*sin(z)', a: 0.1 } }] },
      steps: 120,
      every: 40,
    };
    const [simd, scalar] = await Promise.all([lab.run(config).done, scalarLab.run(config).done]);
    expect(scalar).toEqual(simd);
    const experiment = lab.createExperiment(config);
    try {
      expect(experiment.step(120)).toEqual(simd);
    } finally {
      experiment.dispose();
    }
  });

  it('pauses (no metrics while paused), resumes, and stops with the last state and parameters', async () => {
    const reported: number[] = [];
    const run = lab.run({ ...moons, steps: 1_000_000 }, { every: 1, onMetrics: (m) => reported.push(m.step) });
    await until(() => reported.length >= 3, 'the first metrics');
    run.pause();
    expect(run.state).toBe('paused');
    await sleep(100); // metrics already on their way still arrive
    const whilePaused = reported.length;
    await sleep(300);
    expect(reported.length).toBe(whilePaused);

    run.resume();
    expect(run.state).toBe('running');
    await until(() => reported.length > whilePaused + 5, 'metrics after resume');
    run.stop();
    const final = await run.done;
    expect(run.state).toBe('stopped');
    expect(final.status).toBe('running');
    expect(final.step).toBe(reported.at(-1));
    expect(final.step).toBeLessThan(1_000_000);
    expect(run.parameters?.length).toBe(3);
    const stepsAtStop = reported.length;
    await sleep(100);
    expect(reported.length).toBe(stepsAtStop);
  });

  it('stops within a slice even when steps are slow, and never blocks the main thread', async () => {
    let reports = 0;
    const run = lab.run(heavy, { every: 1000, onMetrics: () => reports++ });
    await until(() => run.state === 'running', 'the worker');
    let longestGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    await sleep(1000);
    clearInterval(timer);
    const stopped = performance.now();
    run.stop();
    const final = await run.done;
    const stopLatency = performance.now() - stopped;
    console.log(`heavy run: ${final.step} steps in 1 s, longest main-thread gap ${longestGap.toFixed(1)} ms, stop took ${stopLatency.toFixed(1)} ms`);
    expect(final.step).toBeGreaterThan(0);
    expect(reports).toBeGreaterThanOrEqual(1);
    // Generous bounds for a shared 2-core machine: a main thread that trained
    // would miss the timer for the whole second, and an unsliced worker would
    // not stop for hours.
    expect(longestGap).toBeLessThan(400);
    expect(stopLatency).toBeLessThan(3000);
  });

  it('pauses and stops before the worker has started', async () => {
    const reported: number[] = [];
    const paused = lab.run({ ...moons, steps: 100 }, { every: 10, onMetrics: (m) => reported.push(m.step) });
    paused.pause();
    await until(() => paused.state === 'paused', 'the paused start');
    await sleep(100);
    expect(reported).toEqual([0]);
    paused.resume();
    expect((await paused.done).step).toBe(100);

    const stopped = lab.run({ ...moons, steps: 100 });
    stopped.stop();
    expect((await stopped.done).step).toBe(0);
    expect(stopped.state).toBe('stopped');
  });

  it('reports divergence as the end of the run', async () => {
    const run = lab.run({ ...moons, train: { optimizer: { kind: 'sgd', lr: 1e6 } }, steps: 1000 });
    const final = await run.done;
    expect(final.status).toBe('diverged');
    expect(run.state).toBe('diverged');
  });

  it('[Symbol.dispose] stops the run', async () => {
    const run = lab.run({ ...moons, steps: 1_000_000 });
    run[Symbol.dispose]();
    expect((await run.done).step).toBeLessThan(1_000_000);
  });
  it('lab.dispose() stops the runs the lab started', async () => {
    const { createLab } = (await import(pathToFileURL(join(libraryDir, 'index.js')).href)) as {
      createLab(): Promise<Lab>;
    };
    const own = await createLab();
    const first = own.run({ ...moons, steps: 1_000_000 });
    const second = own.run({ ...heavy });
    await until(() => first.state === 'running', 'the first run to start');
    own.dispose();
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a.step).toBeLessThan(1_000_000);
    expect(b.step).toBeLessThan(1_000_000);
    expect([first.state, second.state]).toEqual(['stopped', 'stopped']);
    expect(() => own.run(moons)).toThrow('Lab has been disposed');
  });
});

describe('lab.run for an interactive panel', () => {
  const moons2 = { ...moons, steps: 1_000_000 };

  it('starts paused, steps on request, and each report matches createExperiment step for step', async () => {
    const reported: Metrics[] = [];
    let started: { config: ExperimentConfig; data?: unknown } | undefined;
    const run = lab.run(moons2, { paused: true, withData: true, onStart: (info) => (started = info), onMetrics: (m) => reported.push(m) });
    await until(() => reported.length === 1, 'the step-0 report');
    await sleep(100);
    expect(reported.map((m) => m.step)).toEqual([0]);
    expect(run.state).toBe('paused');
    run.step(3);
    await until(() => reported.length === 2, 'the report of 3 steps');
    run.step(1);
    await until(() => reported.length === 3, 'the report of 1 step');
    expect(reported.map((m) => m.step)).toEqual([0, 3, 4]);

    const experiment = lab.createExperiment(moons2);
    try {
      expect(started?.config).toEqual(experiment.config);
      expect(started?.data).toEqual(experiment.data());
      expect(reported[0]).toEqual(experiment.metrics());
      expect(reported[1]).toEqual(experiment.step(3));
      expect(reported[2]).toEqual(experiment.step(1));
      const snapshot = await run.snapshot();
      expect(snapshot.step).toBe(4);
      expect(snapshot.config).toEqual(experiment.config);
      expect(snapshot.parameters).toEqual(experiment.model.getParameters());
      expect(Array.from(snapshot.sampleInputs)).toEqual(Array.from(experiment.data().x.slice(0, 10)));
    } finally {
      experiment.dispose();
      run.stop();
    }
    await run.done;
    await expect(run.snapshot()).rejects.toThrow('the run has ended');
  });

  it("with pace 'ack', waits for run.ack() after each report, `stepsPerReport` steps at a time", async () => {
    const steps: number[] = [];
    const run = lab.run(moons2, { pace: 'ack', stepsPerReport: 7, onMetrics: (m) => steps.push(m.step) });
    await until(() => steps.length === 1, 'the step-0 report');
    await sleep(150);
    expect(steps).toEqual([0]);
    run.ack();
    await until(() => steps.length === 2, 'one more report');
    await sleep(100);
    expect(steps).toEqual([0, 7]);
    run.setSpeed(20);
    run.ack();
    await until(() => steps.length === 3, 'a report at the new speed');
    expect(steps).toEqual([0, 7, 27]);
    run.stop();
    expect((await run.done).step).toBe(27);
  });

  it("with pace 'frame', acknowledges by itself once onMetrics has run", async () => {
    const steps: number[] = [];
    const run = lab.run({ ...moons, steps: 50 }, { pace: 'frame', stepsPerReport: 10, onMetrics: (m) => steps.push(m.step) });
    const final = await run.done;
    expect(steps).toEqual([0, 10, 20, 30, 40, 50]);
    expect(final.step).toBe(50);
  });

  it('carries the decision grid of the live model: at step 0, after a step, and at the end', async () => {
    const grids: { step: number; grid: Float32Array | undefined }[] = [];
    const run = lab.run({ ...moons, steps: 5 }, {
      paused: true,
      decisionGrid: { w: 8, h: 6 },
      onMetrics: (metrics, report) => grids.push({ step: metrics.step, grid: report.decisionGrid }),
    });
    await until(() => grids.length === 1, 'the step-0 report');
    run.step(2);
    await until(() => grids.length === 2, 'the report of 2 steps');
    run.resume();
    await run.done;
    const experiment = lab.createExperiment({ ...moons, steps: 5 });
    try {
      expect(grids[0]).toEqual({ step: 0, grid: experiment.decisionGrid(8, 6) });
      experiment.step(2);
      expect(grids[1]).toEqual({ step: 2, grid: experiment.decisionGrid(8, 6) });
      experiment.step(3);
      const last = grids.at(-1)!;
      expect(last).toEqual({ step: 5, grid: experiment.decisionGrid(8, 6) });
    } finally {
      experiment.dispose();
    }
  });

  it('gives 1-input data a curve of curvePoints points and data with more inputs no grid', async () => {
    const lengths: number[] = [];
    await lab.run({ data: { kind: 'sin', n: 100 }, steps: 1 }, {
      decisionGrid: { w: 8, h: 8, curvePoints: 50 },
      onMetrics: (_metrics, report) => lengths.push(report.decisionGrid?.length ?? -1),
    }).done;
    expect(lengths[0]).toBe(50);
    const three = { data: { kind: 'custom' as const, x: [[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5]], y: [0, 1, 0, 1], testFraction: 0 }, train: { batchSize: 2 }, steps: 1 };
    const none: (Float32Array | undefined)[] = [];
    await lab.run(three, { decisionGrid: { w: 8, h: 8 }, onMetrics: (_metrics, report) => none.push(report.decisionGrid) }).done;
    expect(none.every((grid) => grid === undefined)).toBe(true);
  });

  it('throws at once for interactive options out of range, naming them', () => {
    expect(() => lab.run(moons, { pace: 'fast' as never })).toThrow(TypeError);
    expect(() => lab.run(moons, { stepsPerReport: 0 })).toThrow(new RangeError('options.stepsPerReport must be 1..100000, got 0'));
    expect(() => lab.run(moons, { decisionGrid: { w: 513, h: 8 } })).toThrow(new RangeError('options.decisionGrid.w must be 1..512, got 513'));
    expect(() => lab.run(moons, { paused: 'yes' as never })).toThrow(TypeError);
  });
});

describe('one compiled module', () => {
  it('a Lab shares its compiled wasm with its runs and with a Lab made from it', async () => {
    const { createLab } = (await import(pathToFileURL(join(libraryDir, 'index.js')).href)) as {
      createLab(options?: { wasmModule?: WebAssembly.Module }): Promise<Lab>;
    };
    expect(lab.wasmModule).toBeInstanceOf(WebAssembly.Module);
    const twin = await createLab({ wasmModule: lab.wasmModule });
    expect(twin.wasmModule).toBe(lab.wasmModule);
    const [a, b] = await Promise.all([twin.run({ ...moons, steps: 30 }).done, lab.run({ ...moons, steps: 30 }).done]);
    expect(a).toEqual(b);
    twin.dispose();
    await expect(createLab({ wasmModule: 'x' as never })).rejects.toThrow(TypeError);
  });
});

describe('lab.run errors', () => {
  /** The error createExperiment throws for `config`. */
  function errorOf(config: ExperimentConfig): Error {
    try {
      lab.createExperiment(config).dispose();
    } catch (error) {
      return error as Error;
    }
    throw new Error('createExperiment accepted the config');
  }

  it.each([
    ['RangeError', { steps: -1 }],
    ['RangeError', { model: { layers: [{ units: 0 }] } }],
    ['TypeError', { data: { kind: 'moon' } }],
    ['TypeError', { data: { nosie: 0.1 } }],
    ['TypeError', { model: { layers: [{ activation: 'custom', params: { formula: 'sin(z))' } }] } }],
    ['RangeError', { model: { layers: [{ activation: 'custom', params: { formula: 'a*z', a: 1e4 } }] } }],
  ] as [string, ExperimentConfig][])('rejects done with the same %s as createExperiment: %j', async (name, config) => {
    const expected = errorOf(config);
    expect(expected.name).toBe(name);
    const errors: Error[] = [];
    const run = lab.run(config, { onError: (error) => errors.push(error) });
    const error = await run.done.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(name === 'TypeError' ? TypeError : RangeError);
    expect((error as Error).message).toBe(expected.message);
    expect(errors).toEqual([error]);
    expect(run.state).toBe('failed');
  });

  it('rejects what is not a config object like createExperiment, with or without options.every', async () => {
    for (const config of [null, [], 'moons', { seed: 1n }] as unknown as ExperimentConfig[]) {
      const expected = errorOf(config);
      for (const options of [{}, { every: 5 }]) {
        const error = await lab.run(config, options).done.then(
          () => undefined,
          (reason: unknown) => reason as Error,
        );
        expect(error?.name).toBe(expected.name);
        expect(error?.message).toBe(expected.message);
      }
    }
  });

  it('checks options.every with the config ("every must be 1..N")', async () => {
    await expect(lab.run({ steps: 10 }, { every: 20 }).done).rejects.toThrow(new RangeError('every must be 1..10, got 20'));
  });

  it('throws TypeError at once for options of the wrong type', () => {
    expect(() => lab.run({}, { onMetrics: 5 as never })).toThrow(TypeError);
    expect(() => lab.run({}, { every: '10' as never })).toThrow(TypeError);
    expect(() => lab.run({}, null as never)).toThrow(TypeError);
  });

  it('leaves the lab usable afterwards', async () => {
    await lab.run({ steps: -1 }, { onError: () => {} }).done.catch(() => {});
    expect((await lab.run({ ...moons, steps: 20 }).done).step).toBe(20);
  });
});
