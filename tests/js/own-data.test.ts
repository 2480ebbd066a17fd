// own-data.test.ts — the pure parts of Train's own-data tools and their link,
// in plain Node: a drawn set (web/src/panels/data/points.ts) added to and
// erased from, its compact `pts` text read back exactly, refused text named
// in the URL state with the rest of the link kept (web/src/app/state.ts),
// and lab.parseCsv: the C++ reader in the run worker (worker_threads here),
// with progress, the reader's own errors, and abort (dist's worker.js, so the
// library is built into a temporary directory first, as in run.test.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLab } from '../../web/src/lib/index';
import type { Lab, RunStartInfo } from '../../web/src/lib/types';
import { defaultAppState, parseState, serializeState } from '../../web/src/app/state';
import {
  addPoint,
  drawnData,
  drawnSetOf,
  emptySet,
  erasePoints,
  fitsLink,
  formatPoints,
  MAX_LINK_POINTS,
  parsePoints,
  quantise,
  type DrawnSet,
} from '../../web/src/panels/data/points';
import { lacksCustomData, withLocalData } from '../../web/src/panels/data/datasets';
import { loadLocalData, saveLocalData } from '../../web/src/panels/data/storage';
import { repositoryRoot, requireBuilt, wasmDir } from './helpers';

let lab: Lab;
beforeAll(async () => {
  lab = await createLab();
});

/** A deterministic set of `count` class points (values on the 3-decimal grid, classes 0..k−1). */
function classSet(count: number, classes = 3): DrawnSet {
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    x.push([quantise(Math.sin(i * 1.7) * 0.99), quantise(Math.cos(i * 0.37) * -0.95)]);
    y.push(i % classes);
  }
  return { classes, x, y };
}

describe('a drawn set', () => {
  it('gets points on the 3-decimal grid, of the chosen class or with the target as y', () => {
    let set = addPoint(emptySet(2), [0.12345, -0.6789], 1);
    set = addPoint(set, [-1, 1], 0);
    expect(set).toEqual({ classes: 2, x: [[0.123, -0.679], [-1, 1]], y: [1, 0] });
    const regression = addPoint(emptySet(0), [0.5004, -0.25], 7);
    expect(regression).toEqual({ classes: 0, x: [[0.5]], y: [-0.25] });
    // −0 is stored as 0, so the link text never says "-0".
    expect(Object.is(quantise(-0.0001), 0)).toBe(true);
  });

  it('loses exactly the points inside the eraser', () => {
    const set: DrawnSet = { classes: 2, x: [[0, 0], [0.05, 0], [0.5, 0.5], [0, 0.09]], y: [0, 1, 0, 1] };
    const erased = erasePoints(set, [0, 0], [0.1, 0.1]);
    expect(erased).toEqual({ classes: 2, x: [[0.5, 0.5]], y: [0] });
    // An ellipse: twice as wide as high.
    expect(erasePoints(set, [0, 0], [0.2, 0.01]).x).toEqual([[0.5, 0.5], [0, 0.09]]);
    // Nothing inside: the same set back.
    expect(erasePoints(set, [-0.9, -0.9], [0.05, 0.05])).toBe(set);
    const regression: DrawnSet = { classes: 0, x: [[0.1], [0.6]], y: [0.2, -0.5] };
    expect(erasePoints(regression, [0.6, -0.5], [0.05, 0.05])).toEqual({ classes: 0, x: [[0.1]], y: [0.2] });
  });

  it('is custom data the config parser accepts, and trains', () => {
    const data = drawnData(classSet(40, 3));
    expect(data).toMatchObject({ kind: 'custom', classes: 3, inputs: 2, standardize: false });
    expect(drawnSetOf(data)).toEqual(classSet(40, 3));
    const experiment = lab.createExperiment({ data, train: { optimizer: { kind: 'adam', lr: 0.05 } } });
    try {
      expect(experiment.config.model?.output?.activation).toBe('softmax');
      const first = experiment.metrics().loss ?? Infinity;
      const later = experiment.step(200).loss ?? Infinity;
      expect(later).toBeLessThan(first);
    } finally {
      experiment.dispose();
    }
    // Regression: one input, the targets as y.
    const line = drawnData({ classes: 0, x: [[-0.5], [0], [0.5]], y: [0.1, 0.2, 0.3] });
    expect(line.inputs).toBe(1);
    const fit = lab.createExperiment({ data: line });
    expect(fit.config.model?.output?.activation).toBe('identity');
    fit.dispose();
  });

  it('is not a drawn set when it has names, typed arrays or rows of another width', () => {
    expect(drawnSetOf({ kind: 'moons' })).toBeNull();
    expect(drawnSetOf({ kind: 'custom', x: [[0, 0]], y: [0], classes: 2, columns: ['a', 'b'] })).toBeNull();
    expect(drawnSetOf({ kind: 'custom', x: new Float32Array([0, 0]), y: new Float32Array([0]), inputs: 2, classes: 2 })).toBeNull();
    expect(drawnSetOf({ kind: 'custom', x: [[0, 0, 0]], y: [0], classes: 2 })).toBeNull();
    expect(drawnSetOf({ kind: 'custom', x: [[0, 0]], y: [2], classes: 2 })).toBeNull();
  });
});

describe('the pts text', () => {
  it('reads back exactly what it wrote, classes and regression, up to 200 points', () => {
    for (const set of [classSet(1, 2), classSet(37, 4), classSet(MAX_LINK_POINTS, 10)]) {
      expect(fitsLink(set)).toBe(true);
      const text = formatPoints(set);
      expect(parsePoints(text)).toEqual(set);
    }
    const regression: DrawnSet = { classes: 0, x: [[-1], [0.125], [1]], y: [0.5, -0.75, 999.999] };
    expect(formatPoints(regression)).toBe('-1:0.5,0.125:-0.75,1:999.999');
    expect(parsePoints(formatPoints(regression))).toEqual(regression);
  });

  it('is left out of the link for more than 200 points or values off the grid', () => {
    expect(fitsLink(classSet(MAX_LINK_POINTS + 1))).toBe(false);
    expect(fitsLink({ classes: 2, x: [[0.1234, 0]], y: [0] })).toBe(false);
    expect(fitsLink(emptySet(2))).toBe(false);
  });

  it('refuses text that is not 1..200 points of one kind with at most 3 decimals', () => {
    const bad = [
      '',
      '0:0.5:abc',
      '0:0.5:0.1,0.5:0.1',
      '0:0.1234:0',
      '0:1e3:0',
      '0:0x10:0',
      '10:0:0',
      '-1:0:0',
      '1.5:0:0',
      '0:NaN:0',
      '0:Infinity:0',
      '0:1001:0',
      '0:0:0,',
      '0::0',
      ' 0:0:0',
      classSet(MAX_LINK_POINTS + 1).y.map(() => '0:0:0').join(','),
    ];
    for (const text of bad) expect(parsePoints(text), text).toBeUndefined();
  });
});

describe('pts in the URL state', () => {
  it('round-trips a drawn set with the rest of the experiment', () => {
    const state = defaultAppState(lab);
    state.panel = 'train';
    state.experiment.data = drawnData(classSet(25, 3));
    state.experiment.train = { ...state.experiment.train, optimizer: { kind: 'adam', lr: 0.02 } };
    const hash = serializeState(state, lab);
    expect(hash).toMatch(/&data=custom&/);
    expect(hash).toMatch(/&pts=0:0:-0\.95,1:/);
    const { state: back, errors } = parseState(hash, lab);
    expect(errors).toEqual([]);
    expect(drawnSetOf(back.experiment.data)).toEqual(classSet(25, 3));
    expect(back.experiment.train?.optimizer?.lr).toBe(0.02);
    expect(serializeState(back, lab)).toBe(hash);
  });

  it('drops the default batch for a small set, but keeps a batch the link gives', () => {
    const small = '#v=1&panel=train&pts=0:0:0,1:0.5:0.5,0:0.1:0.1';
    expect(parseState(small, lab).state.experiment.train?.batchSize).toBeUndefined();
    expect(parseState(`${small}&batch=2`, lab).state.experiment.train?.batchSize).toBe(2);
    // The C++ parser takes the result as it is.
    lab.createExperiment(parseState(small, lab).state.experiment).dispose();
  });

  it("drops the default generator's size and noise for a dataset or custom data, but keeps the link's own", () => {
    for (const kind of ['digits', 'iris', 'custom']) {
      const { state, errors } = parseState(`#v=1&panel=train&data=${kind}`, lab);
      expect(errors).toEqual([]);
      expect(state.experiment.data?.n).toBeUndefined();
      expect(state.experiment.data?.noise).toBeUndefined();
    }
    expect(parseState('#v=1&data=iris&n=150', lab).state.experiment.data?.n).toBe(150);
    expect(parseState('#v=1&data=moons', lab).state.experiment.data).toMatchObject({ n: 400, noise: 0.1 });
    // The C++ parser takes a dataset link as it is.
    lab.createExperiment(parseState('#v=1&data=iris', lab).state.experiment).dispose();
  });

  it('names a bad pts with its value and keeps the rest of the link', () => {
    const { state, errors } = parseState('#v=1&panel=train&lr=0.3&pts=0:0.5:abc,1:0.2:0.2', lab);
    expect(errors).toEqual([
      { field: 'pts', problem: 'invalid', value: '0:0.5:abc,1:0.2:0.2', expected: { type: 'points', max: MAX_LINK_POINTS } },
    ]);
    expect(state.experiment.data?.kind).toBe('moons');
    expect(state.experiment.train?.optimizer?.lr).toBe(0.3);
    expect(state.panel).toBe('train');
  });

  it('writes no pts for data it cannot carry (CSV data, more than 200 points)', () => {
    const state = defaultAppState(lab);
    state.experiment.data = drawnData(classSet(MAX_LINK_POINTS + 1));
    expect(serializeState(state, lab)).not.toMatch(/pts=/);
    state.experiment.data = lab.dataFromCsv('a,b,label\n1,2,x\n3,4,y\n');
    const hash = serializeState(state, lab);
    expect(hash).toMatch(/data=custom/);
    expect(hash).not.toMatch(/pts=/);
  });
});

describe('custom data kept in this browser (localStorage)', () => {
  /** A localStorage of `quota` characters, as browsers have (setItem throws beyond it). */
  function fakeStorage(quota = 5_000_000) {
    const items = new Map<string, string>();
    return {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => {
        if (value.length > quota) throw new DOMException('quota exceeded', 'QuotaExceededError');
        items.set(key, value);
      },
      removeItem: (key: string) => void items.delete(key),
      items,
    };
  }
  const withStorage = (storage: ReturnType<typeof fakeStorage> | undefined, body: () => void) => {
    const global = globalThis as { localStorage?: unknown };
    const before = global.localStorage;
    global.localStorage = storage;
    try {
      body();
    } finally {
      global.localStorage = before;
    }
  };

  it('keeps CSV data and a large drawn set, and gives them back as typed arrays', () => {
    withStorage(fakeStorage(), () => {
      const csv = lab.dataFromCsv('a,b,label\n1,2,x\n3,,y\n5,6,y\n');
      expect(saveLocalData(csv)).toBe(true);
      expect(loadLocalData()).toEqual({
        kind: 'custom',
        x: new Float32Array([1, 2, 5, 6]),
        y: new Float32Array([0, 1]),
        inputs: 2,
        classes: 2,
        columns: ['a', 'b'],
        classNames: ['x', 'y'],
        droppedRows: 1,
      });
      const drawn = drawnData(classSet(MAX_LINK_POINTS + 5, 4));
      expect(saveLocalData(drawn)).toBe(true);
      const back = loadLocalData()!;
      expect(back.inputs).toBe(2);
      expect(Array.from(back.x as Float32Array)).toEqual(Array.from(Float32Array.from(classSet(MAX_LINK_POINTS + 5, 4).x.flat())));
    });
  });

  it('says false when the browser refuses, or the data is too large to try; reads nothing from junk', () => {
    withStorage(fakeStorage(100), () => expect(saveLocalData(drawnData(classSet(50)))).toBe(false));
    withStorage(undefined, () => expect(saveLocalData(drawnData(classSet(50)))).toBe(false));
    const storage = fakeStorage(Infinity);
    withStorage(storage, () => {
      expect(saveLocalData({ kind: 'custom', x: new Float32Array(500_000), y: new Float32Array(10), inputs: 50_000 })).toBe(false);
      expect(storage.items.size).toBe(0);
      for (const junk of ['{', '[]', '{"x":[1],"y":[0]}', 'null']) {
        storage.items.set('activation-lab.data.v1', junk);
        expect(loadLocalData(), junk).toBeNull();
      }
    });
  });

  it("fills a link's data=custom from what was kept, without the page's generator defaults", () => {
    withStorage(fakeStorage(), () => {
      const { state } = parseState('#v=1&panel=train&data=custom&std=1&test=0.3', lab);
      expect(lacksCustomData(state.experiment)).toBe(true);
      expect(withLocalData(state.experiment)).toBe(state.experiment);
      // 60 rows: the page's default batch (32) fits their training part.
      const rows = Array.from({ length: 60 }, (_, i) => `${i},${i % 7},${i % 2 ? 'y' : 'x'}`);
      saveLocalData(lab.dataFromCsv(['a,b,label', ...rows].join('\n')));
      const filled = withLocalData({ ...state.experiment, data: { ...state.experiment.data, n: 400, noise: 0.1 } });
      expect(lacksCustomData(filled)).toBe(false);
      expect(filled.data).toMatchObject({ kind: 'custom', inputs: 2, classes: 2, standardize: true, testFraction: 0.3 });
      expect(filled.data?.n).toBeUndefined();
      expect(filled.data?.noise).toBeUndefined();
      lab.createExperiment(filled).dispose();
    });
  });
});

describe('lab.parseCsv (the reader in a worker)', () => {
  const libraryDir = mkdtempSync(join(tmpdir(), 'actlab-own-data-test-'));
  let lab: Lab;
  beforeAll(async () => {
    const modules = process.env.ACTLAB_WASM_DIR ?? wasmDir;
    requireBuilt(`${modules}/actlab-simd.wasm`);
    execFileSync(process.execPath, ['scripts/build-lib.mjs', '--out', libraryDir, '--no-types'], { cwd: repositoryRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    const built = (await import(pathToFileURL(join(libraryDir, 'index.js')).href)) as { createLab(): Promise<Lab> };
    lab = await built.createLab();
  }, 60_000);
  afterAll(() => rmSync(libraryDir, { recursive: true, force: true }));

  const table = 'sepal,petal,species\n1.5,0.2,setosa\n1.4,,setosa\n4.7,1.4,versicolor\n';

  it('gives what dataFromCsv gives, from text or a Blob, with progress', async () => {
    const direct = lab.dataFromCsv(table);
    const stages: string[] = [];
    const fromText = await lab.parseCsv(table, { onProgress: (progress) => stages.push(progress.stage) });
    expect(fromText).toEqual(direct);
    expect(stages).toContain('parsing');
    const progress: { stage: string; loaded: number; total: number }[] = [];
    const fromBlob = await lab.parseCsv(new Blob([table]), { label: 'species', onProgress: (p) => progress.push({ ...p }) });
    expect(fromBlob).toEqual(direct);
    expect(fromBlob.droppedRows).toBe(1);
    const bytes = new TextEncoder().encode(table).length;
    expect(progress.filter((p) => p.stage === 'reading').at(-1)).toEqual({ stage: 'reading', loaded: bytes, total: bytes });
    expect(progress.at(-1)?.stage).toBe('parsing');
  });

  it("rejects with the reader's own TypeError / RangeError, naming the line and column", async () => {
    await expect(lab.parseCsv('a,b,label\n1,2,x\n3,abc,y\n')).rejects.toThrow(new TypeError('line 3, column "b": "abc" is not a number'));
    await expect(lab.parseCsv(new Blob(['a,b,label\n1,2,x\n3,4\n']))).rejects.toThrow(RangeError);
    await expect(lab.parseCsv('a,b,label\n1,2,x\n3,4\n')).rejects.toThrow(/^line 3: 2 cells, expected 3/);
    // Bytes that are not UTF-8, read from a Blob, are binary data, not CSV.
    await expect(lab.parseCsv(new Blob([new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xfe, 0x00, 0x01])]))).rejects.toThrow(TypeError);
  });

  it('lab.run on CSV data hands back the arrays it was given, and otherwise the filled config exp.config gives', async () => {
    // 2,000 rows × 3 features: the worker writes the config without x and y (writing large data as JSON text took the
    // C++ ~5 µs a value: 32 s for 100,000 × 64) and puts back the arrays it received.
    const rows = ['a,b,c,label'];
    for (let r = 0; r < 2000; r++) rows.push(`${(r % 37) / 7},${Math.sin(r).toFixed(4)},${(r * 13) % 11},${r % 3 === 0 ? 'yes' : 'no'}`);
    const data = lab.dataFromCsv(rows.join('\n'));
    const config = { seed: 2, data, steps: 5 };
    let started: RunStartInfo | null = null;
    const run = lab.run(config, { onStart: (info) => (started = info) });
    await run.done;
    expect(started).not.toBeNull();
    const filled = started!.config;
    expect(Array.from(filled.data!.x as Float32Array)).toEqual(Array.from(data.x as Float32Array));
    expect(Array.from(filled.data!.y as Float32Array)).toEqual(Array.from(data.y as Float32Array));
    using experiment = lab.createExperiment(config);
    const { x: _x, y: _y, ...rest } = experiment.config.data!;
    const { x: _fx, y: _fy, ...filledRest } = filled.data!;
    expect(filledRest).toEqual(rest);
    expect({ ...filled, data: null }).toEqual({ ...experiment.config, data: null });
  });

  it('checks its options at once, and ends its worker when aborted', async () => {
    expect(() => lab.parseCsv(5 as never)).toThrow(TypeError);
    expect(() => lab.parseCsv('a,b\n1,2\n', { label: true as never })).toThrow(/options\.label/);
    expect(() => lab.parseCsv('a,b\n1,2\n', { onProgress: 3 as never })).toThrow(/onProgress/);
    const controller = new AbortController();
    const parsing = lab.parseCsv(table, { signal: controller.signal });
    controller.abort();
    await expect(parsing).rejects.toMatchObject({ name: 'AbortError' });
  });
});
