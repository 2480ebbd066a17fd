// formula/ops.hpp — the element functions of every formula operation, each
// as a scalar reference s() and a four-lane twin v() doing the same float
// operations in the same order (the maths is in kernels/math/*.hpp). The
// program interpreter (program.cpp) runs them over blocks; constant folding
// (expr.cpp) calls the scalar ones, so a folded constant has exactly the
// bits the program would have computed.
//
// Conventions where IEEE or PyTorch leave a choice:
//   - min and max propagate NaN from either operand; otherwise they are
//     pmin/pmax (on a tie of −0 and +0 they return the first operand);
//   - sign(±0) = +0, sign(NaN) = NaN;
//   - comparisons produce lane masks (all bits set, or zero), stored in the
//     same float registers; select(mask, a, b) is where(). NaN compares
//     false, so where(NaN < 0, a, b) = b.
#pragma once

#include <cmath>  // std::sqrt: correctly rounded everywhere (IEEE)
#include <cstdint>

#include "formula/expr.hpp"
#include "kernels/math/erf.hpp"
#include "kernels/math/exp.hpp"
#include "kernels/math/expm1.hpp"
#include "kernels/math/hyperbolic.hpp"
#include "kernels/math/log.hpp"
#include "kernels/math/pow.hpp"
#include "kernels/math/trig.hpp"
#include "kernels/vec4.hpp"

namespace actlab::formula::ops {

inline constexpr std::uint32_t kSignBit = 0x80000000u;
inline constexpr std::uint32_t kTrueBits = 0xffffffffu;

inline float mask_f32(bool b) { return vec::s_from_bits(b ? kTrueBits : 0u); }
inline bool mask_true(float m) { return vec::s_bits(m) != 0u; }

#if ACTLAB_HAVE_VEC4
#define ACTLAB_FORMULA_UNARY(Name, scalar_expr, vector_expr) \
  struct Name {                                              \
    static float s(float x) { return scalar_expr; }          \
    static vec::f4 v(vec::f4 x) { return vector_expr; }      \
  };
#define ACTLAB_FORMULA_BINARY(Name, scalar_expr, vector_expr)     \
  struct Name {                                                   \
    static float s(float a, float b) { return scalar_expr; }      \
    static vec::f4 v(vec::f4 a, vec::f4 b) { return vector_expr; } \
  };
#else
#define ACTLAB_FORMULA_UNARY(Name, scalar_expr, vector_expr) \
  struct Name {                                              \
    static float s(float x) { return scalar_expr; }          \
  };
#define ACTLAB_FORMULA_BINARY(Name, scalar_expr, vector_expr) \
  struct Name {                                               \
    static float s(float a, float b) { return scalar_expr; }  \
  };
#endif

inline float sign_f32(float x) {
  return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : (x == x ? 0.0f : x));
}
inline float min_f32(float a, float b) { return b != b ? b : vec::s_pmin(a, b); }
inline float max_f32(float a, float b) { return b != b ? b : vec::s_pmax(a, b); }

#if ACTLAB_HAVE_VEC4
inline vec::f4 sign_f4(vec::f4 x) {
  using namespace vec;
  const f4 r = f4_or(f4_and(f4_gt(x, f4_splat(0.0f)), f4_splat(1.0f)), f4_and(f4_lt(x, f4_splat(0.0f)), f4_splat(-1.0f)));
  return f4_select(f4_isnan(x), x, r);
}
inline vec::f4 min_f4(vec::f4 a, vec::f4 b) { return vec::f4_select(vec::f4_isnan(b), b, vec::f4_pmin(a, b)); }
inline vec::f4 max_f4(vec::f4 a, vec::f4 b) { return vec::f4_select(vec::f4_isnan(b), b, vec::f4_pmax(a, b)); }
#endif

ACTLAB_FORMULA_UNARY(Neg, vec::s_from_bits(vec::s_bits(x) ^ kSignBit), vec::f4_neg(x))
ACTLAB_FORMULA_UNARY(Abs, vec::s_from_bits(vec::s_bits(x) & ~kSignBit), vec::f4_abs(x))
ACTLAB_FORMULA_UNARY(Sign, sign_f32(x), sign_f4(x))
ACTLAB_FORMULA_UNARY(Exp, math::exp_f32(x), math::exp_f4(x))
ACTLAB_FORMULA_UNARY(Expm1, math::expm1_f32(x), math::expm1_f4(x))
ACTLAB_FORMULA_UNARY(Log, math::log_f32(x), math::log_f4(x))
ACTLAB_FORMULA_UNARY(Log1p, math::log1p_f32(x), math::log1p_f4(x))
ACTLAB_FORMULA_UNARY(Sqrt, std::sqrt(x), vec::f4_sqrt(x))
ACTLAB_FORMULA_UNARY(Sin, math::sin_f32(x), math::sin_f4(x))
ACTLAB_FORMULA_UNARY(Cos, math::cos_f32(x), math::cos_f4(x))
ACTLAB_FORMULA_UNARY(Tan, math::tan_f32(x), math::tan_f4(x))
ACTLAB_FORMULA_UNARY(Atan, math::atan_f32(x), math::atan_f4(x))
ACTLAB_FORMULA_UNARY(Sinh, math::sinh_f32(x), math::sinh_f4(x))
ACTLAB_FORMULA_UNARY(Cosh, math::cosh_f32(x), math::cosh_f4(x))
ACTLAB_FORMULA_UNARY(Erf, math::erf_f32(x), math::erf_f4(x))

ACTLAB_FORMULA_BINARY(Add, a + b, vec::f4_add(a, b))
ACTLAB_FORMULA_BINARY(Sub, a - b, vec::f4_sub(a, b))
ACTLAB_FORMULA_BINARY(Mul, a * b, vec::f4_mul(a, b))
ACTLAB_FORMULA_BINARY(Div, a / b, vec::f4_div(a, b))
ACTLAB_FORMULA_BINARY(Pow, math::pow_f32(a, b), math::pow_f4(a, b))
ACTLAB_FORMULA_BINARY(Min, min_f32(a, b), min_f4(a, b))
ACTLAB_FORMULA_BINARY(Max, max_f32(a, b), max_f4(a, b))
ACTLAB_FORMULA_BINARY(Lt, mask_f32(a < b), vec::f4_lt(a, b))
ACTLAB_FORMULA_BINARY(Le, mask_f32(a <= b), vec::f4_le(a, b))
ACTLAB_FORMULA_BINARY(Gt, mask_f32(a > b), vec::f4_gt(a, b))
ACTLAB_FORMULA_BINARY(Ge, mask_f32(a >= b), vec::f4_ge(a, b))

#undef ACTLAB_FORMULA_UNARY
#undef ACTLAB_FORMULA_BINARY

inline float select_f32(float mask, float a, float b) { return mask_true(mask) ? a : b; }

// Scalar evaluation by op, for constant folding. Unary: neg, abs .. erf;
// binary: add .. pow, min, max, and the comparisons (giving masks).
float fold_unary(Op op, float x);
float fold_binary(Op op, float a, float b);
// f or f' of a built-in activation at x, by the scalar kernel.
float fold_builtin(Act act, float p0, float p1, float x, bool derivative);

}  // namespace actlab::formula::ops
