// float2.hpp — just enough double-float arithmetic (a value carried as an
// unevaluated sum hi + lo of two floats) for arguments of exp that must be
// known to better than float precision, and e^(hi + lo) itself.
//
// Why: e^(−x) for x near 87 turns an absolute error of x into a relative
// error of the result; a rounded z² or z³ (error ~2^-24 · 87) would cost
// ~100 ULP. Without FMA, products are made exact with Veltkamp splitting and
// Dekker's two-product. All helpers come as scalar / four-lane twins doing the
// same operations in the same order. Valid for finite inputs with |x| < 2^100
// (callers clamp first); results are exact only when nothing underflows,
// which only matters where the final result is far below float precision.
#pragma once

#include <cstdint>

#include "kernels/math/exp.hpp"
#include "kernels/vec4.hpp"

namespace actlab::math {

namespace float2_consts {
inline constexpr float kSplitter = 4097.0f;  // 2^12 + 1: splits 24 bits into 12 + 12
}

// ----------------------------------------------------------------- scalar ---
struct Float2 {
  float hi, lo;
};

// x = hi + lo exactly, both halves with at most 12 significant bits.
constexpr Float2 split_f32(float x) {
  float c = float2_consts::kSplitter * x;
  float hi = c - (c - x);
  return {hi, x - hi};
}

// a·b = hi + lo exactly (Dekker), given the splits of a and b.
inline Float2 two_prod_f32(float a, Float2 as, float b, Float2 bs) {
  float p = a * b;
  float err = ((as.hi * bs.hi - p) + as.hi * bs.lo + as.lo * bs.hi) + as.lo * bs.lo;
  return {p, err};
}

// a + b = hi + lo exactly (Knuth's two-sum, no ordering of |a|, |b| needed).
inline Float2 two_sum_f32(float a, float b) {
  float s = a + b;
  float b_virtual = s - a;
  float err = (a - (s - b_virtual)) + (b - b_virtual);
  return {s, err};
}

// e^(xh + xl) · 2^k for xh ≤ 0, |xl| no more than a few ULP of xh and an
// integer k in [0, 100] (given as a float): exp_f32's algorithm with xl added
// to the reduced argument, where it is no longer lost to rounding. The exact
// scaling by 2^k lets a caller keep e^x normal (full precision) where e^x
// alone would be subnormal. 2^(n + k) is built straight from the bits of the
// magic-rounded n, with no float→int conversion (slow in wasm SIMD); results
// below 2^-126 are flushed towards 0 (exactly 0 below 2^-127: x is clamped
// where n + k = −127, whose bit pattern is +0). Callers only use such tiny
// values where an absolute error of 1e-37 is allowed. NaN → NaN.
inline float exp_hilo_f32(float xh, float xl, float k = 0.0f) {
  using namespace exp_consts;
  float x = vec::s_pmax(xh, (-127.0f - k) * kLn2Hi);  // NaN stays in x (first operand)
  x = vec::s_pmin(x, 0.0f);
  auto [n_magic, n, t] = exp_reduce_f32(x);
  t = t + xl;
  float q = exp_poly_f32(t);
  float scale = pow2_from_n_magic_f32(n_magic, static_cast<int>(k));
  return (t * scale) * q + scale;
}

#if ACTLAB_HAVE_VEC4
// ----------------------------------------------------------- four lanes ---
struct Float2x4 {
  vec::f4 hi, lo;
};

inline Float2x4 split_f4(vec::f4 x) {
  using namespace vec;
  f4 c = f4_mul(f4_splat(float2_consts::kSplitter), x);
  f4 hi = f4_sub(c, f4_sub(c, x));
  return {hi, f4_sub(x, hi)};
}

inline Float2x4 two_prod_f4(vec::f4 a, Float2x4 as, vec::f4 b, Float2x4 bs) {
  using namespace vec;
  f4 p = f4_mul(a, b);
  f4 err = f4_add(f4_add(f4_add(f4_sub(f4_mul(as.hi, bs.hi), p), f4_mul(as.hi, bs.lo)), f4_mul(as.lo, bs.hi)),
                  f4_mul(as.lo, bs.lo));
  return {p, err};
}

inline Float2x4 two_sum_f4(vec::f4 a, vec::f4 b) {
  using namespace vec;
  f4 s = f4_add(a, b);
  f4 b_virtual = f4_sub(s, a);
  f4 err = f4_add(f4_sub(a, f4_sub(s, b_virtual)), f4_sub(b, b_virtual));
  return {s, err};
}

inline vec::f4 exp_hilo_f4(vec::f4 xh, vec::f4 xl, float k = 0.0f) {
  using namespace exp_consts;
  using namespace vec;
  f4 x = f4_pmax(xh, f4_splat((-127.0f - k) * kLn2Hi));
  x = f4_pmin(x, f4_splat(0.0f));
  auto [n_magic, n, t] = exp_reduce_f4(x);
  t = f4_add(t, xl);
  f4 q = exp_poly_f4(t);
  f4 scale = pow2_from_n_magic_f4(n_magic, static_cast<int>(k));
  return f4_add(f4_mul(f4_mul(t, scale), q), scale);
}
#endif

}  // namespace actlab::math
