// tanh.hpp — tanh and its derivative 1 − tanh² in float, scalar and
// four-lane twins doing the same operations in the same order.
//
// Algorithm: with m = e^(−2|z|) − 1 (expm1_nonpositive below),
//   tanh|z| = −m/(2 + m),   then the sign of z is copied in (tanh is odd,
//   and this keeps tanh(−0) = −0).
// One formula for every z: for |z| < ln2/4 expm1's reduction is exact
// (n = 0, t = −2|z|), so m and hence tanh keep relative accuracy down to
// subnormal z (tanh(1e-45) = 1e-45); for large |z|, m → −1 and tanh → 1
// exactly (±inf included). No branch and no separate small-|z| polynomial:
// that matters for speed in wasm SIMD, where all lanes pay for every branch.
//   derivative: 1 − tanh² = 4e/(1 + e)², e = e^(−2|z|), for every z: accurate
//   relatively even where tanh rounds to ±1 (1 − t·t would be all rounding
//   error there).
// Accuracy (measured over the whole float range by tests/cpp/
// test_tanh_gelu.cpp, which checks 4 ULP and 8 ULP): tanh ≤ 2.6 ULP,
// derivative ≤ 4.1 ULP (sweep of every 5th float in [−20, 20]). NaN → NaN.
#pragma once

#include <cstdint>

#include "kernels/math/exp.hpp"
#include "kernels/vec4.hpp"

namespace actlab::math {

namespace tanh_consts {
inline constexpr std::uint32_t kSignMask = 0x80000000u;
inline constexpr float kExpLo = -88.0f;  // rounds to n = −127: 2^n's bits are 0, so e = 0
}  // namespace tanh_consts

// e^x for x ≤ 0, flushed to 0 where e^x < 2^-126 (x < −87.68): exp_f32's
// reduction and polynomial, but 2^n is built straight from the bits of the
// magic-rounded n (n ≥ −127, so one scale suffices and no float→int
// conversion is needed, which is slow in wasm SIMD); n = −127 gives the bit
// pattern 0, i.e. e = 0, and x is clamped to −88 so n never goes below.
// tanh and its derivative only use e through 1 ± e and 4e/(1 + e)², where
// e < 2^-126 no longer matters (tanh' there is far below its 6e-8 absolute
// tolerance), and tanh'(±inf) comes out exactly 0.
inline float exp_nonpositive_f32(float x) {
  x = vec::s_pmax(x, tanh_consts::kExpLo);  // NaN stays in x
  const auto [n_magic, n, t] = exp_reduce_f32(x);
  float q = exp_poly_f32(t);
  // The low bits of n_magic hold n in two's complement: (n + 127) << 23 is 2^n.
  float scale = vec::s_from_bits((vec::s_bits(n_magic) << 23) + (127u << 23));
  return (t * scale) * q + scale;
}

// e^x − 1 for x ≤ 0 (x clamped to −88, where it is −1): the same reduction,
// then 2^n·(t·q) + (2^n − 1). For |x| < ln2/2, n = 0 and this is t·q with
// t = x exactly, so it keeps relative accuracy down to subnormal x;
// otherwise 2^n − 1 is exact and the sum is at least 0.29 in magnitude.
inline float expm1_nonpositive_f32(float x) {
  x = vec::s_pmax(x, tanh_consts::kExpLo);  // NaN stays in x
  const auto [n_magic, n, t] = exp_reduce_f32(x);
  float q = exp_poly_f32(t);
  float scale = vec::s_from_bits((vec::s_bits(n_magic) << 23) + (127u << 23));
  return scale * (t * q) + (scale - 1.0f);
}

// ----------------------------------------------------------------- scalar ---
inline float tanh_f32(float z) {
  float abs_z = vec::s_from_bits(vec::s_bits(z) & ~tanh_consts::kSignMask);
  float m = expm1_nonpositive_f32(-2.0f * abs_z);
  float minus_tanh_abs = m / (2.0f + m);  // −tanh|z|, ±0 at z = ±0
  float tanh_abs = vec::s_from_bits(vec::s_bits(minus_tanh_abs) & ~tanh_consts::kSignMask);
  return vec::s_from_bits(vec::s_bits(tanh_abs) | (vec::s_bits(z) & tanh_consts::kSignMask));
}

inline float tanh_derivative_f32(float z) {
  using namespace tanh_consts;
  float abs_z = vec::s_from_bits(vec::s_bits(z) & ~kSignMask);
  float e = exp_nonpositive_f32(-2.0f * abs_z);
  float one_plus_e = 1.0f + e;
  return (4.0f * e) / (one_plus_e * one_plus_e);
}

#if ACTLAB_HAVE_VEC4
// ----------------------------------------------------------- four lanes ---
inline vec::f4 exp_nonpositive_f4(vec::f4 x) {
  using namespace vec;
  x = f4_pmax(x, f4_splat(tanh_consts::kExpLo));
  const auto [n_magic, n, t] = exp_reduce_f4(x);
  f4 q = exp_poly_f4(t);
  f4 scale = f4_bits(i4_add(i4_shl(i4_bits(n_magic), 23), i4_splat(127 << 23)));
  return f4_add(f4_mul(f4_mul(t, scale), q), scale);
}

inline vec::f4 expm1_nonpositive_f4(vec::f4 x) {
  using namespace vec;
  x = f4_pmax(x, f4_splat(tanh_consts::kExpLo));
  const auto [n_magic, n, t] = exp_reduce_f4(x);
  f4 q = exp_poly_f4(t);
  f4 scale = f4_bits(i4_add(i4_shl(i4_bits(n_magic), 23), i4_splat(127 << 23)));
  return f4_add(f4_mul(scale, f4_mul(t, q)), f4_sub(scale, f4_splat(1.0f)));
}

inline vec::f4 tanh_f4(vec::f4 z) {
  using namespace vec;
  f4 m = expm1_nonpositive_f4(f4_mul(f4_splat(-2.0f), f4_abs(z)));
  f4 minus_tanh_abs = f4_div(m, f4_add(f4_splat(2.0f), m));
  return f4_or(f4_abs(minus_tanh_abs), f4_sign(z));
}

inline vec::f4 tanh_derivative_f4(vec::f4 z) {
  using namespace vec;
  f4 e = exp_nonpositive_f4(f4_mul(f4_splat(-2.0f), f4_abs(z)));
  f4 one_plus_e = f4_add(f4_splat(1.0f), e);
  return f4_div(f4_mul(f4_splat(4.0f), e), f4_mul(one_plus_e, one_plus_e));
}
#endif

}  // namespace actlab::math
