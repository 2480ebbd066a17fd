// hyperbolic.hpp — sinh and cosh in float, scalar and four-lane twins doing
// the same operations in the same order (tanh has its own tanh.hpp).
//
// With a = |x|:
//   a < 9:  sinh a = (m + m/(m + 1))/2, m = e^a − 1 (expm1.hpp), which keeps
//           relative accuracy for tiny a where (e^a − e^−a)/2 would cancel;
//           cosh a = (e + 1/e)/2, e = e^a;
//   a ≥ 9:  both are e^a/2 in float (e^−a/2 is below half an ULP of it),
//           computed as h·(h/2) with h = e^(a/2), so that nothing overflows
//           before the true result does (e^a itself overflows at 88.7,
//           sinh and cosh at 89.4).
// sinh copies the sign of x back (sinh(−0) = −0). Accuracy ≤ 2 ULP
// (tests/cpp/test_formula_math.cpp). NaN → NaN, ±inf → ±inf (cosh: +inf).
#pragma once

#include <cstdint>

#include "kernels/math/exp.hpp"
#include "kernels/math/expm1.hpp"
#include "kernels/vec4.hpp"

namespace actlab::math {

namespace hyperbolic_consts {
inline constexpr float kLarge = 9.0f;
inline constexpr std::uint32_t kSignBit = 0x80000000u;
}  // namespace hyperbolic_consts

// ----------------------------------------------------------------- scalar ---
// e^a/2 as h·(h/2), h = e^(a/2).
inline float half_exp_f32(float a) {
  const float h = exp_f32(0.5f * a);
  return h * (0.5f * h);
}

inline float sinh_f32(float x) {
  using namespace hyperbolic_consts;
  const float a = vec::s_from_bits(vec::s_bits(x) & ~kSignBit);
  const float m = expm1_f32(vec::s_pmin(a, kLarge));  // the clamp keeps the unused side finite
  const float small = 0.5f * (m + m / (m + 1.0f));
  const float large = half_exp_f32(a);
  const float r = a < kLarge ? small : large;
  return vec::s_from_bits(vec::s_bits(r) | (vec::s_bits(x) & kSignBit));
}

inline float cosh_f32(float x) {
  using namespace hyperbolic_consts;
  const float a = vec::s_from_bits(vec::s_bits(x) & ~kSignBit);
  const float e = exp_f32(vec::s_pmin(a, kLarge));
  const float small = 0.5f * (e + 1.0f / e);
  const float large = half_exp_f32(a);
  return a < kLarge ? small : large;
}

#if ACTLAB_HAVE_VEC4
// ----------------------------------------------------------- four lanes ---
inline vec::f4 half_exp_f4(vec::f4 a) {
  using namespace vec;
  const f4 h = exp_f4(f4_mul(f4_splat(0.5f), a));
  return f4_mul(h, f4_mul(f4_splat(0.5f), h));
}

inline vec::f4 sinh_f4(vec::f4 x) {
  using namespace hyperbolic_consts;
  using namespace vec;
  const f4 a = f4_abs(x);
  const f4 m = expm1_f4(f4_pmin(a, f4_splat(kLarge)));
  const f4 small = f4_mul(f4_splat(0.5f), f4_add(m, f4_div(m, f4_add(m, f4_splat(1.0f)))));
  const f4 large = half_exp_f4(a);
  return f4_or(f4_select(f4_lt(a, f4_splat(kLarge)), small, large), f4_sign(x));
}

inline vec::f4 cosh_f4(vec::f4 x) {
  using namespace hyperbolic_consts;
  using namespace vec;
  const f4 a = f4_abs(x);
  const f4 e = exp_f4(f4_pmin(a, f4_splat(kLarge)));
  const f4 small = f4_mul(f4_splat(0.5f), f4_add(e, f4_div(f4_splat(1.0f), e)));
  const f4 large = half_exp_f4(a);
  return f4_select(f4_lt(a, f4_splat(kLarge)), small, large);
}
#endif

}  // namespace actlab::math
