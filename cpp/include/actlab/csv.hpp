// actlab/csv.hpp — CSV or TSV text as custom data (lab.dataFromCsv, and the
// built-in datasets, which are CSV files too). One reader validates it all:
// every error names the line and the column, e.g.
//   line 17, column "petal_width": "abc" is not a number
//
// The rules (docs/config.md, "Data from CSV"):
//   - separator: comma, tab or semicolon, whichever the first line has most of;
//     cells may be quoted ("a, b", "say ""hi""");
//   - header: line 1 is a header when it has a cell that is not a number above
//     a number in line 2 (or when every cell of it is text);
//   - the label column is chosen by header name or 0-based index (default:
//     the last column); every other column whose first non-empty cell is a
//     number is a feature, other text columns are left out;
//   - text labels are classes, numbered in order of first appearance, their
//     texts the class names; numeric labels that are integers with 2..10
//     distinct values are classes too (numbered in increasing order),
//     otherwise regression targets;
//   - rows with an empty feature or label cell are dropped and counted;
//   - limits: 49 MB of text, 100000 data rows, 64 features, 10 classes,
//     feature and target values within ±1000000; NaN and infinity are errors,
//     so is binary data.
//
// Deliberately left out: locales (decimal commas), multi-column labels.
#pragma once
#include <string>
#include <string_view>

#include "actlab/config.hpp"
#include "actlab/status.hpp"

namespace actlab {

// 49 MB: 100000 rows × 64 numbers of up to 7 characters fit; a 50 MB file does not.
inline constexpr long long kMaxCsvBytes = 49000000;
// Longer header names and class names are cut to this many bytes (at a character boundary).
inline constexpr int kMaxNameBytes = 120;

// Which column holds the labels.
struct CsvLabel {
  enum class By { last, name, index };
  By by = By::last;
  std::string name;     // By::name: the header cell
  double index = -1.0;  // By::index: 0-based (a double, as JavaScript passes it; checked here)
};

// Reads `text` into *out as custom data: kind custom, custom_x (rows ×
// features), custom_y, custom_inputs, classes (0 for regression), columns
// (the features' names), class_names, dropped_rows and standardize = true.
// *out is written only on success.
Status data_from_csv(std::string_view text, const CsvLabel& label, DataConfig* out);

}  // namespace actlab
