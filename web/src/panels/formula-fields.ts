// formula-fields.ts — the fields of an activation "custom" where a panel's
// form asks for one (a Train layer, Compare's custom entry): a box for the
// formula and a number field per parameter it names. The module checks what
// is typed (lab.checkFormula, in C++): a valid formula is reported with its
// parameters' values (kept by name, new ones at the catalogue's default); a
// refused one stays in the box with the module's message under it, and the
// panel keeps the last valid one. Nothing typed is inserted as HTML.
import type { CustomActivationInfo, FormulaInfo, FormulaParams } from '../lib/types';
import type { Strings } from '../i18n/strings';
import { element } from '../shared/dom';
import './formula-fields.css';

/** What was typed and refused, and why: kept by the panel across re-renders. */
export interface RefusedFormula {
  text: string;
  message: string;
}

export interface FormulaFieldsOptions {
  /** The formula box's id; each parameter's field is `${id}-${name}`. */
  id: string;
  /** The class of each labelled row (the form's own field style). */
  rowClass: string;
  strings: Strings;
  custom: CustomActivationInfo;
  /** The valid formula and values in use. */
  params: FormulaParams;
  refused?: RefusedFormula | undefined;
  check(formula: string): FormulaInfo;
  /** A valid formula, or a parameter's new value: the params to use now. */
  onChange(params: FormulaParams): void;
  /** Something typed was refused (or the refusal is over: null). */
  onRefused(refused: RefusedFormula | null): void;
}

/** The formula's parameter values: kept by name, new names at the default. */
export function formulaParams(formula: string, parameters: readonly string[], old: Readonly<Record<string, unknown>>, fallback: number): FormulaParams {
  const values = Object.fromEntries(parameters.map((name) => [name, typeof old[name] === 'number' ? (old[name] as number) : fallback]));
  return { formula, ...values };
}

export function formulaFields(options: FormulaFieldsOptions): HTMLElement {
  const { id, strings, custom, params, refused } = options;
  const t = strings.t;
  const root = element('div', 'formula-fields');
  const row = element('div', options.rowClass);
  const label = element('label', undefined, t('train.layer.formula'));
  const box = element('input', 'formula-input');
  box.type = 'text';
  box.id = id;
  box.spellcheck = false;
  box.autocomplete = 'off';
  box.maxLength = custom.maxLength * 2;
  box.value = refused?.text ?? params.formula;
  label.htmlFor = id;
  row.append(label, box);
  const error = element('p', 'formula-error', refused ? t('explore.formula.kept', { message: refused.message }) : '');
  error.id = `${id}-error`;
  error.setAttribute('role', 'alert');
  box.setAttribute('aria-describedby', error.id);
  if (refused) box.setAttribute('aria-invalid', 'true');
  box.addEventListener('change', () => {
    let info: FormulaInfo;
    try {
      info = options.check(box.value);
    } catch (problem) {
      const message = (problem as Error).message;
      error.textContent = t('explore.formula.kept', { message });
      box.setAttribute('aria-invalid', 'true');
      options.onRefused({ text: box.value, message });
      return;
    }
    error.textContent = '';
    box.removeAttribute('aria-invalid');
    options.onRefused(null);
    options.onChange(formulaParams(box.value, info.parameters, params, custom.parameterDefault));
  });
  root.append(row, error);

  let names: readonly string[] = [];
  try {
    names = options.check(params.formula).parameters;
  } catch {
    // A link's formula the module refuses: the panel shows the parser's message.
  }
  for (const name of names) {
    const paramRow = element('div', options.rowClass);
    const paramLabel = element('label', undefined, name);
    const input = element('input');
    input.type = 'number';
    input.step = 'any';
    input.min = String(custom.parameterMin);
    input.max = String(custom.parameterMax);
    input.id = `${id}-${name}`;
    paramLabel.htmlFor = input.id;
    const value = params[name];
    input.valueAsNumber = typeof value === 'number' ? value : custom.parameterDefault;
    // Out of range goes to the module, which names the parameter and the range.
    input.addEventListener('change', () => options.onChange({ ...params, [name]: Number.isFinite(input.valueAsNumber) ? input.valueAsNumber : custom.parameterDefault }));
    paramRow.append(paramLabel, input);
    root.append(paramRow);
  }
  return root;
}
