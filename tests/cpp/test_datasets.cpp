// test_datasets.cpp — the real datasets (actlab/datasets.hpp): their shapes,
// classes and first rows as scikit-learn has them, configs that use them
// (defaults, standardisation with the training part's statistics, checks),
// loading a text at run time, and that a small network learns iris and digits.
//
// The test suites, like the CLI, have all four datasets compiled in; the
// wasm module's on-demand loading is tested from JavaScript (tests/js).
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "actlab/config.hpp"
#include "actlab/datasets.hpp"
#include "actlab/experiment.hpp"

using namespace actlab;

namespace {

const bool kLargeDatasetsProvided = (provide_embedded_large_datasets(), true);

ExperimentConfig parsed(const std::string& json) {
  ExperimentConfig config;
  const Status s = parse_experiment(json, &config);
  INFO(s.message);
  REQUIRE(s.ok());
  return config;
}

std::unique_ptr<Experiment> make_experiment(const std::string& json) {
  std::unique_ptr<Experiment> e;
  REQUIRE(Experiment::create(parsed(json), &e).ok());
  return e;
}

}  // namespace

TEST_CASE("the four datasets have scikit-learn's shapes, classes and rows", "[datasets]") {
  REQUIRE(kLargeDatasetsProvided);
  struct Expected {
    DataKind kind;
    int rows, inputs;
    std::vector<std::string> names;
    std::vector<int> counts;
    std::vector<float> first_row;
  };
  const Expected expected[] = {
      {DataKind::iris, 150, 4, {"setosa", "versicolor", "virginica"}, {50, 50, 50}, {5.1f, 3.5f, 1.4f, 0.2f}},
      {DataKind::wine, 178, 13, {"class_0", "class_1", "class_2"}, {59, 71, 48},
       {14.23f, 1.71f, 2.43f, 15.6f, 127, 2.8f, 3.06f, 0.28f, 2.29f, 5.64f, 1.04f, 3.92f, 1065}},
      {DataKind::breast_cancer, 569, 30, {"malignant", "benign"}, {212, 357}, {17.99f, 10.38f, 122.8f, 1001}},
      {DataKind::digits, 1797, 64, {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"},
       {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, {0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0}},
  };
  for (const Expected& e : expected) {
    const DatasetInfo* info = dataset_info(e.kind);
    REQUIRE(info != nullptr);
    INFO(info->name);
    CHECK(dataset_available(e.kind));
    const DataConfig* data = dataset_data(e.kind);
    REQUIRE(data != nullptr);
    CHECK(info->rows == e.rows);
    CHECK(data->n == e.rows);
    CHECK(data->custom_inputs == e.inputs);
    CHECK(data->classes == static_cast<int>(e.names.size()));
    CHECK(data->class_names == e.names);
    CHECK(data->columns.size() == static_cast<std::size_t>(e.inputs));
    std::vector<int> counts(e.names.size(), 0);
    for (float label : data->custom_y) ++counts[static_cast<int>(label)];
    CHECK(counts == e.counts);
    CHECK(std::vector<float>(data->custom_x.begin(), data->custom_x.begin() + e.first_row.size()) == e.first_row);
  }
  CHECK(dataset_data(DataKind::digits)->columns[9] == "pixel_1_1");
  CHECK(dataset_data(DataKind::iris)->columns[0] == "sepal length (cm)");
  CHECK(dataset_info(DataKind::moons) == nullptr);
  CHECK(dataset_info(DataKind::custom) == nullptr);
}

TEST_CASE("a dataset's config: inputs, head and standardize follow it; n is its size", "[datasets]") {
  const ExperimentConfig iris = parsed(R"({"data": {"kind": "iris"}})");
  CHECK(iris.model.inputs == 4);
  CHECK(iris.model.output.activation == Head::softmax);
  CHECK(iris.model.output.units == 3);
  CHECK(iris.data.n == 150);
  CHECK(iris.data.standardize);
  const ExperimentConfig bc = parsed(R"({"data": {"kind": "breast_cancer", "standardize": false}})");
  CHECK(bc.model.output.activation == Head::sigmoid);
  CHECK_FALSE(bc.data.standardize);
  CHECK_FALSE(parsed("{}").data.standardize);  // generators: off by default
  CHECK(parsed(R"({"data": {"standardize": true}})").data.standardize);
  CHECK(to_json(iris).find(R"("standardize":true)") != std::string::npos);

  ExperimentConfig config;
  CHECK(parse_experiment(R"({"data": {"kind": "digits", "n": 100}})", &config).message ==
        "data.n must be 1797 (the examples of digits), got 100");
  CHECK(parse_experiment(R"({"data": {"kind": "wine", "x": [[1]]}})", &config).message ==
        "data.x is only allowed when data.kind is custom, got data.kind wine");
  CHECK(parse_experiment(R"({"data": {"kind": "iris"}, "model": {"inputs": 2}})", &config).message ==
        "model.inputs must be 4 to match the data (data.kind iris), got 2");
  CHECK(parse_experiment(R"({"data": {"kind": "iris", "standardize": 1}})", &config).message ==
        "data.standardize must be true or false, got 1");
}

TEST_CASE("standardize z-scores with the training part's mean and std, the test part with the same", "[datasets]") {
  auto raw = make_experiment(R"({"seed": 7, "data": {"kind": "wine", "standardize": false}})");
  auto standard = make_experiment(R"({"seed": 7, "data": {"kind": "wine"}})");
  const Dataset& r = raw->data();
  const Dataset& s = standard->data();
  REQUIRE(r.n_train == s.n_train);
  CHECK(r.feature_mean.empty());
  REQUIRE(s.feature_mean.size() == 13u);
  for (int c = 0; c < 13; ++c) {
    INFO("feature " << c);
    double sum = 0.0, squares = 0.0;
    for (int row = 0; row < r.n_train; ++row) sum += r.x_train[row * 13 + c];
    const double mean = sum / r.n_train;
    for (int row = 0; row < r.n_train; ++row) squares += (r.x_train[row * 13 + c] - mean) * (r.x_train[row * 13 + c] - mean);
    const double std = std::sqrt(squares / r.n_train);
    CHECK(s.feature_mean[c] == Approx(mean).epsilon(1e-6));
    CHECK(s.feature_std[c] == Approx(std).epsilon(1e-6));
    double z_sum = 0.0, z_squares = 0.0;
    for (int row = 0; row < s.n_train; ++row) {
      const double z = s.x_train[row * 13 + c];
      CHECK(z == Approx((r.x_train[row * 13 + c] - mean) / std).epsilon(1e-5).margin(1e-6));
      z_sum += z;
      z_squares += z * z;
    }
    CHECK(z_sum / s.n_train == Approx(0.0).margin(1e-5));
    CHECK(z_squares / s.n_train == Approx(1.0).epsilon(1e-4));
    // The test part: the same transform, not its own statistics.
    for (int row = 0; row < s.n_test; ++row)
      CHECK(s.x_test[row * 13 + c] == Approx((r.x_test[row * 13 + c] - mean) / std).epsilon(1e-5).margin(1e-6));
  }
  // A feature that never varies is only centred.
  auto flat = make_experiment(R"({"data": {"kind": "custom", "x": [[1, 5], [2, 5], [3, 5], [4, 5]], "y": [0, 1, 0, 1],
                                             "standardize": true, "testFraction": 0}})");
  CHECK(flat->data().feature_std[1] == 1.0f);
  for (int row = 0; row < 4; ++row) CHECK(flat->data().x_train[row * 2 + 1] == 0.0f);
}

TEST_CASE("load_dataset reads a text and checks its shape", "[datasets]") {
  const DataConfig before = *dataset_data(DataKind::wine);
  Status s = load_dataset(DataKind::wine, "a,b,label\n1,2,x\n3,4,y\n");
  CHECK(s.kind == ErrorKind::type);
  CHECK(s.message ==
        "wine must have 178 rows × 13 features and 3 classes, got 2 × 2 and 2 (is it data/wine.csv?)");
  CHECK(load_dataset(DataKind::wine, "\x01").message.rfind("wine: line 1, character 1: binary data", 0) == 0);
  CHECK(dataset_data(DataKind::wine)->custom_x == before.custom_x);  // a failed load changes nothing
  CHECK(load_dataset(DataKind::moons, "x,y\n1,2\n").message == "not a built-in dataset");
}

TEST_CASE("a small network learns iris and digits", "[datasets]") {
  auto iris = make_experiment(R"({"seed": 1, "data": {"kind": "iris"},
      "model": {"layers": [{"units": 16, "activation": "relu"}]},
      "train": {"optimizer": {"kind": "adam", "lr": 0.01}}, "steps": 400})");
  iris->step(400);
  const Metrics iris_metrics = iris->metrics();
  WARN("iris: test accuracy " << iris_metrics.test_accuracy);
  CHECK(iris_metrics.test_accuracy >= 0.9);

  auto digits = make_experiment(R"({"seed": 1, "data": {"kind": "digits"},
      "model": {"layers": [{"units": 64, "activation": "relu"}, {"units": 64, "activation": "relu"}]},
      "train": {"optimizer": {"kind": "adam", "lr": 0.001}, "batchSize": 64}, "steps": 600})");
  digits->step(600);
  const Metrics digits_metrics = digits->metrics();
  WARN("digits: test accuracy " << digits_metrics.test_accuracy);
  CHECK(digits_metrics.test_accuracy >= 0.9);
  CHECK(digits->data().n_test == 359);  // round(1797 · 0.2)
}
