// log1p.hpp — log(1 + u) in float for u in [0, 1], scalar and four-lane
// twins doing the same operations. It is what softplus needs: u = e^{-|x|},
// and softplus(x) for very negative x is log1p(u) ≈ u, which must keep its
// relative accuracy (log(1 + u) computed as log of a rounded 1 + u would not).
//
// Algorithm (fdlibm's logf kernel, without the exponent extraction the unit
// interval does not need): 1 + u = 2^k·(1 + f) with k = 0, f = u for
// u ≤ 0.5 and k = 1, f = (u − 1)/2 (exact) above, so f ∈ (−0.25, 0.5].
// With s = f/(2 + f), log(1 + f) = 2s + s·R(s²) and, rewritten so that the
// rounding of s only touches the small terms,
//   log(1 + f) = f − (f²/2 − s·(f²/2 + R)),   R = s²·g(s²), g of degree 3
// fitted on s ∈ [0, 0.2]. Then log1p(u) = k·ln2_hi + (log(1 + f) + k·ln2_lo).
// Accuracy: ≤ 1 ULP on [0, 1], subnormal u included (checked by
// test_exp_family). NaN → NaN. Outside [0, 1] the result is not meaningful.
#pragma once

#include "kernels/math/exp.hpp"  // the split of ln2
#include "kernels/vec4.hpp"

namespace actlab::math {

namespace log1p_consts {
inline constexpr float kLn2Hi = exp_consts::kLn2Hi;
inline constexpr float kLn2Lo = exp_consts::kLn2Lo;
// g(z) ≈ (log((1+s)/(1−s)) − 2s) / (s·z), z = s², s ∈ [0, 0.2]
inline constexpr float kG3 = 0x1.e65cb0p-3f;
inline constexpr float kG2 = 0x1.2429cap-2f;
inline constexpr float kG1 = 0x1.999a8ap-2f;
inline constexpr float kG0 = 0x1.555556p-1f;
}  // namespace log1p_consts

// Scalar reference.
inline float log1p_unit_f32(float u) {
  using namespace log1p_consts;
  const bool halve = u > 0.5f;
  float f = halve ? (u - 1.0f) * 0.5f : u;
  float k_ln2_hi = halve ? kLn2Hi : 0.0f;
  float k_ln2_lo = halve ? kLn2Lo : 0.0f;
  float s = f / (2.0f + f);
  float z = s * s;
  float g = kG3 * z + kG2;
  g = g * z + kG1;
  g = g * z + kG0;
  float r = g * z;
  float half_f_squared = (0.5f * f) * f;
  float log1p_f = f - (half_f_squared - s * (half_f_squared + r));
  return k_ln2_hi + (log1p_f + k_ln2_lo);
}

#if ACTLAB_HAVE_VEC4
// Four-lane twin of log1p_unit_f32.
inline vec::f4 log1p_unit_f4(vec::f4 u) {
  using namespace log1p_consts;
  using namespace vec;
  const f4 halve = f4_gt(u, f4_splat(0.5f));
  const f4 half = f4_splat(0.5f);
  f4 f = f4_select(halve, f4_mul(f4_sub(u, f4_splat(1.0f)), half), u);
  f4 k_ln2_hi = f4_and(halve, f4_splat(kLn2Hi));
  f4 k_ln2_lo = f4_and(halve, f4_splat(kLn2Lo));
  f4 s = f4_div(f, f4_add(f4_splat(2.0f), f));
  f4 z = f4_mul(s, s);
  f4 g = f4_add(f4_mul(f4_splat(kG3), z), f4_splat(kG2));
  g = f4_add(f4_mul(g, z), f4_splat(kG1));
  g = f4_add(f4_mul(g, z), f4_splat(kG0));
  f4 r = f4_mul(g, z);
  f4 half_f_squared = f4_mul(f4_mul(half, f), f);
  f4 log1p_f = f4_sub(f, f4_sub(half_f_squared, f4_mul(s, f4_add(half_f_squared, r))));
  return f4_add(k_ln2_hi, f4_add(log1p_f, k_ln2_lo));
}
#endif

}  // namespace actlab::math
