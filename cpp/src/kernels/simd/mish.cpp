// Four-lane kernels for mish, written with vec4.hpp. Tails go through the
// scalar twins, which do the same operations in the same order, so every
// element is bit-identical to kernels/scalar/mish.cpp. Element maths:
// math/mish.hpp.
//
// mish's element maths is a long chain of dependent operations (clamp, exp
// reduction, polynomial, one division, the final product), so one vector's
// result takes far longer than the CPU needs to issue its operations. The
// loops here therefore take five vectors per step instead of loops.hpp's two:
// five independent chains side by side keep the CPU busy. In V8 (wasm SIMD,
// Node 20, this file at the library's -O2), with 2 / 3 / 4 / 5 / 6 / 7
// vectors per step, forward ran at 0.78 / 0.84 / 0.89 / 0.95 / 0.96 / 0.91
// elements/ns and backward at 0.86 / 0.95 / 0.99 / 1.00 / 1.02 / 1.00. Six
// gains little over five and seven loses: the more vectors in flight, the
// more live values V8 has to spill to the stack and reload.
#include "kernels/kernels.hpp"

#if ACTLAB_HAVE_VEC4
#include "kernels/math/mish.hpp"

namespace actlab::kernels::simd {

// The five vectors are spelled out rather than looped over: at the library's
// -O2, a loop over an array of five results is not unrolled (the element
// maths is too large), and the array then goes through memory.
void mish_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  using vec::f4_load;
  using vec::f4_store;
  std::size_t i = 0;
  for (; i + 20 <= n; i += 20) {
    const vec::f4 y0 = math::mish_f4(f4_load(z + i));
    const vec::f4 y1 = math::mish_f4(f4_load(z + i + 4));
    const vec::f4 y2 = math::mish_f4(f4_load(z + i + 8));
    const vec::f4 y3 = math::mish_f4(f4_load(z + i + 12));
    const vec::f4 y4 = math::mish_f4(f4_load(z + i + 16));
    f4_store(y + i, y0);
    f4_store(y + i + 4, y1);
    f4_store(y + i + 8, y2);
    f4_store(y + i + 12, y3);
    f4_store(y + i + 16, y4);
  }
  for (; i + 4 <= n; i += 4) f4_store(y + i, math::mish_f4(f4_load(z + i)));
  for (; i < n; ++i) y[i] = math::mish_f32(z[i]);
}

// dz = dy·f'(z), or f'(z) when dy is null (as loops.hpp's backward loop).
void mish_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  using vec::f4_load;
  using vec::f4_mul;
  using vec::f4_store;
  std::size_t i = 0;
  if (dy == nullptr) {
    for (; i + 20 <= n; i += 20) {
      const vec::f4 d0 = math::mish_derivative_f4(f4_load(z + i));
      const vec::f4 d1 = math::mish_derivative_f4(f4_load(z + i + 4));
      const vec::f4 d2 = math::mish_derivative_f4(f4_load(z + i + 8));
      const vec::f4 d3 = math::mish_derivative_f4(f4_load(z + i + 12));
      const vec::f4 d4 = math::mish_derivative_f4(f4_load(z + i + 16));
      f4_store(dz + i, d0);
      f4_store(dz + i + 4, d1);
      f4_store(dz + i + 8, d2);
      f4_store(dz + i + 12, d3);
      f4_store(dz + i + 16, d4);
    }
    for (; i + 4 <= n; i += 4) f4_store(dz + i, math::mish_derivative_f4(f4_load(z + i)));
    for (; i < n; ++i) dz[i] = math::mish_derivative_f32(z[i]);
  } else {
    for (; i + 20 <= n; i += 20) {
      const vec::f4 d0 = math::mish_derivative_f4(f4_load(z + i));
      const vec::f4 d1 = math::mish_derivative_f4(f4_load(z + i + 4));
      const vec::f4 d2 = math::mish_derivative_f4(f4_load(z + i + 8));
      const vec::f4 d3 = math::mish_derivative_f4(f4_load(z + i + 12));
      const vec::f4 d4 = math::mish_derivative_f4(f4_load(z + i + 16));
      f4_store(dz + i, f4_mul(f4_load(dy + i), d0));
      f4_store(dz + i + 4, f4_mul(f4_load(dy + i + 4), d1));
      f4_store(dz + i + 8, f4_mul(f4_load(dy + i + 8), d2));
      f4_store(dz + i + 12, f4_mul(f4_load(dy + i + 12), d3));
      f4_store(dz + i + 16, f4_mul(f4_load(dy + i + 16), d4));
    }
    for (; i + 4 <= n; i += 4)
      f4_store(dz + i, f4_mul(f4_load(dy + i), math::mish_derivative_f4(f4_load(z + i))));
    for (; i < n; ++i) dz[i] = dy[i] * math::mish_derivative_f32(z[i]);
  }
}

}  // namespace actlab::kernels::simd
#endif
