// actlab/data.hpp — toy datasets for the experiments, generated from the seed.
//
// Shapes: x is n×inputs row-major; y is n labels (class index stored as a
// float, for sigmoid/softmax heads) or n×targets values (regression, one
// output per target).
// Generators: moons, circles, xor, spiral (K arms), blobs (K classes) with 2
// inputs; sin, abs, step with 1 input. The real datasets (datasets.hpp) and
// custom data are shuffled and split the same way. Standardisation
// (data.standardize) comes last, with the training part's statistics.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "actlab/config.hpp"
#include "actlab/status.hpp"

namespace actlab {

struct Dataset {
  int inputs = 0;            // features per example
  int classes = 0;           // 2+ for classification, 0 for regression
  int targets = 1;           // values of y per example: 1 for classification, 1..10 for regression
  int n_train = 0;
  int n_test = 0;
  std::vector<float> x_train;  // n_train × inputs
  std::vector<float> y_train;  // n_train × targets
  std::vector<float> x_test;   // n_test × inputs
  std::vector<float> y_test;   // n_test × targets
  std::vector<float> lo, hi;   // bounding box of all x per input (for the decision grid)
  // data.standardize: x = (raw − feature_mean) / feature_std per input, with
  // the training part's mean and standard deviation; both empty when off.
  std::vector<float> feature_mean, feature_std;
  std::vector<std::string> columns;      // the features' names (custom data, datasets), or none
  std::vector<std::string> class_names;  // the classes' names, or none
  bool is_classification() const { return classes > 0; }
};

// Generates (or, for kind == custom, splits) the data of an experiment from a
// validated data config (parse_experiment, or validate_data in
// config_rules.hpp); it is not checked again. Uses its own Rng stream derived
// from `seed`.
Status make_dataset(const DataConfig& config, std::uint64_t seed, Dataset* out);

}  // namespace actlab
