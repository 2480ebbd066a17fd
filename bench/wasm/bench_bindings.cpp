// bench_bindings.cpp — the Embind surface of the wasm benchmark modules
// actlab-bench-simd.js and actlab-bench-scalar.js (Node only, used by
// bench/run.mjs). The kernels are timed inside wasm, by the same code as the
// native benchmark (bench/kernel_timing.hpp), so no JS↔wasm call sits in the
// measured loop; JavaScript only asks for one batch at a time, so that it can
// alternate batches of wasm, JavaScript and TensorFlow.js calls.
//
// Deliberately left out: anything the page or the npm module needs; these
// modules are never shipped.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <memory>
#include <string>
#include <vector>

#include "../formula_bench.hpp"
#include "../kernel_timing.hpp"
#include "../training_bench.hpp"

namespace {

using actlab::bench::BatchTimer;
using actlab::bench::KernelBench;
using actlab::bench::TimingSettings;

// The buffers of the size being measured (building them costs more than a
// small measurement; run.mjs measures one size at a time) and the timers
// prepared on them.
std::unique_ptr<KernelBench> current_bench;
std::vector<std::unique_ptr<BatchTimer>> timers;

void release_timers() { timers.clear(); }

KernelBench* bench_for_size(std::size_t n) {
  if (!current_bench || current_bench->size() != n) {
    release_timers();       // they point into the old buffers
    current_bench.reset();  // free the old buffers before allocating the new
    current_bench = std::make_unique<KernelBench>(n);
  }
  return current_bench->ok() ? current_bench.get() : nullptr;
}

// clock: "cpu" (process CPU time) or "wall".
TimingSettings settings_from(double min_batch_ms, int batches, const std::string& clock) {
  TimingSettings settings;
  settings.min_batch_ns = min_batch_ms * 1e6;
  settings.batches = batches < 1 ? 1 : batches;
  settings.clock = clock == "wall" ? actlab::bench::Clock::wall : actlab::bench::Clock::cpu;
  return settings;
}

// Name of the table the module's kernels come from: "wasm-simd128" or "scalar".
std::string kernel_table_name() { return actlab::default_kernel_table().name; }

emscripten::val activation_keys() {
  emscripten::val keys = emscripten::val::array();
  for (int a = 0; a < actlab::kActCount; ++a) {
    keys.call<void>("push", std::string(actlab::activation_info(static_cast<actlab::Act>(a)).key));
  }
  return keys;
}

// Sizes and warms up one measured call on n floats and returns its id for
// timeBatch, or -1 when the op, activation, size or signs are not usable.
// op: "forward" | "backward" | "copy" | "vector_copy" (the last two ignore
// act and signs; vector_copy exists in the SIMD module only). signs: the
// inputs z, "mixed" (the benchmark's) | "negative" | "positive" (see
// InputSigns). Preparing for another n releases every timer prepared before.
int prepare_timer(const std::string& op, const std::string& act_key, double n,
                  double min_batch_ms, const std::string& clock, const std::string& signs_key) {
  if (!(n >= 1 && n <= 67108864)) return -1;
  actlab::bench::InputSigns signs;
  if (signs_key == "mixed") signs = actlab::bench::InputSigns::mixed;
  else if (signs_key == "negative") signs = actlab::bench::InputSigns::negative;
  else if (signs_key == "positive") signs = actlab::bench::InputSigns::positive;
  else return -1;
  KernelBench* bench = bench_for_size(static_cast<std::size_t>(n));
  if (bench == nullptr) return -1;
  actlab::bench::BatchRunner runner;
  if (op == "copy") {
    runner = bench->copy_runner();
#if ACTLAB_VEC4_WASM
  } else if (op == "vector_copy") {
    runner = bench->vector_copy_runner();
#endif
  } else {
    actlab::Act act;
    if (!actlab::find_activation(act_key, &act).ok()) return -1;
    const actlab::KernelTable& table = actlab::default_kernel_table();
    if (op == "forward") runner = bench->forward_runner(table, act, signs);
    if (op == "backward") runner = bench->backward_runner(table, act, signs);
  }
  if (!runner) return -1;
  timers.push_back(std::make_unique<BatchTimer>(std::move(runner), settings_from(min_batch_ms, 1, clock)));
  return static_cast<int>(timers.size()) - 1;
}

// Issue 13: the compiled z*sigmoid(z) the "custom" timers run (made once).
std::unique_ptr<actlab::CompiledFormula> swish_formula;

// Like prepareTimer, for issue 13's figures. kind: "silu" (the built-in
// kernels' forward then backward on n floats), "custom" (the same with
// z*sigmoid(z) compiled as a formula) or "compile" (parse, derive and compile
// a 256-character formula; n is ignored). -1 when unusable.
int prepare_formula_timer(const std::string& kind, double n, double min_batch_ms, const std::string& clock) {
  actlab::bench::BatchRunner runner;
  if (kind == "compile") {
    runner = actlab::bench::compile_runner();
  } else {
    if (!(n >= 1 && n <= 67108864)) return -1;
    KernelBench* bench = bench_for_size(static_cast<std::size_t>(n));
    if (bench == nullptr) return -1;
    const actlab::KernelTable& table = actlab::default_kernel_table();
    if (kind == "silu") {
      runner = actlab::bench::silu_forward_backward_runner(*bench, table);
    } else if (kind == "custom") {
      if (!swish_formula && !actlab::CompiledFormula::compile(actlab::bench::kSwishFormula, {}, &swish_formula).ok()) {
        return -1;
      }
      runner = actlab::bench::formula_forward_backward_runner(*bench, swish_formula.get(), table.impl);
    }
  }
  if (!runner) return -1;
  timers.push_back(std::make_unique<BatchTimer>(std::move(runner), settings_from(min_batch_ms, 1, clock)));
  return static_cast<int>(timers.size()) - 1;
}

// { available, siluStepsPerSecond, customStepsPerSecond, reason }: the
// default network trained with silu and with custom z*sigmoid(z), in alternation.
emscripten::val measure_default_network_training(double min_batch_ms, int batches, const std::string& clock) {
  const actlab::bench::DefaultNetworkTraining result =
      actlab::bench::measure_default_network_training(settings_from(min_batch_ms, batches, clock));
  emscripten::val out = emscripten::val::object();
  out.set("available", result.available);
  out.set("siluStepsPerSecond", result.silu_steps_per_second);
  out.set("customStepsPerSecond", result.custom_steps_per_second);
  out.set("reason", std::string(result.reason));
  return out;
}

// ns per call over one batch of timer `id`; negative for an unknown id.
double time_batch(int id) {
  if (id < 0 || static_cast<std::size_t>(id) >= timers.size()) return -1.0;
  return timers[static_cast<std::size_t>(id)]->time_batch();
}

// Runs one kernel once on the benchmark inputs of size n and returns a copy
// of its first `count` outputs, so run.mjs can check that the JavaScript
// loop and TensorFlow.js compute the same function. Null when unusable.
emscripten::val kernel_output(const std::string& op, const std::string& act_key, double n,
                              int count) {
  actlab::Act act;
  if (!(n >= 1 && n <= 67108864) || !actlab::find_activation(act_key, &act).ok()) {
    return emscripten::val::null();
  }
  KernelBench* bench = bench_for_size(static_cast<std::size_t>(n));
  if (bench == nullptr || count < 0 || static_cast<std::size_t>(count) > bench->size()) {
    return emscripten::val::null();
  }
  bench->run_once(actlab::default_kernel_table(), act, op == "backward");
  emscripten::val view(emscripten::typed_memory_view(static_cast<std::size_t>(count), bench->output()));
  return emscripten::val::global("Float32Array").new_(view);
}

// { available, stepsPerSecond, lossBefore, lossAfter, reason } for issue #3's training benchmark.
emscripten::val measure_training(double min_batch_ms, int batches, const std::string& clock) {
  actlab::bench::TrainingResult result =
      actlab::bench::measure_training(settings_from(min_batch_ms, batches, clock));
  emscripten::val out = emscripten::val::object();
  out.set("available", result.available);
  out.set("stepsPerSecond", result.steps_per_second);
  out.set("lossBefore", result.loss_before);
  out.set("lossAfter", result.loss_after);
  out.set("reason", std::string(result.reason));
  return out;
}

// { available, stepsPerSecond, testAccuracy, loss, reason } for issue #14's
// digits benchmark (measure_config_training).
emscripten::val measure_config_training(const std::string& config_json, int steps, int repeats,
                                        const std::string& clock) {
  actlab::bench::ConfigTrainingResult result = actlab::bench::measure_config_training(
      config_json, steps, repeats, clock == "wall" ? actlab::bench::Clock::wall : actlab::bench::Clock::cpu);
  emscripten::val out = emscripten::val::object();
  out.set("available", result.available);
  out.set("stepsPerSecond", result.steps_per_second);
  out.set("testAccuracy", result.test_accuracy);
  out.set("loss", result.loss);
  out.set("reason", result.reason);
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(actlab_bench) {
  emscripten::function("kernelTableName", &kernel_table_name);
  emscripten::function("activationKeys", &activation_keys);
  emscripten::function("prepareTimer", &prepare_timer);
  emscripten::function("timeBatch", &time_batch);
  emscripten::function("releaseTimers", &release_timers);
  emscripten::function("kernelOutput", &kernel_output);
  emscripten::function("measureTraining", &measure_training);
  emscripten::function("measureConfigTraining", &measure_config_training);
  emscripten::function("prepareFormulaTimer", &prepare_formula_timer);
  emscripten::function("measureDefaultNetworkTraining", &measure_default_network_training);
}
