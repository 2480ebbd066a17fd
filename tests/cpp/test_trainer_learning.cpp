// Whole experiments: learning (moons, spiral, regression), the claims the
// lessons make (vanishing gradients, dying ReLU, PReLU, divergence), the
// metrics and their JSON, the decision grid, and determinism. Configs are the
// experiment schema's JSON, parsed by parse_experiment as users write them.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "actlab/experiment.hpp"

using namespace actlab;

namespace {

std::unique_ptr<Experiment> make_experiment(const std::string& json) {
  ExperimentConfig config;
  Status s = parse_experiment(json, &config);
  INFO("config: " << json << "\nerror: " << s.message);
  REQUIRE(s.ok());
  std::unique_ptr<Experiment> e;
  s = Experiment::create(config, &e);
  INFO("create error: " << s.message);
  REQUIRE(s.ok());
  return e;
}

// A moons experiment with `layers` hidden layers of 16 units of `activation`.
std::string moons(const std::string& activation, int layers, const std::string& init, const std::string& optimizer,
                  int steps, double bias_init = 0.0) {
  std::string layer_list;
  for (int l = 0; l < layers; ++l)
    layer_list += std::string(l ? ", " : "") + "{ \"units\": 16, \"activation\": \"" + activation + "\" }";
  return R"({ "seed": 1, "data": { "kind": "moons", "n": 400, "noise": 0.1, "testFraction": 0.2 },
             "model": { "layers": [ )" + layer_list + R"( ], "init": ")" + init + R"(", "biasInit": )" +
         std::to_string(bias_init) + R"( },
             "train": { "optimizer": )" + optimizer + R"(, "batchSize": 32 },
             "steps": )" + std::to_string(steps) + R"(, "every": )" + std::to_string(steps < 100 ? steps : 100) + " }";
}

int total_dead(const Metrics& m) {
  int dead = 0;
  for (std::size_t l = 0; l + 1 < m.layers.size(); ++l) dead += m.layers[l].dead_units;
  return dead;
}

int total_hidden_units(const Metrics& m) {
  int units = 0;
  for (std::size_t l = 0; l + 1 < m.layers.size(); ++l) units += m.layers[l].units;
  return units;
}

}  // namespace

// ----------------------------------------------------------------- learning

TEST_CASE("moons: relu and tanh reach 97% training accuracy in 1000 SGD steps", "[trainer][learning]") {
  for (const char* act : {"relu", "tanh"}) {
    auto e = make_experiment(moons(act, 2, act == std::string("relu") ? "he_normal" : "xavier_normal",
                                   R"({ "kind": "sgd", "lr": 0.1 })", 1000));
    CHECK(e->step(5000) == 1000);
    Metrics m = e->metrics();
    INFO(act << ": accuracy " << m.accuracy << ", test accuracy " << m.test_accuracy << ", loss " << m.loss);
    CHECK(m.status == RunStatus::done);
    CHECK(m.accuracy >= 0.97);
    CHECK(m.test_accuracy >= 0.95);
    WARN("moons " << act << " after 1000 steps: accuracy " << m.accuracy << ", test " << m.test_accuracy);
  }
}

TEST_CASE("spiral (3 arms) is learned by a 4×32 relu net with Adam in 2000 steps", "[trainer][learning]") {
  auto e = make_experiment(R"({ "seed": 1, "data": { "kind": "spiral", "n": 600, "noise": 0.02, "classes": 3 },
      "model": { "layers": [ { "units": 32, "activation": "relu" }, { "units": 32, "activation": "relu" },
                             { "units": 32, "activation": "relu" }, { "units": 32, "activation": "relu" } ],
                 "init": "he_normal" },
      "train": { "optimizer": { "kind": "adam", "lr": 0.003 }, "batchSize": 32 },
      "steps": 2000, "every": 100 })");
  const double before = e->metrics().accuracy;
  e->step(2000);
  Metrics m = e->metrics();
  INFO("spiral accuracy " << before << " → " << m.accuracy << ", test " << m.test_accuracy);
  CHECK(before < 0.6);
  CHECK(m.accuracy >= 0.95);
  CHECK(m.test_accuracy >= 0.9);
  WARN("spiral after 2000 steps: accuracy " << m.accuracy << ", test " << m.test_accuracy);
}

TEST_CASE("regression: sin is fitted with mse, and every optimiser lowers the loss", "[trainer][learning]") {
  for (const char* optimizer : {R"({ "kind": "sgd", "lr": 0.05 })", R"({ "kind": "momentum", "lr": 0.02 })",
                                R"({ "kind": "momentum", "lr": 0.02, "nesterov": true })",
                                R"({ "kind": "rmsprop", "lr": 0.003 })", R"({ "kind": "adam", "lr": 0.01 })"}) {
    auto e = make_experiment(std::string(R"({ "seed": 2, "data": { "kind": "sin", "n": 200, "noise": 0.0 },
        "model": { "layers": [ { "units": 16, "activation": "tanh" }, { "units": 16, "activation": "tanh" } ],
                   "init": "xavier_normal" },
        "train": { "optimizer": )") + optimizer + R"(, "batchSize": 16, "weightDecay": 0.0001, "clipNorm": 5 },
        "steps": 1500, "every": 100 })");
    const double before = e->metrics().loss;
    e->step(1500);
    Metrics m = e->metrics();
    INFO(optimizer << ": mse " << before << " → " << m.loss);
    CHECK_FALSE(m.classification);
    CHECK(m.loss < 0.25 * before);
    CHECK(m.loss < 0.05);
  }
}

// ------------------------------------------------------- the lessons' claims

TEST_CASE("lesson: vanishing gradients in a deep sigmoid net, not in relu + He", "[trainer][lesson]") {
  // One step's gradient is the gradient at initialisation (metrics report it).
  auto sigmoid = make_experiment(moons("sigmoid", 10, "xavier_normal", R"({ "kind": "sgd", "lr": 0.1 })", 1));
  auto relu = make_experiment(moons("relu", 10, "he_normal", R"({ "kind": "sgd", "lr": 0.1 })", 1));
  sigmoid->step(1);
  relu->step(1);
  Metrics ms = sigmoid->metrics(), mr = relu->metrics();
  REQUIRE(ms.layers.size() == 11);
  const double sigmoid_ratio = ms.layers.front().grad_norm / ms.layers.back().grad_norm;
  const double relu_ratio = mr.layers.front().grad_norm / mr.layers.back().grad_norm;
  INFO("first/last layer gradNorm: sigmoid " << sigmoid_ratio << ", relu " << relu_ratio);
  CHECK(sigmoid_ratio < 1e-3);
  CHECK(relu_ratio > 0.1);
  CHECK(relu_ratio < 10);
  WARN("10-layer first/last gradNorm at init: sigmoid " << sigmoid_ratio << ", relu+He " << relu_ratio);
}

TEST_CASE("lesson: dying relu (large lr, negative bias init); leaky_relu has no dead units and learns better",
          "[trainer][lesson]") {
  struct Case {
    const char* name;
    std::string optimizer;
    double bias_init;
  };
  const Case cases[] = {{"large learning rate (sgd 3.0)", R"({ "kind": "sgd", "lr": 3.0 })", 0.0},
                        {"bias init -1 (adam 0.01)", R"({ "kind": "adam", "lr": 0.01 })", -1.0}};
  for (const Case& c : cases) {
    auto relu = make_experiment(moons("relu", 3, "he_normal", c.optimizer, 1000, c.bias_init));
    auto leaky = make_experiment(moons("leaky_relu", 3, "he_normal", c.optimizer, 1000, c.bias_init));
    relu->step(1000);
    leaky->step(1000);
    Metrics mr = relu->metrics(), ml = leaky->metrics();
    const double dead_fraction = static_cast<double>(total_dead(mr)) / total_hidden_units(mr);
    INFO(c.name << ": relu dead " << dead_fraction << " accuracy " << mr.accuracy << "; leaky dead "
                << total_dead(ml) << " accuracy " << ml.accuracy);
    CHECK(dead_fraction > 0.3);
    CHECK(total_dead(ml) == 0);
    CHECK(ml.accuracy > mr.accuracy + 0.1);
    // For relu, dead and inactive are the same units; leaky units may be inactive but never dead.
    for (std::size_t l = 0; l + 1 < mr.layers.size(); ++l) CHECK(mr.layers[l].dead_units == mr.layers[l].inactive_units);
    WARN("dying relu, " << c.name << ": relu " << dead_fraction * 100 << "% dead, accuracy " << mr.accuracy
                        << "; leaky_relu 0 dead, accuracy " << ml.accuracy);
  }
}

TEST_CASE("lesson: PReLU slopes are learned (they move from their init)", "[trainer][lesson]") {
  auto e = make_experiment(moons("prelu", 2, "he_normal", R"({ "kind": "adam", "lr": 0.01 })", 500));
  Metrics before = e->metrics();
  REQUIRE(before.layers[0].has_prelu);
  CHECK(before.layers[0].prelu_min == 0.25);
  CHECK(before.layers[0].prelu_max == 0.25);
  CHECK_FALSE(before.layers[2].has_prelu);
  e->step(500);
  Metrics after = e->metrics();
  INFO("slopes layer 0: mean " << after.layers[0].prelu_mean << " min " << after.layers[0].prelu_min << " max "
                               << after.layers[0].prelu_max);
  CHECK(after.layers[0].prelu_max - after.layers[0].prelu_min > 0.1);
  CHECK(std::fabs(after.layers[1].prelu_mean - 0.25) > 0.01);
  CHECK(after.accuracy >= 0.97);
}

TEST_CASE("lesson: lr = 1e6 diverges, reported with its step, without crashing", "[trainer][lesson]") {
  auto e = make_experiment(moons("relu", 2, "he_normal", R"({ "kind": "sgd", "lr": 1e6 })", 1000));
  const int done = e->step(1000);
  CHECK(done < 1000);
  CHECK(e->status() == RunStatus::diverged);
  CHECK(e->diverged_at() == done);
  CHECK(e->step(10) == 0);  // a diverged run stays stopped
  Metrics m = e->metrics();
  CHECK(m.status == RunStatus::diverged);
  CHECK(m.diverged_at == done);
  auto j = nlohmann::json::parse(metrics_to_json(m));
  CHECK(j["status"] == "diverged");
  CHECK(j["divergedAt"] == done);
  std::vector<float> grid(e->decision_grid_size(8, 8));
  CHECK(e->decision_grid(8, 8, grid.data()).ok());
}

// ------------------------------------------------------------------ metrics

TEST_CASE("metrics: fields, JSON names, histogram totals, update ratio", "[trainer][metrics]") {
  auto e = make_experiment(moons("relu", 2, "he_normal", R"({ "kind": "sgd", "lr": 0.1 })", 100));
  Metrics m0 = e->metrics();
  CHECK(m0.step == 0);
  CHECK(m0.status == RunStatus::running);
  // Before the first step nothing was measured: NaN, written as null.
  CHECK(std::isnan(m0.layers[0].update_ratio));
  CHECK(std::isnan(m0.layers[0].grad_norm));
  CHECK(nlohmann::json::parse(metrics_to_json(m0))["layers"][0]["gradNorm"].is_null());
  e->step(100);
  Metrics m = e->metrics();
  CHECK(m.step == 100);
  CHECK(m.status == RunStatus::done);
  REQUIRE(m.layers.size() == 3);
  const int n_train = e->data().n_train;
  for (const LayerMetrics& l : m.layers) {
    std::uint64_t total = 0;
    for (auto c : l.histogram.counts) total += c;
    CHECK(total == static_cast<std::uint64_t>(n_train) * l.units);
    CHECK(l.histogram.lo < l.histogram.hi);
    CHECK(l.grad_norm > 0);
    CHECK(l.update_ratio > 0);
    CHECK(l.update_ratio < 0.1);
    // ReLU layers: saturation does not apply (their flat side is inactivity); the sigmoid head: it does.
    REQUIRE(l.saturated_share.size() == static_cast<std::size_t>(l.units));
    if (l.saturation_applies) {
      CHECK(l.saturated_fraction >= 0);
      CHECK(l.saturated_fraction <= 1);
      for (double share : l.saturated_share) CHECK((share >= 0 && share <= 1));
    } else {
      CHECK(std::isnan(l.saturated_fraction));
      for (double share : l.saturated_share) CHECK(std::isnan(share));
    }
    CHECK(l.preact_std > 0);
  }
  auto j = nlohmann::json::parse(e->metrics_json());
  for (const char* key : {"step", "loss", "testLoss", "accuracy", "testAccuracy", "status", "layers"})
    CHECK(j.contains(key));
  CHECK_FALSE(j.contains("divergedAt"));
  CHECK(j["status"] == "done");
  for (const char* key : {"units", "gradNorm", "weightNorm", "updateRatio", "deadUnits", "inactiveUnits",
                          "saturatedFraction", "preactMean", "preactStd", "histogram"})
    CHECK(j["layers"][0].contains(key));
  CHECK(j["layers"][0]["histogram"]["counts"].size() == 32);
  CHECK_FALSE(j["layers"][0].contains("prelu"));
  // Not applicable is null in JSON, for the layer and for each unit.
  CHECK(j["layers"][0]["saturatedFraction"].is_null());
  CHECK(j["layers"][0]["saturatedShare"].size() == static_cast<std::size_t>(m.layers[0].units));
  CHECK(j["layers"][0]["saturatedShare"][0].is_null());
  CHECK(j["layers"][2]["saturatedFraction"].is_number());
}

TEST_CASE("metrics: dead units count f'(z) = 0 everywhere; saturation counts |f'| < 1% of max", "[trainer][metrics]") {
  // All-negative bias and zero weights: every relu unit is dead and
  // inactive, every sigmoid unit is neither dead nor saturated; for relu and
  // leaky_relu saturation does not apply (the flat side is inactivity).
  for (const char* act : {"relu", "sigmoid", "leaky_relu"}) {
    auto e = make_experiment(std::string(R"({ "seed": 1, "data": { "kind": "moons", "n": 100 },
        "model": { "layers": [ { "units": 5, "activation": ")") + act + R"(" } ], "init": "zeros", "biasInit": -1 },
        "train": { "optimizer": { "kind": "sgd", "lr": 0.1 }, "batchSize": 10 }, "steps": 10 })");
    Metrics m = e->metrics();
    const LayerMetrics& l = m.layers[0];
    INFO(act);
    CHECK(l.inactive_units == 5);
    CHECK(l.dead_units == (act == std::string("relu") ? 5 : 0));
    if (act == std::string("sigmoid")) {
      CHECK(l.saturation_applies);
      CHECK(l.saturated_fraction == 0.0);
    } else {
      CHECK_FALSE(l.saturation_applies);
      CHECK(std::isnan(l.saturated_fraction));
    }
    CHECK(l.preact_mean == -1.0);
    CHECK(l.preact_std == 0.0);
  }
}

TEST_CASE("metrics: saturation per family — sigmoid and ELU at their bounds, relu6 above its clip, not relu6's off side",
          "[trainer][metrics]") {
  // Zero weights and a bias b: every unit's z is b on every example.
  auto layer_with_bias = [](const char* act, double bias) {
    auto e = make_experiment(std::string(R"({ "seed": 1, "data": { "kind": "moons", "n": 100 },
        "model": { "layers": [ { "units": 4, "activation": ")") + act + R"(" } ], "init": "zeros", "biasInit": )" +
                             std::to_string(bias) + R"( },
        "train": { "optimizer": { "kind": "sgd", "lr": 0.1 }, "batchSize": 10 }, "steps": 10 })");
    return e->metrics().layers[0];
  };
  for (double bias : {-8.0, 8.0}) {  // σ'(±8) ≈ 3.4e-4 < 1% of 1/4
    const LayerMetrics l = layer_with_bias("sigmoid", bias);
    INFO("sigmoid, bias " << bias);
    CHECK(l.saturated_fraction == 1.0);
    for (double share : l.saturated_share) CHECK(share == 1.0);
  }
  CHECK(layer_with_bias("sigmoid", 0.5).saturated_fraction == 0.0);
  CHECK(layer_with_bias("tanh", -5.0).saturated_fraction == 1.0);   // tanh'(5) ≈ 1.8e-4
  CHECK(layer_with_bias("relu6", 8.0).saturated_fraction == 1.0);   // above the clip: f' = 0, saturated
  const LayerMetrics off = layer_with_bias("relu6", -1.0);          // below zero: inactive and dead, not saturated
  CHECK(off.saturated_fraction == 0.0);
  CHECK(off.dead_units == 4);
  CHECK(layer_with_bias("elu", -8.0).saturated_fraction == 1.0);    // at its bound −α: elu'(−8) = e^−8
  CHECK(layer_with_bias("elu", 2.0).saturated_fraction == 0.0);
  CHECK(std::isnan(layer_with_bias("gelu", -8.0).saturated_fraction));
  CHECK(std::isnan(layer_with_bias("identity", 3.0).saturated_fraction));
}

TEST_CASE("decision grid: probabilities over the bounding box; 1-D regression curve; size checks",
          "[trainer][metrics]") {
  auto e = make_experiment(moons("relu", 2, "he_normal", R"({ "kind": "sgd", "lr": 0.1 })", 300));
  e->step(300);
  const int w = 40, h = 30;
  std::vector<float> grid(e->decision_grid_size(w, h));
  REQUIRE(grid.size() == static_cast<std::size_t>(w * h));
  REQUIRE(e->decision_grid(w, h, grid.data()).ok());
  int above = 0;
  for (float p : grid) {
    CHECK(p >= 0.0f);
    CHECK(p <= 1.0f);
    above += p > 0.5f;
  }
  CHECK(above > w * h / 5);
  CHECK(above < w * h * 4 / 5);
  CHECK(e->decision_grid(0, 10, grid.data()).message == "w must be 1..512, got 0");
  CHECK(e->decision_grid(10, 513, grid.data()).message == "h must be 1..512, got 513");

  auto r = make_experiment(R"({ "seed": 1, "data": { "kind": "abs", "n": 100 },
      "model": { "layers": [ { "units": 8, "activation": "relu" } ] },
      "train": { "optimizer": { "kind": "adam", "lr": 0.02 }, "batchSize": 10 }, "steps": 500 })");
  r->step(500);
  std::vector<float> curve(r->decision_grid_size(64, 1));
  REQUIRE(curve.size() == 64);
  REQUIRE(r->decision_grid(64, 1, curve.data()).ok());
  CHECK(curve[32] < curve[0]);  // |x| is smallest in the middle
  CHECK(curve[32] < curve[63]);
  CHECK(r->decision_grid(64, 2, curve.data()).message == "h must be 1 for 1-D inputs, got 2");
}

TEST_CASE("the same config gives bit-identical metric streams", "[trainer][metrics]") {
  const std::string config = moons("tanh", 2, "xavier_uniform", R"({ "kind": "adam", "lr": 0.01 })", 200);
  std::string first, second;
  for (std::string* stream : {&first, &second}) {
    auto e = make_experiment(config);
    while (e->status() == RunStatus::running) {
      e->step(50);
      *stream += e->metrics_json() + "\n";
    }
  }
  CHECK(first == second);
  auto other_seed = make_experiment(std::string("{ \"seed\": 2, ") + config.substr(config.find("\"data\"")));
  other_seed->step(50);
  CHECK(other_seed->metrics_json() != first.substr(0, first.find('\n')));
}

TEST_CASE("Experiment::create checks data handed in against the config", "[trainer][metrics]") {
  // The config itself was validated by parse_experiment and is not checked
  // again; data the caller built must still fit it.
  ExperimentConfig config;
  REQUIRE(parse_experiment(moons("relu", 1, "he_normal", R"({ "kind": "sgd", "lr": 0.1 })", 10), &config).ok());
  std::unique_ptr<Experiment> e;
  Dataset generated;
  REQUIRE(make_dataset(config.data, config.seed, &generated).ok());
  ExperimentConfig bad = config;
  bad.train.batch_size = 10000;
  Status s = Experiment::create(bad, generated, &e);
  CHECK(s.kind == ErrorKind::range);
  CHECK(s.message == "train.batchSize must be 1..320 (the training examples), got 10000");
  CHECK(e == nullptr);
  bad = config;
  bad.model.inputs = 3;
  CHECK(Experiment::create(bad, generated, &e).message == "model.inputs must be 2 for this data, got 3");
  bad = config;
  bad.model.output.activation = Head::identity;
  CHECK(Experiment::create(bad, generated, &e).message ==
        "model.output.activation must be \"sigmoid\" or \"softmax\" for classification data, got \"identity\"");
  REQUIRE(Experiment::create(config, &e).ok());

  // Data handed in directly is checked for consistency.
  Dataset data;
  REQUIRE(make_dataset(config.data, config.seed, &data).ok());
  Dataset short_x = data;
  short_x.x_train.pop_back();
  CHECK(Experiment::create(config, short_x, &e).message == "data arrays do not match n_train, n_test and inputs");
  Dataset bad_label = data;
  bad_label.y_train[3] = 2.0f;
  CHECK(Experiment::create(config, bad_label, &e).message == "data labels must be class indices 0..1, got 2");
  bad_label.y_train[3] = 0.5f;
  CHECK(Experiment::create(config, bad_label, &e).message == "data labels must be class indices 0..1, got 0.5");
  CHECK(e == nullptr);
  REQUIRE(Experiment::create(config, data, &e).ok());
  e->step(5);
  CHECK(e->steps_done() == 5);
}

TEST_CASE("SIMD and scalar kernels train to the same bits (every activation, head and optimiser)",
          "[trainer][metrics][simd]") {
  if (!simd_compiled()) return;  // the wasm scalar build has only one implementation
  const char* const configs[] = {
      R"({ "seed": 5, "data": { "kind": "moons", "n": 150 },
           "model": { "layers": [ { "units": 9, "activation": "relu" }, { "units": 7, "activation": "leaky_relu" },
                                  { "units": 6, "activation": "prelu" }, { "units": 5, "activation": "relu6" },
                                  { "units": 5, "activation": "hardswish" }, { "units": 5, "activation": "hardsigmoid" } ] },
           "train": { "optimizer": { "kind": "momentum", "lr": 0.05, "nesterov": true }, "batchSize": 13,
                      "weightDecay": 0.001 }, "steps": 60 })",
      R"({ "seed": 6, "data": { "kind": "spiral", "n": 150, "classes": 3 },
           "model": { "layers": [ { "units": 11, "activation": "tanh" }, { "units": 7, "activation": "sigmoid" },
                                  { "units": 6, "activation": "elu" }, { "units": 5, "activation": "selu" },
                                  { "units": 5, "activation": "softsign" }, { "units": 5, "activation": "identity" } ],
                      "init": "xavier_uniform" },
           "train": { "optimizer": { "kind": "adam", "lr": 0.01 }, "batchSize": 17, "clipNorm": 1 }, "steps": 60 })",
      R"({ "seed": 7, "data": { "kind": "sin", "n": 150 },
           "model": { "layers": [ { "units": 10, "activation": "gelu" }, { "units": 7, "activation": "gelu_tanh" },
                                  { "units": 6, "activation": "silu" }, { "units": 5, "activation": "mish" },
                                  { "units": 5, "activation": "softplus" } ], "init": "lecun_normal" },
           "train": { "optimizer": { "kind": "rmsprop", "lr": 0.005 }, "batchSize": 16 }, "steps": 60 })",
  };
  for (const char* json : configs) {
    auto simd = make_experiment(json);
    auto scalar = make_experiment(json);
    scalar->model().set_impl(Impl::scalar);
    REQUIRE(simd->model().impl() == Impl::simd);
    REQUIRE(scalar->model().impl() == Impl::scalar);
    simd->step(60);
    scalar->step(60);
    const Model& a = simd->model();
    const Model& b = scalar->model();
    int first_difference = -1;
    for (int i = 0; i < a.parameter_count() && first_difference < 0; ++i)
      if (std::memcmp(&a.parameter_arena()[i], &b.parameter_arena()[i], sizeof(float)) != 0) first_difference = i;
    INFO(json << "\nfirst differing parameter: " << first_difference);
    CHECK(first_difference == -1);
    CHECK(simd->metrics_json() == scalar->metrics_json());
  }
}

// ==================================================== several regression targets

namespace {

// Mean over every training row and target of (prediction − target)², in
// double: PyTorch's MSELoss with reduction 'mean', written out.
double mse_over_all_elements(Experiment& e) {
  const Dataset& d = e.data();
  std::vector<float> predictions(static_cast<std::size_t>(d.n_train) * d.targets);
  e.model().predict(predictions.data(), d.x_train.data(), d.n_train);
  double sum = 0.0;
  for (std::size_t i = 0; i < predictions.size(); ++i) {
    const double diff = static_cast<double>(predictions[i]) - d.y_train[i];
    sum += diff * diff;
  }
  return sum / static_cast<double>(predictions.size());
}

// Per-target mean squared error over the training rows.
std::vector<double> mse_per_target(Experiment& e) {
  const Dataset& d = e.data();
  std::vector<float> predictions(static_cast<std::size_t>(d.n_train) * d.targets);
  e.model().predict(predictions.data(), d.x_train.data(), d.n_train);
  std::vector<double> sums(d.targets, 0.0);
  for (int r = 0; r < d.n_train; ++r)
    for (int t = 0; t < d.targets; ++t) {
      const double diff = static_cast<double>(predictions[r * d.targets + t]) - d.y_train[r * d.targets + t];
      sums[t] += diff * diff;
    }
  for (double& s : sums) s /= d.n_train;
  return sums;
}

}  // namespace

TEST_CASE("regression with 3 targets: loss is the mean over all n×3 elements and every target is learned",
          "[trainer][regression]") {
  // x in [-1, 1]; targets sin(πx), x², −x (computed here, in the test).
  std::string x = "[", y = "[";
  for (int i = 0; i < 200; ++i) {
    const double v = -1.0 + 2.0 * i / 199.0;
    x += std::string(i ? "," : "") + "[" + std::to_string(v) + "]";
    y += std::string(i ? "," : "") + "[" + std::to_string(std::sin(3.141592653589793 * v)) + "," +
         std::to_string(v * v) + "," + std::to_string(-v) + "]";
  }
  x += "]";
  y += "]";
  auto e = make_experiment(R"({ "seed": 4, "data": { "kind": "custom", "x": )" + x + ", \"y\": " + y + R"( },
      "model": { "layers": [ { "units": 24, "activation": "tanh" }, { "units": 24, "activation": "tanh" } ] },
      "train": { "optimizer": { "kind": "adam", "lr": 0.01 } }, "steps": 2000, "every": 100 })");
  REQUIRE(e->data().targets == 3);
  REQUIRE(e->model().outputs() == 3);
  REQUIRE(e->data().y_train.size() == static_cast<std::size_t>(e->data().n_train) * 3);

  const Metrics before = e->metrics();
  CHECK_FALSE(before.classification);
  CHECK(before.loss == Approx(mse_over_all_elements(*e)).epsilon(1e-6));
  const std::vector<double> start = mse_per_target(*e);
  e->step(2000);
  const Metrics after = e->metrics();
  CHECK(after.status == RunStatus::done);
  CHECK(after.loss == Approx(mse_over_all_elements(*e)).epsilon(1e-6));
  const std::vector<double> end = mse_per_target(*e);
  WARN("3-target regression: mse " << before.loss << " -> " << after.loss << "; per target " << end[0] << ", "
                                   << end[1] << ", " << end[2]);
  CHECK(after.loss < 0.05 * before.loss);
  for (int t = 0; t < 3; ++t) CHECK(end[t] < 0.1 * start[t]);
  // The decision grid of a 1-input model: w points × 3 outputs.
  std::vector<float> grid(e->decision_grid_size(16, 1));
  REQUIRE(e->decision_grid(16, 1, grid.data()));
  CHECK(grid.size() == 48u);
}
