// exp.hpp — e^x in float, scalar and four-lane twins doing the same operations.
//
// Algorithm: n = round(x / ln2) (magic-bias rounding), t = x - n·ln2 in two
// Cody–Waite steps (ln2_hi has trailing zero bits, so n·ln2_hi is exact),
// e^t ≈ 1 + t·q(t) with q of degree 5 fitted to (e^t − 1)/t on
// [−ln2/2, ln2/2], then e^x = (2^n1 · e^t) · 2^n2 with n1 = clamp(n, −100, 127):
// the split keeps 2^n1 and t·2^n1 normal floats, so results that are subnormal or just
// below overflow are rounded once, correctly.
// Accuracy: ≤ 1.1 ULP over the whole float range (measured by the tests).
// Specials: NaN → NaN, +inf → +inf, −inf → +0, x > 88.73 → +inf, x < −103.98 → +0.
#pragma once

#include <cstdint>

#include "kernels/vec4.hpp"

namespace actlab::math {

namespace exp_consts {
inline constexpr float kLog2e = 0x1.715476p+0f;
inline constexpr float kMagic = 0x1.8p+23f;       // adding it rounds to an integer
inline constexpr float kLn2Hi = 0x1.62E400p-1f;   // 9 trailing zero bits
inline constexpr float kLn2Lo = 0x1.7F7D1Cp-20f;  // ln2 − kLn2Hi
inline constexpr float kC5 = 0x1.6DA754p-10f;
inline constexpr float kC4 = 0x1.123D96p-7f;
inline constexpr float kC3 = 0x1.555470p-5f;
inline constexpr float kC2 = 0x1.55547Cp-3f;
inline constexpr float kC1 = 0x1.0p-1f;
inline constexpr float kLo = -104.0f;  // e^-104 rounds to +0
inline constexpr float kHi = 89.0f;    // e^89 overflows to +inf
}  // namespace exp_consts

// The steps the exp-family kernels share, once, as scalar / four-lane twins:
// the reduction (exp, expm1, exp_scaled, exp_hilo, tanh's e^x and e^x − 1)
// and the polynomial (all of them but expm1, which has its own).
//
// Cody–Waite reduction x = n·ln2 + t. n_magic = x·log2e + magic holds n in
// its low mantissa bits (two's complement), for callers that build 2^n from
// the bits instead of converting n to an integer.
struct ExpReduction {
  float n_magic, n, t;
};

inline ExpReduction exp_reduce_f32(float x) {
  using namespace exp_consts;
  float n_magic = x * kLog2e + kMagic;
  float n = n_magic - kMagic;
  float t = x - n * kLn2Hi;
  t = t - n * kLn2Lo;
  return {n_magic, n, t};
}

// 2^(n + k) from exp_reduce's n_magic: its low mantissa bits hold n, so
// shifting them into the exponent field and adding the biased k gives the
// bit pattern (n + k + 127) << 23, with no float→int conversion (slow in
// wasm SIMD). Valid for −127 ≤ n + k ≤ 127; n + k = −127 gives +0.
inline float pow2_from_n_magic_f32(float n_magic, int k = 0) {
  return vec::s_from_bits((vec::s_bits(n_magic) << 23) + (static_cast<std::uint32_t>(127 + k) << 23));
}

// q(t) with e^t ≈ 1 + t·q(t) on [−ln2/2, ln2/2].
inline float exp_poly_f32(float t) {
  using namespace exp_consts;
  float q = kC5 * t + kC4;
  q = q * t + kC3;
  q = q * t + kC2;
  q = q * t + kC1;
  return q * t + 1.0f;
}

#if ACTLAB_HAVE_VEC4
struct ExpReduction4 {
  vec::f4 n_magic, n, t;
};

inline ExpReduction4 exp_reduce_f4(vec::f4 x) {
  using namespace exp_consts;
  using namespace vec;
  const f4 magic = f4_splat(kMagic);
  f4 n_magic = f4_add(f4_mul(x, f4_splat(kLog2e)), magic);
  f4 n = f4_sub(n_magic, magic);
  f4 t = f4_sub(x, f4_mul(n, f4_splat(kLn2Hi)));
  t = f4_sub(t, f4_mul(n, f4_splat(kLn2Lo)));
  return {n_magic, n, t};
}

inline vec::f4 pow2_from_n_magic_f4(vec::f4 n_magic, int k = 0) {
  using namespace vec;
  return f4_bits(i4_add(i4_shl(i4_bits(n_magic), 23),
                        i4_splat(static_cast<std::int32_t>(static_cast<std::uint32_t>(127 + k) << 23))));
}

inline vec::f4 exp_poly_f4(vec::f4 t) {
  using namespace exp_consts;
  using namespace vec;
  f4 q = f4_add(f4_mul(f4_splat(kC5), t), f4_splat(kC4));
  q = f4_add(f4_mul(q, t), f4_splat(kC3));
  q = f4_add(f4_mul(q, t), f4_splat(kC2));
  q = f4_add(f4_mul(q, t), f4_splat(kC1));
  return f4_add(f4_mul(q, t), f4_splat(1.0f));
}
#endif

// Scalar reference.
inline float exp_f32(float x) {
  using namespace exp_consts;
  x = vec::s_pmax(x, kLo);  // NaN stays in x (first operand)
  x = vec::s_pmin(x, kHi);
  const auto [n_magic, n, t] = exp_reduce_f32(x);
  float q = exp_poly_f32(t);
  float n1 = vec::s_pmin(vec::s_pmax(n, -100.0f), 127.0f);
  float n2 = n - n1;
  // n is NaN only when x is; the integer conversion below then must not be
  // undefined behaviour, so NaN lanes use 0 and the NaN arrives through t.
  std::int32_t i1 = (n1 == n1) ? static_cast<std::int32_t>(n1) : 0;
  std::int32_t i2 = (n2 == n2) ? static_cast<std::int32_t>(n2) : 0;
  float s1 = vec::s_from_bits(static_cast<std::uint32_t>(i1 + 127) << 23);
  float s2 = vec::s_from_bits(static_cast<std::uint32_t>(i2 + 127) << 23);
  return ((t * s1) * q + s1) * s2;
}

#if ACTLAB_HAVE_VEC4
// Four-lane twin of exp_f32.
inline vec::f4 exp_f4(vec::f4 x) {
  using namespace exp_consts;
  using namespace vec;
  x = f4_pmax(x, f4_splat(kLo));
  x = f4_pmin(x, f4_splat(kHi));
  const auto [n_magic, n, t] = exp_reduce_f4(x);
  f4 q = exp_poly_f4(t);
  f4 n1 = f4_pmin(f4_pmax(n, f4_splat(-100.0f)), f4_splat(127.0f));
  f4 n2 = f4_sub(n, n1);
  // NaN lanes: the conversion gives some integer; the NaN in t wins anyway.
  const i4 bias = i4_splat(127);
  f4 s1 = f4_bits(i4_shl(i4_add(i4_from_f4_trunc(n1), bias), 23));
  f4 s2 = f4_bits(i4_shl(i4_add(i4_from_f4_trunc(n2), bias), 23));
  return f4_mul(f4_add(f4_mul(f4_mul(t, s1), q), s1), s2);
}
#endif

}  // namespace actlab::math
