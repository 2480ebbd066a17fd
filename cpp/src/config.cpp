// config.cpp — parsing and validation of the experiment config (config.hpp,
// docs/config.md). This is the only place user JSON becomes a config. Each
// field's type, range, default and names come from the schema table
// (actlab/schema.hpp); this file adds where each field lives in
// ExperimentConfig (`access`) and the rules between fields.
//
// Robustness: the wasm library is built without C++ exceptions, so nothing
// here may throw. JSON is parsed through nlohmann's SAX interface with a
// handler that records the syntax error instead of throwing, and every value
// is type-checked (is_number(), is_string(), ...) before get<>(). Every error
// names the field path and what is allowed; the first error found is reported.
//
// Order of work in parse_experiment: syntax → each section's fields, types
// and ranges → defaults that depend on other sections (model inputs, output
// head and units, loss, batch size, every) → checks across sections (head vs
// data and loss, batch size vs training examples, memory caps). The result is
// written to *out only when everything passed.
#include "actlab/config.hpp"

#include <algorithm>
#include <bitset>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "actlab/datasets.hpp"
#include "actlab/formula.hpp"
#include "actlab/schema.hpp"
#include "config_rules.hpp"
#include "loss.hpp"
#include "util/format.hpp"

namespace actlab {
namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

// ==================================================================== paths

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string indexed(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// A JSON value as it appears in a message: strings with their quotes, so
// "32" (a string) and 32 (a number) read differently. Containers are printed
// by hand, at most 3 levels and 8 elements deep: nlohmann's dump() recurses,
// and a hostile config may nest 100 000 levels.
void append_shown(const json& v, int depth, std::string* text) {
  if (!v.is_structured()) {
    *text += v.dump(-1, ' ', false, json::error_handler_t::replace);
    return;
  }
  const bool is_array = v.is_array();
  *text += is_array ? '[' : '{';
  if (depth >= 3 && !v.empty()) {
    *text += "...";
  } else {
    std::size_t count = 0;
    for (auto it = v.begin(); it != v.end(); ++it, ++count) {
      if (count > 0) *text += ",";
      if (count == 8) {
        *text += "...";
        break;
      }
      if (!is_array) *text += json(it.key()).dump(-1, ' ', false, json::error_handler_t::replace) + ":";
      append_shown(*it, depth + 1, text);
    }
  }
  *text += is_array ? ']' : '}';
}

std::string shown(const json& v) {
  std::string text;
  append_shown(v, 0, &text);
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

// ============================================================ range checks

Status range_error(const std::string& path, const std::string& allowed, const std::string& got) {
  return Status::range_error(path + " must be " + allowed + ", got " + got);
}

Status check_number(double value, const std::string& path, const Limits& allowed) {
  if (allowed.contains(value)) return Status::success();
  return range_error(path, allowed.describe(), format_double(value));
}

Status check_int(long long value, const std::string& path, long long lo, long long hi) {
  if (value >= lo && value <= hi) return Status::success();
  return range_error(path, std::to_string(lo) + ".." + std::to_string(hi), std::to_string(value));
}

// A schema field's range as integers (integer fields have closed integral limits).
long long int_lo(Field id) { return static_cast<long long>(field_schema(id).limits.lo); }
long long int_hi(Field id) { return static_cast<long long>(field_schema(id).limits.hi); }

Status check_field(double value, Field id, const std::string& path) {
  return check_number(value, path, field_schema(id).limits);
}

// The defaults that are not a field's own (docs/config.md says them in words).
constexpr int kDefaultLayerCount = 2;
constexpr int kDefaultBatchSize = 32;
constexpr int kDefaultEvery = 10;
const Limits kCustomValueRange{-kMaxCustomMagnitude, kMaxCustomMagnitude};

// ============================================================ JSON readers

Status read_number(const json& v, const std::string& path, const Limits& allowed, double* out) {
  if (!v.is_number()) return Status::type_error(path + " must be a number, got " + shown(v));
  const double value = v.get<double>();
  if (!allowed.contains(value)) return range_error(path, allowed.describe(), shown(v));
  *out = value;
  return Status::success();
}

// Integers may be written as 32, 32.0 or 3.2e1; 32.5 and "32" are type errors.
Status read_int(const json& v, const std::string& path, long long lo, long long hi, long long* out) {
  const std::string allowed = std::to_string(lo) + ".." + std::to_string(hi);
  if (v.is_number_unsigned()) {
    const std::uint64_t value = v.get<std::uint64_t>();
    if (value > static_cast<std::uint64_t>(hi) || static_cast<long long>(value) < lo) {
      return range_error(path, allowed, shown(v));
    }
    *out = static_cast<long long>(value);
    return Status::success();
  }
  if (v.is_number_integer()) {
    const std::int64_t value = v.get<std::int64_t>();
    if (value < lo || value > hi) return range_error(path, allowed, shown(v));
    *out = value;
    return Status::success();
  }
  if (v.is_number_float()) {
    const double value = v.get<double>();
    if (value != std::floor(value)) return Status::type_error(path + " must be an integer, got " + shown(v));
    if (value < static_cast<double>(lo) || value > static_cast<double>(hi)) return range_error(path, allowed, shown(v));
    *out = static_cast<long long>(value);
    return Status::success();
  }
  return Status::type_error(path + " must be an integer, got " + shown(v));
}

Status read_int(const json& v, const std::string& path, long long lo, long long hi, int* out) {
  long long value = 0;
  Status s = read_int(v, path, lo, hi, &value);
  if (s) *out = static_cast<int>(value);
  return s;
}

Status read_bool(const json& v, const std::string& path, bool* out) {
  if (!v.is_boolean()) return Status::type_error(path + " must be true or false, got " + shown(v));
  *out = v.get<bool>();
  return Status::success();
}

Status read_choice(const json& v, const std::string& path, Field id, int* out) {
  if (v.is_string() && find_choice(id, v.get_ref<const std::string&>(), out)) return Status::success();
  return Status::type_error(path + " must be one of " + choice_list(id) + ", got " + shown(v));
}

// Any scalar field of the schema, as a double: integers, numbers, booleans
// (0 or 1) and choices (the index of the name).
Status read_scalar(const json& v, const std::string& path, Field id, double* out) {
  const FieldSchema& f = field_schema(id);
  Status s;
  switch (f.type) {
    case FieldType::integer: {
      long long value = 0;
      if ((s = read_int(v, path, int_lo(id), int_hi(id), &value))) *out = static_cast<double>(value);
      return s;
    }
    case FieldType::number: return read_number(v, path, f.limits, out);
    case FieldType::boolean: {
      bool value = false;
      if ((s = read_bool(v, path, &value))) *out = value ? 1.0 : 0.0;
      return s;
    }
    case FieldType::choice: {
      int index = 0;
      if ((s = read_choice(v, path, id, &index))) *out = index;
      return s;
    }
    default: return Status::type_error(path + " is not a scalar field");
  }
}

// The field `key` of object `obj`, or nullptr when it is absent.
const json* field(const json& obj, std::string_view key) {
  const auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

// `v` must be an object whose keys are all children of `parent` in the schema:
// a misspelt field is an error, never silently ignored.
Status check_object(const json& v, const std::string& path, std::string_view parent) {
  if (!v.is_object()) {
    return Status::type_error((path.empty() ? std::string("config") : path) + " must be an object, got " + shown(v));
  }
  for (const auto& item : v.items()) {
    bool known = false;
    std::string list;
    for (int i = 0; i < kFieldCount; ++i) {
      const Field id = static_cast<Field>(i);
      if (field_parent(id) != parent || is_list_entry(id)) continue;
      known = known || item.key() == field_key(id);
      if (!list.empty()) list += ", ";
      list += field_key(id);
    }
    if (!known) {
      std::string key = item.key();
      if (key.size() > 60) key = key.substr(0, 57) + "...";
      return Status::type_error("unknown field " + join(path, key) + " (allowed: " + list + ")");
    }
  }
  return Status::success();
}

// Parses text into *root, turning a syntax error into a message instead of an
// exception. Based on nlohmann's own DOM builder; only parse_error differs.
class DomBuilder : public nlohmann::detail::json_sax_dom_parser<json> {
 public:
  explicit DomBuilder(json& root) : json_sax_dom_parser(root, false) {}
  template <class Exception>
  bool parse_error(std::size_t, const std::string&, const Exception& error) {
    // what() reads "[json.exception.parse_error.101] parse error at line 1, ...".
    std::string what = error.what();
    const std::size_t bracket = what.find("] ");
    message = bracket == std::string::npos ? what : what.substr(bracket + 2);
    return false;
  }
  std::string message;
};

Status parse_json(std::string_view text, json* root) {
  if (static_cast<long long>(text.size()) > kMaxConfigBytes) {
    return Status::range_error("config must be at most " + std::to_string(kMaxConfigBytes) + " bytes of JSON, got " +
                               std::to_string(text.size()));
  }
  DomBuilder builder(*root);
  const bool ok = json::sax_parse(text.begin(), text.end(), &builder);
  if (!ok || root->is_discarded()) {
    *root = json();
    return Status::type_error("config is not valid JSON: " +
                              (builder.message.empty() ? std::string("syntax error") : builder.message));
  }
  return Status::success();
}

// ======================================================= where fields live

// Scalars cross the table as doubles: enums as their index, bools as 0/1.
template <class T>
double to_number(T value) {
  if constexpr (std::is_enum_v<T>) return static_cast<double>(static_cast<int>(value));
  else return static_cast<double>(value);
}

template <class T>
T from_number(double value) {
  if constexpr (std::is_enum_v<T>) return static_cast<T>(static_cast<int>(value));
  else if constexpr (std::is_same_v<T, bool>) return value != 0.0;
  else return static_cast<T>(value);
}

// Reads and writes one scalar field of a config; `item` is the layer for the
// fields of model.layers[].
struct FieldAccess {
  double (*get)(const ExperimentConfig& config, int item) = nullptr;
  void (*set)(ExperimentConfig& config, int item, double value) = nullptr;
};

#define ACTLAB_MEMBER(member)                                                                       \
  FieldAccess {                                                                                     \
    [](const ExperimentConfig& c, int item) {                                                       \
      (void)item;                                                                                   \
      return to_number(c.member);                                                                   \
    },                                                                                              \
        [](ExperimentConfig& c, int item, double value) {                                           \
          (void)item;                                                                               \
          c.member = from_number<decltype(c.member)>(value);                                        \
        }                                                                                           \
  }

// Where each scalar field of the schema lives; objects, lists and the
// parameters of a layer have no entry (they are read and written by hand).
FieldAccess access(Field id) {
  switch (id) {
    case Field::seed: return ACTLAB_MEMBER(seed);
    case Field::data_kind: return ACTLAB_MEMBER(data.kind);
    case Field::data_n: return ACTLAB_MEMBER(data.n);
    case Field::data_noise: return ACTLAB_MEMBER(data.noise);
    case Field::data_test_fraction: return ACTLAB_MEMBER(data.test_fraction);
    case Field::data_classes: return ACTLAB_MEMBER(data.classes);
    case Field::data_standardize: return ACTLAB_MEMBER(data.standardize);
    case Field::data_dropped_rows: return ACTLAB_MEMBER(data.dropped_rows);
    case Field::data_inputs: return ACTLAB_MEMBER(data.custom_inputs);
    case Field::model_inputs: return ACTLAB_MEMBER(model.inputs);
    case Field::layer_units: return ACTLAB_MEMBER(model.layers[item].units);
    case Field::layer_activation: return ACTLAB_MEMBER(model.layers[item].activation);
    case Field::output_units: return ACTLAB_MEMBER(model.output.units);
    case Field::output_activation: return ACTLAB_MEMBER(model.output.activation);
    case Field::model_init: return ACTLAB_MEMBER(model.init);
    case Field::model_init_std: return ACTLAB_MEMBER(model.init_std);
    case Field::model_bias_init: return ACTLAB_MEMBER(model.bias_init);
    case Field::train_loss: return ACTLAB_MEMBER(train.loss);
    case Field::optimizer_kind: return ACTLAB_MEMBER(train.optimizer.kind);
    case Field::optimizer_lr: return ACTLAB_MEMBER(train.optimizer.lr);
    case Field::optimizer_momentum: return ACTLAB_MEMBER(train.optimizer.momentum);
    case Field::optimizer_nesterov: return ACTLAB_MEMBER(train.optimizer.nesterov);
    case Field::optimizer_rho: return ACTLAB_MEMBER(train.optimizer.rho);
    case Field::optimizer_beta1: return ACTLAB_MEMBER(train.optimizer.beta1);
    case Field::optimizer_beta2: return ACTLAB_MEMBER(train.optimizer.beta2);
    case Field::optimizer_epsilon: return ACTLAB_MEMBER(train.optimizer.epsilon);
    case Field::train_batch_size: return ACTLAB_MEMBER(train.batch_size);
    case Field::train_weight_decay: return ACTLAB_MEMBER(train.weight_decay);
    case Field::train_clip_norm: return ACTLAB_MEMBER(train.clip_norm);
    case Field::steps: return ACTLAB_MEMBER(steps);
    case Field::every: return ACTLAB_MEMBER(every);
    default: return {};
  }
}

#undef ACTLAB_MEMBER

// Scalars whose range depends on other fields: the readers below check them.
bool read_by_hand(Field id) {
  return id == Field::data_classes || id == Field::data_inputs || id == Field::every;
}

using Presence = std::bitset<kFieldCount>;

// The table's default of a scalar field, as a double (see FieldAccess). The
// defaults are our own JSON literals: true, false, "name" or a number.
double default_value(Field id) {
  const std::string_view text = field_schema(id).default_json;
  if (text == "true" || text == "false") return text == "true" ? 1.0 : 0.0;
  if (!text.empty() && text.front() == '"') {
    int index = 0;
    find_choice(id, text.substr(1, text.size() - 2), &index);
    return index;
  }
  return std::strtod(std::string(text).c_str(), nullptr);
}

// Every scalar field under `parent` that has a default of its own (not one
// that follows from other fields) takes it from the schema.
void apply_defaults(std::string_view parent, int item, ExperimentConfig* config) {
  for (int i = 0; i < kFieldCount; ++i) {
    const Field id = static_cast<Field>(i);
    const std::string_view path = field_schema(id).path;
    const bool under = path.size() > parent.size() && path.compare(0, parent.size(), parent) == 0 &&
                       (parent.empty() || path[parent.size()] == '.');
    // Fields of list entries belong to their entry, not to the enclosing object.
    const bool in_entry = path.find("[]", parent.size()) != std::string_view::npos;
    if (!under || in_entry || field_schema(id).default_json == nullptr || access(id).set == nullptr) continue;
    access(id).set(*config, item, default_value(id));
  }
}

// Reads the object `v` at schema path `parent`, shown in messages as `path`
// (e.g. "model.layers[2]"): only known fields, and every scalar field that is
// present, with its type and range from the schema. Other fields (objects,
// lists, those read by hand) are left to the caller; all present ones are
// marked in *present.
Status read_object(const json& v, std::string_view parent, const std::string& path, int item, ExperimentConfig* config,
                   Presence* present) {
  Status s = check_object(v, path, parent);
  if (!s) return s;
  for (int i = 0; i < kFieldCount; ++i) {
    const Field id = static_cast<Field>(i);
    if (field_parent(id) != parent || is_list_entry(id)) continue;
    const json* value = field(v, field_key(id));
    if (value == nullptr) continue;
    present->set(i);
    const FieldAccess where = access(id);
    if (where.set == nullptr || read_by_hand(id)) continue;
    double scalar = 0.0;
    if (!(s = read_scalar(*value, join(path, field_key(id)), id, &scalar))) return s;
    where.set(*config, item, scalar);
  }
  return Status::success();
}

// ==================================================================== data

// data.x: either rows ([[x0, x1], ...], data.inputs optional) or flat
// row-major numbers (data.inputs required). Called after data.y is read.
Status read_custom_x(const json& x, const json* inputs_field, DataConfig* data) {
  if (!x.is_array()) return Status::type_error("data.x must be an array, got " + shown(x));
  const std::size_t rows = data->custom_y.size() / static_cast<std::size_t>(data->custom_targets);
  const bool nested = !x.empty() && x[0].is_array();
  int inputs = 0;
  if (inputs_field != nullptr) {
    Status s = read_int(*inputs_field, "data.inputs", int_lo(Field::data_inputs), int_hi(Field::data_inputs), &inputs);
    if (!s) return s;
  } else if (nested) {
    inputs = static_cast<int>(x[0].size());
    Status s = check_int(inputs, "data.x[0] length (data.inputs)", int_lo(Field::data_inputs),
                         int_hi(Field::data_inputs));
    if (!s) return s;
  } else {
    return Status::type_error("data.inputs is required when data.x is a flat array");
  }

  if (nested) {
    if (x.size() != rows) {
      return Status::range_error("data.x must have " + std::to_string(rows) + " rows (one per data.y entry), got " +
                                 std::to_string(x.size()));
    }
  } else if (x.size() != rows * static_cast<std::size_t>(inputs)) {
    return Status::range_error("data.x must have " + std::to_string(rows * inputs) +
                               " numbers (data.y entries × data.inputs), got " + std::to_string(x.size()));
  }

  data->custom_inputs = inputs;
  data->custom_x.resize(rows * static_cast<std::size_t>(inputs));
  double value = 0.0;
  if (nested) {
    for (std::size_t r = 0; r < rows; ++r) {
      const json& row = x[r];
      const std::string row_path = indexed("data.x", r);
      if (!row.is_array() || row.size() != static_cast<std::size_t>(inputs)) {
        return Status::type_error(row_path + " must be an array of " + std::to_string(inputs) +
                                  " numbers (data.inputs), got " + shown(row));
      }
      for (int c = 0; c < inputs; ++c) {
        Status s = read_number(row[c], indexed(row_path, c), kCustomValueRange, &value);
        if (!s) return s;
        data->custom_x[r * inputs + c] = static_cast<float>(value);
      }
    }
  } else {
    for (std::size_t i = 0; i < x.size(); ++i) {
      Status s = read_number(x[i], indexed("data.x", i), kCustomValueRange, &value);
      if (!s) return s;
      data->custom_x[i] = static_cast<float>(value);
    }
  }
  return Status::success();
}

// data.columns / data.classNames: a list of names, each a string of the
// entry row's length (data.columns[], data.classNames[]).
Status read_names(const json& v, Field list, Field entry, std::vector<std::string>* out) {
  const std::string path = field_schema(list).path;
  if (!v.is_array()) return Status::type_error(path + " must be an array of strings, got " + shown(v));
  const Limits& count = field_schema(list).limits;
  Status s = check_int(static_cast<long long>(v.size()), path + " length", static_cast<long long>(count.lo),
                       static_cast<long long>(count.hi));
  if (!s) return s;
  const Limits& bytes = field_schema(entry).limits;
  out->clear();
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) return Status::type_error(indexed(path, i) + " must be a string, got " + shown(v[i]));
    const std::string& name = v[i].get_ref<const std::string&>();
    if (!bytes.contains(static_cast<double>(name.size()))) {
      return range_error(indexed(path, i) + " length", bytes.describe() + " bytes", std::to_string(name.size()));
    }
    out->push_back(name);
  }
  return Status::success();
}

// data.y: one number per example (labels or targets), or rows of regression
// targets ([[t0, t1], ...]), all as long as the first, 1..10 each.
Status read_custom_y(const json& y, DataConfig* data) {
  const std::size_t rows = y.size();
  const bool nested = y[0].is_array();
  int targets = 1;
  if (nested) {
    targets = static_cast<int>(y[0].size());
    Status s = check_int(targets, "data.y[0] length (targets per example)", 1, kMaxTargets);
    if (!s) return s;
  }
  data->custom_targets = targets;
  data->custom_y.resize(rows * static_cast<std::size_t>(targets));
  double value = 0.0;
  for (std::size_t r = 0; r < rows; ++r) {
    const json& entry = y[r];
    const std::string path = indexed("data.y", r);
    if (!nested) {
      Status s = read_number(entry, path, kCustomValueRange, &value);
      if (!s) return s;
      data->custom_y[r] = static_cast<float>(value);
      continue;
    }
    if (!entry.is_array() || entry.size() != static_cast<std::size_t>(targets)) {
      return Status::type_error(path + " must be an array of " + std::to_string(targets) +
                                " numbers (as long as data.y[0]), got " + shown(entry));
    }
    for (int t = 0; t < targets; ++t) {
      Status s = read_number(entry[t], indexed(path, t), kCustomValueRange, &value);
      if (!s) return s;
      data->custom_y[r * targets + t] = static_cast<float>(value);
    }
  }
  return Status::success();
}

// Custom data from arrays beside the JSON (CustomArrays): data.inputs is
// required, y holds rows × targets values. The values are checked with the
// others by validate_data.
Status read_custom_arrays(const json& v, const CustomArrays& arrays, DataConfig* data) {
  if (field(v, "x") != nullptr || field(v, "y") != nullptr) {
    return Status::type_error("data.x and data.y are given as arrays beside the config, so the config must not "
                              "hold them too");
  }
  const json* inputs_field = field(v, "inputs");
  if (inputs_field == nullptr) return Status::type_error("data.inputs is required when data.x is a flat array");
  Status s = read_int(*inputs_field, "data.inputs", int_lo(Field::data_inputs), int_hi(Field::data_inputs),
                      &data->custom_inputs);
  if (!s) return s;
  const std::size_t inputs = static_cast<std::size_t>(data->custom_inputs);
  if (arrays.x_count % inputs != 0) {
    return Status::range_error("data.x must have rows of " + std::to_string(inputs) + " numbers (data.inputs), got " +
                               std::to_string(arrays.x_count) + " numbers");
  }
  const std::size_t rows = arrays.x_count / inputs;
  if (!(s = check_int(static_cast<long long>(rows), "data.x rows", 1, kMaxSamples))) return s;
  if (arrays.y_count % rows != 0 || arrays.y_count / rows < 1 || arrays.y_count / rows > static_cast<std::size_t>(kMaxTargets)) {
    return Status::range_error("data.y must have 1..10 values per row of data.x (" + std::to_string(rows) +
                               " rows), got " + std::to_string(arrays.y_count));
  }
  if (field(v, "n") != nullptr && data->n != static_cast<int>(rows)) {
    return range_error("data.n", std::to_string(rows) + " (the rows of data.x)", shown(*field(v, "n")));
  }
  data->n = static_cast<int>(rows);
  data->custom_targets = static_cast<int>(arrays.y_count / rows);
  data->custom_x.assign(arrays.x, arrays.x + arrays.x_count);
  data->custom_y.assign(arrays.y, arrays.y + arrays.y_count);
  return Status::success();
}

Status read_data(const json& v, ExperimentConfig* config, Presence* present, const CustomArrays* arrays) {
  Status s = read_object(v, "data", "data", 0, config, present);
  if (!s) return s;
  DataConfig* data = &config->data;
  const bool custom = data->kind == DataKind::custom;
  if (!custom) {
    for (int i = 0; i < kFieldCount; ++i) {
      const Field id = static_cast<Field>(i);
      if (field_schema(id).custom_data_only && field(v, field_key(id)) != nullptr) {
        return Status::type_error(std::string(field_schema(id).path) +
                                  " is only allowed when data.kind is custom, got data.kind " +
                                  choice_name(Field::data_kind, static_cast<int>(data->kind)));
      }
    }
  }
  if (const json* f = field(v, "classes")) {
    if (custom) {
      if (!(s = read_int(*f, "data.classes", 0, kMaxClasses, &data->classes))) return s;
      if (data->classes == 1) return range_error("data.classes", "0 (regression) or 2..10 for custom data", "1");
    } else if (!(s = read_int(*f, "data.classes", int_lo(Field::data_classes), int_hi(Field::data_classes),
                              &data->classes))) {
      return s;
    }
  }
  if (const DatasetInfo* dataset = dataset_info(data->kind)) {
    if (present->test(static_cast<int>(Field::data_n)) && data->n != dataset->rows) {
      return range_error("data.n", std::to_string(dataset->rows) + " (the examples of " + dataset->name + ")",
                         shown(*field(v, "n")));
    }
    data->n = dataset->rows;
  }
  if (!custom) return Status::success();
  if (const json* f = field(v, "columns")) {
    if (!(s = read_names(*f, Field::data_columns, Field::data_column_name, &data->columns))) return s;
  }
  if (const json* f = field(v, "classNames")) {
    if (!(s = read_names(*f, Field::data_class_names, Field::data_class_name, &data->class_names))) return s;
  }

  if (arrays != nullptr) return read_custom_arrays(v, *arrays, data);

  // Custom data: y first (its length is n), then x.
  const json* y = field(v, "y");
  const json* x = field(v, "x");
  if (y == nullptr || x == nullptr) return Status::type_error("data.x and data.y are required when data.kind is custom");
  if (!y->is_array()) return Status::type_error("data.y must be an array, got " + shown(*y));
  if (!(s = check_int(static_cast<long long>(y->size()), "data.y length", 1, kMaxSamples))) return s;
  if (present->test(static_cast<int>(Field::data_n)) && data->n != static_cast<int>(y->size())) {
    return range_error("data.n", std::to_string(y->size()) + " (the length of data.y)", shown(*field(v, "n")));
  }
  data->n = static_cast<int>(y->size());
  if (!(s = read_custom_y(*y, data))) return s;
  return read_custom_x(*x, field(v, "inputs"), data);
}

// =================================================================== model

// params of a custom layer: the string "formula" and one number per
// parameter of the formula; check_formula (actlab/formula.hpp) checks the
// formula, the names and the ranges with messages naming these paths.
Status read_custom_params(const json* params, const std::string& params_path, LayerConfig* layer) {
  // The formula is the schema's string field model.layers[].params.formula.
  const std::string formula_path = join(params_path, field_key(Field::layer_formula));
  if (params == nullptr || !params->is_object() || field(*params, "formula") == nullptr) {
    if (params != nullptr && !params->is_object()) {
      return Status::type_error(params_path + " must be an object, got " + shown(*params));
    }
    return Status::type_error(formula_path + " is required for activation custom (a formula in z, e.g. \"z*sigmoid(z)\")");
  }
  layer->formula_params.clear();
  for (const auto& item : params->items()) {
    const std::string key = item.key();
    if (key == field_key(Field::layer_formula)) {
      if (!item.value().is_string()) {
        return Status::type_error(formula_path + " must be a string (a formula in z), got " + shown(item.value()));
      }
      layer->formula = item.value().get<std::string>();
    } else if (!item.value().is_number()) {
      return Status::type_error(join(params_path, key.c_str()) + " must be a number, got " + shown(item.value()));
    } else {
      layer->formula_params.push_back({key, item.value().get<double>()});
    }
  }
  return check_formula(layer->formula, layer->formula_params, formula_path, params_path + ".");
}

Status read_layer(const json& v, const std::string& path, std::size_t index, ExperimentConfig* config) {
  LayerConfig* layer = &config->model.layers[index];
  apply_defaults("model.layers[]", static_cast<int>(index), config);
  Presence present;
  Status s = read_object(v, "model.layers[]", path, static_cast<int>(index), config, &present);
  if (!s) return s;
  layer->params = default_params(layer->activation);
  if (layer->activation == Act::custom) return read_custom_params(field(v, "params"), join(path, "params"), layer);
  if (const json* f = field(v, "params")) {
    const std::string params_path = join(path, "params");
    if (!f->is_object()) return Status::type_error(params_path + " must be an object, got " + shown(*f));
    for (const auto& item : f->items()) {
      const std::string key = item.key();
      if (!item.value().is_number()) {
        return Status::type_error(join(params_path, key.c_str()) + " must be a number, got " + shown(item.value()));
      }
      if (!(s = set_param(layer->activation, key, item.value().get<double>(), &layer->params, params_path + "."))) {
        return s;
      }
    }
  }
  return Status::success();
}

long long parameter_count(const ModelConfig& model) {
  long long count = 0;
  long long fan_in = model.inputs;
  for (const LayerConfig& layer : model.layers) {
    count += fan_in * layer.units + layer.units;
    if (layer.activation == Act::prelu) count += layer.units;  // one slope per unit
    fan_in = layer.units;
  }
  return count + fan_in * model.output.units + model.output.units;
}

void default_layers(ExperimentConfig* config) {
  // A missing "layers" means the TensorFlow Playground-like default network.
  config->model.layers.assign(kDefaultLayerCount, LayerConfig{});
  for (int l = 0; l < kDefaultLayerCount; ++l) {
    apply_defaults("model.layers[]", l, config);
    config->model.layers[l].params = default_params(config->model.layers[l].activation);
  }
}

// The model object at `v` into config->model.
Status read_model(const json& v, ExperimentConfig* config, Presence* present) {
  Status s = read_object(v, "model", "model", 0, config, present);
  if (!s) return s;
  ModelConfig* model = &config->model;
  if (const json* f = field(v, "layers")) {
    if (!f->is_array()) return Status::type_error("model.layers must be an array, got " + shown(*f));
    if (!(s = check_int(static_cast<long long>(f->size()), "model.layers length", int_lo(Field::model_layers),
                        int_hi(Field::model_layers)))) {
      return s;
    }
    model->layers.resize(f->size());
    for (std::size_t i = 0; i < f->size(); ++i) {
      if (!(s = read_layer((*f)[i], indexed("model.layers", i), i, config))) return s;
    }
  } else {
    default_layers(config);
  }
  if (const json* f = field(v, "output")) {
    if (!(s = read_object(*f, "model.output", "model.output", 0, config, present))) return s;
  }
  return Status::success();
}

// Output units against the head. `classes` is the data's class count, or −1
// when the model is parsed on its own (no data known); `targets` the data's
// regression targets per example (identity head).
Status check_output_units(const ModelConfig& model, int classes, const DataConfig* data = nullptr) {
  const int units = model.output.units;
  const std::string got = std::to_string(units);
  switch (model.output.activation) {
    case Head::sigmoid:
      if (units != 1) return range_error("model.output.units", "1 for a sigmoid head", got);
      break;
    case Head::identity:
      if (data == nullptr && units > kMaxTargets) {
        return range_error("model.output.units", "1.." + std::to_string(kMaxTargets) + " for an identity head", got);
      }
      if (data != nullptr && data->kind != DataKind::custom && units != 1) {
        return range_error("model.output.units",
                           std::string("1 for data.kind ") + choice_name(Field::data_kind, static_cast<int>(data->kind)) +
                               " (one target per example)",
                           got);
      }
      if (data != nullptr && data->kind == DataKind::custom && units != data_targets(*data)) {
        const int targets = data_targets(*data);
        return range_error("model.output.units",
                           std::to_string(targets) + " (data.y has " + std::to_string(targets) + " target" +
                               (targets == 1 ? "" : "s") + " per example)",
                           got);
      }
      break;
    case Head::softmax:
      if (classes < 0 && units < 2) return range_error("model.output.units", "2..1024 for a softmax head", got);
      if (classes >= 0 && units != classes) {
        return range_error("model.output.units",
                           std::to_string(classes) + " for a softmax head on " + std::to_string(classes) + "-class data",
                           got);
      }
      break;
  }
  return Status::success();
}

Status check_parameter_count(const ModelConfig& model) {
  const long long count = parameter_count(model);
  if (count <= kMaxParameters) return Status::success();
  return Status::range_error("model has " + std::to_string(count) + " parameters, more than the " +
                             std::to_string(kMaxParameters) + " allowed (use fewer or narrower model.layers)");
}

// =================================================================== train

Status read_train(const json& v, ExperimentConfig* config, Presence* present) {
  Status s = read_object(v, "train", "train", 0, config, present);
  if (!s) return s;
  if (const json* f = field(v, "optimizer")) {
    if (!(s = read_object(*f, "train.optimizer", "train.optimizer", 0, config, present))) return s;
  }
  return Status::success();
}

// ================================================================= to_json

// A float as the shortest decimal that reads back as the same float, so the
// JSON shows 0.1 rather than 0.10000000149011612.
double float_for_json(float value) { return std::strtod(format_float(value).c_str(), nullptr); }

ordered_json scalar_json(Field id, const ExperimentConfig& config, int item) {
  const double value = access(id).get(config, item);
  switch (field_schema(id).type) {
    case FieldType::integer:
      return value >= 0 ? ordered_json(static_cast<std::uint64_t>(value)) : ordered_json(static_cast<long long>(value));
    case FieldType::boolean: return ordered_json(value != 0.0);
    case FieldType::choice: return ordered_json(choice_name(id, static_cast<int>(value)));
    default: return ordered_json(value);
  }
}

ordered_json layer_params_json(const LayerConfig& layer) {
  const ActivationInfo& info = activation_info(layer.activation);
  ordered_json params = ordered_json::object();
  for (int i = 0; i < info.param_count; ++i) params[info.params[i].name] = float_for_json(layer.params.p[i]);
  if (layer.activation == Act::custom) {
    params["formula"] = layer.formula;
    for (const FormulaParam& p : layer.formula_params) params[p.name] = p.value;
  }
  return params;
}

// The object at schema path `parent`, every field in table order.
ordered_json object_json(std::string_view parent, const ExperimentConfig& config, int item, bool with_custom_data) {
  const bool custom = config.data.kind == DataKind::custom;
  ordered_json out = ordered_json::object();
  for (int i = 0; i < kFieldCount; ++i) {
    const Field id = static_cast<Field>(i);
    const FieldSchema& f = field_schema(id);
    if (field_parent(id) != parent || is_list_entry(id) || (f.custom_data_only && !custom)) continue;
    if (!with_custom_data && (id == Field::data_x || id == Field::data_y)) continue;
    const std::string key(field_key(id));
    switch (id) {
      case Field::data_n:
        out[key] = custom ? static_cast<int>(config.data.custom_y.size() /
                                             static_cast<std::size_t>(std::max(1, config.data.custom_targets)))
                          : config.data.n;
        break;
      case Field::data_x: {
        ordered_json values = ordered_json::array();
        for (float v : config.data.custom_x) values.push_back(float_for_json(v));
        out[key] = std::move(values);
        break;
      }
      case Field::data_y: {
        // One number per example, or rows of targets when there are several.
        const std::vector<float>& y = config.data.custom_y;
        const std::size_t targets = static_cast<std::size_t>(config.data.custom_targets);
        ordered_json values = ordered_json::array();
        for (std::size_t r = 0; targets > 0 && r < y.size() / targets; ++r) {
          if (targets == 1) {
            values.push_back(float_for_json(y[r]));
            continue;
          }
          ordered_json row = ordered_json::array();
          for (std::size_t t = 0; t < targets; ++t) row.push_back(float_for_json(y[r * targets + t]));
          values.push_back(std::move(row));
        }
        out[key] = std::move(values);
        break;
      }
      case Field::data_columns:
      case Field::data_class_names: {
        ordered_json names = ordered_json::array();
        for (const std::string& name : id == Field::data_columns ? config.data.columns : config.data.class_names)
          names.push_back(name);
        out[key] = std::move(names);
        break;
      }
      case Field::model_layers: {
        ordered_json layers = ordered_json::array();
        for (std::size_t l = 0; l < config.model.layers.size(); ++l)
          layers.push_back(object_json("model.layers[]", config, static_cast<int>(l), with_custom_data));
        out[key] = std::move(layers);
        break;
      }
      case Field::layer_params: out[key] = layer_params_json(config.model.layers[item]); break;
      default:
        if (f.type == FieldType::object) out[key] = object_json(f.path, config, item, with_custom_data);
        else out[key] = scalar_json(id, config, item);
    }
  }
  return out;
}

}  // namespace

// ============================================================ shared rules

int test_count(int n, double test_fraction) {
  if (n <= 1) return 0;
  const double rounded = std::floor(static_cast<double>(n) * test_fraction + 0.5);
  if (!(rounded > 0.0)) return 0;
  return rounded >= n - 1 ? n - 1 : static_cast<int>(rounded);
}

int data_classes(const DataConfig& config) {
  if (const DatasetInfo* dataset = dataset_info(config.kind)) return dataset->classes;
  switch (config.kind) {
    case DataKind::moons:
    case DataKind::circles:
    case DataKind::xor_: return 2;
    case DataKind::spiral:
    case DataKind::blobs:
    case DataKind::custom: return config.classes;
    default: return 0;
  }
}

int data_inputs(const DataConfig& config) {
  if (const DatasetInfo* dataset = dataset_info(config.kind)) return dataset->inputs;
  switch (config.kind) {
    case DataKind::sin:
    case DataKind::abs:
    case DataKind::step: return 1;
    case DataKind::custom: return config.custom_inputs;
    default: return 2;
  }
}

int data_targets(const DataConfig& config) {
  return config.kind == DataKind::custom && config.classes == 0 ? config.custom_targets : 1;
}

Status validate_data(const DataConfig& config) {
  Status s;
  if (!(s = check_field(config.noise, Field::data_noise, "data.noise"))) return s;
  if (!(s = check_field(config.test_fraction, Field::data_test_fraction, "data.testFraction"))) return s;
  if (const DatasetInfo* dataset = dataset_info(config.kind)) {
    if (!dataset_available(config.kind)) {
      return Status::range_error(std::string("data.kind ") + dataset->name +
                                 " needs its data, which this build loads on demand: call lab.loadDataset('" +
                                 dataset->name + "') first (docs/datasets.md)");
    }
    return check_int(config.n, "data.n", dataset->rows, dataset->rows);
  }
  if (config.kind != DataKind::custom) {
    if (!(s = check_int(config.n, "data.n", int_lo(Field::data_n), int_hi(Field::data_n)))) return s;
    return check_int(config.classes, "data.classes", int_lo(Field::data_classes), int_hi(Field::data_classes));
  }

  const int inputs = config.custom_inputs;
  const int targets = config.custom_targets;
  if (!(s = check_int(inputs, "data.inputs", int_lo(Field::data_inputs), int_hi(Field::data_inputs)))) return s;
  if (!(s = check_int(targets, "data.y[0] length (targets per example)", 1, kMaxTargets))) return s;
  if (config.custom_y.size() % static_cast<std::size_t>(targets) != 0) {
    return Status::range_error("data.y must have rows of " + std::to_string(targets) + " targets, got " +
                               std::to_string(config.custom_y.size()) + " numbers");
  }
  const std::size_t rows = config.custom_y.size() / static_cast<std::size_t>(targets);
  if (!(s = check_int(static_cast<long long>(rows), "data.y length", 1, kMaxSamples))) return s;
  if (config.custom_x.size() != rows * static_cast<std::size_t>(inputs)) {
    return Status::range_error("data.x must have " + std::to_string(rows * inputs) +
                               " numbers (data.y entries × data.inputs), got " + std::to_string(config.custom_x.size()));
  }
  if (config.classes != 0 && !(config.classes >= kMinClasses && config.classes <= kMaxClasses)) {
    return range_error("data.classes", "0 (regression) or 2..10 for custom data", std::to_string(config.classes));
  }
  if (!config.columns.empty() && config.columns.size() != static_cast<std::size_t>(inputs)) {
    return Status::range_error("data.columns must have " + std::to_string(inputs) + " names (one per data.inputs), got " +
                               std::to_string(config.columns.size()));
  }
  if (!config.class_names.empty() && config.class_names.size() != static_cast<std::size_t>(config.classes)) {
    return Status::range_error(config.classes == 0
                                   ? "data.classNames must be empty for regression data (data.classes 0), got " +
                                         std::to_string(config.class_names.size()) + " names"
                                   : "data.classNames must have " + std::to_string(config.classes) +
                                         " names (one per class), got " + std::to_string(config.class_names.size()));
  }
  if (!(s = check_int(config.dropped_rows, "data.droppedRows", int_lo(Field::data_dropped_rows),
                      int_hi(Field::data_dropped_rows)))) {
    return s;
  }
  if (config.classes != 0 && targets != 1) {
    return Status::range_error("data.y must hold one class index per example for " + std::to_string(config.classes) +
                               "-class data, got rows of " + std::to_string(targets) +
                               " targets (rows are for regression)");
  }
  for (std::size_t i = 0; i < config.custom_x.size(); ++i) {
    if (!(s = check_number(config.custom_x[i], indexed("data.x", i), kCustomValueRange))) return s;
  }
  for (std::size_t i = 0; i < config.custom_y.size(); ++i) {
    const float label = config.custom_y[i];
    if (config.classes == 0) {
      const std::string path =
          targets == 1 ? indexed("data.y", i) : indexed(indexed("data.y", i / targets), i % targets);
      if (!(s = check_number(label, path, kCustomValueRange))) return s;
    } else if (!(label >= 0.0f && label < static_cast<float>(config.classes) && label == std::floor(label))) {
      return range_error(indexed("data.y", i),
                         "a class index 0.." + std::to_string(config.classes - 1) + " (data.classes is " +
                             std::to_string(config.classes) + ")",
                         format_float(label));
    }
  }
  return Status::success();
}

// ================================================================== public

Status parse_experiment(std::string_view text, ExperimentConfig* out) {
  return parse_experiment(text, CustomArrays{}, out);
}

Status parse_experiment(std::string_view text, const CustomArrays& custom_arrays, ExperimentConfig* out) {
  const CustomArrays* arrays = custom_arrays.x != nullptr || custom_arrays.y != nullptr ? &custom_arrays : nullptr;
  json root;
  Status s = parse_json(text, &root);
  if (!s) return s;

  ExperimentConfig config;
  apply_defaults("", 0, &config);
  Presence present;
  if (!(s = read_object(root, "", "", 0, &config, &present))) return s;
  if (const json* f = field(root, "data")) {
    if (!(s = read_data(*f, &config, &present, arrays))) return s;
  }
  if (arrays != nullptr && config.data.kind != DataKind::custom) {
    return Status::type_error("data.x and data.y are given as arrays beside the config, so data.kind must be custom");
  }
  if (const json* f = field(root, "model")) {
    if (!(s = read_model(*f, &config, &present))) return s;
  } else {
    default_layers(&config);
  }
  if (const json* f = field(root, "train")) {
    if (!(s = read_train(*f, &config, &present))) return s;
  }
  const int max_every = config.steps > 1 ? config.steps : 1;
  if (const json* f = field(root, "every")) {
    if (!(s = read_int(*f, "every", int_lo(Field::every), max_every, &config.every))) return s;
  } else {
    config.every = kDefaultEvery < max_every ? kDefaultEvery : max_every;
  }

  // ---- defaults that depend on other sections
  auto given = [&present](Field id) { return present.test(static_cast<int>(id)); };
  DataConfig& data = config.data;
  ModelConfig& model = config.model;
  const std::string kind_name = choice_name(Field::data_kind, static_cast<int>(data.kind));
  const bool head_given = given(Field::output_activation), units_given = given(Field::output_units);
  if (data.kind == DataKind::custom && !given(Field::data_classes)) {
    // Custom labels are class indices when the head says so.
    data.classes = 0;
    if (head_given && model.output.activation == Head::sigmoid) data.classes = 2;
    if (head_given && model.output.activation == Head::softmax) {
      if (!units_given) {
        return Status::type_error("data.classes is required for custom data with a softmax head");
      }
      data.classes = model.output.units;
      if (!(s = check_int(data.classes, "data.classes", kMinClasses, kMaxClasses))) return s;
    }
  }
  if (!given(Field::data_standardize)) data.standardize = dataset_info(data.kind) != nullptr;
  const int classes = data_classes(data);
  if (!head_given) {
    model.output.activation = classes == 0 ? Head::identity : classes == 2 ? Head::sigmoid : Head::softmax;
  }
  if (!units_given) {
    model.output.units = model.output.activation == Head::softmax    ? classes
                         : model.output.activation == Head::identity ? data_targets(data)
                                                                     : 1;
  }
  if (!given(Field::train_loss)) config.train.loss = loss_of_head(model.output.activation);

  // ---- checks across sections
  if (!(s = validate_data(data))) return s;
  const int inputs = data_inputs(data);
  if (!given(Field::model_inputs)) {
    model.inputs = inputs;
  } else if (model.inputs != inputs) {
    return range_error("model.inputs", std::to_string(inputs) + " to match the data (data.kind " + kind_name + ")",
                       std::to_string(model.inputs));
  }
  const std::string head_name = choice_name(Field::output_activation, static_cast<int>(model.output.activation));
  if (classes == 0 && model.output.activation != Head::identity) {
    return range_error("model.output.activation", "identity for regression data (data.kind " + kind_name + ")",
                       head_name);
  }
  if (classes > 0 && model.output.activation == Head::identity) {
    return range_error("model.output.activation",
                       "sigmoid or softmax for classification data (data.kind " + kind_name + ")", head_name);
  }
  if (classes > 2 && model.output.activation == Head::sigmoid) {
    return range_error("model.output.activation",
                       "softmax for " + std::to_string(classes) + "-class data (data.kind " + kind_name + ")",
                       head_name);
  }
  if (!(s = check_output_units(model, classes, &data))) return s;
  const Loss head_loss = loss_of_head(model.output.activation);
  if (config.train.loss != head_loss) {
    return range_error("train.loss",
                       std::string(choice_name(Field::train_loss, static_cast<int>(head_loss))) + " for a " +
                           head_name + " head",
                       choice_name(Field::train_loss, static_cast<int>(config.train.loss)));
  }
  if (!(s = check_parameter_count(model))) return s;

  const int n_train = data.n - test_count(data.n, data.test_fraction);
  if (!given(Field::train_batch_size)) {
    config.train.batch_size = kDefaultBatchSize < n_train ? kDefaultBatchSize : n_train;
  } else if (config.train.batch_size > n_train) {
    return range_error("train.batchSize",
                       "1.." + std::to_string(n_train) + " (the training examples after the test split)",
                       std::to_string(config.train.batch_size));
  }
  long long total_units = model.output.units;
  for (const LayerConfig& layer : model.layers) total_units += layer.units;
  const long long batch_activations = total_units * config.train.batch_size;
  if (batch_activations > kMaxBatchActivations) {
    return Status::range_error("train.batchSize × units of all layers must be at most " +
                               std::to_string(kMaxBatchActivations) + ", got " +
                               std::to_string(config.train.batch_size) + " × " + std::to_string(total_units) + " = " +
                               std::to_string(batch_activations) + " (use a smaller batch or narrower layers)");
  }

  *out = std::move(config);
  return Status::success();
}

Status parse_model(std::string_view text, ModelConfig* out) {
  json root;
  Status s = parse_json(text, &root);
  if (!s) return s;
  ExperimentConfig config;
  apply_defaults("model", 0, &config);
  Presence present;
  if (!(s = read_model(root, &config, &present))) return s;
  ModelConfig& model = config.model;
  if (!present.test(static_cast<int>(Field::output_units))) {
    model.output.units = model.output.activation == Head::softmax ? 2 : 1;
  }
  if (!(s = check_output_units(model, -1))) return s;
  if (!(s = check_parameter_count(model))) return s;
  *out = std::move(model);
  return Status::success();
}

Status validate_model(const ModelConfig& model) {
  Status s;
  if (!(s = check_int(model.inputs, "model.inputs", int_lo(Field::model_inputs), int_hi(Field::model_inputs)))) {
    return s;
  }
  if (!(s = check_int(static_cast<long long>(model.layers.size()), "model.layers length", int_lo(Field::model_layers),
                      int_hi(Field::model_layers)))) {
    return s;
  }
  for (std::size_t l = 0; l < model.layers.size(); ++l) {
    const std::string path = indexed("model.layers", l);
    const LayerConfig& layer = model.layers[l];
    if (!(s = check_int(layer.units, path + ".units", int_lo(Field::layer_units), int_hi(Field::layer_units)))) {
      return s;
    }
    if (static_cast<int>(layer.activation) >= kActIdCount) {
      return Status::type_error(path + ".activation must be one of " + choice_list(Field::layer_activation));
    }
    if (layer.activation == Act::custom) {
      if (!(s = check_formula(layer.formula, layer.formula_params, path + ".params.formula", path + ".params."))) return s;
    } else if (!(s = validate_params(layer.activation, layer.params, path + ".params."))) {
      return s;
    }
  }
  if (!(s = check_int(model.output.units, "model.output.units", int_lo(Field::output_units),
                      int_hi(Field::output_units)))) {
    return s;
  }
  if (static_cast<int>(model.output.activation) >= field_schema(Field::output_activation).name_count) {
    return Status::type_error("model.output.activation must be one of " + choice_list(Field::output_activation));
  }
  if (!(s = check_output_units(model, -1))) return s;
  if (static_cast<int>(model.init) >= field_schema(Field::model_init).name_count) {
    return Status::type_error("model.init must be one of " + choice_list(Field::model_init));
  }
  if (!(s = check_field(model.init_std, Field::model_init_std, "model.initStd"))) return s;
  if (!(s = check_field(model.bias_init, Field::model_bias_init, "model.biasInit"))) return s;
  return check_parameter_count(model);
}

std::string to_json(const ExperimentConfig& config, bool with_custom_data) {
  return object_json("", config, 0, with_custom_data).dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace actlab
