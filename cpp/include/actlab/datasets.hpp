// actlab/datasets.hpp — the real datasets of data.kind: iris, wine,
// breast_cancer and digits (sources and licences: docs/datasets.md). Each is
// a CSV file in data/, read by the one CSV reader (csv.hpp), so every build
// with the same file gives the same examples, bit for bit.
//
// Where the text comes from: native builds (the CLI, the test suites)
// compile all four in. The wasm module compiles in iris and wine only and
// receives breast_cancer and digits at run time (load_dataset; lab.loadDataset
// in JavaScript fetches the file), which keeps the page's download small
// (docs/datasets.md gives the sizes).
#pragma once
#include <string_view>

#include "actlab/config.hpp"
#include "actlab/status.hpp"

namespace actlab {

struct DatasetInfo {
  DataKind kind;
  const char* name;   // the data.kind name, and data/<name>.csv
  int rows;           // examples
  int inputs;         // features per example
  int classes;
};

// The dataset behind `kind`, or nullptr for the generators and custom data.
const DatasetInfo* dataset_info(DataKind kind);

// True when the dataset's text is here: compiled in, or given to load_dataset.
bool dataset_available(DataKind kind);

// Gives a dataset its CSV text (the content of data/<name>.csv). The text is
// read now and must have the dataset's shape (rows, inputs, classes); then
// dataset_available(kind) is true. Loading it again replaces it.
Status load_dataset(DataKind kind, std::string_view csv_text);

// The examples of an available dataset as custom data (custom_x, custom_y,
// classes, columns, class_names), or nullptr when it is not available.
const DataConfig* dataset_data(DataKind kind);

// Compiled-in texts for the native programs: the CLI and the test suites
// call this once at start (a generated file defines it, CMakeLists.txt).
void provide_embedded_large_datasets();
// Makes a text with static storage available, read on first use.
void provide_dataset_text(DataKind kind, std::string_view static_text);

}  // namespace actlab
