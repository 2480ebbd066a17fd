// harness.js — plays anywidget's host for tests/e2e/anywidget.test.mjs: a
// model with the interface a widget module gets (get, set, on, off,
// save_changes), initial traits from ?traits=<JSON>, the module imported from
// ?esm=<URL> (another origin, as a notebook imports a widget's _esm URL), and
// render({ model, el }) called on #output. window.harness records every set()
// and every save_changes() (what the kernel would receive), counts the
// listeners, sets traits as Python would (fromPython) and calls the cleanup.
class Model {
  #values;
  #listeners = new Map();

  constructor(values) {
    this.#values = { ...values };
  }

  get(name) {
    return this.#values[name];
  }

  set(name, value) {
    this.#values[name] = value;
    window.harness.sets.push({ name, value: structuredClone(value) });
    this.#emit(`change:${name}`);
  }

  save_changes() {
    window.harness.saves.push(structuredClone(this.#values));
  }

  on(event, callback) {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event).add(callback);
  }

  off(event, callback) {
    if (event === undefined || event === null) this.#listeners.clear();
    else if (callback === undefined || callback === null) this.#listeners.delete(event);
    else this.#listeners.get(event)?.delete(callback);
  }

  listenerCount() {
    let count = 0;
    for (const callbacks of this.#listeners.values()) count += callbacks.size;
    return count;
  }

  /** A trait changed on the Python side: the host updates the model and fires change:<name>. */
  fromPython(name, value) {
    this.#values[name] = value;
    this.#emit(`change:${name}`);
  }

  #emit(event) {
    for (const callback of [...(this.#listeners.get(event) ?? [])]) callback();
  }
}

const params = new URLSearchParams(location.search);
const model = new Model(JSON.parse(params.get('traits') ?? '{}'));
window.harness = { sets: [], saves: [], model, cleanup: null, error: null };
try {
  const { default: widget } = await import(params.get('esm'));
  window.harness.cleanup = widget.render({ model, el: document.getElementById('output') }) ?? null;
} catch (error) {
  window.harness.error = String(error);
}
