// plain-main.js — the packaging test's page without a bundler: imports the
// installed package's file directly (no import map: CSP forbids inline scripts).
import { createLab } from './node_modules/activation-lab/dist/lib/index.js';

import { exercise } from './exercise.js';

exercise(createLab);
