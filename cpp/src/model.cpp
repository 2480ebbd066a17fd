// model.cpp — the multilayer perceptron: arenas, initialisation, and the
// batched forward/backward pairs of a dense layer (shapes and letters are
// defined in actlab/model.hpp: B rows, Fi fan-in, Fo fan-out, O outputs).
//
// Deliberately left out: anything the optimiser does (experiment.cpp, optimizer.cpp) and the
// metrics (metrics.cpp). No allocation happens after create().
#include "actlab/model.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "init.hpp"
#include "kernels/gemm/gemm.hpp"
#include "loss.hpp"
#include "util/format.hpp"

namespace actlab {

namespace {

// The initialisation draws have their own Rng stream ("init" in ASCII), so
// changing the data never shifts them.
constexpr std::uint64_t kInitStream = 0x696e6974u;

std::string range_message(const std::string& field, const char* range, double got) {
  return field + " must be " + range + ", got " + format_double(got);
}

// ===========================================================================
// Dense layer: forward/backward pair
// ===========================================================================

// z[B×Fo] = inp[B×Fi] · weight[Fi×Fo] + bias[Fo] (each sum starts from the bias)
void dense_forward(float* z, const float* inp, const float* weight, const float* bias, int B, int Fi, int Fo,
                   Impl impl) {
  kernels::GemmArgs g{z, static_cast<std::size_t>(Fo), inp, static_cast<std::size_t>(Fi), 1, weight,
                      static_cast<std::size_t>(Fo), static_cast<std::size_t>(B), static_cast<std::size_t>(Fo),
                      static_cast<std::size_t>(Fi), false, bias};
  kernels::gemm(g, impl);
}

// Accumulates dweight[Fi×Fo] += inp^T · dz and dbias[Fo] += Σ_b dz[b, :];
// writes (not accumulates) dinp[B×Fi] = dz · weight^T when dinp is not null,
// using weight_t[Fo×Fi] as room for the transposed weights.
void dense_backward(float* dinp, float* dweight, float* dbias, float* weight_t, const float* dz, const float* inp,
                    const float* weight, int B, int Fi, int Fo, Impl impl) {
  // dweight: A = inp^T, read through strides (A(i, k) = inp[k·Fi + i]).
  kernels::GemmArgs gw{dweight, static_cast<std::size_t>(Fo), inp, 1, static_cast<std::size_t>(Fi), dz,
                       static_cast<std::size_t>(Fo), static_cast<std::size_t>(Fi), static_cast<std::size_t>(Fo),
                       static_cast<std::size_t>(B), true, nullptr};
  kernels::gemm(gw, impl);
  kernels::add_column_sums(dbias, dz, static_cast<std::size_t>(B), static_cast<std::size_t>(Fo), impl);
  if (dinp == nullptr) return;
  // The SIMD kernel wants B contiguous along its columns, so transpose W once.
  kernels::transpose(weight_t, weight, static_cast<std::size_t>(Fi), static_cast<std::size_t>(Fo), impl);
  kernels::GemmArgs gi{dinp, static_cast<std::size_t>(Fi), dz, static_cast<std::size_t>(Fo), 1, weight_t,
                       static_cast<std::size_t>(Fi), static_cast<std::size_t>(B), static_cast<std::size_t>(Fi),
                       static_cast<std::size_t>(Fo), false, nullptr};
  kernels::gemm(gi, impl);
}

// sup |f'| of a formula for the saturation metric: the largest finite |f'|
// on 2001 points over z in [-10, 10] (where pre-activations live), or 1 when
// none is finite and non-zero.
float measured_max_derivative(CompiledFormula* formula) {
  constexpr int kPoints = 2001;
  std::vector<float> z(kPoints), d(kPoints);
  for (int i = 0; i < kPoints; ++i) z[i] = -10.0f + 20.0f * static_cast<float>(i) / (kPoints - 1);
  formula->backward(d.data(), z.data(), nullptr, kPoints, Impl::scalar);
  float largest = 0.0f;
  for (float v : d)
    if (std::isfinite(v)) largest = std::max(largest, std::fabs(v));
  return largest > 0.0f ? largest : 1.0f;
}

}  // namespace

// ===========================================================================
// Creation: arenas and initialisation
// ===========================================================================

Model::~Model() = default;

Status Model::create(const ModelConfig& config, std::uint64_t seed, std::unique_ptr<Model>* out, int max_batch) {
  out->reset();
  // The config was validated by parse_model / parse_experiment / validate_model;
  // max_batch is the caller's own number.
  if (max_batch < 1 || max_batch > kMaxSamples)
    return Status::range_error(range_message("max_batch", "1..100000", max_batch));

  std::unique_ptr<Model> m(new Model());
  m->config_ = config;
  m->max_batch_ = max_batch;
  const int L = static_cast<int>(config.layers.size()) + 1;
  m->layers_.resize(L);
  std::size_t param_count = 0, act_count = 0;
  int max_width = config.inputs;
  for (int l = 0; l < L; ++l) {
    Layer& layer = m->layers_[l];
    const bool is_output = (l == L - 1);
    layer.fan_in = (l == 0) ? config.inputs : config.layers[l - 1].units;
    layer.fan_out = is_output ? config.output.units : config.layers[l].units;
    layer.act = is_output ? Act::identity : config.layers[l].activation;
    layer.act_params = is_output ? default_params(Act::identity) : config.layers[l].params;
    layer.has_slopes = !is_output && activation_info(layer.act).param_count > 0 &&
                       activation_info(layer.act).params[0].learnable;
    layer.weights = param_count;
    param_count += static_cast<std::size_t>(layer.fan_in) * layer.fan_out;
    layer.bias = param_count;
    param_count += layer.fan_out;
    layer.slopes = param_count;
    if (layer.has_slopes) param_count += layer.fan_out;
    layer.z = act_count;
    act_count += static_cast<std::size_t>(max_batch) * layer.fan_out;
    layer.a = act_count;
    act_count += static_cast<std::size_t>(max_batch) * layer.fan_out;
    if (layer.fan_out > max_width) max_width = layer.fan_out;
  }
  m->params_.assign(param_count, 0.0f);
  m->grads_.assign(param_count, 0.0f);
  m->acts_.assign(act_count, 0.0f);
  m->dacts_.assign(2 * static_cast<std::size_t>(max_batch) * max_width, 0.0f);
  std::size_t max_weights = 0;
  for (const Layer& layer : m->layers_)
    max_weights = std::max(max_weights, static_cast<std::size_t>(layer.fan_in) * layer.fan_out);
  m->scratch_.assign(max_weights, 0.0f);
  for (int l = 0; l + 1 < L; ++l) {
    if (config.layers[l].activation != Act::custom) {
      m->layers_[l].max_derivative = activation_info(config.layers[l].activation).max_derivative;
      continue;
    }
    const std::string field = "model.layers[" + std::to_string(l) + "].params";
    const Status status = CompiledFormula::compile(config.layers[l].formula, config.layers[l].formula_params, &m->layers_[l].formula,
                                      field + ".formula", field + ".");
    if (!status) return status;
    m->layers_[l].max_derivative = measured_max_derivative(m->layers_[l].formula.get());
  }
  for (Layer& layer : m->layers_) {
    if (layer.has_slopes) {
      layer.act_params.slopes = m->params_.data() + layer.slopes;
      layer.act_params.channels = static_cast<std::size_t>(layer.fan_out);
    }
  }
  m->initialize(seed);
  *out = std::move(m);
  return Status::success();
}

void Model::initialize(std::uint64_t seed) {
  Rng rng(seed, kInitStream);
  const float bias_init = static_cast<float>(config_.bias_init);
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& layer = layers_[l];
    init_weights(params_.data() + layer.weights, layer.fan_in, layer.fan_out, config_.init, config_.init_std, rng);
    for (int o = 0; o < layer.fan_out; ++o) params_[layer.bias + o] = bias_init;
    if (layer.has_slopes)
      for (int o = 0; o < layer.fan_out; ++o) params_[layer.slopes + o] = config_.layers[l].params.p[0];
  }
}

DenseView Model::params(int l) const {
  const Layer& layer = layers_[l];
  float* base = const_cast<float*>(params_.data());
  return {base + layer.weights, base + layer.bias, layer.has_slopes ? base + layer.slopes : nullptr, layer.fan_in,
          layer.fan_out};
}

DenseView Model::grads(int l) const {
  const Layer& layer = layers_[l];
  float* base = const_cast<float*>(grads_.data());
  return {base + layer.weights, base + layer.bias, layer.has_slopes ? base + layer.slopes : nullptr, layer.fan_in,
          layer.fan_out};
}

Status Model::set_layer(int l, const float* weights, std::size_t weight_count, const float* bias,
                        std::size_t bias_count, const float* slopes, std::size_t slope_count) {
  if (l < 0 || l >= layer_count())
    return Status::range_error(range_message("layer", ("0.." + std::to_string(layer_count() - 1)).c_str(), l));
  const Layer& layer = layers_[l];
  const std::string field = "layers[" + std::to_string(l) + "]";
  const std::size_t want_weights = static_cast<std::size_t>(layer.fan_in) * layer.fan_out;
  if (weight_count != want_weights)
    return Status::range_error(field + ".weights must have " + std::to_string(want_weights) + " values (" +
                               std::to_string(layer.fan_in) + "×" + std::to_string(layer.fan_out) + "), got " +
                               std::to_string(weight_count));
  if (bias_count != static_cast<std::size_t>(layer.fan_out))
    return Status::range_error(field + ".bias must have " + std::to_string(layer.fan_out) + " values, got " +
                               std::to_string(bias_count));
  const std::size_t want_slopes = layer.has_slopes ? static_cast<std::size_t>(layer.fan_out) : 0;
  if (slope_count != want_slopes)
    return Status::range_error(field + ".alpha must have " + std::to_string(want_slopes) + " values" +
                               (layer.has_slopes ? "" : " (the layer is not PReLU)") + ", got " +
                               std::to_string(slope_count));
  for (std::size_t i = 0; i < weight_count; ++i) params_[layer.weights + i] = weights[i];
  for (std::size_t i = 0; i < bias_count; ++i) params_[layer.bias + i] = bias[i];
  for (std::size_t i = 0; i < slope_count; ++i) params_[layer.slopes + i] = slopes[i];
  return Status::success();
}

Act Model::layer_activation(int l) const { return layers_[l].act; }
const ActParams& Model::layer_act_params(int l) const { return layers_[l].act_params; }
float Model::layer_max_derivative(int l) const { return layers_[l].max_derivative; }

void Model::activation_forward(int l, float* a, const float* z, std::size_t count) {
  Layer& layer = layers_[l];
  if (layer.formula) layer.formula->forward(a, z, count, impl_);
  else kernel_table(impl_).forward[static_cast<int>(layer.act)](a, z, count, layer.act_params);
}

void Model::activation_backward(int l, float* dz, const float* z, const float* dy, std::size_t count) {
  Layer& layer = layers_[l];
  if (layer.formula) layer.formula->backward(dz, z, dy, count, impl_);
  else kernel_table(impl_).backward[static_cast<int>(layer.act)](dz, z, dy, count, layer.act_params);
}

void Model::activation_derivative(int l, float* d, const float* z, std::size_t n) {
  activation_backward(l, d, z, nullptr, n);
}
const float* Model::preactivations(int l) const { return acts_.data() + layers_[l].z; }
const float* Model::activations(int l) const {
  return acts_.data() + (l == layer_count() - 1 ? layers_[l].z : layers_[l].a);
}

// ===========================================================================
// Forward, loss, backward
// ===========================================================================

void Model::forward(const float* x, int B) {
  const int L = layer_count();
  const float* inp = x;  // [B×Fi]
  for (int l = 0; l < L; ++l) {
    const Layer& layer = layers_[l];
    float* z = acts_.data() + layer.z;  // [B×Fo]
    dense_forward(z, inp, params_.data() + layer.weights, params_.data() + layer.bias, B, layer.fan_in,
                  layer.fan_out, impl_);
    if (l == L - 1) break;  // logits: the head belongs to the loss / predict
    float* a = acts_.data() + layer.a;  // [B×Fo]
    activation_forward(l, a, z, static_cast<std::size_t>(B) * layer.fan_out);
    inp = a;
  }
}

void Model::zero_gradients() {
  for (float& g : grads_) g = 0.0f;
}

double Model::loss_sum_and_dlogits(const float* y, int B, Loss loss, float grad_scale, bool with_gradient) {
  const float* logits = acts_.data() + layers_.back().z;  // [B×O]
  float* dlogits = with_gradient ? dacts_.data() : nullptr;  // [B×O]
  const int O = outputs();
  if (head_of_loss(loss) != config_.output.activation) {
    if (dlogits)
      for (int i = 0; i < B * O; ++i) dlogits[i] = 0.0f;
    return std::nan("");
  }
  switch (loss) {
    case Loss::bce: return bce_with_logits_forward_backward(dlogits, logits, y, B, O, grad_scale);
    case Loss::softmax_ce: return softmax_ce_forward_backward(dlogits, logits, y, B, O, grad_scale);
    case Loss::mse: return mse_forward_backward(dlogits, logits, y, B, O, grad_scale);
  }
  return std::nan("");
}

float Model::loss_forward_backward(const float* y, int B, Loss loss) {
  const double terms = loss_terms(loss, B, outputs());
  const double sum = loss_sum_and_dlogits(y, B, loss, static_cast<float>(1.0 / terms), true);
  return static_cast<float>(sum / terms);
}

void Model::backward(const float* x, int B) {
  const int L = layer_count();
  const std::size_t half = dacts_.size() / 2;
  float* dz = dacts_.data();  // [B×Fo] of the current layer; starts as dlogits
  float* dinp = dacts_.data() + half;  // [B×Fi]
  for (int l = L - 1; l >= 0; --l) {
    const Layer& layer = layers_[l];
    const float* inp = (l == 0) ? x : acts_.data() + layers_[l - 1].a;  // [B×Fi]
    dense_backward(l == 0 ? nullptr : dinp, grads_.data() + layer.weights, grads_.data() + layer.bias,
                   scratch_.data(), dz, inp, params_.data() + layer.weights, B, layer.fan_in, layer.fan_out, impl_);
    if (l == 0) break;
    // dinp is the gradient of the previous layer's output a; through its activation to z.
    const Layer& prev = layers_[l - 1];
    const float* z_prev = acts_.data() + prev.z;  // [B×Fi]
    const std::size_t count = static_cast<std::size_t>(B) * prev.fan_out;
    if (prev.has_slopes)
      prelu_slopes_backward(grads_.data() + prev.slopes, z_prev, dinp, static_cast<std::size_t>(B),
                            static_cast<std::size_t>(prev.fan_out));
    activation_backward(l - 1, dinp, z_prev, dinp, count);
    std::swap(dz, dinp);
  }
}

float Model::loss_and_gradients(const float* x, const float* y, int n, Loss loss) {
  zero_gradients();
  if (n <= 0) return std::nan("");
  const double terms = loss_terms(loss, n, outputs());
  const float grad_scale = static_cast<float>(1.0 / terms);
  const std::size_t y_stride = (loss == Loss::softmax_ce) ? 1 : static_cast<std::size_t>(outputs());
  double sum = 0.0;
  for (int start = 0; start < n; start += max_batch_) {
    const int B = std::min(max_batch_, n - start);
    const float* x_chunk = x + static_cast<std::size_t>(start) * inputs();  // [B×I]
    forward(x_chunk, B);
    sum += loss_sum_and_dlogits(y + start * y_stride, B, loss, grad_scale, true);
    backward(x_chunk, B);
  }
  return static_cast<float>(sum / terms);
}

bool Model::gradients_with_finite_loss(const float* x, const float* y, int n, Loss loss) {
  const int O = outputs();
  if (n <= 0 || head_of_loss(loss) != config_.output.activation) return std::isfinite(loss_and_gradients(x, y, n, loss));
  zero_gradients();
  const float grad_scale = static_cast<float>(1.0 / loss_terms(loss, n, O));
  const std::size_t y_stride = (loss == Loss::softmax_ce) ? 1 : static_cast<std::size_t>(O);
  for (int start = 0; start < n; start += max_batch_) {
    const int B = std::min(max_batch_, n - start);
    const float* x_chunk = x + static_cast<std::size_t>(start) * inputs();  // [B×I]
    const float* y_chunk = y + start * y_stride;
    forward(x_chunk, B);
    const float* logits = acts_.data() + layers_.back().z;  // [B×O]
    // Near overflow or with a bad target the loss must be computed to tell:
    // start over the exact way (same gradients, as everything is deterministic).
    if (!loss_certainly_finite(loss, logits, y_chunk, B, O)) return std::isfinite(loss_and_gradients(x, y, n, loss));
    float* dlogits = dacts_.data();  // [B×O]
    switch (loss) {
      case Loss::bce: bce_with_logits_backward(dlogits, logits, y_chunk, B, O, grad_scale); break;
      case Loss::softmax_ce: softmax_ce_backward(dlogits, logits, y_chunk, B, O, grad_scale, impl_); break;
      case Loss::mse: mse_backward(dlogits, logits, y_chunk, B, O, grad_scale); break;
    }
    backward(x_chunk, B);
  }
  return true;
}

void Model::predict(float* out, const float* x, int n) {
  const int O = outputs();
  for (int start = 0; start < n; start += max_batch_) {
    const int B = std::min(max_batch_, n - start);
    forward(x + static_cast<std::size_t>(start) * inputs(), B);
    const float* logits = acts_.data() + layers_.back().z;  // [B×O]
    float* chunk_out = out + static_cast<std::size_t>(start) * O;  // [B×O]
    switch (config_.output.activation) {
      case Head::sigmoid: sigmoid_head_forward(chunk_out, logits, B, O); break;
      case Head::softmax: softmax_head_forward(chunk_out, logits, B, O); break;
      case Head::identity:
        for (int i = 0; i < B * O; ++i) chunk_out[i] = logits[i];
        break;
    }
  }
}

}  // namespace actlab
