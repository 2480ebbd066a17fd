// test_determinism.cpp — the same config gives bit-identical metrics.
//
// Within one build, a test runs each config twice and compares the streams.
// Across builds (native, wasm SIMD, wasm scalar), the hidden test case
// "[.dump]" prints the streams with the prefix "DUMP " and
// tests/determinism.sh compares the three outputs byte for byte. Numbers are
// printed so they read back as the same value (metrics_to_json, format_float),
// so equal text means equal bits.
//
// The configs together use every activation, head, optimiser, clipping,
// weight decay, several inits, a divergence and custom formulas using every
// function of the formula language, so any platform-dependent
// operation in any of them shows up as a difference.
#include <catch2/catch.hpp>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "actlab/config.hpp"
#include "actlab/experiment.hpp"
#include "util/format.hpp"

using namespace actlab;

namespace {

const char* const kDeterminismConfigs[] = {
    // Every smooth activation, Adam, binary head.
    R"({"seed": 11, "data": {"kind": "moons", "n": 240, "noise": 0.15},
        "model": {"layers": [{"units": 12, "activation": "tanh"}, {"units": 10, "activation": "gelu"},
                             {"units": 9, "activation": "silu"}, {"units": 8, "activation": "elu", "params": {"alpha": 0.7}},
                             {"units": 7, "activation": "softplus", "params": {"beta": 2}}],
                  "init": "xavier_normal"},
        "train": {"optimizer": {"kind": "adam", "lr": 0.01}, "batchSize": 16},
        "steps": 60, "every": 20})",
    // Softmax head, RMSprop with clipping, more smooth activations.
    R"({"seed": 12, "data": {"kind": "spiral", "classes": 3, "n": 300, "noise": 0.05},
        "model": {"layers": [{"units": 13, "activation": "mish"}, {"units": 11, "activation": "selu"},
                             {"units": 9, "activation": "gelu_tanh"}, {"units": 6, "activation": "sigmoid"}],
                  "init": "lecun_normal", "biasInit": 0.1},
        "train": {"optimizer": {"kind": "rmsprop", "lr": 0.005, "rho": 0.95}, "batchSize": 24, "clipNorm": 1},
        "steps": 60, "every": 20})",
    // Regression head, Nesterov momentum with weight decay, piecewise activations and PReLU.
    R"({"seed": 13, "data": {"kind": "sin", "n": 200, "noise": 0.05},
        "model": {"layers": [{"units": 9, "activation": "prelu", "params": {"init": 0.2}},
                             {"units": 8, "activation": "leaky_relu", "params": {"negative_slope": 0.05}},
                             {"units": 7, "activation": "hardswish"}, {"units": 6, "activation": "relu6"},
                             {"units": 5, "activation": "softsign"}, {"units": 5, "activation": "hardsigmoid"},
                             {"units": 4, "activation": "identity"}],
                  "init": "he_uniform"},
        "train": {"optimizer": {"kind": "momentum", "lr": 0.02, "momentum": 0.9, "nesterov": true},
                  "batchSize": 20, "weightDecay": 0.001},
        "steps": 60, "every": 20})",
    // Blobs with a softmax head, uniform init, negative bias (dead units), plain SGD.
    R"({"seed": 14, "data": {"kind": "blobs", "classes": 4, "n": 200, "noise": 0.2},
        "model": {"layers": [{"units": 16, "activation": "relu"}, {"units": 16, "activation": "relu"}],
                  "init": "uniform", "biasInit": -0.5},
        "train": {"optimizer": {"kind": "sgd", "lr": 0.3}, "batchSize": 32},
        "steps": 40, "every": 20})",
    // Divergence: lr = 1e6.
    R"({"seed": 15, "data": {"kind": "xor", "n": 200},
        "model": {"layers": [{"units": 8, "activation": "relu"}], "init": "normal", "initStd": 0.5},
        "train": {"optimizer": {"kind": "sgd", "lr": 1e6}},
        "steps": 40, "every": 5})",
    // Custom formulas: every function family the language adds, a built-in
    // inside a formula, min/max/where and a parameter.
    R"J({"seed": 19, "data": {"kind": "moons", "n": 200, "noise": 0.1},
        "model": {"layers": [
          {"units": 10, "activation": "custom", "params": {"formula": "z*sigmoid(b*z) + 0.1*sin(2*z)*cos(z) + 0.01*atan(z)", "b": 1.5}},
          {"units": 8, "activation": "custom", "params": {"formula": "max(a*z, z) + 0.1*erf(z) - 0.05*log1p(z^2) + 0.02*tan(z/4)", "a": 0.1}},
          {"units": 6, "activation": "custom", "params": {"formula": "where(z > 0, sqrt(1 + z^2) - 1, expm1(z)) + 0.1*sinh(z/2)/cosh(z/2) + 0.01*mish(z)"}},
          {"units": 5, "activation": "custom", "params": {"formula": "min(z, 2) + 0.1*2^z/(1 + exp(abs(z))) + 0.01*sign(z)*log(1 + abs(z))"}}]},
        "train": {"optimizer": {"kind": "adam", "lr": 0.01}, "batchSize": 16},
        "steps": 60, "every": 20})J",
    // Circles, abs and step data through the default network.
    R"({"seed": 16, "data": {"kind": "circles", "n": 160}, "steps": 20, "every": 10})",
    R"({"seed": 17, "data": {"kind": "abs", "n": 120}, "model": {"layers": [{"units": 8, "activation": "gelu"}]},
        "steps": 20, "every": 10})",
    R"({"seed": 18, "data": {"kind": "step", "n": 120}, "model": {"layers": [{"units": 8, "activation": "tanh"}]},
        "steps": 20, "every": 10})",
};

// The whole observable output of one run: the metrics at step 0 and every
// `every` steps, then a decision grid of the final model.
std::vector<std::string> run_stream(const char* config_text) {
  ExperimentConfig config;
  const Status parsed = parse_experiment(config_text, &config);
  INFO(parsed.message);
  REQUIRE(parsed.ok());
  std::unique_ptr<Experiment> experiment;
  const Status created = Experiment::create(config, &experiment);
  INFO(created.message);
  REQUIRE(created.ok());

  std::vector<std::string> lines;
  for (;;) {
    lines.push_back(experiment->metrics_json());
    if (experiment->status() != RunStatus::running || experiment->step(config.every) == 0) break;
  }
  const int w = 8, h = config.model.inputs == 2 ? 8 : 1;
  std::vector<float> grid(experiment->decision_grid_size(w, h));
  REQUIRE(experiment->decision_grid(w, h, grid.data()).ok());
  std::string grid_line = "grid";
  for (float v : grid) grid_line += " " + format_float(v);
  lines.push_back(grid_line);
  return lines;
}

}  // namespace

TEST_CASE("every activation, head and optimiser: two runs give identical streams", "[determinism]") {
  for (const char* config : kDeterminismConfigs) {
    INFO(config);
    const std::vector<std::string> first = run_stream(config);
    const std::vector<std::string> second = run_stream(config);
    CHECK(first == second);
    CHECK(first.size() >= 3);
  }
}

// Run by tests/determinism.sh in every build; the outputs must be identical.
TEST_CASE("print the metric streams of the determinism configs", "[.dump]") {
  int index = 0;
  for (const char* config : kDeterminismConfigs) {
    for (const std::string& line : run_stream(config)) std::cout << "DUMP " << index << " " << line << "\n";
    ++index;
  }
  std::cout.flush();
}
