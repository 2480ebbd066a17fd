// files.ts — turning what the page shows into files: CSV/JSON text from
// metric columns (pure), a chart canvas as PNG with its title drawn on, and
// the download itself (a blob URL on an <a download>, nothing leaves the page).
import type { Strings } from '../../i18n/strings';

/** Named columns of equal length → CSV (header row, then one row per index; NaN as empty). */
export function columnsToCsv(columns: ReadonlyArray<readonly [string, ArrayLike<number>]>): string {
  const quote = (name: string) => (/[",\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name);
  const length = Math.max(0, ...columns.map(([, values]) => values.length));
  const lines = [columns.map(([name]) => quote(name)).join(',')];
  for (let i = 0; i < length; i++) {
    lines.push(columns.map(([, values]) => (i < values.length && Number.isFinite(values[i]) ? String(values[i]) : '')).join(','));
  }
  return lines.join('\n') + '\n';
}

/** Named columns → a JSON object of arrays (NaN as null). */
export function columnsToJson(columns: ReadonlyArray<readonly [string, ArrayLike<number>]>, extra: Record<string, unknown> = {}): string {
  const object: Record<string, unknown> = { ...extra };
  for (const [name, values] of columns) object[name] = Array.from(values, (v) => (Number.isFinite(v) ? v : null));
  return JSON.stringify(object, null, 1) + '\n';
}

/** Saves `content` as a file named `name`. */
export function download(name: string, content: string | Blob, type = 'text/plain'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type: `${type};charset=utf-8` }) : content;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The canvases of a chart composed on the page background as laid out on the
 * page (uPlot stacks several at one place; a chart of small multiples puts
 * them side by side), with the title above, and the text of `texts` (captions
 * a chart shows as HTML, marked data-png-text) drawn where it is on the page.
 */
export function chartPng(title: string, canvases: readonly HTMLCanvasElement[], texts: readonly HTMLElement[] = []): Promise<Blob | null> {
  const ratio = window.devicePixelRatio || 1;
  const boxes = [...canvases, ...texts].map((node) => node.getBoundingClientRect());
  const left = Math.min(...boxes.map((box) => box.left));
  const top = Math.min(...boxes.map((box) => box.top));
  const width = Math.max(1, Math.ceil((Math.max(...boxes.map((box) => box.right)) - left) * ratio));
  const height = Math.max(1, Math.ceil((Math.max(...boxes.map((box) => box.bottom)) - top) * ratio));
  const titleHeight = Math.round(28 * ratio);
  const output = document.createElement('canvas');
  output.width = width;
  output.height = height + titleHeight;
  const context = output.getContext('2d');
  if (!context) return Promise.resolve(null);
  const style = getComputedStyle(canvases[0] ?? document.body);
  context.fillStyle = style.getPropertyValue('--plot-background').trim() || '#ffffff';
  context.fillRect(0, 0, output.width, output.height);
  context.fillStyle = style.getPropertyValue('--plot-text').trim() || '#1d2330';
  context.font = `600 ${Math.round(14 * ratio)}px system-ui, sans-serif`;
  context.textBaseline = 'middle';
  context.fillText(title, 8 * ratio, titleHeight / 2);
  canvases.forEach((canvas, i) => {
    const box = boxes[i];
    context.drawImage(canvas, (box.left - left) * ratio, titleHeight + (box.top - top) * ratio, box.width * ratio, box.height * ratio);
  });
  context.textBaseline = 'top';
  texts.forEach((node, i) => {
    const box = boxes[canvases.length + i];
    const font = getComputedStyle(node);
    context.font = `${font.fontWeight} ${parseFloat(font.fontSize) * ratio}px ${font.fontFamily}`;
    context.fillText(node.textContent ?? '', (box.left - left) * ratio, titleHeight + (box.top - top) * ratio, box.width * ratio);
  });
  return new Promise((resolve) => output.toBlob(resolve, 'image/png'));
}

/** A file-name-safe version of a title. */
export function fileName(title: string, extension: string): string {
  const base = title.toLowerCase().replace(/[^a-z0-9\u4e00-\u9fff]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'chart';
  return `actlab-${base}.${extension}`;
}

/** Adds a "PNG" button to every chart figure under `root` that has none yet. */
export function addPngButtons(root: HTMLElement, strings: Strings): void {
  for (const figure of root.querySelectorAll<HTMLElement>('figure.plot-widget, figure.explore-figure')) {
    if (figure.querySelector(':scope > .png-button')) continue;
    const caption = figure.querySelector('figcaption');
    const title = caption?.textContent ?? 'chart';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'png-button';
    button.textContent = strings.t('export.png');
    button.setAttribute('aria-label', strings.t('export.pngLabel', { title }));
    button.addEventListener('click', async () => {
      const canvases = [...figure.querySelectorAll('canvas')];
      if (canvases.length === 0) return;
      const blob = await chartPng(title, canvases, [...figure.querySelectorAll<HTMLElement>('[data-png-text]')]);
      if (blob) download(fileName(title, 'png'), blob);
    });
    figure.prepend(button);
  }
}

export interface ExportAction {
  label: string;
  id: string;
  run(): void | Promise<void>;
}

/** A row of export buttons in `container` (replacing what was there). */
export function exportBar(container: HTMLElement, actions: readonly ExportAction[], strings: Strings, status?: HTMLElement): void {
  const heading = document.createElement('span');
  heading.className = 'export-title';
  heading.textContent = strings.t('export.title');
  const buttons = actions.map((action) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'small-button';
    button.id = action.id;
    button.textContent = action.label;
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await action.run();
      } catch (error) {
        if (status) status.textContent = (error as Error).message;
      } finally {
        button.disabled = false;
      }
    });
    return button;
  });
  container.replaceChildren(heading, ...buttons, ...(status ? [status] : []));
}
