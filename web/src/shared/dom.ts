// dom.ts — the one helper every view uses to build DOM: an element with a
// class and text. Text is always set as textContent, never as HTML.
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A <button type="button"> with a class and a label. */
export function button(text: string, className?: string, id?: string): HTMLButtonElement {
  const node = element('button', className, text);
  node.type = 'button';
  if (id) node.id = id;
  return node;
}
