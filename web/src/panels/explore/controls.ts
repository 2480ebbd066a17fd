// controls.ts — the Explore panel's controls, built with DOM calls (no
// innerHTML): the activation checklist, the z range and plot options, and one
// card per selected activation with its formulas (KaTeX) and parameter
// sliders. Each reports edits through a callback and shows an ExploreState
// through update(); none keeps state of its own. KaTeX loads after the first
// curve is drawn (it is the largest part of the page's code), and the
// formulas appear when it has.
import type { ActivationInfo, FormulaInfo, ParamInfo } from '../../lib/types';
import type { MessageKey, Strings } from '../../i18n/strings';
import { formatNumber } from '../../plot/widget';
import { element } from '../../shared/dom';
import { prefersTap } from '../../shared/pointer';
import { formatSliderValue, sliderGrid, sliderValue, type SliderGrid } from '../slider-step';
import { FormulaCard } from './formula-card';
import { Z_LIMIT, type ExploreState } from './state';

type Katex = typeof import('katex').default;
let katexModule: Promise<Katex> | null = null;

/** KaTeX and its stylesheet, loaded once, on first use. */
function loadKatex(): Promise<Katex> {
  katexModule ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([module]) => module.default);
  return katexModule;
}

/** Renders TeX into `box` once KaTeX is there; the TeX source shows until then. */
export function renderTex(box: HTMLElement, tex: string, displayMode: boolean): void {
  box.textContent = tex;
  void loadKatex().then(
    (katex) => katex.render(tex, box, { displayMode, throwOnError: false }),
    () => {
      // Without KaTeX the TeX source stays readable.
    },
  );
}

function swatch(color: string): HTMLSpanElement {
  const mark = element('span', 'swatch');
  mark.style.backgroundColor = color;
  return mark;
}

function checkbox(text: string, onChange: (checked: boolean) => void): { label: HTMLLabelElement; box: HTMLInputElement } {
  const label = element('label', 'check-row');
  const box = element('input');
  box.type = 'checkbox';
  box.addEventListener('change', () => onChange(box.checked));
  label.append(box, element('span', undefined, text));
  return { label, box };
}

export class ActivationPicker {
  readonly #boxes = new Map<string, HTMLInputElement>();

  constructor(container: HTMLElement, catalogue: readonly ActivationInfo[], onToggle: (id: string, on: boolean) => void) {
    const list = element('div', 'activation-options');
    for (const info of catalogue) {
      const label = element('label', 'check-row');
      const box = element('input');
      box.type = 'checkbox';
      box.value = info.id;
      box.addEventListener('change', () => onToggle(info.id, box.checked));
      label.append(box, element('span', undefined, info.name));
      list.append(label);
      this.#boxes.set(info.id, box);
    }
    container.append(list);
  }

  update(state: ExploreState): void {
    const selected = new Set(state.selected);
    for (const [id, box] of this.#boxes) box.checked = selected.has(id);
  }
}

export interface PlotOptionHandlers {
  onRange(zMin: number, zMax: number): void;
  onResetRange(): void;
  onShowDerivative(show: boolean): void;
  onShowSecondDerivative(show: boolean): void;
  onShadeSaturation(shade: boolean): void;
}

export class RangeControls {
  readonly #zMin: HTMLInputElement;
  readonly #zMax: HTMLInputElement;
  readonly #error: HTMLParagraphElement;
  readonly #strings: Strings;
  #shownRange: [number, number] = [NaN, NaN];
  readonly #derivative: HTMLInputElement;
  readonly #second: HTMLInputElement;
  readonly #shade: HTMLInputElement;

  constructor(container: HTMLElement, handlers: PlotOptionHandlers, strings: Strings) {
    const t = (key: MessageKey) => strings.t(key);
    this.#strings = strings;
    const numberInput = (name: string) => {
      const input = element('input');
      input.type = 'number';
      input.min = String(-Z_LIMIT);
      input.max = String(Z_LIMIT);
      input.step = '0.5';
      input.name = name;
      input.id = `explore-${name}`;
      input.setAttribute('aria-describedby', 'explore-z-error');
      // An invalid range is said next to the fields; the chart (and the link) keep the last valid one.
      input.addEventListener('change', () => {
        const from = this.#zMin.valueAsNumber;
        const to = this.#zMax.valueAsNumber;
        const problem = rangeProblem(from, to);
        this.#showError(problem, from, to);
        if (!problem) handlers.onRange(from, to);
      });
      return input;
    };
    this.#zMin = numberInput('z-min');
    this.#zMax = numberInput('z-max');
    this.#error = element('p', 'range-error');
    this.#error.id = 'explore-z-error';
    this.#error.setAttribute('role', 'alert');
    this.#error.hidden = true;
    const fromLabel = element('label', undefined);
    fromLabel.append(element('span', undefined, t('explore.zFrom')), this.#zMin);
    const toLabel = element('label', undefined);
    toLabel.append(element('span', undefined, t('explore.zTo')), this.#zMax);
    const range = element('div', 'range-row');
    range.append(fromLabel, toLabel);

    const reset = element('button', 'small-button', t('explore.resetZoom'));
    reset.type = 'button';
    reset.id = 'explore-reset-zoom';
    reset.addEventListener('click', () => handlers.onResetRange());

    const derivative = checkbox(t('explore.showDerivative'), handlers.onShowDerivative);
    const second = checkbox(t('explore.showSecond'), handlers.onShowSecondDerivative);
    const shade = checkbox(t('explore.shadeSaturation'), handlers.onShadeSaturation);
    shade.box.name = 'shade';
    this.#derivative = derivative.box;
    this.#second = second.box;
    this.#shade = shade.box;
    container.append(range, this.#error, reset, derivative.label, second.label, shade.label, element('p', 'hint', t(prefersTap() ? 'explore.zoomHint.touch' : 'explore.zoomHint')));
  }

  update(state: ExploreState): void {
    // A new range (a valid edit, a zoom, the URL) replaces whatever the fields held, and the error with it.
    if (state.zMin !== this.#shownRange[0] || state.zMax !== this.#shownRange[1]) {
      this.#shownRange = [state.zMin, state.zMax];
      this.#zMin.valueAsNumber = state.zMin;
      this.#zMax.valueAsNumber = state.zMax;
      this.#showError(null, NaN, NaN);
    }
    this.#derivative.checked = state.showDerivative;
    this.#second.checked = state.showSecondDerivative;
    this.#shade.checked = state.shadeSaturation;
  }

  #showError(problem: 'missing' | 'order' | null, from: number, to: number): void {
    const [zMin, zMax] = this.#shownRange;
    this.#error.hidden = problem === null;
    this.#error.textContent =
      problem === 'order'
        ? this.#strings.t('explore.zOrder', { from: formatNumber(from), to: formatNumber(to), zMin: formatNumber(zMin), zMax: formatNumber(zMax) })
        : problem === 'missing'
          ? this.#strings.t('explore.zMissing', { zMin: formatNumber(zMin), zMax: formatNumber(zMax) })
          : '';
    for (const input of [this.#zMin, this.#zMax]) input.setAttribute('aria-invalid', String(problem !== null));
  }
}

/** What is wrong with a z range typed in: a field without a number, from ≥ to, or nothing (null). */
export function rangeProblem(from: number, to: number): 'missing' | 'order' | null {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return 'missing';
  return from < to ? null : 'order';
}

type ParamHandler = (id: string, name: string, value: number) => void;

/** What the card of activation "custom" needs besides the parameter handler. */
export interface FormulaHandlers {
  /** lab.checkFormula. */
  check(formula: string): FormulaInfo;
  /** A formula the module accepted, with its parameter names. */
  onFormula(formula: string, parameters: readonly string[]): void;
}

interface Slider {
  input: HTMLInputElement;
  readout: HTMLOutputElement;
  grid: SliderGrid;
}

export class DetailsPanel {
  readonly #container: HTMLElement;
  readonly #catalogue: readonly ActivationInfo[];
  readonly #onParam: ParamHandler;
  readonly #strings: Strings;
  readonly #formulaHandlers: FormulaHandlers;
  #formulaCard: FormulaCard | null = null;
  #shownIds = '';
  // Sliders of the cards on screen, by "id/param".
  #sliders = new Map<string, Slider>();
  #maxima = new Map<string, HTMLElement>();

  constructor(container: HTMLElement, catalogue: readonly ActivationInfo[], onParam: ParamHandler, formula: FormulaHandlers, strings: Strings) {
    this.#strings = strings;
    this.#formulaHandlers = formula;
    this.#container = container;
    this.#catalogue = catalogue;
    this.#onParam = onParam;
  }

  /** colors: the chart colour of each selected id; maxDerivative: its largest |f'| now. */
  update(state: ExploreState, colors: ReadonlyMap<string, string>, maxDerivative: (id: string) => number): void {
    const ids = state.selected.join(',');
    if (ids !== this.#shownIds) this.#rebuild(state, colors);
    for (const [key, slider] of this.#sliders) {
      const [id, name] = key.split('/');
      const value = state.params[id]?.[name];
      if (value === undefined) continue;
      if (slider.input.valueAsNumber !== value) slider.input.valueAsNumber = value;
      slider.readout.value = formatSliderValue(value, slider.grid);
    }
    this.#formulaCard?.update(state.params.custom ?? {});
    for (const [id, node] of this.#maxima) node.textContent = this.#strings.t('explore.maxDerivative', { value: formatNumber(maxDerivative(id), 4) });
  }

  #rebuild(state: ExploreState, colors: ReadonlyMap<string, string>): void {
    this.#shownIds = state.selected.join(',');
    this.#sliders = new Map();
    this.#maxima = new Map();
    this.#formulaCard?.destroy();
    this.#formulaCard = null;
    const cards = state.selected.map((id) => {
      const info = this.#catalogue.find((entry) => entry.id === id)!;
      if (info.custom) return this.#customCard(info, state, colors.get(id) ?? 'currentColor');
      return this.#card(info, colors.get(id) ?? 'currentColor');
    });
    if (cards.length === 0) cards.push(element('p', 'hint', this.#strings.t('explore.pick')));
    this.#container.replaceChildren(...cards);
  }

  #card(info: ActivationInfo, color: string): HTMLElement {
    const card = element('article', 'activation-card');
    card.dataset.activation = info.id;
    const title = element('h3');
    title.append(swatch(color), element('span', undefined, info.name), element('code', 'activation-id', info.id));
    card.append(title, this.#formula(info.formula), this.#formula(info.derivative));
    const range = element('p', 'output-range', `${this.#strings.t('explore.outputRange')} `);
    const rangeTex = element('span');
    renderTex(rangeTex, info.range, false);
    range.append(rangeTex);
    const maximum = element('p', 'output-range');
    this.#maxima.set(info.id, maximum);
    card.append(range, maximum);
    for (const param of info.params) card.append(this.#slider(info.id, param));
    return card;
  }

  /** The card of "custom": the formula box, its f and f′, its parameters' sliders, and its largest |f′|. */
  #customCard(info: ActivationInfo, state: ExploreState, color: string): HTMLElement {
    const card = new FormulaCard({
      strings: this.#strings,
      color,
      formula: state.formula,
      values: state.params.custom ?? {},
      maxLength: info.custom!.maxLength,
      functions: info.custom!.functions,
      check: this.#formulaHandlers.check,
      onFormula: this.#formulaHandlers.onFormula,
      onParam: (name, value) => this.#onParam(info.id, name, value),
      renderTex,
    });
    this.#formulaCard = card;
    const maximum = element('p', 'output-range');
    this.#maxima.set(info.id, maximum);
    card.element.append(maximum);
    return card.element;
  }

  destroy(): void {
    this.#formulaCard?.destroy();
  }

  #formula(tex: string): HTMLElement {
    const box = element('div', 'formula');
    renderTex(box, tex, true);
    return box;
  }

  #slider(id: string, param: ParamInfo): HTMLElement {
    const row = element('label', 'param-row');
    const input = element('input');
    input.type = 'range';
    // Round steps (0.01, 0.05, 0.5 …) chosen from the range, with the default on a step (slider-step.ts).
    const grid = sliderGrid(param.min, param.max, [param.default]);
    input.min = String(grid.start);
    input.max = String(param.max);
    input.step = String(grid.step);
    input.dataset.param = `${id}/${param.name}`;
    const readout = element('output');
    input.addEventListener('input', () => this.#onParam(id, param.name, sliderValue(input.valueAsNumber, grid)));
    const name = element('span', 'param-name', param.learnable ? this.#strings.t('explore.learnable', { name: param.name }) : param.name);
    row.append(name, input, readout);
    this.#sliders.set(`${id}/${param.name}`, { input, readout, grid });
    return row;
  }
}
