// Four-lane kernels for tanh, gelu (exact) and gelu_tanh (PyTorch's
// approximate='tanh'), written with vec4.hpp. Tails go through the scalar
// twins, which do the same operations in the same order, so every element
// is bit-identical to kernels/scalar/tanh_gelu.cpp. The element functions are
// passed as lambdas, not function pointers: clang does not always inline
// calls through a pointer in the wasm build.
#include "kernels/kernels.hpp"

#if ACTLAB_HAVE_VEC4
#include "kernels/loops.hpp"
#include "kernels/math/gelu.hpp"
#include "kernels/math/tanh.hpp"

namespace actlab::kernels::simd {

void tanh_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  simd_forward_loop(y, z, n,
      [](vec::f4 v) { return math::tanh_f4(v); },
      [](float v) { return math::tanh_f32(v); });
}
void tanh_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  simd_backward_loop(dz, z, dy, n,
      [](vec::f4 v) { return math::tanh_derivative_f4(v); },
      [](float v) { return math::tanh_derivative_f32(v); });
}

void gelu_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  simd_forward_loop(y, z, n,
      [](vec::f4 v) { return math::gelu_f4(v); },
      [](float v) { return math::gelu_f32(v); });
}
void gelu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  simd_backward_loop(dz, z, dy, n,
      [](vec::f4 v) { return math::gelu_derivative_f4(v); },
      [](float v) { return math::gelu_derivative_f32(v); });
}

void gelu_tanh_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  simd_forward_loop(y, z, n,
      [](vec::f4 v) { return math::gelu_tanh_f4(v); },
      [](float v) { return math::gelu_tanh_f32(v); });
}
void gelu_tanh_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  simd_backward_loop(dz, z, dy, n,
      [](vec::f4 v) { return math::gelu_tanh_derivative_f4(v); },
      [](float v) { return math::gelu_tanh_derivative_f32(v); });
}

}  // namespace actlab::kernels::simd
#endif
