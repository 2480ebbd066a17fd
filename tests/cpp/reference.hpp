// reference.hpp — the test oracle: every activation and its derivative in
// double precision, following PyTorch's torch.nn definitions, with the
// conventions the kernels must meet:
//   - at a kink the derivative is PyTorch's value (relu'(0) = 0,
//     leaky_relu'(0) = s, relu6'(0) = relu6'(6) = 0, hardsigmoid'(±3) = 0,
//     hardswish'(-3) = -0.5, hardswish'(3) = 1.5, elu'(0) = alpha,
//     softplus switches to z only when beta·z > threshold in float);
//   - NaN in gives NaN out, for the value and for the derivative (PyTorch
//     returns relu'(NaN) = 1; we do not);
//   - ±inf gives the limit where PyTorch computes inf·0 = NaN (silu(-inf) = -0,
//     hardswish(-inf) = -0, softsign(±inf) = ±1, leaky_relu with slope 0 at
//     -inf = -0);
//   - the sign of zero is PyTorch's: relu(-0) = -0, relu(-1) = +0.
// Tests may use the C library's double functions; the library itself may not.
// Formulas are arranged so that double evaluation is accurate far below float
// precision in the tails (no 1 - sigmoid cancellation, no inf·0).
#pragma once
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <vector>

#include "accuracy.hpp"
#include "actlab/activations.hpp"

namespace actlab::test {

inline constexpr double kSeluScale = 1.0507009873554804934193349852946;
inline constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
inline constexpr double kSqrt2OverPi = 0.79788456080286535587989211986876;  // sqrt(2/pi)
inline constexpr double kGeluTanhCubic = 0.044715;
inline constexpr double kInvSqrt2 = 0.70710678118654752440084436210485;
inline constexpr double kInvSqrt2Pi = 0.39894228040143267793994605993438;  // 1/sqrt(2 pi)

// sigma(z) without overflow or cancellation.
inline double ref_sigmoid(double z) {
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  double e = std::exp(z);  // NaN stays NaN here
  return e / (1.0 + e);
}
// sigma'(z) = e / (1 + e)^2 with e = exp(-|z|): symmetric, no 1 - sigma.
inline double ref_sigmoid_derivative(double z) {
  double e = std::exp(-std::fabs(z));
  return e / ((1.0 + e) * (1.0 + e));
}
// sech^2(u) = 4e / (1 + e)^2 with e = exp(-2|u|) (that is 1 - tanh^2 u).
inline double ref_sech2(double u) {
  double e = std::exp(-2.0 * std::fabs(u));
  return 4.0 * e / ((1.0 + e) * (1.0 + e));
}
// ln(1 + e^x) without overflow.
inline double ref_softplus1(double x) {
  return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}

// The parameter value element `index` uses: prelu's per-channel slope when
// slopes are given, otherwise p.p[k].
inline double ref_param(Act a, const ActParams& p, int k, std::size_t index = 0) {
  if (a == Act::prelu && k == 0 && p.slopes != nullptr) return p.slopes[index % p.channels];
  return p.p[k];
}

// f(z). `index` only matters for prelu with per-channel slopes.
inline double ref_forward(Act a, double z, const ActParams& p, std::size_t index = 0) {
  const double p0 = ref_param(a, p, 0, index);
  const double p1 = p.p[1];
  if (std::isnan(z)) return z;
  switch (a) {
    case Act::custom:  // formulas have their own references (test_formula_*.cpp)
      break;
    case Act::identity:
      return z;
    case Act::sigmoid:
      return ref_sigmoid(z);
    case Act::tanh:
      return std::tanh(z);
    case Act::relu:
      return z > 0 ? z : (z == 0 ? z : 0.0);  // keeps -0 like torch
    case Act::relu6:
      return z >= 6 ? 6.0 : (z > 0 ? z : (z == 0 ? z : 0.0));
    case Act::leaky_relu:
    case Act::prelu:
      if (z > 0) return z;
      if (std::isinf(z) && p0 == 0) return -0.0;  // limit of 0·z
      return p0 * z;
    case Act::elu:
      return z > 0 ? z : p0 * std::expm1(z);
    case Act::selu:
      return kSeluScale * (z > 0 ? z : kSeluAlpha * std::expm1(z));
    case Act::gelu:
      if (std::isinf(z)) return z > 0 ? z : -0.0;
      return 0.5 * z * std::erfc(-z * kInvSqrt2);
    case Act::gelu_tanh: {
      // 0.5 z (1 + tanh u) = z sigma(2u), which does not cancel for z < 0.
      if (std::isinf(z)) return z > 0 ? z : -0.0;
      double u = kSqrt2OverPi * (z + kGeluTanhCubic * z * z * z);
      return z * ref_sigmoid(2.0 * u);
    }
    case Act::silu:
      if (std::isinf(z)) return z > 0 ? z : -0.0;
      return z * ref_sigmoid(z);
    case Act::mish:
      if (std::isinf(z)) return z > 0 ? z : -0.0;
      return z * std::tanh(ref_softplus1(z));
    case Act::softplus: {
      // PyTorch decides the branch on the float product beta·z.
      float beta_z = static_cast<float>(z) * static_cast<float>(p0);
      if (beta_z > static_cast<float>(p1)) return z;
      return std::log1p(std::exp(p0 * z)) / p0;
    }
    case Act::hardsigmoid:
      return std::fmin(std::fmax(z + 3.0, 0.0), 6.0) / 6.0;
    case Act::hardswish:
      if (z <= -3) return -0.0;  // z·0 for finite z; the limit at -inf
      if (z >= 3) return z;
      return z * (z + 3.0) / 6.0;
    case Act::softsign:
      if (std::isinf(z)) return std::copysign(1.0, z);
      return z / (1.0 + std::fabs(z));
  }
  return NAN;
}

// f'(z) = ∂f/∂z.
inline double ref_derivative(Act a, double z, const ActParams& p, std::size_t index = 0) {
  const double p0 = ref_param(a, p, 0, index);
  const double p1 = p.p[1];
  if (std::isnan(z)) return z;
  switch (a) {
    case Act::custom:  // formulas have their own references (test_formula_*.cpp)
      break;
    case Act::identity:
      return 1.0;
    case Act::sigmoid:
      return ref_sigmoid_derivative(z);
    case Act::tanh:
      return ref_sech2(z);
    case Act::relu:
      return z > 0 ? 1.0 : 0.0;
    case Act::relu6:
      return (z > 0 && z < 6) ? 1.0 : 0.0;
    case Act::leaky_relu:
    case Act::prelu:
      return z > 0 ? 1.0 : p0;
    case Act::elu:
      return z > 0 ? 1.0 : p0 * std::exp(z);
    case Act::selu:
      return kSeluScale * (z > 0 ? 1.0 : kSeluAlpha * std::exp(z));
    case Act::gelu:
      if (std::isinf(z)) return z > 0 ? 1.0 : 0.0;
      return 0.5 * std::erfc(-z * kInvSqrt2) + z * kInvSqrt2Pi * std::exp(-0.5 * z * z);
    case Act::gelu_tanh: {
      // 0.5(1 + t) + 0.5 z (1 - t^2) k (1 + 3c z^2), t = tanh u.
      if (std::isinf(z)) return z > 0 ? 1.0 : 0.0;
      double u = kSqrt2OverPi * (z + kGeluTanhCubic * z * z * z);
      return ref_sigmoid(2.0 * u) +
             0.5 * z * ref_sech2(u) * kSqrt2OverPi * (1.0 + 3.0 * kGeluTanhCubic * z * z);
    }
    case Act::silu:
      // sigma(z) (1 + z (1 - sigma(z))) = sigma(z) + z sigma(z) sigma(-z)
      if (std::isinf(z)) return z > 0 ? 1.0 : 0.0;
      return ref_sigmoid(z) + z * ref_sigmoid(z) * ref_sigmoid(-z);
    case Act::mish: {
      if (std::isinf(z)) return z > 0 ? 1.0 : 0.0;
      double s = ref_softplus1(z);
      return std::tanh(s) + z * ref_sigmoid(z) * ref_sech2(s);
    }
    case Act::softplus: {
      float beta_z = static_cast<float>(z) * static_cast<float>(p0);
      if (beta_z > static_cast<float>(p1)) return 1.0;
      return ref_sigmoid(p0 * z);
    }
    case Act::hardsigmoid:
      return (z > -3 && z < 3) ? 1.0 / 6.0 : 0.0;
    case Act::hardswish:
      if (z < -3) return 0.0;
      if (z <= 3) return z / 3.0 + 0.5;
      return 1.0;
    case Act::softsign: {
      if (std::isinf(z)) return 0.0;
      double d = 1.0 + std::fabs(z);
      return 1.0 / (d * d);
    }
  }
  return NAN;
}

// PReLU: ∂f/∂a = min(z, 0) (z for z <= 0; NaN stays NaN).
inline double ref_prelu_slope_derivative(double z) { return z > 0 ? 0.0 : z; }

// Points where f or f' is not smooth at parameters p (finite differences skip
// them; the kink-convention tests probe them).
inline std::vector<double> ref_kinks(Act a, const ActParams& p) {
  switch (a) {
    case Act::relu:
    case Act::leaky_relu:
    case Act::prelu:
    case Act::elu:
    case Act::selu:
      return {0.0};
    case Act::relu6:
      return {0.0, 6.0};
    case Act::hardsigmoid:
    case Act::hardswish:
      return {-3.0, 3.0};
    case Act::softplus:
      return {static_cast<double>(p.p[1]) / p.p[0]};
    default:
      return {};
  }
}

// The accuracy bounds of issue #2.
inline constexpr double kForwardMaxUlp = 4.0;
inline constexpr double kForwardSubnormalAbs = 1e-37;  // where |ref| < FLT_MIN
inline constexpr double kDerivativeMaxUlp = 8.0;
inline constexpr double kDerivativeAbs = 6e-8;  // whichever of the two is larger

inline bool forward_within_bounds(float got, double ref) {
  if (std::isnan(ref) || std::isnan(got)) return std::isnan(ref) && std::isnan(got);
  if (ulp_error(got, ref) <= kForwardMaxUlp) return true;
  return std::fabs(ref) < FLT_MIN && std::fabs(static_cast<double>(got) - ref) <= kForwardSubnormalAbs;
}

// `dy_scale`: when checking dz = dy·f'(z) for a power-of-two dy, pass |dy|;
// the product is then exact and this is the very same bound on f'.
inline bool derivative_within_bounds(float got, double ref, double dy_scale = 1.0) {
  if (std::isnan(ref) || std::isnan(got)) return std::isnan(ref) && std::isnan(got);
  if (ulp_error(got, ref) <= kDerivativeMaxUlp) return true;
  return std::fabs(static_cast<double>(got) - ref) <= kDerivativeAbs * dy_scale;
}

}  // namespace actlab::test
