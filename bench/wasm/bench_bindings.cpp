// bench_bindings.cpp — the Embind surface of the wasm benchmark modules
// actlab-bench-simd.js and actlab-bench-scalar.js (Node only, used by
// bench/run.mjs). The kernels are timed inside wasm, by the same code as the
// native benchmark (bench/kernel_timing.hpp), so no JS↔wasm call sits in the
// measured loop.
//
// Deliberately left out: anything the page or the npm module needs; these
// modules are never shipped.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <memory>
#include <string>

#include "../kernel_timing.hpp"
#include "../training_bench.hpp"

namespace {

using actlab::bench::KernelBench;
using actlab::bench::TimingSettings;

// The buffers of the last size measured: building them costs more than a
// small measurement, and run.mjs measures one size at a time.
std::unique_ptr<KernelBench> current_bench;

KernelBench* bench_for_size(std::size_t n) {
  if (!current_bench || current_bench->size() != n) {
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

// Median ns of one call. op: "forward" | "backward" | "copy" | "vector_copy"
// (the last two ignore act; vector_copy exists in the SIMD module only).
// Returns a negative number when the op, activation or size is not usable.
double measure_kernel(const std::string& op, const std::string& act_key, double n,
                      double min_batch_ms, int batches, const std::string& clock) {
  if (!(n >= 1 && n <= 67108864)) return -1.0;
  KernelBench* bench = bench_for_size(static_cast<std::size_t>(n));
  if (bench == nullptr) return -1.0;
  TimingSettings settings = settings_from(min_batch_ms, batches, clock);
  if (op == "copy") return bench->copy_ns(settings);
#if ACTLAB_VEC4_WASM
  if (op == "vector_copy") return bench->vector_copy_ns(settings);
#endif
  actlab::Act act;
  if (!actlab::find_activation(act_key, &act).ok()) return -1.0;
  const actlab::KernelTable& table = actlab::default_kernel_table();
  if (op == "forward") return bench->forward_ns(table, act, settings);
  if (op == "backward") return bench->backward_ns(table, act, settings);
  return -1.0;
}

// A copy of the first `count` outputs of the last measurement, so run.mjs can
// check that the JavaScript loop it times computes the same function.
emscripten::val last_output(int count) {
  if (!current_bench || count < 0 || static_cast<std::size_t>(count) > current_bench->size()) {
    return emscripten::val::null();
  }
  emscripten::val view(emscripten::typed_memory_view(static_cast<std::size_t>(count),
                                                     current_bench->output()));
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

}  // namespace

EMSCRIPTEN_BINDINGS(actlab_bench) {
  emscripten::function("kernelTableName", &kernel_table_name);
  emscripten::function("activationKeys", &activation_keys);
  emscripten::function("measureKernel", &measure_kernel);
  emscripten::function("lastOutput", &last_output);
  emscripten::function("measureTraining", &measure_training);
}
