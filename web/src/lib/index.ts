// index.ts — the public entry of the npm module `activation-lab`:
//
//   import { createLab } from 'activation-lab';
//   const lab = await createLab();
//   using exp = lab.createExperiment({ data: { kind: 'moons' } });
//   console.log(exp.step(500).accuracy);
//
// Every object that owns wasm memory (Model, Experiment) has dispose() and
// [Symbol.dispose]; a finalizer frees forgotten ones eventually, but only
// dispose() frees them on time.
export { createLab } from './lab';
export type * from './types';
export type { BuildVariant } from './loader';
