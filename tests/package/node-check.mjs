// node-check.mjs — run by the packaging test with Node inside the temporary
// project: the installed package loads both builds, trains moons, and runs an
// experiment in a worker_threads worker. Prints one JSON line.
import { createLab } from 'activation-lab';

const config = { data: { kind: 'moons', n: 400, noise: 0.1 }, train: { optimizer: { kind: 'adam', lr: 0.01 } } };
const result = {};
for (const [name, options] of [['default', {}], ['scalar', { simd: false }]]) {
  const lab = await createLab(options);
  const experiment = lab.createExperiment(config);
  const metrics = experiment.step(1000);
  experiment.dispose();
  const reportedSteps = [];
  const run = lab.run({ steps: 200 }, { every: 50, onMetrics: (m) => reportedSteps.push(m.step) });
  const final = await run.done;
  result[name] = { simd: lab.simd, accuracy: metrics.accuracy, runStatus: final.status, reportedSteps };
}
console.log(JSON.stringify(result));
