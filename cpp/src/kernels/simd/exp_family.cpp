// Four-lane kernels for the exp-family activations (sigmoid, silu, elu,
// selu, softplus), written with vec4.hpp. Tails go through the scalar
// twins, which do the same operations in the same order, so every element is
// bit-identical to kernels/scalar/exp_family.cpp. Element maths:
// math/exp_family.hpp.
#include "kernels/kernels.hpp"

#if ACTLAB_HAVE_VEC4
#include "kernels/loops.hpp"
#include "kernels/math/elu.hpp"
#include "kernels/math/exp_family.hpp"

namespace actlab::kernels::simd {

namespace {
// elu and selu take four vectors per iteration instead of loops.hpp's two:
// their element maths is short, so V8's per-iteration costs (stack check,
// counter moves, reloads of the constants it spills) weigh more, and four
// vectors spread them thinner (elu forward 1.54 -> 1.72 elements/ns, backward
// 1.81 -> 1.91, at 4 Ki in a wasm harness).
template <class VecF, class ScalarF>
void forward_loop_x4(float* y, const float* z, std::size_t n, VecF vf, ScalarF sf) {
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    vec::f4 a = vf(vec::f4_load(z + i));
    vec::f4 b = vf(vec::f4_load(z + i + 4));
    vec::f4 c = vf(vec::f4_load(z + i + 8));
    vec::f4 d = vf(vec::f4_load(z + i + 12));
    vec::f4_store(y + i, a);
    vec::f4_store(y + i + 4, b);
    vec::f4_store(y + i + 8, c);
    vec::f4_store(y + i + 12, d);
  }
  for (; i + 4 <= n; i += 4) vec::f4_store(y + i, vf(vec::f4_load(z + i)));
  for (; i < n; ++i) y[i] = sf(z[i]);
}

template <class VecDF, class ScalarDF>
void backward_loop_x4(float* dz, const float* z, const float* dy, std::size_t n, VecDF vdf, ScalarDF sdf) {
  if (dy == nullptr) {
    forward_loop_x4(dz, z, n, vdf, sdf);
    return;
  }
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    vec::f4 a = vdf(vec::f4_load(z + i));
    vec::f4 b = vdf(vec::f4_load(z + i + 4));
    vec::f4 c = vdf(vec::f4_load(z + i + 8));
    vec::f4 d = vdf(vec::f4_load(z + i + 12));
    vec::f4_store(dz + i, vec::f4_mul(vec::f4_load(dy + i), a));
    vec::f4_store(dz + i + 4, vec::f4_mul(vec::f4_load(dy + i + 4), b));
    vec::f4_store(dz + i + 8, vec::f4_mul(vec::f4_load(dy + i + 8), c));
    vec::f4_store(dz + i + 12, vec::f4_mul(vec::f4_load(dy + i + 12), d));
  }
  for (; i + 4 <= n; i += 4) vec::f4_store(dz + i, vec::f4_mul(vec::f4_load(dy + i), vdf(vec::f4_load(z + i))));
  for (; i < n; ++i) dz[i] = dy[i] * sdf(z[i]);
}
}  // namespace

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

// p.p[0] = alpha. α = 1 (the default) and α ≤ 1 have cheaper exact forms
// (math/elu.hpp), picked once per call as in the scalar kernel.
void elu_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  const float alpha = p.p[0];
  const vec::f4 alpha4 = vec::f4_splat(alpha);
  if (alpha == 1.0f) {
    forward_loop_x4(
        y, z, n, [](vec::f4 x) { return math::elu_alpha1_f4(x); }, [](float x) { return math::elu_alpha1_f32(x); });
  } else if (alpha <= 1.0f) {
    forward_loop_x4(
        y, z, n, [alpha4](vec::f4 x) { return math::elu_alpha_le1_f4(x, alpha4); },
        [alpha](float x) { return math::elu_alpha_le1_f32(x, alpha); });
  } else {
    forward_loop_x4(
        y, z, n, [alpha4](vec::f4 x) { return math::elu_alpha_gt1_f4(x, alpha4); },
        [alpha](float x) { return math::elu_alpha_gt1_f32(x, alpha); });
  }
}
void elu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  const float alpha = p.p[0];
  const vec::f4 alpha4 = vec::f4_splat(alpha);
  if (alpha == 1.0f) {
    backward_loop_x4(
        dz, z, dy, n, [](vec::f4 x) { return math::elu_derivative_alpha1_f4(x); },
        [](float x) { return math::elu_derivative_alpha1_f32(x); });
  } else if (alpha <= 1.0f) {
    backward_loop_x4(
        dz, z, dy, n, [alpha4](vec::f4 x) { return math::elu_derivative_alpha_le1_f4(x, alpha4); },
        [alpha](float x) { return math::elu_derivative_f32(x, alpha); });
  } else {
    const vec::f4 alpha_minus_one4 = vec::f4_splat(alpha - 1.0f);
    backward_loop_x4(
        dz, z, dy, n,
        [alpha4, alpha_minus_one4](vec::f4 x) { return math::elu_derivative_alpha_gt1_f4(x, alpha4, alpha_minus_one4); },
        [alpha](float x) { return math::elu_derivative_f32(x, alpha); });
  }
}

void selu_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  forward_loop_x4(
      y, z, n, [](vec::f4 x) { return math::selu_f4(x); }, [](float x) { return math::selu_f32(x); });
}
void selu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  backward_loop_x4(
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
