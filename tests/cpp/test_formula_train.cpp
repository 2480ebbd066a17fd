// Custom activations in the trainer: the config (parsing, errors naming the
// field, canonical JSON), a network of z*sigmoid(z) following the silu
// network's trajectory, relu typed as a formula reproducing the built-in's
// run exactly (dead units included), every metric reported, and an
// overflowing formula ending the run as "diverged".
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "actlab/config.hpp"
#include "actlab/experiment.hpp"

using namespace actlab;

namespace {

std::unique_ptr<Experiment> experiment_of(const std::string& json) {
  ExperimentConfig config;
  const Status parsed = parse_experiment(json, &config);
  INFO(parsed.message);
  REQUIRE(parsed.ok());
  std::unique_ptr<Experiment> e;
  const Status created = Experiment::create(config, &e);
  INFO(created.message);
  REQUIRE(created.ok());
  return e;
}

std::string error_of(const std::string& json) {
  ExperimentConfig config;
  return parse_experiment(json, &config).message;
}

// An experiment whose two hidden layers use `activation_json`.
std::string network(const std::string& activation_json, const std::string& extra = "") {
  return R"J({"seed": 21, "data": {"kind": "moons", "n": 300, "noise": 0.15},
             "model": {"layers": [{"units": 16, )J" + activation_json + R"J(}, {"units": 16, )J" + activation_json +
         R"J(}])J" + extra + R"J(},
             "train": {"optimizer": {"kind": "adam", "lr": 0.01}, "batchSize": 32}, "steps": 400, "every": 50})J";
}

}  // namespace

TEST_CASE("custom activation: the config reads, checks and writes back the formula", "[formula][config]") {
  ExperimentConfig config;
  REQUIRE(parse_experiment(R"J({"model": {"layers": [{"units": 16, "activation": "custom",
        "params": {"formula": "max(a*z, z)", "a": 0.1}}]}})J", &config).ok());
  REQUIRE(config.model.layers.size() == 1);
  const LayerConfig& layer = config.model.layers[0];
  CHECK(layer.activation == Act::custom);
  CHECK(layer.formula == "max(a*z, z)");
  REQUIRE(layer.formula_params.size() == 1);
  CHECK(layer.formula_params[0].name == "a");
  CHECK(layer.formula_params[0].value == 0.1);
  const nlohmann::json written = nlohmann::json::parse(to_json(config));
  CHECK(written["model"]["layers"][0]["activation"] == "custom");
  CHECK(written["model"]["layers"][0]["params"] == nlohmann::json({{"formula", "max(a*z, z)"}, {"a", 0.1}}));
  ExperimentConfig again;
  REQUIRE(parse_experiment(to_json(config), &again).ok());
  CHECK(to_json(again) == to_json(config));
}

TEST_CASE("custom activation: config errors name the field", "[formula][config][errors]") {
  const std::string prefix = R"J({"model": {"layers": [{"units": 4}, {"activation": "custom", "params": )J";
  CHECK(error_of(R"J({"model": {"layers": [{"activation": "custom"}]}})J") ==
        "model.layers[0].params.formula is required for activation custom (a formula in z, e.g. \"z*sigmoid(z)\")");
  CHECK(error_of(prefix + R"J({"a": 1}}]}})J") ==
        "model.layers[1].params.formula is required for activation custom (a formula in z, e.g. \"z*sigmoid(z)\")");
  CHECK(error_of(prefix + R"J({"formula": 3}}]}})J") ==
        "model.layers[1].params.formula must be a string (a formula in z), got 3");
  CHECK(error_of(prefix + R"J({"formula": "sin(z))"}}]}})J") == "model.layers[1].params.formula: unexpected ')' at column 7");
  CHECK(error_of(prefix + R"J({"formula": "max(a*z, z)"}}]}})J") ==
        "model.layers[1].params.formula: parameter 'a' has no value (add model.layers[1].params.a)");
  CHECK(error_of(prefix + R"J({"formula": "a*z", "a": "0.1"}}]}})J") == "model.layers[1].params.a must be a number, got \"0.1\"");
  CHECK(error_of(prefix + R"J({"formula": "a*z", "a": 2000}}]}})J") == "model.layers[1].params.a must be -1000..1000, got 2000");
  CHECK(error_of(prefix + R"J({"formula": "a*z", "a": 1, "b": 2}}]}})J") ==
        "model.layers[1].params.b: the formula has no parameter 'b' (its parameters: a)");
  CHECK(error_of(prefix + R"J("z"}]}})J") == "model.layers[1].params must be an object, got \"z\"");
  ExperimentConfig config;
  CHECK(parse_experiment(prefix + R"J({"formula": ")J" + std::string(300, 'z') + R"J("}}]}})J", &config).kind ==
        ErrorKind::range);
  // The model part alone (lab.createModel) checks the same way.
  ModelConfig model;
  const Status s = parse_model(R"J({"layers": [{"activation": "custom", "params": {"formula": "sigmoidd(z)"}}]})J", &model);
  CHECK(s.kind == ErrorKind::type);
  CHECK(s.message == "model.layers[0].params.formula: unknown function 'sigmoidd' at column 1 (did you mean sigmoid?)");
}

TEST_CASE("custom activation: z*sigmoid(z) follows the silu trajectory within 1e-4", "[formula][train]") {
  std::unique_ptr<Experiment> silu = experiment_of(network(R"J("activation": "silu")J"));
  std::unique_ptr<Experiment> custom =
      experiment_of(network(R"J("activation": "custom", "params": {"formula": "z*sigmoid(z)"})J"));
  double worst_loss = 0, worst_weight = 0;
  for (int round = 0; round < 8; ++round) {
    const Metrics a = silu->metrics(), b = custom->metrics();
    worst_loss = std::max(worst_loss, std::fabs(a.loss - b.loss) / std::fabs(a.loss));
    for (int l = 0; l < silu->model().layer_count(); ++l) {
      const DenseView wa = silu->model().params(l), wb = custom->model().params(l);
      double largest = 0, difference = 0;
      for (int i = 0; i < wa.fan_in * wa.fan_out; ++i) {
        largest = std::max(largest, static_cast<double>(std::fabs(wa.weights[i])));
        difference = std::max(difference, static_cast<double>(std::fabs(wa.weights[i] - wb.weights[i])));
      }
      worst_weight = std::max(worst_weight, difference / largest);
    }
    silu->step(50);
    custom->step(50);
  }
  INFO("worst relative loss difference " << worst_loss << ", weights " << worst_weight);
  CHECK(worst_loss < 1e-4);
  CHECK(worst_weight < 1e-4);
  CHECK(silu->metrics().loss < 0.2);  // it learned: the trajectories are not both flat
  WARN("z*sigmoid(z) vs silu after 400 steps: loss " << worst_loss << ", weights " << worst_weight << " (relative)");
}

TEST_CASE("custom activation: relu typed as a formula reproduces relu's run exactly", "[formula][train]") {
  // The formula's f is relu's kernel and its f' = where(z > 0, 1, 0) gives
  // dy·1 and dy·0 like relu's kernel: the same bits, so the same metrics,
  // dead units included (a negative bias init kills some).
  const std::string bias = R"J(, "biasInit": -0.6, "init": "uniform")J";
  std::unique_ptr<Experiment> builtin = experiment_of(network(R"J("activation": "relu")J", bias));
  std::unique_ptr<Experiment> custom = experiment_of(network(R"J("activation": "custom", "params": {"formula": "relu(z)"})J", bias));
  // Every metric agrees but saturation: a typed formula has no family, so its
  // saturation is counted on both sides (actlab/saturation.hpp), while relu's
  // flat side is inactivity and not counted.
  auto without_saturation = [](const std::string& text) {
    nlohmann::json j = nlohmann::json::parse(text);
    for (auto& layer : j["layers"]) layer.erase("saturatedFraction"), layer.erase("saturatedShare");
    return j.dump();
  };
  for (int round = 0; round < 5; ++round) {
    CHECK(without_saturation(builtin->metrics_json()) == without_saturation(custom->metrics_json()));
    builtin->step(80);
    custom->step(80);
  }
  const Metrics m = custom->metrics();
  int dead = 0;
  for (const LayerMetrics& l : m.layers) dead += l.dead_units;
  CHECK(dead > 0);  // the comparison above covered dead units that exist
}

TEST_CASE("custom activation: a run reports every metric", "[formula][train]") {
  std::unique_ptr<Experiment> e =
      experiment_of(network(R"J("activation": "custom", "params": {"formula": "max(a*z, z)", "a": 0.1})J"));
  const Metrics before = e->metrics();
  e->step(400);
  const Metrics after = e->metrics();
  CHECK(after.status == RunStatus::done);
  CHECK(after.loss < before.loss);
  CHECK(after.accuracy > 0.9);
  CHECK(after.has_test);
  const nlohmann::json j = nlohmann::json::parse(e->metrics_json());
  for (const char* key : {"step", "loss", "testLoss", "accuracy", "testAccuracy", "status", "layers"}) {
    INFO(key);
    CHECK(j.contains(key));
  }
  for (const auto& layer : j["layers"]) {
    for (const char* key : {"units", "gradNorm", "weightNorm", "updateRatio", "deadUnits", "inactiveUnits",
                            "saturatedFraction", "preactMean", "preactStd", "histogram"}) {
      INFO(key);
      CHECK(layer.contains(key));
      CHECK(!layer[key].is_null());
    }
  }
  // max(0.1z, z) has f' ≥ 0.1 everywhere: no unit can die.
  CHECK(after.layers[0].dead_units == 0);
  CHECK(after.layers[1].dead_units == 0);
  // The saturation threshold uses the formula's own largest |f'| (1 here): none saturates.
  CHECK(after.layers[0].saturated_fraction == 0.0);
}

TEST_CASE("custom activation: exp(exp(z)) diverges and crashes nothing", "[formula][train]") {
  std::unique_ptr<Experiment> e =
      experiment_of(network(R"J("activation": "custom", "params": {"formula": "exp(exp(z))"})J", R"J(, "init": "normal", "initStd": 3)J"));
  e->step(400);
  const Metrics m = e->metrics();
  CHECK(m.status == RunStatus::diverged);
  CHECK(m.diverged_at >= 0);
  std::vector<float> grid(e->decision_grid_size(8, 8));
  CHECK(e->decision_grid(8, 8, grid.data()).ok());
  CHECK(!e->metrics_json().empty());
}

TEST_CASE("custom activation: the scalar and SIMD trainers agree bit for bit", "[formula][train][simd]") {
  const std::string config =
      network(R"J("activation": "custom", "params": {"formula": "z*sigmoid(b*z) + 0.1*sin(3*z)", "b": 1.5})J");
  std::unique_ptr<Experiment> simd = experiment_of(config);
  std::unique_ptr<Experiment> scalar = experiment_of(config);
  scalar->model().set_impl(Impl::scalar);
  for (int round = 0; round < 4; ++round) {
    CHECK(simd->metrics_json() == scalar->metrics_json());
    simd->step(25);
    scalar->step(25);
  }
}
