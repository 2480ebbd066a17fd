// actlab/experiment.hpp — one training run: data, model, optimiser and
// metrics from one ExperimentConfig (docs/config.md). This is what the CLI
// `actlab run`, the JavaScript createExperiment() and the page's worker drive.
//
// Everything derives from config.seed (data, initialisation, minibatches), so
// the same config gives bit-identical metrics on every run and every build.
// Memory is allocated by create(); step() allocates nothing.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actlab/config.hpp"
#include "actlab/data.hpp"
#include "actlab/metrics.hpp"
#include "actlab/model.hpp"
#include "actlab/rng.hpp"
#include "actlab/status.hpp"

namespace actlab {

class Experiment {
 public:
  // Generates the data (make_dataset), builds the model and the optimiser
  // state. The config must come from parse_experiment(), which validated it;
  // it is not checked again.
  static Status create(const ExperimentConfig& config, std::unique_ptr<Experiment>* out);
  // Same, with data the caller already has: the data is checked against the
  // config (inputs, classes, array lengths, labels, batch size) and a range
  // error names what does not fit.
  static Status create(const ExperimentConfig& config, Dataset dataset, std::unique_ptr<Experiment>* out);
  ~Experiment();
  Experiment(const Experiment&) = delete;
  Experiment& operator=(const Experiment&) = delete;

  // Trains up to k more steps; stops early at config.steps (status "done") or
  // on divergence (status "diverged"). Returns the number of steps done.
  int step(int k);
  // Metrics of the current state over the whole training and test sets
  // (computed in chunks; no allocation beyond the arenas made at creation).
  Metrics metrics();
  std::string metrics_json() { return metrics_to_json(metrics()); }

  int steps_done() const { return step_; }
  RunStatus status() const { return status_; }
  int diverged_at() const { return diverged_at_; }

  // The model evaluated on a grid over the data's bounding box (Dataset::lo/hi).
  // 2-D inputs: w×h cells, row 0 at the top (largest x₂), column 0 at the left
  // (smallest x₁), each evaluated at its centre. 1-D inputs: h must be 1, w
  // points at the centres of w equal bins of x. out receives
  // (rows × columns × outputs) floats: head outputs (probabilities for
  // sigmoid/softmax, values for identity). 1 ≤ w, h ≤ 512; more inputs or a
  // bad size → range error naming "w" / "h" / "inputs".
  Status decision_grid(int w, int h, float* out);
  // Number of floats decision_grid(w, h) writes.
  std::size_t decision_grid_size(int w, int h) const;
  // Every hidden unit's output (post-activation) on the decision grid's
  // points (same cells, same order). out receives one block per hidden layer,
  // in order, each [units × h × w], unit-major: unit u's value at row r,
  // column c is block[u·h·w + r·w + c]. Same errors as decision_grid.
  Status unit_grids(int w, int h, float* out);
  // Number of floats unit_grids(w, h) writes: (units of all hidden layers) × w × h.
  std::size_t unit_grids_size(int w, int h) const;

  // Each hidden unit's mean output (post-activation) over the training
  // examples of each class: the network view's picture of a unit when the
  // inputs are too many for a map. out receives one block per hidden layer,
  // in order, each [units × classes], unit-major: unit u, class c at
  // block[u·classes + c]. A class without training examples gives NaN.
  // Regression data → range error naming "classes". Sums in double, in
  // example order, so every build gives the same floats.
  Status class_means(float* out);
  // Number of floats class_means writes: (units of all hidden layers) × classes.
  std::size_t class_means_size() const;

  // One unit's pre-activations z over the training set, as a histogram of
  // kHistogramBins bins over [lo, hi] (the network view's "unit details").
  // `layer` indexes the dense layers (hidden layers, then the output layer);
  // a layer or unit the model does not have is a range error naming it.
  // Allocates (n_train floats), so not for a training step.
  Status unit_histogram(int layer, int unit, Histogram* out);

  Model& model() { return *model_; }
  const Dataset& data() const { return data_; }
  const ExperimentConfig& config() const { return config_; }

 private:
  Experiment() = default;
  static Status build(const ExperimentConfig& config, Dataset data, std::unique_ptr<Experiment>* out);
  // The checks of decision_grid and unit_grids; `what` names the grid in the message.
  Status check_grid(int w, int h, const char* what) const;
  // The input points of cells [start, start + B) of a w×h grid into grid_x_.
  void grid_points(int start, int B, int w, int h);
  void train_one_step();
  void draw_batch();
  void shuffle_order();
  // f'(z) of layer l for the B rows of the last forward(), into derivative_;
  // returns the largest |f'| of the activation (the saturation reference).
  float layer_derivative(int layer, int B);

  ExperimentConfig config_;
  Dataset data_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<Rng> batch_rng_;
  int step_ = 0;
  RunStatus status_ = RunStatus::running;
  int diverged_at_ = -1;

  // Optimiser state, same layout as the parameter arena.
  std::vector<float> opt_m_;  // momentum buffer / RMSprop square average / Adam first moment
  std::vector<float> opt_v_;  // Adam second moment
  // Adam's β₁ᵗ and β₂ᵗ for the last step t, multiplied up once per step.
  double adam_beta1_power_ = 1.0, adam_beta2_power_ = 1.0;
  // Minibatch: an epoch permutation of the training rows and the batch buffers.
  std::vector<std::uint32_t> order_;  // [n_train]
  int order_pos_ = 0;
  std::vector<float> batch_x_;  // [batch×I]
  std::vector<float> batch_y_;  // [batch×T] labels (T = 1) or T regression targets
  // Per layer, of the last step: ‖∂loss/∂W‖ and ‖ΔW‖.
  std::vector<double> last_grad_norm_;
  std::vector<double> last_update_norm_;
  // Scratch for metrics and the decision grid, allocated at creation.
  std::vector<float> derivative_;           // [max_batch×max width] f'(z) of one layer
  std::vector<std::uint8_t> ever_positive_;  // [units of all layers] z > 0 for some example
  std::vector<std::uint8_t> ever_sloped_;    // [units of all layers] f'(z) ≠ 0 for some example
  std::vector<float> grid_x_;               // [max_batch×I] grid points of one chunk
};

}  // namespace actlab
