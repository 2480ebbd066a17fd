// Scalar reference kernels of the piecewise-linear and algebraic activations:
// identity, relu, relu6, leaky_relu, prelu, hardsigmoid, hardswish, softsign,
// plus PReLU's slope gradient. One element at a time, in float, performing
// exactly the operations of the SIMD twins in simd/piecewise.cpp (which also
// call these for their tails), so both agree bit for bit.
//
// Conventions (PyTorch's unless said otherwise):
//   - kinks take the left side: relu'(0) = 0, leaky_relu'(0) = prelu'(0) = s,
//     relu6'(0) = relu6'(6) = 0, hardsigmoid'(±3) = 0; hardswish' is z/3 + 1/2
//     on the closed interval [-3, 3] (so -0.5 at -3 and 1.5 at 3);
//   - relu(-0) = -0 and relu6(-0) = -0, as in PyTorch (max keeps the first
//     operand on ties);
//   - NaN in gives NaN out for values and derivatives (PyTorch returns
//     relu'(NaN) = 1 and hardsigmoid'(NaN) = 0; we return NaN);
//   - infinities give the limit where PyTorch computes inf·0 = NaN:
//     hardswish(-inf) = -0, softsign(±inf) = ±1, slope 0 at -inf gives -0;
//     hardswish(z) for z >= 3 is z itself, so it does not overflow near
//     FLT_MAX (PyTorch's z·6/6 does).
#include <cfloat>
#include <cstdint>
#include <limits>

#include "kernels/kernels.hpp"
#include "kernels/loops.hpp"

namespace actlab::kernels::scalar {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// Clang's WebAssembly backend compiles `z < 0 ? 0 : z` with a literal zero
// into f32.max (or f32x4.max when it vectorises the loop), which orders -0
// below +0 and so returns relu(-0) = +0, unlike pmax, SSE2 and our SIMD twin.
// A zero the optimiser cannot see through keeps the compare-and-select.
inline float opaque_zero() {
  float zero = 0.0f;
#if defined(__wasm__)
  __asm__("" : "+r"(zero));
#endif
  return zero;
}

// The derivative at NaN is the NaN itself.
inline float nan_or(float z, float derivative) { return (z != z) ? z : derivative; }

// s·z for z <= 0, where a zero slope must give 0 at z = -inf rather than
// 0·inf = NaN: z is first clamped to -FLT_MAX in that case (NaN stays NaN,
// because pmax returns its first operand when it is NaN).
inline float lower_clamp_for(float slope) { return slope == 0.0f ? -FLT_MAX : -kInf; }
inline float leaky_value(float z, float slope, float lower) {
  return (z > 0.0f) ? z : slope * vec::s_pmax(z, lower);
}
// For 0 <= s <= 1 (every valid negative_slope) the same value is
// max(z, s·z): s·z <= z for z > 0 and s·z >= z for z <= 0, with equal bits
// on ties. Two operations instead of four; leaky_relu uses it when it may.
inline float leaky_value_unit_slope(float z, float slope, float lower) {
  return vec::s_pmax(z, slope * vec::s_pmax(z, lower));
}
inline bool unit_slope(float slope) { return slope >= 0.0f && slope <= 1.0f; }
// PReLU takes the max form when every slope is in (0, 1]: with no zero
// slope the -inf clamp is the identity (pmax(z, -inf) = z, NaN included).
inline bool all_unit_nonzero_slopes(const float* slopes, std::size_t channels) {
  bool all = true;  // no early exit: the loop vectorises
  for (std::size_t c = 0; c < channels; ++c) all = all & (slopes[c] > 0.0f) & (slopes[c] <= 1.0f);
  return all;
}
inline float leaky_value_unit_nonzero_slope(float z, float slope) { return vec::s_pmax(z, slope * z); }
inline float leaky_derivative(float z, float slope) { return nan_or(z, (z > 0.0f) ? 1.0f : slope); }

// (z + 3 is never -0, so the f32.max that wasm builds make of the pmax with
// a literal zero here gives the same result.)
inline float hardsigmoid_value(float z) { return vec::s_pmin(vec::s_pmax(z + 3.0f, 0.0f), 6.0f) / 6.0f; }

}  // namespace

void identity_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  (void)p;
  if (y == z) return;
  for (std::size_t i = 0; i < n; ++i) y[i] = z[i];
}
void identity_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  (void)p;
  scalar_backward_loop(dz, z, dy, n, [](float x) { return nan_or(x, 1.0f); });
}

void relu_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  (void)p;
  const float zero = opaque_zero();
  scalar_forward_loop(y, z, n, [=](float x) { return vec::s_pmax(x, zero); });
}
void relu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  (void)p;
  scalar_backward_loop(dz, z, dy, n, [](float x) { return nan_or(x, (x > 0.0f) ? 1.0f : 0.0f); });
}

void relu6_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  (void)p;
  const float zero = opaque_zero();
  scalar_forward_loop(y, z, n, [=](float x) { return vec::s_pmin(vec::s_pmax(x, zero), 6.0f); });
}
void relu6_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  (void)p;
  scalar_backward_loop(dz, z, dy, n, [](float x) { return nan_or(x, (x > 0.0f && x < 6.0f) ? 1.0f : 0.0f); });
}

void leaky_relu_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  const float slope = p.p[0], lower = lower_clamp_for(slope);
  if (unit_slope(slope))
    scalar_forward_loop(y, z, n, [=](float x) { return leaky_value_unit_slope(x, slope, lower); });
  else
    scalar_forward_loop(y, z, n, [=](float x) { return leaky_value(x, slope, lower); });
}
void leaky_relu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  const float slope = p.p[0];
  scalar_backward_loop(dz, z, dy, n, [=](float x) { return leaky_derivative(x, slope); });
}

// PReLU: leaky ReLU with the slope of each element's channel. The buffers
// are rows×channels, row-major; a last partial row is allowed (element i
// always uses slopes[i % channels]). Without slopes (or with zero channels)
// every element uses p.p[0], exactly as leaky_relu.
void prelu_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  if (p.slopes == nullptr || p.channels == 0) return leaky_relu_forward(y, z, n, p);
  const std::size_t channels = p.channels;
  const bool max_form = all_unit_nonzero_slopes(p.slopes, channels);
  for (std::size_t row = 0; row < n; row += channels) {
    const std::size_t count = (n - row < channels) ? n - row : channels;
    for (std::size_t c = 0; c < count; ++c) {
      const float slope = p.slopes[c];
      y[row + c] = max_form ? leaky_value_unit_nonzero_slope(z[row + c], slope)
                            : leaky_value(z[row + c], slope, lower_clamp_for(slope));
    }
  }
}
void prelu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  if (p.slopes == nullptr || p.channels == 0) return leaky_relu_backward(dz, z, dy, n, p);
  const std::size_t channels = p.channels;
  for (std::size_t row = 0; row < n; row += channels) {
    const std::size_t count = (n - row < channels) ? n - row : channels;
    for (std::size_t c = 0; c < count; ++c) {
      const std::size_t i = row + c;
      const float derivative = leaky_derivative(z[i], p.slopes[c]);
      dz[i] = (dy == nullptr) ? derivative : dy[i] * derivative;
    }
  }
}

void hardsigmoid_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  (void)p;
  scalar_forward_loop(y, z, n, [](float x) { return hardsigmoid_value(x); });
}
void hardsigmoid_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  (void)p;
  scalar_backward_loop(dz, z, dy, n,
                       [](float x) { return nan_or(x, (x > -3.0f && x < 3.0f) ? 1.0f / 6.0f : 0.0f); });
}

void hardswish_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  (void)p;
  // z·h(z) with h = hardsigmoid: h is exactly 1 for z >= 3, so no overflow;
  // for z <= -3 the answer is -0 (also at -inf, where z·0 would be NaN).
  scalar_forward_loop(y, z, n, [](float x) { return (x <= -3.0f) ? -0.0f : x * hardsigmoid_value(x); });
}
void hardswish_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  (void)p;
  // (z + 1.5)/3 = z/3 + 1/2 with one rounding less and no cancellation near
  // z = -1.5 (the sum is exact there). NaN fails both tests and propagates.
  scalar_backward_loop(dz, z, dy, n,
                       [](float x) { return (x > 3.0f) ? 1.0f : ((x < -3.0f) ? 0.0f : (x + 1.5f) / 3.0f); });
}

void softsign_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  (void)p;
  // |z|/(1 + |z|) with the sign of z put back; |z| is capped at 1e30 (where
  // the quotient is already 1) so that ±inf gives ±1, not inf/inf.
  scalar_forward_loop(y, z, n, [](float x) {
    const float a = vec::s_pmin(vec::s_from_bits(vec::s_bits(x) & 0x7fffffffu), 1e30f);
    const float magnitude = a / (1.0f + a);
    return vec::s_from_bits(vec::s_bits(magnitude) | (vec::s_bits(x) & 0x80000000u));
  });
}
void softsign_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  (void)p;
  // r² with r = 1/(1 + |z|): degrades gradually to 0 for huge |z| instead of
  // overflowing (1 + |z|)² first.
  scalar_backward_loop(dz, z, dy, n, [](float x) {
    const float r = 1.0f / (1.0f + vec::s_from_bits(vec::s_bits(x) & 0x7fffffffu));
    return r * r;
  });
}

}  // namespace actlab::kernels::scalar

namespace actlab {

// PyTorch: the slope receives dy·z where z is not positive (z = 0 adds
// nothing); NaN in z is "not positive" too, so it reaches the gradient.
void prelu_slopes_backward(float* dslopes, const float* z, const float* dy, std::size_t rows,
                           std::size_t channels) {
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < channels; ++c) {
      const float x = z[r * channels + c];
      if (!(x > 0.0f)) dslopes[c] += dy[r * channels + c] * x;
    }
  }
}

}  // namespace actlab
