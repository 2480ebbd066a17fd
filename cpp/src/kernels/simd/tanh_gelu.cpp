// Four-lane kernels for tanh, gelu (exact) and gelu_tanh (PyTorch's
// approximate='tanh'), written with vec4.hpp. Tails go through the scalar
// twins, which do the same operations in the same order, so every element
// is bit-identical to kernels/scalar/tanh_gelu.cpp.
#include "kernels/kernels.hpp"

#if ACTLAB_HAVE_VEC4
#include "kernels/loops.hpp"
#include "kernels/math/gelu.hpp"
#include "kernels/math/tanh.hpp"

namespace actlab::kernels::simd {

void tanh_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  simd_forward_loop(y, z, n, math::tanh_f4, math::tanh_f32);
}
void tanh_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  simd_backward_loop(dz, z, dy, n, math::tanh_derivative_f4, math::tanh_derivative_f32);
}

void gelu_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  simd_forward_loop(y, z, n, math::gelu_f4, math::gelu_f32);
}
void gelu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  simd_backward_loop(dz, z, dy, n, math::gelu_derivative_f4, math::gelu_derivative_f32);
}

void gelu_tanh_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  simd_forward_loop(y, z, n, math::gelu_tanh_f4, math::gelu_tanh_f32);
}
void gelu_tanh_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  simd_backward_loop(dz, z, dy, n, math::gelu_tanh_derivative_f4, math::gelu_tanh_derivative_f32);
}

}  // namespace actlab::kernels::simd
#endif
