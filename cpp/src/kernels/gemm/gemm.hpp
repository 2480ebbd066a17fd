// gemm.hpp — the matrix products of the trainer: C[M×N] (+)= A[M×K] · B[K×N].
//
// Every implementation computes each output element in the same order —
// start from 0 (or from C when accumulating), then for k = 0, 1, …, K−1 one
// float multiply followed by one float add — so the reference, the scalar
// kernel and the SIMD micro-kernel agree bit for bit, in every build. There is
// no FMA and no reassociation: speed comes from doing many output elements at
// once (a 4×8 register tile), never from reordering one element's sum.
//
// Layouts: B and C are row-major with row strides ldb and ldc (B must be
// contiguous along N, which is what the SIMD kernel vectorises). A is read
// through two strides, A(i, k) = a[i·a_row + k·a_col], so a transposed A
// (x^T in the weight gradient) needs no copy.
#pragma once
#include <cstddef>

#include "actlab/activations.hpp"
#include "kernels/vec4.hpp"

namespace actlab::kernels {

struct GemmArgs {
  float* c;              // [M×N], row stride ldc
  std::size_t ldc;
  const float* a;        // A(i, k) = a[i·a_row + k·a_col]
  std::size_t a_row, a_col;
  const float* b;        // [K×N], row stride ldb
  std::size_t ldb;
  std::size_t m, n, k;
  bool accumulate;       // C += A·B instead of C = A·B
};

// Readable triple loop: the oracle the other two are tested against.
void gemm_reference(const GemmArgs& g);
// Scalar kernel (row of C at a time, k outer, so B is read contiguously).
void gemm_scalar(const GemmArgs& g);
#if ACTLAB_HAVE_VEC4
// 4×8 register-tile micro-kernel over vec4; column tails go through the scalar order.
void gemm_simd(const GemmArgs& g);
#endif
// The one this build uses: SIMD when compiled (impl == simd), otherwise scalar.
void gemm(const GemmArgs& g, Impl impl = Impl::simd);

}  // namespace actlab::kernels
