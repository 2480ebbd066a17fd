// training_bench.hpp — issue #3's training benchmark, shared by the native
// benchmark and the wasm benchmark modules: steps per second of a
// 2-64-64-64-1 ReLU MLP (He-normal init, sigmoid head with BCE), SGD with
// lr 0.1, batch 64, on 1024 moons points. bench/run.mjs trains the same model
// with TensorFlow.js (trainTfjs there) and prints the ratios.
//
// Deliberately left out: metrics (a training step is what is timed; metrics
// are computed every `every` steps, and `every` is set past the end).
#pragma once

#include "kernel_timing.hpp"

// ---------------------------------------------------------------------------
// HOOK (issue #3, trainer): our trainer is actlab::Experiment
// (cpp/include/actlab/experiment.hpp), driven by measure_training() below.
// Build with -DACTLAB_BENCH_HAVE_TRAINER=0 to benchmark kernels without it;
// every build then reports the trainer as unavailable and run.mjs prints
// only TensorFlow.js's figure.
#ifndef ACTLAB_BENCH_HAVE_TRAINER
#define ACTLAB_BENCH_HAVE_TRAINER 1
#endif
// ---------------------------------------------------------------------------

#if ACTLAB_BENCH_HAVE_TRAINER
#include <memory>

#include "actlab/config.hpp"
#include "actlab/experiment.hpp"
#endif

namespace actlab::bench {

// The benchmark model, shared with run.mjs (which prints it in its header).
inline constexpr int kTrainInputs = 2;
inline constexpr int kTrainHiddenLayers = 3;
inline constexpr int kTrainHiddenUnits = 64;
inline constexpr int kTrainBatch = 64;
inline constexpr int kTrainSamples = 1024;
inline constexpr double kTrainLearningRate = 0.1;
inline constexpr double kTrainMoonsNoise = 0.1;

struct TrainingResult {
  bool available = false;
  double steps_per_second = 0.0;
  double loss_before = 0.0;  // training-set loss before and after the timed
  double loss_after = 0.0;   // steps: proof that it learned
  const char* reason = "";  // why not available
};

#if ACTLAB_BENCH_HAVE_TRAINER
inline ExperimentConfig training_bench_config() {
  ExperimentConfig config;
  config.seed = 1;
  config.data.kind = DataKind::moons;
  config.data.n = kTrainSamples;
  config.data.noise = kTrainMoonsNoise;
  config.data.test_fraction = 0.0;
  config.model.inputs = kTrainInputs;
  for (int l = 0; l < kTrainHiddenLayers; ++l) {
    LayerConfig layer;
    layer.units = kTrainHiddenUnits;
    layer.activation = Act::relu;
    layer.params = default_params(Act::relu);
    config.model.layers.push_back(layer);
  }
  config.model.output.units = 1;
  config.model.output.activation = Head::sigmoid;
  config.model.init = Init::he_normal;
  config.model.bias_init = 0.0;
  config.train.loss = Loss::bce;
  config.train.optimizer.kind = OptimizerKind::sgd;
  config.train.optimizer.lr = kTrainLearningRate;
  config.train.batch_size = kTrainBatch;
  // Far more steps than the timing uses, and no metrics on the way.
  config.steps = 1000000;
  config.every = config.steps;
  return config;
}
#endif

inline TrainingResult measure_training(const TimingSettings& settings) {
  TrainingResult result;
#if ACTLAB_BENCH_HAVE_TRAINER
  std::unique_ptr<Experiment> experiment;
  Status status = Experiment::create(training_bench_config(), &experiment);
  if (!status.ok()) {
    result.reason = "Experiment::create rejected the benchmark config";
    return result;
  }
  result.loss_before = experiment->metrics().loss;
  // Ten batches' worth of unmeasured steps first (as for TensorFlow.js):
  // in wasm, V8 swaps its baseline code for optimised code meanwhile.
  double warm_up_end = wall_ns() + 10 * settings.min_batch_ns;
  while (wall_ns() < warm_up_end) experiment->step(1);
  double ns_per_step = median_ns_per_call([&] { experiment->step(1); }, settings);
  if (experiment->status() != RunStatus::running) {
    result.reason = "the benchmark run stopped (done or diverged) while being timed";
    return result;
  }
  result.available = true;
  result.steps_per_second = 1e9 / ns_per_step;
  result.loss_after = experiment->metrics().loss;
#else
  (void)settings;
  result.reason = "built without the trainer (ACTLAB_BENCH_HAVE_TRAINER=0)";
#endif
  return result;
}

}  // namespace actlab::bench
