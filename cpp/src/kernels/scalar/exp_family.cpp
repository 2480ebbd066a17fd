// Scalar kernels for the exp-family activations (sigmoid, silu, elu, selu,
// softplus): the readable references the SIMD kernels must match bit
// for bit. The element maths, and why it is arranged the way it is, live in
// math/exp_family.hpp, and in math/elu.hpp for elu and selu.
#include "kernels/math/exp_family.hpp"

#include "kernels/kernels.hpp"
#include "kernels/loops.hpp"
#include "kernels/math/elu.hpp"

namespace actlab::kernels::scalar {

void sigmoid_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  scalar_forward_loop(y, z, n, [](float x) { return math::sigmoid_f32(x); });
}
void sigmoid_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  scalar_backward_loop(dz, z, dy, n, [](float x) { return math::sigmoid_derivative_f32(x); });
}

void silu_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  scalar_forward_loop(y, z, n, [](float x) { return math::silu_f32(x); });
}
void silu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  scalar_backward_loop(dz, z, dy, n, [](float x) { return math::silu_derivative_f32(x); });
}

// p.p[0] = alpha. α = 1 (the default) has its own, cheaper loop; the forward
// also splits α ≤ 1 from α > 1, mirroring the SIMD kernel's exact forms
// (math/elu.hpp).
void elu_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  const float alpha = p.p[0];
  if (alpha == 1.0f) {
    scalar_forward_loop(y, z, n, [](float x) { return math::elu_alpha1_f32(x); });
  } else if (alpha <= 1.0f) {
    scalar_forward_loop(y, z, n, [alpha](float x) { return math::elu_alpha_le1_f32(x, alpha); });
  } else {
    scalar_forward_loop(y, z, n, [alpha](float x) { return math::elu_alpha_gt1_f32(x, alpha); });
  }
}
void elu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  const float alpha = p.p[0];
  if (alpha == 1.0f) {
    scalar_backward_loop(dz, z, dy, n, [](float x) { return math::elu_derivative_alpha1_f32(x); });
  } else {
    scalar_backward_loop(dz, z, dy, n, [alpha](float x) { return math::elu_derivative_f32(x, alpha); });
  }
}

void selu_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  scalar_forward_loop(y, z, n, [](float x) { return math::selu_f32(x); });
}
void selu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  scalar_backward_loop(dz, z, dy, n, [](float x) { return math::selu_derivative_f32(x); });
}

// p.p[0] = beta, p.p[1] = threshold. β = 1 (the default) needs no exact
// product, so it has its own, cheaper loop.
void softplus_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  const float threshold = p.p[1];
  if (p.p[0] == 1.0f) {
    scalar_forward_loop(y, z, n, [threshold](float x) { return math::softplus_beta1_f32(x, threshold); });
    return;
  }
  const math::SoftplusParams sp = math::make_softplus_params(p.p[0], threshold);
  scalar_forward_loop(y, z, n, [&sp](float x) { return math::softplus_f32(x, sp); });
}
void softplus_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  const float beta = p.p[0];
  const float threshold = p.p[1];
  scalar_backward_loop(
      dz, z, dy, n, [beta, threshold](float x) { return math::softplus_derivative_f32(x, beta, threshold); });
}

}  // namespace actlab::kernels::scalar
