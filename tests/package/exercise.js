// exercise.js — what the packaging test's pages do with the installed package:
// train moons on the main thread, then run the same kind of experiment through
// lab.run (a Web Worker), and write the outcome into #result as JSON.
export async function exercise(createLab) {
  const result = document.getElementById('result');
  try {
    const lab = await createLab();
    const experiment = lab.createExperiment({
      data: { kind: 'moons', n: 400, noise: 0.1 },
      train: { optimizer: { kind: 'adam', lr: 0.01 } },
    });
    const metrics = experiment.step(1000);
    experiment.dispose();
    const reportedSteps = [];
    const run = lab.run({ steps: 300 }, { every: 100, onMetrics: (m) => reportedSteps.push(m.step) });
    const final = await run.done;
    result.textContent = JSON.stringify({
      simd: lab.simd,
      accuracy: metrics.accuracy,
      runStatus: final.status,
      reportedSteps,
    });
  } catch (error) {
    result.textContent = JSON.stringify({ error: `${error.name}: ${error.message}` });
  }
}
