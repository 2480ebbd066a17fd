// Scalar kernels for tanh, gelu (exact) and gelu_tanh (PyTorch's
// approximate='tanh'): the readable references the SIMD kernels must match
// bit for bit. The element maths, and why it is arranged the way it is, live
// in math/tanh.hpp and math/gelu.hpp.
#include "kernels/kernels.hpp"
#include "kernels/loops.hpp"
#include "kernels/math/gelu.hpp"
#include "kernels/math/tanh.hpp"

namespace actlab::kernels::scalar {

void tanh_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  scalar_forward_loop(y, z, n, [](float v) { return math::tanh_f32(v); });
}
void tanh_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  scalar_backward_loop(dz, z, dy, n, [](float v) { return math::tanh_derivative_f32(v); });
}

void gelu_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  scalar_forward_loop(y, z, n, [](float v) { return math::gelu_f32(v); });
}
void gelu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  scalar_backward_loop(dz, z, dy, n, [](float v) { return math::gelu_derivative_f32(v); });
}

void gelu_tanh_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  scalar_forward_loop(y, z, n, [](float v) { return math::gelu_tanh_f32(v); });
}
void gelu_tanh_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  scalar_backward_loop(dz, z, dy, n, [](float v) { return math::gelu_tanh_derivative_f32(v); });
}

}  // namespace actlab::kernels::scalar
