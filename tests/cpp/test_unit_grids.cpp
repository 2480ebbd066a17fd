// test_unit_grids.cpp — what the network view reads (issue 12): every hidden
// unit's output on the decision grid (Experiment::unit_grids), checked
// against a forward pass written out here in double, and the per-unit dead
// and inactive masks of the metrics, checked against the units' own
// pre-activations.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "actlab/experiment.hpp"
#include "test_trainer_helpers.hpp"

using namespace actlab;
using actlab::test::ref_activation;

namespace {

std::unique_ptr<Experiment> make_experiment(const std::string& json) {
  ExperimentConfig config;
  Status s = parse_experiment(json, &config);
  INFO(s.message);
  REQUIRE(s.ok());
  std::unique_ptr<Experiment> e;
  REQUIRE(Experiment::create(config, &e).ok());
  return e;
}

// The grid's input point of a cell, as documented for decision_grid: column
// centres left to right over [lo0, hi0], row 0 at the top (largest x₁).
std::vector<double> grid_point(const Dataset& d, int row, int col, int w, int h) {
  std::vector<double> point;
  point.push_back(static_cast<float>(d.lo[0] + (static_cast<double>(d.hi[0]) - d.lo[0]) * ((col + 0.5) / w)));
  if (d.inputs == 2)
    point.push_back(static_cast<float>(d.hi[1] - (static_cast<double>(d.hi[1]) - d.lo[1]) * ((row + 0.5) / h)));
  return point;
}

// Post-activation outputs of every hidden layer for one input, in double.
std::vector<std::vector<double>> hidden_outputs(const Model& model, std::vector<double> input) {
  std::vector<std::vector<double>> layers;
  for (int l = 0; l + 1 < model.layer_count(); ++l) {
    const DenseView v = model.params(l);
    std::vector<double> out(v.fan_out);
    for (int o = 0; o < v.fan_out; ++o) {
      double z = v.bias[o];
      for (int i = 0; i < v.fan_in; ++i) z += input[i] * v.weights[i * v.fan_out + o];
      out[o] = ref_activation(model.layer_activation(l), z, model.layer_act_params(l), v.slopes ? v.slopes[o] : 0.0);
    }
    layers.push_back(out);
    input = out;
  }
  return layers;
}

void check_against_reference(Experiment& e, int w, int h) {
  std::vector<float> grids(e.unit_grids_size(w, h), -12345.0f);
  REQUIRE(e.unit_grids(w, h, grids.data()));
  const Model& model = e.model();
  const int cells = w * h;
  double worst = 0.0;
  for (int row = 0; row < h; ++row) {
    for (int col = 0; col < w; ++col) {
      const auto expected = hidden_outputs(model, grid_point(e.data(), row, col, w, h));
      std::size_t block = 0;
      for (std::size_t l = 0; l < expected.size(); ++l) {
        for (std::size_t u = 0; u < expected[l].size(); ++u) {
          const double got = grids[block + u * cells + row * w + col];
          const double error = std::fabs(got - expected[l][u]) / (1.0 + std::fabs(expected[l][u]));
          if (error > worst) worst = error;
        }
        block += expected[l].size() * cells;
      }
      REQUIRE(block == grids.size());
    }
  }
  INFO("worst relative error " << worst);
  CHECK(worst < 2e-5);
}

}  // namespace

TEST_CASE("unit_grids: each hidden unit's output on the decision grid, as a forward pass in double computes it",
          "[unit-grids]") {
  auto e = make_experiment(R"({ "seed": 3, "data": { "kind": "moons", "n": 200 },
      "model": { "layers": [ { "units": 5, "activation": "relu" }, { "units": 4, "activation": "prelu" },
                             { "units": 3, "activation": "tanh" } ] },
      "train": { "optimizer": { "kind": "adam", "lr": 0.02 } }, "steps": 100 })");
  e->step(60);  // trained weights, and PReLU slopes that moved off their start
  CHECK(e->unit_grids_size(7, 5) == static_cast<std::size_t>((5 + 4 + 3) * 7 * 5));
  check_against_reference(*e, 7, 5);
  check_against_reference(*e, 1, 1);
  check_against_reference(*e, 19, 300);  // more cells than one chunk of the model (256 rows)

  // The same cells as the decision grid: a model whose only layer feeds the
  // head with weight 1 on unit 0 predicts sigmoid(unit 0's output).
  std::vector<float> decision(e->decision_grid_size(7, 5));
  REQUIRE(e->decision_grid(7, 5, decision.data()));
  std::vector<float> grids(e->unit_grids_size(7, 5));
  REQUIRE(e->unit_grids(7, 5, grids.data()));
  const DenseView last = e->model().params(3);  // the output layer, fan-in 3
  const std::size_t tanh_block = static_cast<std::size_t>(5 + 4) * 35;
  for (int cell = 0; cell < 35; ++cell) {
    double logit = last.bias[0];
    for (int u = 0; u < 3; ++u) logit += static_cast<double>(grids[tanh_block + u * 35 + cell]) * last.weights[u];
    CHECK(decision[cell] == Approx(1.0 / (1.0 + std::exp(-logit))).epsilon(1e-5));
  }
}

TEST_CASE("unit_grids with one input: w points, h = 1", "[unit-grids]") {
  auto e = make_experiment(R"({ "seed": 2, "data": { "kind": "sin", "n": 100 },
      "model": { "layers": [ { "units": 6, "activation": "gelu" } ] }, "steps": 10 })");
  e->step(10);
  check_against_reference(*e, 33, 1);
  std::vector<float> grids(e->unit_grids_size(3, 1));
  CHECK(e->unit_grids(3, 2, grids.data()).message == "h must be 1 for 1-D inputs, got 2");
}

TEST_CASE("unit_grids refuses what the decision grid refuses, naming it", "[unit-grids]") {
  auto e = make_experiment(R"({ "data": { "kind": "moons", "n": 50 }, "model": { "layers": [ { "units": 2 } ] } })");
  std::vector<float> grids(16);
  Status s = e->unit_grids(0, 4, grids.data());
  CHECK(s.kind == ErrorKind::range);
  CHECK(s.message == "w must be 1..512, got 0");
  CHECK(e->unit_grids(4, 513, grids.data()).message == "h must be 1..512, got 513");
  auto three = make_experiment(R"({ "data": { "kind": "custom", "x": [[0, 1, 2], [1, 2, 3]], "y": [0, 1],
                                              "testFraction": 0 } })");
  CHECK(three->unit_grids(4, 4, grids.data()).message == "inputs must be 1 or 2 for unit grids, got 3");
  CHECK(three->decision_grid(4, 4, grids.data()).message == "inputs must be 1 or 2 for a decision grid, got 3");
  auto linear = make_experiment(R"({ "data": { "kind": "moons", "n": 50 }, "model": { "layers": [] } })");
  CHECK(linear->unit_grids_size(8, 8) == 0u);
  CHECK(linear->unit_grids(8, 8, grids.data()).ok());
}

TEST_CASE("dead and inactive masks mark exactly the units whose f' or z says so, for every layer", "[unit-grids]") {
  // Dying ReLU: a large learning rate kills most units (test_trainer_learning's lesson).
  auto e = make_experiment(R"({ "seed": 1, "data": { "kind": "moons", "n": 400 },
      "model": { "layers": [ { "units": 16, "activation": "relu" }, { "units": 16, "activation": "relu" } ] },
      "train": { "optimizer": { "kind": "sgd", "lr": 3 } }, "steps": 200 })");
  e->step(200);
  const Metrics m = e->metrics();
  Model& model = e->model();
  const Dataset& d = e->data();
  // Each unit's flags from the pre-activations of a forward pass over the training set.
  const int L = model.layer_count();
  std::vector<std::vector<bool>> positive(L), sloped(L);
  for (int l = 0; l < L; ++l) {
    positive[l].assign(model.params(l).fan_out, false);
    sloped[l].assign(model.params(l).fan_out, false);
  }
  for (int start = 0; start < d.n_train; start += model.max_batch()) {
    const int B = std::min(model.max_batch(), d.n_train - start);
    model.forward(d.x_train.data() + static_cast<std::size_t>(start) * d.inputs, B);
    for (int l = 0; l < L; ++l) {
      const int Fo = model.params(l).fan_out;
      const float* z = model.preactivations(l);
      for (int r = 0; r < B; ++r)
        for (int u = 0; u < Fo; ++u) {
          const float zu = z[r * Fo + u];
          if (zu > 0) positive[l][u] = true;
          // relu' is 0 for z ≤ 0; the sigmoid head's p(1 − p) is 0 only where p rounds to 0 or 1.
          const double p = 1.0 / (1.0 + std::exp(-static_cast<double>(zu)));
          const bool slope = l < L - 1 ? zu > 0 : static_cast<float>(p) * (1.0f - static_cast<float>(p)) != 0.0f;
          if (slope) sloped[l][u] = true;
        }
    }
  }
  int dead_total = 0;
  REQUIRE(m.layers.size() == static_cast<std::size_t>(L));
  for (int l = 0; l < L; ++l) {
    const LayerMetrics& lm = m.layers[l];
    REQUIRE(lm.dead_mask.size() == static_cast<std::size_t>(lm.units));
    REQUIRE(lm.inactive_mask.size() == static_cast<std::size_t>(lm.units));
    int dead = 0, inactive = 0;
    for (int u = 0; u < lm.units; ++u) {
      INFO("layer " << l << " unit " << u);
      CHECK(lm.dead_mask[u] == (sloped[l][u] ? 0 : 1));
      CHECK(lm.inactive_mask[u] == (positive[l][u] ? 0 : 1));
      dead += lm.dead_mask[u];
      inactive += lm.inactive_mask[u];
    }
    CHECK(dead == lm.dead_units);
    CHECK(inactive == lm.inactive_units);
    if (l < L - 1) dead_total += dead;
  }
  // The run kills some units and not all: the masks hold both values.
  CHECK(dead_total >= 4);
  CHECK(dead_total < 32);
  const std::string json = metrics_to_json(m);
  CHECK(json.find("\"deadMask\":[") != std::string::npos);
  CHECK(json.find("\"inactiveMask\":[") != std::string::npos);
}

// ------------------------------------------------------ unit histograms

// A unit's pre-activations over the training set, written out here in double (layer 0 or 1).
std::vector<double> unit_preactivations(const Experiment& e, int layer, int unit) {
  const Dataset& d = e.data();
  const Model& m = const_cast<Experiment&>(e).model();
  std::vector<double> z;
  for (int r = 0; r < d.n_train; ++r) {
    std::vector<double> input(d.x_train.begin() + static_cast<std::ptrdiff_t>(r) * d.inputs,
                              d.x_train.begin() + static_cast<std::ptrdiff_t>(r + 1) * d.inputs);
    if (layer > 0) input = hidden_outputs(m, input)[layer - 1];
    const DenseView v = m.params(layer);
    double sum = v.bias[unit];
    for (int i = 0; i < v.fan_in; ++i) sum += input[i] * v.weights[i * v.fan_out + unit];
    z.push_back(sum);
  }
  return z;
}

TEST_CASE("unit_histogram: a unit's pre-activations over the training set, range and counts as written out here",
          "[unit-grids]") {
  auto e = make_experiment(R"({ "seed": 4, "data": { "kind": "moons", "n": 300 },
      "model": { "layers": [ { "units": 6, "activation": "tanh" }, { "units": 5, "activation": "relu" } ] },
      "train": { "optimizer": { "kind": "adam", "lr": 0.01 } }, "steps": 100 })");
  e->step(40);
  for (const auto& [layer, unit] : std::vector<std::pair<int, int>>{{0, 0}, {0, 5}, {1, 3}}) {
    INFO("layer " << layer << ", unit " << unit);
    Histogram h;
    REQUIRE(e->unit_histogram(layer, unit, &h).ok());
    const std::vector<double> z = unit_preactivations(*e, layer, unit);
    double lo = z[0], hi = z[0];
    for (double v : z) lo = std::min(lo, v), hi = std::max(hi, v);
    CHECK(h.lo == Approx(lo).margin(1e-4));
    CHECK(h.hi == Approx(hi).margin(1e-4));
    std::uint64_t total = 0;
    for (auto c : h.counts) total += c;
    CHECK(total == static_cast<std::uint64_t>(e->data().n_train));
    // The lowest and highest bins hold the extremes.
    CHECK(h.counts.front() > 0);
    CHECK(h.counts.back() > 0);
  }
  Histogram h;
  CHECK(e->unit_histogram(3, 0, &h).message == "layer must be 0..2, got 3");
  CHECK(e->unit_histogram(1, 5, &h).message == "unit must be 0..4 in layer 1, got 5");
  CHECK(e->unit_histogram(-1, 0, &h).kind == ErrorKind::range);
}

TEST_CASE("class_means: each hidden unit's mean output per class, as a forward pass in double computes it", "[unit-grids]") {
  // iris: 4 inputs, 3 classes; more training rows than one chunk is not needed, digits covers that below.
  for (const char* json : {R"({ "seed": 5, "data": { "kind": "iris" },
        "model": { "layers": [ { "units": 6, "activation": "elu" }, { "units": 3, "activation": "relu" } ] },
        "train": { "optimizer": { "kind": "adam", "lr": 0.01 } }, "steps": 50 })",
                           R"({ "seed": 2, "data": { "kind": "spiral", "n": 700, "classes": 4 },
        "model": { "layers": [ { "units": 5, "activation": "tanh" } ] }, "steps": 20 })"}) {
    auto e = make_experiment(json);
    e->step(20);
    const Dataset& d = e->data();
    const Model& model = e->model();
    std::vector<float> means(e->class_means_size(), -12345.0f);
    REQUIRE(e->class_means(means.data()));
    // Reference: the outputs of every training example, averaged per class in double.
    std::vector<std::vector<std::vector<double>>> sums;  // [class][layer][unit]
    std::vector<int> counts(d.classes, 0);
    for (int c = 0; c < d.classes; ++c) sums.push_back(hidden_outputs(model, std::vector<double>(d.inputs, 0.0)));
    for (auto& per_class : sums)
      for (auto& layer : per_class) std::fill(layer.begin(), layer.end(), 0.0);
    for (int i = 0; i < d.n_train; ++i) {
      std::vector<double> input(d.x_train.begin() + static_cast<std::ptrdiff_t>(i) * d.inputs,
                                d.x_train.begin() + static_cast<std::ptrdiff_t>(i + 1) * d.inputs);
      const int label = static_cast<int>(d.y_train[i]);
      const auto outputs = hidden_outputs(model, input);
      ++counts[label];
      for (std::size_t l = 0; l < outputs.size(); ++l)
        for (std::size_t u = 0; u < outputs[l].size(); ++u) sums[label][l][u] += outputs[l][u];
    }
    std::size_t block = 0;
    double worst = 0.0;
    for (std::size_t l = 0; l < sums[0].size(); ++l) {
      const std::size_t units = sums[0][l].size();
      for (std::size_t u = 0; u < units; ++u) {
        for (int c = 0; c < d.classes; ++c) {
          REQUIRE(counts[c] > 0);
          const double expected = sums[c][l][u] / counts[c];
          const double got = means[block + u * d.classes + c];
          worst = std::max(worst, std::fabs(got - expected) / (1.0 + std::fabs(expected)));
        }
      }
      block += units * d.classes;
    }
    CHECK(block == means.size());
    INFO("worst relative error " << worst);
    CHECK(worst < 2e-5);
  }
}

TEST_CASE("class_means is for classification: a regression is a range error naming classes", "[unit-grids]") {
  auto e = make_experiment(R"({ "data": { "kind": "sin", "n": 50 }, "model": { "layers": [ { "units": 3 } ] } })");
  CHECK(e->class_means_size() == 0u);
  std::vector<float> out(4);
  const Status s = e->class_means(out.data());
  CHECK(s.kind == ErrorKind::range);
  CHECK(s.message.find("classes") != std::string::npos);
}
