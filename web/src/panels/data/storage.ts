// storage.ts — custom data that a link cannot carry (CSV data, a drawn set of
// more than 200 points), kept in this browser's localStorage so that the page
// finds it again after a reload. A link with `data=custom` and no `pts` then
// trains on it; the page says that the link does not carry it (tools.ts).
//
// Deliberately left out: checking the data (the C++ parser does when the run
// starts). One set is kept: the latest.
import type { DataConfig } from '../../lib/types';

const KEY = 'activation-lab.data.v1';
/**
 * More values than this are not tried: as JSON they would exceed the ~5 M
 * characters browsers allow localStorage per origin, and writing the text
 * would hold up the page for seconds before the browser refused it.
 */
const MAX_STORED_VALUES = 500_000;

/** The fields of custom data that are kept (x and y as plain numbers: JSON has no typed arrays). */
interface StoredData {
  x: number[];
  y: number[];
  inputs?: number;
  classes?: number;
  columns?: readonly string[];
  classNames?: readonly string[];
  droppedRows?: number;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage refused (privacy settings, sandboxed frames)
  }
}

/** Keeps the arrays and names of custom data; false when the browser refuses (no storage, over its quota). */
export function saveLocalData(data: DataConfig): boolean {
  const store = storage();
  if (!store || data.kind !== 'custom' || !data.x || !data.y) return false;
  if ((data.x as ArrayLike<unknown>).length + (data.y as ArrayLike<unknown>).length > MAX_STORED_VALUES) return false;
  const flat = (values: unknown): number[] => (ArrayBuffer.isView(values) ? Array.from(values as Float32Array) : (values as unknown[]).flat(2) as number[]);
  const rows = Array.isArray(data.x) && Array.isArray(data.x[0]);
  const stored: StoredData = {
    x: flat(data.x),
    y: flat(data.y),
    inputs: data.inputs ?? (rows ? (data.x as number[][])[0].length : undefined),
    classes: data.classes,
    columns: data.columns,
    classNames: data.classNames,
    droppedRows: data.droppedRows,
  };
  try {
    store.setItem(KEY, JSON.stringify(stored));
    return true;
  } catch {
    return false;
  }
}

/** The kept data as custom config.data (x and y as Float32Arrays), or null when there is none or it is unreadable. */
export function loadLocalData(): DataConfig | null {
  const text = storage()?.getItem(KEY);
  if (!text) return null;
  try {
    const stored = JSON.parse(text) as StoredData;
    if (!Array.isArray(stored.x) || !Array.isArray(stored.y) || typeof stored.inputs !== 'number') return null;
    const data: DataConfig = {
      kind: 'custom',
      x: Float32Array.from(stored.x),
      y: Float32Array.from(stored.y),
      inputs: stored.inputs,
    };
    if (typeof stored.classes === 'number') data.classes = stored.classes;
    if (Array.isArray(stored.columns) && stored.columns.length > 0) data.columns = stored.columns;
    if (Array.isArray(stored.classNames) && stored.classNames.length > 0) data.classNames = stored.classNames;
    if (typeof stored.droppedRows === 'number') data.droppedRows = stored.droppedRows;
    return data;
  } catch {
    return null;
  }
}
