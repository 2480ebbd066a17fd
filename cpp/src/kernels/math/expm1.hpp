// expm1.hpp — e^x − 1 in float, scalar and four-lane twins doing the same
// operations. What ELU/SELU need near 0⁻ (and tanh may use): e^x − 1 with
// relative accuracy for tiny |x|, where computing exp(x) − 1 would cancel.
//
// Algorithm: n = round(x / ln2), t = x − n·ln2 (exp.hpp's exp_reduce: two
// Cody–Waite steps), s = 2^n, then
//   e^x − 1 = s·(e^t − 1) + (s − 1),  e^t − 1 ≈ t + t²·p(t)
// with p of degree 4 on [−ln2/2, ln2/2]. s − 1 is exact for −25 ≤ n ≤ 24,
// so the only cancellation is the benign one of the final add. x is clamped to
// [−18, 89]: below −17.33 the result rounds to −1, above 88.73 it overflows.
// Where x ≥ 88.38 (n = 128) 2^n is not a float, so s is capped at 2^127 and
// the result doubled at the end (exact).
// The sum loses the sign of −0; e^x − 1 always has the sign of x, so that
// sign bit is OR-ed back in (expm1(−0) = −0, which elu(−0) = −0 relies on).
// Accuracy: ≤ 1.7 ULP over the whole float range (worst near x = 0.39, where
// the two terms partly cancel; checked by test_exp_family).
// Specials: NaN → NaN, +inf → +inf, −inf → −1.
#pragma once

#include <cstdint>

#include "kernels/math/exp.hpp"  // exp_reduce
#include "kernels/vec4.hpp"

namespace actlab::math {

// 2^k for an integral float k in [−126, 127], without a float→int
// conversion (wasm's i32x4.trunc_sat costs several instructions on x86):
// adding 1.5·2^23 + 127 puts k + 127 in the low mantissa bits, and shifting
// them up by 23 makes them the exponent field (the higher bits fall off).
// NaN gives 0 (the caller's NaN arrives through its other operand).
inline constexpr float kPow2MagicBias = 0x1.8000FEp+23f;  // 1.5·2^23 + 127
inline float pow2_from_integral(float k) { return vec::s_from_bits(vec::s_bits(k + kPow2MagicBias) << 23); }
#if ACTLAB_HAVE_VEC4
inline vec::f4 pow2_from_integral_f4(vec::f4 k) {
  return vec::f4_bits(vec::i4_shl(vec::i4_bits(vec::f4_add(k, vec::f4_splat(kPow2MagicBias))), 23));
}
#endif

namespace expm1_consts {
// (e^t − 1 − t) / t² ≈ kC2 + kC3·t + kC4·t² + kC5·t³ + kC6·t⁴ on [−ln2/2, ln2/2].
inline constexpr float kC6 = 0x1.6b7338p-10f;
inline constexpr float kC5 = 0x1.12278Ep-7f;
inline constexpr float kC4 = 0x1.555716p-5f;
inline constexpr float kC3 = 0x1.5554B0p-3f;
inline constexpr float kC2 = 0x1.FFFFFEp-2f;
inline constexpr float kLo = -18.0f;  // e^-18 − 1 rounds to −1
inline constexpr float kHi = 89.0f;   // e^89 − 1 overflows to +inf
inline constexpr std::uint32_t kSignBit = 0x80000000u;
}  // namespace expm1_consts

// Scalar reference.
inline float expm1_f32(float x) {
  using namespace expm1_consts;
  const float x_in = x;
  x = vec::s_pmax(x, kLo);  // NaN stays in x (first operand)
  x = vec::s_pmin(x, kHi);
  const auto [n_magic, n, t] = exp_reduce_f32(x);
  float p = kC6 * t + kC5;
  p = p * t + kC4;
  p = p * t + kC3;
  p = p * t + kC2;
  p = p * t;
  float n_capped = vec::s_pmin(n, 127.0f);
  float doubling = (n - n_capped) + 1.0f;  // 2 where n = 128, else 1 (NaN for NaN)
  float s = pow2_from_integral(n_capped);
  float ts = t * s;
  float r = (p * ts + ts + (s - 1.0f)) * doubling;
  return vec::s_from_bits(vec::s_bits(r) | (vec::s_bits(x_in) & kSignBit));
}

#if ACTLAB_HAVE_VEC4
// Four-lane twin of expm1_f32.
inline vec::f4 expm1_f4(vec::f4 x) {
  using namespace expm1_consts;
  using namespace vec;
  const f4 x_in = x;
  x = f4_pmax(x, f4_splat(kLo));
  x = f4_pmin(x, f4_splat(kHi));
  const auto [n_magic, n, t] = exp_reduce_f4(x);
  f4 p = f4_add(f4_mul(f4_splat(kC6), t), f4_splat(kC5));
  p = f4_add(f4_mul(p, t), f4_splat(kC4));
  p = f4_add(f4_mul(p, t), f4_splat(kC3));
  p = f4_add(f4_mul(p, t), f4_splat(kC2));
  p = f4_mul(p, t);
  const f4 one = f4_splat(1.0f);
  f4 n_capped = f4_pmin(n, f4_splat(127.0f));
  f4 doubling = f4_add(f4_sub(n, n_capped), one);
  f4 s = pow2_from_integral_f4(n_capped);
  f4 ts = f4_mul(t, s);
  f4 r = f4_mul(f4_add(f4_add(f4_mul(p, ts), ts), f4_sub(s, one)), doubling);
  return f4_or(r, f4_sign(x_in));
}
#endif

}  // namespace actlab::math
