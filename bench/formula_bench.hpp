// formula_bench.hpp — issue 13's figures for custom activations, shared by
// the wasm benchmark modules (bench/wasm) and run.mjs's report:
//   - a custom z*sigmoid(z) layer's forward + backward against the built-in
//     silu kernels' on the same buffers (KernelBench, 4 Ki floats);
//   - training steps per second of the default network (config {}: moons,
//     two hidden layers of 16 units, batch 32) with silu and with custom
//     z*sigmoid(z), the two timed in alternation;
//   - parsing, deriving and compiling a 256-character formula.
//
// Deliberately left out: printing and targets (run.mjs).
#pragma once

#include <memory>
#include <string>

#include "actlab/config.hpp"
#include "actlab/experiment.hpp"
#include "actlab/formula.hpp"
#include "kernel_timing.hpp"

namespace actlab::bench {

inline constexpr const char* kSwishFormula = "z*sigmoid(z)";

// 256 characters using most of the language: parameters, where, min/max,
// built-ins by id, powers, constants.
inline const std::string& formula_256() {
  static const std::string text =
      "z*sigmoid(b*z) + a*where(z > 0, log1p(z^2), expm1(z)) - 0.5*tanh(c*z)^2 + max(sin(2*z), cos(z/3))*"
      "erf(z/sqrt(2)) + min(abs(z), 1)/(1 + exp(-d*z)) + gelu(z)*0.1 + atan(z)^3/pi - sqrt(1 + z^2)*sign(z)*0.01 + "
      "softplus(z - 1)*sinh(z/8) + mish(z)*cosh(z/9)*0.01";
  return text;
}

inline std::vector<FormulaParam> formula_256_params() { return {{"b", 1.5}, {"a", 0.1}, {"c", 2.0}, {"d", 0.5}}; }

// y = silu(z), then dz = dy·silu'(z), with the table's kernels.
inline BatchRunner silu_forward_backward_runner(const KernelBench& bench, const KernelTable& table) {
  ForwardKernel forward = table.forward[static_cast<int>(Act::silu)];
  BackwardKernel backward = table.backward[static_cast<int>(Act::silu)];
  const ActParams params = default_params(Act::silu);
  float* out = bench.outputs();
  const float* z = bench.inputs();
  const float* dy = bench.upstream();
  const std::size_t n = bench.size();
  return batch_runner([=] {
    forward(out, z, n, params);
    backward(out, z, dy, n, params);
  });
}

// The same with a compiled formula (owned by the caller, alive as long as the runner).
inline BatchRunner formula_forward_backward_runner(const KernelBench& bench, CompiledFormula* formula, Impl impl) {
  float* out = bench.outputs();
  const float* z = bench.inputs();
  const float* dy = bench.upstream();
  const std::size_t n = bench.size();
  return batch_runner([=] {
    formula->forward(out, z, n, impl);
    formula->backward(out, z, dy, n, impl);
  });
}

// One parse + derivation + compilation of the 256-character formula per call.
inline BatchRunner compile_runner() {
  return batch_runner([] {
    std::unique_ptr<CompiledFormula> compiled;
    CompiledFormula::compile(formula_256(), formula_256_params(), &compiled);
  });
}

// The default network ({}), its hidden layers silu or custom z*sigmoid(z).
inline ExperimentConfig default_network(bool custom) {
  ExperimentConfig config;
  parse_experiment("{}", &config);
  for (LayerConfig& layer : config.model.layers) {
    layer.activation = custom ? Act::custom : Act::silu;
    layer.params = default_params(layer.activation);
    if (custom) layer.formula = kSwishFormula;
  }
  config.steps = 1000000;  // far more than the timing uses, and no metrics on the way
  config.every = config.steps;
  return config;
}

struct DefaultNetworkTraining {
  bool available = false;
  double silu_steps_per_second = 0.0;
  double custom_steps_per_second = 0.0;
  const char* reason = "";
};

// Steps per second of the default network with silu and with the formula,
// timed in alternation (one batch of each per round).
inline DefaultNetworkTraining measure_default_network_training(const TimingSettings& settings) {
  DefaultNetworkTraining result;
  std::unique_ptr<Experiment> silu, custom;
  if (!Experiment::create(default_network(false), &silu).ok() ||
      !Experiment::create(default_network(true), &custom).ok()) {
    result.reason = "Experiment::create rejected the default network";
    return result;
  }
  const double warm_up_end = wall_ns() + 10 * settings.min_batch_ns;
  while (wall_ns() < warm_up_end) {
    silu->step(1);
    custom->step(1);
  }
  Experiment* a = silu.get();
  Experiment* b = custom.get();
  const std::vector<double> ns =
      interleaved_medians({batch_runner([a] { a->step(1); }), batch_runner([b] { b->step(1); })}, settings);
  if (silu->status() != RunStatus::running || custom->status() != RunStatus::running) {
    result.reason = "a run stopped (done or diverged) while being timed";
    return result;
  }
  result.available = true;
  result.silu_steps_per_second = 1e9 / ns[0];
  result.custom_steps_per_second = 1e9 / ns[1];
  return result;
}

}  // namespace actlab::bench
