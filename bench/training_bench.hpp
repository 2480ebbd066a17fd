// training_bench.hpp — issue #3's training benchmark, shared by the native
// benchmark and the wasm benchmark modules: steps per second of a
// 2-64-64-64-1 ReLU MLP (He-normal init, sigmoid head with BCE), SGD with
// lr 0.1, batch 64, on 1024 moons points. bench/run.mjs trains the same model
// with TensorFlow.js (trainTfjs there) and prints the ratios.
//
// Deliberately left out: metrics (a training step is what is timed; metrics
// are computed every `every` steps, and `every` is set past the end).
//
// Also here: issue #14's digits benchmark (measure_config_training), which
// trains whatever experiment config run.mjs hands in.
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

#include <string>

#if ACTLAB_BENCH_HAVE_TRAINER
#include <algorithm>
#include <memory>
#include <vector>

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

// Issue #14's digits benchmark, our side: `repeats` fresh runs of `steps`
// training steps of the experiment in config_json (bench/lib/digits_side.mjs
// builds it: digits as data.kind "custom"), run r with seed + r, after one
// unmeasured run. Each run is timed as a whole (one Experiment::step(steps)
// call) on the chosen clock; steps_per_second and test_accuracy are the
// medians over the runs.
struct ConfigTrainingResult {
  bool available = false;
  double steps_per_second = 0.0;
  double test_accuracy = 0.0;
  double loss = 0.0;           // training-set loss after the steps (median run)
  std::string reason;          // why not available
};

inline ConfigTrainingResult measure_config_training(const std::string& config_json, int steps, int repeats,
                                                    Clock clock) {
  ConfigTrainingResult result;
#if ACTLAB_BENCH_HAVE_TRAINER
  ExperimentConfig config;
  Status status = parse_experiment(config_json, &config);
  if (!status.ok()) {
    result.reason = "the config was rejected: " + status.message;
    return result;
  }
  config.steps = steps;
  config.every = steps;
  // One unmeasured run first: V8 runs a function's baseline (Liftoff) code
  // until a later call picks up the optimised code, so a timed run must not
  // be the first call of the trainer's step.
  {
    std::unique_ptr<Experiment> warm_up;
    if (Experiment::create(config, &warm_up).ok())
      for (int s = 0; s < steps && warm_up->status() == RunStatus::running; s += 100) warm_up->step(100);
  }
  std::vector<double> speeds, accuracies, losses;
  for (int r = 0; r < repeats; ++r) {
    ExperimentConfig run = config;
    run.seed = config.seed + static_cast<std::uint64_t>(r);
    std::unique_ptr<Experiment> experiment;
    status = Experiment::create(run, &experiment);
    if (!status.ok()) {
      result.reason = "Experiment::create rejected the config: " + status.message;
      return result;
    }
    const double start = clock == Clock::cpu ? cpu_ns() : wall_ns();
    const int done = experiment->step(steps);
    const double elapsed = (clock == Clock::cpu ? cpu_ns() : wall_ns()) - start;
    if (done != steps) {
      result.reason = "the run stopped (diverged) after " + std::to_string(done) + " steps";
      return result;
    }
    const Metrics m = experiment->metrics();
    speeds.push_back(steps / (elapsed * 1e-9));
    accuracies.push_back(m.test_accuracy);
    losses.push_back(m.loss);
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t h = v.size() / 2;
    return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
  };
  result.available = !speeds.empty();
  result.steps_per_second = median(speeds);
  result.test_accuracy = median(accuracies);
  result.loss = median(losses);
  if (!result.available) result.reason = "no runs";
#else
  (void)config_json, (void)steps, (void)repeats, (void)clock;
  result.reason = "built without the trainer (ACTLAB_BENCH_HAVE_TRAINER=0)";
#endif
  return result;
}

}  // namespace actlab::bench
