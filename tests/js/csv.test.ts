// csv.test.ts — lab.dataFromCsv (issue 14, pinned API): a CSV or TSV text
// becomes a valid config.data { kind: 'custom', x, y, inputs, classes,
// columns, classNames } that trains; every kind of bad input is a TypeError or
// RangeError naming the line and the column; 2,000 fast-check inputs throw
// nothing else; lab.toCsv writes what dataFromCsv reads back.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CsvData, Lab } from '../../web/src/lib/types';
import { loadLabs } from './api-helpers';
import { VARIANTS, firstDifference } from './helpers';

let labs: Map<string, Lab>;
beforeAll(async () => {
  labs = await loadLabs();
});
afterAll(() => {
  for (const lab of labs.values()) lab.dispose();
});

const HEADER = 'sepal_length,sepal_width,petal_length,petal_width,species';

/** An iris-like CSV: n rows of three separable classes. */
function irisLike(n: number): string {
  const species = ['setosa', 'versicolor', 'virginica'];
  const lines = [HEADER];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const jitter = ((i * 37) % 11) / 20;
    lines.push([5 + c + jitter, 3 - c / 2 + jitter, 1.4 + 2 * c + jitter, 0.2 + c, species[c]].map(String).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** 16 good rows, so the 17th line holds `row`. */
function withLine17(row: string): string {
  return `${HEADER}\n${Array.from({ length: 15 }, () => '5.1,3.5,1.4,0.2,setosa').join('\n')}\n${row}\n`;
}

describe.each(VARIANTS)('lab.dataFromCsv (%s)', (variant) => {
  it('returns a valid config.data that trains', () => {
    const lab = labs.get(variant)!;
    const data: CsvData = lab.dataFromCsv(irisLike(90));
    expect(data.kind).toBe('custom');
    expect(data.x).toBeInstanceOf(Float32Array);
    expect(data.x.length).toBe(90 * 4);
    expect(Array.from(data.y.subarray(0, 4))).toEqual([0, 1, 2, 0]);
    expect(data.inputs).toBe(4);
    expect(data.classes).toBe(3);
    expect(data.columns).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(data.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(data.droppedRows).toBe(0);
    expect(data.standardize).toBe(true);
    using experiment = lab.createExperiment({
      data,
      model: { layers: [{ units: 8, activation: 'relu' }] },
      train: { optimizer: { kind: 'adam', lr: 0.02 } },
      steps: 300,
    });
    expect(experiment.config.data?.classNames).toEqual(data.classNames);
    expect(experiment.data().classNames).toEqual(data.classNames);
    expect(experiment.data().columns).toEqual(data.columns);
    expect(experiment.data().featureMean.length).toBe(4);
    expect(experiment.step(300).testAccuracy).toBeGreaterThan(0.9);
  });

  it('takes the label column by name or 0-based index; drops rows with an empty cell and counts them', () => {
    const lab = labs.get(variant)!;
    const byName = lab.dataFromCsv('a,label,b\n1,x,2\n3,y,4\n5,x,\n', { label: 'label' });
    expect(byName.columns).toEqual(['a', 'b']);
    expect(byName.classNames).toEqual(['x', 'y']);
    expect(byName.droppedRows).toBe(1);
    expect(Array.from(byName.x)).toEqual([1, 2, 3, 4]);
    const byIndex = lab.dataFromCsv('a\tb\tc\n1\t2.5\t3\n4\t5.5\t6\n', { label: 1 });
    expect(byIndex.classes).toBe(0); // 2.5 and 5.5: regression targets
    expect(Array.from(byIndex.y)).toEqual([2.5, 5.5]);
    expect(byIndex.classNames).toEqual([]);
  });

  it('names the line and the column in every error: TypeError for wrong content, RangeError for limits', () => {
    const lab = labs.get(variant)!;
    const read = (text: string, options?: { label?: string | number }) => () => lab.dataFromCsv(text, options);
    expect(read(withLine17('5.1,3.5,1.4,abc,setosa'))).toThrow(new TypeError('line 17, column "petal_width": "abc" is not a number'));
    // Ragged rows.
    expect(read(withLine17('5.1,3.5,1.4,setosa'))).toThrow(new RangeError('line 17: 4 cells, expected 5 (as many as line 1)'));
    // A header only, and 0 rows.
    expect(read(`${HEADER}\n`)).toThrow(new RangeError('line 1 is a header and no data rows follow; expected 1..100000 data rows'));
    expect(read('')).toThrow(new RangeError('the text is empty: expected a header and 1..100000 data rows'));
    // 100,001 rows.
    const rows = ['x,label', ...Array.from({ length: 100_001 }, (_, i) => `${i % 7},${i % 2 ? 'a' : 'b'}`)].join('\n');
    expect(read(rows)).toThrow(new RangeError('line 100002: more than 100000 data rows'));
    // 65 feature columns.
    const wide = [Array.from({ length: 66 }, (_, i) => `f${i + 1}`).join(','), Array.from({ length: 66 }, (_, i) => i).join(',')].join('\n');
    expect(read(wide)).toThrow(new RangeError('line 1, column "f65": a 65th numeric feature column; at most 64 features'));
    // A label column with 11 classes.
    const classes = ['x,label', ...Array.from({ length: 11 }, (_, i) => `${i},class${i}`)].join('\n');
    expect(read(classes)).toThrow(new RangeError('line 12, column "label": an 11th class "class10"; at most 10 classes'));
    // NaN or inf text.
    expect(read(withLine17('5.1,NaN,1.4,0.2,setosa'))).toThrow(new TypeError('line 17, column "sepal_width": "NaN" is not a finite number'));
    expect(read(withLine17('inf,3.5,1.4,0.2,setosa'))).toThrow(new TypeError('line 17, column "sepal_length": "inf" is not a finite number'));
    // A 50 MB text.
    expect(read('x'.repeat(50_000_000))).toThrow(new RangeError('the text must be at most 49000000 bytes (49 MB) of CSV, got 50000000'));
    // Binary junk, as a file read as text gives it.
    const junk = new TextDecoder().decode(Uint8Array.from({ length: 300 }, (_, i) => (i * 97 + 13) % 256));
    expect(read(junk)).toThrow(TypeError);
    expect(read(junk)).toThrow(/^line \d+, character \d+: binary data \(.*\), not CSV or TSV text$/);
    expect(read('x,y\n1,\u0000\n')).toThrow(new TypeError('line 2, character 3: binary data (byte 0x00), not CSV or TSV text'));
    // The label option.
    expect(read(irisLike(3), { label: 'petal' })).toThrow(TypeError);
    expect(read(irisLike(3), { label: 7 })).toThrow(new RangeError('label must be a column index 0..4, got 7'));
    expect(() => lab.dataFromCsv(42 as never)).toThrow(new TypeError('text must be a string of CSV, got number 42'));
    expect(() => lab.dataFromCsv('a,b\n1,2\n', { label: {} as never })).toThrow(TypeError);
    // The module is fine afterwards.
    expect(lab.dataFromCsv(irisLike(6)).x.length).toBe(24);
  });

  it('reads 100,000 rows × 64 features', () => {
    const lab = labs.get(variant)!;
    const header = [...Array.from({ length: 64 }, (_, i) => `f${i}`), 'label'].join(',');
    const lines = [header];
    for (let r = 0; r < 100_000; r++) {
      const cells: string[] = [];
      for (let c = 0; c < 64; c++) cells.push((((r * 31 + c * 17) % 2000) / 100 - 10).toFixed(2));
      cells.push(r % 2 ? 'yes' : 'no');
      lines.push(cells.join(','));
    }
    const data = lab.dataFromCsv(lines.join('\n'));
    expect(data.inputs).toBe(64);
    expect(data.y.length).toBe(100_000);
    // It trains: the typed arrays go to C++ beside the JSON, which would otherwise pass its 64 MiB cap.
    using experiment = lab.createExperiment({ data, model: { layers: [{ units: 8 }] }, steps: 5 });
    expect(experiment.step(5).step).toBe(5);
    expect(data.x[64 * 99_999 + 63]).toBe(Math.fround(Number((((99_999 * 31 + 63 * 17) % 2000) / 100 - 10).toFixed(2))));
  });

  it('typed arrays beside the JSON give the same experiment as JSON numbers, checked the same way', () => {
    const lab = labs.get(variant)!;
    const data = lab.dataFromCsv(irisLike(60));
    const config = { seed: 4, data, model: { layers: [{ units: 6 }] }, steps: 20 };
    using typed = lab.createExperiment(config);
    using plain = lab.createExperiment({ ...config, data: { ...data, x: Array.from(data.x), y: Array.from(data.y) } });
    expect(JSON.stringify(typed.step(20))).toBe(JSON.stringify(plain.step(20)));
    const bad = { ...data, x: data.x.slice() };
    bad.x[5] = NaN;
    expect(() => lab.createExperiment({ data: bad })).toThrow(new RangeError('data.x[5] must be -1000000..1000000, got nan'));
    expect(() => lab.createExperiment({ data: { ...data, x: data.x.subarray(1) } })).toThrow(
      new RangeError('data.x must have rows of 4 numbers (data.inputs), got 239 numbers'),
    );
  });

  it('toCsv writes what dataFromCsv reads back, for CSV data and for an experiment\'s data', () => {
    const lab = labs.get(variant)!;
    const data = lab.dataFromCsv(irisLike(30).replaceAll(',setosa', ',"set ""osa"", one"'));
    expect(data.classNames[0]).toBe('set "osa", one');
    const again = lab.dataFromCsv(lab.toCsv(data));
    expect(firstDifference(again.x, data.x)).toBe(-1);
    expect(firstDifference(again.y, data.y)).toBe(-1);
    expect(again.columns).toEqual(data.columns);
    expect(again.classNames).toEqual(data.classNames);
    using moons = lab.createExperiment({ data: { kind: 'moons', n: 50 } });
    const exported = lab.dataFromCsv(lab.toCsv(moons.data()));
    const original = moons.data();
    expect(exported.y.length).toBe(50);
    expect(firstDifference(exported.x, Float32Array.from([...original.x, ...original.xTest]))).toBe(-1);
    expect(exported.columns).toEqual(['x1', 'x2']);
  });
});

describe('dataFromCsv under fast-check', () => {
  it('2,000 random inputs throw nothing but TypeError or RangeError', () => {
    const lab = labs.get('simd')!;
    const cell = fc.oneof(
      fc.double({ noNaN: false }).map(String),
      fc.integer({ min: -20, max: 20 }).map(String),
      fc.constantFrom('', ' ', 'NaN', 'inf', '-', '.', 'e5', '1e', '"', '""', 'a,b', 'x', 'setosa', '\u00e4', '\ufffd'),
      fc.string({ maxLength: 8 }),
    );
    const row = fc.array(cell, { minLength: 0, maxLength: 6 });
    const csv = fc
      .tuple(fc.array(row, { minLength: 0, maxLength: 12 }), fc.constantFrom(',', '\t', ';', ' '), fc.constantFrom('\n', '\r\n', '\r'))
      .map(([rows, separator, end]) => rows.map((cells) => cells.join(separator)).join(end));
    // Mostly well-formed tables (a header, numeric cells, a label), some with one cell replaced by anything.
    const table = fc
      .record({
        width: fc.integer({ min: 2, max: 5 }),
        rows: fc.integer({ min: 1, max: 15 }),
        values: fc.array(fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -1e3, max: 1e3, noNaN: true })), { minLength: 80, maxLength: 80 }),
        labels: fc.oneof(
          fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 20, maxLength: 20 }),
          fc.array(fc.constantFrom('0', '1', '2.5', '-3'), { minLength: 20, maxLength: 20 }),
        ),
        header: fc.boolean(),
        broken: fc.option(fc.tuple(fc.nat(), cell), { nil: undefined }),
      })
      .map(({ width, rows, values, labels, header, broken }) => {
        const lines = header ? [[...Array.from({ length: width - 1 }, (_, c) => `f${c}`), 'label'].join(',')] : [];
        for (let r = 0; r < rows; r++) {
          const cells = Array.from({ length: width - 1 }, (_, c) => String(values[(r * width + c) % values.length]));
          cells.push(labels[r % labels.length]);
          if (broken && broken[0] % rows === r) cells[broken[0] % width] = broken[1];
          lines.push(cells.join(','));
        }
        return lines.join('\n');
      });
    const text = fc.oneof(table, table, csv, fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }));
    const label = fc.oneof(
      fc.constant(undefined),
      fc.integer({ min: -2, max: 8 }),
      fc.double(),
      fc.string({ maxLength: 6 }),
    );
    let accepted = 0;
    fc.assert(
      fc.property(text, label, (input, chosen) => {
        let data: CsvData;
        try {
          data = lab.dataFromCsv(input, chosen === undefined ? {} : { label: chosen });
        } catch (error) {
          if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
          return;
        }
        accepted++;
        // Whatever is accepted is a valid config.data: this must not throw.
        lab.createExperiment({ data, steps: 1, model: { layers: [{ units: 2 }] } }).dispose();
      }),
      { numRuns: 2000, seed: 14 },
    );
    expect(accepted).toBeGreaterThan(100);
    expect(lab.dataFromCsv(irisLike(3)).classes).toBe(3);
  });
});
