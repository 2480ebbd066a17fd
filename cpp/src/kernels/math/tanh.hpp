// tanh.hpp — tanh and its derivative 1 − tanh² in float, scalar and
// four-lane twins doing the same operations in the same order.
//
// Algorithm (both branches are computed; the lane picks one, no branches):
//   |z| < 0.55: tanh|z| = |z| + |z|·(z²·P(z²)), P of degree 4 fitted
//     (Lawson's weighted minimax) to (tanh z − z)/z³; relative error of the
//     fit 4e-8 on a term at most 1/10 of z, so tiny z (subnormals) come out
//     exactly z.
//   otherwise: with e = e^(−2|z|) ≤ 0.33, tanh|z| = (1 − e)/(1 + e). No
//     cancellation because 1 − e ≥ 0.67; e → 0 for large |z| (and ±inf)
//     gives exactly 1.
//   Both on |z|, then the sign of z is copied in (tanh is odd): that keeps
//   tanh(−0) = −0, which z + z·(…) would turn into +0.
//   derivative: 1 − tanh² = 4e/(1 + e)² for every z, accurate relatively even
//     where tanh rounds to ±1 (1 − t·t would be all rounding error there).
// Accuracy (measured by tests/cpp/test_tanh_gelu.cpp over the whole float
// range): see the WARN lines of that test; bounds checked are 4 ULP (tanh)
// and 8 ULP (derivative). NaN → NaN in both.
#pragma once

#include <cstdint>

#include "kernels/math/exp.hpp"
#include "kernels/vec4.hpp"

namespace actlab::math {

namespace tanh_consts {
inline constexpr float kSmall = 0.55f;  // below: polynomial; at or above: exp formula
inline constexpr float kP0 = -0x1.555554p-2f;
inline constexpr float kP1 = 0x1.110feap-3f;
inline constexpr float kP2 = -0x1.b9a04ep-5f;
inline constexpr float kP3 = 0x1.5d226ep-6f;
inline constexpr float kP4 = -0x1.b137b4p-8f;
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
  using namespace exp_consts;
  x = vec::s_pmax(x, tanh_consts::kExpLo);  // NaN stays in x
  float n_magic = x * kLog2e + kMagic;
  float n = n_magic - kMagic;
  float t = x - n * kLn2Hi;
  t = t - n * kLn2Lo;
  float q = kC5 * t + kC4;
  q = q * t + kC3;
  q = q * t + kC2;
  q = q * t + kC1;
  q = q * t + 1.0f;
  // The low bits of n_magic hold n in two's complement: (n + 127) << 23 is 2^n.
  float scale = vec::s_from_bits((vec::s_bits(n_magic) << 23) + (127u << 23));
  return (t * scale) * q + scale;
}

// ----------------------------------------------------------------- scalar ---
inline float tanh_f32(float z) {
  using namespace tanh_consts;
  float abs_z = vec::s_from_bits(vec::s_bits(z) & ~kSignMask);
  float z2 = z * z;
  float p = kP4 * z2 + kP3;
  p = p * z2 + kP2;
  p = p * z2 + kP1;
  p = p * z2 + kP0;
  float small_abs = abs_z + abs_z * (z2 * p);
  float e = exp_nonpositive_f32(-2.0f * abs_z);
  float large_abs = (1.0f - e) / (1.0f + e);
  float result_abs = abs_z < kSmall ? small_abs : large_abs;
  return vec::s_from_bits(vec::s_bits(result_abs) | (vec::s_bits(z) & kSignMask));
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
  using namespace exp_consts;
  using namespace vec;
  x = f4_pmax(x, f4_splat(tanh_consts::kExpLo));
  const f4 magic = f4_splat(kMagic);
  f4 n_magic = f4_add(f4_mul(x, f4_splat(kLog2e)), magic);
  f4 n = f4_sub(n_magic, magic);
  f4 t = f4_sub(x, f4_mul(n, f4_splat(kLn2Hi)));
  t = f4_sub(t, f4_mul(n, f4_splat(kLn2Lo)));
  f4 q = f4_add(f4_mul(f4_splat(kC5), t), f4_splat(kC4));
  q = f4_add(f4_mul(q, t), f4_splat(kC3));
  q = f4_add(f4_mul(q, t), f4_splat(kC2));
  q = f4_add(f4_mul(q, t), f4_splat(kC1));
  q = f4_add(f4_mul(q, t), f4_splat(1.0f));
  f4 scale = f4_bits(i4_add(i4_shl(i4_bits(n_magic), 23), i4_splat(127 << 23)));
  return f4_add(f4_mul(f4_mul(t, scale), q), scale);
}

inline vec::f4 tanh_f4(vec::f4 z) {
  using namespace tanh_consts;
  using namespace vec;
  f4 abs_z = f4_abs(z);
  f4 z2 = f4_mul(z, z);
  f4 p = f4_add(f4_mul(f4_splat(kP4), z2), f4_splat(kP3));
  p = f4_add(f4_mul(p, z2), f4_splat(kP2));
  p = f4_add(f4_mul(p, z2), f4_splat(kP1));
  p = f4_add(f4_mul(p, z2), f4_splat(kP0));
  f4 small_abs = f4_add(abs_z, f4_mul(abs_z, f4_mul(z2, p)));
  f4 e = exp_nonpositive_f4(f4_mul(f4_splat(-2.0f), abs_z));
  const f4 one = f4_splat(1.0f);
  f4 large_abs = f4_div(f4_sub(one, e), f4_add(one, e));
  f4 result_abs = f4_select(f4_lt(abs_z, f4_splat(kSmall)), small_abs, large_abs);
  return f4_or(result_abs, f4_sign(z));
}

inline vec::f4 tanh_derivative_f4(vec::f4 z) {
  using namespace vec;
  f4 e = exp_nonpositive_f4(f4_mul(f4_splat(-2.0f), f4_abs(z)));
  f4 one_plus_e = f4_add(f4_splat(1.0f), e);
  return f4_div(f4_mul(f4_splat(4.0f), e), f4_mul(one_plus_e, one_plus_e));
}
#endif

}  // namespace actlab::math
