// tanh.hpp — tanh and its derivative 1 − tanh² in float, scalar and
// four-lane twins doing the same operations in the same order.
//
// Algorithm: with m = e^(−2|z|) − 1 (expm1_nonpositive, exp_nonpositive.hpp),
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

#include "kernels/math/exp_nonpositive.hpp"
#include "kernels/vec4.hpp"

namespace actlab::math {

namespace tanh_consts {
inline constexpr std::uint32_t kSignMask = 0x80000000u;
}  // namespace tanh_consts

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
