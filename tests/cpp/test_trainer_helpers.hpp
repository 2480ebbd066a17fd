// test_trainer_helpers.hpp — what the trainer suites share: configs built in
// C++, a fixed test-value generator, and a double-precision reference of the
// whole model (forward and loss) used as the gradient-check oracle.
#pragma once
#include <cmath>
#include <cstdint>
#include <vector>

#include "actlab/config.hpp"
#include "actlab/model.hpp"

namespace actlab::test {

// Test inputs only: xorshift32 mapped to [lo, hi).
class TestValues {
 public:
  explicit TestValues(std::uint32_t seed) : s_(seed * 2654435761u + 1u) {}
  double next(double lo, double hi) {
    s_ ^= s_ << 13, s_ ^= s_ >> 17, s_ ^= s_ << 5;
    return lo + (hi - lo) * (static_cast<double>(s_) / 4294967296.0);
  }

 private:
  std::uint32_t s_;
};

inline ModelConfig mlp_config(int inputs, std::vector<int> hidden, Act act, int outputs, Head head,
                              Init init = Init::he_normal) {
  ModelConfig c;
  c.inputs = inputs;
  for (int units : hidden) {
    LayerConfig layer;
    layer.units = units;
    layer.activation = act;
    layer.params = default_params(act);
    c.layers.push_back(layer);
  }
  c.output.units = outputs;
  c.output.activation = head;
  c.init = init;
  return c;
}

// ---- double-precision reference (PyTorch definitions) ---------------------
inline double ref_sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

inline double ref_activation(Act a, double z, const ActParams& p, double slope) {
  const double selu_alpha = 1.6732632423543772848170429916717;
  const double selu_scale = 1.0507009873554804934193349852946;
  switch (a) {
    case Act::custom:  // formulas have their own references (test_formula_*.cpp)
      break;
    case Act::identity: return z;
    case Act::sigmoid: return ref_sigmoid(z);
    case Act::tanh: return std::tanh(z);
    case Act::relu: return z > 0 ? z : 0.0;
    case Act::relu6: return z <= 0 ? 0.0 : (z >= 6 ? 6.0 : z);
    case Act::leaky_relu: return z > 0 ? z : z * p.p[0];
    case Act::prelu: return z > 0 ? z : z * slope;
    case Act::elu: return z > 0 ? z : p.p[0] * std::expm1(z);
    case Act::selu: return selu_scale * (z > 0 ? z : selu_alpha * std::expm1(z));
    case Act::gelu: return 0.5 * z * (1.0 + std::erf(z / std::sqrt(2.0)));
    case Act::gelu_tanh:
      return 0.5 * z * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (z + 0.044715 * z * z * z)));
    case Act::silu: return z * ref_sigmoid(z);
    case Act::mish: return z * std::tanh(std::log1p(std::exp(z)));
    case Act::softplus: {
      const double beta = p.p[0], threshold = p.p[1];
      return beta * z > threshold ? z : std::log1p(std::exp(beta * z)) / beta;
    }
    case Act::hardsigmoid: return std::fmin(std::fmax(z + 3.0, 0.0), 6.0) / 6.0;
    case Act::hardswish: return z * std::fmin(std::fmax(z + 3.0, 0.0), 6.0) / 6.0;
    case Act::softsign: return z / (1.0 + std::fabs(z));
  }
  return z;
}

// Distance from z to the nearest point where some activation is not smooth.
inline double distance_to_kink(double z) {
  double d = 1e300;
  for (double kink : {0.0, 6.0, 3.0, -3.0, 20.0}) d = std::fmin(d, std::fabs(z - kink));
  return d;
}

// The model's loss in double, for parameters theta laid out like the
// model's parameter arena. Also reports the smallest distance of any
// pre-activation to a kink (gradient checks stay away from kinks).
inline double reference_loss(const Model& model, const std::vector<double>& theta, const float* x,
                             const float* y, int n, Loss loss, double* min_kink_distance = nullptr) {
  const float* base = model.parameter_arena();
  std::vector<double> inp(x, x + static_cast<std::size_t>(n) * model.inputs());
  double kink_distance = 1e300;
  const int L = model.layer_count();
  for (int l = 0; l < L; ++l) {
    DenseView v = model.params(l);
    const std::size_t w0 = v.weights - base, b0 = v.bias - base;
    const std::size_t s0 = v.slopes ? static_cast<std::size_t>(v.slopes - base) : 0;
    std::vector<double> out(static_cast<std::size_t>(n) * v.fan_out);
    for (int r = 0; r < n; ++r) {
      for (int o = 0; o < v.fan_out; ++o) {
        double z = theta[b0 + o];
        for (int i = 0; i < v.fan_in; ++i) z += inp[r * v.fan_in + i] * theta[w0 + i * v.fan_out + o];
        if (l < L - 1) {
          kink_distance = std::fmin(kink_distance, distance_to_kink(z));
          z = ref_activation(model.layer_activation(l), z, model.layer_act_params(l), v.slopes ? theta[s0 + o] : 0.0);
        }
        out[r * v.fan_out + o] = z;
      }
    }
    inp.swap(out);
  }
  if (min_kink_distance) *min_kink_distance = kink_distance;
  const int O = model.outputs();
  double sum = 0.0;
  for (int r = 0; r < n; ++r) {
    const double* z = &inp[r * O];
    switch (loss) {
      case Loss::bce:
        for (int j = 0; j < O; ++j) {
          const double t = y[r * O + j];
          sum += -(t * std::log(ref_sigmoid(z[j])) + (1 - t) * std::log(1 - ref_sigmoid(z[j])));
        }
        break;
      case Loss::softmax_ce: {
        double m = z[0];
        for (int j = 1; j < O; ++j) m = std::fmax(m, z[j]);
        double s = 0;
        for (int j = 0; j < O; ++j) s += std::exp(z[j] - m);
        sum += m + std::log(s) - z[static_cast<int>(y[r])];
        break;
      }
      case Loss::mse:
        for (int j = 0; j < O; ++j) sum += (z[j] - y[r * O + j]) * (z[j] - y[r * O + j]);
        break;
    }
  }
  return sum / (loss == Loss::softmax_ce ? n : static_cast<double>(n) * O);
}

}  // namespace actlab::test
