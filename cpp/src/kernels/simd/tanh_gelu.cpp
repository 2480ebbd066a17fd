// Four-lane kernels for tanh, gelu (exact) and gelu_tanh (PyTorch's
// approximate='tanh'), written with vec4.hpp. Tails go through the scalar
// twins, which do the same operations in the same order, so every element
// is bit-identical to kernels/scalar/tanh_gelu.cpp. The element functions are
// passed as lambdas, not function pointers: clang does not always inline
// calls through a pointer in the wasm build.
#include "kernels/kernels.hpp"

#if ACTLAB_HAVE_VEC4
#include <utility>

#include "kernels/loops.hpp"
#include "kernels/math/gelu.hpp"
#include "kernels/math/tanh.hpp"

namespace actlab::kernels::simd {

namespace {
// tanh and the short derivatives (tanh', gelu_tanh') take eight vectors per
// iteration instead of loops.hpp's two: V8's per-iteration costs (stack
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

// One iteration's vectors, unrolled by the index pack: all of z is read
// before the output is written, so it may be z.
template <class VecF, std::size_t... K>
inline void map_block(float* y, const float* z, VecF vf, std::index_sequence<K...>) {
  const vec::f4 r[] = {vf(vec::f4_load(z + 4 * K))...};
  (vec::f4_store(y + 4 * K, r[K]), ...);
}
template <class VecDF, std::size_t... K>
inline void backward_block(float* dz, const float* z, const float* dy, VecDF vdf, std::index_sequence<K...>) {
  const vec::f4 r[] = {vdf(vec::f4_load(z + 4 * K))...};
  (vec::f4_store(dz + 4 * K, vec::f4_mul(vec::f4_load(dy + 4 * K), r[K])), ...);
}

// y = f(z) with eight vectors per iteration (loops.hpp's simd_forward_loop
// takes two): the same element functions, so the same results.
template <class VecF, class ScalarF>
void map_loop_x8(float* y, const float* z, std::size_t n, VecF vf, ScalarF sf) {
  constexpr std::size_t kStep = 4 * kVectorsPerIteration;
  std::size_t i = 0;
  for (; i + kStep <= n; i += kStep) map_block(y + i, z + i, vf, std::make_index_sequence<kVectorsPerIteration>());
  for (; i + 4 <= n; i += 4) vec::f4_store(y + i, vf(vec::f4_load(z + i)));
  for (; i < n; ++i) y[i] = sf(z[i]);
}

// loops.hpp's simd_backward_loop with eight vectors per iteration: the same
// products dy·f'(z), so the same results.
template <class VecDF, class ScalarDF>
void backward_loop_x8(float* dz, const float* z, const float* dy, std::size_t n, VecDF vdf, ScalarDF sdf) {
  if (dy == nullptr) {
    map_loop_x8(dz, z, n, vdf, sdf);
    return;
  }
  constexpr std::size_t kStep = 4 * kVectorsPerIteration;
  std::size_t i = 0;
  for (; i + kStep <= n; i += kStep)
    backward_block(dz + i, z + i, dy + i, vdf, std::make_index_sequence<kVectorsPerIteration>());
  for (; i + 4 <= n; i += 4) vec::f4_store(dz + i, vec::f4_mul(vec::f4_load(dy + i), vdf(vec::f4_load(z + i))));
  for (; i < n; ++i) dz[i] = dy[i] * sdf(z[i]);
}
}  // namespace

void tanh_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  map_loop_x8(y, z, n,
      [](vec::f4 v) { return math::tanh_f4(v); },
      [](float v) { return math::tanh_f32(v); });
}
void tanh_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  backward_loop_x8(dz, z, dy, n,
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
  backward_loop_x8(dz, z, dy, n,
      [](vec::f4 v) { return math::gelu_tanh_derivative_f4(v); },
      [](float v) { return math::gelu_tanh_derivative_f32(v); });
}

}  // namespace actlab::kernels::simd
#endif
