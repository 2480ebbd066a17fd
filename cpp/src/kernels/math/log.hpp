// log.hpp — the natural logarithm and log(1 + x) over the whole float range,
// scalar and four-lane twins doing the same operations in the same order.
// What the formula language's log and log1p (and its general power x^y)
// need; softplus keeps its cheaper log1p_unit (log1p.hpp) for u in [0, 1].
//
// log (FreeBSD's / musl's logf kernel, no table): x = 2^k·m with m in
// [√½, √2), found by integer arithmetic on the bits (subnormal x scaled by
// 2^25 first); f = m − 1, s = f/(2 + f) and
//   log x = k·ln2_hi + (f − (f²/2 − (s·(f²/2 + R) + k·ln2_lo))),
// R = s²·(Lg1 + …) a degree-4 polynomial in s². Specials are selected at
// the end: log(±0) = −inf, log(+inf) = +inf, log(x < 0) = log(NaN) = NaN.
// Accuracy: < 1 ULP (measured by tests/cpp/test_formula_math.cpp).
//
// log1p (Kahan's formula): with u = fl(1 + x), log(1 + x) = x·log(u)/(u − 1)
// when u ≠ 1, and x when u = 1; u − 1 is exact for every u this produces, so
// the ratio corrects the rounding of 1 + x. u = +inf gives +inf; x = −1
// gives −inf and x < −1 NaN through log(u). Accuracy: ≤ 2 ULP.
#pragma once

#include <cstdint>

#include "kernels/vec4.hpp"

namespace actlab::math {

namespace log_consts {
inline constexpr float kLn2Hi = 0x1.62e300p-1f;  // 6.9313812256e-01, trailing zeros: k·kLn2Hi is exact
inline constexpr float kLn2Lo = 0x1.2fefa2p-17f; // 9.0580006145e-06
inline constexpr float kLg1 = 0xaaaaaa.0p-24f;   // 0.66666662693
inline constexpr float kLg2 = 0xccce13.0p-25f;   // 0.40000972152
inline constexpr float kLg3 = 0x91e9ee.0p-25f;   // 0.28498786688
inline constexpr float kLg4 = 0xf89e26.0p-26f;   // 0.24279078841
inline constexpr float kSubnormalScale = 0x1p25f;
inline constexpr float kMinNormal = 0x1p-126f;
inline constexpr std::uint32_t kSqrtHalfBits = 0x3f3504f3u;  // √½
inline constexpr std::uint32_t kOneBits = 0x3f800000u;
inline constexpr std::uint32_t kMantissaMask = 0x007fffffu;
inline constexpr std::uint32_t kQuietNaNBits = 0x7fc00000u;
inline constexpr std::uint32_t kInfBits = 0x7f800000u;
}  // namespace log_consts

// ----------------------------------------------------------------- scalar ---
inline float log_f32(float x) {
  using namespace log_consts;
  const bool tiny = x < kMinNormal;
  const float xs = tiny ? x * kSubnormalScale : x;
  const float k_adjust = tiny ? -25.0f : 0.0f;
  // Bits of xs moved so that the exponent field counts from √½: m ∈ [√½, √2).
  const std::uint32_t ix = vec::s_bits(xs) + (kOneBits - kSqrtHalfBits);
  const std::int32_t k_int = static_cast<std::int32_t>(ix >> 23) - 0x7f;
  const float m = vec::s_from_bits((ix & kMantissaMask) + kSqrtHalfBits);
  const float f = m - 1.0f;
  const float s = f / (2.0f + f);
  const float z = s * s;
  const float w = z * z;
  const float t1 = w * (kLg2 + w * kLg4);
  const float t2 = z * (kLg1 + w * kLg3);
  const float r = t2 + t1;
  const float half_f_squared = (0.5f * f) * f;
  const float dk = static_cast<float>(k_int) + k_adjust;
  const float result = (((s * (half_f_squared + r) + dk * kLn2Lo) - half_f_squared) + f) + dk * kLn2Hi;
  const float inf = vec::s_from_bits(kInfBits);
  const bool regular = x > 0.0f && x < inf;  // false for NaN
  const float special = x == 0.0f ? -inf : (x == inf ? inf : vec::s_from_bits(kQuietNaNBits));
  return regular ? result : special;
}

inline float log1p_f32(float x) {
  const float u = 1.0f + x;
  const float w = u - 1.0f;
  const float ratio = x * (log_f32(u) / w);
  const float inf = vec::s_from_bits(log_consts::kInfBits);
  const float r = w == 0.0f ? x : ratio;
  return u == inf ? inf : r;
}

#if ACTLAB_HAVE_VEC4
// ----------------------------------------------------------- four lanes ---
inline vec::f4 log_f4(vec::f4 x) {
  using namespace log_consts;
  using namespace vec;
  const f4 tiny = f4_lt(x, f4_splat(kMinNormal));
  const f4 xs = f4_select(tiny, f4_mul(x, f4_splat(kSubnormalScale)), x);
  const f4 k_adjust = f4_and(tiny, f4_splat(-25.0f));
  const i4 ix = i4_add(i4_bits(xs), i4_splat(static_cast<std::int32_t>(kOneBits - kSqrtHalfBits)));
  // ix >> 23 is below 2^9 for every input, so the arithmetic shift equals the logical one.
  const i4 k_int = i4_sub(i4_sra(ix, 23), i4_splat(0x7f));
  const f4 m = f4_bits(i4_add(i4_and(ix, i4_splat(static_cast<std::int32_t>(kMantissaMask))),
                              i4_splat(static_cast<std::int32_t>(kSqrtHalfBits))));
  const f4 f = f4_sub(m, f4_splat(1.0f));
  const f4 s = f4_div(f, f4_add(f4_splat(2.0f), f));
  const f4 z = f4_mul(s, s);
  const f4 w = f4_mul(z, z);
  const f4 t1 = f4_mul(w, f4_add(f4_splat(kLg2), f4_mul(w, f4_splat(kLg4))));
  const f4 t2 = f4_mul(z, f4_add(f4_splat(kLg1), f4_mul(w, f4_splat(kLg3))));
  const f4 r = f4_add(t2, t1);
  const f4 half_f_squared = f4_mul(f4_mul(f4_splat(0.5f), f), f);
  const f4 dk = f4_add(f4_from_i4(k_int), k_adjust);
  const f4 result = f4_add(
      f4_add(f4_sub(f4_add(f4_mul(s, f4_add(half_f_squared, r)), f4_mul(dk, f4_splat(kLn2Lo))), half_f_squared), f),
      f4_mul(dk, f4_splat(kLn2Hi)));
  const f4 inf = f4_bits(i4_splat(static_cast<std::int32_t>(kInfBits)));
  const f4 regular = f4_and(f4_gt(x, f4_splat(0.0f)), f4_lt(x, inf));
  const f4 special = f4_select(f4_eq(x, f4_splat(0.0f)), f4_neg(inf),
                               f4_select(f4_eq(x, inf), inf, f4_bits(i4_splat(static_cast<std::int32_t>(kQuietNaNBits)))));
  return f4_select(regular, result, special);
}

inline vec::f4 log1p_f4(vec::f4 x) {
  using namespace vec;
  const f4 u = f4_add(f4_splat(1.0f), x);
  const f4 w = f4_sub(u, f4_splat(1.0f));
  const f4 ratio = f4_mul(x, f4_div(log_f4(u), w));
  const f4 inf = f4_bits(i4_splat(static_cast<std::int32_t>(log_consts::kInfBits)));
  const f4 r = f4_select(f4_eq(w, f4_splat(0.0f)), x, ratio);
  return f4_select(f4_eq(u, inf), inf, r);
}
#endif

}  // namespace actlab::math
