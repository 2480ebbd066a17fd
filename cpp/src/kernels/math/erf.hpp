// erf.hpp — the error function in float, scalar and four-lane twins doing the
// same operations in the same order. (GELU does not use it: gelu.hpp needs
// relative accuracy deep in the tail and has its own form.)
//
// For |x| < 1: erf x = x·P(x²), P the Taylor series of erf(x)/x to degree
// 10 in x² (2/√π·(−1)^n/(n!·(2n + 1)); the first term left out is below
// 1.2e-9 at |x| = 1, and the alternating terms shrink, so Horner's rule is
// well conditioned there).
// For |x| ≥ 1: erf|x| = 1 − erfc|x| with erfc a = 2Φ(−a√2) written through
// gelu.hpp's Mills ratio: erfc a = e^(−a²)·√(2/π) / (u + h(u)), u = a√2.
// a is clamped to 4.5, where erf rounds to 1 in float. The sign of x is
// copied back; erf(−0) = −0 (x·P keeps it).
// Accuracy: ≤ 2 ULP (tests/cpp/test_formula_math.cpp). NaN → NaN,
// erf(±inf) = ±1.
#pragma once

#include <cstdint>

#include "kernels/math/exp.hpp"
#include "kernels/math/gelu.hpp"  // mills_h
#include "kernels/vec4.hpp"

namespace actlab::math {

namespace erf_consts {
inline constexpr float kC0 = 0x1.20dd76p+0f;
inline constexpr float kC1 = -0x1.812746p-2f;
inline constexpr float kC2 = 0x1.ce2f22p-4f;
inline constexpr float kC3 = -0x1.b82ce4p-6f;
inline constexpr float kC4 = 0x1.565bcep-8f;
inline constexpr float kC5 = -0x1.c02db4p-11f;
inline constexpr float kC6 = 0x1.f9a326p-14f;
inline constexpr float kC7 = -0x1.f4d25cp-17f;
inline constexpr float kC8 = 0x1.b9e6cap-20f;
inline constexpr float kC9 = -0x1.5f742ep-23f;
inline constexpr float kC10 = 0x1.fcc572p-27f;
inline constexpr float kSeriesLimit = 1.0f;
inline constexpr float kClamp = 4.5f;
inline constexpr float kSqrt2 = 0x1.6a09e6p+0f;
inline constexpr float kSqrt2OverPi = 0x1.988454p-1f;
inline constexpr std::uint32_t kSignBit = 0x80000000u;
}  // namespace erf_consts

// ----------------------------------------------------------------- scalar ---
inline float erf_f32(float x) {
  using namespace erf_consts;
  const float a = vec::s_from_bits(vec::s_bits(x) & ~kSignBit);
  const float t = x * x;
  float p = kC10 * t + kC9;
  p = p * t + kC8;
  p = p * t + kC7;
  p = p * t + kC6;
  p = p * t + kC5;
  p = p * t + kC4;
  p = p * t + kC3;
  p = p * t + kC2;
  p = p * t + kC1;
  p = p * t + kC0;
  const float series = x * p;
  const float ac = vec::s_pmin(a, kClamp);  // NaN stays (first operand)
  const float u = ac * kSqrt2;
  const float erfc = (exp_f32(-(ac * ac)) * kSqrt2OverPi) / (u + mills_h_f32(u));
  const float tail = vec::s_from_bits(vec::s_bits(1.0f - erfc) | (vec::s_bits(x) & kSignBit));
  return a < kSeriesLimit ? series : tail;
}

#if ACTLAB_HAVE_VEC4
// ----------------------------------------------------------- four lanes ---
inline vec::f4 erf_f4(vec::f4 x) {
  using namespace erf_consts;
  using namespace vec;
  const f4 a = f4_abs(x);
  const f4 t = f4_mul(x, x);
  f4 p = f4_add(f4_mul(f4_splat(kC10), t), f4_splat(kC9));
  p = f4_add(f4_mul(p, t), f4_splat(kC8));
  p = f4_add(f4_mul(p, t), f4_splat(kC7));
  p = f4_add(f4_mul(p, t), f4_splat(kC6));
  p = f4_add(f4_mul(p, t), f4_splat(kC5));
  p = f4_add(f4_mul(p, t), f4_splat(kC4));
  p = f4_add(f4_mul(p, t), f4_splat(kC3));
  p = f4_add(f4_mul(p, t), f4_splat(kC2));
  p = f4_add(f4_mul(p, t), f4_splat(kC1));
  p = f4_add(f4_mul(p, t), f4_splat(kC0));
  const f4 series = f4_mul(x, p);
  const f4 ac = f4_pmin(a, f4_splat(kClamp));
  const f4 u = f4_mul(ac, f4_splat(kSqrt2));
  const f4 erfc = f4_div(f4_mul(exp_f4(f4_neg(f4_mul(ac, ac))), f4_splat(kSqrt2OverPi)), f4_add(u, mills_h_f4(u)));
  const f4 tail = f4_or(f4_sub(f4_splat(1.0f), erfc), f4_sign(x));
  return f4_select(f4_lt(a, f4_splat(kSeriesLimit)), series, tail);
}
#endif

}  // namespace actlab::math
