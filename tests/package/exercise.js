// exercise.js — what the packaging test's pages do with the installed package:
// train moons on the main thread, then run the same kind of experiment through
// lab.run (a Web Worker), pause, resume and stop a long run, reject a bad
// config, and write the outcome into #result as JSON.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition) {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 20000) throw new Error('timed out');
    await sleep(5);
  }
}

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

    // A long run: paused, it goes quiet; resumed, it reports again; stopped, it ends.
    const longSteps = [];
    const long = lab.run({ steps: 1000000 }, { every: 1, onMetrics: (m) => longSteps.push(m.step) });
    await until(() => longSteps.length >= 3);
    long.pause();
    await sleep(100); // reports already sent still arrive
    const whilePaused = longSteps.length;
    await sleep(200);
    const quietWhilePaused = longSteps.length === whilePaused;
    long.resume();
    await until(() => longSteps.length > whilePaused + 3);
    long.stop();
    const stoppedAt = (await long.done).step;

    const badConfigError = await lab.run({ steps: -1 }).done.then(() => 'none', (error) => error.name);

    result.textContent = JSON.stringify({
      simd: lab.simd,
      accuracy: metrics.accuracy,
      runStatus: final.status,
      reportedSteps,
      quietWhilePaused,
      longState: long.state,
      stoppedEarly: stoppedAt < 1000000,
      badConfigError,
    });
  } catch (error) {
    result.textContent = JSON.stringify({ error: `${error.name}: ${error.message}` });
  }
}
