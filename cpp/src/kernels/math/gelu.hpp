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
//   gelu'(z) = Φ(z) + z·φ(z) = z ≤ 0 ? G·D    : 1 − G·D,   D = R − a = (1 − a(a + h))·R.
// This keeps RELATIVE accuracy deep into the negative tail (gelu(−10) ≈
// −7.6e−23), which erfc(−z/√2) in float cannot: the rounding of z/√2 and of
// z² would be amplified ~z² times. Here a² is split exactly (Dekker) and its
// low part, with that of ln√(2π), joins exp's reduced argument; z·R (about
// −1 for large a) is formed before multiplying by G so that only the final
// product can be subnormal. a is clamped to 20 (G = 0 there).
// Near zero two more forms take over (constants below): a polynomial for
// gelu, and D = (r − a)·K(a) around the zero of gelu' at z = −r.
//
// Tanh approximation. gelu_tanh(z) = ½z(1 + tanh u), u = √(2/π)(z + 0.044715 z³).
// With v = 2u and σ(v) = 1/(1 + e^(−v)) = ½(1 + tanh u):
//   gelu_tanh(z)  = z·σ(v)                             (no ½z(1+t) cancellation)
//   gelu_tanh'(z) = σ(v)·(1 + z·v'·σ(−v)),  v' = dv/dz,
// which is PyTorch's 0.5(1+t) + 0.5z(1−t²)√(2/π)(1 + 3·0.044715 z²) rewritten
// with 1 − t² = 4σ(v)σ(−v). Both σ(v) and σ(−v) come from e = e^(−|v|) ≤ 1
// (never overflows): σ(|v|) = 1/(1 + e), σ(−|v|) = e/(1 + e). v reaches −89
// where the result is still normal, so v is computed in double-float
// (float2.hpp). z is clamped to ±12 inside (beyond it σ is 0 or 1 in float);
// the constant 0.044715 is the exact decimal of the definition.
//
// Specials: NaN → NaN; ±inf → the limits (gelu(−inf) = −0, gelu'(−inf) = −0,
// gelu'(+inf) = 1, same for gelu_tanh). PyTorch returns NaN for gelu(−inf)
// and for both derivatives at ±inf (it computes inf·0); we return the
// mathematical limits instead. gelu(−0) = −0 (z·Φ(z); PyTorch gives +0).
//
// Accuracy over the whole float range (tests/cpp/test_tanh_gelu.cpp reports
// the worst seen): gelu and gelu_tanh within 3.5 ULP where the result is
// normal, derivatives within 5 ULP where the ULP bound binds and ≤ 4.5e-8
// absolute elsewhere (sampled sweeps of every 11th float in [−15, 15]).
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
// For a < 1.5, D = R(a) − a = (r − a)·K(a), r = 0.75179… the zero of gelu'
// at z = −r, K a degree-8 polynomial (relative error 0.12 of a rounding):
// D keeps relative accuracy through its zero, where 1 − a(a + h) cancels.
inline constexpr float kRootRegion = 1.5f;
inline constexpr float kRootHi = 0x1.80ead2p-1f;
inline constexpr float kRootLo = -0x1.a03fd4p-27f;
inline constexpr float kK0 = 0x1.aac748p+0f;
inline constexpr float kK1 = -0x1.c56e34p-2f;
inline constexpr float kK2 = 0x1.f4cb32p-3f;
inline constexpr float kK3 = -0x1.e2ff0ep-4f;
inline constexpr float kK4 = 0x1.9f2a24p-5f;
inline constexpr float kK5 = -0x1.394836p-6f;
inline constexpr float kK6 = 0x1.811008p-8f;
inline constexpr float kK7 = -0x1.483666p-10f;
inline constexpr float kK8 = 0x1.14aabap-13f;
// −ln√(2π) as hi + lo.
inline constexpr float kMinusLogSqrt2PiHi = -0x1.d67f1cp-1f;
inline constexpr float kMinusLogSqrt2PiLo = -0x1.0c97d6p-26f;
}  // namespace gelu_consts

namespace gelu_tanh_consts {
inline constexpr float kClamp = 12.0f;
// v = z·(K0 + K1·z²) = 2·√(2/π)·(z + 0.044715 z³), constants as hi + lo.
inline constexpr float kK0Hi = 0x1.988454p+0f;
inline constexpr float kK0Lo = -0x1.857936p-25f;
inline constexpr float kK1Hi = 0x1.2444f2p-4f;
inline constexpr float kK1Lo = 0x1.49b16ap-29f;
inline constexpr float kK1x3 = 0x1.b6676cp-3f;  // 3·K1, for v'
// Veltkamp halves of kK1Hi (exact, as split_f32 computes them).
inline constexpr Float2 kK1Split = split_f32(kK1Hi);
// e^(−|v|) is computed times 2^24 so that z·e^(−|v|) keeps full precision
// where e^(−|v|) alone would be subnormal (z down to −10.1 gives normal results).
inline constexpr float kScaleExponent = 24.0f;
inline constexpr float kUnscale = 0x1.0p-24f;
}  // namespace gelu_tanh_consts

// ----------------------------------------------------------------- scalar ---
// The pieces shared by gelu and its derivative: zc = z clamped to ±20,
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
  float p = kP4 * a + kP3;
  p = p * a + kP2;
  p = p * a + kP1;
  p = p * a + kP0;
  float q = kQ5 * a + kQ4;
  q = q * a + kQ3;
  q = q * a + kQ2;
  q = q * a + kQ1;
  q = q * a + 1.0f;
  Float2 den = two_sum_f32(a, p / q);
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

inline float gelu_derivative_f32(float z) {
  using namespace gelu_consts;
  GaussTail t = gauss_tail_f32(z);
  float d_tail = (1.0f - t.a * t.den) / t.den;  // R − a
  float k = kK8 * t.a + kK7;
  k = k * t.a + kK6;
  k = k * t.a + kK5;
  k = k * t.a + kK4;
  k = k * t.a + kK3;
  k = k * t.a + kK2;
  k = k * t.a + kK1;
  k = k * t.a + kK0;
  float d_root = ((kRootHi - t.a) + kRootLo) * k;
  float gd = t.g * (t.a < kRootRegion ? d_root : d_tail);
  return z <= 0.0f ? gd : 1.0f - gd;
}

// v = 2u as hi + lo, for zc already clamped; also K1·z² (its high part),
// from which z·v' = v + 2z·K1z² follows.
struct GeluTanhArg {
  Float2 v;
  float k1z2;
};

inline GeluTanhArg gelu_tanh_v_f32(float zc, Float2 z_split) {
  using namespace gelu_tanh_consts;
  Float2 z2 = two_prod_f32(zc, z_split, zc, z_split);
  Float2 k1z2 = two_prod_f32(kK1Hi, kK1Split, z2.hi, split_f32(z2.hi));
  k1z2.lo = k1z2.lo + (kK1Hi * z2.lo + kK1Lo * z2.hi);
  Float2 w = two_sum_f32(kK0Hi, k1z2.hi);
  w.lo = w.lo + (k1z2.lo + kK0Lo);
  Float2 v = two_prod_f32(zc, z_split, w.hi, split_f32(w.hi));
  v.lo = v.lo + zc * w.lo;
  return {v, k1z2.hi};
}

// e^(−|v|)·2^k for v = hi + lo.
inline float exp_minus_abs_f32(Float2 v, float k) {
  bool negative = v.hi < 0.0f;
  return exp_hilo_f32(negative ? v.hi : -v.hi, negative ? v.lo : -v.lo, k);
}

inline float gelu_tanh_f32(float z) {
  using namespace gelu_tanh_consts;
  float zc = vec::s_pmin(vec::s_pmax(z, -kClamp), kClamp);  // NaN stays
  GeluTanhArg arg = gelu_tanh_v_f32(zc, split_f32(zc));
  float e_scaled = exp_minus_abs_f32(arg.v, kScaleExponent);
  float e = e_scaled * kUnscale;
  // Below −12 the numerator must stay finite (e = 0 there) so the result is −0.
  float z_lim = vec::s_pmax(z, -kClamp);
  float numerator = arg.v.hi < 0.0f ? (z_lim * e_scaled) * kUnscale : z_lim;
  return numerator / (1.0f + e);
}

// σ(v)(1 + z·v'·σ(−v)) = s·N/(1 + e)² with e = e^(−|v|), s = e for v < 0
// (else 1) and N = 1 + e + z·v'·(v < 0 ? 1 : e). Near the zero of the
// derivative (z ≈ −0.75) N cancels; z·v' = v + 2z·K1z² reuses the
// double-float v, so N's rounding is a few float roundings of a number ~2.
inline float gelu_tanh_derivative_f32(float z) {
  using namespace gelu_tanh_consts;
  float zc = vec::s_pmin(vec::s_pmax(z, -kClamp), kClamp);
  GeluTanhArg arg = gelu_tanh_v_f32(zc, split_f32(zc));
  float e = exp_minus_abs_f32(arg.v, 0.0f);
  bool negative = arg.v.hi < 0.0f;
  float m = negative ? 1.0f : e;
  float zdv_tail = arg.v.lo + (2.0f * zc) * arg.k1z2;  // z·v' = v.hi + zdv_tail
  float n = (1.0f + arg.v.hi * m) + (e + zdv_tail * m);
  float one_plus_e = 1.0f + e;
  float s = negative ? e : 1.0f;
  return (s * n) / (one_plus_e * one_plus_e);
}

#if ACTLAB_HAVE_VEC4
// ----------------------------------------------------------- four lanes ---
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
  f4 p = f4_add(f4_mul(f4_splat(kP4), a), f4_splat(kP3));
  p = f4_add(f4_mul(p, a), f4_splat(kP2));
  p = f4_add(f4_mul(p, a), f4_splat(kP1));
  p = f4_add(f4_mul(p, a), f4_splat(kP0));
  f4 q = f4_add(f4_mul(f4_splat(kQ5), a), f4_splat(kQ4));
  q = f4_add(f4_mul(q, a), f4_splat(kQ3));
  q = f4_add(f4_mul(q, a), f4_splat(kQ2));
  q = f4_add(f4_mul(q, a), f4_splat(kQ1));
  q = f4_add(f4_mul(q, a), f4_splat(1.0f));
  Float2x4 den = two_sum_f4(a, f4_div(p, q));
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
  GaussTailx4 t = gauss_tail_f4(z);
  const f4 one = f4_splat(1.0f);
  f4 d_tail = f4_div(f4_sub(one, f4_mul(t.a, t.den)), t.den);
  f4 k = f4_add(f4_mul(f4_splat(kK8), t.a), f4_splat(kK7));
  k = f4_add(f4_mul(k, t.a), f4_splat(kK6));
  k = f4_add(f4_mul(k, t.a), f4_splat(kK5));
  k = f4_add(f4_mul(k, t.a), f4_splat(kK4));
  k = f4_add(f4_mul(k, t.a), f4_splat(kK3));
  k = f4_add(f4_mul(k, t.a), f4_splat(kK2));
  k = f4_add(f4_mul(k, t.a), f4_splat(kK1));
  k = f4_add(f4_mul(k, t.a), f4_splat(kK0));
  f4 d_root = f4_mul(f4_add(f4_sub(f4_splat(kRootHi), t.a), f4_splat(kRootLo)), k);
  f4 gd = f4_mul(t.g, f4_select(f4_lt(t.a, f4_splat(kRootRegion)), d_root, d_tail));
  return f4_select(f4_le(z, f4_splat(0.0f)), gd, f4_sub(one, gd));
}

struct GeluTanhArgx4 {
  Float2x4 v;
  vec::f4 k1z2;
};

inline GeluTanhArgx4 gelu_tanh_v_f4(vec::f4 zc, Float2x4 z_split) {
  using namespace gelu_tanh_consts;
  using namespace vec;
  Float2x4 z2 = two_prod_f4(zc, z_split, zc, z_split);
  const f4 k1_hi = f4_splat(kK1Hi);
  const Float2x4 k1_split = {f4_splat(kK1Split.hi), f4_splat(kK1Split.lo)};
  Float2x4 k1z2 = two_prod_f4(k1_hi, k1_split, z2.hi, split_f4(z2.hi));
  k1z2.lo = f4_add(k1z2.lo, f4_add(f4_mul(k1_hi, z2.lo), f4_mul(f4_splat(kK1Lo), z2.hi)));
  Float2x4 w = two_sum_f4(f4_splat(kK0Hi), k1z2.hi);
  w.lo = f4_add(w.lo, f4_add(k1z2.lo, f4_splat(kK0Lo)));
  Float2x4 v = two_prod_f4(zc, z_split, w.hi, split_f4(w.hi));
  v.lo = f4_add(v.lo, f4_mul(zc, w.lo));
  return {v, k1z2.hi};
}

// e^(−|v|)·2^k; `negative` receives the lane mask v < 0.
inline vec::f4 exp_minus_abs_f4(Float2x4 v, float k, vec::f4* negative) {
  using namespace vec;
  *negative = f4_lt(v.hi, f4_splat(0.0f));
  return exp_hilo_f4(f4_select(*negative, v.hi, f4_neg(v.hi)), f4_select(*negative, v.lo, f4_neg(v.lo)), k);
}

inline vec::f4 gelu_tanh_f4(vec::f4 z) {
  using namespace gelu_tanh_consts;
  using namespace vec;
  const f4 lower = f4_splat(-kClamp);
  f4 zc = f4_pmin(f4_pmax(z, lower), f4_splat(kClamp));
  GeluTanhArgx4 arg = gelu_tanh_v_f4(zc, split_f4(zc));
  f4 negative;
  f4 e_scaled = exp_minus_abs_f4(arg.v, kScaleExponent, &negative);
  const f4 unscale = f4_splat(kUnscale);
  f4 e = f4_mul(e_scaled, unscale);
  f4 z_lim = f4_pmax(z, lower);
  f4 numerator = f4_select(negative, f4_mul(f4_mul(z_lim, e_scaled), unscale), z_lim);
  return f4_div(numerator, f4_add(f4_splat(1.0f), e));
}

inline vec::f4 gelu_tanh_derivative_f4(vec::f4 z) {
  using namespace gelu_tanh_consts;
  using namespace vec;
  f4 zc = f4_pmin(f4_pmax(z, f4_splat(-kClamp)), f4_splat(kClamp));
  GeluTanhArgx4 arg = gelu_tanh_v_f4(zc, split_f4(zc));
  f4 negative;
  f4 e = exp_minus_abs_f4(arg.v, 0.0f, &negative);
  const f4 one = f4_splat(1.0f);
  f4 m = f4_select(negative, one, e);
  f4 zdv_tail = f4_add(arg.v.lo, f4_mul(f4_mul(f4_splat(2.0f), zc), arg.k1z2));
  f4 n = f4_add(f4_add(one, f4_mul(arg.v.hi, m)), f4_add(e, f4_mul(zdv_tail, m)));
  f4 one_plus_e = f4_add(one, e);
  f4 s = f4_select(negative, e, one);
  return f4_div(f4_mul(s, n), f4_mul(one_plus_e, one_plus_e));
}
#endif

}  // namespace actlab::math
