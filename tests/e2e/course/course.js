// course.js — the course page's side of the iframe protocol (docs/embedding.md):
// resize the iframe to the height it reports, and keep every message it sends.
const frame = document.getElementById('embed-frame');
const labOrigin = new URL(frame.src, location.href).origin;
window.frameMessages = [];
window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || event.origin !== labOrigin) return;
  const data = event.data;
  if (typeof data !== 'object' || data === null || typeof data.type !== 'string') return;
  window.frameMessages.push(data);
  if (data.type === 'activation-lab:height' && Number.isFinite(data.height)) frame.height = String(Math.ceil(data.height));
});
