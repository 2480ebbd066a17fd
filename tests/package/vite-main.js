// vite-main.js — entry of the packaging test's Vite app.
import { createLab } from 'activation-lab';

import { exercise } from './exercise.js';

exercise(createLab);
