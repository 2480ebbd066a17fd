// actlab/schema.hpp — the experiment config's schema as one table: for every
// field its path, type, allowed range, default and names. The table is the
// single source of truth for
//   - the reader and to_json (config.cpp), which take each field's type,
//     range, names and messages from it;
//   - lab.schema in JavaScript (schema_json(), bound as `_schema`), from which
//     the page builds its lists and limits;
//   - the field tables of docs/config.md (written from lab.schema by
//     scripts/config-docs.mjs; tests/js/config-docs.test.ts checks them).
//
// Paths are written as in messages: "train.optimizer.lr". The entries of a
// list are "model.layers[]", so a layer's units are "model.layers[].units";
// a list of strings has a row for its entries, e.g. "data.columns[]".
//
// Deliberately left out: rules between fields (a head fits the data, the
// batch fits the training part). The table states them in words
// (`range_words`); config.cpp checks them.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace actlab {

enum class FieldType { integer, number, boolean, string, choice, object, list };

// Allowed values lo..hi, each end closed or open. For a list, the number of
// entries; for a string, its length in bytes.
struct Limits {
  double lo = 0.0, hi = 0.0;
  bool lo_open = false, hi_open = false;

  bool contains(double v) const {  // NaN is never contained
    return (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi);
  }
  // "1..1024", or interval notation when an end is open: "in (0, 1000000]".
  std::string describe() const;
};

// Every field, in the order of the table (and of to_json).
enum class Field : std::uint8_t {
  seed,
  data,
  data_kind,
  data_n,
  data_noise,
  data_test_fraction,
  data_classes,
  data_standardize,
  data_x,
  data_y,
  data_inputs,
  data_columns,
  data_column_name,
  data_class_names,
  data_class_name,
  data_dropped_rows,
  model,
  model_inputs,
  model_layers,
  layer_units,
  layer_activation,
  layer_params,
  layer_formula,
  model_output,
  output_units,
  output_activation,
  model_init,
  model_init_std,
  model_bias_init,
  train,
  train_loss,
  train_optimizer,
  optimizer_kind,
  optimizer_lr,
  optimizer_momentum,
  optimizer_nesterov,
  optimizer_rho,
  optimizer_beta1,
  optimizer_beta2,
  optimizer_epsilon,
  train_batch_size,
  train_weight_decay,
  train_clip_norm,
  steps,
  every,
  count_  // not a field: the number of fields
};
inline constexpr int kFieldCount = static_cast<int>(Field::count_);

struct FieldSchema {
  Field id;
  const char* path;          // "train.optimizer.lr"
  FieldType type;
  Limits limits;             // integer, number: the value; list: entries; string: bytes
  const char* const* names;  // choice: the allowed names, in the order of the C++ enum
  int name_count;
  const char* default_json;  // the default as JSON text; nullptr when it follows from other fields
  const char* default_words; // the default in words (docs), when it follows from other fields
  const char* range_words;   // what the range depends on, in words (docs, lab.schema); may be nullptr
  const char* meaning;       // what the field does (docs, lab.schema)
  bool custom_data_only;     // allowed only when data.kind is custom
};

const FieldSchema& field_schema(Field id);

// The last part of the path: "lr" for "train.optimizer.lr".
std::string_view field_key(Field id);
// True for the row that describes a list's entries ("data.columns[]").
bool is_list_entry(Field id);
// The path of the enclosing object: "train.optimizer" for "train.optimizer.lr",
// "model.layers[]" for "model.layers[].units", "" at the top level.
std::string_view field_parent(Field id);

// Names of choice fields: the name of enum value `index`, and the index of `name`.
const char* choice_name(Field id, int index);
bool find_choice(Field id, std::string_view name, int* index);
// "a, b, c": the names of a choice field, for messages.
std::string choice_list(Field id);

// The whole schema as JSON (lab.schema): { version, fields: [...], dataKinds:
// [...], limits: {...} }; web/src/lib/types.ts declares its shape.
std::string schema_json();

}  // namespace actlab
