// frame.ts — embed.html, the iframe form of <activation-lab> for sites that
// only allow iframes: builds one element from the hash, reports the page's
// height to the parent whenever it changes ({ type: 'activation-lab:height',
// height }), forwards the element's events (ready, metrics, done, answers, error) as
// messages, and obeys play / pause / load commands from the parent window
// (protocol.ts checks their shape and, when the hash pins one, their origin).
// Nothing from the hash or a message is inserted as HTML: it becomes
// attribute values, which the element reads as text or JSON.
import { ActivationLabElement } from './activation-lab';
import { acceptsSender, MESSAGE_PREFIX, parseCommand, parseEmbedHash, type EmbedSettings } from '../shared/embed-protocol';
import './frame.css';

const embedded = window.parent !== window;
let settings: EmbedSettings = parseEmbedHash(location.hash);
// The class, not document.createElement('activation-lab'): a value import keeps
// the element's module (and its customElements.define) in the build, which
// package.json's "sideEffects" would otherwise let the bundler drop.
const lab = new ActivationLabElement();

function post(message: Record<string, unknown>): void {
  if (embedded) window.parent.postMessage(message, settings.parentOrigin);
}

function applySettings(): void {
  for (const name of ['lesson', 'config', 'panels', 'controls', 'lang', 'height'] as const) {
    const value = settings.attributes[name];
    if (value === undefined) lab.removeAttribute(name);
    else lab.setAttribute(name, value);
  }
  document.documentElement.lang = lab.language === 'zh' ? 'zh-Hans' : 'en';
}

applySettings();
document.body.append(lab);

for (const name of ['ready', 'metrics', 'done', 'answers', 'error']) {
  lab.addEventListener(`${MESSAGE_PREFIX}${name}`, (event) => {
    // Structured clone of plain data only: the detail objects are built from numbers and strings.
    post({ type: `${MESSAGE_PREFIX}${name}`, ...((event as CustomEvent).detail as Record<string, unknown>) });
  });
}

let reportedHeight = -1;
new ResizeObserver(() => {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (height === reportedHeight) return;
  reportedHeight = height;
  document.body.dataset.height = String(height);
  post({ type: `${MESSAGE_PREFIX}height`, height });
}).observe(document.body);

window.addEventListener('message', (event) => {
  if (!acceptsSender(settings.parentOrigin, event.origin, embedded && event.source === window.parent)) return;
  const command = parseCommand(event.data);
  if (!command) return;
  if (command.type === 'activation-lab:play') lab.play();
  else if (command.type === 'activation-lab:pause') lab.pause();
  else if ('lesson' in command) lab.load({ lesson: command.lesson });
  else lab.load({ config: command.config });
});

window.addEventListener('hashchange', () => {
  settings = parseEmbedHash(location.hash);
  applySettings();
});
