// schema.cpp — the experiment config's schema table (actlab/schema.hpp) and
// its JSON form, lab.schema. Every range, default and name of the config is
// written here once; config.cpp reads and writes configs by this table, and
// the docs' field tables are generated from it.
#include "actlab/schema.hpp"

#include "actlab/formula.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>

#include <nlohmann/json.hpp>

#include "actlab/activations.hpp"
#include "actlab/config.hpp"
#include "actlab/csv.hpp"
#include "actlab/datasets.hpp"
#include "config_rules.hpp"
#include "util/format.hpp"

namespace actlab {
namespace {

// ============================================================ name lists
// In the order of the enums of config.hpp (checked below).

constexpr const char* kDataKindNames[] = {"moons", "circles", "xor",           "spiral", "blobs",
                                          "sin",   "abs",     "step",          "iris",   "wine",
                                          "breast_cancer",    "digits",        "custom"};
constexpr const char* kHeadNames[] = {"sigmoid", "softmax", "identity"};
constexpr const char* kInitNames[] = {"zeros",         "uniform",    "normal",    "xavier_uniform",
                                      "xavier_normal", "he_uniform", "he_normal", "lecun_normal"};
constexpr const char* kLossNames[] = {"bce", "softmax_ce", "mse"};
constexpr const char* kOptimizerNames[] = {"sgd", "momentum", "rmsprop", "adam"};
// The activation keys, from the one list of activations, then "custom" (a typed formula).
constexpr const char* kActivationKeys[] = {
#define ACTLAB_ACTIVATION(id, name) #id,
#include "actlab/activation_list.def"
#undef ACTLAB_ACTIVATION
    "custom",
};

static_assert(std::size(kDataKindNames) == static_cast<std::size_t>(DataKind::custom) + 1, "data kinds");
static_assert(std::size(kHeadNames) == static_cast<std::size_t>(Head::identity) + 1, "heads");
static_assert(std::size(kInitNames) == static_cast<std::size_t>(Init::lecun_normal) + 1, "inits");
static_assert(std::size(kLossNames) == static_cast<std::size_t>(Loss::mse) + 1, "losses");
static_assert(std::size(kOptimizerNames) == static_cast<std::size_t>(OptimizerKind::adam) + 1, "optimizers");
static_assert(std::size(kActivationKeys) == static_cast<std::size_t>(kActIdCount), "activations");

// ======================================================= table builders
// One function per type, so each row of the table reads as a sentence.

constexpr Limits closed(double lo, double hi) { return {lo, hi, false, false}; }
constexpr Limits open_closed(double lo, double hi) { return {lo, hi, true, false}; }
constexpr Limits closed_open(double lo, double hi) { return {lo, hi, false, true}; }

constexpr FieldSchema integer(Field id, const char* path, Limits limits, const char* default_json,
                              const char* default_words, const char* range_words, const char* meaning,
                              bool custom_only = false) {
  return {id, path, FieldType::integer, limits, nullptr, 0, default_json, default_words, range_words, meaning,
          custom_only};
}

constexpr FieldSchema number(Field id, const char* path, Limits limits, const char* default_json,
                             const char* range_words, const char* meaning) {
  return {id, path, FieldType::number, limits, nullptr, 0, default_json, nullptr, range_words, meaning, false};
}

constexpr FieldSchema boolean(Field id, const char* path, const char* default_json, const char* meaning) {
  return {id, path, FieldType::boolean, {}, nullptr, 0, default_json, nullptr, nullptr, meaning, false};
}

template <std::size_t N>
constexpr FieldSchema choice(Field id, const char* path, const char* const (&names)[N], const char* default_json,
                             const char* default_words, const char* range_words, const char* meaning) {
  return {id,      path, FieldType::choice, {}, names, static_cast<int>(N), default_json, default_words, range_words,
          meaning, false};
}

constexpr FieldSchema text(Field id, const char* path, Limits length, const char* default_words, const char* range_words,
                           const char* meaning) {
  return {id, path, FieldType::string, length, nullptr, 0, nullptr, default_words, range_words, meaning, false};
}

constexpr FieldSchema object(Field id, const char* path, const char* default_words, const char* meaning) {
  return {id, path, FieldType::object, {}, nullptr, 0, nullptr, default_words, nullptr, meaning, false};
}

constexpr FieldSchema list(Field id, const char* path, Limits entries, const char* default_words,
                           const char* range_words, const char* meaning, bool custom_only = false) {
  return {id, path, FieldType::list, entries, nullptr, 0, nullptr, default_words, range_words, meaning, custom_only};
}

// ================================================================ table

constexpr FieldSchema kFields[] = {
    integer(Field::seed, "seed", closed(0, static_cast<double>(kMaxSeed)), "1", nullptr, "2⁵³−1 is exact in JavaScript",
            "Data, initialisation and minibatches all derive from it: the same config gives bit-identical metrics "
            "on every run and every build."),

    object(Field::data, "data", nullptr, "The dataset."),
    choice(Field::data_kind, "data.kind", kDataKindNames, "\"moons\"", nullptr, nullptr,
           "A generator, a real dataset (iris, wine, breast_cancer, digits; docs/datasets.md), or custom data given "
           "in data.x and data.y."),
    integer(Field::data_n, "data.n", closed(1, kMaxSamples), "400", nullptr,
            "custom: the number of rows of data.y; datasets: their size",
            "Examples in total, before the test split. For custom data and the datasets optional, and then equal "
            "to the number of rows of data.y or the dataset's size."),
    number(Field::data_noise, "data.noise", closed(0, kMaxNoise), "0.1", nullptr,
           "Standard deviation of Gaussian noise (see each kind)."),
    number(Field::data_test_fraction, "data.testFraction", closed(0, kMaxTestFraction), "0.2", nullptr,
           "Share held out for testing: round(n · testFraction) examples, but at least one example always stays "
           "in the training part."),
    integer(Field::data_classes, "data.classes", closed(kMinClasses, kMaxClasses), "3", nullptr,
            "custom: 0 (regression) or 2..10",
            "Arms of spiral, clusters of blobs; for custom data the number of classes of data.y, which follows "
            "the head when absent (2 for sigmoid, model.output.units for softmax, else 0). Ignored by the other "
            "kinds."),
    {Field::data_standardize, "data.standardize", FieldType::boolean, {}, nullptr, 0, nullptr,
     "true for the datasets, false for the generators and custom data (lab.dataFromCsv sets true)", nullptr,
     "z-score every feature with the training part's mean and standard deviation, and the test part with the same "
     "transform.",
     false},
    list(Field::data_x, "data.x", closed(1, kMaxSamples), nullptr, "each value −1000000..1000000",
         "The features, either rows ([[x0, x1], ...]) or flat row-major numbers (then data.inputs is "
         "required).",
         true),
    list(Field::data_y, "data.y", closed(1, kMaxSamples), nullptr,
         "labels 0..classes−1 (integers), or targets −1000000..1000000: one per example, or rows of 1..10",
         "One label or target per example, or for regression with several outputs one row of targets per example "
         "([[t0, t1], ...]); the identity head then has one unit per target.",
         true),
    integer(Field::data_inputs, "data.inputs", closed(1, kMaxInputs), nullptr, "the row length of data.x", nullptr,
            "Features per example.", true),
    list(Field::data_columns, "data.columns", closed(0, kMaxInputs), "[]", "none, or one per data.inputs",
         "The features' names, for people (lab.dataFromCsv takes them from the header).", true),
    {Field::data_column_name, "data.columns[]", FieldType::string, closed(1, kMaxNameBytes), nullptr, 0, nullptr,
     nullptr, nullptr, "A feature's name.", true},
    list(Field::data_class_names, "data.classNames", closed(0, kMaxClasses), "[]",
         "none, or one per class (data.classes)", "The classes' names, for people.", true),
    {Field::data_class_name, "data.classNames[]", FieldType::string, closed(1, kMaxNameBytes), nullptr, 0, nullptr,
     nullptr, nullptr, "A class's name.", true},
    integer(Field::data_dropped_rows, "data.droppedRows", closed(0, kMaxSamples), "0", nullptr, nullptr,
            "Rows lab.dataFromCsv left out for an empty cell: a note that travels with the data.", true),

    object(Field::model, "model", nullptr, "The network."),
    integer(Field::model_inputs, "model.inputs", closed(1, kMaxInputs), nullptr,
            "the data's inputs (2, or 1 for sin/abs/step)", "equal to the data's", "Features per example."),
    list(Field::model_layers, "model.layers", closed(0, kMaxLayers), "two layers of 16 relu units", nullptr,
         "Hidden layers, in order. [] is a model without hidden layers."),
    integer(Field::layer_units, "model.layers[].units", closed(1, kMaxUnits), "16", nullptr, nullptr,
            "Units of the layer."),
    choice(Field::layer_activation, "model.layers[].activation", kActivationKeys, "\"relu\"", nullptr, nullptr,
           "The layer's activation (lab.activations describes each)."),
    object(Field::layer_params, "model.layers[].params", "the activation's defaults",
           "The activation's parameters by their PyTorch names, e.g. { \"negative_slope\": 0.1 }; each within the "
           "range lab.activations gives; unnamed ones keep their defaults."),
    text(Field::layer_formula, "model.layers[].params.formula", closed(1, kFormulaMaxLength), "none: required for custom",
         "activation custom only; at most 64 levels deep and 8 parameters, each −1000..1000",
         "The formula of activation \"custom\", in z (x is the same): e.g. \"z*sigmoid(b*z)\". Every other name in it is a "
         "parameter, whose number goes beside the formula in params (\"b\": 1.5). The grammar is under \"Custom "
         "activations: formulas\" below."),
    object(Field::model_output, "model.output", nullptr, "The output layer."),
    integer(Field::output_units, "model.output.units", closed(1, kMaxUnits), nullptr,
            "1; the data's classes for softmax; the data's targets per example for identity",
            "sigmoid: 1; softmax: the data's classes (2..10); identity: the data's targets per example (1..10)",
            "Units of the output layer."),
    choice(Field::output_activation, "model.output.activation", kHeadNames, nullptr,
           "identity for regression data, sigmoid for 2 classes, softmax for more", nullptr, "The head."),
    choice(Field::model_init, "model.init", kInitNames, "\"he_normal\"", nullptr, nullptr,
           "Weight initialisation: uniform is ±0.5, normal has σ = initStd."),
    number(Field::model_init_std, "model.initStd", closed(0, 100), "0.1", nullptr, "σ of init normal."),
    number(Field::model_bias_init, "model.biasInit", closed(-100, 100), "0", nullptr,
           "Every bias starts here; negative values demonstrate dying ReLU."),

    object(Field::train, "train", nullptr, "Loss, optimiser, batches."),
    choice(Field::train_loss, "train.loss", kLossNames, nullptr,
           "the head's: bce for sigmoid, softmax_ce for softmax, mse for identity", "must be the head's",
           "Means over the batch, as PyTorch's default reduction."),
    object(Field::train_optimizer, "train.optimizer", nullptr,
           "Fields the chosen optimiser does not use are accepted and ignored."),
    choice(Field::optimizer_kind, "train.optimizer.kind", kOptimizerNames, "\"sgd\"", nullptr, nullptr,
           "The optimiser."),
    number(Field::optimizer_lr, "train.optimizer.lr", open_closed(0, 1e6), "0.1", nullptr,
           "Learning rate. 1e6 is allowed: it is how divergence is shown."),
    number(Field::optimizer_momentum, "train.optimizer.momentum", closed_open(0, 1), "0.9", nullptr,
           "momentum only."),
    boolean(Field::optimizer_nesterov, "train.optimizer.nesterov", "false", "momentum only."),
    number(Field::optimizer_rho, "train.optimizer.rho", closed_open(0, 1), "0.9", nullptr, "rmsprop's decay."),
    number(Field::optimizer_beta1, "train.optimizer.beta1", closed_open(0, 1), "0.9", nullptr, "adam."),
    number(Field::optimizer_beta2, "train.optimizer.beta2", closed_open(0, 1), "0.999", nullptr, "adam."),
    number(Field::optimizer_epsilon, "train.optimizer.epsilon", open_closed(0, 1), "1e-8", nullptr,
           "rmsprop, adam."),
    integer(Field::train_batch_size, "train.batchSize", closed(1, kMaxSamples), nullptr,
            "min(32, training examples)", "at most the training examples (n − test part)",
            "Examples per step."),
    number(Field::train_weight_decay, "train.weightDecay", closed(0, 1), "0", nullptr,
           "L2 on the weights (not biases, not PReLU slopes)."),
    number(Field::train_clip_norm, "train.clipNorm", closed(0, 1e6), "0", nullptr,
           "Clip the gradient's global norm; 0 turns clipping off."),

    integer(Field::steps, "steps", closed(0, kMaxSteps), "1000", nullptr, nullptr,
            "Training steps (minibatch updates)."),
    integer(Field::every, "every", closed(1, kMaxSteps), nullptr, "min(10, steps), at least 1", "at most max(1, steps)",
            "Metrics are reported every `every` steps."),
};

constexpr bool table_in_field_order() {
  for (int i = 0; i < kFieldCount; ++i)
    if (static_cast<int>(kFields[i].id) != i) return false;
  return true;
}
static_assert(std::size(kFields) == static_cast<std::size_t>(kFieldCount), "one row per Field");
static_assert(table_in_field_order(), "kFields must follow the order of enum Field");

// An integral limit as an integer ("9007199254740991", not "9.007199254740991e+15").
std::string limit_text(double v) {
  if (v == std::floor(v) && std::fabs(v) < 9.3e18) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(v));
    return buffer;
  }
  return format_double(v);
}

const char* type_name(FieldType type) {
  switch (type) {
    case FieldType::integer: return "integer";
    case FieldType::number: return "number";
    case FieldType::boolean: return "boolean";
    case FieldType::string: return "string";
    case FieldType::choice: return "choice";
    case FieldType::object: return "object";
    case FieldType::list: return "list";
  }
  return "?";
}

// A default as a JSON value. The defaults are our own JSON literals (true,
// false, "name" or a number), read here without a JSON parser, which would
// add its code to the wasm module only for this.
nlohmann::ordered_json default_json_value(const FieldSchema& f) {
  const std::string text = f.default_json;
  if (text == "true" || text == "false") return text == "true";
  if (!text.empty() && text.front() == '"') return text.substr(1, text.size() - 2);
  const double value = std::strtod(text.c_str(), nullptr);
  if (f.type == FieldType::integer) return static_cast<long long>(value);
  return value;
}

}  // namespace

std::string Limits::describe() const {
  if (!lo_open && !hi_open) return limit_text(lo) + ".." + limit_text(hi);
  return std::string("in ") + (lo_open ? "(" : "[") + limit_text(lo) + ", " + limit_text(hi) + (hi_open ? ")" : "]");
}

const FieldSchema& field_schema(Field id) { return kFields[static_cast<int>(id)]; }

std::string_view field_key(Field id) {
  const std::string_view path = field_schema(id).path;
  const std::size_t dot = path.rfind('.');
  return dot == std::string_view::npos ? path : path.substr(dot + 1);
}

std::string_view field_parent(Field id) {
  const std::string_view path = field_schema(id).path;
  const std::size_t dot = path.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : path.substr(0, dot);
}

const char* choice_name(Field id, int index) {
  const FieldSchema& f = field_schema(id);
  return index >= 0 && index < f.name_count ? f.names[index] : "?";
}

bool is_list_entry(Field id) {
  const std::string_view path = field_schema(id).path;
  return path.size() > 2 && path.substr(path.size() - 2) == "[]";
}

bool find_choice(Field id, std::string_view name, int* index) {
  const FieldSchema& f = field_schema(id);
  for (int i = 0; i < f.name_count; ++i) {
    if (name == f.names[i]) {
      *index = i;
      return true;
    }
  }
  return false;
}

std::string choice_list(Field id) {
  const FieldSchema& f = field_schema(id);
  std::string list;
  for (int i = 0; i < f.name_count; ++i) {
    if (i > 0) list += ", ";
    list += f.names[i];
  }
  return list;
}

std::string schema_json() {
  using json = nlohmann::ordered_json;
  json fields = json::array();
  for (const FieldSchema& f : kFields) {
    json entry = {{"path", f.path}, {"type", type_name(f.type)}};
    if (f.type == FieldType::integer || f.type == FieldType::number || f.type == FieldType::list ||
        f.type == FieldType::string) {
      entry["min"] = f.limits.lo;
      entry["max"] = f.limits.hi;
      if (f.limits.lo_open) entry["minExclusive"] = true;
      if (f.limits.hi_open) entry["maxExclusive"] = true;
    }
    if (f.type == FieldType::choice) {
      json names = json::array();
      for (int i = 0; i < f.name_count; ++i) names.push_back(f.names[i]);
      entry["choices"] = std::move(names);
    }
    if (f.default_json != nullptr) entry["default"] = default_json_value(f);
    if (f.default_words != nullptr) entry["defaultWords"] = f.default_words;
    if (f.range_words != nullptr) entry["rangeWords"] = f.range_words;
    if (f.custom_data_only) entry["customDataOnly"] = true;
    entry["meaning"] = f.meaning;
    fields.push_back(std::move(entry));
  }

  json kinds = json::array();
  for (int i = 0; i <= static_cast<int>(DataKind::custom); ++i) {
    DataConfig probe;
    probe.kind = static_cast<DataKind>(i);
    const bool custom = probe.kind == DataKind::custom;
    const bool arms = probe.kind == DataKind::spiral || probe.kind == DataKind::blobs;
    const DatasetInfo* dataset = dataset_info(probe.kind);
    json kind = {{"name", kDataKindNames[i]},
                 {"source", custom ? "custom" : dataset ? "dataset" : "generator"},
                 // 0: from data.inputs (custom); classes 0: regression, null: from data.classes.
                 {"inputs", custom ? 0 : data_inputs(probe)},
                 {"classes", custom || arms ? json(nullptr) : json(data_classes(probe))}};
    if (dataset) {
      kind["rows"] = dataset->rows;
      // Compiled into this build (otherwise it is loaded at run time: load_dataset).
      kind["embedded"] = dataset_available(probe.kind);
    }
    kinds.push_back(std::move(kind));
  }

  json limits = {
      {"maxUnits", kMaxUnits},
      {"maxLayers", kMaxLayers},
      {"maxSamples", kMaxSamples},
      {"maxInputs", kMaxInputs},
      {"maxClasses", kMaxClasses},
      {"maxParameters", kMaxParameters},
      {"maxBatchActivations", kMaxBatchActivations},
      {"maxConfigBytes", kMaxConfigBytes},
      {"maxGridSide", kMaxGridSide},
      {"maxCustomMagnitude", kMaxCustomMagnitude},
      {"maxTargets", kMaxTargets},
      {"maxCsvBytes", kMaxCsvBytes},
  };
  json root = {{"version", 1}, {"fields", std::move(fields)}, {"dataKinds", std::move(kinds)},
               {"limits", std::move(limits)}};
  return root.dump();
}

}  // namespace actlab
