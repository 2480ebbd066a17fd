// exp_family.hpp — the element maths of sigmoid, silu and softplus
// (forward f and derivative f'; elu and selu have their own elu.hpp, mish
// its own mish.hpp), each as
// a scalar reference and a four-lane twin doing the same float operations in
// the same order, so the SIMD kernels and their scalar tails agree bit for
// bit.
//
// Semantics are PyTorch's (see actlab/activations.hpp); the numerical
// choices, and why:
//   - no overflow for any finite input: exp arguments are −|z| or clamped,
//     and +inf/−inf reach their limits through the same operations
//     (sigmoid(−1e4) = 0/(1 + 0) = 0);
//   - sigmoid (and its derivative) only needs e^x for x ≤ 0,
//     so it uses exp_nonpositive.hpp's exp_nonpositive: 2^n is
//     built from the magic-rounded bits, with no float→int conversion (slow
//     in wasm SIMD) and no two-factor scaling. Below x = −87.68 these flush
//     to 0 (or −1), where the exact results are below FLT_MIN (forward) or
//     far below the 6e-8 absolute tolerance (derivatives);
//   - σ and 1 − σ both come from e = e^−|z| (r = 1/(1 + e), e·r), never as
//     1 − σ, which would cancel;
//   - results like silu(−90) = −7e−38 are normal although e^−90 is not, so
//     silu and softplus use exp_scaled (e^x·2^64) and undo the scale by one
//     multiplication at the end;
//   - softplus with β ≠ 1 needs β·z beyond float precision (the rounding of
//     the product, amplified by e^x, would cost up to ~40 ULP at βz = −87):
//     the product is split exactly into hi + lo (Dekker) and lo enters exp's
//     reduced argument.
// Clamping uses pmin/pmax with the input first, so NaN in gives NaN out.
#pragma once

#include <cstdint>

#include "kernels/math/exp.hpp"
#include "kernels/math/exp_scaled.hpp"
#include "kernels/math/expm1.hpp"
#include "kernels/math/log1p.hpp"
#include "kernels/math/exp_nonpositive.hpp"
#include "kernels/vec4.hpp"

namespace actlab::math {

namespace exp_family_consts {
inline constexpr float kZMin = -200.0f;         // below it silu and its derivative are ±0 in float
inline constexpr float kZMax = 200.0f;          // above it silu' is 1 in float
inline constexpr float kSoftplusTiny = -20.0f;  // below: log(1 + e^x) = e^x in float
inline constexpr float kSoftplusZClamp = 3e4f;  // |β·z| ≥ 300 beyond it, for every β ≥ 0.01
inline constexpr float kDekkerSplit = 4097.0f;  // 2^12 + 1: splits a float into two 12-bit halves
inline constexpr std::uint32_t kSignBit = 0x80000000u;
}  // namespace exp_family_consts

// Softplus parameters prepared once per call: β split into 12-bit halves
// for the exact product β·z.
struct SoftplusParams {
  float beta;
  float beta_hi;
  float beta_lo;
  float threshold;
};

inline SoftplusParams make_softplus_params(float beta, float threshold) {
  float c = exp_family_consts::kDekkerSplit * beta;
  float beta_hi = c - (c - beta);
  return {beta, beta_hi, beta - beta_hi, threshold};
}

// ========================================================== scalar twins ===

namespace detail {
inline float minus_abs(float z) { return vec::s_from_bits(vec::s_bits(z) | exp_family_consts::kSignBit); }
}  // namespace detail

// σ(z) = 1/(1 + e) for z ≥ 0 and e/(1 + e) for z < 0, e = e^−|z|.
inline float sigmoid_f32(float z) {
  float e = exp_nonpositive_f32(detail::minus_abs(z));
  return (z < 0.0f ? e : 1.0f) / (1.0f + e);
}

// σ'(z) = e / (1 + e)², e = e^−|z| (symmetric, no 1 − σ).
inline float sigmoid_derivative_f32(float z) {
  float e = exp_nonpositive_f32(detail::minus_abs(z));
  float d = 1.0f + e;
  return e / (d * d);
}

// silu(z) = z/(1 + e) for z ≥ 0 and z·e/(1 + e) for z < 0, e = e^−|z|,
// with e carried as e·2^64 until the last multiplication. 1/(1 + e) is
// computed as 1 − e/(1 + e), so the rounding of 1 + e only touches the
// small term.
inline float silu_f32(float z) {
  using namespace exp_family_consts;
  float e_scaled = exp_scaled_f32(detail::minus_abs(z), 0.0f);
  float e = e_scaled * kExpUnscale;
  float sigma_abs = 1.0f - e / (1.0f + e);  // σ(|z|)
  bool negative = z < 0.0f;
  float numerator = negative ? vec::s_pmax(z, kZMin) * e_scaled : z;
  float unscale = negative ? kExpUnscale : 1.0f;
  return (numerator * sigma_abs) * unscale;
}

// silu'(z) = σ(z)·(1 + z·(1 − σ(z))).
inline float silu_derivative_f32(float z) {
  using namespace exp_family_consts;
  float e = exp_f32(detail::minus_abs(z));
  float r = 1.0f / (1.0f + e);  // σ(|z|)
  float q = e * r;              // σ(−|z|) = 1 − σ(|z|)
  bool nonnegative = z >= 0.0f;
  float sigma = nonnegative ? r : q;
  float one_minus_sigma = nonnegative ? q : r;
  float zc = vec::s_pmin(vec::s_pmax(z, kZMin), kZMax);  // inf·0 would be NaN
  return sigma * (1.0f + zc * one_minus_sigma);
}

// softplus with β = 1: z > threshold ? z : max(z, 0) + log1p(e^−|z|).
inline float softplus_beta1_f32(float z, float threshold) {
  float l = log1p_unit_f32(exp_f32(detail::minus_abs(z)));
  float smooth = vec::s_pmax(z, 0.0f) + l;
  return z > threshold ? z : smooth;
}

// softplus, any β: β·z > threshold (float product, as PyTorch) ? z :
// (max(x, 0) + log1p(e^−|x|))/β with x = β·z = x_hi + x_lo exactly.
inline float softplus_f32(float z, const SoftplusParams& p) {
  using namespace exp_family_consts;
  bool linear = z * p.beta > p.threshold;
  float zc = vec::s_pmin(vec::s_pmax(z, -kSoftplusZClamp), kSoftplusZClamp);  // keeps the split finite
  float x = zc * p.beta;
  float split = kDekkerSplit * zc;
  float z_hi = split - (split - zc);
  float z_lo = zc - z_hi;
  float x_lo = ((z_hi * p.beta_hi - x) + z_hi * p.beta_lo + z_lo * p.beta_hi) + z_lo * p.beta_lo;
  // −|x| = −x_hi − x_lo where x > 0, x_hi + x_lo where x < 0.
  float lo_of_minus_abs = vec::s_from_bits(vec::s_bits(x_lo) ^ (~vec::s_bits(x) & kSignBit));
  float u_scaled = exp_scaled_f32(detail::minus_abs(x), lo_of_minus_abs);
  float l = log1p_unit_f32(u_scaled * kExpUnscale);
  bool positive = x > 0.0f;
  float x_pos = positive ? x : 0.0f;
  float x_lo_pos = positive ? x_lo : 0.0f;
  float smooth = (x_pos + (x_lo_pos + l)) / p.beta;
  float tiny = (u_scaled / p.beta) * kExpUnscale;  // normal even where e^x is not (β < 1)
  float curve = x < kSoftplusTiny ? tiny : smooth;
  return linear ? z : curve;
}

// softplus'(z) = β·z > threshold ? 1 : σ(β·z).
inline float softplus_derivative_f32(float z, float beta, float threshold) {
  float x = z * beta;
  float sigma = 1.0f / (1.0f + exp_f32(-x));
  return x > threshold ? 1.0f : sigma;
}

#if ACTLAB_HAVE_VEC4
// ============================================================ four lanes ===

namespace detail {
inline vec::f4 minus_abs_f4(vec::f4 z) {
  return vec::f4_or(z, vec::f4_bits(vec::i4_splat(static_cast<std::int32_t>(exp_family_consts::kSignBit))));
}
}  // namespace detail

inline vec::f4 sigmoid_f4(vec::f4 z) {
  using namespace vec;
  const f4 one = f4_splat(1.0f);
  f4 e = exp_nonpositive_f4(detail::minus_abs_f4(z));
  return f4_div(f4_select(f4_lt(z, f4_splat(0.0f)), e, one), f4_add(one, e));
}

inline vec::f4 sigmoid_derivative_f4(vec::f4 z) {
  using namespace vec;
  f4 e = exp_nonpositive_f4(detail::minus_abs_f4(z));
  f4 d = f4_add(f4_splat(1.0f), e);
  return f4_div(e, f4_mul(d, d));
}

inline vec::f4 silu_f4(vec::f4 z) {
  using namespace exp_family_consts;
  using namespace vec;
  const f4 one = f4_splat(1.0f);
  const f4 unscale_const = f4_splat(kExpUnscale);
  f4 e_scaled = exp_scaled_f4(detail::minus_abs_f4(z), f4_splat(0.0f));
  f4 e = f4_mul(e_scaled, unscale_const);
  f4 sigma_abs = f4_sub(one, f4_div(e, f4_add(one, e)));
  f4 negative = f4_lt(z, f4_splat(0.0f));
  f4 numerator = f4_select(negative, f4_mul(f4_pmax(z, f4_splat(kZMin)), e_scaled), z);
  f4 unscale = f4_select(negative, unscale_const, one);
  return f4_mul(f4_mul(numerator, sigma_abs), unscale);
}

inline vec::f4 silu_derivative_f4(vec::f4 z) {
  using namespace exp_family_consts;
  using namespace vec;
  const f4 one = f4_splat(1.0f);
  f4 e = exp_f4(detail::minus_abs_f4(z));
  f4 r = f4_div(one, f4_add(one, e));
  f4 q = f4_mul(e, r);
  f4 nonnegative = f4_ge(z, f4_splat(0.0f));
  f4 sigma = f4_select(nonnegative, r, q);
  f4 one_minus_sigma = f4_select(nonnegative, q, r);
  f4 zc = f4_pmin(f4_pmax(z, f4_splat(kZMin)), f4_splat(kZMax));
  return f4_mul(sigma, f4_add(one, f4_mul(zc, one_minus_sigma)));
}

inline vec::f4 softplus_beta1_f4(vec::f4 z, vec::f4 threshold) {
  using namespace vec;
  f4 l = log1p_unit_f4(exp_f4(detail::minus_abs_f4(z)));
  f4 smooth = f4_add(f4_pmax(z, f4_splat(0.0f)), l);
  return f4_select(f4_gt(z, threshold), z, smooth);
}

// SoftplusParams splatted once per call.
struct SoftplusParams4 {
  vec::f4 beta;
  vec::f4 beta_hi;
  vec::f4 beta_lo;
  vec::f4 threshold;
};
inline SoftplusParams4 splat_softplus_params(const SoftplusParams& p) {
  return {vec::f4_splat(p.beta), vec::f4_splat(p.beta_hi), vec::f4_splat(p.beta_lo),
          vec::f4_splat(p.threshold)};
}

inline vec::f4 softplus_f4(vec::f4 z, const SoftplusParams4& p) {
  using namespace exp_family_consts;
  using namespace vec;
  const f4 zero = f4_splat(0.0f);
  const f4 unscale = f4_splat(kExpUnscale);
  f4 linear = f4_gt(f4_mul(z, p.beta), p.threshold);
  f4 zc = f4_pmin(f4_pmax(z, f4_splat(-kSoftplusZClamp)), f4_splat(kSoftplusZClamp));
  f4 x = f4_mul(zc, p.beta);
  f4 split = f4_mul(f4_splat(kDekkerSplit), zc);
  f4 z_hi = f4_sub(split, f4_sub(split, zc));
  f4 z_lo = f4_sub(zc, z_hi);
  f4 x_lo = f4_add(
      f4_add(f4_add(f4_sub(f4_mul(z_hi, p.beta_hi), x), f4_mul(z_hi, p.beta_lo)), f4_mul(z_lo, p.beta_hi)),
      f4_mul(z_lo, p.beta_lo));
  const f4 sign_bit = f4_bits(i4_splat(static_cast<std::int32_t>(kSignBit)));
  f4 lo_of_minus_abs = f4_xor(x_lo, f4_andnot(sign_bit, x));
  f4 u_scaled = exp_scaled_f4(detail::minus_abs_f4(x), lo_of_minus_abs);
  f4 l = log1p_unit_f4(f4_mul(u_scaled, unscale));
  f4 positive = f4_gt(x, zero);
  f4 x_pos = f4_and(positive, x);
  f4 x_lo_pos = f4_and(positive, x_lo);
  f4 smooth = f4_div(f4_add(x_pos, f4_add(x_lo_pos, l)), p.beta);
  f4 tiny = f4_mul(f4_div(u_scaled, p.beta), unscale);
  f4 curve = f4_select(f4_lt(x, f4_splat(kSoftplusTiny)), tiny, smooth);
  return f4_select(linear, z, curve);
}

inline vec::f4 softplus_derivative_f4(vec::f4 z, vec::f4 beta, vec::f4 threshold) {
  using namespace vec;
  const f4 one = f4_splat(1.0f);
  f4 x = f4_mul(z, beta);
  f4 sigma = f4_div(one, f4_add(one, exp_f4(f4_neg(x))));
  return f4_select(f4_gt(x, threshold), one, sigma);
}

#endif  // ACTLAB_HAVE_VEC4

}  // namespace actlab::math
