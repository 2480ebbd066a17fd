// csv.ts — CSV text as custom data, shared by the two callers of the one C++
// reader (cpp/src/csv.cpp): lab.dataFromCsv on the calling thread, and
// lab.parseCsv, which does the same in a worker (run.ts starts it, worker.ts
// answers) so a page stays responsive while a large file is read and parsed.
// Here: the options' checks, the call into the module and the shape of its
// answer, and reading a Blob (a File) as text in slices with progress.
//
// Deliberately left out: any rule about the CSV itself (separator, header,
// limits, messages). The C++ reader decides them all and names the line and
// column; this file only carries its answer.
import { describe } from './memory';
import { unwrap, type RawActlabModule } from './raw-module';
import type { CsvData, CsvProgress, DataFromCsvOptions } from './types';

/** Checks `options` of dataFromCsv / parseCsv (the label; the rest is checked by their callers). */
export function csvLabelOf(options: unknown): string | number | undefined {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object { label? }, got ${describe(options)}`);
  }
  const { label } = options as DataFromCsvOptions;
  if (label !== undefined && typeof label !== 'string' && typeof label !== 'number') {
    throw new TypeError(`options.label must be a column name or a 0-based column index, got ${describe(label)}`);
  }
  return label;
}

/** The module's reader on `text`: a complete config.data, or its TypeError / RangeError naming the line and column. */
export function csvDataOf(raw: RawActlabModule, text: string, label: string | number | undefined): CsvData {
  if (typeof text !== 'string') throw new TypeError(`text must be a string of CSV, got ${describe(text)}`);
  const by = label === undefined ? 0 : typeof label === 'string' ? 1 : 2;
  const result = unwrap(raw._dataFromCsv(text, by, typeof label === 'string' ? label : '', typeof label === 'number' ? label : -1));
  const meta = JSON.parse(result.meta) as Pick<CsvData, 'inputs' | 'classes' | 'columns' | 'classNames' | 'droppedRows'>;
  return {
    kind: 'custom',
    x: result.x,
    y: result.y,
    inputs: meta.inputs,
    classes: meta.classes,
    columns: meta.columns,
    classNames: meta.classNames,
    standardize: true,
    droppedRows: meta.droppedRows,
  };
}

/** At most this often a reading report (a 45 MB file arrives in hundreds of slices). */
const PROGRESS_INTERVAL_MS = 50;

/**
 * A Blob's text, read slice by slice (Blob.stream) and decoded as UTF-8, with
 * a report of the bytes read so far. Bytes that are not UTF-8 become U+FFFD,
 * which the C++ reader refuses as binary data, naming the line.
 */
export async function readBlobText(blob: Blob, onProgress: (progress: CsvProgress) => void): Promise<string> {
  const total = blob.size;
  const reader = blob.stream().getReader();
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  const parts: string[] = [];
  let loaded = 0;
  let reportedAt = -Infinity;
  onProgress({ stage: 'reading', loaded, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    loaded += value.byteLength;
    parts.push(decoder.decode(value, { stream: true }));
    const now = performance.now();
    if (now - reportedAt >= PROGRESS_INTERVAL_MS) {
      reportedAt = now;
      onProgress({ stage: 'reading', loaded, total });
    }
  }
  parts.push(decoder.decode());
  onProgress({ stage: 'reading', loaded, total });
  return parts.join('');
}
