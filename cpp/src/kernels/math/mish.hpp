// mish.hpp — the element maths of mish, z·tanh(softplus(z)), forward and
// derivative, as a scalar reference and a four-lane twin doing the same float
// operations in the same order (so the SIMD kernel and its scalar tail agree
// bit for bit). Semantics are PyTorch's (see actlab/activations.hpp).
//
// Numerical choices, and why:
//   - it uses tanh(log(1 + e^z)) = q/(1 + q), q = e^z + e^2z/2 (no tanh,
//     no log), with z clamped to 20 (where it is 1 in float) so that q
//     cannot overflow, and its derivative a form without the cancellation
//     near its zero.
//   - results like mish(−90) ≈ −7e−38 are normal although e^−90 is not, so
//     e^z is carried as e^z·2^64 (exp_scaled.hpp) and the scale is undone
//     by one multiplication at the end.
// Clamping uses pmin/pmax with the input first, so NaN in gives NaN out.
#pragma once

#include "kernels/math/exp.hpp"
#include "kernels/math/exp_scaled.hpp"
#include "kernels/vec4.hpp"

namespace actlab::math {

namespace mish_consts {
inline constexpr float kZMin = -200.0f;      // below it mish and its derivative are ±0 in float
inline constexpr float kMishLinear = 20.0f;  // tanh(softplus(z)) = 1 in float for z ≥ 20
inline constexpr float kMishSmallE = -1.0f;  // below it mish uses the small-e form
}  // namespace mish_consts

// mish(z) = z·q/(1 + q), q = n/2 = e + e²/2, e = e^z carried as e·2^64.
// For z < −1 the ratio is computed as e·(1 − w), w = (e/2)(1 + e)/(1 + q),
// so the roundings of 1 + q and of the division only touch the small w
// (worst error 3.9 → 3.0 ULP; above −1, where w is not small, the direct
// ratio is the more accurate one).
inline float mish_f32(float z) {
  using namespace mish_consts;
  float zc = vec::s_pmin(vec::s_pmax(z, kZMin), kMishLinear);
  float e_scaled = exp_scaled_f32(zc, 0.0f);
  float e = e_scaled * kExpUnscale;
  float q_scaled = e_scaled + (e_scaled * e) * 0.5f;
  float q = q_scaled * kExpUnscale;
  bool negative = zc < kMishSmallE;
  float ratio = (negative ? (0.5f * e) * (1.0f + e) : q_scaled) / (1.0f + q);
  float tanh_softplus_scaled = negative ? e_scaled * (1.0f - ratio) : ratio;
  float m = (zc * tanh_softplus_scaled) * kExpUnscale;
  return z > kMishLinear ? z : m;
}

// mish'(z) = tanh(sp) + z·σ(z)·sech²(sp) has a zero near z = −1.19 where
// its two terms cancel. With a = 1 + q (q as in mish_f32) it equals
//   z < 0:  (e/a)·(ω/a),      ω = (z + 1) + e·((z + 1.5) + e·(1 + e/4))
//   z ≥ 0:  1 − (1/a)·(ν/a),  ν = 1 + e·((1 − z) + e·(1/2 − z))
// In the first the cancellation happens inside ω and e/a² ≈ 0.1 scales the
// absolute error down; the second keeps the ≈ 1 values of z > 0 accurate.
// Both share e and a and cost two divisions: ≤ 6 ULP (measured), where the
// single-form versions reached 7 to 18.
inline float mish_derivative_f32(float z) {
  using namespace mish_consts;
  float zc = vec::s_pmin(vec::s_pmax(z, kZMin), kMishLinear);
  float e = exp_f32(zc);
  float a = 1.0f + (e + (e * e) * 0.5f);
  float nu = 1.0f + e * ((1.0f - zc) + e * (0.5f - zc));
  float omega = (zc + 1.0f) + e * ((zc + 1.5f) + e * (1.0f + e * 0.25f));
  bool nonnegative = zc >= 0.0f;
  float t = (nonnegative ? nu : omega) / a;
  float m = (nonnegative ? 1.0f : e) / a;
  float p = t * m;
  float g = nonnegative ? 1.0f - p : p;
  return z > kMishLinear ? 1.0f : g;
}

#if ACTLAB_HAVE_VEC4
inline vec::f4 mish_f4(vec::f4 z) {
  using namespace mish_consts;
  using namespace vec;
  const f4 unscale = f4_splat(kExpUnscale);
  const f4 linear_from = f4_splat(kMishLinear);
  f4 zc = f4_pmin(f4_pmax(z, f4_splat(kZMin)), linear_from);
  f4 e_scaled = exp_scaled_f4(zc, f4_splat(0.0f));
  f4 e = f4_mul(e_scaled, unscale);
  f4 q_scaled = f4_add(e_scaled, f4_mul(f4_mul(e_scaled, e), f4_splat(0.5f)));
  f4 q = f4_mul(q_scaled, unscale);
  const f4 one = f4_splat(1.0f);
  f4 negative = f4_lt(zc, f4_splat(kMishSmallE));
  f4 w_numerator = f4_mul(f4_mul(f4_splat(0.5f), e), f4_add(one, e));
  f4 ratio = f4_div(f4_select(negative, w_numerator, q_scaled), f4_add(one, q));
  f4 tanh_softplus_scaled = f4_select(negative, f4_mul(e_scaled, f4_sub(one, ratio)), ratio);
  f4 m = f4_mul(f4_mul(zc, tanh_softplus_scaled), unscale);
  return f4_select(f4_gt(z, linear_from), z, m);
}

inline vec::f4 mish_derivative_f4(vec::f4 z) {
  using namespace mish_consts;
  using namespace vec;
  const f4 one = f4_splat(1.0f);
  const f4 half = f4_splat(0.5f);
  const f4 linear_from = f4_splat(kMishLinear);
  f4 zc = f4_pmin(f4_pmax(z, f4_splat(kZMin)), linear_from);
  f4 e = exp_f4(zc);
  f4 a = f4_add(one, f4_add(e, f4_mul(f4_mul(e, e), half)));
  f4 nu = f4_add(one, f4_mul(e, f4_add(f4_sub(one, zc), f4_mul(e, f4_sub(half, zc)))));
  f4 omega = f4_add(f4_add(zc, one), f4_mul(e, f4_add(f4_add(zc, f4_splat(1.5f)),
                                                      f4_mul(e, f4_add(one, f4_mul(e, f4_splat(0.25f)))))));
  f4 nonnegative = f4_ge(zc, f4_splat(0.0f));
  f4 t = f4_div(f4_select(nonnegative, nu, omega), a);
  f4 m = f4_div(f4_select(nonnegative, one, e), a);
  f4 p = f4_mul(t, m);
  f4 g = f4_select(nonnegative, f4_sub(one, p), p);
  return f4_select(f4_gt(z, linear_from), one, g);
}
#endif  // ACTLAB_HAVE_VEC4

}  // namespace actlab::math
