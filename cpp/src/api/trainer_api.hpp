// api/trainer_api.hpp — the trainer as the JavaScript binding sees it: a model
// or an experiment created from JSON text (validated once, by the config
// parser), parameters and data addressed as float buffers, metrics as JSON
// text, and every user error returned as a Status. Plain C++ (no Emscripten),
// so native code can drive it too and cpp/bindings/ stays a file that only binds.
//
// Buffers cross the boundary as addresses: JavaScript copies its typed arrays
// into malloc'd wasm memory with one HEAPF32.set, passes the address, and
// copies results out with HEAPF32.slice (copies survive memory growth).
//
// Deliberately left out: anything about JS values, and any validation of the
// config (parse_model / parse_experiment own it).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "actlab/config.hpp"
#include "actlab/experiment.hpp"
#include "actlab/model.hpp"
#include "actlab/status.hpp"

namespace actlab::api {

class ExperimentHandle;

// A model held by JavaScript: either its own (create) or a view of an
// experiment's model (view). A view must not outlive its experiment; the
// JavaScript wrapper guarantees that.
class ModelHandle {
 public:
  // Parses `model_json` (the "model" part of the schema) and builds the model,
  // initialised from `seed` (an integer 0..2^53-1, passed as a double because
  // that is what JavaScript has).
  Status create(std::string_view model_json, double seed);
  void view(ExperimentHandle& experiment);
  bool ready() const { return model_ != nullptr; }

  int inputs() const { return model_->inputs(); }
  int outputs() const { return model_->outputs(); }
  int layer_count() const { return model_->layer_count(); }
  int fan_in(int layer) const { return model_->params(layer).fan_in; }
  int fan_out(int layer) const { return model_->params(layer).fan_out; }
  bool has_slopes(int layer) const { return model_->params(layer).slopes != nullptr; }
  // Where a layer's parameters / gradients are: `part` 0 weights, 1 bias, 2 slopes.
  const float* parameters(int layer, int part) const;
  const float* gradients(int layer, int part) const;

  // Sets every layer at once, or none: `arrays` holds 3 addresses per layer
  // (weights, bias, slopes) and `counts` their lengths. A wrong layer count or
  // length is a range error naming the layer; the model is unchanged then.
  Status set_parameters(int layer_count, const float* const* arrays, const std::size_t* counts);

  // out[n×O] = predictions for x[n×I]; x_count is x's length (a multiple of I).
  Status predict(const float* x, std::size_t x_count, float* out);
  // Number of rows predict() would see in x_count values (x_count / I).
  std::size_t rows(std::size_t x_count) const { return x_count / static_cast<std::size_t>(model_->inputs()); }

  // Mean loss of x against y ("bce" | "softmax_ce" | "mse", the head's), and
  // the gradients in the gradient arena (gradients()). y: one class index per
  // row for softmax_ce, n×O targets otherwise.
  Status loss_and_gradients(const float* x, std::size_t x_count, const float* y, std::size_t y_count,
                            std::string_view loss, float* loss_out);

 private:
  std::unique_ptr<Model> owned_;
  Model* model_ = nullptr;
};

// An experiment held by JavaScript.
class ExperimentHandle {
 public:
  Status create(std::string_view config_json);
  // Same, with custom data.x / data.y as float arrays beside the JSON
  // (CustomArrays in config.hpp; typed arrays from JavaScript).
  Status create(std::string_view config_json, const float* x, std::size_t x_count, const float* y,
                std::size_t y_count);
  bool ready() const { return experiment_ != nullptr; }
  Experiment& experiment() { return *experiment_; }

  // The config with every default filled in (JSON text).
  std::string config_json() const { return to_json(experiment_->config()); }
  // The same without custom data's x and y (the caller passed them in beside the JSON).
  std::string config_json_without_custom_data() const { return to_json(experiment_->config(), false); }
  // Trains up to k (an integer 0..1000000) more steps; *done receives the
  // steps done. Counts arrive as doubles, so a huge number is a range error
  // here rather than a silently wrapped int.
  Status step(double k, int* done);
  std::string metrics_json() { return experiment_->metrics_json(); }

  // Data access: `part` 0 x, 1 y, 2 xTest, 3 yTest, 4 lo, 5 hi, 6 feature
  // mean, 7 feature std (both empty when the data is not standardized).
  const float* data(int part) const;
  std::size_t data_size(int part) const;
  int n_train() const { return experiment_->data().n_train; }
  int n_test() const { return experiment_->data().n_test; }
  int inputs() const { return experiment_->data().inputs; }
  int classes() const { return experiment_->data().classes; }
  int targets() const { return experiment_->data().targets; }
  // {"columns": [...], "classNames": [...]}: the data's feature and class names.
  std::string data_names_json() const;

  // Fills the handle's grid buffer (w·h·O floats, see Experiment::decision_grid).
  Status decision_grid(double w, double h);
  // Fills the same buffer with every hidden unit's output on that grid (one
  // block of units×h×w floats per hidden layer, see Experiment::unit_grids).
  Status unit_grids(double w, double h);
  // Fills the grid buffer with each hidden unit's mean output per class (one
  // block of units×classes floats per hidden layer, see Experiment::class_means).
  Status class_means();
  // One unit's pre-activation histogram over the training set as JSON text
  // ({ lo, hi, counts }) in *out; layer and unit arrive as doubles and are
  // checked (a range error names them).
  Status unit_histogram_json(double layer, double unit, std::string* out);
  const float* grid() const { return grid_.data(); }
  std::size_t grid_size() const { return grid_.size(); }

 private:
  std::unique_ptr<Experiment> experiment_;
  std::vector<float> grid_;
};

// Bytes of the heap in use (malloc'd and not freed), for leak tests.
std::size_t heap_bytes_in_use();

}  // namespace actlab::api
