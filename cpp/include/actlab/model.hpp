// actlab/model.hpp — a multilayer perceptron: dense layers, an activation per
// hidden layer, an output head, batched forward and backward in float.
//
// Shapes (letters used in every shape comment of the trainer):
//   B  rows in a batch (≤ max_batch; predict() chunks larger inputs itself)
//   I  inputs, O outputs (units of the output layer)
//   Fi fan-in and Fo fan-out of dense layer l (Fi = I for l = 0)
// Dense layer l computes z[B×Fo] = x[B×Fi] · W[Fi×Fo] + b[Fo] (W row-major,
// fan-in by fan-out, the layout getParameters() hands to JavaScript), then
// a[B×Fo] = f(z) for hidden layers. The output layer's z are the logits; the
// head (sigmoid / softmax / identity) is applied by predict() and folded into
// the loss by loss_and_gradients() (BCE-with-logits, log-sum-exp).
//
// Memory: one arena per kind (parameters, gradients, activations), allocated
// by create() and never again; forward/backward allocate nothing.
//
// Deliberately left out: convolutions, dropout, batch norm, double precision.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "actlab/config.hpp"
#include "actlab/status.hpp"

namespace actlab {

inline constexpr int kDefaultMaxBatch = 256;

// Where one dense layer's parameters (or gradients) live inside an arena.
struct DenseView {
  float* weights = nullptr;  // [Fi×Fo] row-major
  float* bias = nullptr;     // [Fo]
  float* slopes = nullptr;   // [Fo] PReLU slopes, nullptr for other activations
  int fan_in = 0;
  int fan_out = 0;
};

class Model {
 public:
  // Builds a model from a validated model config (parse_model,
  // parse_experiment or validate_model; the config is not checked again),
  // allocates the arenas for batches of up to max_batch rows (1..100000, else
  // a range error) and initialises the parameters from `seed`. On error *out
  // is left empty and nothing stays allocated.
  static Status create(const ModelConfig& config, std::uint64_t seed, std::unique_ptr<Model>* out,
                       int max_batch = kDefaultMaxBatch);
  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  const ModelConfig& config() const { return config_; }
  int inputs() const { return config_.inputs; }
  int outputs() const { return config_.output.units; }
  int max_batch() const { return max_batch_; }
  // Dense layers: the hidden layers in order, then the output layer.
  int layer_count() const { return static_cast<int>(layers_.size()); }
  int parameter_count() const { return static_cast<int>(params_.size()); }

  // Views into the parameter and gradient arenas (same offsets in both).
  DenseView params(int layer) const;
  DenseView grads(int layer) const;
  float* parameter_arena() { return params_.data(); }
  const float* parameter_arena() const { return params_.data(); }
  float* gradient_arena() { return grads_.data(); }
  const float* gradient_arena() const { return grads_.data(); }

  // Which kernels (activations and matrix products) the model runs: SIMD by
  // default when the build has it. Both give the same bits; tests switch to
  // scalar to check exactly that on whole training runs.
  void set_impl(Impl impl) { impl_ = simd_compiled() ? impl : Impl::scalar; }
  Impl impl() const { return impl_; }

  // Re-initialises every parameter from `seed` (init rule, bias init, PReLU init).
  void initialize(std::uint64_t seed);

  // Sets one layer's parameters. Lengths must be Fi·Fo, Fo and (PReLU) Fo or
  // (no PReLU) 0; a wrong length is a range error naming the layer, e.g.
  // "layers[1].weights must have 256 values (16×16), got 255". `slopes` may be
  // nullptr with slope_count 0 for non-PReLU layers.
  Status set_layer(int layer, const float* weights, std::size_t weight_count, const float* bias,
                   std::size_t bias_count, const float* slopes, std::size_t slope_count);

  // out[n×O] = head(model(x[n×I])): probabilities for sigmoid/softmax heads,
  // values for identity. Any n ≥ 0 (processed in chunks of max_batch rows).
  void predict(float* out, const float* x, int n);

  // Zeroes the gradients, runs forward and backward on n ≥ 1 rows (in chunks of
  // max_batch; the gradients are those of the mean over all n) and returns the
  // mean loss. Targets y: n class indices stored as floats for softmax_ce; n×O
  // values for bce (0/1) and mse. The gradients are left in the gradient arena
  // (grads(l)). A loss that does not fit the head (bce ↔ sigmoid, softmax_ce ↔
  // softmax, mse ↔ identity) or a bad class index gives NaN.
  float loss_and_gradients(const float* x, const float* y, int n, Loss loss);
  // The same gradients, for a trainer that needs the loss only to know
  // whether it is finite: returns true exactly when loss_and_gradients would
  // return a finite loss. The loss value (double-precision exp and log per
  // term) is computed only when the logits and targets do not bound it far
  // below FLT_MAX.
  bool gradients_with_finite_loss(const float* x, const float* y, int n, Loss loss);

  // ----- lower-level steps, used by the trainer and the metrics -------------
  // forward on n ≤ max_batch rows; keeps every layer's z and a for backward.
  void forward(const float* x, int n);
  void zero_gradients();
  // Loss of the last forward() against y, and dlogits for backward (mean over
  // the batch as in PyTorch). Returns the mean loss.
  float loss_forward_backward(const float* y, int n, Loss loss);
  // Sum of the loss terms of the last forward() against y (in double), no gradient.
  double loss_sum(const float* y, int n, Loss loss) { return loss_sum_and_dlogits(y, n, loss, 0.0f, false); }
  // Backward from dlogits through every layer; accumulates into the gradients.
  void backward(const float* x, int n);
  // Activations of the last forward(): pre-activation z[n×Fo] and post-activation
  // a[n×Fo] of layer l (for the output layer, a = z, the logits).
  const float* preactivations(int layer) const;
  const float* activations(int layer) const;
  const float* logits() const { return preactivations(layer_count() - 1); }

  // The activation and its parameters used by hidden layer l (the output
  // layer has none: its head is config().output.activation).
  Act layer_activation(int layer) const;
  const ActParams& layer_act_params(int layer) const;
  // d[n] = f'(z[n]) of hidden layer l's activation (kernel or formula), and
  // sup |f'| for its saturation threshold: the catalogue's value for a
  // built-in, measured on z in [-10, 10] by create() for a formula.
  void activation_derivative(int layer, float* d, const float* z, std::size_t n);
  float layer_max_derivative(int layer) const;

 private:
  Model() = default;
  double loss_sum_and_dlogits(const float* y, int n, Loss loss, float grad_scale, bool with_gradient);
  // f and dy·f' of hidden layer l over count values: the kernel table, or the formula.
  void activation_forward(int layer, float* a, const float* z, std::size_t count);
  void activation_backward(int layer, float* dz, const float* z, const float* dy, std::size_t count);
  // Offsets into the arenas of one dense layer.
  struct Layer {
    int fan_in = 0, fan_out = 0;
    Act act = Act::identity;  // hidden layers; unused for the output layer
    ActParams act_params;     // slopes point into params_ for PReLU
    std::unique_ptr<CompiledFormula> formula;  // Act::custom: its compiled f, f' (and registers)
    float max_derivative = 1.0f;
    std::size_t weights = 0, bias = 0, slopes = 0;  // offsets in params_/grads_
    bool has_slopes = false;
    std::size_t z = 0, a = 0;  // offsets in acts_, each [max_batch×Fo]
  };
  ModelConfig config_;
  Impl impl_ = simd_compiled() ? Impl::simd : Impl::scalar;
  int max_batch_ = 0;
  std::vector<Layer> layers_;
  std::vector<float> params_;  // every layer's W, b, slopes
  std::vector<float> grads_;   // same layout as params_
  std::vector<float> acts_;    // per layer z[B×Fo] and a[B×Fo]
  std::vector<float> dacts_;   // two ping-pong buffers [B×maxwidth] for da/dz
  std::vector<float> scratch_; // transposed weights [Fo×Fi] for the input gradient
};

}  // namespace actlab
