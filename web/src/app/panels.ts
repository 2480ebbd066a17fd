// panels.ts — the page's controls, built with DOM calls (no innerHTML): the
// activation checklist, the z range, and one card per selected activation with
// its formulas (KaTeX) and parameter sliders. Each panel reports edits through
// a callback and shows a PageState through update(); none keeps state of its own.
import katex from 'katex';
import 'katex/dist/katex.min.css';

import type { ActivationInfo, ParamInfo } from '../lib/activations';
import { activationColor } from './colors';
import { Z_LIMIT, type PageState } from './state';

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function swatch(index: number): HTMLSpanElement {
  const mark = element('span', 'swatch');
  mark.style.backgroundColor = activationColor(index);
  return mark;
}

function formatParam(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

export class ActivationPicker {
  readonly #boxes = new Map<string, HTMLInputElement>();

  constructor(container: HTMLElement, catalogue: readonly ActivationInfo[], onToggle: (id: string, on: boolean) => void) {
    catalogue.forEach((info, index) => {
      const label = element('label', 'activation-option');
      const box = element('input');
      box.type = 'checkbox';
      box.value = info.id;
      box.addEventListener('change', () => onToggle(info.id, box.checked));
      label.append(box, swatch(index), element('span', undefined, info.name));
      container.append(label);
      this.#boxes.set(info.id, box);
    });
  }

  update(state: PageState): void {
    const selected = new Set(state.selected);
    for (const [id, box] of this.#boxes) box.checked = selected.has(id);
  }
}

export class RangeControls {
  readonly #zMin: HTMLInputElement;
  readonly #zMax: HTMLInputElement;
  readonly #derivative: HTMLInputElement;

  constructor(
    container: HTMLElement,
    onRange: (zMin: number, zMax: number) => void,
    onShowDerivative: (show: boolean) => void,
  ) {
    const numberInput = (name: string) => {
      const input = element('input');
      input.type = 'number';
      input.min = String(-Z_LIMIT);
      input.max = String(Z_LIMIT);
      input.step = '0.5';
      input.name = name;
      input.addEventListener('change', () => onRange(this.#zMin.valueAsNumber, this.#zMax.valueAsNumber));
      return input;
    };
    this.#zMin = numberInput('z-min');
    this.#zMax = numberInput('z-max');
    this.#derivative = element('input');
    this.#derivative.type = 'checkbox';
    this.#derivative.addEventListener('change', () => onShowDerivative(this.#derivative.checked));

    const range = element('div', 'range-row');
    range.append(element('span', undefined, 'z from'), this.#zMin, element('span', undefined, 'to'), this.#zMax);
    const derivativeLabel = element('label', 'derivative-toggle');
    derivativeLabel.append(this.#derivative, element('span', undefined, "show f′ (dashed)"));
    container.append(range, derivativeLabel);
  }

  update(state: PageState): void {
    this.#zMin.valueAsNumber = state.zMin;
    this.#zMax.valueAsNumber = state.zMax;
    this.#derivative.checked = state.showDerivative;
  }
}

type ParamHandler = (id: string, name: string, value: number) => void;

interface Slider {
  input: HTMLInputElement;
  readout: HTMLOutputElement;
}

export class DetailsPanel {
  readonly #container: HTMLElement;
  readonly #catalogue: readonly ActivationInfo[];
  readonly #onParam: ParamHandler;
  #shownIds = '';
  // Sliders of the cards on screen, by "id/param".
  #sliders = new Map<string, Slider>();

  constructor(container: HTMLElement, catalogue: readonly ActivationInfo[], onParam: ParamHandler) {
    this.#container = container;
    this.#catalogue = catalogue;
    this.#onParam = onParam;
  }

  update(state: PageState): void {
    const ids = state.selected.join(',');
    if (ids !== this.#shownIds) this.#rebuild(state);
    for (const [key, slider] of this.#sliders) {
      const [id, name] = key.split('/');
      const value = state.params[id]?.[name];
      if (value === undefined) continue;
      slider.input.valueAsNumber = value;
      slider.readout.value = formatParam(value);
    }
  }

  #rebuild(state: PageState): void {
    this.#shownIds = state.selected.join(',');
    this.#sliders = new Map();
    const cards = state.selected.map((id) => {
      const index = this.#catalogue.findIndex((info) => info.id === id);
      return this.#card(this.#catalogue[index], index);
    });
    if (cards.length === 0) cards.push(element('p', 'hint', 'Pick one or more activations on the left.'));
    this.#container.replaceChildren(...cards);
  }

  #card(info: ActivationInfo, index: number): HTMLElement {
    const card = element('article', 'activation-card');
    const title = element('h3');
    title.append(swatch(index), element('span', undefined, info.name), element('code', 'activation-id', info.id));
    card.append(title, this.#formula(info.formula), this.#formula(info.derivative));
    const range = element('p', 'output-range', 'Output range: ');
    const rangeTex = element('span');
    katex.render(info.range, rangeTex, { throwOnError: false });
    range.append(rangeTex);
    card.append(range);
    for (const param of info.params) card.append(this.#slider(info.id, param));
    return card;
  }

  #formula(tex: string): HTMLElement {
    const box = element('div', 'formula');
    katex.render(tex, box, { displayMode: true, throwOnError: false });
    return box;
  }

  #slider(id: string, param: ParamInfo): HTMLElement {
    const row = element('label', 'param-row');
    const input = element('input');
    input.type = 'range';
    input.min = String(param.min);
    input.max = String(param.max);
    input.step = String((param.max - param.min) / 1000);
    const readout = element('output');
    input.addEventListener('input', () => this.#onParam(id, param.name, input.valueAsNumber));
    const name = element('span', 'param-name', param.learnable ? `${param.name} (learnable)` : param.name);
    row.append(name, input, readout);
    this.#sliders.set(`${id}/${param.name}`, { input, readout });
    return row;
  }
}
