// Four-lane kernels for the exp-family activations (sigmoid, silu, elu,
// selu, softplus), written with vec4.hpp. Tails go through the scalar
// twins, which do the same operations in the same order, so every element is
// bit-identical to kernels/scalar/exp_family.cpp. Element maths:
// math/exp_family.hpp.
#include "kernels/kernels.hpp"

#if ACTLAB_HAVE_VEC4
#include "kernels/loops.hpp"
#include "kernels/math/exp_family.hpp"

namespace actlab::kernels::simd {

void sigmoid_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  simd_forward_loop(
      y, z, n, [](vec::f4 x) { return math::sigmoid_f4(x); }, [](float x) { return math::sigmoid_f32(x); });
}
void sigmoid_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  simd_backward_loop(
      dz, z, dy, n, [](vec::f4 x) { return math::sigmoid_derivative_f4(x); },
      [](float x) { return math::sigmoid_derivative_f32(x); });
}

void silu_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  simd_forward_loop(
      y, z, n, [](vec::f4 x) { return math::silu_f4(x); }, [](float x) { return math::silu_f32(x); });
}
void silu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  simd_backward_loop(
      dz, z, dy, n, [](vec::f4 x) { return math::silu_derivative_f4(x); },
      [](float x) { return math::silu_derivative_f32(x); });
}

// p.p[0] = alpha
void elu_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  const float alpha = p.p[0];
  const vec::f4 alpha4 = vec::f4_splat(alpha);
  simd_forward_loop(
      y, z, n, [alpha4](vec::f4 x) { return math::elu_f4(x, alpha4); },
      [alpha](float x) { return math::elu_f32(x, alpha); });
}
void elu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  const float alpha = p.p[0];
  const vec::f4 alpha4 = vec::f4_splat(alpha);
  simd_backward_loop(
      dz, z, dy, n, [alpha4](vec::f4 x) { return math::elu_derivative_f4(x, alpha4); },
      [alpha](float x) { return math::elu_derivative_f32(x, alpha); });
}

void selu_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  simd_forward_loop(
      y, z, n, [](vec::f4 x) { return math::selu_f4(x); }, [](float x) { return math::selu_f32(x); });
}
void selu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  simd_backward_loop(
      dz, z, dy, n, [](vec::f4 x) { return math::selu_derivative_f4(x); },
      [](float x) { return math::selu_derivative_f32(x); });
}

// p.p[0] = beta, p.p[1] = threshold; β = 1 takes the cheaper loop, as in the
// scalar kernel.
void softplus_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  const float threshold = p.p[1];
  const vec::f4 threshold4 = vec::f4_splat(threshold);
  if (p.p[0] == 1.0f) {
    simd_forward_loop(
        y, z, n, [threshold4](vec::f4 x) { return math::softplus_beta1_f4(x, threshold4); },
        [threshold](float x) { return math::softplus_beta1_f32(x, threshold); });
    return;
  }
  const math::SoftplusParams sp = math::make_softplus_params(p.p[0], threshold);
  const math::SoftplusParams4 sp4 = math::splat_softplus_params(sp);
  simd_forward_loop(
      y, z, n, [&sp4](vec::f4 x) { return math::softplus_f4(x, sp4); },
      [&sp](float x) { return math::softplus_f32(x, sp); });
}
void softplus_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  const float beta = p.p[0];
  const float threshold = p.p[1];
  const vec::f4 beta4 = vec::f4_splat(beta);
  const vec::f4 threshold4 = vec::f4_splat(threshold);
  simd_backward_loop(
      dz, z, dy, n,
      [beta4, threshold4](vec::f4 x) { return math::softplus_derivative_f4(x, beta4, threshold4); },
      [beta, threshold](float x) { return math::softplus_derivative_f32(x, beta, threshold); });
}

}  // namespace actlab::kernels::simd
#endif
