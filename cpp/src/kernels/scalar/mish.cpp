// Scalar kernels for mish: the readable reference the SIMD kernels must match
// bit for bit. The element maths live in math/mish.hpp.
#include "kernels/math/mish.hpp"

#include "kernels/kernels.hpp"
#include "kernels/loops.hpp"

namespace actlab::kernels::scalar {

void mish_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  scalar_forward_loop(y, z, n, [](float x) { return math::mish_f32(x); });
}
void mish_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  scalar_backward_loop(dz, z, dy, n, [](float x) { return math::mish_derivative_f32(x); });
}

}  // namespace actlab::kernels::scalar
