// actlab/config.hpp — the experiment config, one definition for the native CLI,
// the JavaScript API and the page's URL (docs/config.md lists every field).
//
// JSON field names (camelCase) are given next to each member; their types,
// ranges, defaults and names are in one table, actlab/schema.hpp. Parsing and
// validation live only in config.cpp: every error names the field path and
// the allowed range, e.g. "model.layers[2].units must be 1..1024, got 0".
// A rejected config allocates nothing. Model::create, make_dataset and
// Experiment::create take a config that passed this validation.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actlab/activations.hpp"
#include "actlab/formula.hpp"
#include "actlab/status.hpp"

namespace actlab {

// Caps that protect memory and the browser tab.
inline constexpr int kMaxUnits = 1024;
inline constexpr int kMaxLayers = 32;
inline constexpr int kMaxSamples = 100000;
inline constexpr int kMaxGridSide = 512;
inline constexpr int kMaxInputs = 64;
inline constexpr int kMaxTargets = 10;  // regression targets per example (identity head units)
inline constexpr int kMaxSteps = 1000000;
inline constexpr long long kMaxSeed = 9007199254740991LL;  // 2^53 − 1: exact in JavaScript
// Memory caps checked by parse_experiment (docs/config.md): parameters of the
// model, the batch's activations (batchSize × units summed over all layers)
// and the size of the JSON text itself.
inline constexpr long long kMaxParameters = 4000000;
inline constexpr long long kMaxBatchActivations = 8000000;
inline constexpr long long kMaxConfigBytes = 64LL * 1024 * 1024;

// The generators, the real datasets (actlab/datasets.hpp), then custom data.
enum class DataKind { moons, circles, xor_, spiral, blobs, sin, abs, step, iris, wine, breast_cancer, digits, custom };

struct DataConfig {
  DataKind kind = DataKind::moons;  // "kind"
  int n = 400;                      // "n": 1..100000 (total, before the test split)
  double noise = 0.1;               // "noise"
  double test_fraction = 0.2;       // "testFraction": 0..0.9
  int classes = 3;                  // "classes": spiral arms / blobs count, 2..10
  bool standardize = false;         // "standardize": z-score x with the training part's mean and std
  // kind == custom: "x" (n×inputs, row-major), "y" (n labels, or n×targets
  // regression targets, row-major), "inputs".
  std::vector<float> custom_x;
  std::vector<float> custom_y;
  int custom_inputs = 0;
  int custom_targets = 1;  // values of y per example: the row length when "y" holds rows
  std::vector<std::string> columns;      // "columns": the features' names (custom), 0 or inputs of them
  std::vector<std::string> class_names;  // "classNames": the classes' names (custom), 0 or classes of them
  int dropped_rows = 0;                  // "droppedRows": rows a CSV reader left out (custom, informational)
};

struct LayerConfig {
  int units = 16;                  // "units": 1..1024
  Act activation = Act::relu;      // "activation": a key of activation_list.def, or "custom"
  ActParams params;                // "params": { name: value }, defaults filled in
  // activation custom: "params": { "formula": "max(a*z, z)", "a": 0.1 }
  // (actlab/formula.hpp), the values in the order the formula names them.
  std::string formula;
  std::vector<FormulaParam> formula_params;
};

enum class Head { sigmoid, softmax, identity };

struct OutputConfig {
  int units = 1;                   // "units": 1 (sigmoid), the classes (softmax), the targets (identity)
  Head activation = Head::sigmoid; // "activation": "sigmoid" | "softmax" | "identity"
};

enum class Init { zeros, uniform, normal, xavier_uniform, xavier_normal, he_uniform, he_normal, lecun_normal };

struct ModelConfig {
  int inputs = 2;                  // "inputs": 1..64
  std::vector<LayerConfig> layers; // "layers": 0..32 hidden layers
  OutputConfig output;             // "output"
  Init init = Init::he_normal;     // "init"
  double init_std = 0.1;           // "initStd": σ for init "normal"
  double bias_init = 0.0;          // "biasInit": negative values allowed (dying ReLU demos)
};

enum class Loss { bce, softmax_ce, mse };
enum class OptimizerKind { sgd, momentum, rmsprop, adam };

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::sgd;  // "kind"
  double lr = 0.1;                          // "lr"
  double momentum = 0.9;                    // "momentum" (momentum)
  bool nesterov = false;                    // "nesterov" (momentum)
  double rho = 0.9;                         // "rho" (rmsprop decay)
  double beta1 = 0.9;                       // "beta1" (adam)
  double beta2 = 0.999;                     // "beta2" (adam)
  double epsilon = 1e-8;                    // "epsilon" (rmsprop, adam)
};

struct TrainConfig {
  Loss loss = Loss::bce;            // "loss"
  OptimizerConfig optimizer;        // "optimizer"
  int batch_size = 32;              // "batchSize": 1..n_train
  double weight_decay = 0.0;        // "weightDecay": L2, not applied to biases or PReLU slopes
  double clip_norm = 0.0;           // "clipNorm": clip gradients by global norm; 0 = off
};

struct ExperimentConfig {
  std::uint64_t seed = 1;           // "seed": 0..2^53-1; data, init and batches all derive from it
  DataConfig data;                  // "data"
  ModelConfig model;                // "model"
  TrainConfig train;                // "train"
  int steps = 1000;                 // "steps": 0..1000000
  int every = 10;                   // "every": metrics every k steps, 1..steps
};

// Parses and validates a whole experiment (JSON text). Missing fields take
// the defaults above.
Status parse_experiment(std::string_view json, ExperimentConfig* out);

// Custom data given beside the JSON text, as arrays of floats instead of
// JSON numbers (the JavaScript API passes typed arrays this way: a 100000 ×
// 64 CSV would be over 40 MB of JSON). x is rows × data.inputs, row-major;
// y holds one label or target per row, or rows × targets values. They stand
// for data.x and data.y, which the JSON must then leave out, and are checked
// like them.
struct CustomArrays {
  const float* x = nullptr;
  std::size_t x_count = 0;
  const float* y = nullptr;
  std::size_t y_count = 0;
};
Status parse_experiment(std::string_view json, const CustomArrays& arrays, ExperimentConfig* out);
// Parses and validates only the "model" part (lab.createModel(config.model)).
Status parse_model(std::string_view json, ModelConfig* out);
// Checks a model config built in C++ (not parsed) against the same schema,
// with the same messages: ranges, activation parameters, the head's units
// (as parse_model, with no data to fit) and the parameter cap.
Status validate_model(const ModelConfig& model);
// The canonical JSON of a config (every field, defaults included).
// with_custom_data = false leaves out custom data's data.x and data.y (the
// rest of data stays): for a caller that holds those arrays already, since
// writing 100,000 × 64 values as JSON text takes tens of seconds.
std::string to_json(const ExperimentConfig& config, bool with_custom_data = true);

}  // namespace actlab
