// tools.ts — the Train panel's own-data tools: draw points on the decision
// map (classes or regression targets; press to add, drag to erase), read a
// pasted or uploaded CSV/TSV table (lab.parseCsv: the C++ reader in the lib's
// worker, with a progress bar), and export the data as CSV (lab.toCsv). Each
// hands the panel a complete custom config.data; the panel restarts its run
// with it. A drawn set of up to 200 points travels in the link (`pts`);
// larger sets and CSV data are kept in localStorage (storage.ts), and the
// tools say that the link does not carry them.
//
// Deliberately left out: any rule about the data. The CSV reader and the
// config parser (C++) check it and name the line and column; this file
// shows their messages as text, and leaves the current data and run alone
// when a table is refused.
import type { CsvData, CsvProgress, DataConfig, ExperimentConfig, ExperimentData, Lab } from '../../lib/types';
import type { MessageKey, MessageValues, Strings } from '../../i18n/strings';
import { CLASS_COLORS, type DecisionMap, type PlanePointer } from '../../plot/decision-map';
import { button, element } from '../../shared/dom';
import { prefersTap } from '../../shared/pointer';
import { download } from '../export/files';
import {
  addPoint,
  DRAW_HI,
  DRAW_LO,
  drawnData,
  drawnSetOf,
  emptySet,
  erasePoints,
  fitsLink,
  MAX_DRAW_CLASSES,
  MIN_DRAW_CLASSES,
  planePoints,
  type DrawnSet,
} from './points';
import { saveLocalData } from './storage';
import './data.css';

/** A press that moves less than this (CSS px) adds a point; more is a drag that erases. */
const DRAG_THRESHOLD_PX = 6;
/** The eraser's radius (CSS px). */
const ERASER_RADIUS_PX = 14;

/** The label menu's last entry: type a column's name. */
const OTHER_COLUMN = '\u0000other';

/** What the tools remember across a rebuild of the view (a language switch): the panel keeps it. */
export interface DataToolsSettings {
  drawing: boolean;
  /** the class new points get */
  label: number;
  /** the CSV last read (pasted text or the file), to read again with another label column */
  csvSource: string | File | null;
  /** the label column chosen for it: a header name, or undefined for the last column */
  csvLabel: string | undefined;
  /** every column name seen in the text's readings, in order (for the label menu) */
  csvColumns: string[];
  /** what the last reading gave (shown under the form), or null */
  csvSummary: { rows: number; inputs: number; classes: number; classNames: string[]; droppedRows: number; columns: string[] } | null;
}

export function defaultDataToolsSettings(): DataToolsSettings {
  return { drawing: false, label: 0, csvSource: null, csvLabel: undefined, csvColumns: [], csvSummary: null };
}

export interface DataToolsOptions {
  lab: Lab;
  strings: Strings;
  settings: DataToolsSettings;
  /** the experiment as the panel holds it */
  config: () => ExperimentConfig;
  /** the run's data (exp.data()), for the CSV export of generated data and datasets */
  data: () => ExperimentData | null;
  /** the decision map the Draw tool draws on */
  decision: DecisionMap;
  /** new data for the experiment: the panel restarts its run with it and reports the state */
  onData: (data: DataConfig) => void;
}

/** A drag on the plane: where it started, and whether it has become an erasing stroke. */
interface Stroke {
  startX: number;
  startY: number;
  startPx: number;
  startPy: number;
  erasing: boolean;
  set: DrawnSet;
}

export class DataTools {
  readonly element: HTMLElement;
  readonly #options: DataToolsOptions;
  readonly #settings: DataToolsSettings;
  readonly #drawToggle: HTMLButtonElement;
  readonly #drawBox: HTMLElement;
  readonly #task: HTMLSelectElement;
  readonly #classes: HTMLElement;
  readonly #drawCount: HTMLElement;
  readonly #linkNote: HTMLElement;
  readonly #csvText: HTMLTextAreaElement;
  readonly #csvLabel: HTMLSelectElement;
  /** A column the menu does not list (a text column before the last one is left out of the features, so no reading names it): typed by name. */
  readonly #csvOther: HTMLInputElement;
  readonly #csvLabelRow: HTMLElement;
  readonly #progress: HTMLProgressElement;
  readonly #progressText: HTMLElement;
  readonly #csvError: HTMLElement;
  readonly #csvInfo: HTMLElement;
  readonly #exportStatus: HTMLElement;
  #set: DrawnSet | null = null;
  #stroke: Stroke | null = null;
  #gridBox: { lo: number[]; hi: number[] } | null = null;
  #parse: AbortController | null = null;

  constructor(options: DataToolsOptions) {
    this.#options = options;
    this.#settings = options.settings;
    const t = (key: MessageKey, values?: MessageValues) => this.#t(key, values);
    const root = element('section', 'data-tools');
    root.setAttribute('aria-label', t('data.title'));

    // ---- draw
    this.#drawToggle = button(t('data.draw'), 'data-draw-toggle', 'data-draw');
    this.#drawToggle.addEventListener('click', () => this.setDrawing(!this.#settings.drawing));
    this.#drawBox = element('div', 'data-draw-box');
    this.#task = element('select');
    this.#task.id = 'data-draw-task';
    for (const [value, key] of [['classes', 'data.draw.classes'], ['regression', 'data.draw.regression']] as const) {
      const option = element('option', undefined, t(key));
      option.value = value;
      this.#task.append(option);
    }
    this.#task.addEventListener('change', () => this.#setTask(this.#task.value === 'regression' ? 0 : MIN_DRAW_CLASSES));
    const taskLabel = element('label', 'data-field', t('data.draw.task'));
    taskLabel.htmlFor = this.#task.id;
    const taskRow = element('div', 'data-row');
    taskRow.append(taskLabel, this.#task);
    this.#classes = element('div', 'data-classes');
    this.#classes.setAttribute('role', 'group');
    this.#classes.setAttribute('aria-label', t('data.draw.classGroup'));
    const clear = button(t('data.draw.clear'), 'data-button', 'data-draw-clear');
    clear.addEventListener('click', () => this.#commit(emptySet(this.#set?.classes ?? MIN_DRAW_CLASSES)));
    this.#drawCount = element('span', 'data-count');
    this.#drawCount.setAttribute('aria-live', 'polite');
    const hint = element('p', 'data-hint', t(prefersTap() ? 'data.draw.hint.touch' : 'data.draw.hint'));
    const drawActions = element('div', 'data-row');
    drawActions.append(clear, this.#drawCount);
    this.#drawBox.append(taskRow, this.#classes, drawActions, hint);

    // ---- CSV
    const csv = element('details', 'data-csv');
    csv.open = this.#settings.csvSource !== null;
    const summary = element('summary', 'data-csv-summary', t('data.csv'));
    this.#csvText = element('textarea', 'data-csv-text');
    this.#csvText.id = 'data-csv-text';
    this.#csvText.rows = 4;
    this.#csvText.spellcheck = false;
    this.#csvText.placeholder = t('data.csv.placeholder');
    this.#csvText.setAttribute('aria-label', t('data.csv.paste'));
    const read = button(t('data.csv.read'), 'data-button', 'data-csv-read');
    read.addEventListener('click', () => {
      this.#settings.csvLabel = undefined;
      this.#settings.csvColumns = [];
      this.#read(this.#csvText.value);
    });
    // Reached through its label (a button); visually hidden but focusable by keyboard.
    const file = element('input', 'data-csv-file visually-hidden');
    file.type = 'file';
    file.id = 'data-csv-file';
    file.accept = '.csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain';
    file.addEventListener('change', () => {
      const chosen = file.files?.[0];
      file.value = '';
      if (chosen) {
        this.#settings.csvLabel = undefined;
        this.#settings.csvColumns = [];
        this.#read(chosen);
      }
    });
    const fileLabel = element('label', 'data-button data-file-label', t('data.csv.upload'));
    fileLabel.append(file);
    const readRow = element('div', 'data-row');
    readRow.append(read, fileLabel);
    this.#csvLabel = element('select');
    this.#csvLabel.id = 'data-csv-label';
    this.#csvLabel.addEventListener('change', () => {
      const source = this.#settings.csvSource;
      if (source === null) return;
      if (this.#csvLabel.value === OTHER_COLUMN) {
        this.#csvOther.hidden = false;
        this.#csvOther.focus();
        return;
      }
      this.#csvOther.hidden = true;
      this.#settings.csvLabel = this.#csvLabel.value === '' ? undefined : this.#csvLabel.value;
      this.#read(source);
    });
    this.#csvOther = element('input', 'data-csv-other');
    this.#csvOther.type = 'text';
    this.#csvOther.id = 'data-csv-label-other';
    this.#csvOther.hidden = true;
    this.#csvOther.spellcheck = false;
    this.#csvOther.placeholder = t('data.csv.otherPlaceholder');
    this.#csvOther.setAttribute('aria-label', t('data.csv.otherColumn'));
    // Enter or leaving the box reads again; the reader checks the name (its message lists the header's columns).
    this.#csvOther.addEventListener('change', () => {
      const source = this.#settings.csvSource;
      const name = this.#csvOther.value.trim();
      if (source === null || name === '') return;
      this.#settings.csvLabel = name;
      this.#read(source);
    });
    const labelLabel = element('label', 'data-field', t('data.csv.label'));
    labelLabel.htmlFor = this.#csvLabel.id;
    this.#csvLabelRow = element('div', 'data-row');
    this.#csvLabelRow.append(labelLabel, this.#csvLabel, this.#csvOther);
    this.#progress = element('progress', 'data-progress');
    this.#progress.max = 1;
    this.#progress.hidden = true;
    this.#progressText = element('span', 'data-progress-text');
    this.#progressText.setAttribute('role', 'status');
    this.#csvError = element('p', 'data-error');
    this.#csvError.setAttribute('role', 'alert');
    this.#csvError.id = 'data-csv-error';
    this.#csvInfo = element('p', 'data-info');
    this.#csvInfo.id = 'data-csv-info';
    csv.append(summary, this.#csvText, readRow, this.#csvLabelRow, this.#progress, this.#progressText, this.#csvError, this.#csvInfo);

    // ---- export and the link
    const exportRow = element('div', 'data-row');
    const exportButton = button(t('data.export'), 'data-button', 'data-export-csv');
    this.#exportStatus = element('span', 'data-export-status');
    this.#exportStatus.setAttribute('role', 'status');
    exportButton.addEventListener('click', () => this.#export());
    exportRow.append(exportButton, this.#exportStatus);
    this.#linkNote = element('p', 'data-link-note');
    this.#linkNote.id = 'data-link-note';

    root.append(element('h3', 'data-title', t('data.title')), this.#drawToggle, this.#drawBox, csv, exportRow, this.#linkNote);
    this.element = root;
    this.#showCsvSummary();
    this.setConfig(options.config());
  }

  #t(key: MessageKey, values?: MessageValues): string {
    return this.#options.strings.t(key, values);
  }

  get drawing(): boolean {
    return this.#settings.drawing;
  }

  /** The panel's config changed (an edit, a link): the tools show what it holds. */
  setConfig(config: ExperimentConfig): void {
    const set = drawnSetOf(config.data);
    this.#set = set;
    // Drawing goes on with a drawn set only; other data ends it.
    if (this.#settings.drawing && !set) this.#settings.drawing = false;
    this.#showDrawing();
    this.#showLinkNote(config);
  }

  /** The run started on the data: where its grid lies on the plane (its box, back in the drawn units). */
  runStarted(data: ExperimentData): void {
    const lo = Array.from(data.lo);
    const hi = Array.from(data.hi);
    // Standardised features: the box in the drawn units is mean + std · box.
    if (data.featureStd.length === data.inputs) {
      for (let i = 0; i < data.inputs; i++) {
        lo[i] = data.featureMean[i] + data.featureStd[i] * lo[i];
        hi[i] = data.featureMean[i] + data.featureStd[i] * hi[i];
      }
    }
    this.#gridBox = { lo, hi };
    this.#showPlane();
  }

  /** Starts or ends the Draw mode; starting it on other data begins an empty drawn set. */
  setDrawing(on: boolean): void {
    if (on === this.#settings.drawing) return;
    this.#settings.drawing = on;
    if (on && !this.#set) {
      this.#gridBox = null;
      this.#commit(emptySet(MIN_DRAW_CLASSES));
      return;
    }
    this.#showDrawing();
  }

  destroy(): void {
    this.#parse?.abort();
    this.#options.decision.setPlane(null);
    this.element.remove();
  }

  // ------------------------------------------------------------ draw ---

  #showDrawing(): void {
    const drawing = this.#settings.drawing && this.#set !== null;
    this.#drawToggle.setAttribute('aria-pressed', String(drawing));
    this.#drawToggle.textContent = this.#t(drawing ? 'data.draw.done' : 'data.draw');
    this.#drawBox.hidden = !drawing;
    this.element.dataset.drawing = String(drawing);
    const set = this.#set;
    if (drawing && set) {
      this.#task.value = set.classes === 0 ? 'regression' : 'classes';
      this.#settings.label = Math.min(this.#settings.label, Math.max(0, set.classes - 1));
      this.#showClasses(set);
      this.#drawCount.textContent = this.#t('data.draw.count', { count: set.y.length });
    }
    this.#showPlane();
  }

  #showClasses(set: DrawnSet): void {
    const t = (key: MessageKey, values?: MessageValues) => this.#t(key, values);
    this.#classes.hidden = set.classes === 0;
    if (set.classes === 0) {
      this.#classes.replaceChildren();
      return;
    }
    const buttons: HTMLElement[] = [];
    for (let k = 0; k < set.classes; k++) {
      const choice = button('', 'data-class');
      choice.dataset.class = String(k);
      choice.setAttribute('aria-pressed', String(k === this.#settings.label));
      const swatch = element('span', 'data-swatch');
      swatch.style.background = CLASS_COLORS[k % CLASS_COLORS.length];
      choice.append(swatch, document.createTextNode(t('data.draw.class', { index: k + 1 })));
      choice.addEventListener('click', () => {
        this.#settings.label = k;
        this.#showClasses(set);
      });
      buttons.push(choice);
    }
    const add = button('+', 'data-class-add', 'data-class-add');
    add.setAttribute('aria-label', t('data.draw.addClass'));
    add.disabled = set.classes >= MAX_DRAW_CLASSES;
    add.addEventListener('click', () => {
      this.#settings.label = set.classes;
      this.#commit({ ...set, classes: set.classes + 1 });
    });
    this.#classes.replaceChildren(...buttons, add);
  }

  #setTask(classes: number): void {
    const set = this.#set;
    if (set && (set.classes === 0) === (classes === 0)) return;
    this.#settings.label = 0;
    this.#gridBox = null;
    this.#commit(emptySet(classes));
  }

  /**
   * The plane on the map for a drawn set, drawing or not (so it looks the
   * same as when drawn): the drawn points (the stroke's, during a drag), the
   * run's grid where it lies. Presses go to the tool only while drawing.
   */
  #showPlane(): void {
    const decision = this.#options.decision;
    const set = this.#stroke?.set ?? this.#set;
    if (!set) {
      if (decision.plane) decision.setPlane(null);
      return;
    }
    const { x, y } = planePoints(set);
    decision.setPlane({
      inputs: set.classes === 0 ? 1 : 2,
      classes: set.classes,
      lo: [DRAW_LO, DRAW_LO],
      hi: [DRAW_HI, DRAW_HI],
      x,
      y,
      gridLo: this.#gridBox?.lo ?? null,
      gridHi: this.#gridBox?.hi ?? null,
      interactive: this.#settings.drawing,
      onPointer: (pointer) => this.#pointer(pointer),
    });
  }

  /** A press adds a point where it was; a drag erases what it passes over, committed when it ends. */
  #pointer(pointer: PlanePointer): void {
    const set = this.#set;
    if (!set) return;
    if (pointer.phase === 'down') {
      this.#stroke = { startX: pointer.x, startY: pointer.y, startPx: pointer.px, startPy: pointer.py, erasing: false, set };
      return;
    }
    const stroke = this.#stroke;
    if (!stroke) return;
    const radius: [number, number] = [ERASER_RADIUS_PX * pointer.unitsPerPixel[0], ERASER_RADIUS_PX * pointer.unitsPerPixel[1]];
    if (pointer.phase === 'move') {
      if (!stroke.erasing && Math.hypot(pointer.px - stroke.startPx, pointer.py - stroke.startPy) >= DRAG_THRESHOLD_PX) {
        stroke.erasing = true;
        stroke.set = erasePoints(stroke.set, [stroke.startX, stroke.startY], radius);
      }
      if (stroke.erasing) {
        const next = erasePoints(stroke.set, [pointer.x, pointer.y], radius);
        if (next !== stroke.set) {
          stroke.set = next;
          this.#showPlane();
        }
      }
      return;
    }
    this.#stroke = null;
    if (stroke.erasing) {
      if (stroke.set !== set) this.#commit(stroke.set);
      return;
    }
    if (pointer.phase === 'up') this.#commit(addPoint(set, [stroke.startX, stroke.startY], this.#settings.label));
  }

  /** A new drawn set: shown at once, and handed to the panel as the experiment's data. */
  #commit(set: DrawnSet): void {
    this.#set = set;
    const data = drawnData(set, this.#options.config().data);
    if (set.y.length > 0 && !fitsLink(set)) saveLocalData(data);
    this.#showDrawing();
    this.#options.onData(data);
  }

  // ------------------------------------------------------------- CSV ---

  /** Reads `source` (pasted text or a file) in the lib's worker, with progress; the current data stays until it succeeds. */
  #read(source: string | File): void {
    const { lab } = this.#options;
    this.#parse?.abort();
    this.#csvError.textContent = '';
    const limit = lab.schema.limits.maxCsvBytes;
    if (typeof source !== 'string' && source.size > limit) {
      this.#csvError.textContent = this.#t('data.csv.tooLarge', { size: source.size, limit, mb: Math.round(limit / 1e6) });
      return;
    }
    const controller = new AbortController();
    this.#parse = controller;
    this.#progress.hidden = false;
    this.#progress.removeAttribute('value');
    this.#progressText.textContent = this.#t('data.csv.reading', { percent: 0 });
    const label = this.#settings.csvLabel;
    const started = performance.now();
    const onProgress = (progress: CsvProgress) => {
      if (progress.stage === 'reading' && progress.total > 0) {
        this.#progress.value = progress.loaded / progress.total;
        this.#progressText.textContent = this.#t('data.csv.reading', { percent: Math.round((100 * progress.loaded) / progress.total) });
      } else if (progress.stage === 'parsing') {
        this.#progress.removeAttribute('value');
        this.#progressText.textContent = this.#t('data.csv.parsing');
      }
    };
    lab.parseCsv(source, { label, onProgress, signal: controller.signal }).then(
      (data) => {
        if (this.#parse !== controller) return;
        this.#parse = null;
        // Kept to read it again with another label column.
        this.#settings.csvSource = source;
        this.#progress.hidden = true;
        this.#progressText.textContent = '';
        // The time from the press to the data, for the record (tests/e2e/data.test.mjs prints it).
        this.element.dataset.parseMs = String(Math.round(performance.now() - started));
        this.#accept(data);
      },
      (error: unknown) => {
        if (this.#parse !== controller || controller.signal.aborted) return;
        this.#parse = null;
        this.#progress.hidden = true;
        this.#progressText.textContent = '';
        // The reader's own words: they name the line and the column. The current data and run stay.
        this.#csvError.textContent = this.#t('data.csv.refused', { message: error instanceof Error ? error.message : String(error) });
      },
    );
  }

  #accept(data: CsvData): void {
    const settings = this.#settings;
    for (const name of data.columns) if (!settings.csvColumns.includes(name)) settings.csvColumns.push(name);
    // A label typed by name that the reader accepted is a column too.
    if (settings.csvLabel !== undefined && !settings.csvColumns.includes(settings.csvLabel)) settings.csvColumns.push(settings.csvLabel);
    this.#csvOther.hidden = true;
    this.#csvOther.value = '';
    settings.csvSummary = {
      rows: data.y.length,
      inputs: data.inputs,
      classes: data.classes,
      classNames: data.classNames,
      droppedRows: data.droppedRows,
      columns: data.columns,
    };
    this.#showCsvSummary();
    const previous = this.#options.config().data;
    const next: DataConfig = { ...data, testFraction: previous?.testFraction ?? 0.2 };
    settings.drawing = false;
    if (!saveLocalData(next)) this.#linkNote.dataset.stored = 'false';
    this.#options.onData(next);
  }

  /** The label menu (the last column, or any column seen) and what the last reading gave. */
  #showCsvSummary(): void {
    const t = (key: MessageKey, values?: MessageValues) => this.#t(key, values);
    const settings = this.#settings;
    const summary = settings.csvSummary;
    this.#csvLabelRow.hidden = summary === null;
    const last = element('option', undefined, t('data.csv.lastColumn'));
    last.value = '';
    const options = [last];
    for (const name of settings.csvColumns) {
      const option = element('option', undefined, name);
      option.value = name;
      options.push(option);
    }
    const other = element('option', undefined, t('data.csv.otherColumn'));
    other.value = OTHER_COLUMN;
    options.push(other);
    this.#csvLabel.replaceChildren(...options);
    this.#csvLabel.value = settings.csvLabel ?? '';
    if (!summary) {
      this.#csvInfo.textContent = '';
      return;
    }
    const parts = [t('data.csv.rows', { rows: summary.rows, inputs: summary.inputs, columns: summary.columns.join(', ') })];
    parts.push(summary.classes === 0 ? t('data.csv.regression') : t('data.csv.classes', { classes: summary.classes, names: summary.classNames.join(', ') }));
    if (summary.droppedRows > 0) parts.push(t('data.csv.dropped', { count: summary.droppedRows }));
    this.#csvInfo.textContent = parts.join(' ');
  }

  // ---------------------------------------------------- export, link ---

  #export(): void {
    const { lab } = this.#options;
    this.#exportStatus.textContent = '';
    try {
      const config = this.#options.config();
      let text: string;
      if (config.data?.kind === 'custom' && config.data.x && config.data.y) text = lab.toCsv(config.data);
      else {
        const data = this.#options.data();
        if (!data) throw new Error(this.#t('data.export.none'));
        text = lab.toCsv(unstandardized(data));
      }
      download(`actlab-data-${config.data?.kind ?? 'moons'}.csv`, text, 'text/csv');
    } catch (error) {
      this.#exportStatus.textContent = error instanceof Error ? error.message : String(error);
    }
  }

  #showLinkNote(config: ExperimentConfig): void {
    const data = config.data;
    const set = drawnSetOf(data);
    let key: MessageKey | null = null;
    if (data?.kind === 'custom') {
      if (set && set.y.length === 0) key = 'data.link.empty';
      else if (!set || !fitsLink(set)) key = this.#linkNote.dataset.stored === 'false' ? 'data.link.notKept' : 'data.link.local';
    }
    this.#linkNote.hidden = key === null;
    this.#linkNote.textContent = key ? this.#t(key) : '';
  }
}

/** exp.data() in the data's own units: standardised features back through the training part's mean and std. */
function unstandardized(data: ExperimentData): ExperimentData {
  if (data.featureStd.length !== data.inputs) return data;
  const back = (x: Float32Array) => x.map((value, i) => value * data.featureStd[i % data.inputs] + data.featureMean[i % data.inputs]);
  return { ...data, x: back(data.x), xTest: back(data.xTest), featureMean: new Float32Array(0), featureStd: new Float32Array(0) };
}
