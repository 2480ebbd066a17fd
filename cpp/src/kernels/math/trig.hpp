// trig.hpp — sin, cos, tan and atan in float, scalar and four-lane twins
// doing the same operations in the same order (Cephes' single-precision
// algorithms, written without branches or tables so that every lane runs
// the same instructions).
//
// sin, cos, tan: with a = |x| (sin and tan are odd: the sign of x is
// copied back, which keeps sin(−0) = −0; cos is even),
// a = n·π/2 + r with n = round(a·2/π) (magic-bias rounding)
// and r = ((x − n·P1) − n·P2) − n·P3, where P1 (8 significant bits) and P2
// (11 bits) make n·P1 and n·P2 exact for n < 2^13, i.e. a < 12867; P3
// is π/2 − P1 − P2 rounded. Then with z = r²
//   S(r) = r + r·z·(s1 + z·(s2 + z·s3))      ≈ sin r  on [−π/4, π/4]
//   C(r) = 1 − z/2 + z²·(c1 + z·(c2 + z·c3)) ≈ cos r
// and the quadrant q = n mod 4 (the low bits of the magic-rounded n) picks
// ±S or ±C; tan = S/C for even q and −C/S for odd q.
// Accuracy (tests/cpp/test_formula_math.cpp): for |x| ≤ 100, ≤ 2 ULP for
// sin and cos (or 1e-7 absolute near their zeros) and ≤ 3.5 ULP for tan;
// for |x| ≤ 8192, 1e-7 absolute for sin and cos. Beyond that the reduction
// loses bits (the error of r grows like |x|·2^-24): the results stay
// deterministic, and sin and cos are clamped to [−1, 1], but they are not
// accurate. ±inf and NaN give NaN.
//
// atan: odd; for a = |x| > tan(3π/8) it is π/2 + atan(−1/a), for
// a > tan(π/8) π/4 + atan((a − 1)/(a + 1)), else atan a, each with the
// degree-9 odd polynomial of Cephes' atanf on |t| ≤ tan(π/8). The sign of x
// is copied in last (atan(−0) = −0). ≤ 2 ULP; atan(±inf) = ±π/2.
#pragma once

#include <cstdint>

#include "kernels/vec4.hpp"

namespace actlab::math {

namespace trig_consts {
inline constexpr float kTwoOverPi = 0x1.45f306p-1f;
inline constexpr float kMagic = 0x1.8p+23f;  // adding it rounds to an integer
inline constexpr float kP1 = 0x1.92p+0f;       // 1.5703125
inline constexpr float kP2 = 0x1.fb4p-12f;     // 4.837512969970703125e-4
inline constexpr float kP3 = 0x1.4442d2p-24f;  // π/2 − P1 − P2
inline constexpr float kS1 = -1.6666654611e-1f;
inline constexpr float kS2 = 8.3321608736e-3f;
inline constexpr float kS3 = -1.9515295891e-4f;
inline constexpr float kC1 = 4.166664568298827e-2f;
inline constexpr float kC2 = -1.388731625493765e-3f;
inline constexpr float kC3 = 2.443315711809948e-5f;
inline constexpr float kTan3PiOver8 = 2.414213562373095f;
inline constexpr float kTanPiOver8 = 0.4142135623730950f;
inline constexpr float kPiOver2 = 0x1.921fb6p+0f;
inline constexpr float kPiOver4 = 0x1.921fb6p-1f;
inline constexpr float kA1 = 8.05374449538e-2f;
inline constexpr float kA2 = -1.38776856032e-1f;
inline constexpr float kA3 = 1.99777106478e-1f;
inline constexpr float kA4 = -3.33329491539e-1f;
inline constexpr std::uint32_t kSignBit = 0x80000000u;
}  // namespace trig_consts

// ----------------------------------------------------------------- scalar ---
struct TrigParts {
  float sin_r, cos_r;   // S(r), C(r)
  std::uint32_t quadrant;  // n mod 4
};

// The reduction of a = |x| ≥ 0 (or NaN).
inline TrigParts trig_parts_f32(float a) {
  using namespace trig_consts;
  const float n_magic = a * kTwoOverPi + kMagic;
  const float n = n_magic - kMagic;
  const float r = ((a - n * kP1) - n * kP2) - n * kP3;
  const float z = r * r;
  const float s = (((kS3 * z + kS2) * z + kS1) * z) * r + r;
  const float c = (((kC3 * z + kC2) * z + kC1) * z) * z - 0.5f * z + 1.0f;
  return {s, c, vec::s_bits(n_magic) & 3u};
}

// ±S or ±C by the quadrant (sin: q; cos: q + 1), clamped to [−1, 1].
inline float trig_pick_f32(const TrigParts& p, std::uint32_t quadrant) {
  const float v = (quadrant & 1u) ? p.cos_r : p.sin_r;
  const float signed_v = vec::s_from_bits(vec::s_bits(v) ^ ((quadrant & 2u) << 30));
  return vec::s_pmin(vec::s_pmax(signed_v, -1.0f), 1.0f);  // NaN stays (first operand)
}

inline float abs_f32(float x) { return vec::s_from_bits(vec::s_bits(x) & ~trig_consts::kSignBit); }
inline float with_sign_of_f32(float v, float x) {
  return vec::s_from_bits(vec::s_bits(v) ^ (vec::s_bits(x) & trig_consts::kSignBit));
}

inline float sin_f32(float x) {
  const TrigParts p = trig_parts_f32(abs_f32(x));
  return with_sign_of_f32(trig_pick_f32(p, p.quadrant), x);
}

inline float cos_f32(float x) {
  const TrigParts p = trig_parts_f32(abs_f32(x));
  return trig_pick_f32(p, p.quadrant + 1u);
}

inline float tan_f32(float x) {
  const TrigParts p = trig_parts_f32(abs_f32(x));
  const float even = p.sin_r / p.cos_r;
  const float odd = -p.cos_r / p.sin_r;
  return with_sign_of_f32((p.quadrant & 1u) ? odd : even, x);
}

inline float atan_f32(float x) {
  using namespace trig_consts;
  const float a = vec::s_from_bits(vec::s_bits(x) & ~kSignBit);
  const bool big = a > kTan3PiOver8;
  const bool mid = a > kTanPiOver8;
  const float t_big = -1.0f / a;
  const float t_mid = (a - 1.0f) / (a + 1.0f);
  const float t = big ? t_big : (mid ? t_mid : a);
  const float base = big ? kPiOver2 : (mid ? kPiOver4 : 0.0f);
  const float z = t * t;
  const float p = ((((kA1 * z + kA2) * z + kA3) * z + kA4) * z) * t + t;
  const float r = base + p;
  return vec::s_from_bits(vec::s_bits(r) | (vec::s_bits(x) & kSignBit));
}

#if ACTLAB_HAVE_VEC4
// ----------------------------------------------------------- four lanes ---
struct TrigParts4 {
  vec::f4 sin_r, cos_r;
  vec::i4 quadrant;
};

inline TrigParts4 trig_parts_f4(vec::f4 a) {
  using namespace trig_consts;
  using namespace vec;
  const f4 magic = f4_splat(kMagic);
  const f4 n_magic = f4_add(f4_mul(a, f4_splat(kTwoOverPi)), magic);
  const f4 n = f4_sub(n_magic, magic);
  const f4 r = f4_sub(f4_sub(f4_sub(a, f4_mul(n, f4_splat(kP1))), f4_mul(n, f4_splat(kP2))), f4_mul(n, f4_splat(kP3)));
  const f4 z = f4_mul(r, r);
  const f4 s = f4_add(
      f4_mul(f4_mul(f4_add(f4_mul(f4_add(f4_mul(f4_splat(kS3), z), f4_splat(kS2)), z), f4_splat(kS1)), z), r), r);
  const f4 c = f4_add(
      f4_sub(f4_mul(f4_mul(f4_add(f4_mul(f4_add(f4_mul(f4_splat(kC3), z), f4_splat(kC2)), z), f4_splat(kC1)), z), z),
             f4_mul(f4_splat(0.5f), z)),
      f4_splat(1.0f));
  return {s, c, i4_bits(n_magic)};
}

inline vec::f4 trig_pick_f4(const TrigParts4& p, vec::i4 quadrant) {
  using namespace vec;
  // Bit 0 of the quadrant as a lane mask, bit 1 as the sign bit.
  const f4 use_cos = f4_bits(i4_sra(i4_shl(quadrant, 31), 31));
  const f4 sign = f4_bits(i4_shl(i4_and(quadrant, i4_splat(2)), 30));
  const f4 v = f4_xor(f4_select(use_cos, p.cos_r, p.sin_r), sign);
  return f4_pmin(f4_pmax(v, f4_splat(-1.0f)), f4_splat(1.0f));
}

inline vec::f4 sin_f4(vec::f4 x) {
  const TrigParts4 p = trig_parts_f4(vec::f4_abs(x));
  return vec::f4_xor(trig_pick_f4(p, p.quadrant), vec::f4_sign(x));
}

inline vec::f4 cos_f4(vec::f4 x) {
  const TrigParts4 p = trig_parts_f4(vec::f4_abs(x));
  return trig_pick_f4(p, vec::i4_add(p.quadrant, vec::i4_splat(1)));
}

inline vec::f4 tan_f4(vec::f4 x) {
  using namespace vec;
  const TrigParts4 p = trig_parts_f4(f4_abs(x));
  const f4 even = f4_div(p.sin_r, p.cos_r);
  const f4 odd = f4_div(f4_neg(p.cos_r), p.sin_r);
  const f4 use_odd = f4_bits(i4_sra(i4_shl(p.quadrant, 31), 31));
  return f4_xor(f4_select(use_odd, odd, even), f4_sign(x));
}

inline vec::f4 atan_f4(vec::f4 x) {
  using namespace trig_consts;
  using namespace vec;
  const f4 one = f4_splat(1.0f);
  const f4 a = f4_abs(x);
  const f4 big = f4_gt(a, f4_splat(kTan3PiOver8));
  const f4 mid = f4_gt(a, f4_splat(kTanPiOver8));
  const f4 t_big = f4_div(f4_splat(-1.0f), a);
  const f4 t_mid = f4_div(f4_sub(a, one), f4_add(a, one));
  const f4 t = f4_select(big, t_big, f4_select(mid, t_mid, a));
  const f4 base = f4_select(big, f4_splat(kPiOver2), f4_and(mid, f4_splat(kPiOver4)));
  const f4 z = f4_mul(t, t);
  f4 p = f4_add(f4_mul(f4_splat(kA1), z), f4_splat(kA2));
  p = f4_add(f4_mul(p, z), f4_splat(kA3));
  p = f4_add(f4_mul(p, z), f4_splat(kA4));
  p = f4_add(f4_mul(f4_mul(p, z), t), t);
  return f4_or(f4_add(base, p), f4_sign(x));
}
#endif

}  // namespace actlab::math
