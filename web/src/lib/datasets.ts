// datasets.ts — data for the npm module beyond what the wasm module holds:
//   - the real datasets that are not compiled into the wasm module
//     (breast_cancer, digits): where their CSV files are and how they are
//     read, by fetch in browsers and workers, from the file in Node
//     (lab.loadDataset; docs/datasets.md says why and how);
//   - dataToCsv, the inverse of lab.dataFromCsv, for "export data as CSV".
//
// Deliberately left out: parsing CSV (the C++ reader does it, for every
// caller; lab.dataFromCsv binds it) and any validation of the data.
import { isNode, readWasmInNode } from './loader';
import type { DataConfig, DataKind, ExperimentData } from './types';

/** The datasets fetched on demand, each a literal URL so that bundlers emit the file. */
const DATASET_FILES: Partial<Record<DataKind, () => URL>> = {
  breast_cancer: () => new URL('../../../data/breast_cancer.csv', import.meta.url),
  digits: () => new URL('../../../data/digits.csv', import.meta.url),
};

/** The kinds whose CSV file the npm module ships beside itself (data/<kind>.csv). */
export function datasetFileUrl(kind: DataKind): URL | undefined {
  return DATASET_FILES[kind]?.();
}

/** The text of a dataset's CSV file: fetched (browsers, workers) or read (Node). */
export async function readDatasetText(location: string | URL): Promise<string> {
  if (isNode()) return new TextDecoder().decode(await readWasmInNode(location));
  const response = await fetch(String(location));
  if (!response.ok) throw new Error(`could not fetch ${String(location)}: HTTP ${response.status}`);
  return response.text();
}

// ------------------------------------------------------------- dataToCsv

/** The shortest decimal text that reads back as the same float32. */
function floatText(value: number): string {
  if (Number.isInteger(value)) return String(value);
  for (let digits = 1; digits < 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(value);
}

/** A cell, quoted when it holds a comma, a quote, a line break or spaces at its ends. */
function csvCell(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Custom data (config.data, e.g. from lab.dataFromCsv or a drawn set) or an
 * experiment's data (exp.data(); its training and test rows) as CSV text:
 * a header of the feature names (data.columns, else x1, x2, …) and the label
 * column (`label`, or `target` / target1, target2, … for regression), one row
 * per example. Class labels are written as their class names when there are
 * some, so lab.dataFromCsv(text) reads the same data back.
 */
export function dataToCsv(data: DataConfig | ExperimentData): string {
  const source = data as DataConfig & Partial<ExperimentData>;
  const inputs = source.inputs ?? 0;
  if (!Number.isInteger(inputs) || inputs < 1) throw new TypeError('data.inputs must be a positive integer');
  const rowsOf = (values: unknown): number[][] => {
    const list = Array.from((values ?? []) as ArrayLike<number | ArrayLike<number>>);
    if (list.length > 0 && typeof list[0] === 'object') return list.map((row) => Array.from(row as ArrayLike<number>));
    const width = values === source.x || values === source.xTest ? inputs : (source.targets ?? 1);
    const rows: number[][] = [];
    for (let i = 0; i < list.length; i += width) rows.push((list as number[]).slice(i, i + width).map(Number));
    return rows;
  };
  const x = [...rowsOf(source.x), ...rowsOf(source.xTest)];
  const y = [...rowsOf(source.y), ...rowsOf(source.yTest)];
  if (x.length !== y.length) throw new RangeError(`data.x has ${x.length} rows but data.y has ${y.length}`);
  const classes = source.classes ?? 0;
  const targets = y[0]?.length ?? 1;
  const names = source.columns && source.columns.length === inputs ? source.columns : Array.from({ length: inputs }, (_, i) => `x${i + 1}`);
  const labelNames = classes > 0 ? ['label'] : targets === 1 ? ['target'] : Array.from({ length: targets }, (_, i) => `target${i + 1}`);
  const classNames = source.classNames && source.classNames.length === classes ? source.classNames : undefined;
  const lines = [[...names, ...labelNames].map(csvCell).join(',')];
  for (let r = 0; r < x.length; r++) {
    const label = classes > 0
      ? [classNames ? csvCell(classNames[y[r][0]] ?? String(y[r][0])) : String(y[r][0])]
      : y[r].map((value) => floatText(Math.fround(value)));
    lines.push([...x[r].map((value) => floatText(Math.fround(value))), ...label].join(','));
  }
  return `${lines.join('\n')}\n`;
}
