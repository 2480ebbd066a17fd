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

namespace {
// tanh and the short derivatives (tanh', gelu_tanh') take eight vectors per
// iteration (loops.hpp's wide loops) instead of two: V8's per-iteration costs (stack
// check, counter moves, reloads of the constants it spills) are spread
// thinner and the eight chains are independent. In a wasm harness (-O2, as
// the library; el/ns, SIMD ÷ scalar) tanh' went from 1.10 (4.74x) to 1.30
// (5.58x) at 4 Ki and 0.83 (3.73x) to 1.02 (4.60x) at 1 Mi, gelu_tanh' from
// 0.82 (4.56x) to 1.00 (5.55x) and 0.63 (3.72x) to 0.77 (4.46x); in
// `npm run bench`, tanh forward went from 1.08 to 1.27 el/ns at 4 Ki (5.1x ->
// 6.0x the scalar build, 12.0x -> 15.1x TensorFlow.js). The long
// kernels (gelu, gelu', gelu_tanh) lose with eight (0.36 -> 0.20 el/ns for
// gelu': registers run out) and keep loops.hpp's two.
constexpr std::size_t kVectorsPerIteration = 8;
}  // namespace

void tanh_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  simd_forward_loop_wide<kVectorsPerIteration>(y, z, n,
      [](vec::f4 v) { return math::tanh_f4(v); },
      [](float v) { return math::tanh_f32(v); });
}
void tanh_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  simd_backward_loop_wide<kVectorsPerIteration>(dz, z, dy, n,
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
  simd_backward_loop_wide<kVectorsPerIteration>(dz, z, dy, n,
      [](vec::f4 v) { return math::gelu_tanh_derivative_f4(v); },
      [](float v) { return math::gelu_tanh_derivative_f32(v); });
}

}  // namespace actlab::kernels::simd
#endif
