// api/trainer_api.cpp — adapter between the trainer and the JavaScript binding
// (see trainer_api.hpp): config text in, Status out, buffers by address.
#include "api/trainer_api.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <vector>

#include <nlohmann/json.hpp>

#include <malloc.h>

#include <nlohmann/json.hpp>

#include "actlab/schema.hpp"
#include "loss.hpp"
#include "util/format.hpp"

namespace actlab::api {
namespace {

constexpr int kMaxStepsPerCall = kMaxSteps;  // the config's "steps" cap

// The loss by name (the schema's names of train.loss), and that it is the
// head's (the same rule as train.loss).
Status read_loss(std::string_view name, Head head, Loss* out) {
  int found = -1;
  if (!find_choice(Field::train_loss, name, &found))
    return Status::type_error("loss must be one of " + choice_list(Field::train_loss) + ", got \"" +
                              std::string(name.substr(0, 40)) + "\"");
  const Loss head_loss = loss_of_head(head);
  if (static_cast<Loss>(found) != head_loss)
    return Status::range_error(std::string("loss must be ") + choice_name(Field::train_loss, static_cast<int>(head_loss)) +
                               " for a " + choice_name(Field::output_activation, static_cast<int>(head)) + " head, got " +
                               choice_name(Field::train_loss, found));
  *out = static_cast<Loss>(found);
  return Status::success();
}

// Rows of x: its length must be a whole number of rows of I inputs.
Status rows_of(std::size_t x_count, int inputs, int* rows) {
  if (x_count % static_cast<std::size_t>(inputs) != 0)
    return Status::range_error("x must have n×" + std::to_string(inputs) + " values (rows of " +
                               std::to_string(inputs) + " inputs), got " + std::to_string(x_count));
  const std::size_t n = x_count / static_cast<std::size_t>(inputs);
  if (n > static_cast<std::size_t>(INT_MAX))
    return Status::range_error("x must have at most " + std::to_string(INT_MAX) + " rows, got " + std::to_string(n));
  *rows = static_cast<int>(n);
  return Status::success();
}

}  // namespace

// ==================================================================== model

Status ModelHandle::create(std::string_view model_json, double seed) {
  if (!(seed >= 0.0 && seed <= static_cast<double>(kMaxSeed) && seed == std::floor(seed)))
    return Status::range_error("seed must be an integer 0.." + std::to_string(kMaxSeed) + ", got " +
                               format_double(seed));
  ModelConfig config;
  Status status = parse_model(model_json, &config);
  if (!status) return status;
  status = Model::create(config, static_cast<std::uint64_t>(seed), &owned_);
  if (!status) return status;
  model_ = owned_.get();
  return Status::success();
}

void ModelHandle::view(ExperimentHandle& experiment) {
  owned_.reset();
  model_ = &experiment.experiment().model();
}

const float* ModelHandle::parameters(int layer, int part) const {
  const DenseView v = model_->params(layer);
  return part == 0 ? v.weights : part == 1 ? v.bias : v.slopes;
}

const float* ModelHandle::gradients(int layer, int part) const {
  const DenseView v = model_->grads(layer);
  return part == 0 ? v.weights : part == 1 ? v.bias : v.slopes;
}

Status ModelHandle::set_parameters(int layer_count, const float* const* arrays, const std::size_t* counts) {
  const int L = model_->layer_count();
  if (layer_count != L)
    return Status::range_error("parameters must have " + std::to_string(L) + " layers (one per dense layer), got " +
                               std::to_string(layer_count));
  // All or nothing: a bad length in a later layer leaves earlier ones as they were.
  float* arena = model_->parameter_arena();
  const std::vector<float> before(arena, arena + model_->parameter_count());
  for (int l = 0; l < L; ++l) {
    const Status status = model_->set_layer(l, arrays[3 * l], counts[3 * l], arrays[3 * l + 1], counts[3 * l + 1],
                                            arrays[3 * l + 2], counts[3 * l + 2]);
    if (!status) {
      std::copy(before.begin(), before.end(), arena);
      return status;
    }
  }
  return Status::success();
}

Status ModelHandle::predict(const float* x, std::size_t x_count, float* out) {
  int n = 0;
  const Status status = rows_of(x_count, model_->inputs(), &n);
  if (!status) return status;
  model_->predict(out, x, n);
  return Status::success();
}

Status ModelHandle::loss_and_gradients(const float* x, std::size_t x_count, const float* y, std::size_t y_count,
                                       std::string_view loss_name, float* loss_out) {
  Loss loss = Loss::mse;
  Status status = read_loss(loss_name, model_->config().output.activation, &loss);
  if (!status) return status;
  int n = 0;
  if (!(status = rows_of(x_count, model_->inputs(), &n))) return status;
  if (n < 1) return Status::range_error("x must have at least one row, got 0 values");
  const int O = model_->outputs();
  const std::size_t want_y = loss == Loss::softmax_ce ? static_cast<std::size_t>(n) : static_cast<std::size_t>(n) * O;
  if (y_count != want_y)
    return Status::range_error("y must have " + std::to_string(want_y) +
                               (loss == Loss::softmax_ce ? " values (a class index per row of x)"
                                                         : " values (n×outputs targets)") +
                               ", got " + std::to_string(y_count));
  if (loss == Loss::softmax_ce) {
    for (std::size_t i = 0; i < y_count; ++i) {
      if (!(y[i] >= 0.0f && y[i] < static_cast<float>(O) && y[i] == std::floor(y[i])))
        return Status::range_error("y[" + std::to_string(i) + "] must be a class index 0.." + std::to_string(O - 1) +
                                   ", got " + format_float(y[i]));
    }
  }
  *loss_out = model_->loss_and_gradients(x, y, n, loss);
  return Status::success();
}

// =============================================================== experiment

Status ExperimentHandle::create(std::string_view config_json, const float* x, std::size_t x_count, const float* y,
                                std::size_t y_count) {
  CustomArrays arrays;
  arrays.x = x;
  arrays.x_count = x_count;
  arrays.y = y;
  arrays.y_count = y_count;
  ExperimentConfig config;
  Status status = parse_experiment(config_json, arrays, &config);
  if (!status) return status;
  return Experiment::create(config, &experiment_);
}

Status ExperimentHandle::create(std::string_view config_json) {
  ExperimentConfig config;
  Status status = parse_experiment(config_json, &config);
  if (!status) return status;
  return Experiment::create(config, &experiment_);
}

Status ExperimentHandle::step(double k, int* done) {
  if (!(k >= 0.0 && k <= kMaxStepsPerCall && k == std::floor(k)))
    return Status::range_error("k must be an integer 0..1000000 (steps per call), got " + format_double(k));
  *done = experiment_->step(static_cast<int>(k));
  return Status::success();
}

const float* ExperimentHandle::data(int part) const {
  const Dataset& d = experiment_->data();
  switch (part) {
    case 0: return d.x_train.data();
    case 1: return d.y_train.data();
    case 2: return d.x_test.data();
    case 3: return d.y_test.data();
    case 4: return d.lo.data();
    case 5: return d.hi.data();
    case 6: return d.feature_mean.data();
    default: return d.feature_std.data();
  }
}

std::size_t ExperimentHandle::data_size(int part) const {
  const Dataset& d = experiment_->data();
  switch (part) {
    case 0: return d.x_train.size();
    case 1: return d.y_train.size();
    case 2: return d.x_test.size();
    case 3: return d.y_test.size();
    case 4: return d.lo.size();
    case 5: return d.hi.size();
    case 6: return d.feature_mean.size();
    default: return d.feature_std.size();
  }
}

std::string ExperimentHandle::data_names_json() const {
  const Dataset& d = experiment_->data();
  return nlohmann::ordered_json{{"columns", d.columns}, {"classNames", d.class_names}}.dump(
      -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

namespace {

// Grid sides arrive as doubles; anything that is not an int goes no further
// (the grid's own check names "w" / "h" the same way).
Status grid_sides(double w_value, double h_value, int* w, int* h) {
  const char* const names[] = {"w", "h"};
  const double sides[] = {w_value, h_value};
  for (int i = 0; i < 2; ++i) {
    if (!(sides[i] >= INT_MIN && sides[i] <= INT_MAX && sides[i] == std::floor(sides[i])))
      return Status::range_error(std::string(names[i]) + " must be 1.." + std::to_string(kMaxGridSide) + ", got " +
                                 format_double(sides[i]));
  }
  *w = static_cast<int>(w_value);
  *h = static_cast<int>(h_value);
  return Status::success();
}

bool plausible_grid(int w, int h) { return w >= 1 && w <= kMaxGridSide && h >= 1 && h <= kMaxGridSide; }

}  // namespace

Status ExperimentHandle::decision_grid(double w_value, double h_value) {
  int w = 0, h = 0;
  Status status = grid_sides(w_value, h_value, &w, &h);
  if (!status) return status;
  // Sized only for sides the grid accepts; otherwise decision_grid() returns
  // its range error before writing anything.
  grid_.assign(plausible_grid(w, h) ? experiment_->decision_grid_size(w, h) : 0, 0.0f);
  status = experiment_->decision_grid(w, h, grid_.data());
  if (!status) grid_.clear();
  return status;
}

Status ExperimentHandle::unit_grids(double w_value, double h_value) {
  int w = 0, h = 0;
  Status status = grid_sides(w_value, h_value, &w, &h);
  if (!status) return status;
  grid_.assign(plausible_grid(w, h) ? experiment_->unit_grids_size(w, h) : 0, 0.0f);
  status = experiment_->unit_grids(w, h, grid_.data());
  if (!status) grid_.clear();
  return status;
}

Status ExperimentHandle::class_means() {
  grid_.assign(experiment_->class_means_size(), 0.0f);
  const Status status = experiment_->class_means(grid_.data());
  if (!status) grid_.clear();
  return status;
}

Status ExperimentHandle::unit_histogram_json(double layer, double unit, std::string* out) {
  const double values[] = {layer, unit};
  const char* names[] = {"layer", "unit"};
  for (int i = 0; i < 2; ++i) {
    if (!(values[i] >= 0 && values[i] <= 1e6 && values[i] == std::floor(values[i])))
      return Status::range_error(std::string(names[i]) + " must be a whole number 0 or more, got " + format_double(values[i]));
  }
  Histogram histogram;
  const Status status = experiment_->unit_histogram(static_cast<int>(layer), static_cast<int>(unit), &histogram);
  if (!status) return status;
  nlohmann::json j;
  j["lo"] = histogram.lo;
  j["hi"] = histogram.hi;
  j["counts"] = histogram.counts;
  *out = j.dump();
  return Status::success();
}

std::size_t heap_bytes_in_use() {
#if defined(__EMSCRIPTEN__)
  return static_cast<std::size_t>(mallinfo().uordblks);
#elif defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  return mallinfo2().uordblks;
#else
  return 0;
#endif
}

}  // namespace actlab::api
