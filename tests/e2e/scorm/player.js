// player.js — the LMS's player frame: it has no API of its own and opens the
// SCO (?sco=) in an iframe, so the SCO must look two windows up for the API.
document.addEventListener('DOMContentLoaded', () => {
  const frame = document.createElement('iframe');
  frame.id = 'sco';
  frame.title = 'Lesson';
  frame.width = '1000';
  frame.height = '1400';
  frame.src = new URLSearchParams(location.search).get('sco');
  document.body.append(frame);
});
