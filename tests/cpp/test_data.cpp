// test_data.cpp — the seeded dataset generators and the train/test split:
// shapes, class balance, determinism, the effect of noise, the split size,
// the bounding box and custom data.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "actlab/data.hpp"
#include "config_rules.hpp"

using namespace actlab;

namespace {

Dataset make(DataKind kind, int n, double noise, double test_fraction = 0.2, std::uint64_t seed = 1,
             int classes = 3) {
  DataConfig config;
  config.kind = kind;
  config.n = n;
  config.noise = noise;
  config.test_fraction = test_fraction;
  config.classes = classes;
  Dataset data;
  const Status s = make_dataset(config, seed, &data);
  INFO(s.message);
  REQUIRE(s.ok());
  return data;
}

// All examples, train then test, as (features, label) rows.
std::vector<std::pair<std::vector<float>, float>> rows_of(const Dataset& d) {
  std::vector<std::pair<std::vector<float>, float>> rows;
  for (int r = 0; r < d.n_train; ++r) {
    rows.push_back({{d.x_train.begin() + r * d.inputs, d.x_train.begin() + (r + 1) * d.inputs}, d.y_train[r]});
  }
  for (int r = 0; r < d.n_test; ++r) {
    rows.push_back({{d.x_test.begin() + r * d.inputs, d.x_test.begin() + (r + 1) * d.inputs}, d.y_test[r]});
  }
  return rows;
}

std::map<int, int> class_counts(const Dataset& d) {
  std::map<int, int> counts;
  for (const auto& row : rows_of(d)) ++counts[static_cast<int>(row.second)];
  return counts;
}

const DataKind kAllGenerated[] = {DataKind::moons, DataKind::circles, DataKind::xor_, DataKind::spiral,
                                  DataKind::blobs, DataKind::sin,     DataKind::abs,  DataKind::step};

}  // namespace

TEST_CASE("every generator gives the right shape", "[data]") {
  for (DataKind kind : kAllGenerated) {
    const bool regression = kind == DataKind::sin || kind == DataKind::abs || kind == DataKind::step;
    const Dataset d = make(kind, 401, 0.1);
    INFO(static_cast<int>(kind));
    CHECK(d.inputs == (regression ? 1 : 2));
    CHECK(d.classes == (regression ? 0 : (kind == DataKind::spiral || kind == DataKind::blobs) ? 3 : 2));
    CHECK(d.is_classification() == !regression);
    CHECK(d.n_train + d.n_test == 401);
    CHECK(d.n_test == 80);  // round(401 · 0.2) = round(80.2)
    CHECK(d.x_train.size() == static_cast<std::size_t>(d.n_train * d.inputs));
    CHECK(d.y_train.size() == static_cast<std::size_t>(d.n_train));
    CHECK(d.x_test.size() == static_cast<std::size_t>(d.n_test * d.inputs));
    CHECK(d.y_test.size() == static_cast<std::size_t>(d.n_test));
    CHECK(d.lo.size() == static_cast<std::size_t>(d.inputs));
    CHECK(d.hi.size() == static_cast<std::size_t>(d.inputs));
    for (const auto& row : rows_of(d)) {
      for (float v : row.first) REQUIRE(std::isfinite(v));
      REQUIRE(std::isfinite(row.second));
      if (!regression) {
        REQUIRE(row.second >= 0.0f);
        REQUIRE(row.second < static_cast<float>(d.classes));
        REQUIRE(row.second == std::floor(row.second));
      }
    }
  }
}

TEST_CASE("classes are balanced to within one example", "[data]") {
  for (DataKind kind : {DataKind::moons, DataKind::circles, DataKind::xor_}) {
    const auto counts = class_counts(make(kind, 401, 0.1));
    REQUIRE(counts.size() == 2);
    CHECK(counts.at(0) + counts.at(1) == 401);
    CHECK(std::abs(counts.at(0) - counts.at(1)) == 1);
  }
  for (DataKind kind : {DataKind::spiral, DataKind::blobs}) {
    const auto counts = class_counts(make(kind, 403, 0.1, 0.2, 1, 5));
    REQUIRE(counts.size() == 5);
    int lo = 1 << 30, hi = 0;
    for (const auto& c : counts) {
      lo = std::min(lo, c.second);
      hi = std::max(hi, c.second);
    }
    CHECK(hi - lo <= 1);
  }
}

TEST_CASE("the same seed gives identical data, another seed different data", "[data]") {
  for (DataKind kind : kAllGenerated) {
    INFO(static_cast<int>(kind));
    const Dataset a = make(kind, 300, 0.2, 0.2, 42);
    const Dataset b = make(kind, 300, 0.2, 0.2, 42);
    const Dataset c = make(kind, 300, 0.2, 0.2, 43);
    CHECK(a.x_train == b.x_train);
    CHECK(a.y_train == b.y_train);
    CHECK(a.x_test == b.x_test);
    CHECK(a.y_test == b.y_test);
    CHECK(a.lo == b.lo);
    CHECK(a.hi == b.hi);
    CHECK(a.x_train != c.x_train);
  }
}

TEST_CASE("without noise the points lie exactly on their curves", "[data]") {
  const Dataset moons = make(DataKind::moons, 200, 0.0);
  for (const auto& row : rows_of(moons)) {
    const double x = row.first[0], y = row.first[1];
    // Class 0: unit circle around (0, 0), upper half; class 1: around (1, 0.5), lower half.
    const double cx = row.second == 0.0f ? 0.0 : 1.0, cy = row.second == 0.0f ? 0.0 : 0.5;
    REQUIRE(std::fabs(std::hypot(x - cx, y - cy) - 1.0) < 1e-6);
    REQUIRE((row.second == 0.0f ? y >= -1e-7 : y <= 0.5 + 1e-7));
  }
  const Dataset circles = make(DataKind::circles, 200, 0.0);
  for (const auto& row : rows_of(circles)) {
    const double radius = row.second == 0.0f ? 1.0 : 0.5;
    REQUIRE(std::fabs(std::hypot(row.first[0], row.first[1]) - radius) < 1e-6);
  }
  const Dataset xor_data = make(DataKind::xor_, 200, 0.0);
  for (const auto& row : rows_of(xor_data)) {
    const double product = static_cast<double>(row.first[0]) * row.first[1];
    REQUIRE((row.second == 1.0f ? product > 0.0 : product < 0.0));
    REQUIRE(std::fabs(row.first[0]) >= 0.06f);
    REQUIRE(std::fabs(row.first[0]) <= 1.06f);
  }
  const Dataset sin_data = make(DataKind::sin, 200, 0.0);
  for (const auto& row : rows_of(sin_data)) {
    REQUIRE(std::fabs(row.second - std::sin(3.141592653589793 * row.first[0])) < 1e-6);
  }
  for (const auto& row : rows_of(make(DataKind::abs, 200, 0.0))) REQUIRE(row.second == std::fabs(row.first[0]));
  for (const auto& row : rows_of(make(DataKind::step, 200, 0.0))) {
    REQUIRE(row.second == (row.first[0] < 0.0f ? -1.0f : 1.0f));
  }
  const Dataset spiral = make(DataKind::spiral, 300, 0.0);
  for (const auto& row : rows_of(spiral)) REQUIRE(std::hypot(row.first[0], row.first[1]) < 1.0);
}

TEST_CASE("noise moves points off their curves by about its standard deviation", "[data]") {
  // Circles: the radial offset of a point with N(0, σ²) noise in each
  // coordinate is close to N(0, σ²) for small σ, so its mean |offset| ≈ 0.8σ.
  for (double sigma : {0.02, 0.05, 0.1}) {
    const Dataset d = make(DataKind::circles, 4000, sigma);
    double sum = 0.0;
    for (const auto& row : rows_of(d)) {
      const double radius = row.second == 0.0f ? 1.0 : 0.5;
      sum += std::fabs(std::hypot(row.first[0], row.first[1]) - radius);
    }
    const double mean_offset = sum / 4000;
    CHECK(mean_offset > 0.7 * sigma);
    CHECK(mean_offset < 0.9 * sigma);
  }
  // Regression: noise is added to the target.
  const Dataset d = make(DataKind::abs, 4000, 0.3);
  double sum_sq = 0.0;
  for (const auto& row : rows_of(d)) sum_sq += std::pow(row.second - std::fabs(row.first[0]), 2);
  CHECK(std::sqrt(sum_sq / 4000) == Approx(0.3).epsilon(0.05));
  // Blobs: spread 0.1 + noise around each centre.
  const Dataset blobs = make(DataKind::blobs, 4000, 0.2, 0.2, 1, 4);
  double blob_sq = 0.0;
  for (const auto& row : rows_of(blobs)) {
    const double angle = 2.0 * 3.141592653589793 * row.second / 4;
    blob_sq += std::pow(row.first[0] - std::cos(angle), 2) + std::pow(row.first[1] - std::sin(angle), 2);
  }
  CHECK(std::sqrt(blob_sq / (2 * 4000)) == Approx(0.3).epsilon(0.05));
}

TEST_CASE("the test part is round(n · testFraction), at least one example trains", "[data]") {
  CHECK(make(DataKind::moons, 400, 0.1, 0.2).n_test == 80);
  CHECK(make(DataKind::moons, 400, 0.1, 0.0).n_test == 0);
  CHECK(make(DataKind::moons, 10, 0.1, 0.25).n_test == 3);  // round(2.5) = 3
  CHECK(make(DataKind::moons, 100, 0.1, 0.29).n_test == 29);  // 0.29·100 is 28.999…
  CHECK(make(DataKind::moons, 1, 0.1, 0.9).n_test == 0);
  CHECK(make(DataKind::moons, 2, 0.1, 0.9).n_test == 1);
  CHECK(make(DataKind::moons, 100000, 0.1, 0.9).n_test == 90000);
}

TEST_CASE("the split is a shuffle: both parts mix the classes", "[data]") {
  const Dataset d = make(DataKind::moons, 400, 0.1);
  int test_ones = 0;
  for (float y : d.y_test) test_ones += y == 1.0f;
  CHECK(test_ones > 20);
  CHECK(test_ones < 60);
  int first_half_ones = 0;  // generation order is all class 0, then class 1
  for (int r = 0; r < 100; ++r) first_half_ones += d.y_train[r] == 1.0f;
  CHECK(first_half_ones > 25);
  CHECK(first_half_ones < 75);
}

TEST_CASE("lo and hi are the bounding box of all examples", "[data]") {
  for (DataKind kind : kAllGenerated) {
    const Dataset d = make(kind, 300, 0.2);
    for (int c = 0; c < d.inputs; ++c) {
      float lo = INFINITY, hi = -INFINITY;
      for (const auto& row : rows_of(d)) {
        lo = std::min(lo, row.first[c]);
        hi = std::max(hi, row.first[c]);
      }
      CHECK(d.lo[c] == lo);
      CHECK(d.hi[c] == hi);
    }
  }
  const Dataset one = make(DataKind::moons, 1, 0.0, 0.0);
  CHECK(one.hi[0] - one.lo[0] == 1.0f);  // a single point gets a box of width 1
}

TEST_CASE("custom data is split with rows and labels kept together", "[data]") {
  DataConfig config;
  config.kind = DataKind::custom;
  config.custom_inputs = 2;
  config.classes = 0;
  config.test_fraction = 0.3;
  for (int i = 0; i < 50; ++i) {
    config.custom_x.push_back(static_cast<float>(i));
    config.custom_x.push_back(static_cast<float>(-i));
    config.custom_y.push_back(static_cast<float>(i) * 0.5f);
  }
  Dataset d;
  REQUIRE(make_dataset(config, 9, &d).ok());
  CHECK(d.inputs == 2);
  CHECK(d.classes == 0);
  CHECK(d.n_test == 15);
  CHECK(d.n_train == 35);
  std::vector<int> seen;
  for (const auto& row : rows_of(d)) {
    REQUIRE(row.first[1] == -row.first[0]);
    REQUIRE(row.second == row.first[0] * 0.5f);
    seen.push_back(static_cast<int>(row.first[0]));
  }
  std::sort(seen.begin(), seen.end());
  for (int i = 0; i < 50; ++i) CHECK(seen[i] == i);
  CHECK(d.lo[0] == 0.0f);
  CHECK(d.hi[0] == 49.0f);
  CHECK(d.lo[1] == -49.0f);
}

TEST_CASE("validate_data checks a data config built in C++ with the parser's messages", "[data]") {
  // make_dataset takes a validated config; validate_data is the check for
  // configs that do not come from parse_experiment.
  DataConfig config;
  config.n = 0;
  CHECK(validate_data(config).message == "data.n must be 1..100000, got 0");
  config = DataConfig();
  config.noise = NAN;
  CHECK(validate_data(config).message == "data.noise must be 0..10, got nan");
  config = DataConfig();
  config.test_fraction = 1.0;
  CHECK(validate_data(config).message == "data.testFraction must be 0..0.9, got 1");
  config = DataConfig();
  config.kind = DataKind::blobs;
  config.classes = 11;
  CHECK(validate_data(config).message == "data.classes must be 2..10, got 11");

  config = DataConfig();
  config.kind = DataKind::custom;
  config.custom_inputs = 2;
  config.classes = 2;
  config.custom_x = {0, 1, 2};
  config.custom_y = {0, 1};
  CHECK(validate_data(config).message == "data.x must have 4 numbers (data.y entries × data.inputs), got 3");
  config.custom_x = {0, 1, 2, INFINITY};
  CHECK(validate_data(config).message == "data.x[3] must be -1000000..1000000, got inf");
  config.custom_x = {0, 1, 2, 3};
  config.custom_y = {0, 2};
  CHECK(validate_data(config).message == "data.y[1] must be a class index 0..1 (data.classes is 2), got 2");
  config.custom_y = {};
  config.custom_x = {};
  CHECK(validate_data(config).message == "data.y length must be 1..100000, got 0");
  config.custom_x = {0, 1, 2, 3};
  config.custom_y = {0, 1};
  CHECK(validate_data(config).ok());
  Dataset d;
  CHECK(make_dataset(config, 1, &d).ok());
}
