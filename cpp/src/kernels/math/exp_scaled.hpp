// exp_scaled.hpp — e^(x + x_lo) · 2^64 in float, scalar and four-lane twins.
//
// Why: silu, mish and softplus have results like z·e^z at z = −90 (−7e−38)
// that are normal floats although e^z itself is subnormal. Going through the
// subnormal e^z would lose most of its bits; computing e^z·2^64 (normal down
// to z ≈ −131) and multiplying by 2^−64 at the very end rounds only once.
// x_lo is a small correction (|x_lo| ≤ ulp(x)/2) for arguments known to more
// than float precision, e.g. β·z split into a rounded product and its error;
// it enters the reduced argument t, where it is not lost. Pass 0 when unused.
//
// Algorithm: exp.hpp's (same constants), with 64 added to the exponent n
// before the two-step scaling 2^n1 · 2^n2 that keeps intermediates normal.
// x is clamped to [−200, 45]: e^−200·2^64 rounds to +0, e^45·2^64 overflows.
// Accuracy: ≤ 1.2 ULP for x ≤ 44 where the result is normal.
// Specials: NaN → NaN, −inf → +0, +inf → +inf.
#pragma once

#include <cstdint>

#include "kernels/math/exp.hpp"
#include "kernels/math/expm1.hpp"  // pow2_from_integral
#include "kernels/vec4.hpp"

namespace actlab::math {

inline constexpr float kExpScale = 0x1p64f;     // what exp_scaled multiplies by
inline constexpr float kExpUnscale = 0x1p-64f;  // and how to undo it

namespace exp_scaled_consts {
inline constexpr float kLo = -200.0f;
inline constexpr float kHi = 45.0f;
inline constexpr float kScaleExponent = 64.0f;
}  // namespace exp_scaled_consts

// Scalar reference.
inline float exp_scaled_f32(float x, float x_lo) {
  x = vec::s_pmax(x, exp_scaled_consts::kLo);  // NaN stays in x (first operand)
  x = vec::s_pmin(x, exp_scaled_consts::kHi);
  auto [n_magic, n, t] = exp_reduce_f32(x);
  t = t + x_lo;
  float q = exp_poly_f32(t);
  float k = n + exp_scaled_consts::kScaleExponent;
  float k1 = vec::s_pmin(vec::s_pmax(k, -100.0f), 127.0f);
  float k2 = k - k1;
  float s1 = pow2_from_integral(k1);  // k1 in [−100, 127], k2 in [−125, 2]
  float s2 = pow2_from_integral(k2);
  return ((t * s1) * q + s1) * s2;
}

#if ACTLAB_HAVE_VEC4
// Four-lane twin of exp_scaled_f32.
inline vec::f4 exp_scaled_f4(vec::f4 x, vec::f4 x_lo) {
  using namespace vec;
  x = f4_pmax(x, f4_splat(exp_scaled_consts::kLo));
  x = f4_pmin(x, f4_splat(exp_scaled_consts::kHi));
  auto [n_magic, n, t] = exp_reduce_f4(x);
  t = f4_add(t, x_lo);
  f4 q = exp_poly_f4(t);
  f4 k = f4_add(n, f4_splat(exp_scaled_consts::kScaleExponent));
  f4 k1 = f4_pmin(f4_pmax(k, f4_splat(-100.0f)), f4_splat(127.0f));
  f4 k2 = f4_sub(k, k1);
  f4 s1 = pow2_from_integral_f4(k1);
  f4 s2 = pow2_from_integral_f4(k2);
  return f4_mul(f4_add(f4_mul(f4_mul(t, s1), q), s1), s2);
}
#endif

}  // namespace actlab::math
