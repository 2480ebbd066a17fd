// vec4.hpp — the four-lane float vector the SIMD kernels are written in.
//
// One set of inline functions, two backends:
//   - wasm SIMD128 (wasm_simd128.h) in the Emscripten SIMD build;
//   - SSE2 on native x86-64, so the native build runs the very same SIMD
//     algorithm and tests can compare it with the scalar reference.
// Every function here is an exact IEEE operation (no approximate reciprocal,
// no FMA), so a kernel written with them gives bit-identical results on both
// backends and matches a scalar twin doing the same operations in order.
//
// min/max: f4_pmin(a, b) = (b < a) ? b : a and f4_pmax(a, b) = (a < b) ? b : a
// (wasm pmin/pmax semantics, one instruction on x86). With NaN in `a` they
// return a; with NaN only in `b` they return a too. The scalar twins are
// s_pmin / s_pmax below. Kernels that must propagate NaN put the input first.
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define ACTLAB_VEC4_WASM 1
#define ACTLAB_HAVE_VEC4 1
#elif defined(__SSE2__)
#include <emmintrin.h>
#define ACTLAB_VEC4_SSE2 1
#define ACTLAB_HAVE_VEC4 1
#else
#define ACTLAB_HAVE_VEC4 0
#endif

namespace actlab::vec {

// ----- scalar twins of the vector helpers (used by scalar references) -------
inline float s_pmin(float a, float b) { return (b < a) ? b : a; }
inline float s_pmax(float a, float b) { return (a < b) ? b : a; }
inline std::uint32_t s_bits(float x) {
  std::uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
inline float s_from_bits(std::uint32_t u) {
  float x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

#if ACTLAB_HAVE_VEC4
#if ACTLAB_VEC4_WASM
using f4 = v128_t;  // four floats
using i4 = v128_t;  // four int32 (also used for lane masks)

inline f4 f4_load(const float* p) { return wasm_v128_load(p); }
inline void f4_store(float* p, f4 v) { wasm_v128_store(p, v); }
inline f4 f4_splat(float x) { return wasm_f32x4_splat(x); }
inline f4 f4_add(f4 a, f4 b) { return wasm_f32x4_add(a, b); }
inline f4 f4_sub(f4 a, f4 b) { return wasm_f32x4_sub(a, b); }
inline f4 f4_mul(f4 a, f4 b) { return wasm_f32x4_mul(a, b); }
inline f4 f4_div(f4 a, f4 b) { return wasm_f32x4_div(a, b); }
inline f4 f4_sqrt(f4 a) { return wasm_f32x4_sqrt(a); }
inline f4 f4_pmin(f4 a, f4 b) { return wasm_f32x4_pmin(a, b); }
inline f4 f4_pmax(f4 a, f4 b) { return wasm_f32x4_pmax(a, b); }
// Lane masks: all ones where true.
inline f4 f4_lt(f4 a, f4 b) { return wasm_f32x4_lt(a, b); }
inline f4 f4_le(f4 a, f4 b) { return wasm_f32x4_le(a, b); }
inline f4 f4_gt(f4 a, f4 b) { return wasm_f32x4_gt(a, b); }
inline f4 f4_ge(f4 a, f4 b) { return wasm_f32x4_ge(a, b); }
inline f4 f4_eq(f4 a, f4 b) { return wasm_f32x4_eq(a, b); }
inline f4 f4_ne(f4 a, f4 b) { return wasm_f32x4_ne(a, b); }  // true for NaN lanes of a != a
inline f4 f4_and(f4 a, f4 b) { return wasm_v128_and(a, b); }
inline f4 f4_or(f4 a, f4 b) { return wasm_v128_or(a, b); }
inline f4 f4_xor(f4 a, f4 b) { return wasm_v128_xor(a, b); }
inline f4 f4_andnot(f4 a, f4 mask) { return wasm_v128_andnot(a, mask); }  // a & ~mask
// select(mask, a, b) = mask ? a : b, lane by lane.
inline f4 f4_select(f4 mask, f4 a, f4 b) { return wasm_v128_bitselect(a, b, mask); }
inline i4 i4_splat(std::int32_t x) { return wasm_i32x4_splat(x); }
inline i4 i4_add(i4 a, i4 b) { return wasm_i32x4_add(a, b); }
inline i4 i4_sub(i4 a, i4 b) { return wasm_i32x4_sub(a, b); }
inline i4 i4_shl(i4 a, int n) { return wasm_i32x4_shl(a, n); }
inline i4 i4_sra(i4 a, int n) { return wasm_i32x4_shr(a, n); }  // arithmetic: copies the sign bit
inline i4 i4_and(i4 a, i4 b) { return wasm_v128_and(a, b); }
inline i4 i4_from_f4_trunc(f4 a) { return wasm_i32x4_trunc_sat_f32x4(a); }  // integral inputs only
inline f4 f4_from_i4(i4 a) { return wasm_f32x4_convert_i32x4(a); }
inline f4 f4_bits(i4 a) { return a; }  // reinterpret
inline i4 i4_bits(f4 a) { return a; }
inline bool f4_any(f4 mask) { return wasm_v128_any_true(mask); }
// Four scalars into one vector (lane 0 = a), and one lane out.
inline f4 f4_make(float a, float b, float c, float d) { return wasm_f32x4_make(a, b, c, d); }
template <int lane>
inline float f4_lane(f4 v) { return wasm_f32x4_extract_lane(v, lane); }
// Lane moves (4×4 transposes): (a0 b0 a1 b1), (a2 b2 a3 b3), (a0 a1 b0 b1), (a2 a3 b2 b3).
inline f4 f4_interleave_low(f4 a, f4 b) { return wasm_i32x4_shuffle(a, b, 0, 4, 1, 5); }
inline f4 f4_interleave_high(f4 a, f4 b) { return wasm_i32x4_shuffle(a, b, 2, 6, 3, 7); }
inline f4 f4_low_halves(f4 a, f4 b) { return wasm_i32x4_shuffle(a, b, 0, 1, 4, 5); }
inline f4 f4_high_halves(f4 a, f4 b) { return wasm_i32x4_shuffle(a, b, 2, 3, 6, 7); }
// Two doubles, for sums kept in double (optimizer norms).
using d2 = v128_t;
inline d2 d2_splat(double x) { return wasm_f64x2_splat(x); }
inline d2 d2_from_f4_low(f4 a) { return wasm_f64x2_promote_low_f32x4(a); }  // lanes 0, 1
inline d2 d2_from_f4_high(f4 a) { return wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(a, a, 2, 3, 2, 3)); }
inline d2 d2_add(d2 a, d2 b) { return wasm_f64x2_add(a, b); }
inline d2 d2_sub(d2 a, d2 b) { return wasm_f64x2_sub(a, b); }
inline d2 d2_mul(d2 a, d2 b) { return wasm_f64x2_mul(a, b); }
inline double d2_lane0(d2 a) { return wasm_f64x2_extract_lane(a, 0); }
inline double d2_lane1(d2 a) { return wasm_f64x2_extract_lane(a, 1); }
#else  // SSE2
using f4 = __m128;
using i4 = __m128i;

inline f4 f4_load(const float* p) { return _mm_loadu_ps(p); }
inline void f4_store(float* p, f4 v) { _mm_storeu_ps(p, v); }
inline f4 f4_splat(float x) { return _mm_set1_ps(x); }
inline f4 f4_add(f4 a, f4 b) { return _mm_add_ps(a, b); }
inline f4 f4_sub(f4 a, f4 b) { return _mm_sub_ps(a, b); }
inline f4 f4_mul(f4 a, f4 b) { return _mm_mul_ps(a, b); }
inline f4 f4_div(f4 a, f4 b) { return _mm_div_ps(a, b); }
inline f4 f4_sqrt(f4 a) { return _mm_sqrt_ps(a); }
// _mm_min_ps(x, y) = x < y ? x : y, so pmin(a, b) = b < a ? b : a = _mm_min_ps(b, a).
inline f4 f4_pmin(f4 a, f4 b) { return _mm_min_ps(b, a); }
inline f4 f4_pmax(f4 a, f4 b) { return _mm_max_ps(b, a); }
inline f4 f4_lt(f4 a, f4 b) { return _mm_cmplt_ps(a, b); }
inline f4 f4_le(f4 a, f4 b) { return _mm_cmple_ps(a, b); }
inline f4 f4_gt(f4 a, f4 b) { return _mm_cmpgt_ps(a, b); }
inline f4 f4_ge(f4 a, f4 b) { return _mm_cmpge_ps(a, b); }
inline f4 f4_eq(f4 a, f4 b) { return _mm_cmpeq_ps(a, b); }
inline f4 f4_ne(f4 a, f4 b) { return _mm_cmpneq_ps(a, b); }
inline f4 f4_and(f4 a, f4 b) { return _mm_and_ps(a, b); }
inline f4 f4_or(f4 a, f4 b) { return _mm_or_ps(a, b); }
inline f4 f4_xor(f4 a, f4 b) { return _mm_xor_ps(a, b); }
inline f4 f4_andnot(f4 a, f4 mask) { return _mm_andnot_ps(mask, a); }
inline f4 f4_select(f4 mask, f4 a, f4 b) { return _mm_or_ps(_mm_and_ps(mask, a), _mm_andnot_ps(mask, b)); }
inline i4 i4_splat(std::int32_t x) { return _mm_set1_epi32(x); }
inline i4 i4_add(i4 a, i4 b) { return _mm_add_epi32(a, b); }
inline i4 i4_sub(i4 a, i4 b) { return _mm_sub_epi32(a, b); }
inline i4 i4_shl(i4 a, int n) { return _mm_slli_epi32(a, n); }
inline i4 i4_sra(i4 a, int n) { return _mm_srai_epi32(a, n); }
inline i4 i4_and(i4 a, i4 b) { return _mm_and_si128(a, b); }
inline i4 i4_from_f4_trunc(f4 a) { return _mm_cvttps_epi32(a); }
inline f4 f4_from_i4(i4 a) { return _mm_cvtepi32_ps(a); }
inline f4 f4_bits(i4 a) { return _mm_castsi128_ps(a); }
inline i4 i4_bits(f4 a) { return _mm_castps_si128(a); }
inline bool f4_any(f4 mask) { return _mm_movemask_ps(mask) != 0; }
inline f4 f4_make(float a, float b, float c, float d) { return _mm_setr_ps(a, b, c, d); }
template <int lane>
inline float f4_lane(f4 v) { return _mm_cvtss_f32(_mm_shuffle_ps(v, v, _MM_SHUFFLE(lane, lane, lane, lane))); }
inline f4 f4_interleave_low(f4 a, f4 b) { return _mm_unpacklo_ps(a, b); }
inline f4 f4_interleave_high(f4 a, f4 b) { return _mm_unpackhi_ps(a, b); }
inline f4 f4_low_halves(f4 a, f4 b) { return _mm_movelh_ps(a, b); }
inline f4 f4_high_halves(f4 a, f4 b) { return _mm_movehl_ps(b, a); }
using d2 = __m128d;
inline d2 d2_splat(double x) { return _mm_set1_pd(x); }
inline d2 d2_from_f4_low(f4 a) { return _mm_cvtps_pd(a); }
inline d2 d2_from_f4_high(f4 a) { return _mm_cvtps_pd(_mm_movehl_ps(a, a)); }
inline d2 d2_add(d2 a, d2 b) { return _mm_add_pd(a, b); }
inline d2 d2_sub(d2 a, d2 b) { return _mm_sub_pd(a, b); }
inline d2 d2_mul(d2 a, d2 b) { return _mm_mul_pd(a, b); }
inline double d2_lane0(d2 a) { return _mm_cvtsd_f64(a); }
inline double d2_lane1(d2 a) { return _mm_cvtsd_f64(_mm_unpackhi_pd(a, a)); }
#endif

// Transposes the 4×4 block whose rows are r0..r3 (rows become columns).
inline void f4_transpose(f4& r0, f4& r1, f4& r2, f4& r3) {
  const f4 t0 = f4_interleave_low(r0, r1), t1 = f4_interleave_low(r2, r3);
  const f4 t2 = f4_interleave_high(r0, r1), t3 = f4_interleave_high(r2, r3);
  r0 = f4_low_halves(t0, t1);
  r1 = f4_high_halves(t0, t1);
  r2 = f4_low_halves(t2, t3);
  r3 = f4_high_halves(t2, t3);
}

// Derived helpers, identical on both backends.
inline f4 f4_abs(f4 a) { return f4_and(a, f4_bits(i4_splat(0x7fffffff))); }
inline f4 f4_sign(f4 a) { return f4_and(a, f4_bits(i4_splat(static_cast<std::int32_t>(0x80000000u)))); }
inline f4 f4_neg(f4 a) { return f4_xor(a, f4_bits(i4_splat(static_cast<std::int32_t>(0x80000000u)))); }
inline f4 f4_isnan(f4 a) { return f4_ne(a, a); }
#endif  // ACTLAB_HAVE_VEC4

}  // namespace actlab::vec
