// compute.ts — what each lesson measures: from the lesson's runs (metrics
// histories and trained parameters) and from lab.evaluate, the numbers its
// "what to look for" sentences state, whether the lesson's claim holds, and
// the data of its plots. Pure apart from the Lab calls: no DOM, so the same
// code runs in the page, in an embed and in the Node tests.
//
// Two ways to get the runs: runLessonHeadless() trains them here with
// lab.createExperiment (tests, Node); the page trains them in workers with
// lab.run and hands the same histories to summarizeLesson(). Training is
// deterministic, so both give the same numbers.
import type { ActivationId, Lab, LayerParameters, Metrics } from '../lib/types';
import { BUILD_YOUR_OWN, LESSONS, type LessonId } from './catalogue';
import type { LessonMessageKey, NumberStyle, SentenceValue } from '../i18n/strings';

export type { NumberStyle, SentenceValue };

/** One run's outcome: every reported metrics record (step 0 first) and the trained parameters. */
export interface RunOutcome {
  history: readonly Metrics[];
  parameters: readonly LayerParameters[];
}
export type LessonOutcomes = Readonly<Record<string, RunOutcome>>;

/** A sentence template and the computed values of its placeholders. Strings (names) are inserted as text. */
export interface Sentence {
  key: LessonMessageKey;
  values: Readonly<Record<string, SentenceValue | string | undefined>>;
}

export interface CurvePlot {
  kind: 'curves';
  titleKey: LessonMessageKey;
  x: Float32Array;
  /** `activation` gives a curve its activation's colour (plot/activation-style.ts); `derivative` marks f′ (drawn dashed). */
  curves: { label: string; values: Float32Array; activation?: ActivationId; derivative?: boolean }[];
  /** x intervals to shade (e.g. the saturation region). */
  shades: { from: number; to: number }[];
}
export interface LinePlot {
  kind: 'lines';
  titleKey: LessonMessageKey;
  xLabelKey: LessonMessageKey;
  x: Float64Array;
  /** `activation` gives a series its activation's colour and dash (plot/activation-style.ts). */
  series: { label: string; values: Float64Array; activation?: ActivationId }[];
  log: boolean;
}
export type LessonPlot = CurvePlot | LinePlot;

export interface LessonResult {
  id: LessonId;
  /** Every computed number, by name (the tests read these). */
  numbers: Readonly<Record<string, number>>;
  /** The lesson's claims, each true when the run reproduces it. */
  claims: Readonly<Record<string, boolean>>;
  sentences: readonly Sentence[];
  plots: readonly LessonPlot[];
}

// ------------------------------------------------------------ helpers ---

const SATURATION_THRESHOLD = 0.01;

function grid(from: number, to: number, count: number): Float32Array {
  const z = new Float32Array(count);
  for (let i = 0; i < count; i++) z[i] = from + ((to - from) * i) / (count - 1);
  return z;
}

function argMax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** The smallest z ≥ 0 on the grid beyond which |f'| stays below `threshold` on both sides (f' even, as σ' and tanh'). */
function saturationStart(z: Float32Array, dydz: Float32Array, threshold: number): number {
  let start = Infinity;
  for (let i = z.length - 1; i >= 0 && z[i] >= 0; i--) {
    const mirror = z.length - 1 - i;
    if (Math.abs(dydz[i]) >= threshold || Math.abs(dydz[mirror]) >= threshold) break;
    start = z[i];
  }
  return start;
}

const last = (outcome: RunOutcome): Metrics => outcome.history[outcome.history.length - 1];
const hiddenLayers = (metrics: Metrics) => metrics.layers.slice(0, -1);
const deadFraction = (metrics: Metrics): number => {
  const layers = hiddenLayers(metrics);
  const units = layers.reduce((sum, layer) => sum + layer.units, 0);
  return layers.reduce((sum, layer) => sum + layer.deadUnits, 0) / units;
};
const num = (value: number, style: NumberStyle = 'plain'): SentenceValue => ({ value, style });

/** Largest difference between the incoming weights (and biases) of any unit and unit 0 of the first hidden layer. */
export function unitSpread(parameters: readonly LayerParameters[]): number {
  const layer = parameters[0];
  const units = layer.bias.length;
  const fanIn = layer.weights.length / units;
  let spread = 0;
  for (let unit = 1; unit < units; unit++) {
    spread = Math.max(spread, Math.abs(layer.bias[unit] - layer.bias[0]));
    for (let input = 0; input < fanIn; input++) {
      spread = Math.max(spread, Math.abs(layer.weights[input * units + unit] - layer.weights[input * units]));
    }
  }
  return spread;
}

/** One series per run over the longest run's steps; `activations`: the run names are activation ids (their colours). */
function historySeries(outcomes: LessonOutcomes, names: readonly string[], read: (metrics: Metrics) => number, activations = false) {
  const longest = names.reduce((a, name) => Math.max(a, outcomes[name]?.history.length ?? 0), 0);
  const reference = names.find((name) => outcomes[name]?.history.length === longest);
  const x = Float64Array.from(reference ? outcomes[reference].history.map((m) => m.step) : []);
  const series = names.map((name) => {
    const values = new Float64Array(x.length).fill(NaN);
    outcomes[name]?.history.forEach((metrics, i) => (values[i] = read(metrics)));
    return activations ? { label: name, values, activation: name as ActivationId } : { label: name, values };
  });
  return { x, series };
}

function curvePlots(lab: Lab, ids: readonly ActivationId[], from: number, to: number): CurvePlot {
  const x = grid(from, to, 801);
  const curves: CurvePlot['curves'] = [];
  for (const id of ids) {
    const { y, dydz } = lab.evaluate(id, x);
    curves.push({ label: `${id}(z)`, values: y, activation: id }, { label: `${id}′(z)`, values: dydz, activation: id, derivative: true });
  }
  return { kind: 'curves', titleKey: 'lesson.plot.curves', x, curves, shades: [] };
}

// ------------------------------------------------------------ lessons ---

type Summarizer = (lab: Lab, outcomes: LessonOutcomes) => Omit<LessonResult, 'id'>;

const SUMMARIZERS: Record<LessonId, Summarizer> = {
  'sigmoid-saturation': (lab) => {
    const z = grid(-8, 8, 1601); // step 0.01
    const sigmoid = lab.evaluate('sigmoid', z);
    const tanh = lab.evaluate('tanh', z);
    const sigmoidPeak = sigmoid.dydz[argMax(sigmoid.dydz)];
    const sigmoidPeakZ = z[argMax(sigmoid.dydz)];
    const tanhPeak = tanh.dydz[argMax(tanh.dydz)];
    const sigmoidSaturates = saturationStart(z, sigmoid.dydz, SATURATION_THRESHOLD);
    const tanhSaturates = saturationStart(z, tanh.dydz, SATURATION_THRESHOLD);
    const plot: CurvePlot = {
      kind: 'curves',
      titleKey: 'lesson.plot.curves',
      x: z,
      curves: [
        { label: 'σ(z)', values: sigmoid.y, activation: 'sigmoid' },
        { label: 'σ′(z)', values: sigmoid.dydz, activation: 'sigmoid', derivative: true },
        { label: 'tanh(z)', values: tanh.y, activation: 'tanh' },
        { label: 'tanh′(z)', values: tanh.dydz, activation: 'tanh', derivative: true },
      ],
      shades: [{ from: -8, to: -sigmoidSaturates }, { from: sigmoidSaturates, to: 8 }],
    };
    return {
      numbers: { sigmoidPeak, sigmoidPeakZ, tanhPeak, sigmoidSaturates, tanhSaturates, threshold: SATURATION_THRESHOLD },
      claims: {
        sigmoidPeaksAtQuarter: Math.abs(sigmoidPeak - 0.25) < 1e-6 && Math.abs(sigmoidPeakZ) < 1e-6,
        sigmoidSaturatesBeyond4_6: sigmoidSaturates <= 4.6 && sigmoidSaturates > 4.5,
        tanhPeaksAtOne: Math.abs(tanhPeak - 1) < 1e-6,
      },
      sentences: [
        { key: 'lesson.sigmoid-saturation.look.peak', values: { peak: num(sigmoidPeak), z: num(sigmoidPeakZ) } },
        { key: 'lesson.sigmoid-saturation.look.saturates', values: { threshold: num(SATURATION_THRESHOLD), z: num(sigmoidSaturates) } },
        { key: 'lesson.sigmoid-saturation.look.tanh', values: { peak: num(tanhPeak), z: num(tanhSaturates) } },
      ],
      plots: [plot],
    };
  },

  'vanishing-gradients': (_lab, outcomes) => {
    const names = ['sigmoid', 'tanh', 'relu'] as const;
    const numbers: Record<string, number> = {};
    const series: LinePlot['series'] = [];
    let layerCount = 0;
    for (const name of names) {
      const metrics = last(outcomes[name]);
      const norms = metrics.layers.map((layer) => layer.gradNorm ?? NaN);
      layerCount = norms.length;
      numbers[`${name}Ratio`] = norms[0] / norms[norms.length - 1];
      numbers[`${name}First`] = norms[0];
      numbers[`${name}Last`] = norms[norms.length - 1];
      series.push({ label: name, values: Float64Array.from(norms), activation: name });
    }
    numbers.layers = layerCount - 1; // hidden layers
    return {
      numbers,
      claims: {
        sigmoidVanishes: numbers.sigmoidRatio < 1e-3,
        reluDoesNotVanish: numbers.reluRatio > 0.1,
        tanhInBetween: numbers.tanhRatio > numbers.sigmoidRatio && numbers.tanhRatio < numbers.reluRatio,
      },
      sentences: [
        { key: 'lesson.vanishing-gradients.look.sigmoid', values: { layers: num(layerCount - 1, 'integer'), ratio: num(numbers.sigmoidRatio, 'scientific') } },
        { key: 'lesson.vanishing-gradients.look.relu', values: { ratio: num(numbers.reluRatio) } },
        { key: 'lesson.vanishing-gradients.look.tanh', values: { ratio: num(numbers.tanhRatio, 'scientific') } },
      ],
      plots: [{ kind: 'lines', titleKey: 'lesson.plot.gradByLayer', xLabelKey: 'lesson.axis.layer', x: Float64Array.from({ length: layerCount }, (_, i) => i + 1), series, log: true }],
    };
  },

  'dying-relu': (_lab, outcomes) => {
    const names = ['relu', 'leaky_relu', 'prelu', 'elu'] as const;
    const numbers: Record<string, number> = {};
    for (const name of names) {
      numbers[`${name}Dead`] = deadFraction(last(outcomes[name]));
      numbers[`${name}Accuracy`] = last(outcomes[name]).accuracy ?? NaN;
    }
    numbers.reluDeadAtStart = deadFraction(outcomes.relu.history[0]);
    const others = names.slice(1);
    const maxOtherDead = Math.max(...others.map((name) => numbers[`${name}Dead`]));
    const minOtherAccuracy = Math.min(...others.map((name) => numbers[`${name}Accuracy`]));
    // Real data: handwritten digits, no bias trick, Adam with a large learning rate.
    const onDigits = ['relu/digits', 'leaky_relu/digits'] as const;
    const digitsRun = LESSONS['dying-relu'].runs['relu/digits'];
    numbers.digitsReluDead = deadFraction(last(outcomes['relu/digits']));
    numbers.digitsLeakyDead = deadFraction(last(outcomes['leaky_relu/digits']));
    numbers.digitsReluTestAccuracy = last(outcomes['relu/digits']).testAccuracy ?? NaN;
    numbers.digitsLeakyTestAccuracy = last(outcomes['leaky_relu/digits']).testAccuracy ?? NaN;
    const { x, series } = historySeries(outcomes, names, deadFraction, true);
    const accuracy = historySeries(outcomes, names, (m) => m.accuracy ?? NaN, true);
    const digits = historySeries(outcomes, onDigits, deadFraction);
    digits.series.forEach((line, i) => Object.assign(line, { activation: (['relu', 'leaky_relu'] as const)[i] }));
    return {
      numbers,
      claims: {
        reluDies: numbers.reluDead > 0.3,
        othersHaveNoDeadUnits: maxOtherDead === 0,
        othersTrainFurther: minOtherAccuracy > numbers.reluAccuracy,
        reluDiesOnDigits: numbers.digitsReluDead > 0.1,
        leakyLivesOnDigits: numbers.digitsLeakyDead === 0,
      },
      sentences: [
        { key: 'lesson.dying-relu.look.start', values: { dead: num(numbers.reluDeadAtStart, 'percent') } },
        { key: 'lesson.dying-relu.look.relu', values: { dead: num(numbers.reluDead, 'percent'), accuracy: num(numbers.reluAccuracy, 'percent') } },
        { key: 'lesson.dying-relu.look.others', values: { dead: num(maxOtherDead, 'percent'), accuracy: num(minOtherAccuracy, 'percent') } },
        {
          key: 'lesson.dying-relu.look.digits',
          values: {
            dead: num(numbers.digitsReluDead, 'percent'),
            leakyDead: num(numbers.digitsLeakyDead, 'percent'),
            accuracy: num(numbers.digitsReluTestAccuracy, 'percent'),
            leakyAccuracy: num(numbers.digitsLeakyTestAccuracy, 'percent'),
            classes: num(digitsRun.model?.output?.units ?? NaN, 'integer'),
            units: num(digitsRun.model?.layers?.[0]?.units ?? NaN, 'integer'),
            lr: num(digitsRun.train?.optimizer?.lr ?? NaN),
          },
        },
      ],
      plots: [
        { kind: 'lines', titleKey: 'lesson.plot.deadFraction', xLabelKey: 'lesson.axis.step', x, series, log: false },
        { kind: 'lines', titleKey: 'lesson.plot.accuracy', xLabelKey: 'lesson.axis.step', x: accuracy.x, series: accuracy.series, log: false },
        { kind: 'lines', titleKey: 'lesson.plot.deadFractionDigits', xLabelKey: 'lesson.axis.step', x: digits.x, series: digits.series, log: false },
      ],
    };
  },

  'prelu-slope': (_lab, outcomes) => {
    const history = outcomes.prelu.history;
    const first = history[0];
    const end = last(outcomes.prelu);
    const layers = hiddenLayers(end).length;
    const numbers: Record<string, number> = { initialSlope: first.layers[0].prelu?.mean ?? NaN, layers };
    const lines: string[] = [];
    let largestMove = 0;
    for (let layer = 0; layer < layers; layer++) {
      const slopes = end.layers[layer].prelu;
      numbers[`layer${layer + 1}Mean`] = slopes?.mean ?? NaN;
      numbers[`layer${layer + 1}Min`] = slopes?.min ?? NaN;
      numbers[`layer${layer + 1}Max`] = slopes?.max ?? NaN;
      largestMove = Math.max(largestMove, Math.abs((slopes?.max ?? NaN) - numbers.initialSlope), Math.abs((slopes?.min ?? NaN) - numbers.initialSlope));
      lines.push(`layer ${layer + 1}`);
    }
    numbers.largestMove = largestMove;
    const plotNames: string[] = [];
    const source: Record<string, RunOutcome> = {};
    for (let layer = 0; layer < layers; layer++) {
      for (const which of ['mean', 'min', 'max'] as const) {
        const name = `${which} ${layer + 1}`;
        plotNames.push(name);
        source[name] = { history: history.map((m) => ({ ...m, step: m.step, loss: m.layers[layer].prelu?.[which] ?? NaN })), parameters: [] };
      }
    }
    const { x, series } = historySeries(source, plotNames, (m) => m.loss ?? NaN);
    return {
      numbers,
      claims: {
        startsAtQuarter: numbers.initialSlope === 0.25,
        slopesMove: largestMove > 0.05 && Math.abs(numbers.layer2Mean - 0.25) > 0.01,
      },
      sentences: [
        { key: 'lesson.prelu-slope.look.start', values: { slope: num(numbers.initialSlope) } },
        ...Array.from({ length: layers }, (_, layer) => ({
          key: 'lesson.prelu-slope.look.layer' as const,
          values: {
            layer: num(layer + 1, 'integer'),
            mean: num(numbers[`layer${layer + 1}Mean`]),
            min: num(numbers[`layer${layer + 1}Min`]),
            max: num(numbers[`layer${layer + 1}Max`]),
          },
        })),
      ],
      plots: [{ kind: 'lines', titleKey: 'lesson.plot.slopes', xLabelKey: 'lesson.axis.step', x, series, log: false }],
    };
  },

  'initialisation': (_lab, outcomes) => {
    const numbers: Record<string, number> = {};
    const names = Object.keys(LESSONS.initialisation.runs);
    for (const name of names) {
      const key = name.replace('/', '_');
      numbers[`${key}_spread`] = unitSpread(outcomes[name].parameters);
      numbers[`${key}_accuracy`] = last(outcomes[name]).accuracy ?? NaN;
    }
    const { x, series } = historySeries(outcomes, names, (m) => m.loss ?? NaN);
    const best = (activation: string) => Math.max(...names.filter((n) => n.startsWith(activation) && !n.endsWith('zeros')).map((n) => numbers[`${n.replace('/', '_')}_accuracy`]));
    numbers.sigmoidBest = best('sigmoid');
    numbers.reluBest = best('relu');
    return {
      numbers,
      claims: {
        zerosKeepUnitsIdentical: numbers.sigmoid_zeros_spread === 0 && numbers.relu_zeros_spread === 0,
        randomInitBreaksSymmetry: names.filter((n) => !n.endsWith('zeros')).every((n) => numbers[`${n.replace('/', '_')}_spread`] > 0),
        zerosLearnLess: numbers.sigmoid_zeros_accuracy < numbers.sigmoidBest && numbers.relu_zeros_accuracy < numbers.reluBest,
      },
      sentences: [
        { key: 'lesson.initialisation.look.zeros', values: { spread: num(numbers.sigmoid_zeros_spread), accuracy: num(numbers.sigmoid_zeros_accuracy, 'percent') } },
        { key: 'lesson.initialisation.look.reluZeros', values: { accuracy: num(numbers.relu_zeros_accuracy, 'percent') } },
        { key: 'lesson.initialisation.look.random', values: { spread: num(numbers['sigmoid_xavier_normal_spread']), sigmoid: num(numbers.sigmoidBest, 'percent'), relu: num(numbers.reluBest, 'percent') } },
      ],
      plots: [{ kind: 'lines', titleKey: 'lesson.plot.loss', xLabelKey: 'lesson.axis.step', x, series, log: true }],
    };
  },

  'output-activation': (lab, outcomes) => {
    // One sigmoid unit, z = w·x + b with x = 1, target 1, starting confidently wrong (z = −6).
    // BCE's gradient comes from a sigmoid-head model (the engine refuses sigmoid + MSE as a
    // config, rightly); MSE's is 2(σ − y)·σ′(z) with σ and σ′ from lab.evaluate.
    const START_Z = -6;
    const RATE = 0.5;
    const MAX_STEPS = 2000;
    const model = lab.createModel({ inputs: 1, layers: [], output: { activation: 'sigmoid' } });
    const stepsToRight = (loss: 'bce' | 'mse'): { steps: number; firstGradient: number; trace: number[] } => {
      let z = START_Z;
      const trace: number[] = [];
      let firstGradient = NaN;
      for (let step = 0; step <= MAX_STEPS; step++) {
        const { y, dydz } = lab.evaluate('sigmoid', new Float32Array([z]));
        trace.push(y[0]);
        if (y[0] > 0.5) return { steps: step, firstGradient, trace };
        let gradient: number;
        if (loss === 'bce') {
          model.setParameters([{ weights: new Float32Array([0]), bias: new Float32Array([z]) }]);
          gradient = model.lossAndGradients(new Float32Array([1]), new Float32Array([1]), 'bce').gradients[0].bias[0];
        } else {
          gradient = 2 * (y[0] - 1) * dydz[0];
        }
        if (step === 0) firstGradient = gradient;
        z -= RATE * gradient;
      }
      return { steps: Infinity, firstGradient, trace };
    };
    let bce, mse;
    try {
      bce = stepsToRight('bce');
      mse = stepsToRight('mse');
    } finally {
      model.dispose();
    }
    const numbers: Record<string, number> = {
      bceSteps: bce.steps,
      mseSteps: mse.steps,
      bceGradient: Math.abs(bce.firstGradient),
      mseGradient: Math.abs(mse.firstGradient),
      startProbability: bce.trace[0],
    };
    const heads = ['sigmoid+bce', 'softmax+softmax_ce', 'identity+mse'];
    for (const head of heads) {
      numbers[`${head}_firstLoss`] = outcomes[head].history[0].loss ?? NaN;
      numbers[`${head}_lastLoss`] = last(outcomes[head]).loss ?? NaN;
    }
    const length = Math.max(bce.trace.length, mse.trace.length);
    const pad = (trace: number[]) => Float64Array.from({ length }, (_, i) => trace[Math.min(i, trace.length - 1)]);
    const losses = historySeries(outcomes, heads, (m) => m.loss ?? NaN);
    return {
      numbers,
      claims: {
        mseSlowerWhenWrong: numbers.mseSteps > 5 * numbers.bceSteps && numbers.mseGradient < numbers.bceGradient / 10,
        everyHeadLearns: heads.every((h) => numbers[`${h}_lastLoss`] < 0.5 * numbers[`${h}_firstLoss`]),
      },
      sentences: [
        { key: 'lesson.output-activation.look.gradient', values: { p: num(numbers.startProbability, 'scientific'), bce: num(numbers.bceGradient), mse: num(numbers.mseGradient, 'scientific') } },
        { key: 'lesson.output-activation.look.steps', values: { bce: num(numbers.bceSteps, 'integer'), mse: num(numbers.mseSteps, 'integer') } },
        { key: 'lesson.output-activation.look.heads', values: { bce: num(numbers['sigmoid+bce_lastLoss']), ce: num(numbers['softmax+softmax_ce_lastLoss']), mse: num(numbers['identity+mse_lastLoss']) } },
      ],
      plots: [
        {
          kind: 'lines',
          titleKey: 'lesson.plot.probability',
          xLabelKey: 'lesson.axis.step',
          x: Float64Array.from({ length }, (_, i) => i),
          series: [{ label: 'sigmoid + BCE', values: pad(bce.trace) }, { label: 'sigmoid + MSE', values: pad(mse.trace) }],
          log: false,
        },
        { kind: 'lines', titleKey: 'lesson.plot.loss', xLabelKey: 'lesson.axis.step', x: losses.x, series: losses.series, log: true },
      ],
    };
  },

  'common-mistakes': (lab, outcomes) => {
    const z = grid(-3, 3, 601);
    const relu = lab.evaluate('relu', z);
    // The widely copied snippet: derivative = np.maximum(1, z).
    const copied = z.map((value) => Math.max(1, value));
    let largestDifference = 0;
    let differingPoints = 0;
    for (let i = 0; i < z.length; i++) {
      const difference = Math.abs(copied[i] - relu.dydz[i]);
      largestDifference = Math.max(largestDifference, difference);
      if (difference > 0) differingPoints++;
    }
    const reluDerivativeAtMinusOne = relu.dydz[z.findIndex((v) => v >= -1)];
    const sigmoid = lab.evaluate('sigmoid', grid(-8, 8, 1601));
    const sigmoidPeak = sigmoid.dydz[argMax(sigmoid.dydz)];
    const sig = last(outcomes.sigmoid);
    const rel = last(outcomes.relu);
    const saturated = (m: Metrics) => {
      const layers = hiddenLayers(m);
      return layers.reduce((s, l) => s + (l.saturatedFraction ?? 0) * l.units, 0) / layers.reduce((s, l) => s + l.units, 0);
    };
    const numbers = {
      largestDifference,
      differingFraction: differingPoints / z.length,
      reluDerivativeAtMinusOne,
      copiedAtMinusOne: 1,
      sigmoidPeak,
      sigmoidDead: deadFraction(sig),
      sigmoidSaturated: saturated(sig),
      reluDead: deadFraction(rel),
    };
    return {
      numbers,
      claims: {
        copiedSnippetIsWrong: largestDifference >= 1 && reluDerivativeAtMinusOne === 0,
        sigmoidDerivativeAtMostQuarter: sigmoidPeak <= 0.25,
        deadIsAReluThing: numbers.sigmoidDead === 0 && numbers.reluDead > 0 && numbers.sigmoidSaturated > 0.1,
      },
      sentences: [
        { key: 'lesson.common-mistakes.look.snippet', values: { z: num(-1), copied: num(copied[z.findIndex((v) => v >= -1)]), relu: num(reluDerivativeAtMinusOne), difference: num(largestDifference), share: num(numbers.differingFraction, 'percent') } },
        { key: 'lesson.common-mistakes.look.sigmoidPeak', values: { peak: num(sigmoidPeak) } },
        { key: 'lesson.common-mistakes.look.dead', values: { reluDead: num(numbers.reluDead, 'percent'), sigmoidDead: num(numbers.sigmoidDead, 'percent'), saturated: num(numbers.sigmoidSaturated, 'percent') } },
      ],
      plots: [
        {
          kind: 'curves',
          titleKey: 'lesson.plot.reluDerivative',
          x: z,
          curves: [
            { label: "relu′(z) (step)", values: relu.dydz, activation: 'relu', derivative: true },
            { label: 'np.maximum(1, z)', values: copied },
          ],
          shades: [],
        },
      ],
    };
  },

  // A formula typed like a student would: z*sigmoid(b*z) from nearly linear to nearly ReLU, and max(1, z) set against relu′.
  'build-your-own': (lab, outcomes) => {
    const z = grid(-4, 4, 801);
    const relu = lab.evaluate('relu', z);
    const swish = (b: number) => lab.evaluate('custom', z, { formula: 'z*sigmoid(b*z)', b });
    const [small, middle, large] = [BYO_SMALL_B, 1, BYO_LARGE_B].map(swish);
    let slopeLow = Infinity;
    let slopeHigh = -Infinity;
    let linearGap = 0; // from the line z/2
    let reluGap = 0;
    for (let i = 0; i < z.length; i++) {
      slopeLow = Math.min(slopeLow, small.dydz[i]);
      slopeHigh = Math.max(slopeHigh, small.dydz[i]);
      linearGap = Math.max(linearGap, Math.abs(small.y[i] - z[i] / 2));
      reluGap = Math.max(reluGap, Math.abs(large.y[i] - relu.y[i]));
    }
    const snippet = lab.evaluate('custom', z, { formula: BUILD_YOUR_OWN.snippet });
    const atMinusOne = z.findIndex((v) => v >= -1);
    let differing = 0;
    for (let i = 0; i < z.length; i++) if (snippet.y[i] !== relu.dydz[i]) differing++;
    const swishRun = last(outcomes[BUILD_YOUR_OWN.swish]);
    const snippetRun = last(outcomes[BUILD_YOUR_OWN.snippet]);
    const reluRun = last(outcomes.relu);
    const numbers = {
      smallB: BYO_SMALL_B,
      largeB: BYO_LARGE_B,
      slopeLow,
      slopeHigh,
      linearGap,
      // The line z*sigmoid(b*z) is near for small b: its slope at 0, σ(0).
      slopeAtZero: small.dydz[z.findIndex((v) => v >= 0)],
      reluGap,
      // Where max(1, z) starts to pass a gradient (its f′ is 0 below).
      snippetKink: z[snippet.dydz.findIndex((v) => v > 0)],
      snippetAtMinusOne: snippet.y[atMinusOne],
      reluDerivativeAtMinusOne: relu.dydz[atMinusOne],
      snippetDiffering: differing / z.length,
      swishAccuracy: swishRun.accuracy ?? NaN,
      swishDead: deadFraction(swishRun),
      snippetAccuracy: snippetRun.accuracy ?? NaN,
      snippetDead: deadFraction(snippetRun),
      reluAccuracy: reluRun.accuracy ?? NaN,
      reluDead: deadFraction(reluRun),
    };
    const dead = (name: string) => historySeries(outcomes, [name], deadFraction).series[0].values;
    const { x } = historySeries(outcomes, [BUILD_YOUR_OWN.swish, BUILD_YOUR_OWN.snippet, 'relu'], deadFraction);
    return {
      numbers,
      claims: {
        // Slope within 0.5 ± 0.125 over z in ±4: a line, give or take.
        smallBIsNearlyLinear: slopeHigh - slopeLow < 0.25,
        largeBIsNearlyRelu: reluGap < 0.03,
        snippetIsNotReluDerivative: numbers.snippetAtMinusOne === 1 && numbers.reluDerivativeAtMinusOne === 0,
        typedSwishTrainsLikeRelu: numbers.swishDead === 0 && numbers.swishAccuracy >= numbers.reluAccuracy - 0.02,
        snippetAsActivationKillsUnits: numbers.snippetDead > 0.1,
      },
      sentences: [
        { key: 'lesson.build-your-own.look.linear', values: { b: num(BYO_SMALL_B), low: num(slopeLow), high: num(slopeHigh), from: num(z[0]), to: num(z[z.length - 1]), slope: num(numbers.slopeAtZero), gap: num(linearGap) } },
        { key: 'lesson.build-your-own.look.relu', values: { b: num(BYO_LARGE_B), gap: num(reluGap) } },
        { key: 'lesson.build-your-own.look.snippet', values: { formula: BUILD_YOUR_OWN.snippet, z: num(z[atMinusOne]), copied: num(numbers.snippetAtMinusOne), relu: num(numbers.reluDerivativeAtMinusOne), share: num(numbers.snippetDiffering, 'percent') } },
        { key: 'lesson.build-your-own.look.train', values: { accuracy: num(numbers.swishAccuracy, 'percent'), dead: num(numbers.swishDead, 'percent'), reluAccuracy: num(numbers.reluAccuracy, 'percent'), reluDead: num(numbers.reluDead, 'percent') } },
        { key: 'lesson.build-your-own.look.dies', values: { formula: BUILD_YOUR_OWN.snippet, kink: num(numbers.snippetKink), dead: num(numbers.snippetDead, 'percent'), accuracy: num(numbers.snippetAccuracy, 'percent') } },
      ],
      plots: [
        {
          kind: 'curves',
          titleKey: 'lesson.plot.swishFamily',
          x: z,
          curves: [
            { label: `z·σ(${BYO_SMALL_B}z)`, values: small.y },
            { label: 'z·σ(z)', values: middle.y },
            { label: `z·σ(${BYO_LARGE_B}z)`, values: large.y },
            { label: 'relu(z)', values: relu.y, activation: 'relu' },
          ],
          shades: [],
        },
        {
          kind: 'curves',
          titleKey: 'lesson.plot.reluDerivative',
          x: z,
          curves: [
            { label: 'relu′(z)', values: relu.dydz, activation: 'relu', derivative: true },
            { label: BUILD_YOUR_OWN.snippet, values: snippet.y },
          ],
          shades: [],
        },
        {
          kind: 'lines',
          titleKey: 'lesson.plot.deadFraction',
          xLabelKey: 'lesson.axis.step',
          x,
          series: [
            { label: BUILD_YOUR_OWN.swish, values: dead(BUILD_YOUR_OWN.swish) },
            { label: BUILD_YOUR_OWN.snippet, values: dead(BUILD_YOUR_OWN.snippet) },
            { label: 'relu', values: dead('relu'), activation: 'relu' },
          ],
          log: false,
        },
      ],
    };
  },
};

/** The two ends of z*sigmoid(b*z) the build-your-own lesson draws. */
const BYO_SMALL_B = 0.05;
const BYO_LARGE_B = 10;

/** The lesson's numbers, claims, sentences and plots from its runs' outcomes. */
export function summarizeLesson(lab: Lab, id: LessonId, outcomes: LessonOutcomes): LessonResult {
  return { id, ...SUMMARIZERS[id](lab, outcomes) };
}

/** Trains every run of the lesson here (synchronously, on this thread) and summarizes. */
export function runLessonHeadless(lab: Lab, id: LessonId): LessonResult {
  const outcomes: Record<string, RunOutcome> = {};
  for (const [name, config] of Object.entries(LESSONS[id].runs)) {
    const experiment = lab.createExperiment(config);
    try {
      const every = experiment.config.every ?? 1;
      const steps = experiment.config.steps ?? 0;
      const history: Metrics[] = [experiment.metrics()];
      while (history[history.length - 1].step < steps && history[history.length - 1].status === 'running') {
        history.push(experiment.step(every));
      }
      outcomes[name] = { history, parameters: experiment.model.getParameters() };
    } finally {
      experiment.dispose();
    }
  }
  return summarizeLesson(lab, id, outcomes);
}

export { curvePlots };
