// consumer.ts — type-checked by the packaging test against the installed
// package's .d.ts, under "moduleResolution" nodenext and bundler: the public
// types resolve and describe the API as used here.
import { createLab, type ExperimentConfig, type LayerParameters, type Metrics, type Run } from 'activation-lab';

const config: ExperimentConfig = { data: { kind: 'moons' }, model: { layers: [{ units: 8, activation: 'gelu' }] } };
const lab = await createLab({ simd: false });
const { y, dydz }: { y: Float32Array; dydz: Float32Array } = lab.evaluate('elu', new Float32Array([-1, 0, 1]), { alpha: 0.5 });
const model = lab.createModel(config.model, { seed: 3 });
const layers: LayerParameters[] = model.getParameters();
model.dispose();
const experiment = lab.createExperiment(config);
const metrics: Metrics = experiment.step(10);
experiment.dispose();
const run: Run = lab.run(config, { every: 5, onMetrics: (m: Metrics) => m.loss, onError: (error: Error) => error.message });
run.pause();
const last: Promise<Metrics> = run.done;
export { dydz, last, layers, metrics, y };
