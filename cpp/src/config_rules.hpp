// config_rules.hpp — constants and rules of the experiment config that more
// than one file needs (the schema table, the parser, the data generators), so
// each is written down once. docs/config.md lists them.
#pragma once
#include "actlab/config.hpp"
#include "actlab/status.hpp"

namespace actlab {

inline constexpr double kMaxNoise = 10.0;          // data.noise: 0..10
inline constexpr double kMaxTestFraction = 0.9;    // data.testFraction: 0..0.9
inline constexpr int kMinClasses = 2;              // data.classes: 2..10
inline constexpr int kMaxClasses = 10;
inline constexpr double kMaxCustomMagnitude = 1e6; // |data.x|, |data.y| ≤ 1e6

// Examples held out for testing: n·testFraction rounded to nearest, but at
// least one example always stays in the training part.
int test_count(int n, double test_fraction);

// Number of classes the data has: 2 for moons, circles and xor; `classes` for
// spiral and blobs; 0 for the regression kinds; for custom data, `classes`
// (0 meaning regression targets).
int data_classes(const DataConfig& config);

// Features per example: 2 for the 2-D kinds, 1 for sin/abs/step, custom_inputs.
int data_inputs(const DataConfig& config);

// Values of y per example: 1 (a class index, or one regression target), or
// custom_targets for custom regression data given as rows of targets.
int data_targets(const DataConfig& config);

// Checks every field of a data section built in C++ (ranges, custom arrays)
// with the messages the parser gives, field paths starting at "data.".
// parse_experiment calls it too; make_dataset expects a config that passed.
Status validate_data(const DataConfig& config);

}  // namespace actlab
