// lms.js — a fake LMS for tests/e2e/scorm.test.mjs. window.API is a SCORM 1.2
// run-time API that keeps the data model of one first attempt and records
// every call (name, arguments, result) in window.lms.calls; calls out of
// order (before LMSInitialize, after LMSFinish) return "false" and are
// recorded too. ?sco=<url> is the SCO's launch page: opened in player.html in
// an iframe, or with ?popup=1 in a new window (the #open-popup button);
// ?language= is cmi.student_preference.language.
(() => {
  const params = new URLSearchParams(location.search);
  const values = {
    'cmi.core.lesson_status': 'not attempted',
    'cmi.core.entry': 'ab-initio',
    'cmi.core.student_id': 'student-1',
    'cmi.core.student_name': 'Student, Test',
    'cmi.student_preference.language': params.get('language') ?? '',
  };
  const calls = [];
  let state = 'not initialized';
  // `state` in a record is the session's state when the call came in.
  const record = (name, args, result, before = state) => {
    calls.push({ name, args, result, state: before });
    return result;
  };
  const open = () => state === 'running';
  window.API = {
    LMSInitialize(parameter) {
      const before = state;
      const ok = parameter === '' && state === 'not initialized';
      if (ok) state = 'running';
      return record('LMSInitialize', [parameter], ok ? 'true' : 'false', before);
    },
    LMSFinish(parameter) {
      const before = state;
      const ok = parameter === '' && open();
      if (ok) state = 'finished';
      return record('LMSFinish', [parameter], ok ? 'true' : 'false', before);
    },
    LMSGetValue(element) {
      return record('LMSGetValue', [element], open() ? (values[element] ?? '') : '');
    },
    LMSSetValue(element, value) {
      const ok = open() && typeof element === 'string' && typeof value === 'string';
      if (ok) values[element] = value;
      return record('LMSSetValue', [element, value], ok ? 'true' : 'false');
    },
    LMSCommit(parameter) {
      return record('LMSCommit', [parameter], open() && parameter === '' ? 'true' : 'false');
    },
    LMSGetLastError: () => '0',
    LMSGetErrorString: () => 'No error',
    LMSGetDiagnostic: () => '',
  };
  window.lms = { calls, values, popup: null };
  const sco = params.get('sco');
  document.addEventListener('DOMContentLoaded', () => {
    if (params.get('popup') === '1') {
      document.getElementById('open-popup').addEventListener('click', () => {
        window.lms.popup = window.open(sco, 'lesson');
      });
      return;
    }
    const player = document.createElement('iframe');
    player.id = 'player';
    player.title = 'Lesson player';
    player.width = '1040';
    player.height = '1460';
    player.src = `./player.html?${new URLSearchParams({ sco })}`;
    document.body.append(player);
  });
})();
