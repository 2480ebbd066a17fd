// loops.hpp — the element loops shared by all kernels, so each activation
// only supplies its per-element maths.
//
// Scalar: one element at a time. SIMD: four lanes at a time, then the tail
// (n % 4 elements) through the scalar twin, so nothing is read past z[n-1].
// Backward: dz = dy * f'(z), or dz = f'(z) when dy is null. The product with
// dy is one rounding after f'(z), identical in both loops.
//
// The SIMD loops come in two widths: two vectors per iteration
// (simd_forward_loop, simd_backward_loop), and kVectors of them
// (simd_forward_loop_wide, simd_backward_loop_wide). In V8 these kernels are
// bound by the instruction stream and by dependency chains; more independent
// vectors per iteration spread V8's per-iteration costs (stack check,
// counter moves, reloads of the constants it spills) and overlap the chains,
// until spilled live values outweigh that. Each kernel file says which width
// it measured best.
#pragma once
#include <cstddef>
#include <utility>

#include "kernels/vec4.hpp"

namespace actlab::kernels {

template <class ScalarF>
inline void scalar_forward_loop(float* y, const float* z, std::size_t n, ScalarF f) {
  for (std::size_t i = 0; i < n; ++i) y[i] = f(z[i]);
}

template <class ScalarDF>
inline void scalar_backward_loop(float* dz, const float* z, const float* dy, std::size_t n, ScalarDF df) {
  if (dy == nullptr) {
    for (std::size_t i = 0; i < n; ++i) dz[i] = df(z[i]);
  } else {
    for (std::size_t i = 0; i < n; ++i) dz[i] = dy[i] * df(z[i]);
  }
}

#if ACTLAB_HAVE_VEC4
template <class VecF, class ScalarF>
inline void simd_forward_loop(float* y, const float* z, std::size_t n, VecF vf, ScalarF sf) {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    vec::f4 a = vec::f4_load(z + i);
    vec::f4 b = vec::f4_load(z + i + 4);
    vec::f4_store(y + i, vf(a));
    vec::f4_store(y + i + 4, vf(b));
  }
  for (; i + 4 <= n; i += 4) vec::f4_store(y + i, vf(vec::f4_load(z + i)));
  for (; i < n; ++i) y[i] = sf(z[i]);
}

template <class VecDF, class ScalarDF>
inline void simd_backward_loop(float* dz, const float* z, const float* dy, std::size_t n, VecDF vdf,
                               ScalarDF sdf) {
  // Two vectors per iteration, as in the forward loop: the two evaluations
  // are independent, which V8's code schedules better (sigmoid and elu
  // backward ran 6-7% faster in wasm than with one vector per iteration).
  std::size_t i = 0;
  if (dy == nullptr) {
    for (; i + 8 <= n; i += 8) {
      vec::f4 a = vdf(vec::f4_load(z + i));
      vec::f4 b = vdf(vec::f4_load(z + i + 4));
      vec::f4_store(dz + i, a);
      vec::f4_store(dz + i + 4, b);
    }
    for (; i + 4 <= n; i += 4) vec::f4_store(dz + i, vdf(vec::f4_load(z + i)));
    for (; i < n; ++i) dz[i] = sdf(z[i]);
  } else {
    for (; i + 8 <= n; i += 8) {
      vec::f4 a = vdf(vec::f4_load(z + i));
      vec::f4 b = vdf(vec::f4_load(z + i + 4));
      vec::f4_store(dz + i, vec::f4_mul(vec::f4_load(dy + i), a));
      vec::f4_store(dz + i + 4, vec::f4_mul(vec::f4_load(dy + i + 4), b));
    }
    for (; i + 4 <= n; i += 4)
      vec::f4_store(dz + i, vec::f4_mul(vec::f4_load(dy + i), vdf(vec::f4_load(z + i))));
    for (; i < n; ++i) dz[i] = dy[i] * sdf(z[i]);
  }
}

namespace detail {
// One iteration's vectors, unrolled by the index pack (a loop over k would
// stay a loop at the library's -O2, with the results in memory). All of z
// is read before the output is written, so the output may be z.
template <class VecF, std::size_t... K>
inline void forward_block(float* y, const float* z, VecF vf, std::index_sequence<K...>) {
  const vec::f4 r[] = {vf(vec::f4_load(z + 4 * K))...};
  (vec::f4_store(y + 4 * K, r[K]), ...);
}
template <class VecDF, std::size_t... K>
inline void backward_block(float* dz, const float* z, const float* dy, VecDF vdf, std::index_sequence<K...>) {
  const vec::f4 r[] = {vdf(vec::f4_load(z + 4 * K))...};
  (vec::f4_store(dz + 4 * K, vec::f4_mul(vec::f4_load(dy + 4 * K), r[K])), ...);
}
}  // namespace detail

// simd_forward_loop with kVectors vectors per iteration: the same element
// functions, so the same results.
template <std::size_t kVectors, class VecF, class ScalarF>
inline void simd_forward_loop_wide(float* y, const float* z, std::size_t n, VecF vf, ScalarF sf) {
  constexpr std::size_t kStep = 4 * kVectors;
  std::size_t i = 0;
  for (; i + kStep <= n; i += kStep) detail::forward_block(y + i, z + i, vf, std::make_index_sequence<kVectors>());
  for (; i + 4 <= n; i += 4) vec::f4_store(y + i, vf(vec::f4_load(z + i)));
  for (; i < n; ++i) y[i] = sf(z[i]);
}

// simd_backward_loop with kVectors vectors per iteration: the same products
// dy·f'(z), so the same results.
template <std::size_t kVectors, class VecDF, class ScalarDF>
inline void simd_backward_loop_wide(float* dz, const float* z, const float* dy, std::size_t n, VecDF vdf,
                                    ScalarDF sdf) {
  if (dy == nullptr) {
    simd_forward_loop_wide<kVectors>(dz, z, n, vdf, sdf);
    return;
  }
  constexpr std::size_t kStep = 4 * kVectors;
  std::size_t i = 0;
  for (; i + kStep <= n; i += kStep)
    detail::backward_block(dz + i, z + i, dy + i, vdf, std::make_index_sequence<kVectors>());
  for (; i + 4 <= n; i += 4) vec::f4_store(dz + i, vec::f4_mul(vec::f4_load(dy + i), vdf(vec::f4_load(z + i))));
  for (; i < n; ++i) dz[i] = dy[i] * sdf(z[i]);
}
#endif

}  // namespace actlab::kernels
