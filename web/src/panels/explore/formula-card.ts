// formula-card.ts — Explore's card for activation "custom": a box to type a
// formula in z, the module's LaTeX of f and of the f′ it derived (KaTeX), and
// one slider per parameter the formula names. Every keystroke is checked by
// the module (lab.checkFormula, in C++); a formula that does not parse keeps
// the last valid one on the chart and shows the error under the box (with
// its column). Nothing typed is ever inserted as HTML.
import type { FormulaInfo } from '../../lib/types';
import type { Strings } from '../../i18n/strings';
import { element } from '../../shared/dom';
import '../formula-fields.css';
import { formatSliderValue, sliderGrid, sliderValue, type SliderGrid } from '../slider-step';

/** Sliders run over this range (a parameter may be −1000..1000; the box in the link may hold any of those). */
const SLIDER_MIN = -5;
const SLIDER_MAX = 5;
/** Typing settles before the formula is checked and drawn. */
const TYPING_DELAY_MS = 150;

export interface FormulaCardOptions {
  strings: Strings;
  color: string;
  formula: string;
  values: Readonly<Record<string, number>>;
  maxLength: number;
  /** Every function a formula may call (the catalogue's custom.functions). */
  functions: readonly string[];
  /** lab.checkFormula: throws TypeError / RangeError with the column. */
  check(formula: string): FormulaInfo;
  /** A valid formula and its parameter names. */
  onFormula(formula: string, parameters: readonly string[]): void;
  onParam(name: string, value: number): void;
  renderTex(box: HTMLElement, tex: string, display: boolean): void;
}

export class FormulaCard {
  readonly element: HTMLElement;
  readonly #options: FormulaCardOptions;
  readonly #input: HTMLInputElement;
  readonly #error: HTMLParagraphElement;
  readonly #f: HTMLElement;
  readonly #df: HTMLElement;
  readonly #sliders: HTMLElement;
  #timer = 0;
  #shownParameters = '';
  readonly #inputs = new Map<string, { input: HTMLInputElement; readout: HTMLOutputElement; grid: SliderGrid }>();

  constructor(options: FormulaCardOptions) {
    this.#options = options;
    const t = options.strings.t;
    this.element = element('article', 'activation-card formula-card');
    this.element.dataset.activation = 'custom';
    const title = element('h3');
    const mark = element('span', 'swatch');
    mark.style.backgroundColor = options.color;
    title.append(mark, element('span', undefined, t('explore.formula.title')), element('code', 'activation-id', 'custom'));
    const label = element('label', 'formula-label', t('explore.formula.label'));
    this.#input = element('input');
    this.#input.type = 'text';
    this.#input.id = 'explore-formula';
    this.#input.spellcheck = false;
    this.#input.autocomplete = 'off';
    this.#input.maxLength = options.maxLength * 2;
    this.#input.value = options.formula;
    this.#input.setAttribute('aria-describedby', 'explore-formula-error');
    this.#input.addEventListener('input', () => {
      clearTimeout(this.#timer);
      this.#timer = window.setTimeout(() => this.#check(), TYPING_DELAY_MS);
    });
    label.append(this.#input);
    this.#error = element('p', 'formula-error');
    this.#error.id = 'explore-formula-error';
    this.#error.setAttribute('role', 'alert');
    const hint = element('p', 'hint', t('explore.formula.hint'));
    const functions = element('p', 'hint formula-functions', t('explore.formula.functions', { names: options.functions.join(' ') }));
    this.#f = element('div', 'formula');
    this.#df = element('div', 'formula');
    this.#sliders = element('div', 'formula-params');
    this.element.append(title, label, this.#error, hint, functions, this.#f, this.#df, this.#sliders);
    this.#show(options.formula);
  }

  /** The parameter values on show (the state changed elsewhere). */
  update(values: Readonly<Record<string, number>>): void {
    for (const [name, slider] of this.#inputs) {
      const value = values[name];
      if (value === undefined) continue;
      if (slider.input.valueAsNumber !== value) slider.input.valueAsNumber = value;
      slider.readout.value = formatSliderValue(value, slider.grid);
    }
  }

  destroy(): void {
    clearTimeout(this.#timer);
  }

  /** Checks what was typed; a valid formula goes to the chart, an invalid one is explained under the box. */
  #check(): void {
    const text = this.#input.value;
    let info: FormulaInfo;
    try {
      info = this.#options.check(text);
    } catch (error) {
      this.#error.textContent = this.#options.strings.t('explore.formula.kept', { message: (error as Error).message });
      this.#input.setAttribute('aria-invalid', 'true');
      return;
    }
    this.#error.textContent = '';
    this.#input.removeAttribute('aria-invalid');
    this.#options.onFormula(text, info.parameters);
    this.#render(info);
  }

  #show(formula: string): void {
    try {
      this.#render(this.#options.check(formula));
    } catch (error) {
      this.#error.textContent = (error as Error).message;
    }
  }

  #render(info: FormulaInfo): void {
    this.#options.renderTex(this.#f, `f(z) = ${info.latex}`, true);
    this.#options.renderTex(this.#df, `f'(z) = ${info.derivativeLatex}`, true);
    const key = info.parameters.join(',');
    if (key === this.#shownParameters) return;
    this.#shownParameters = key;
    this.#inputs.clear();
    const rows: HTMLElement[] = info.parameters.map((name) => {
      const row = element('label', 'param-row');
      const input = element('input');
      input.type = 'range';
      const grid = sliderGrid(SLIDER_MIN, SLIDER_MAX, [this.#options.values[name] ?? 1]);
      input.min = String(grid.start);
      input.max = String(SLIDER_MAX);
      input.step = String(grid.step);
      input.dataset.param = `custom/${name}`;
      const value = this.#options.values[name] ?? 1;
      input.valueAsNumber = value;
      const readout = element('output', undefined, formatSliderValue(value, grid));
      input.addEventListener('input', () => {
        const next = sliderValue(input.valueAsNumber, grid);
        readout.value = formatSliderValue(next, grid);
        this.#options.onParam(name, next);
      });
      row.append(element('span', 'param-name', name), input, readout);
      this.#inputs.set(name, { input, readout, grid });
      return row;
    });
    if (rows.length === 0) rows.push(element('p', 'hint', this.#options.strings.t('explore.formula.noParams')));
    this.#sliders.replaceChildren(...rows);
  }
}
