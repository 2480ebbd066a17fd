// anywidget.ts — the lab in a notebook (Jupyter, Colab, marimo, VS Code) or a
// MyST page, as an anywidget front-end module (https://anywidget.dev/en/afm/):
//
//   export default { render({ model, el }) }
//
// render() puts one <activation-lab> element into `el`, its attributes from
// the model's traits — lesson, config, lang, panels, controls, height —
// checked like the element's attributes (anywidget-traits.ts: a bad trait is
// left out and named under the widget, as text). A change of any of them
// re-renders the element. When the lesson's runs finish, and after every
// checked answer, the result goes back to the model: model.set('result',
// { lesson, numbers, claims, answers }) and model.save_changes(). render
// returns the cleanup: it stops listening to the model and removes the
// element, which stops its runs and so their workers.
//
// The module is loaded by URL (Python: `_esm = "https://…/anywidget.js"`), so
// it finds its chunks, worker and wasm beside itself, on any origin.
import { ActivationLabElement } from './activation-lab';
import { TRAIT_NAMES, traitAttributes, widgetResult, type TraitName } from './anywidget-traits';
import type { QuizProgress } from '../lessons/questions';
import { element } from '../shared/dom';

interface DoneDetail {
  lesson: string;
  numbers: Readonly<Record<string, number>>;
  claims: Readonly<Record<string, boolean>>;
}

/** The parts of anywidget's model this module uses. */
export interface AnyModel {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  save_changes(): void;
  on(event: string, callback: () => void): void;
  off(event?: string | null, callback?: (() => void) | null): void;
}

export interface RenderContext {
  model: AnyModel;
  el: HTMLElement;
}

function render({ model, el }: RenderContext): () => void {
  const lab = new ActivationLabElement();
  const problems = element('p', 'activation-lab-widget-errors');
  problems.setAttribute('role', 'alert');
  problems.hidden = true;

  const writeResult = (value: unknown) => {
    model.set('result', value);
    try {
      model.save_changes();
    } catch {
      // Some hosts (MyST's static pages) have no kernel to save to; the value stays in the model.
    }
  };
  // The done event's detail, not lab.result: a lesson without runs is done while its panel is still being built.
  let done: DoneDetail | null = null;
  const onDone = (event: Event) => {
    done = (event as CustomEvent<DoneDetail>).detail;
    writeResult(widgetResult(done, lab.answers));
  };
  const onAnswers = (event: Event) => {
    if (done) writeResult(widgetResult(done, (event as CustomEvent<QuizProgress>).detail));
  };
  let shown: Partial<Record<TraitName, string>> = {};
  const apply = () => {
    const { attributes, errors } = traitAttributes((name) => model.get(name));
    for (const name of TRAIT_NAMES) {
      const value = attributes[name];
      if (value === undefined) lab.removeAttribute(name);
      else if (lab.getAttribute(name) !== value) lab.setAttribute(name, value);
    }
    problems.textContent = errors.join(' ');
    problems.hidden = errors.length === 0;
    // Another lesson or experiment: the last result no longer describes what is shown.
    if (attributes.lesson !== shown.lesson || attributes.config !== shown.config) {
      done = null;
      writeResult(null);
    }
    shown = attributes;
  };

  lab.addEventListener('activation-lab:done', onDone);
  lab.addEventListener('activation-lab:answers', onAnswers);

  const listeners = TRAIT_NAMES.map((name) => [`change:${name}`, apply] as const);
  for (const [event, callback] of listeners) model.on(event, callback);
  apply();
  el.append(problems, lab);

  return () => {
    for (const [event, callback] of listeners) model.off(event, callback);
    lab.removeEventListener('activation-lab:done', onDone);
    lab.removeEventListener('activation-lab:answers', onAnswers);
    // Disconnecting the element destroys its panels, which stop their runs and end their workers.
    lab.remove();
    problems.remove();
  };
}

export default { render };
