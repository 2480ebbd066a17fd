// points.ts — a drawn data set (Train's Draw mode) as a value: its points,
// the custom `config.data` they make, and their compact text for the link
// (`pts`, docs/page.md). Pure: no DOM, no window, tested in Node.
//
// A drawn set is custom data whose x is a list of rows ([[x0, x1], …] for
// classes, [[x], …] with y the targets for regression), every value rounded
// to 3 decimals, as the Draw tool makes it. Up to MAX_LINK_POINTS of them go
// into the link: `pts=1:0.25:-0.5,0:0.1:0.3` (class:x0:x1 per point) or
// `pts=0.25:-0.5,0.1:0.3` (x:target per point, regression).
//
// Deliberately left out: whether the data is valid for training (the C++
// parser decides when the run starts) and where data that is not a drawn set
// is kept (storage.ts).
import type { DataConfig } from '../../lib/types';

/** The most points a link carries; more are kept in the browser (storage.ts). */
export const MAX_LINK_POINTS = 200;
/** The drawing plane, the same on both axes: what the map shows while drawing. */
export const DRAW_LO = -1;
export const DRAW_HI = 1;
/** Classes the Draw tool offers (the config allows 2..10). */
export const MIN_DRAW_CLASSES = 2;
export const MAX_DRAW_CLASSES = 10;
/** A link's values are at most this large (the drawing plane is −1..1; the config allows ±1e6). */
const MAX_LINK_VALUE = 1000;

export interface DrawnSet {
  /** 0: regression (one input, a target per point); 2..10: classes (two inputs, a class per point) */
  classes: number;
  /** one row per point: [x0, x1] with classes, [x] for regression */
  x: number[][];
  /** a class index, or a target, per point */
  y: number[];
}

/** A value as the Draw tool stores it: 3 decimals, no −0. */
export function quantise(value: number): number {
  const rounded = Math.round(value * 1000) / 1000;
  return rounded === 0 ? 0 : rounded;
}

const isQuantised = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_LINK_VALUE && quantise(value) === value;

/** The drawn set `data` holds, when it is one (custom data of list rows, one or two inputs, no names); else null. */
export function drawnSetOf(data: DataConfig | undefined): DrawnSet | null {
  if (!data || data.kind !== 'custom' || !Array.isArray(data.x) || !Array.isArray(data.y)) return null;
  if ((data.columns?.length ?? 0) > 0 || (data.classNames?.length ?? 0) > 0) return null;
  const classes = data.classes ?? 0;
  const width = classes === 0 ? 1 : 2;
  if (classes !== 0 && (classes < MIN_DRAW_CLASSES || classes > MAX_DRAW_CLASSES)) return null;
  const x = data.x as unknown[];
  const y = data.y as unknown[];
  if (x.length !== y.length) return null;
  const rows: number[][] = [];
  for (let i = 0; i < x.length; i++) {
    const row = x[i];
    if (!Array.isArray(row) || row.length !== width || !row.every((v) => typeof v === 'number' && Number.isFinite(v))) return null;
    const label = y[i];
    if (typeof label !== 'number' || !Number.isFinite(label)) return null;
    if (classes > 0 && (!Number.isInteger(label) || label < 0 || label >= classes)) return null;
    rows.push([...(row as number[])]);
  }
  return { classes, x: rows, y: [...(y as number[])] };
}

/** Whether the link can carry `set` exactly: at most MAX_LINK_POINTS points, at least one, every value on the 3-decimal grid. */
export function fitsLink(set: DrawnSet): boolean {
  return set.y.length >= 1 && set.y.length <= MAX_LINK_POINTS && set.x.every((row) => row.every(isQuantised)) && set.y.every(isQuantised);
}

/**
 * The custom config.data of a drawn set, keeping the test fraction and the
 * standardisation of `previous` when it was a drawn set too (standardize:
 * false otherwise, the default for custom data).
 */
export function drawnData(set: DrawnSet, previous?: DataConfig): DataConfig {
  const wasDrawn = previous !== undefined && drawnSetOf(previous) !== null;
  return {
    kind: 'custom',
    testFraction: previous?.testFraction ?? 0.2,
    classes: set.classes,
    standardize: wasDrawn ? (previous.standardize ?? false) : false,
    x: set.x.map((row) => [...row]),
    y: [...set.y],
    inputs: set.classes === 0 ? 1 : 2,
  };
}

/** The link's text of a drawn set (fitsLink must hold). */
export function formatPoints(set: DrawnSet): string {
  return set.x
    .map((row, i) => (set.classes === 0 ? `${row[0]}:${set.y[i]}` : `${set.y[i]}:${row[0]}:${row[1]}`))
    .join(',');
}

const VALUE = /^-?(\d{1,4})(\.\d{1,3})?$/;

function parseValue(text: string): number | undefined {
  if (!VALUE.test(text)) return undefined;
  const value = Number(text);
  return isQuantised(value) ? value : undefined;
}

/**
 * The points of a link's `pts` (classes from `class:x0:x1`, regression from
 * `x:target`), or undefined when the text is not 1..MAX_LINK_POINTS points of
 * one kind with values of at most 3 decimals. A class set has max class + 1
 * classes (at least 2); the link's `classes` key, when given, replaces that
 * (and the C++ parser checks the labels against it).
 */
export function parsePoints(text: string): DrawnSet | undefined {
  if (text === '') return undefined;
  const parts = text.split(',');
  if (parts.length > MAX_LINK_POINTS) return undefined;
  const fields = parts[0].split(':').length;
  if (fields !== 2 && fields !== 3) return undefined;
  const x: number[][] = [];
  const y: number[] = [];
  for (const part of parts) {
    const cells = part.split(':');
    if (cells.length !== fields) return undefined;
    if (fields === 2) {
      const [input, target] = cells.map(parseValue);
      if (input === undefined || target === undefined) return undefined;
      x.push([input]);
      y.push(target);
    } else {
      if (!/^\d$/.test(cells[0])) return undefined;
      const [x0, x1] = cells.slice(1).map(parseValue);
      if (x0 === undefined || x1 === undefined) return undefined;
      x.push([x0, x1]);
      y.push(Number(cells[0]));
    }
  }
  if (fields === 2) return { classes: 0, x, y };
  return { classes: Math.max(MIN_DRAW_CLASSES, ...y.map((label) => label + 1)), x, y };
}

/** A set with no points yet: two classes, or regression. */
export function emptySet(classes: number): DrawnSet {
  return { classes, x: [], y: [] };
}

/**
 * `set` with one more point at plane position `at` (x₀, x₁ for classes;
 * x and the target for regression), of class `label` (ignored for
 * regression), on the 3-decimal grid.
 */
export function addPoint(set: DrawnSet, at: readonly [number, number], label: number): DrawnSet {
  const [a, b] = [quantise(at[0]), quantise(at[1])];
  if (set.classes === 0) return { classes: 0, x: [...set.x, [a]], y: [...set.y, b] };
  return { classes: set.classes, x: [...set.x, [a, b]], y: [...set.y, label] };
}

/** `set` without the points inside the ellipse of radii `radius` around plane position `at`. */
export function erasePoints(set: DrawnSet, at: readonly [number, number], radius: readonly [number, number]): DrawnSet {
  const keep: number[] = [];
  for (let i = 0; i < set.y.length; i++) {
    const [px, py] = set.classes === 0 ? [set.x[i][0], set.y[i]] : [set.x[i][0], set.x[i][1]];
    const dx = (px - at[0]) / radius[0];
    const dy = (py - at[1]) / radius[1];
    if (dx * dx + dy * dy > 1) keep.push(i);
  }
  if (keep.length === set.y.length) return set;
  return { classes: set.classes, x: keep.map((i) => set.x[i]), y: keep.map((i) => set.y[i]) };
}

/** The drawn set as the decision map's plane takes it: rows of inputs (x₀, x₁; or x), and a class or target each. */
export function planePoints(set: DrawnSet): { x: Float32Array; y: Float32Array } {
  const inputs = set.classes === 0 ? 1 : 2;
  const x = new Float32Array(set.y.length * inputs);
  set.x.forEach((row, i) => x.set(row.slice(0, inputs), i * inputs));
  return { x, y: Float32Array.from(set.y) };
}
