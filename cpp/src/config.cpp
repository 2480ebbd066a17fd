// config.cpp — parsing and validation of the experiment schema (config.hpp,
// docs/config.md). This is the only place user JSON becomes a config.
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

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <utility>
#include <string>

#include <nlohmann/json.hpp>

#include "config_rules.hpp"
#include "util/format.hpp"

namespace actlab {
namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

// ===================================================================== names

constexpr const char* kDataKindNames[] = {"moons", "circles", "xor", "spiral", "blobs",
                                          "sin",   "abs",     "step", "custom"};
constexpr const char* kHeadNames[] = {"sigmoid", "softmax", "identity"};
constexpr const char* kInitNames[] = {"zeros",      "uniform",    "normal",    "xavier_uniform",
                                      "xavier_normal", "he_uniform", "he_normal", "lecun_normal"};
constexpr const char* kLossNames[] = {"bce", "softmax_ce", "mse"};
constexpr const char* kOptimizerNames[] = {"sgd", "momentum", "rmsprop", "adam"};

template <std::size_t N>
std::string name_list(const char* const (&names)[N]) {
  std::string list;
  for (const char* name : names) {
    if (!list.empty()) list += ", ";
    list += name;
  }
  return list;
}

std::string activation_list() {
  std::string list;
  for (int i = 0; i < kActIdCount; ++i) {
    if (!list.empty()) list += ", ";
    list += activation_info(static_cast<Act>(i)).key;
  }
  return list;
}

// The loss each head is trained with.
Loss loss_for(Head head) {
  switch (head) {
    case Head::sigmoid: return Loss::bce;
    case Head::softmax: return Loss::softmax_ce;
    default: return Loss::mse;
  }
}

// ==================================================================== paths

std::string join(const std::string& path, const char* key) {
  return path.empty() ? std::string(key) : path + "." + key;
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

// An interval of allowed numbers, described as "lo..hi" when closed and in
// interval notation otherwise ("in (0, 1000000]").
struct Interval {
  double lo, hi;
  bool lo_open = false, hi_open = false;

  bool contains(double v) const {  // NaN is never contained
    return (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi);
  }
  std::string describe() const {
    if (!lo_open && !hi_open) return format_double(lo) + ".." + format_double(hi);
    return std::string("in ") + (lo_open ? "(" : "[") + format_double(lo) + ", " + format_double(hi) +
           (hi_open ? ")" : "]");
  }
};

Status range_error(const std::string& path, const std::string& allowed, const std::string& got) {
  return Status::range_error(path + " must be " + allowed + ", got " + got);
}

Status check_number(double value, const std::string& path, Interval allowed) {
  if (allowed.contains(value)) return Status::success();
  return range_error(path, allowed.describe(), format_double(value));
}

Status check_int(long long value, const std::string& path, long long lo, long long hi) {
  if (value >= lo && value <= hi) return Status::success();
  return range_error(path, std::to_string(lo) + ".." + std::to_string(hi), std::to_string(value));
}

// The ranges of the schema that only this file checks (docs/config.md).
constexpr long long kMaxSeed = 9007199254740991LL;  // 2^53 − 1: exact in JavaScript
constexpr int kMaxSteps = 1000000;
constexpr int kDefaultUnits = 16;
constexpr int kDefaultLayerCount = 2;
constexpr int kDefaultBatchSize = 32;
constexpr int kDefaultEvery = 10;
const Interval kNoiseRange{0.0, kMaxNoise};
const Interval kTestFractionRange{0.0, kMaxTestFraction};
const Interval kInitStdRange{0.0, 100.0};
const Interval kBiasInitRange{-100.0, 100.0};
const Interval kLearningRateRange{0.0, 1e6, true, false};
const Interval kDecayRateRange{0.0, 1.0, false, true};  // momentum, rho, beta1, beta2
const Interval kEpsilonRange{0.0, 1.0, true, false};
const Interval kWeightDecayRange{0.0, 1.0};
const Interval kClipNormRange{0.0, 1e6};
const Interval kCustomValueRange{-kMaxCustomMagnitude, kMaxCustomMagnitude};

// ============================================================ JSON readers

Status read_number(const json& v, const std::string& path, Interval allowed, double* out) {
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

template <class Enum, std::size_t N>
Status read_enum(const json& v, const std::string& path, const char* const (&names)[N], Enum* out) {
  if (v.is_string()) {
    const std::string& text = v.get_ref<const std::string&>();
    for (std::size_t i = 0; i < N; ++i) {
      if (text == names[i]) {
        *out = static_cast<Enum>(i);
        return Status::success();
      }
    }
  }
  return Status::type_error(path + " must be one of " + name_list(names) + ", got " + shown(v));
}

// The field `key` of object `obj`, or nullptr when it is absent.
const json* field(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

// `v` must be an object whose keys are all in `allowed`: a misspelt field is
// an error, never silently ignored.
Status check_object(const json& v, const std::string& path, std::initializer_list<const char*> allowed) {
  if (!v.is_object()) {
    return Status::type_error((path.empty() ? std::string("config") : path) + " must be an object, got " + shown(v));
  }
  for (const auto& item : v.items()) {
    bool known = false;
    for (const char* name : allowed) known = known || item.key() == name;
    if (!known) {
      std::string list;
      for (const char* name : allowed) {
        if (!list.empty()) list += ", ";
        list += name;
      }
      std::string key = item.key();
      if (key.size() > 60) key = key.substr(0, 57) + "...";
      return Status::type_error("unknown field " + join(path, key.c_str()) + " (allowed: " + list + ")");
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

// ==================================================================== data

// Which optional data fields were present: their defaults depend on the model.
struct DataPresence {
  bool classes = false;
};

// data.x: either rows ([[x0, x1], ...], data.inputs optional) or flat
// row-major numbers (data.inputs required). Called after data.y is read.
Status read_custom_x(const json& x, const json* inputs_field, DataConfig* data) {
  if (!x.is_array()) return Status::type_error("data.x must be an array, got " + shown(x));
  const std::size_t rows = data->custom_y.size();
  const bool nested = !x.empty() && x[0].is_array();
  int inputs = 0;
  if (inputs_field != nullptr) {
    Status s = read_int(*inputs_field, "data.inputs", 1, kMaxInputs, &inputs);
    if (!s) return s;
  } else if (nested) {
    inputs = static_cast<int>(x[0].size());
    Status s = check_int(inputs, "data.x[0] length (data.inputs)", 1, kMaxInputs);
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

Status read_data(const json& v, DataConfig* data, DataPresence* presence) {
  Status s = check_object(v, "data", {"kind", "n", "noise", "testFraction", "classes", "x", "y", "inputs"});
  if (!s) return s;
  if (const json* f = field(v, "kind")) {
    if (!(s = read_enum(*f, "data.kind", kDataKindNames, &data->kind))) return s;
  }
  const bool custom = data->kind == DataKind::custom;
  if (!custom) {
    for (const char* key : {"x", "y", "inputs"}) {
      if (field(v, key) != nullptr) {
        return Status::type_error(std::string("data.") + key + " is only allowed when data.kind is custom, got data.kind " +
                                  kDataKindNames[static_cast<int>(data->kind)]);
      }
    }
  }
  if (const json* f = field(v, "noise")) {
    if (!(s = read_number(*f, "data.noise", kNoiseRange, &data->noise))) return s;
  }
  if (const json* f = field(v, "testFraction")) {
    if (!(s = read_number(*f, "data.testFraction", kTestFractionRange, &data->test_fraction))) return s;
  }
  if (const json* f = field(v, "classes")) {
    presence->classes = true;
    if (custom) {
      if (!(s = read_int(*f, "data.classes", 0, kMaxClasses, &data->classes))) return s;
      if (data->classes == 1) return range_error("data.classes", "0 (regression) or 2..10 for custom data", "1");
    } else if (!(s = read_int(*f, "data.classes", kMinClasses, kMaxClasses, &data->classes))) {
      return s;
    }
  }
  if (!custom) {
    if (const json* f = field(v, "n")) {
      if (!(s = read_int(*f, "data.n", 1, kMaxSamples, &data->n))) return s;
    }
    return Status::success();
  }

  // Custom data: y first (its length is n), then x.
  const json* y = field(v, "y");
  const json* x = field(v, "x");
  if (y == nullptr || x == nullptr) return Status::type_error("data.x and data.y are required when data.kind is custom");
  if (!y->is_array()) return Status::type_error("data.y must be an array, got " + shown(*y));
  if (!(s = check_int(static_cast<long long>(y->size()), "data.y length", 1, kMaxSamples))) return s;
  data->n = static_cast<int>(y->size());
  if (const json* f = field(v, "n")) {
    long long n = 0;
    if (!(s = read_int(*f, "data.n", 1, kMaxSamples, &n))) return s;
    if (n != data->n) return range_error("data.n", std::to_string(data->n) + " (the length of data.y)", shown(*f));
  }
  data->custom_y.resize(y->size());
  double value = 0.0;
  for (std::size_t i = 0; i < y->size(); ++i) {
    if (!(s = read_number((*y)[i], indexed("data.y", i), kCustomValueRange, &value))) return s;
    data->custom_y[i] = static_cast<float>(value);
  }
  return read_custom_x(*x, field(v, "inputs"), data);
}

// =================================================================== model

struct ModelPresence {
  bool inputs = false;
  bool head = false;
  bool units = false;
};

// params of a custom layer: the string "formula" and one number per
// parameter of the formula; check_formula (actlab/formula.hpp) checks the
// formula, the names and the ranges with messages naming these paths.
Status read_custom_params(const json* params, const std::string& params_path, LayerConfig* layer) {
  const std::string formula_path = join(params_path, "formula");
  if (params == nullptr || !params->is_object() || field(*params, "formula") == nullptr) {
    if (params != nullptr && !params->is_object()) {
      return Status::type_error(params_path + " must be an object, got " + shown(*params));
    }
    return Status::type_error(formula_path + " is required for activation custom (a formula in z, e.g. \"z*sigmoid(z)\")");
  }
  layer->formula_params.clear();
  for (const auto& item : params->items()) {
    const std::string key = item.key();
    if (key == "formula") {
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

Status read_layer(const json& v, const std::string& path, LayerConfig* layer) {
  Status s = check_object(v, path, {"units", "activation", "params"});
  if (!s) return s;
  layer->units = kDefaultUnits;
  layer->activation = Act::relu;
  if (const json* f = field(v, "units")) {
    if (!(s = read_int(*f, join(path, "units"), 1, kMaxUnits, &layer->units))) return s;
  }
  if (const json* f = field(v, "activation")) {
    const std::string activation_path = join(path, "activation");
    if (!f->is_string() || !find_activation(f->get_ref<const std::string&>(), &layer->activation)) {
      return Status::type_error(activation_path + " must be one of " + activation_list() + ", got " + shown(*f));
    }
  }
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

Status read_model(const json& v, ModelConfig* model, ModelPresence* presence) {
  Status s = check_object(v, "model", {"inputs", "layers", "output", "init", "initStd", "biasInit"});
  if (!s) return s;
  if (const json* f = field(v, "inputs")) {
    presence->inputs = true;
    if (!(s = read_int(*f, "model.inputs", 1, kMaxInputs, &model->inputs))) return s;
  }
  if (const json* f = field(v, "layers")) {
    if (!f->is_array()) return Status::type_error("model.layers must be an array, got " + shown(*f));
    if (!(s = check_int(static_cast<long long>(f->size()), "model.layers length", 0, kMaxLayers))) return s;
    model->layers.resize(f->size());
    for (std::size_t i = 0; i < f->size(); ++i) {
      if (!(s = read_layer((*f)[i], indexed("model.layers", i), &model->layers[i]))) return s;
    }
  } else {
    // A missing "layers" means the TensorFlow Playground-like default network.
    model->layers.assign(kDefaultLayerCount, LayerConfig{});
    for (LayerConfig& layer : model->layers) layer.params = default_params(layer.activation);
  }
  if (const json* f = field(v, "output")) {
    if (!(s = check_object(*f, "model.output", {"units", "activation"}))) return s;
    if (const json* units = field(*f, "units")) {
      presence->units = true;
      if (!(s = read_int(*units, "model.output.units", 1, kMaxUnits, &model->output.units))) return s;
    }
    if (const json* head = field(*f, "activation")) {
      presence->head = true;
      if (!(s = read_enum(*head, "model.output.activation", kHeadNames, &model->output.activation))) return s;
    }
  }
  if (const json* f = field(v, "init")) {
    if (!(s = read_enum(*f, "model.init", kInitNames, &model->init))) return s;
  }
  if (const json* f = field(v, "initStd")) {
    if (!(s = read_number(*f, "model.initStd", kInitStdRange, &model->init_std))) return s;
  }
  if (const json* f = field(v, "biasInit")) {
    if (!(s = read_number(*f, "model.biasInit", kBiasInitRange, &model->bias_init))) return s;
  }
  return Status::success();
}

// Output units against the head. `classes` is the data's class count, or −1
// when the model is parsed on its own (no data known).
Status check_output_units(const ModelConfig& model, int classes) {
  const int units = model.output.units;
  const std::string got = std::to_string(units);
  switch (model.output.activation) {
    case Head::sigmoid:
      if (units != 1) return range_error("model.output.units", "1 for a sigmoid head", got);
      break;
    case Head::identity:
      if (units != 1) return range_error("model.output.units", "1 for an identity head (one regression target)", got);
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

struct TrainPresence {
  bool loss = false;
  bool batch_size = false;
};

Status read_optimizer(const json& v, OptimizerConfig* opt) {
  Status s = check_object(v, "train.optimizer",
                          {"kind", "lr", "momentum", "nesterov", "rho", "beta1", "beta2", "epsilon"});
  if (!s) return s;
  if (const json* f = field(v, "kind")) {
    if (!(s = read_enum(*f, "train.optimizer.kind", kOptimizerNames, &opt->kind))) return s;
  }
  struct NumberField {
    const char* key;
    Interval allowed;
    double* out;
  };
  const NumberField numbers[] = {
      {"lr", kLearningRateRange, &opt->lr},     {"momentum", kDecayRateRange, &opt->momentum},
      {"rho", kDecayRateRange, &opt->rho},      {"beta1", kDecayRateRange, &opt->beta1},
      {"beta2", kDecayRateRange, &opt->beta2},  {"epsilon", kEpsilonRange, &opt->epsilon},
  };
  for (const NumberField& number : numbers) {
    if (const json* f = field(v, number.key)) {
      if (!(s = read_number(*f, join("train.optimizer", number.key), number.allowed, number.out))) return s;
    }
  }
  if (const json* f = field(v, "nesterov")) {
    if (!(s = read_bool(*f, "train.optimizer.nesterov", &opt->nesterov))) return s;
  }
  return Status::success();
}

// batchSize's range depends on the data, so it is only type-checked here.
Status read_train(const json& v, TrainConfig* train, TrainPresence* presence, const json** batch_size) {
  Status s = check_object(v, "train", {"loss", "optimizer", "batchSize", "weightDecay", "clipNorm"});
  if (!s) return s;
  if (const json* f = field(v, "loss")) {
    presence->loss = true;
    if (!(s = read_enum(*f, "train.loss", kLossNames, &train->loss))) return s;
  }
  if (const json* f = field(v, "optimizer")) {
    if (!(s = read_optimizer(*f, &train->optimizer))) return s;
  }
  if (const json* f = field(v, "batchSize")) {
    presence->batch_size = true;
    if (!(s = read_int(*f, "train.batchSize", 1, kMaxSamples, &train->batch_size))) return s;
    *batch_size = f;
  }
  if (const json* f = field(v, "weightDecay")) {
    if (!(s = read_number(*f, "train.weightDecay", kWeightDecayRange, &train->weight_decay))) return s;
  }
  if (const json* f = field(v, "clipNorm")) {
    if (!(s = read_number(*f, "train.clipNorm", kClipNormRange, &train->clip_norm))) return s;
  }
  return Status::success();
}

// ================================================================= to_json

// A float as the shortest decimal that reads back as the same float, so the
// JSON shows 0.1 rather than 0.10000000149011612.
double float_for_json(float value) { return std::strtod(format_float(value).c_str(), nullptr); }

}  // namespace

// ============================================================ shared rules

int test_count(int n, double test_fraction) {
  if (n <= 1) return 0;
  const double rounded = std::floor(static_cast<double>(n) * test_fraction + 0.5);
  if (!(rounded > 0.0)) return 0;
  return rounded >= n - 1 ? n - 1 : static_cast<int>(rounded);
}

int data_classes(const DataConfig& config) {
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
  switch (config.kind) {
    case DataKind::sin:
    case DataKind::abs:
    case DataKind::step: return 1;
    case DataKind::custom: return config.custom_inputs;
    default: return 2;
  }
}

Status validate_data(const DataConfig& config) {
  Status s;
  if (!(s = check_number(config.noise, "data.noise", kNoiseRange))) return s;
  if (!(s = check_number(config.test_fraction, "data.testFraction", kTestFractionRange))) return s;
  if (config.kind != DataKind::custom) {
    if (!(s = check_int(config.n, "data.n", 1, kMaxSamples))) return s;
    return check_int(config.classes, "data.classes", kMinClasses, kMaxClasses);
  }

  const int inputs = config.custom_inputs;
  const std::size_t rows = config.custom_y.size();
  if (!(s = check_int(inputs, "data.inputs", 1, kMaxInputs))) return s;
  if (!(s = check_int(static_cast<long long>(rows), "data.y length", 1, kMaxSamples))) return s;
  if (config.custom_x.size() != rows * static_cast<std::size_t>(inputs)) {
    return Status::range_error("data.x must have " + std::to_string(rows * inputs) +
                               " numbers (data.y entries × data.inputs), got " + std::to_string(config.custom_x.size()));
  }
  if (config.classes != 0 && !(config.classes >= kMinClasses && config.classes <= kMaxClasses)) {
    return range_error("data.classes", "0 (regression) or 2..10 for custom data", std::to_string(config.classes));
  }
  for (std::size_t i = 0; i < config.custom_x.size(); ++i) {
    if (!(s = check_number(config.custom_x[i], indexed("data.x", i), kCustomValueRange))) return s;
  }
  for (std::size_t i = 0; i < rows; ++i) {
    const float label = config.custom_y[i];
    if (config.classes == 0) {
      if (!(s = check_number(label, indexed("data.y", i), kCustomValueRange))) return s;
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
  json root;
  Status s = parse_json(text, &root);
  if (!s) return s;
  if (!(s = check_object(root, "", {"seed", "data", "model", "train", "steps", "every"}))) return s;

  ExperimentConfig config;
  if (const json* f = field(root, "seed")) {
    long long seed = 0;
    if (!(s = read_int(*f, "seed", 0, kMaxSeed, &seed))) return s;
    config.seed = static_cast<std::uint64_t>(seed);
  }

  DataPresence data_presence;
  if (const json* f = field(root, "data")) {
    if (!(s = read_data(*f, &config.data, &data_presence))) return s;
  }

  ModelPresence model_presence;
  if (const json* f = field(root, "model")) {
    if (!(s = read_model(*f, &config.model, &model_presence))) return s;
  } else {
    config.model.layers.assign(kDefaultLayerCount, LayerConfig{});
    for (LayerConfig& layer : config.model.layers) layer.params = default_params(layer.activation);
  }

  TrainPresence train_presence;
  const json* batch_size_field = nullptr;
  if (const json* f = field(root, "train")) {
    if (!(s = read_train(*f, &config.train, &train_presence, &batch_size_field))) return s;
  }

  if (const json* f = field(root, "steps")) {
    if (!(s = read_int(*f, "steps", 0, kMaxSteps, &config.steps))) return s;
  }
  const int max_every = config.steps > 1 ? config.steps : 1;
  if (const json* f = field(root, "every")) {
    if (!(s = read_int(*f, "every", 1, max_every, &config.every))) return s;
  } else {
    config.every = kDefaultEvery < max_every ? kDefaultEvery : max_every;
  }

  // ---- defaults that depend on other sections
  DataConfig& data = config.data;
  ModelConfig& model = config.model;
  const std::string kind_name = kDataKindNames[static_cast<int>(data.kind)];
  if (data.kind == DataKind::custom && !data_presence.classes) {
    // Custom labels are class indices when the head says so.
    data.classes = 0;
    if (model_presence.head && model.output.activation == Head::sigmoid) data.classes = 2;
    if (model_presence.head && model.output.activation == Head::softmax) {
      if (!model_presence.units) {
        return Status::type_error("data.classes is required for custom data with a softmax head");
      }
      data.classes = model.output.units;
      if (!(s = check_int(data.classes, "data.classes", kMinClasses, kMaxClasses))) return s;
    }
  }
  const int classes = data_classes(data);
  if (!model_presence.head) {
    model.output.activation = classes == 0 ? Head::identity : classes == 2 ? Head::sigmoid : Head::softmax;
  }
  if (!model_presence.units) model.output.units = model.output.activation == Head::softmax ? classes : 1;
  if (!train_presence.loss) config.train.loss = loss_for(model.output.activation);

  // ---- checks across sections
  if (!(s = validate_data(data))) return s;
  const int inputs = data_inputs(data);
  if (!model_presence.inputs) {
    model.inputs = inputs;
  } else if (model.inputs != inputs) {
    return range_error("model.inputs", std::to_string(inputs) + " to match the data (data.kind " + kind_name + ")",
                       std::to_string(model.inputs));
  }
  const std::string head_name = kHeadNames[static_cast<int>(model.output.activation)];
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
  if (!(s = check_output_units(model, classes))) return s;
  const Loss head_loss = loss_for(model.output.activation);
  if (config.train.loss != head_loss) {
    return range_error("train.loss",
                       std::string(kLossNames[static_cast<int>(head_loss)]) + " for a " + head_name + " head",
                       kLossNames[static_cast<int>(config.train.loss)]);
  }
  if (!(s = check_parameter_count(model))) return s;

  const int n_train = data.n - test_count(data.n, data.test_fraction);
  if (!train_presence.batch_size) {
    config.train.batch_size = kDefaultBatchSize < n_train ? kDefaultBatchSize : n_train;
  } else if (config.train.batch_size > n_train) {
    return range_error("train.batchSize",
                       "1.." + std::to_string(n_train) + " (the training examples after the test split)",
                       shown(*batch_size_field));
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
  ModelConfig model;
  ModelPresence presence;
  if (!(s = read_model(root, &model, &presence))) return s;
  if (!presence.units) model.output.units = model.output.activation == Head::softmax ? 2 : 1;
  if (!(s = check_output_units(model, -1))) return s;
  if (!(s = check_parameter_count(model))) return s;
  *out = std::move(model);
  return Status::success();
}

std::string to_json(const ExperimentConfig& config) {
  ordered_json data = {
      {"kind", kDataKindNames[static_cast<int>(config.data.kind)]},
      {"n", config.data.kind == DataKind::custom ? static_cast<int>(config.data.custom_y.size()) : config.data.n},
      {"noise", config.data.noise},
      {"testFraction", config.data.test_fraction},
      {"classes", config.data.classes},
  };
  if (config.data.kind == DataKind::custom) {
    ordered_json x = ordered_json::array(), y = ordered_json::array();
    for (float v : config.data.custom_x) x.push_back(float_for_json(v));
    for (float v : config.data.custom_y) y.push_back(float_for_json(v));
    data["inputs"] = config.data.custom_inputs;
    data["x"] = std::move(x);
    data["y"] = std::move(y);
  }

  ordered_json layers = ordered_json::array();
  for (const LayerConfig& layer : config.model.layers) {
    const ActivationInfo& info = activation_info(layer.activation);
    ordered_json params = ordered_json::object();
    for (int i = 0; i < info.param_count; ++i) params[info.params[i].name] = float_for_json(layer.params.p[i]);
    if (layer.activation == Act::custom) {
      params["formula"] = layer.formula;
      for (const FormulaParam& p : layer.formula_params) params[p.name] = p.value;
    }
    layers.push_back({{"units", layer.units}, {"activation", info.key}, {"params", std::move(params)}});
  }
  const ModelConfig& model = config.model;
  ordered_json model_json = {
      {"inputs", model.inputs},
      {"layers", std::move(layers)},
      {"output", {{"units", model.output.units}, {"activation", kHeadNames[static_cast<int>(model.output.activation)]}}},
      {"init", kInitNames[static_cast<int>(model.init)]},
      {"initStd", model.init_std},
      {"biasInit", model.bias_init},
  };

  const OptimizerConfig& opt = config.train.optimizer;
  ordered_json train = {
      {"loss", kLossNames[static_cast<int>(config.train.loss)]},
      {"optimizer",
       {{"kind", kOptimizerNames[static_cast<int>(opt.kind)]},
        {"lr", opt.lr},
        {"momentum", opt.momentum},
        {"nesterov", opt.nesterov},
        {"rho", opt.rho},
        {"beta1", opt.beta1},
        {"beta2", opt.beta2},
        {"epsilon", opt.epsilon}}},
      {"batchSize", config.train.batch_size},
      {"weightDecay", config.train.weight_decay},
      {"clipNorm", config.train.clip_norm},
  };

  ordered_json root = {
      {"seed", config.seed},      {"data", std::move(data)}, {"model", std::move(model_json)},
      {"train", std::move(train)}, {"steps", config.steps},  {"every", config.every},
  };
  return root.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace actlab
