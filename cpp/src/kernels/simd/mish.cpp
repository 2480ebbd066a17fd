// Four-lane kernels for mish, written with vec4.hpp. Tails go through the
// scalar twins, which do the same operations in the same order, so every
// element is bit-identical to kernels/scalar/mish.cpp. Element maths:
// math/mish.hpp.
#include "kernels/kernels.hpp"

#if ACTLAB_HAVE_VEC4
#include "kernels/loops.hpp"
#include "kernels/math/mish.hpp"

namespace actlab::kernels::simd {

void mish_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  simd_forward_loop(
      y, z, n, [](vec::f4 x) { return math::mish_f4(x); }, [](float x) { return math::mish_f32(x); });
}
void mish_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  simd_backward_loop(
      dz, z, dy, n, [](vec::f4 x) { return math::mish_derivative_f4(x); },
      [](float x) { return math::mish_derivative_f32(x); });
}

}  // namespace actlab::kernels::simd
#endif
