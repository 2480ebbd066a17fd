// mish.hpp — the element maths of mish, z·tanh(softplus(z)), forward and
// derivative, as a scalar reference and a four-lane twin doing the same float
// operations in the same order (so the SIMD kernel and its scalar tail agree
// bit for bit). Semantics are PyTorch's (see actlab/activations.hpp).
//
// Numerical choices, and why:
//   - it uses tanh(log(1 + e^z)) = q/(1 + q), q = e^z + e^2z/2 (no tanh,
//     no log), and for the derivative a form without the cancellation near
//     its zero.
//   - results like mish(−90) ≈ −7e−38 are normal although e^−90 is not, so
//     the forward carries e^z as e^z·2^64 and undoes the scale by one exact
//     multiplication of z. The derivative needs no scale: below z = −20 it
//     is under its 6e-8 absolute tolerance.
//   - e^z is exp.hpp's reduction and polynomial coefficients with 2^n built
//     straight from the bits of the magic-rounded n (mish_exp below): no
//     float→int conversion and no two-step scaling, which is most of what
//     exp_f32 and exp_scaled_f32 spend beyond the polynomial. z is clamped
//     first, to a range where that 2^n is exact and nothing overflows.
//   - the clamps are pmin/pmax with the input first, so NaN in gives NaN out,
//     and the clamp values are chosen so that the clamped result is already
//     the right one (mish(z) = z, mish'(z) = 1 exactly), with no select for
//     large z.
#pragma once

#include "kernels/math/exp.hpp"
#include "kernels/math/exp_scaled.hpp"  // kExpUnscale
#include "kernels/vec4.hpp"

namespace actlab::math {

namespace mish_consts {
// Adding kMagic + b to x·log2e rounds it to an integer n and leaves n + b in
// the low mantissa bits, so those bits shifted left by 23 are the float
// 2^(n + b − 127) as long as 0 ≤ n + b ≤ 255 (kMagic's own bits shift out).
inline constexpr float kMagicScaled = exp_consts::kMagic + 191.0f;  // 2^(n + 64): e^z·2^64
inline constexpr float kMagicPlain = exp_consts::kMagic + 127.0f;   // 2^n: e^z
inline constexpr float kHalfUnscale = 0x1p-65f;                     // e_s·2^-65 = e/2
// Forward: z ≥ −132.5 keeps n ≥ −191, where 2^(n + 64) is 0 (mish = −0,
// right in float below about −104); at z = 20, q/(1 + q) = 1 and mish(z) = z.
inline constexpr float kForwardZMin = -132.5f;
inline constexpr float kForwardZMax = 20.0f;
// Derivative: z ≥ −88 keeps n ≥ −127 (2^n = 0 there, mish' = 0, true value
// below 1e-36); e·ω/a² at 18 is exactly 1, as is mish'(z) for z ≥ 18 in
// float, and e⁴ stays finite.
inline constexpr float kDerivativeZMin = -88.0f;
inline constexpr float kDerivativeZMax = 18.0f;
}  // namespace mish_consts

// e^x·2^(b − 127) for magic = kMagic + b, where 0 ≤ n + b ≤ 255: exp.hpp's
// reduction and polynomial, 2^(n + b − 127) from the bits of n_magic.
// n_magic is returned too: n_magic < magic exactly when n < 0.
// The polynomial, e^t ≈ 1 + t + C1·t² + … + C5·t⁶ (exp.hpp's 1 + t·q(t)),
// is evaluated as
//   p = 1 + (t + t²·((C1 + C2·t) + t²·((C3 + C4·t) + t²·C5)))
// and e^x = 2^n·p, an exact scaling: as many operations as exp.hpp's
// (t·2^n)·q + 2^n with Horner's q, but 9 dependent steps instead of 12:
// these kernels are bound by latency (long chains of dependent operations
// per vector) more than by the number of operations. The 1 is added last,
// so only one rounding happens at the size of the result.
// Accuracy ≤ 1.04 ULP while the result is normal (measured; exp_f32's form
// reaches 1.19).
struct MishExp {
  float n_magic, e;
};
inline MishExp mish_exp_f32(float x, float magic) {
  using namespace exp_consts;
  float n_magic = x * kLog2e + magic;
  float n = n_magic - magic;
  float t = x - n * kLn2Hi;
  t = t - n * kLn2Lo;
  float scale = vec::s_from_bits(vec::s_bits(n_magic) << 23);
  float t2 = t * t;
  float p12 = kC2 * t + kC1;
  float p34 = kC4 * t + kC3;
  float p = 1.0f + (t + t2 * (p12 + t2 * (p34 + t2 * kC5)));
  return {n_magic, scale * p};
}

// mish(z) = z·q/(1 + q), q = e + e·(e/2), e = e^z carried as e_s = e·2^64.
// For z < −0.35 (n < 0) the ratio is computed as e·(1 − w),
// w = (e/2 + e·(e/2))/(1 + q) = (e/2)(1 + e)/(1 + q), so the roundings of
// 1 + q and of the division only touch the small w; above, where w is not
// small, the direct ratio is the more accurate one. Both take the same
// division, with the numerator (e − e/2) + e·(e/2) or e + e·(e/2): e − e/2 is
// exact, so the select is a mask on e/2. Worst error 3.0 ULP (measured).
inline float mish_f32(float z) {
  using namespace mish_consts;
  float zc = vec::s_pmin(vec::s_pmax(z, kForwardZMin), kForwardZMax);
  const auto [n_magic, e_scaled] = mish_exp_f32(zc, kMagicScaled);
  float e = e_scaled * kExpUnscale;
  float half_e = e_scaled * kHalfUnscale;
  float z_times_e = (zc * kExpUnscale) * e_scaled;  // normal down to z ≈ −92
  float half_e2 = e * half_e;
  bool negative = n_magic < kMagicScaled;
  float numerator = (e - (negative ? half_e : 0.0f)) + half_e2;
  float ratio = numerator / (1.0f + (e + half_e2));
  return negative ? z_times_e * (1.0f - ratio) : z * ratio;
}

// mish'(z) = tanh(sp) + z·σ(z)·sech²(sp) has a zero near z = −1.19 where
// its two terms cancel. With u = 1 + e and a = u + e²/2 (= 1 + q) it equals
//   e·ω/a²,  ω = (z + 1) + e·(z + 1.5) + e² + e³/4 = (z + 1)·u + (e/2)(a + e).
// The cancellation then happens inside ω, between two products of about
// ±0.25 whose roundings (≈ 1e-8) e/a² ≈ 0.15 scales far below the 6e-8
// absolute tolerance. One form for all z, one division, and ω reuses u and
// a (6 operations for ω instead of Horner's 8): worst error 5.0 ULP
// (measured; bound 8).
inline float mish_derivative_f32(float z) {
  using namespace mish_consts;
  float zc = vec::s_pmin(vec::s_pmax(z, kDerivativeZMin), kDerivativeZMax);
  const float e = mish_exp_f32(zc, kMagicPlain).e;
  float half_e = 0.5f * e;
  float u = 1.0f + e;
  float a = u + e * half_e;
  float omega = (zc + 1.0f) * u + half_e * (a + e);
  return (e * omega) / (a * a);
}

#if ACTLAB_HAVE_VEC4
struct MishExp4 {
  vec::f4 n_magic, e;
};
inline MishExp4 mish_exp_f4(vec::f4 x, vec::f4 magic) {
  using namespace exp_consts;
  using namespace vec;
  f4 n_magic = f4_add(f4_mul(x, f4_splat(kLog2e)), magic);
  f4 n = f4_sub(n_magic, magic);
  f4 t = f4_sub(x, f4_mul(n, f4_splat(kLn2Hi)));
  t = f4_sub(t, f4_mul(n, f4_splat(kLn2Lo)));
  f4 scale = f4_bits(i4_shl(i4_bits(n_magic), 23));
  f4 t2 = f4_mul(t, t);
  f4 p12 = f4_add(f4_mul(f4_splat(kC2), t), f4_splat(kC1));
  f4 p34 = f4_add(f4_mul(f4_splat(kC4), t), f4_splat(kC3));
  f4 p = f4_add(f4_splat(1.0f),
                f4_add(t, f4_mul(t2, f4_add(p12, f4_mul(t2, f4_add(p34, f4_mul(t2, f4_splat(kC5))))))));
  return {n_magic, f4_mul(scale, p)};
}

inline vec::f4 mish_f4(vec::f4 z) {
  using namespace mish_consts;
  using namespace vec;
  const f4 one = f4_splat(1.0f);
  const f4 unscale = f4_splat(kExpUnscale);
  const f4 magic = f4_splat(kMagicScaled);
  f4 zc = f4_pmin(f4_pmax(z, f4_splat(kForwardZMin)), f4_splat(kForwardZMax));
  const auto [n_magic, e_scaled] = mish_exp_f4(zc, magic);
  f4 e = f4_mul(e_scaled, unscale);
  f4 half_e = f4_mul(e_scaled, f4_splat(kHalfUnscale));
  f4 z_times_e = f4_mul(f4_mul(zc, unscale), e_scaled);
  f4 half_e2 = f4_mul(e, half_e);
  f4 negative = f4_lt(n_magic, magic);
  f4 numerator = f4_add(f4_sub(e, f4_and(negative, half_e)), half_e2);
  f4 ratio = f4_div(numerator, f4_add(one, f4_add(e, half_e2)));
  return f4_select(negative, f4_mul(z_times_e, f4_sub(one, ratio)), f4_mul(z, ratio));
}

inline vec::f4 mish_derivative_f4(vec::f4 z) {
  using namespace mish_consts;
  using namespace vec;
  const f4 one = f4_splat(1.0f);
  f4 zc = f4_pmin(f4_pmax(z, f4_splat(kDerivativeZMin)), f4_splat(kDerivativeZMax));
  const f4 e = mish_exp_f4(zc, f4_splat(kMagicPlain)).e;
  f4 half_e = f4_mul(f4_splat(0.5f), e);
  f4 u = f4_add(one, e);
  f4 a = f4_add(u, f4_mul(e, half_e));
  f4 omega = f4_add(f4_mul(f4_add(zc, one), u), f4_mul(half_e, f4_add(a, e)));
  return f4_div(f4_mul(e, omega), f4_mul(a, a));
}
#endif  // ACTLAB_HAVE_VEC4

}  // namespace actlab::math
