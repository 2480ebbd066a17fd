// gelu.hpp — GELU (exact, z·Φ(z)) and PyTorch's tanh approximation, with
// their derivatives, in float: scalar and four-lane twins doing the same
// operations in the same order. The kernels in kernels/{scalar,simd}/
// tanh_gelu.cpp only loop over these.
//
// Exact GELU. With a = |z|, the Mills ratio R(a) = Φ(−a)/φ(a) is written as
// R = 1/(a + h(a)), h a rational P4/Q5 in a fitted on [0, 14] (relative error
// 0.14 of a float rounding; all coefficients positive, so Horner is well
// conditioned; h shrinks like 1/a, so its rounding hardly reaches R where a
// is large). With G = φ(a) = e^(−a²/2 − ln√(2π)):
//   gelu(z)  = z·Φ(z)        = z ≤ 0 ? (z·R)·G : z − (z·R)·G
//   gelu'(z) = Φ(z) + z·φ(z) = z ≤ 0 ? G·D    : 1 − G·D,   D = R − a.
// This keeps RELATIVE accuracy deep into the negative tail (gelu(−10) ≈
// −7.6e−23), which erfc(−z/√2) in float cannot: the rounding of z/√2 and of
// z² would be amplified ~z² times. Here a² is split exactly (Dekker) and its
// low part, with that of ln√(2π), joins exp's reduced argument; z·R (about
// −1 for large a) is formed before multiplying by G so that only the final
// product can be subnormal. a is clamped to 20 (G = 0 there). The
// derivative has looser bounds and takes G with a² in plain float, and D
// as (r − a)·M(a) for every a, M rational and r the zero of gelu' at z = −r
// (see gelu_derivative_f32). Near zero gelu takes a polynomial instead
// (constants below).
//
// Tanh approximation. gelu_tanh(z) = ½z(1 + tanh u), u = √(2/π)(z + 0.044715 z³).
// With v = 2u and 1 + tanh u = 2/(1 + e^(−v)):
//   gelu_tanh(z)  = z/(1 + e^(−v))                       (no ½z(1+t) cancellation)
//   gelu_tanh'(z) = (1 + e^(−v)·(1 + z·v'))/(1 + e^(−v))²,  v' = dv/dz,
// which is PyTorch's 0.5(1+t) + 0.5z(1−t²)√(2/π)(1 + 3·0.044715 z²)
// rewritten. One formula for every z, with no sign select and no |v|
// (selects cost three instructions in wasm SIMD); the clamps of z keep
// e^(−v) in range (see the constants). v reaches −90 where the forward
// result is still normal, so there −v is computed in double-float
// (float2.hpp); the derivative needs only float (see gelu_tanh_derivative_f32).
// The constant 0.044715 is the exact decimal of the definition.
//
// Specials: NaN → NaN; ±inf → the limits (gelu(−inf) = −0, gelu'(−inf) = −0,
// gelu'(+inf) = 1, same for gelu_tanh). PyTorch returns NaN for gelu(−inf)
// and for both derivatives at ±inf (it computes inf·0); we return the
// mathematical limits instead. gelu(−0) = −0 (z·Φ(z); PyTorch gives +0).
//
// Accuracy over the whole float range (tests/cpp/test_tanh_gelu.cpp reports
// the worst seen): gelu within 3.5 ULP where the result is normal (sampled
// sweeps of every 11th float in [−15, 15]); gelu' within 4.6 ULP where the
// ULP bound binds and ≤ 2e-9 absolute elsewhere; gelu_tanh within 2.6 ULP,
// gelu_tanh' within 5.1 ULP where the ULP bound binds and ≤ 3.9e-8 absolute
// elsewhere (gelu', gelu_tanh and gelu_tanh': every float in [−12, 12]
// checked, and in [−14, 14] for gelu').
#pragma once

#include <cstdint>

#include "kernels/math/exp.hpp"
#include "kernels/math/float2.hpp"
#include "kernels/vec4.hpp"

namespace actlab::math {

namespace gelu_consts {
inline constexpr float kClamp = 20.0f;  // φ(20) underflows to 0
// h(a) = P(a)/Q(a) = 1/R(a) − a, fitted on [0, 14] (Loeb + Lawson iterations).
inline constexpr float kP0 = 0x1.988454p-1f;  // √(2/π) = h(0)
inline constexpr float kP1 = 0x1.0f8a7cp-1f;
inline constexpr float kP2 = 0x1.7336e6p-3f;
inline constexpr float kP3 = 0x1.16724ap-5f;
inline constexpr float kP4 = 0x1.8b8508p-9f;
inline constexpr float kQ1 = 0x1.1ec0cep+0f;
inline constexpr float kQ2 = 0x1.338d60p-1f;
inline constexpr float kQ3 = 0x1.7f3d7ap-3f;
inline constexpr float kQ4 = 0x1.168018p-5f;
inline constexpr float kQ5 = 0x1.8b8124p-9f;
// Near 0, gelu(z) = z·(1/2 + z·W(z²)) for |z| < 0.8 (W of degree 5 fitted
// with Lawson's weighted minimax on |z| ≤ 1, relative error 0.012 of a float
// rounding): there the tail formula would add the roundings of h, of a + h
// and of exp (measured: it is the better of the two above |z| ≈ 0.8).
inline constexpr float kSmallForward = 0.8f;
inline constexpr float kW0 = 0x1.988454p-2f;
inline constexpr float kW1 = -0x1.105832p-4f;
inline constexpr float kW2 = 0x1.46ce4cp-7f;
inline constexpr float kW3 = -0x1.36fd42p-10f;
inline constexpr float kW4 = 0x1.dbff10p-14f;
inline constexpr float kW5 = -0x1.00d524p-17f;
// The derivative takes D = R(a) − a = (r − a)·M(a) for every a, r = 0.75179…
// the zero of gelu' at z = −r, M = MP/MQ a rational of degree 4/4 fitted on
// [0, 13.2] (relative error 0.11 of a float rounding before the coefficients
// are rounded; all coefficients positive). D keeps relative accuracy through
// its zero, where R − a cancels, and one formula needs no select between a
// near-root and a tail form.
inline constexpr float kRootHi = 0x1.80ead2p-1f;
inline constexpr float kRootLo = -0x1.a03fd4p-27f;
inline constexpr float kMP0 = 0x1.aac748p+0f;
inline constexpr float kMP1 = 0x1.e13ad2p+0f;
inline constexpr float kMP2 = 0x1.e08244p-1f;
inline constexpr float kMP3 = 0x1.e3d1bep-3f;
inline constexpr float kMP4 = 0x1.a345c4p-6f;
inline constexpr float kMQ1 = 0x1.64a8bap+0f;
inline constexpr float kMQ2 = 0x1.92977cp-1f;
inline constexpr float kMQ3 = 0x1.bc6fa2p-3f;
inline constexpr float kMQ4 = 0x1.a344fep-6f;
// The derivative clamps a = |z| to 13.2, where −a²/2 − ln√(2π) rounds to
// n = −127 in e^x: 2^n's bits are 0, so φ = 0 there and gelu'(±inf) is 0 or 1
// exactly (the true |gelu'| is below 1e-36 beyond).
inline constexpr float kDerivClamp = 13.2f;
// −ln√(2π) as hi + lo.
inline constexpr float kMinusLogSqrt2PiHi = -0x1.d67f1cp-1f;
inline constexpr float kMinusLogSqrt2PiLo = -0x1.0c97d6p-26f;
}  // namespace gelu_consts

namespace gelu_tanh_consts {
// v = 2u = z·(K0 + K1·z²), K0 = 2·√(2/π), K1 = K0·0.044715 (the exact
// decimal of the definition). The forward function needs −v as hi + lo: the
// constants are negated, and K0's high part has 22 bits (a multiple of
// 2^-21), so that K0 + K1·z² is an exact Fast2Sum (both terms have the same
// sign and |K1·z²| < 8).
inline constexpr float kMinusK0Hi = -0x1.98845p+0f;
inline constexpr float kMinusK0Lo = -0x1.9ea1b2p-23f;
inline constexpr float kMinusK1Hi = -0x1.2444f2p-4f;
inline constexpr float kMinusK1Lo = -0x1.49b16ap-29f;
// Veltkamp halves of kMinusK1Hi (exact, as split_f32 computes them).
inline constexpr Float2 kMinusK1Split = split_f32(kMinusK1Hi);
// Forward: z is clamped to [−10.125, 9.8] for v. At −10.125, −v = 90.2
// rounds to n = 130, where e^(−v)/4 = 2^(n−2)·p is +inf (the result is −0;
// results are subnormal from z ≈ −10.1 on); up to there e^(−v)/4 is finite
// (e^(−v) itself overflows from z ≈ −10.04, where results are still normal).
// At 9.8, e^(−v) ≈ 1e-36, so 1 + e^(−v) is 1 and the result z exactly.
inline constexpr float kForwardLower = -10.125f;
inline constexpr float kUpper = 9.8f;
// The derivative works in plain float (see gelu_tanh_derivative_f32).
inline constexpr float kK0 = 0x1.988454p+0f;
inline constexpr float kK1 = 0x1.2444f2p-4f;
inline constexpr float kK1x3 = 0x1.b6676cp-3f;  // 3·K1, for v' = K0 + 3K1·z²
inline constexpr float kDerivLower = -9.0f;     // e^(−v) ≈ 7e28 here: (1 + e)² = inf, the numerator finite
}  // namespace gelu_tanh_consts

// e^x for x already within [−87, 87] (the caller clamps): exp_f32's reduction
// and polynomial, with 2^n built straight from the bits of the magic-rounded
// n, which needs no float→int conversion (slow in wasm SIMD) and no clamp.
inline float exp_in_range_f32(float x) {
  const auto [n_magic, n, t] = exp_reduce_f32(x);
  float p = t * exp_poly_f32(t) + 1.0f;
  return p * pow2_from_n_magic_f32(n_magic);
}

// ----------------------------------------------------------------- scalar ---
// h(a) = P(a)/Q(a), the rational part of den = a + h(a) = 1/R(a), for gelu
// (its derivative takes D = R − a from one rational of its own).
inline float mills_h_f32(float a) {
  using namespace gelu_consts;
  float p = kP4 * a + kP3;
  p = p * a + kP2;
  p = p * a + kP1;
  p = p * a + kP0;
  float q = kQ5 * a + kQ4;
  q = q * a + kQ3;
  q = q * a + kQ2;
  q = q * a + kQ1;
  q = q * a + 1.0f;
  return p / q;
}

// gelu's pieces of the Gaussian tail: zc = z clamped to ±20,
// a = |zc|, den = a + h(a) = 1/R(a), g = φ(a).
struct GaussTail {
  float zc, a, den, den_lo, g;  // den + den_lo = a + h exactly
};

inline GaussTail gauss_tail_f32(float z) {
  using namespace gelu_consts;
  float zc = vec::s_pmin(vec::s_pmax(z, -kClamp), kClamp);  // NaN stays
  float a = vec::s_from_bits(vec::s_bits(zc) & 0x7fffffffu);
  Float2 a_split = split_f32(a);
  Float2 a2 = two_prod_f32(a, a_split, a, a_split);
  Float2 x = two_sum_f32(a2.hi * -0.5f, kMinusLogSqrt2PiHi);
  float g = exp_hilo_f32(x.hi, x.lo + (a2.lo * -0.5f + kMinusLogSqrt2PiLo));
  Float2 den = two_sum_f32(a, mills_h_f32(a));
  return {zc, a, den.hi, den.lo, g};
}

inline float gelu_f32(float z) {
  using namespace gelu_consts;
  GaussTail t = gauss_tail_f32(z);
  float zr = t.zc / t.den;
  zr = zr - zr * (t.den_lo / t.den);  // z·R, with the rounding of a + h undone
  float z_cdf_minus_a = zr * t.g;     // z·Φ(−|z|)
  float tail = z <= 0.0f ? z_cdf_minus_a : z - z_cdf_minus_a;
  float s = z * z;
  float w = kW5 * s + kW4;
  w = w * s + kW3;
  w = w * s + kW2;
  w = w * s + kW1;
  w = w * s + kW0;
  float near_zero = z * (0.5f + z * w);  // not z/2 + z·(z·w), which gives +0 for −0
  return t.a < kSmallForward ? near_zero : tail;
}

// The derivative needs φ(a) only to a few float roundings: where |gelu'| is
// below 1/8 (z < −0.45) its bound is 6e-8 absolute, and elsewhere gelu' is
// 1 − G·D with G·D < 0.2 or z is small. So φ(a) = e^(−a²/2 − ln√(2π)) takes
// a² in plain float (no Dekker split and two-sum as in gauss_tail_f32), and
// e^x needs no clamps (see kDerivClamp). D = R − a is (r − a)·M(a) with
// one rational M for every a (see the constants): no select between forms,
// so the four-lane twin computes one D instead of two.
inline float gelu_derivative_f32(float z) {
  using namespace gelu_consts;
  float a = vec::s_pmin(vec::s_from_bits(vec::s_bits(z) & 0x7fffffffu), kDerivClamp);  // NaN stays
  auto [n_magic, n, t] = exp_reduce_f32((a * a) * -0.5f + kMinusLogSqrt2PiHi);
  t = t + kMinusLogSqrt2PiLo;
  float scale = pow2_from_n_magic_f32(n_magic);
  float g = (t * scale) * exp_poly_f32(t) + scale;
  float mp = kMP4 * a + kMP3;
  mp = mp * a + kMP2;
  mp = mp * a + kMP1;
  mp = mp * a + kMP0;
  float mq = kMQ4 * a + kMQ3;
  mq = mq * a + kMQ2;
  mq = mq * a + kMQ1;
  mq = mq * a + 1.0f;
  float gd = g * (((kRootHi - a) + kRootLo) * (mp / mq));
  return z <= 0.0f ? gd : 1.0f - gd;
}

// gelu_tanh(z) = z/(1 + e^(−v)), one formula for every z: no sign select,
// no |v|. e^(−v) is computed as e^(−v)/4 (2^n built with exponent bias 125),
// and the result as (z/4)/(1/4 + e^(−v)/4): that is the same rounding as
// z/(1 + e^(−v)) wherever the result is normal, and e^(−v)/4 stays finite
// until the results are subnormal. For z → −∞ the relative error of the
// result is the absolute error of −v (up to 90), so −v is formed in
// double-float: −v = z·(−K0 − K1·z²) with exact (Dekker) products.
inline float gelu_tanh_f32(float z) {
  using namespace gelu_tanh_consts;
  float z_lim = vec::s_pmax(z, kForwardLower);  // NaN stays
  float zc = vec::s_pmin(z_lim, kUpper);
  Float2 z_split = split_f32(zc);
  float z2 = zc * zc;  // + z2_lo exactly (Dekker's product, squaring form)
  float z2_lo = ((z_split.hi * z_split.hi - z2) + (z_split.hi + z_split.hi) * z_split.lo) + z_split.lo * z_split.lo;
  Float2 k1z2 = two_prod_f32(kMinusK1Hi, kMinusK1Split, z2, split_f32(z2));
  float k1z2_lo = k1z2.lo + (kMinusK1Hi * z2_lo + kMinusK1Lo * z2);
  float w = kMinusK0Hi + k1z2.hi;  // −K0 − K1·z² = w + w_lo
  float w_lo = (k1z2.hi - (w - kMinusK0Hi)) + (k1z2_lo + kMinusK0Lo);
  Float2 minus_v = two_prod_f32(zc, z_split, w, split_f32(w));
  float minus_v_lo = minus_v.lo + zc * w_lo;
  auto [n_magic, n, t] = exp_reduce_f32(minus_v.hi);
  t = t + minus_v_lo;
  float p = t * exp_poly_f32(t) + 1.0f;
  float e_quarter = p * pow2_from_n_magic_f32(n_magic, -2);
  return (0.25f * z_lim) / (0.25f + e_quarter);
}

// gelu_tanh'(z) = (1 + e·(1 + z·v'))/(1 + e)², e = e^(−v), v' = K0 + 3K1·z²,
// in plain float: unlike the forward function, the derivative has an
// absolute bound of 6e-8 wherever |gelu_tanh'| < 1/8, which covers the whole
// negative tail (where e^(−v) would need v to better than float precision)
// and the zero near z = −0.75. What limits the accuracy there is the
// rounding of 1 + z·v' (0.23·δ(z·v') reaches the result near z = −1.2), so
// it is summed as (1 + K0·z) + z·(3K1·z²): the first sum is exact for
// K0·z in [−2, −1/2]. z is clamped to [−9, 9.8]: at −9, (1 + e)² overflows
// to inf while the numerator stays finite, so the result is −0 (the true
// value is ~1e-18); at 9.8 it is 1 exactly. e never overflows and e^x's
// argument stays within [−83, 67], so no clamp is needed inside.
inline float gelu_tanh_derivative_f32(float z) {
  using namespace gelu_tanh_consts;
  float zc = vec::s_pmin(vec::s_pmax(z, kDerivLower), kUpper);  // NaN stays
  float z2 = zc * zc;
  float minus_v = zc * (-kK1 * z2 + -kK0);
  float one_plus_zdv = (1.0f + zc * kK0) + zc * (kK1x3 * z2);
  float e = exp_in_range_f32(minus_v);
  float one_plus_e = 1.0f + e;
  return (1.0f + e * one_plus_zdv) / (one_plus_e * one_plus_e);
}

#if ACTLAB_HAVE_VEC4
// ----------------------------------------------------------- four lanes ---
// Four-lane twin of mills_h_f32.
inline vec::f4 mills_h_f4(vec::f4 a) {
  using namespace gelu_consts;
  using namespace vec;
  f4 p = f4_add(f4_mul(f4_splat(kP4), a), f4_splat(kP3));
  p = f4_add(f4_mul(p, a), f4_splat(kP2));
  p = f4_add(f4_mul(p, a), f4_splat(kP1));
  p = f4_add(f4_mul(p, a), f4_splat(kP0));
  f4 q = f4_add(f4_mul(f4_splat(kQ5), a), f4_splat(kQ4));
  q = f4_add(f4_mul(q, a), f4_splat(kQ3));
  q = f4_add(f4_mul(q, a), f4_splat(kQ2));
  q = f4_add(f4_mul(q, a), f4_splat(kQ1));
  q = f4_add(f4_mul(q, a), f4_splat(1.0f));
  return f4_div(p, q);
}

struct GaussTailx4 {
  vec::f4 zc, a, den, den_lo, g;
};

inline GaussTailx4 gauss_tail_f4(vec::f4 z) {
  using namespace gelu_consts;
  using namespace vec;
  f4 zc = f4_pmin(f4_pmax(z, f4_splat(-kClamp)), f4_splat(kClamp));
  f4 a = f4_abs(zc);
  Float2x4 a_split = split_f4(a);
  Float2x4 a2 = two_prod_f4(a, a_split, a, a_split);
  const f4 minus_half = f4_splat(-0.5f);
  Float2x4 x = two_sum_f4(f4_mul(a2.hi, minus_half), f4_splat(kMinusLogSqrt2PiHi));
  f4 g = exp_hilo_f4(x.hi, f4_add(x.lo, f4_add(f4_mul(a2.lo, minus_half), f4_splat(kMinusLogSqrt2PiLo))));
  Float2x4 den = two_sum_f4(a, mills_h_f4(a));
  return {zc, a, den.hi, den.lo, g};
}

inline vec::f4 gelu_f4(vec::f4 z) {
  using namespace gelu_consts;
  using namespace vec;
  GaussTailx4 t = gauss_tail_f4(z);
  f4 zr = f4_div(t.zc, t.den);
  zr = f4_sub(zr, f4_mul(zr, f4_div(t.den_lo, t.den)));
  f4 z_cdf_minus_a = f4_mul(zr, t.g);
  f4 tail = f4_select(f4_le(z, f4_splat(0.0f)), z_cdf_minus_a, f4_sub(z, z_cdf_minus_a));
  f4 s = f4_mul(z, z);
  f4 w = f4_add(f4_mul(f4_splat(kW5), s), f4_splat(kW4));
  w = f4_add(f4_mul(w, s), f4_splat(kW3));
  w = f4_add(f4_mul(w, s), f4_splat(kW2));
  w = f4_add(f4_mul(w, s), f4_splat(kW1));
  w = f4_add(f4_mul(w, s), f4_splat(kW0));
  f4 near_zero = f4_mul(z, f4_add(f4_splat(0.5f), f4_mul(z, w)));
  return f4_select(f4_lt(t.a, f4_splat(kSmallForward)), near_zero, tail);
}

inline vec::f4 gelu_derivative_f4(vec::f4 z) {
  using namespace gelu_consts;
  using namespace vec;
  f4 a = f4_pmin(f4_abs(z), f4_splat(kDerivClamp));
  auto [n_magic, n, t] = exp_reduce_f4(f4_add(f4_mul(f4_mul(a, a), f4_splat(-0.5f)), f4_splat(kMinusLogSqrt2PiHi)));
  t = f4_add(t, f4_splat(kMinusLogSqrt2PiLo));
  f4 scale = pow2_from_n_magic_f4(n_magic);
  f4 g = f4_add(f4_mul(f4_mul(t, scale), exp_poly_f4(t)), scale);
  const f4 one = f4_splat(1.0f);
  f4 mp = f4_add(f4_mul(f4_splat(kMP4), a), f4_splat(kMP3));
  mp = f4_add(f4_mul(mp, a), f4_splat(kMP2));
  mp = f4_add(f4_mul(mp, a), f4_splat(kMP1));
  mp = f4_add(f4_mul(mp, a), f4_splat(kMP0));
  f4 mq = f4_add(f4_mul(f4_splat(kMQ4), a), f4_splat(kMQ3));
  mq = f4_add(f4_mul(mq, a), f4_splat(kMQ2));
  mq = f4_add(f4_mul(mq, a), f4_splat(kMQ1));
  mq = f4_add(f4_mul(mq, a), one);
  f4 gd = f4_mul(g, f4_mul(f4_add(f4_sub(f4_splat(kRootHi), a), f4_splat(kRootLo)), f4_div(mp, mq)));
  return f4_select(f4_le(z, f4_splat(0.0f)), gd, f4_sub(one, gd));
}

inline vec::f4 gelu_tanh_f4(vec::f4 z) {
  using namespace gelu_tanh_consts;
  using namespace vec;
  f4 z_lim = f4_pmax(z, f4_splat(kForwardLower));
  f4 zc = f4_pmin(z_lim, f4_splat(kUpper));
  Float2x4 z_split = split_f4(zc);
  f4 z2 = f4_mul(zc, zc);
  f4 z2_lo = f4_add(f4_add(f4_sub(f4_mul(z_split.hi, z_split.hi), z2),
                           f4_mul(f4_add(z_split.hi, z_split.hi), z_split.lo)),
                    f4_mul(z_split.lo, z_split.lo));
  const f4 k1 = f4_splat(kMinusK1Hi);
  Float2x4 k1z2 = two_prod_f4(k1, Float2x4{f4_splat(kMinusK1Split.hi), f4_splat(kMinusK1Split.lo)}, z2, split_f4(z2));
  f4 k1z2_lo = f4_add(k1z2.lo, f4_add(f4_mul(k1, z2_lo), f4_mul(f4_splat(kMinusK1Lo), z2)));
  const f4 k0 = f4_splat(kMinusK0Hi);
  f4 w = f4_add(k0, k1z2.hi);
  f4 w_lo = f4_add(f4_sub(k1z2.hi, f4_sub(w, k0)), f4_add(k1z2_lo, f4_splat(kMinusK0Lo)));
  Float2x4 minus_v = two_prod_f4(zc, z_split, w, split_f4(w));
  f4 minus_v_lo = f4_add(minus_v.lo, f4_mul(zc, w_lo));
  auto [n_magic, n, t] = exp_reduce_f4(minus_v.hi);
  t = f4_add(t, minus_v_lo);
  f4 p = f4_add(f4_mul(t, exp_poly_f4(t)), f4_splat(1.0f));
  f4 e_quarter = f4_mul(p, pow2_from_n_magic_f4(n_magic, -2));
  const f4 quarter = f4_splat(0.25f);
  return f4_div(f4_mul(quarter, z_lim), f4_add(quarter, e_quarter));
}

inline vec::f4 exp_in_range_f4(vec::f4 x) {
  using namespace vec;
  const auto [n_magic, n, t] = exp_reduce_f4(x);
  f4 p = f4_add(f4_mul(t, exp_poly_f4(t)), f4_splat(1.0f));
  return f4_mul(p, pow2_from_n_magic_f4(n_magic));
}

inline vec::f4 gelu_tanh_derivative_f4(vec::f4 z) {
  using namespace gelu_tanh_consts;
  using namespace vec;
  f4 zc = f4_pmin(f4_pmax(z, f4_splat(kDerivLower)), f4_splat(kUpper));
  f4 z2 = f4_mul(zc, zc);
  f4 minus_v = f4_mul(zc, f4_add(f4_mul(f4_splat(-kK1), z2), f4_splat(-kK0)));
  const f4 one = f4_splat(1.0f);
  f4 one_plus_zdv = f4_add(f4_add(one, f4_mul(zc, f4_splat(kK0))), f4_mul(zc, f4_mul(f4_splat(kK1x3), z2)));
  f4 e = exp_in_range_f4(minus_v);
  f4 one_plus_e = f4_add(one, e);
  return f4_div(f4_add(one, f4_mul(e, one_plus_zdv)), f4_mul(one_plus_e, one_plus_e));
}
#endif

}  // namespace actlab::math
