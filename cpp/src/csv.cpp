// csv.cpp — CSV/TSV text as custom data (actlab/csv.hpp): one pass that
// checks the text is text, a tokenizer for quoted and unquoted cells, a strict
// number reader, then the rules of csv.hpp. Every message names the line, and
// the column where there is one.
//
// Speed: 100000 rows × 64 numbers (48 MB) are read in about 0.6 s in wasm
// (npm run bench, target 1 s): cells are views into the text, the row
// buffer is reused, and numbers take Clinger's exact fast path (an integer
// mantissa below 2^53 times or divided by an exact power of ten) before
// falling back to strtod. Both give the correctly rounded double, so every
// build reads the same floats, and the same as the JSON reader would.
#include "actlab/csv.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "config_rules.hpp"
#include "util/format.hpp"

namespace actlab {
namespace {

// ============================================================= text check

// Line and character (1-based, counted in bytes) of byte `at`, for messages.
std::string where(std::string_view text, std::size_t at) {
  long long line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < at && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return "line " + std::to_string(line) + ", character " + std::to_string(at - line_start + 1);
}

// The first byte that makes `text` binary rather than text, or npos: a NUL
// or another control character (tab and line breaks excepted), a byte that is
// not valid UTF-8, or U+FFFD, which a binary file read as text turns into.
std::size_t first_binary_byte(std::string_view text, bool* replacement) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  *replacement = false;
  for (std::size_t i = 0; i < n;) {
    const unsigned char b = bytes[i];
    if (b < 0x80) {
      if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f) return i;
      ++i;
      continue;
    }
    const int length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length == 0 || i + length > n) return i;
    for (int k = 1; k < length; ++k)
      if ((bytes[i + k] & 0xc0) != 0x80) return i;
    if (length == 3 && b == 0xef && bytes[i + 1] == 0xbf && bytes[i + 2] == 0xbd) {
      *replacement = true;
      return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

// ============================================================== tokenizer

struct Cell {
  std::string_view raw;  // without the quotes of a quoted cell
  bool quoted = false;
  bool escaped = false;  // holds "" for a quote
};

bool is_blank(char c, char delimiter) { return c == ' ' || (c == '\t' && delimiter != '\t'); }

// Rows of cells from a position of the text on; blank lines are skipped.
class RowReader {
 public:
  RowReader(std::string_view text, std::size_t start, long long line, char delimiter)
      : text_(text), pos_(start), line_(line), delimiter_(delimiter) {}

  // The next row into *cells and the line it starts on; false at the end.
  bool next(std::vector<Cell>* cells, long long* row_line, Status* error) {
    const std::size_t n = text_.size();
    while (pos_ < n) {
      *row_line = line_;
      cells->clear();
      for (;;) {
        Cell cell;
        while (pos_ < n && is_blank(text_[pos_], delimiter_)) ++pos_;
        if (pos_ < n && text_[pos_] == '"') {
          if (!read_quoted(&cell, *row_line, error)) return false;
          while (pos_ < n && is_blank(text_[pos_], delimiter_)) ++pos_;
          if (pos_ < n && text_[pos_] != delimiter_ && text_[pos_] != '\n' && text_[pos_] != '\r') {
            *error = Status::type_error("line " + std::to_string(line_) + ": text after the closing quote of cell " +
                                        std::to_string(cells->size() + 1));
            return false;
          }
        } else {
          const std::size_t start = pos_;
          while (pos_ < n && text_[pos_] != delimiter_ && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
          std::size_t end = pos_;
          while (end > start && is_blank(text_[end - 1], delimiter_)) --end;
          cell.raw = text_.substr(start, end - start);
        }
        cells->push_back(cell);
        if (pos_ < n && text_[pos_] == delimiter_) {
          ++pos_;
          continue;
        }
        break;
      }
      // End of the line.
      if (pos_ < n && text_[pos_] == '\r') ++pos_;
      if (pos_ < n && text_[pos_] == '\n') ++pos_;
      ++line_;
      const bool blank = cells->size() == 1 && cells->front().raw.empty() && !cells->front().quoted;
      if (!blank) return true;
    }
    return false;
  }

  std::size_t position() const { return pos_; }
  long long line() const { return line_; }

 private:
  bool read_quoted(Cell* cell, long long row_line, Status* error) {
    const std::size_t n = text_.size();
    const std::size_t start = ++pos_;
    for (;;) {
      if (pos_ >= n) {
        *error = Status::type_error("line " + std::to_string(row_line) + ": a quoted cell is not closed");
        return false;
      }
      const char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < n && text_[pos_ + 1] == '"') {
          cell->escaped = true;
          pos_ += 2;
          continue;
        }
        cell->raw = text_.substr(start, pos_ - start);
        cell->quoted = true;
        ++pos_;
        return true;
      }
      if (c == '\n') ++line_;
      ++pos_;
    }
  }

  std::string_view text_;
  std::size_t pos_;
  long long line_;
  char delimiter_;
};

// A cell's text, with "" turned back into ".
std::string cell_text(const Cell& cell) {
  if (!cell.escaped) return std::string(cell.raw);
  std::string text;
  for (std::size_t i = 0; i < cell.raw.size(); ++i) {
    text += cell.raw[i];
    if (cell.raw[i] == '"' && i + 1 < cell.raw.size() && cell.raw[i + 1] == '"') ++i;
  }
  return text;
}

// At most `limit` bytes, cut at a UTF-8 character boundary, with "..." when cut.
std::string cut(std::string text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
  return text.substr(0, end) + "...";
}

// ================================================================ numbers

enum class NumberKind { number, not_number, not_finite };

bool equals_ignoring_case(std::string_view a, const char* b) {
  std::size_t i = 0;
  for (; i < a.size() && b[i] != '\0'; ++i) {
    const char c = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (c != b[i]) return false;
  }
  return i == a.size() && b[i] == '\0';
}

constexpr double kPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// A decimal number as written in CSV files: [+-] digits [. digits] [e [+-] digits],
// or [+-] . digits [...]. NaN and infinity (any case) are numbers, but not finite.
NumberKind read_number(std::string_view s, double* out) {
  const std::size_t n = s.size();
  std::size_t i = 0;
  bool negative = false;
  if (i < n && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  const std::string_view word = s.substr(i);
  if (equals_ignoring_case(word, "nan") || equals_ignoring_case(word, "inf") ||
      equals_ignoring_case(word, "infinity")) {
    return NumberKind::not_finite;
  }
  std::uint64_t mantissa = 0;
  int digits = 0;          // significant digits kept in the mantissa
  int exponent10 = 0;      // value = mantissa · 10^exponent10 (before the written exponent)
  bool any_digit = false;
  bool exact = true;       // false once a nonzero digit did not fit the mantissa
  for (; i < n && s[i] >= '0' && s[i] <= '9'; ++i) {
    any_digit = true;
    if (digits < 19) {
      mantissa = mantissa * 10 + static_cast<std::uint64_t>(s[i] - '0');
      if (mantissa != 0) ++digits;
    } else {
      ++exponent10;
      exact = exact && s[i] == '0';
    }
  }
  if (i < n && s[i] == '.') {
    ++i;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; ++i) {
      any_digit = true;
      if (digits < 19) {
        mantissa = mantissa * 10 + static_cast<std::uint64_t>(s[i] - '0');
        if (mantissa != 0) ++digits;
        --exponent10;
      } else {
        exact = exact && s[i] == '0';
      }
    }
  }
  if (!any_digit) return NumberKind::not_number;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool negative_exponent = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) negative_exponent = s[i++] == '-';
    if (i >= n || s[i] < '0' || s[i] > '9') return NumberKind::not_number;
    int written = 0;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; ++i) written = written < 100000 ? written * 10 + (s[i] - '0') : written;
    exponent10 += negative_exponent ? -written : written;
  }
  if (i != n) return NumberKind::not_number;
  double value;
  if (mantissa == 0) {
    value = 0.0;
  } else if (exact && mantissa < (std::uint64_t{1} << 53) && exponent10 >= -22 && exponent10 <= 22) {
    // Both operands are exact doubles: one correctly rounded operation.
    const double m = static_cast<double>(mantissa);
    value = exponent10 >= 0 ? m * kPowersOfTen[exponent10] : m / kPowersOfTen[-exponent10];
  } else {
    char buffer[128];
    std::string long_text;
    const char* text = buffer;
    if (n < sizeof buffer) {
      std::copy(s.begin(), s.end(), buffer);
      buffer[n] = '\0';
    } else {
      long_text.assign(s);
      text = long_text.c_str();
    }
    value = std::strtod(text, nullptr);
    *out = value;
    return NumberKind::number;  // strtod read the sign itself
  }
  *out = negative ? -value : value;
  return NumberKind::number;
}

bool is_number(const Cell& cell) {
  double value;
  return read_number(cell.raw, &value) != NumberKind::not_number;
}

// ==================================================================== rules

char detect_delimiter(std::string_view text, std::size_t start) {
  int commas = 0, tabs = 0, semicolons = 0;
  bool quoted = false;
  for (std::size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    commas += c == ',';
    tabs += c == '\t';
    semicolons += c == ';';
  }
  if (tabs > commas && tabs >= semicolons) return '\t';
  if (semicolons > commas && semicolons > tabs) return ';';
  return ',';
}

enum class ColumnKind { undecided, number, text };

std::string quoted_value(const Cell& cell) { return "\"" + cut(cell_text(cell), 40) + "\""; }

}  // namespace

Status data_from_csv(std::string_view text, const CsvLabel& label, DataConfig* out) {
  if (static_cast<long long>(text.size()) > kMaxCsvBytes) {
    return Status::range_error("the text must be at most " + std::to_string(kMaxCsvBytes) +
                               " bytes (49 MB) of CSV, got " + std::to_string(text.size()));
  }
  bool replacement = false;
  const std::size_t binary = first_binary_byte(text, &replacement);
  if (binary != std::string_view::npos) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02x", static_cast<unsigned char>(text[binary]));
    return Status::type_error(where(text, binary) + ": binary data (" +
                              (replacement ? std::string("U+FFFD, a byte that was not text") : "byte " + std::string(byte)) +
                              "), not CSV or TSV text");
  }
  std::size_t start = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") start = 3;  // a byte order mark
  const char delimiter = detect_delimiter(text, start);

  // ---- line 1 and the first line after it
  Status error;
  std::vector<Cell> first, second;
  long long first_line = 0, second_line = 0;
  RowReader reader(text, start, 1, delimiter);
  if (!reader.next(&first, &first_line, &error)) {
    if (!error.ok()) return error;
    return Status::range_error("the text is empty: expected a header and 1..100000 data rows");
  }
  const std::size_t after_first = reader.position();
  const long long after_first_line = reader.line();
  const bool has_second = reader.next(&second, &second_line, &error);
  if (!error.ok()) return error;

  const std::size_t columns = first.size();
  bool all_text = true;
  bool text_over_number = false;
  for (std::size_t c = 0; c < columns; ++c) {
    const bool text_cell = !first[c].raw.empty() && !is_number(first[c]);
    all_text = all_text && text_cell;
    if (text_cell && has_second && c < second.size() && !second[c].raw.empty() && is_number(second[c]))
      text_over_number = true;
  }
  const bool header = all_text || text_over_number;

  std::vector<std::string> names(columns);
  for (std::size_t c = 0; c < columns; ++c) {
    std::string name = header ? cell_text(first[c]) : std::string();
    names[c] = name.empty() ? "column " + std::to_string(c + 1) : cut(name, kMaxNameBytes);
  }

  // ---- the label column
  std::size_t label_column = columns - 1;
  if (label.by == CsvLabel::By::name) {
    if (!header) {
      return Status::type_error("label \"" + cut(label.name, 40) +
                                "\" names a column, but line 1 is not a header; give the label column's index");
    }
    std::size_t found = columns;
    for (std::size_t c = 0; c < columns && found == columns; ++c)
      if (cell_text(first[c]) == label.name) found = c;
    if (found == columns) {
      std::string list;
      for (std::size_t c = 0; c < columns && c < 20; ++c) list += (c ? ", " : "") + names[c];
      if (columns > 20) list += ", ...";
      return Status::type_error("label \"" + cut(label.name, 40) + "\" is not a column of the header (columns: " +
                                list + ")");
    }
    label_column = found;
  } else if (label.by == CsvLabel::By::index) {
    if (!(label.index >= 0 && label.index < static_cast<double>(columns) && label.index == std::floor(label.index))) {
      return Status::range_error("label must be a column index 0.." + std::to_string(columns - 1) + ", got " +
                                 format_double(label.index));
    }
    label_column = static_cast<std::size_t>(label.index);
  }
  if (columns < 2) {
    return Status::range_error(
        "line 1: one column; need a label column and at least one numeric feature column, separated by commas, "
        "tabs or semicolons");
  }

  if (header && !has_second) {
    return Status::range_error("line " + std::to_string(first_line) +
                               " is a header and no data rows follow; expected 1..100000 data rows");
  }

  // ---- which columns hold numbers: their first non-empty cell says
  const std::size_t data_start = header ? after_first : start;
  const long long data_line = header ? after_first_line : 1;
  std::vector<ColumnKind> kinds(columns, ColumnKind::undecided);
  {
    RowReader scan(text, data_start, data_line, delimiter);
    std::vector<Cell> cells;
    long long line = 0;
    std::size_t undecided = columns;
    while (undecided > 0 && scan.next(&cells, &line, &error)) {
      for (std::size_t c = 0; c < columns && c < cells.size(); ++c) {
        if (kinds[c] != ColumnKind::undecided || cells[c].raw.empty()) continue;
        kinds[c] = is_number(cells[c]) ? ColumnKind::number : ColumnKind::text;
        --undecided;
      }
    }
    if (!error.ok()) return error;
  }
  std::vector<std::size_t> features;
  for (std::size_t c = 0; c < columns; ++c) {
    if (c == label_column || kinds[c] != ColumnKind::number) continue;
    if (static_cast<int>(features.size()) == kMaxInputs) {
      return Status::range_error((header ? "line " + std::to_string(first_line) + ", " : std::string()) + "column \"" + names[c] + "\": a " +
                                 std::to_string(kMaxInputs + 1) + "th numeric feature column; at most " +
                                 std::to_string(kMaxInputs) + " features");
    }
    features.push_back(c);
  }
  if (features.empty()) {
    return Status::range_error("no numeric feature column besides the label column \"" + names[label_column] +
                               "\" (text columns are left out)");
  }
  const bool text_labels = kinds[label_column] == ColumnKind::text;

  // ---- the rows
  const std::size_t F = features.size();
  std::vector<float> x;
  std::vector<double> labels;
  std::vector<std::string> class_names;
  long long data_rows = 0, dropped = 0;
  RowReader rows(text, data_start, data_line, delimiter);
  std::vector<Cell> cells;
  long long line = 0;
  const double limit = kMaxCustomMagnitude;
  auto number_at = [&](const Cell& cell, std::size_t c, double* value) -> Status {
    switch (read_number(cell.raw, value)) {
      case NumberKind::not_number:
        return Status::type_error("line " + std::to_string(line) + ", column \"" + names[c] + "\": " +
                                  quoted_value(cell) + " is not a number");
      case NumberKind::not_finite:
        return Status::type_error("line " + std::to_string(line) + ", column \"" + names[c] + "\": " +
                                  quoted_value(cell) + " is not a finite number");
      case NumberKind::number: break;
    }
    if (!(*value >= -limit && *value <= limit)) {
      return Status::range_error("line " + std::to_string(line) + ", column \"" + names[c] + "\": " +
                                 cut(std::string(cell.raw), 40) + " is outside -1000000..1000000");
    }
    return Status::success();
  };
  while (rows.next(&cells, &line, &error)) {
    if (++data_rows > kMaxSamples) {
      return Status::range_error("line " + std::to_string(line) + ": more than " + std::to_string(kMaxSamples) +
                                 " data rows");
    }
    if (cells.size() != columns) {
      return Status::range_error("line " + std::to_string(line) + ": " + std::to_string(cells.size()) +
                                 (cells.size() == 1 ? " cell" : " cells") + ", expected " + std::to_string(columns) +
                                 " (as many as line 1)");
    }
    bool empty = cells[label_column].raw.empty();
    for (std::size_t f = 0; f < F && !empty; ++f) empty = cells[features[f]].raw.empty();
    if (empty) {
      ++dropped;
      continue;
    }
    for (std::size_t f = 0; f < F; ++f) {
      double value = 0.0;
      const Status s = number_at(cells[features[f]], features[f], &value);
      if (!s) return s;
      x.push_back(static_cast<float>(value));
    }
    const Cell& label_cell = cells[label_column];
    if (text_labels) {
      const std::string name = cut(cell_text(label_cell), kMaxNameBytes);
      std::size_t index = 0;
      while (index < class_names.size() && class_names[index] != name) ++index;
      if (index == class_names.size()) {
        if (static_cast<int>(class_names.size()) == kMaxClasses) {
          return Status::range_error("line " + std::to_string(line) + ", column \"" + names[label_column] +
                                     "\": an 11th class " + quoted_value(label_cell) + "; at most " +
                                     std::to_string(kMaxClasses) + " classes");
        }
        class_names.push_back(name);
      }
      labels.push_back(static_cast<double>(index));
    } else {
      double value = 0.0;
      const Status s = number_at(label_cell, label_column, &value);
      if (!s) return s;
      labels.push_back(value);
    }
  }
  if (!error.ok()) return error;
  if (data_rows == 0) {
    return Status::range_error("line 1 is a header and no data rows follow; expected 1..100000 data rows");
  }
  const std::size_t kept = labels.size();
  if (kept == 0) {
    return Status::range_error("no rows left: each of the " + std::to_string(data_rows) +
                               " data rows has an empty cell in a feature or the label column");
  }

  // ---- classes or targets
  DataConfig data;
  data.kind = DataKind::custom;
  data.custom_inputs = static_cast<int>(F);
  data.custom_targets = 1;
  data.custom_y.resize(kept);
  if (text_labels) {
    if (class_names.size() < 2) {
      return Status::range_error("column \"" + names[label_column] + "\": one class (\"" + class_names[0] +
                                 "\") in " + std::to_string(kept) + " rows; classification needs 2..10 classes");
    }
    data.classes = static_cast<int>(class_names.size());
    for (std::size_t r = 0; r < kept; ++r) data.custom_y[r] = static_cast<float>(labels[r]);
  } else {
    // Integers with 2..10 distinct values are classes, numbered in increasing order.
    std::vector<double> distinct;
    bool integers = true;
    for (std::size_t r = 0; r < kept && integers && distinct.size() <= static_cast<std::size_t>(kMaxClasses); ++r) {
      integers = labels[r] == std::floor(labels[r]);
      if (std::find(distinct.begin(), distinct.end(), labels[r]) == distinct.end()) distinct.push_back(labels[r]);
    }
    if (integers && distinct.size() >= 2 && distinct.size() <= static_cast<std::size_t>(kMaxClasses)) {
      std::sort(distinct.begin(), distinct.end());
      data.classes = static_cast<int>(distinct.size());
      for (double value : distinct) class_names.push_back(format_double(value));
      for (std::size_t r = 0; r < kept; ++r) {
        const auto at = std::lower_bound(distinct.begin(), distinct.end(), labels[r]);
        data.custom_y[r] = static_cast<float>(at - distinct.begin());
      }
    } else {
      data.classes = 0;
      class_names.clear();
      for (std::size_t r = 0; r < kept; ++r) data.custom_y[r] = static_cast<float>(labels[r]);
    }
  }
  data.n = static_cast<int>(kept);
  data.custom_x = std::move(x);
  for (std::size_t f : features) data.columns.push_back(names[f]);
  data.class_names = std::move(class_names);
  data.dropped_rows = static_cast<int>(dropped);
  data.standardize = true;
  *out = std::move(data);
  return Status::success();
}

}  // namespace actlab
