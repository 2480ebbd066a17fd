// Four-lane kernels for mish, written with vec4.hpp. Tails go through the
// scalar twins, which do the same operations in the same order, so every
// element is bit-identical to kernels/scalar/mish.cpp. Element maths:
// math/mish.hpp.
//
// mish's element maths is a long chain of dependent operations (clamp, exp
// reduction, polynomial, one division, the final product), so one vector's
// result takes far longer than the CPU needs to issue its operations. The
// loops here therefore take five vectors per step instead of the usual two:
// five independent chains side by side keep the CPU busy. In V8 (wasm SIMD,
// Node 20, this file at the library's -O2), with 2 / 3 / 4 / 5 / 6 / 7
// vectors per step, forward ran at 0.78 / 0.84 / 0.89 / 0.95 / 0.96 / 0.91
// elements/ns and backward at 0.86 / 0.95 / 0.99 / 1.00 / 1.02 / 1.00. Six
// gains little over five and seven loses: the more vectors in flight, the
// more live values V8 has to spill to the stack and reload.
#include "kernels/kernels.hpp"

#if ACTLAB_HAVE_VEC4
#include "kernels/loops.hpp"
#include "kernels/math/mish.hpp"

namespace actlab::kernels::simd {

// Five vectors per step (loops.hpp's wide loops unroll them by an index
// pack: a plain loop over five results would stay a loop at the library's
// -O2, with the array in memory).
constexpr std::size_t kVectorsPerIteration = 5;

void mish_forward(float* y, const float* z, std::size_t n, const ActParams&) {
  simd_forward_loop_wide<kVectorsPerIteration>(
      y, z, n, [](vec::f4 x) { return math::mish_f4(x); }, [](float x) { return math::mish_f32(x); });
}
void mish_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams&) {
  simd_backward_loop_wide<kVectorsPerIteration>(
      dz, z, dy, n, [](vec::f4 x) { return math::mish_derivative_f4(x); },
      [](float x) { return math::mish_derivative_f32(x); });
}

}  // namespace actlab::kernels::simd
#endif
