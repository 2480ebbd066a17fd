// api-leaks.test.ts — wasm memory is given back: 1000 cycles of create / use /
// dispose (experiments, models, and rejected configs) leave the bytes in use
// on the wasm heap (dlmalloc's mallinfo, exposed as lab.heapBytesInUse())
// where they were. A control shows the measure sees an undisposed experiment,
// and the FinalizationRegistry safety net frees forgotten ones after a GC.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { beforeAll, describe, expect, it } from 'vitest';

import { createLab } from '../../web/src/lib/index';
import type { ExperimentConfig, Lab } from '../../web/src/lib/types';

const CYCLES = 1000;
const CONFIG: ExperimentConfig = {
  seed: 2,
  data: { kind: 'moons', n: 120 },
  model: { layers: [{ units: 8, activation: 'prelu' }, { units: 8 }] },
  train: { optimizer: { kind: 'adam', lr: 0.01 } },
  steps: 50,
};

let lab: Lab;
beforeAll(async () => {
  lab = await createLab();
});

/** One create / use / dispose cycle touching every call that allocates. */
function cycle(index: number): void {
  const exp = lab.createExperiment({ ...CONFIG, seed: index });
  exp.step(3);
  exp.metrics();
  const data = exp.data();
  exp.decisionGrid(8, 8);
  exp.model.setParameters(exp.model.getParameters());
  exp.model.predict(data.x);
  exp.model.lossAndGradients(data.x, data.y, 'bce');
  exp.dispose();

  const model = lab.createModel(CONFIG.model, { seed: index });
  model.predict(new Float32Array(10));
  model.dispose();

  // Rejected input allocates nothing that outlives the call.
  expect(() => lab.createExperiment({ ...CONFIG, model: { layers: [{ units: 0 }] } })).toThrow(RangeError);
  expect(() => lab.createModel({ init: 'nope' as never })).toThrow(TypeError);
  const other = lab.createExperiment(CONFIG);
  expect(() => other.decisionGrid(0, 1)).toThrow(RangeError);
  expect(() => other.model.setParameters([])).toThrow(RangeError);
  other[Symbol.dispose]();
}

describe('wasm heap', () => {
  it(`stays flat over ${CYCLES} create / step / dispose cycles`, () => {
    cycle(0); // first use sizes the runtime's own caches
    const before = lab.heapBytesInUse();
    for (let i = 1; i <= CYCLES; i++) cycle(i);
    const after = lab.heapBytesInUse();
    expect(after - before).toBe(0);
  });

  it('sees an experiment that is not disposed', () => {
    const before = lab.heapBytesInUse();
    const kept = lab.createExperiment(CONFIG);
    expect(lab.heapBytesInUse()).toBeGreaterThan(before + 10_000);
    kept.dispose();
    expect(lab.heapBytesInUse()).toBe(before);
  });

  it('frees experiments and models that were never disposed once they are garbage-collected', async () => {
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    const before = lab.heapBytesInUse();
    (() => {
      for (let i = 0; i < 20; i++) {
        lab.createExperiment(CONFIG).step(1);
        lab.createModel(CONFIG.model);
      }
    })();
    expect(lab.heapBytesInUse()).toBeGreaterThan(before);
    // Finalizers run after a collection, on a later turn of the event loop.
    for (let attempt = 0; attempt < 50 && lab.heapBytesInUse() !== before; attempt++) {
      collect();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(lab.heapBytesInUse()).toBe(before);

    // exp.model alone keeps its experiment (and so its memory) alive.
    const view = lab.createExperiment(CONFIG).model;
    for (let attempt = 0; attempt < 5; attempt++) {
      collect();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(view.getParameters()).toHaveLength(3);
  });
});
