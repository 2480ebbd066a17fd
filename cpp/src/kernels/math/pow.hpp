// pow.hpp — x^y in float for any x and y, scalar and four-lane twins doing
// the same operations in the same order, following C's pow (and PyTorch's)
// for the special cases. The formula compiler uses it when the exponent is
// not a small integer constant (those become multiplications, powi_f32).
//
// |x|^y = e^(y·log|x|) (log.hpp, exp.hpp): the rounding of y·log|x| costs
// a relative error of about |y·log|x||·2^-24 (≤ 5e-6 where the result is a
// normal float). The sign: for x < 0 (or −0) and integer y the result is
// negated when y is odd; x < 0 and non-integer y give NaN. y is an integer
// when |y| ≥ 2^23 or (|y| + 2^23) − 2^23 = |y|, and odd when also y/2 is not.
// Then pow(x, ±0) = 1 and pow(1, y) = 1, even for NaN, as in C.
#pragma once

#include <cstdint>

#include "kernels/math/exp.hpp"
#include "kernels/math/log.hpp"
#include "kernels/vec4.hpp"

namespace actlab::math {

namespace pow_consts {
inline constexpr float kTwo23 = 0x1p23f;
inline constexpr std::uint32_t kSignBit = 0x80000000u;
inline constexpr std::uint32_t kQuietNaNBits = 0x7fc00000u;
}  // namespace pow_consts

// ----------------------------------------------------------------- scalar ---
inline bool is_integral_magnitude_f32(float a) {
  using namespace pow_consts;
  return a >= kTwo23 || (a + kTwo23) - kTwo23 == a;
}

inline float pow_f32(float x, float y) {
  using namespace pow_consts;
  const float ax = vec::s_from_bits(vec::s_bits(x) & ~kSignBit);
  const float e = exp_f32(y * log_f32(ax));
  const float ay = vec::s_from_bits(vec::s_bits(y) & ~kSignBit);
  const bool integral = is_integral_magnitude_f32(ay);
  const bool odd = integral && !is_integral_magnitude_f32(ay * 0.5f);
  const bool negative_base = (vec::s_bits(x) & kSignBit) != 0;
  const float negated = vec::s_from_bits(vec::s_bits(e) ^ kSignBit);
  const float for_negative = integral ? (odd ? negated : e) : vec::s_from_bits(kQuietNaNBits);
  const float r = negative_base ? for_negative : e;
  return (y == 0.0f || x == 1.0f) ? 1.0f : r;
}

// x^n for an integer n fixed when the formula is compiled: binary
// exponentiation, the same multiplications in the same order for every
// element; 1/x^|n| for negative n.
inline float powi_f32(float x, int n) {
  unsigned m = n < 0 ? static_cast<unsigned>(-n) : static_cast<unsigned>(n);
  float result = 1.0f, base = x;
  bool first = true;
  while (m != 0) {
    if (m & 1u) {
      result = first ? base : result * base;
      first = false;
    }
    m >>= 1;
    if (m != 0) base = base * base;
  }
  return n < 0 ? 1.0f / result : result;
}

#if ACTLAB_HAVE_VEC4
// ----------------------------------------------------------- four lanes ---
inline vec::f4 is_integral_magnitude_f4(vec::f4 a) {
  using namespace pow_consts;
  using namespace vec;
  const f4 two23 = f4_splat(kTwo23);
  return f4_or(f4_ge(a, two23), f4_eq(f4_sub(f4_add(a, two23), two23), a));
}

inline vec::f4 pow_f4(vec::f4 x, vec::f4 y) {
  using namespace pow_consts;
  using namespace vec;
  const f4 e = exp_f4(f4_mul(y, log_f4(f4_abs(x))));
  const f4 ay = f4_abs(y);
  const f4 integral = is_integral_magnitude_f4(ay);
  const f4 odd = f4_andnot(integral, is_integral_magnitude_f4(f4_mul(ay, f4_splat(0.5f))));
  const f4 negative_base = f4_bits(i4_sra(i4_bits(x), 31));
  const f4 nan = f4_bits(i4_splat(static_cast<std::int32_t>(kQuietNaNBits)));
  const f4 for_negative = f4_select(integral, f4_select(odd, f4_neg(e), e), nan);
  const f4 r = f4_select(negative_base, for_negative, e);
  const f4 one = f4_splat(1.0f);
  return f4_select(f4_or(f4_eq(y, f4_splat(0.0f)), f4_eq(x, one)), one, r);
}

inline vec::f4 powi_f4(vec::f4 x, int n) {
  using namespace vec;
  unsigned m = n < 0 ? static_cast<unsigned>(-n) : static_cast<unsigned>(n);
  f4 result = f4_splat(1.0f), base = x;
  bool first = true;
  while (m != 0) {
    if (m & 1u) {
      result = first ? base : f4_mul(result, base);
      first = false;
    }
    m >>= 1;
    if (m != 0) base = f4_mul(base, base);
  }
  return n < 0 ? f4_div(f4_splat(1.0f), result) : result;
}
#endif

}  // namespace actlab::math
