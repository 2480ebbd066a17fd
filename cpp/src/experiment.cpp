// experiment.cpp — one training run from a validated config: generates the
// data (or checks that data handed in fits the model), allocates everything
// once, then trains in steps (minibatch,
// forward, loss, backward, clip, update, divergence guard). Metrics are in
// metrics.cpp.
#include "actlab/experiment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "kernels/vec4.hpp"
#include "loss.hpp"
#include "optimizer.hpp"
#include "util/format.hpp"

namespace actlab {

namespace {

// dst[n] = src[n]. Not std::copy: in wasm that calls musl's memcpy, which
// for the short rows of a minibatch (64 floats for digits) took 4% of a
// training step; four floats at a time, then the rest one by one.
inline void copy_floats(float* dst, const float* src, int n) {
  int i = 0;
#if ACTLAB_HAVE_VEC4
  for (; i + 4 <= n; i += 4) vec::f4_store(dst + i, vec::f4_load(src + i));
#endif
  for (; i < n; ++i) dst[i] = src[i];
}

// Minibatch draws have their own Rng stream ("batc" in ASCII).
constexpr std::uint64_t kBatchStream = 0x62617463u;
// Rows processed at once when the model is evaluated on whole sets.
constexpr int kEvalChunk = 256;

// Data handed in directly (not generated from the config) must fit the
// model, or training would read out of bounds.
Status check_dataset(const ExperimentConfig& c, const Dataset& d) {
  const Head head = c.model.output.activation;
  if (d.inputs != c.model.inputs)
    return Status::range_error("model.inputs must be " + std::to_string(d.inputs) + " for this data, got " +
                               std::to_string(c.model.inputs));
  const int O = c.model.output.units;
  if (d.is_classification()) {
    if (head == Head::identity)
      return Status::range_error("model.output.activation must be \"sigmoid\" or \"softmax\" for classification data, got \"identity\"");
    if (head == Head::sigmoid && (d.classes != 2 || O != 1))
      return Status::range_error("model.output.units must be 1 for a sigmoid head on 2-class data, got " +
                                 std::to_string(O) + " units for " + std::to_string(d.classes) + " classes");
    if (head == Head::softmax && O != d.classes)
      return Status::range_error("model.output.units must be " + std::to_string(d.classes) +
                                 " (the number of classes), got " + std::to_string(O));
  } else {
    if (head != Head::identity)
      return Status::range_error("model.output.activation must be \"identity\" for regression data");
    if (O != d.targets)
      return Status::range_error("model.output.units must be " + std::to_string(d.targets) +
                                 " for this data (its targets per example), got " + std::to_string(O));
  }
  if (d.n_train < 1) return Status::range_error("data.n must leave at least one training example, got 0");
  const std::size_t inputs = static_cast<std::size_t>(d.inputs);
  const std::size_t targets = static_cast<std::size_t>(d.targets);
  if (d.n_test < 0 || (d.is_classification() && d.targets != 1) || d.x_train.size() != d.n_train * inputs ||
      d.y_train.size() != d.n_train * targets || d.x_test.size() != d.n_test * inputs ||
      d.y_test.size() != d.n_test * targets || d.lo.size() != inputs || d.hi.size() != inputs)
    return Status::range_error("data arrays do not match n_train, n_test and inputs");
  if (d.is_classification()) {
    for (const std::vector<float>* labels : {&d.y_train, &d.y_test})
      for (float label : *labels)
        if (!(label >= 0.0f && label < static_cast<float>(d.classes)) || static_cast<float>(static_cast<int>(label)) != label)
          return Status::range_error("data labels must be class indices 0.." + std::to_string(d.classes - 1) +
                                     ", got " + format_float(label));
  }
  if (c.train.batch_size > d.n_train)
    return Status::range_error("train.batchSize must be 1.." + std::to_string(d.n_train) +
                               " (the training examples), got " + std::to_string(c.train.batch_size));
  return Status::success();
}

}  // namespace

Experiment::~Experiment() = default;

Status Experiment::create(const ExperimentConfig& config, std::unique_ptr<Experiment>* out) {
  out->reset();
  Dataset data;
  const Status status = make_dataset(config.data, config.seed, &data);
  if (!status) return status;
  return build(config, std::move(data), out);
}

Status Experiment::create(const ExperimentConfig& config, Dataset data, std::unique_ptr<Experiment>* out) {
  out->reset();
  const Status status = check_dataset(config, data);
  if (!status) return status;
  return build(config, std::move(data), out);
}

Status Experiment::build(const ExperimentConfig& config, Dataset data, std::unique_ptr<Experiment>* out) {
  const int max_batch = std::max(config.train.batch_size, kEvalChunk);
  std::unique_ptr<Model> model;
  const Status status = Model::create(config.model, config.seed, &model, max_batch);
  if (!status) return status;

  std::unique_ptr<Experiment> e(new Experiment());
  e->config_ = config;
  e->data_ = std::move(data);
  e->model_ = std::move(model);
  const Model& m = *e->model_;
  const std::size_t P = static_cast<std::size_t>(m.parameter_count());
  const int I = m.inputs(), B = config.train.batch_size;
  e->opt_m_.assign(P, 0.0f);
  e->opt_v_.assign(config.train.optimizer.kind == OptimizerKind::adam ? P : 0, 0.0f);
  e->order_.resize(e->data_.n_train);
  for (int i = 0; i < e->data_.n_train; ++i) e->order_[i] = static_cast<std::uint32_t>(i);
  e->batch_x_.assign(static_cast<std::size_t>(B) * I, 0.0f);
  e->batch_y_.assign(static_cast<std::size_t>(B) * e->data_.targets, 0.0f);
  // No step yet: no gradient was measured (NaN → null in the JSON), not a gradient of 0.
  e->last_grad_norm_.assign(m.layer_count(), std::numeric_limits<double>::quiet_NaN());
  e->last_update_norm_.assign(m.layer_count(), std::numeric_limits<double>::quiet_NaN());
  int max_width = 0, total_units = 0;
  for (int l = 0; l < m.layer_count(); ++l) {
    max_width = std::max(max_width, m.params(l).fan_out);
    total_units += m.params(l).fan_out;
  }
  e->derivative_.assign(static_cast<std::size_t>(max_batch) * max_width, 0.0f);
  e->ever_positive_.assign(total_units, 0);
  e->ever_sloped_.assign(total_units, 0);
  e->grid_x_.assign(static_cast<std::size_t>(max_batch) * I, 0.0f);
  e->batch_rng_.reset(new Rng(config.seed, kBatchStream));
  e->shuffle_order();
  if (config.steps == 0) e->status_ = RunStatus::done;
  *out = std::move(e);
  return Status::success();
}

// Fisher–Yates with the experiment's batch Rng: every epoch a new order.
void Experiment::shuffle_order() {
  for (std::size_t i = order_.size(); i > 1; --i) {
    const std::uint32_t j = batch_rng_->below(static_cast<std::uint32_t>(i));
    std::swap(order_[i - 1], order_[j]);
  }
  order_pos_ = 0;
}

void Experiment::draw_batch() {
  const int B = config_.train.batch_size, I = model_->inputs(), T = data_.targets;
  for (int r = 0; r < B; ++r) {
    if (order_pos_ == static_cast<int>(order_.size())) shuffle_order();
    const std::uint32_t row = order_[order_pos_++];
    copy_floats(batch_x_.data() + static_cast<std::size_t>(r) * I, data_.x_train.data() + static_cast<std::size_t>(row) * I, I);
    copy_floats(batch_y_.data() + static_cast<std::size_t>(r) * T, data_.y_train.data() + static_cast<std::size_t>(row) * T, T);
  }
}

void Experiment::train_one_step() {
  Model& m = *model_;
  const int B = config_.train.batch_size;
  ++step_;
  draw_batch();
  // batch_x_[B×I], batch_y_[B×T] → gradients in the model's gradient arena
  // The step's loss value is not reported (metrics() computes its own), only
  // whether it is finite.
  const bool loss_finite = m.gradients_with_finite_loss(batch_x_.data(), batch_y_.data(), B, config_.train.loss);
  for (int l = 0; l < m.layer_count(); ++l) {
    DenseView g = m.grads(l);
    last_grad_norm_[l] = std::sqrt(sum_of_squares(g.weights, static_cast<std::size_t>(g.fan_in) * g.fan_out, m.impl()));
  }
  if (!loss_finite) {
    status_ = RunStatus::diverged;
    diverged_at_ = step_;
    return;
  }
  if (config_.train.clip_norm > 0)
    clip_by_global_norm(m.gradient_arena(), static_cast<std::size_t>(m.parameter_count()), config_.train.clip_norm);

  AdamPowers powers{adam_beta1_power_, adam_beta2_power_};
  powers.advance(config_.train.optimizer);  // β^step_, the same bits as step_ products from 1
  adam_beta1_power_ = powers.beta1, adam_beta2_power_ = powers.beta2;
  const OptimizerStep s = optimizer_step(config_.train.optimizer, config_.train.weight_decay, powers);
  float* params = m.parameter_arena();
  const float* grads = m.gradient_arena();
  float* state_v = opt_v_.empty() ? nullptr : opt_v_.data();
  bool finite = true;
  // Layer by layer, so ‖ΔW‖ is known per layer; weight decay on weights only.
  for (int l = 0; l < m.layer_count(); ++l) {
    DenseView p = m.params(l);
    auto update = [&](float* first, std::size_t count, bool decay) {
      const std::size_t at = static_cast<std::size_t>(first - params);
      return optimizer_update(first, grads + at, opt_m_.data() + at, state_v ? state_v + at : nullptr, count, s, decay,
                              &finite, m.impl());
    };
    last_update_norm_[l] = std::sqrt(update(p.weights, static_cast<std::size_t>(p.fan_in) * p.fan_out, true));
    update(p.bias, static_cast<std::size_t>(p.fan_out), false);
    if (p.slopes) update(p.slopes, static_cast<std::size_t>(p.fan_out), false);
  }
  if (!finite) {
    status_ = RunStatus::diverged;
    diverged_at_ = step_;
    return;
  }
  if (step_ >= config_.steps) status_ = RunStatus::done;
}

int Experiment::step(int k) {
  int done = 0;
  while (done < k && status_ == RunStatus::running) {
    train_one_step();
    ++done;
  }
  return done;
}

std::size_t Experiment::decision_grid_size(int w, int h) const {
  return static_cast<std::size_t>(w) * h * model_->outputs();
}

std::size_t Experiment::unit_grids_size(int w, int h) const {
  std::size_t units = 0;
  for (int l = 0; l + 1 < model_->layer_count(); ++l) units += static_cast<std::size_t>(model_->params(l).fan_out);
  return units * w * h;
}

Status Experiment::check_grid(int w, int h, const char* what) const {
  const int I = model_->inputs();
  if (I != 1 && I != 2)
    return Status::range_error(std::string("inputs must be 1 or 2 for ") + what + ", got " + std::to_string(I));
  if (w < 1 || w > kMaxGridSide) return Status::range_error("w must be 1..512, got " + std::to_string(w));
  if (h < 1 || h > kMaxGridSide) return Status::range_error("h must be 1..512, got " + std::to_string(h));
  if (I == 1 && h != 1) return Status::range_error("h must be 1 for 1-D inputs, got " + std::to_string(h));
  return Status::success();
}

void Experiment::grid_points(int start, int B, int w, int h) {
  const int I = model_->inputs();
  const double lo0 = data_.lo[0], hi0 = data_.hi[0];
  const double lo1 = I == 2 ? data_.lo[1] : 0.0, hi1 = I == 2 ? data_.hi[1] : 0.0;
  for (int r = 0; r < B; ++r) {
    const int cell = start + r, row = cell / w, col = cell % w;
    grid_x_[static_cast<std::size_t>(r) * I] = static_cast<float>(lo0 + (hi0 - lo0) * ((col + 0.5) / w));
    if (I == 2) grid_x_[static_cast<std::size_t>(r) * I + 1] = static_cast<float>(hi1 - (hi1 - lo1) * ((row + 0.5) / h));
  }
}

Status Experiment::decision_grid(int w, int h, float* out) {
  const Status status = check_grid(w, h, "a decision grid");
  if (!status) return status;
  const int chunk = model_->max_batch();
  const int cells = w * h;
  const int O = model_->outputs();
  for (int start = 0; start < cells; start += chunk) {
    const int B = std::min(chunk, cells - start);
    grid_points(start, B, w, h);
    model_->predict(out + static_cast<std::size_t>(start) * O, grid_x_.data(), B);
  }
  return Status::success();
}

Status Experiment::unit_grids(int w, int h, float* out) {
  const Status status = check_grid(w, h, "unit grids");
  if (!status) return status;
  Model& m = *model_;
  const int chunk = m.max_batch();
  const int cells = w * h;
  const int hidden = m.layer_count() - 1;
  for (int start = 0; start < cells; start += chunk) {
    const int B = std::min(chunk, cells - start);
    grid_points(start, B, w, h);
    m.forward(grid_x_.data(), B);
    // Layer l's block is [Fo × h × w]: unit u's map starts at u·cells.
    float* block = out;
    for (int l = 0; l < hidden; ++l) {
      const int Fo = m.params(l).fan_out;
      const float* a = m.activations(l);  // [B×Fo]
      for (int r = 0; r < B; ++r)
        for (int u = 0; u < Fo; ++u) block[static_cast<std::size_t>(u) * cells + start + r] = a[r * Fo + u];
      block += static_cast<std::size_t>(Fo) * cells;
    }
  }
  return Status::success();
}

std::size_t Experiment::class_means_size() const {
  if (!data_.is_classification()) return 0;
  return unit_grids_size(1, 1) * static_cast<std::size_t>(data_.classes);
}

Status Experiment::class_means(float* out) {
  if (!data_.is_classification())
    return Status::range_error("classes must be 2 or more for class means (this data is a regression)");
  Model& m = *model_;
  const int C = data_.classes, I = data_.inputs, n = data_.n_train;
  const int chunk = m.max_batch();
  const int hidden = m.layer_count() - 1;
  // Per class, the sum of each hidden unit's output (all layers' units in
  // order), and the number of examples; a class-major scratch of doubles.
  const std::size_t units = unit_grids_size(1, 1);
  std::vector<double> sums(units * C, 0.0);
  std::vector<int> counts(C, 0);
  for (int start = 0; start < n; start += chunk) {
    const int B = std::min(chunk, n - start);
    m.forward(data_.x_train.data() + static_cast<std::size_t>(start) * I, B);
    for (int r = 0; r < B; ++r) {
      const int label = static_cast<int>(data_.y_train[static_cast<std::size_t>(start + r)]);
      ++counts[label];
      double* row = sums.data() + static_cast<std::size_t>(label) * units;
      std::size_t offset = 0;
      for (int l = 0; l < hidden; ++l) {
        const int Fo = m.params(l).fan_out;
        const float* a = m.activations(l) + static_cast<std::size_t>(r) * Fo;
        for (int u = 0; u < Fo; ++u) row[offset + u] += a[u];
        offset += Fo;
      }
    }
  }
  // Out: per layer [units × classes], unit-major.
  std::size_t offset = 0;
  float* block = out;
  for (int l = 0; l < hidden; ++l) {
    const int Fo = m.params(l).fan_out;
    for (int u = 0; u < Fo; ++u)
      for (int c = 0; c < C; ++c)
        block[static_cast<std::size_t>(u) * C + c] =
            counts[c] > 0 ? static_cast<float>(sums[static_cast<std::size_t>(c) * units + offset + u] / counts[c])
                          : std::numeric_limits<float>::quiet_NaN();
    block += static_cast<std::size_t>(Fo) * C;
    offset += Fo;
  }
  return Status::success();
}

}  // namespace actlab
