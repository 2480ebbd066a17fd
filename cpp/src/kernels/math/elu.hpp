// elu.hpp — the element maths of elu and selu (forward f and derivative f'),
// each as a scalar reference and a four-lane twin doing the same float
// operations in the same order, so the SIMD kernels and their scalar tails
// agree bit for bit.
//
// Both only need e^x − 1 (forward) and e^x (derivative) at x = min(z, 0),
// so they have their own exponentials, cheaper than exp.hpp's general ones
// (wasm SIMD runs these kernels at a speed set by their instruction count):
//   - one Cody–Waite step, t = x − n·fl(ln2). Where n = 0, t = x exactly.
//     Elsewhere the error of t (the rounding of n·fl(ln2), plus
//     n·(fl(ln2) − ln2); at most ~1e-6 at n = −26) scales e^x, which is
//     damped in e^x − 1 (e^x/(1 − e^x) ≤ 1 for n ≤ −1) and is far below the
//     derivatives' 6e-8 absolute tolerance where it is largest;
//   - 2^n straight from the bits of the magic-rounded n, with the exponent
//     bias 127 folded into the magic constant: one shift, no float→int
//     conversion (slow in wasm SIMD);
//   - e^x − 1 = 2^n·(t + t²·p(t)) − (1 − 2^n), p of degree 4 (expm1.hpp's
//     coefficients), relative accuracy down to subnormal z; x is clamped to
//     −18 (below −17.33 the result rounds to −1);
//   - e^x = 2^n·(1 + t·q(t)), q of degree 4, one degree less than exp.hpp's
//     exp polynomial: the derivatives' bound is 8 ULP; x is clamped to −88,
//     where 2^n's bits are 0, so e^−inf = 0.
// Selecting between the two sides: the four-lane forms combine
// arithmetically where that is exact, since a compare + bit-select costs
// four instructions in V8; the scalar twins select on the sign of z
// (cheap in scalar code, where V8 can then skip the unused side). Both
// give the same bits, z = ±0 and NaN included:
//   - elu, 0 < α ≤ 1: f = max(z, α·(e^x − 1)) (pmax). For z < 0 the float
//     α·(e^x − 1) ≥ z: where n = 0 it is t + t²p ≥ t = z before α ≤ 1
//     shrinks it, elsewhere it is ≥ −1 and well above z. So z ≥ 0 only
//     needs e^x − 1 ≤ z, and x comes from one integer min that also maps
//     z ≥ 0 to −18 (elu_expm1_arg_negative_side_f4);
//   - elu, α > 1, and selu: f = λ·max(z, 0) − λα·(1 − e^x), where one term
//     is zero, and the subtraction keeps f(−0) = −0;
//   - derivatives: e^min(z, 0) is exactly 1 for z ≥ 0, so α = 1 needs no
//     selection; α < 1 takes max(α·e, [z > 0]) and α > 1 takes
//     α·e − [z > 0]·(α − 1), both exact (α − 1 is exact for α ≥ 1/2).
// NaN in gives NaN out: the clamps are pmin/pmax with the input first, and
// where the integer min turns NaN into −18, the final max takes z first.
// Accuracy, measured over all floats in [−100, 0] (elu with α = 1 and
// selu) or every third one (other α); for z > 0 the results are z, λ·z, 1
// and λ, correctly rounded: forward ≤ 1.04 ULP (elu), 1.95 (α = 0.99),
// 1.65 (α = 0.01 and 10), 1.92 (selu); derivative, where its error exceeds
// 6e-8, ≤ 2.11 ULP (elu), 2.58 (α = 1.01), 3.19 (α = 10), 3.27 (selu).
#pragma once

#include <cstdint>

#include "kernels/math/exp.hpp"    // exp_consts::kLog2e
#include "kernels/math/expm1.hpp"  // kPow2MagicBias; expm1_consts: the polynomial of (e^t − 1 − t)/t²
#include "kernels/vec4.hpp"

namespace actlab::math {

namespace elu_consts {
inline constexpr float kSeluScale = 0x1.0cfabep+0f;              // 1.0507009873554804934 (λ)
inline constexpr float kSeluAlphaScale = 0x1.c212ccp+0f;         // λ·α = 1.7580993408473766
inline constexpr float kSeluGap = kSeluAlphaScale - kSeluScale;  // exact, and λα − gap = λ exactly
inline constexpr float kMagicBias = kPow2MagicBias;  // 1.5·2^23 + 127: rounds, and biases n for 2^n
inline constexpr float kLn2 = 0x1.62E430p-1f;        // ln2 rounded to float
inline constexpr float kExpm1Lo = -18.0f;            // e^x − 1 rounds to −1 below −17.33
inline constexpr float kExpLo = -88.0f;              // n = −127: 2^n's bits are 0, so e^x = 0
// e^t ≈ 1 + t·q(t), q = kQ0 + kQ1·t + ... + kQ4·t⁴ on [−ln2/2, ln2/2]
// (fitted for relative error, ≤ 1.6·2^-24 before rounding).
inline constexpr float kQ4 = 0x1.0fa77cp-7f;
inline constexpr float kQ3 = 0x1.573b4cp-5f;
inline constexpr float kQ2 = 0x1.555a70p-3f;
inline constexpr float kQ1 = 0x1.fffdc2p-2f;
inline constexpr float kQ0 = 0x1.fffff6p-1f;
}  // namespace elu_consts

// ========================================================== scalar twins ===

// x = n·ln2 + t with n = round(x·log2e), for −88 ≤ x ≤ 0; scale = 2^n.
struct EluReduction {
  float t, scale;
};
inline EluReduction elu_reduce_f32(float x) {
  using namespace elu_consts;
  float n_biased = x * exp_consts::kLog2e + kMagicBias;  // low mantissa bits: n + 127
  float n = n_biased - kMagicBias;
  return {x - n * kLn2, vec::s_from_bits(vec::s_bits(n_biased) << 23)};
}

// The argument of e^x − 1: x = min(z, 0) clamped to −18 (NaN stays in x).
inline float elu_expm1_arg_f32(float z) { return vec::s_pmax(vec::s_pmin(z, 0.0f), elu_consts::kExpm1Lo); }

// e^x − 1 for x ∈ [−18, 0], as the two parts r = 2^n·(t + t²·p(t)) and
// 1 − 2^n (exact for n ≥ −24): e^x − 1 = r − (1 − 2^n). The callers
// subtract in the order that gives f(−0) = −0.
struct EluExpm1Parts {
  float r, one_minus_scale;
};
inline EluExpm1Parts elu_expm1_parts_f32(float x) {
  using namespace expm1_consts;
  const auto [t, scale] = elu_reduce_f32(x);
  float p = kC6 * t + kC5;
  p = p * t + kC4;
  p = p * t + kC3;
  p = p * t + kC2;
  float ts = t * scale;
  return {(p * t) * ts + ts, 1.0f - scale};
}

// e^x for x = min(z, 0) (NaN stays in x).
inline float elu_exp_f32(float x) {
  using namespace elu_consts;
  x = vec::s_pmax(x, kExpLo);
  const auto [t, scale] = elu_reduce_f32(x);
  float q = kQ4 * t + kQ3;
  q = q * t + kQ2;
  q = q * t + kQ1;
  q = q * t + kQ0;
  return (t * scale) * q + scale;
}

// elu(z) = z > 0 ? z : α·(e^z − 1). The scalar twins select on the sign of
// z, the four-lane ones combine arithmetically (see the top of this file);
// both give the same bits, z = ±0 and NaN included. Three forms by α, picked
// once per call by the kernels.
inline float elu_alpha1_f32(float z) {
  const auto [r, one_minus_scale] = elu_expm1_parts_f32(elu_expm1_arg_f32(z));
  return z >= 0.0f ? z : r - one_minus_scale;
}
inline float elu_alpha_le1_f32(float z, float alpha) {
  const auto [r, one_minus_scale] = elu_expm1_parts_f32(elu_expm1_arg_f32(z));
  return z >= 0.0f ? z : alpha * (r - one_minus_scale);
}
inline float elu_alpha_gt1_f32(float z, float alpha) {
  const auto [r, one_minus_scale] = elu_expm1_parts_f32(elu_expm1_arg_f32(z));
  return z >= 0.0f ? z : 0.0f - alpha * (one_minus_scale - r);
}

// elu'(z) = z > 0 ? 1 : α·e^z (α at z = 0, PyTorch's side).
inline float elu_derivative_alpha1_f32(float z) {
  float e = elu_exp_f32(vec::s_pmin(z, 0.0f));
  return z > 0.0f ? 1.0f : e;
}
inline float elu_derivative_f32(float z, float alpha) {
  float e = elu_exp_f32(vec::s_pmin(z, 0.0f));
  return z > 0.0f ? 1.0f : alpha * e;
}

// selu(z) = λ·(z > 0 ? z : α·(e^z − 1)).
inline float selu_f32(float z) {
  using namespace elu_consts;
  const auto [r, one_minus_scale] = elu_expm1_parts_f32(elu_expm1_arg_f32(z));
  return z >= 0.0f ? kSeluScale * z : 0.0f - kSeluAlphaScale * (one_minus_scale - r);
}
// selu'(z) = z > 0 ? λ : λα·e^z.
inline float selu_derivative_f32(float z) {
  using namespace elu_consts;
  float e = elu_exp_f32(vec::s_pmin(z, 0.0f));
  return z > 0.0f ? kSeluScale : kSeluAlphaScale * e;
}

#if ACTLAB_HAVE_VEC4
// ============================================================ four lanes ===

struct EluReduction4 {
  vec::f4 t, scale;
};
inline EluReduction4 elu_reduce_f4(vec::f4 x) {
  using namespace elu_consts;
  using namespace vec;
  const f4 magic = f4_splat(kMagicBias);
  f4 n_biased = f4_add(f4_mul(x, f4_splat(exp_consts::kLog2e)), magic);
  f4 n = f4_sub(n_biased, magic);
  return {f4_sub(x, f4_mul(n, f4_splat(kLn2))), f4_bits(i4_shl(i4_bits(n_biased), 23))};
}

inline vec::f4 elu_expm1_arg_f4(vec::f4 z) {
  using namespace vec;
  return f4_pmax(f4_pmin(z, f4_splat(0.0f)), f4_splat(elu_consts::kExpm1Lo));
}

// The argument of e^x − 1 in one instruction, where only z < 0 needs e^x − 1
// (elu with α ≤ 1): the signed-int32 minimum of the bits of z and of −18.
// Floats with the sign bit set are negative ints that grow with |z|, so
// z ∈ [−18, −0] stays z, and z < −18, −inf and negative NaNs become −18.
// Floats with the sign bit clear (+0, positives, +inf, NaNs) are
// non-negative ints and become −18 too, where e^x − 1 ≈ −1, so that
// max(z, α·(e^x − 1)) is z (NaN for NaN, which pmax takes from z). The
// scalar twins use elu_expm1_arg_f32 and select z for z ≥ 0: the same
// results.
inline vec::f4 elu_expm1_arg_negative_side_f4(vec::f4 z) {
  const vec::f4 lo = vec::f4_splat(elu_consts::kExpm1Lo);
#if ACTLAB_VEC4_WASM
  return wasm_i32x4_min(z, lo);
#else  // SSE2 has no pminsd
  const vec::i4 z_greater = _mm_cmpgt_epi32(vec::i4_bits(z), vec::i4_bits(lo));
  return vec::f4_select(vec::f4_bits(z_greater), lo, z);
#endif
}

struct EluExpm1Parts4 {
  vec::f4 r, one_minus_scale;
};
inline EluExpm1Parts4 elu_expm1_parts_f4(vec::f4 x) {
  using namespace expm1_consts;
  using namespace vec;
  const auto [t, scale] = elu_reduce_f4(x);
  f4 p = f4_add(f4_mul(f4_splat(kC6), t), f4_splat(kC5));
  p = f4_add(f4_mul(p, t), f4_splat(kC4));
  p = f4_add(f4_mul(p, t), f4_splat(kC3));
  p = f4_add(f4_mul(p, t), f4_splat(kC2));
  f4 ts = f4_mul(t, scale);
  return {f4_add(f4_mul(f4_mul(p, t), ts), ts), f4_sub(f4_splat(1.0f), scale)};
}

inline vec::f4 elu_exp_f4(vec::f4 x) {
  using namespace elu_consts;
  using namespace vec;
  x = f4_pmax(x, f4_splat(kExpLo));
  const auto [t, scale] = elu_reduce_f4(x);
  f4 q = f4_add(f4_mul(f4_splat(kQ4), t), f4_splat(kQ3));
  q = f4_add(f4_mul(q, t), f4_splat(kQ2));
  q = f4_add(f4_mul(q, t), f4_splat(kQ1));
  q = f4_add(f4_mul(q, t), f4_splat(kQ0));
  return f4_add(f4_mul(f4_mul(t, scale), q), scale);
}

inline vec::f4 elu_alpha1_f4(vec::f4 z) {
  using namespace vec;
  const auto [r, one_minus_scale] = elu_expm1_parts_f4(elu_expm1_arg_negative_side_f4(z));
  return f4_pmax(z, f4_sub(r, one_minus_scale));
}
inline vec::f4 elu_alpha_le1_f4(vec::f4 z, vec::f4 alpha) {
  using namespace vec;
  const auto [r, one_minus_scale] = elu_expm1_parts_f4(elu_expm1_arg_negative_side_f4(z));
  return f4_pmax(z, f4_mul(alpha, f4_sub(r, one_minus_scale)));
}
inline vec::f4 elu_alpha_gt1_f4(vec::f4 z, vec::f4 alpha) {
  using namespace vec;
  const auto [r, one_minus_scale] = elu_expm1_parts_f4(elu_expm1_arg_f4(z));
  return f4_sub(f4_pmax(z, f4_splat(0.0f)), f4_mul(alpha, f4_sub(one_minus_scale, r)));
}

inline vec::f4 elu_derivative_alpha1_f4(vec::f4 z) {
  return elu_exp_f4(vec::f4_pmin(z, vec::f4_splat(0.0f)));
}
inline vec::f4 elu_derivative_alpha_le1_f4(vec::f4 z, vec::f4 alpha) {
  using namespace vec;
  const f4 zero = f4_splat(0.0f);
  f4 e = elu_exp_f4(f4_pmin(z, zero));
  return f4_pmax(f4_mul(alpha, e), f4_and(f4_gt(z, zero), f4_splat(1.0f)));
}
inline vec::f4 elu_derivative_alpha_gt1_f4(vec::f4 z, vec::f4 alpha, vec::f4 alpha_minus_one) {
  using namespace vec;
  const f4 zero = f4_splat(0.0f);
  f4 e = elu_exp_f4(f4_pmin(z, zero));
  return f4_sub(f4_mul(alpha, e), f4_and(f4_gt(z, zero), alpha_minus_one));
}

inline vec::f4 selu_f4(vec::f4 z) {
  using namespace elu_consts;
  using namespace vec;
  const auto [r, one_minus_scale] = elu_expm1_parts_f4(elu_expm1_arg_f4(z));
  return f4_sub(f4_mul(f4_splat(kSeluScale), f4_pmax(z, f4_splat(0.0f))),
                f4_mul(f4_splat(kSeluAlphaScale), f4_sub(one_minus_scale, r)));
}
inline vec::f4 selu_derivative_f4(vec::f4 z) {
  using namespace elu_consts;
  using namespace vec;
  const f4 zero = f4_splat(0.0f);
  f4 e = elu_exp_f4(f4_pmin(z, zero));
  return f4_sub(f4_mul(f4_splat(kSeluAlphaScale), e), f4_and(f4_gt(z, zero), f4_splat(kSeluGap)));
}
#endif  // ACTLAB_HAVE_VEC4

}  // namespace actlab::math
