// exp_nonpositive.hpp — e^x and e^x − 1 for x ≤ 0, scalar and four-lane
// twins: the cheap exponentials used by tanh and sigmoid, which only ever
// need a non-positive argument (e^(−2|z|), e^(−|z|)). They share exp.hpp's
// reduction and polynomial but build 2^n in one step. (elu and selu have
// their own, cheaper variants in elu.hpp: their bounds allow a one-step
// reduction.)
#pragma once

#include <cstdint>

#include "kernels/math/exp.hpp"
#include "kernels/vec4.hpp"

namespace actlab::math {

inline constexpr float kExpNonpositiveLo = -88.0f;  // rounds to n = −127: 2^n's bits are 0, so e = 0

// e^x for x ≤ 0, flushed to 0 where e^x < 2^-126 (x < −87.68): exp_f32's
// reduction and polynomial, but 2^n is built straight from the bits of the
// magic-rounded n (n ≥ −127, so one scale suffices and no float→int
// conversion is needed, which is slow in wasm SIMD); n = −127 gives the bit
// pattern 0, i.e. e = 0, and x is clamped to −88 so n never goes below.
// The callers only use e through forms like 1 ± e, 4e/(1 + e)² and e/(1 + e),
// where e < 2^-126 no longer matters (the derivatives there are far below
// their 6e-8 absolute tolerance), and tanh'(±inf) comes out exactly 0.
// The shared steps of both functions: e^x = scale·(1 + t·q), scale = 2^n.
struct NonpositiveParts {
  float t, q, scale;
};
inline NonpositiveParts exp_nonpositive_parts_f32(float x) {
  x = vec::s_pmax(x, kExpNonpositiveLo);  // NaN stays in x
  const auto [n_magic, n, t] = exp_reduce_f32(x);
  return {t, exp_poly_f32(t), pow2_from_n_magic_f32(n_magic)};
}

inline float exp_nonpositive_f32(float x) {
  const auto [t, q, scale] = exp_nonpositive_parts_f32(x);
  return (t * scale) * q + scale;
}

// e^x − 1 for x ≤ 0 (x clamped to −88, where it is −1): the same reduction,
// then 2^n·(t·q) + (2^n − 1). For |x| < ln2/2, n = 0 and this is t·q with
// t = x exactly, so it keeps relative accuracy down to subnormal x;
// otherwise 2^n − 1 is exact and the sum is at least 0.29 in magnitude.
inline float expm1_nonpositive_f32(float x) {
  const auto [t, q, scale] = exp_nonpositive_parts_f32(x);
  return scale * (t * q) + (scale - 1.0f);
}

#if ACTLAB_HAVE_VEC4
// Four-lane twins.
struct NonpositiveParts4 {
  vec::f4 t, q, scale;
};
inline NonpositiveParts4 exp_nonpositive_parts_f4(vec::f4 x) {
  using namespace vec;
  x = f4_pmax(x, f4_splat(kExpNonpositiveLo));
  const auto [n_magic, n, t] = exp_reduce_f4(x);
  return {t, exp_poly_f4(t), pow2_from_n_magic_f4(n_magic)};
}

inline vec::f4 exp_nonpositive_f4(vec::f4 x) {
  using namespace vec;
  const auto [t, q, scale] = exp_nonpositive_parts_f4(x);
  return f4_add(f4_mul(f4_mul(t, scale), q), scale);
}

inline vec::f4 expm1_nonpositive_f4(vec::f4 x) {
  using namespace vec;
  const auto [t, q, scale] = exp_nonpositive_parts_f4(x);
  return f4_add(f4_mul(scale, f4_mul(t, q)), f4_sub(scale, f4_splat(1.0f)));
}
#endif

}  // namespace actlab::math
