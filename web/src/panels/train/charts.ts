// charts.ts — the Train panel's live plots, fed from one MetricsHistory and
// the latest report. Owns the widgets (web/src/plot) and turns metrics into
// their typed-array inputs; knows nothing about the worker or the form.
import type { ExperimentConfig, ExperimentData, Lab, Metrics } from '../../lib/types';
import { DecisionMap } from '../../plot/decision-map';
import { LayerBars } from '../../plot/layer-bars';
import { LineChart, type LineSeries, type LineSummary } from '../../plot/line-chart';
import { PreactHistograms, type HistogramLayer } from '../../plot/preact-histograms';
import { TestOutcomes } from '../../plot/test-outcomes';
import { UnitCounts, type UnitLayer } from '../../plot/unit-counts';
import { type Widget } from '../../plot/widget';
import type { MessageKey, MessageValues, Strings } from '../../i18n/strings';
import type { MetricsHistory } from './history';
import { notApplicableReason, saturationKind, showsSaturation } from '../saturation';

// f' is sampled at this many z per layer for the histogram overlay.
const DERIVATIVE_SAMPLES = 65;
export const GRID_SIDE = 64;
export const CURVE_POINTS = 200;

/**
 * The test inputs as images, where the data is images: digits' 8×8 pixels
 * (0..16), un-standardized (x·std + mean), for the misclassified thumbnails.
 */
function imagesOf(config: ExperimentConfig, data: ExperimentData): { side: number; pixels: Float32Array; lo: number; hi: number } | null {
  if (config.data?.kind !== 'digits' || data.inputs !== 64) return null;
  const pixels = Float32Array.from(data.xTest);
  if (data.featureStd.length === data.inputs) {
    for (let i = 0; i < pixels.length; i++) pixels[i] = pixels[i] * data.featureStd[i % data.inputs] + data.featureMean[i % data.inputs];
  }
  return { side: 8, pixels, lo: 0, hi: 16 };
}

export class TrainCharts {
  readonly element: HTMLElement;
  readonly decision: DecisionMap;
  /** In the decision map's place when there are more than 2 inputs: a confusion matrix or predicted against target. */
  readonly outcomes: TestOutcomes;
  readonly loss: LineChart;
  readonly accuracy: LineChart;
  readonly gradNorm: LineChart;
  readonly gradBars: LayerBars;
  readonly deadUnits: UnitCounts;
  readonly saturation: LineChart;
  readonly histograms: PreactHistograms;
  readonly prelu: LineChart;
  readonly #lab: Lab;
  readonly #zSamples = new Float32Array(DERIVATIVE_SAMPLES);
  readonly #strings: Strings;
  #config: ExperimentConfig = {};
  #classification = true;

  constructor(container: HTMLElement, lab: Lab, strings: Strings) {
    this.#lab = lab;
    this.#strings = strings;
    this.element = document.createElement('div');
    this.element.className = 'train-charts';
    container.append(this.element);
    // Every word a widget shows or says comes from the string table.
    const lines = {
      xLabel: this.#t('chart.step'),
      emptyText: this.#t('chart.noData'),
      allZeroText: this.#t('chart.allZero'),
      describe: (s: LineSummary) => this.#t('chart.summary.lines', { ...s }),
    };
    this.decision = new DecisionMap(this.element, {
      title: this.#t('chart.decision'),
      name: 'decision',
      describe: (s) => this.#t(s.regression ? 'chart.summary.regression' : 'chart.summary.decision', { ...s, regression: '' }),
    });
    this.outcomes = new TestOutcomes(this.element, {
      title: this.#t('chart.confusion'),
      name: 'outcomes',
      describe: (s) =>
        s.regression
          ? this.#t('chart.summary.scatter', { title: s.title, total: s.total })
          : s.confusion
            ? this.#t('chart.summary.confusion', { title: s.title, right: s.right, total: s.total, truth: s.confusion.truth, predicted: s.confusion.predicted, count: s.confusion.count })
            : this.#t('chart.summary.confusionAllRight', { title: s.title, right: s.right, total: s.total }),
      axis: { truth: this.#t('chart.axis.truth'), predicted: this.#t('chart.axis.predicted'), target: this.#t('chart.axis.target'), prediction: this.#t('chart.axis.prediction') },
      thumbnailsTitle: (count, shown) => this.#t('chart.misclassified', { count, shown }),
      thumbnailLabel: (truth, predicted) => this.#t('chart.misclassifiedImage', { truth, predicted }),
    });
    this.outcomes.figure.hidden = true;
    this.loss = new LineChart(this.element, { ...lines, title: this.#t('chart.loss'), name: 'loss', log: true });
    this.accuracy = new LineChart(this.element, { ...lines, title: this.#t('chart.accuracy'), name: 'accuracy', yRange: [0, 1] });
    this.gradNorm = new LineChart(this.element, { ...lines, title: this.#t('chart.gradNorm'), name: 'grad-norm', log: true });
    this.gradBars = new LayerBars(this.element, {
      title: this.#t('chart.gradBars'),
      name: 'grad-bars',
      verdicts: {
        vanishing: (ratio) => this.#t('chart.summary.vanishing', { ratio }),
        exploding: this.#t('chart.summary.exploding'),
        healthy: this.#t('chart.summary.healthy'),
        zero: this.#t('chart.summary.zero'),
      },
    });
    this.deadUnits = new UnitCounts(this.element, {
      title: this.#t('chart.deadUnits'),
      name: 'dead-units',
      texts: {
        dead: this.#t('chart.units.dead'),
        inactive: this.#t('chart.units.inactive'),
        deadCount: (count, units) => this.#t('chart.units.deadCount', { count, units }),
        inactiveCount: (count, units) => this.#t('chart.units.inactiveCount', { count, units }),
        caption: (c) => this.#t('chart.units.caption', { ...c }),
        empty: this.#t('chart.noData'),
      },
      seriesLabels: (layer) => ({ dead: this.#t('chart.series.dead', { layer }), inactive: this.#t('chart.series.inactive', { layer }) }),
    });
    this.saturation = new LineChart(this.element, { ...lines, title: this.#t('chart.saturation'), name: 'saturation', yRange: [0, 1] });
    this.histograms = new PreactHistograms(this.element, {
      title: this.#t('chart.histograms'),
      name: 'histograms',
      texts: { describeLayer: (l) => this.#t('chart.summary.histogramLayer', { ...l }), derivativeZero: this.#t('chart.derivativeZero') },
    });
    this.prelu = new LineChart(this.element, { ...lines, title: this.#t('chart.prelu'), name: 'prelu', emptyText: this.#t('chart.noPrelu') });
    this.decision.figure.classList.add('train-chart-wide');
    this.outcomes.figure.classList.add('train-chart-wide');
    this.histograms.figure.classList.add('train-chart-wide');
  }

  #t(key: MessageKey, values?: MessageValues): string {
    return this.#strings.t(key, values);
  }

  get widgets(): Widget[] {
    return [this.decision, this.outcomes, this.loss, this.accuracy, this.gradNorm, this.gradBars, this.deadUnits, this.saturation, this.histograms, this.prelu];
  }

  /** A new experiment: its filled-in config and its data. */
  reset(config: ExperimentConfig, data: ExperimentData): void {
    this.#config = config;
    this.#classification = data.classes > 0;
    // A map for 1 or 2 inputs; beyond that, how the test set comes out.
    const mapped = data.inputs <= 2;
    this.decision.figure.hidden = !mapped;
    this.outcomes.figure.hidden = mapped;
    this.decision.setData(mapped ? { inputs: data.inputs, classes: data.classes, x: data.x, y: data.y, xTest: data.xTest, yTest: data.yTest, lo: data.lo, hi: data.hi } : null);
    this.decision.setTitle(this.#t(this.#classification ? 'chart.decision' : 'chart.regression'));
    this.outcomes.setTitle(this.#t(this.#classification ? 'chart.confusion' : 'chart.scatter'));
    this.outcomes.setData(mapped ? null : { classes: data.classes, yTest: data.yTest, targets: data.targets, classNames: data.classNames, images: imagesOf(config, data) });
    this.accuracy.figure.hidden = !this.#classification;
  }

  #layerName(index: number, count: number): string {
    return index === count - 1 ? this.#t('chart.outputLayer') : this.#t('chart.layerName', { index: index + 1 });
  }

  /** The model's outputs on the test set (more than 2 inputs). */
  setTestPredictions(predictions: Float32Array, outputs: number): void {
    this.outcomes.setPredictions(predictions, outputs);
  }

  update(history: MetricsHistory, metrics: Metrics, grid: Float32Array | null, data: { outputs: number } | null): void {
    const steps = history.column('step');
    const layerCount = history.layerCount;
    const hiddenCount = layerCount - 1;
    this.loss.setData(steps, [
      { label: this.#t('chart.trainLoss'), values: history.column('loss'), style: 0 },
      { label: this.#t('chart.testLoss'), values: history.column('testLoss'), style: 1 },
    ]);
    if (this.#classification) {
      this.accuracy.setData(steps, [
        { label: this.#t('chart.trainAccuracy'), values: history.column('accuracy'), style: 0 },
        { label: this.#t('chart.testAccuracy'), values: history.column('testAccuracy'), style: 1 },
      ]);
    }
    const gradSeries: LineSeries[] = [];
    const unitLayers: UnitLayer[] = [];
    const saturationSeries: LineSeries[] = [];
    // Layers whose saturated fraction means nothing for their activation, by reason (saturation.ts).
    const notApplicable = { 'switches-off': [] as string[], linear: [] as string[], none: [] as string[] };
    const preluSeries: LineSeries[] = [];
    for (let l = 0; l < layerCount; l++) {
      const columns = history.layer(l);
      const name = this.#layerName(l, layerCount);
      gradSeries.push({ label: name, values: columns.gradNorm, style: l });
      if (l >= hiddenCount) continue;
      unitLayers.push({ label: name, units: metrics.layers[l]?.units ?? 0, dead: columns.deadUnits, inactive: columns.inactiveUnits });
      const activation = this.#config.model?.layers?.[l]?.activation ?? 'relu';
      const kind = saturationKind(this.#lab.activations, activation);
      if (showsSaturation(kind, columns.saturatedFraction)) saturationSeries.push({ label: name, values: columns.saturatedFraction, style: l });
      else notApplicable[notApplicableReason(kind)].push(`${name} (${this.#lab.activations.find((info) => info.id === activation)?.name ?? activation})`);
      if (metrics.layers[l]?.prelu) {
        preluSeries.push({ label: this.#t('chart.series.mean', { layer: name }), values: columns.preluMean, style: l });
        preluSeries.push({ label: this.#t('chart.series.min', { layer: name }), values: columns.preluMin, style: l, dotted: true, thin: true });
        preluSeries.push({ label: this.#t('chart.series.max', { layer: name }), values: columns.preluMax, style: l, dotted: true, thin: true });
      }
    }
    this.gradNorm.setData(steps, gradSeries);
    this.deadUnits.setData(steps, unitLayers);
    this.saturation.setData(steps, saturationSeries);
    const notes = (['switches-off', 'linear', 'none'] as const)
      .filter((reason) => notApplicable[reason].length > 0)
      .map((reason) => this.#t(`chart.saturation.${reason}`, { layers: notApplicable[reason].join(', ') }));
    this.saturation.setNote(notes.join('\n'));
    // With no layer left to draw, the note says it all.
    this.saturation.setEmptyText(saturationSeries.length === 0 && notes.length > 0 ? '' : this.#t('chart.noData'));
    this.prelu.setData(preluSeries.length ? steps : [], preluSeries);

    const labels = metrics.layers.map((_, l) => this.#layerName(l, layerCount));
    const shortLabels = metrics.layers.map((_, l) => (l === layerCount - 1 ? this.#t('chart.outputShort') : this.#t('chart.layerShort', { index: l + 1 })));
    this.gradBars.setData(labels, Float64Array.from(metrics.layers, (layer) => layer.gradNorm ?? NaN), shortLabels);
    this.histograms.setData(this.#histogramLayers(metrics));

    if (grid && data) {
      const inputs = this.#config.model?.inputs ?? 2;
      this.decision.setGrid(
        { w: inputs === 1 ? CURVE_POINTS : GRID_SIDE, h: inputs === 1 ? 1 : GRID_SIDE, outputs: data.outputs, values: grid },
        { accuracy: metrics.testAccuracy ?? metrics.accuracy, loss: metrics.testLoss ?? metrics.loss },
      );
    }
  }

  #histogramLayers(metrics: Metrics): HistogramLayer[] {
    const layers = this.#config.model?.layers ?? [];
    return layers.map((layerConfig, l) => {
      const layer = metrics.layers[l];
      let lo = layer?.histogram.lo ?? -1;
      let hi = layer?.histogram.hi ?? 1;
      if (!(hi > lo)) ((lo -= 1), (hi += 1));
      const z = this.#zSamples;
      for (let i = 0; i < z.length; i++) z[i] = lo + ((hi - lo) * i) / (z.length - 1);
      const id = layerConfig.activation ?? 'relu';
      let params = layerConfig.params;
      // PReLU's f' below zero is the learned slope: draw it with the layer's mean slope.
      const slope = layer?.prelu?.mean;
      if (id === 'prelu' && slope !== null && slope !== undefined) params = { ...params, init: Math.min(1, Math.max(0, slope)) };
      let derivative: Float32Array = new Float32Array(0);
      try {
        derivative = this.#lab.evaluate(id, z, params).dydz;
      } catch {
        // A parameter out of range is reported by the form's config error; draw no curve.
      }
      return {
        label: `${this.#t('chart.layerName', { index: l + 1 })} · ${id}`,
        lo,
        hi,
        counts: layer?.histogram.counts ?? [],
        derivative,
        mean: layer?.preactMean,
        std: layer?.preactStd,
        saturatedFraction: layer?.saturatedFraction,
      };
    });
  }

  destroy(): void {
    for (const widget of this.widgets) widget.destroy();
    this.element.remove();
  }
}
