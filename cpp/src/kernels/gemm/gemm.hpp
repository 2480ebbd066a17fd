// gemm.hpp — the matrix products of the trainer: C[M×N] (+)= A[M×K] · B[K×N].
//
// The summation order is part of the contract. Every implementation computes
// each output element as
//     acc = start;  for k = 0, 1, …, K−1:  acc = acc + A(i, k)·B(k, j)
// with one float multiply then one float add per k, where start is C(i, j)
// when accumulating, bias[j] when a bias row is given, and +0 otherwise. So
// the reference, the scalar kernel and the SIMD micro-kernel agree bit for
// bit, in every build (tests/cpp/test_gemm.cpp pins this against a loop
// written in the test). There is no FMA and no reassociation: speed comes
// from computing many output elements at once, never from reordering one
// element's sum. (Splitting K into blocks keeps the order: a block's partial
// sum is stored in C as a float and picked up again by the next block.)
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
  bool accumulate;       // C += A·B instead of C = start + A·B
  const float* bias;     // [N] or nullptr: start of each row when not accumulating (C = bias + A·B)
};

// Readable triple loop: the oracle the other two are tested against.
void gemm_reference(const GemmArgs& g);
// Scalar kernel (row of C at a time, k outer, so B is read contiguously).
void gemm_scalar(const GemmArgs& g);
#if ACTLAB_HAVE_VEC4
// 4×8 register-tile micro-kernel over vec4 on packed 4-row panels of A;
// column tails (N % 4) in scalar code, four rows at a time.
void gemm_simd(const GemmArgs& g);
#endif
// The one this build uses: SIMD when compiled (impl == simd), otherwise scalar.
void gemm(const GemmArgs& g, Impl impl = Impl::simd);

// sums[j] += Σ_r x[r, j] for j < cols (x row-major [rows×cols]): the bias
// gradient. Each sum adds rows in ascending order, one float add each, in
// every implementation (SIMD: four columns per vec4, the last cols % 4
// scalar).
void add_column_sums_scalar(float* sums, const float* x, std::size_t rows, std::size_t cols);
#if ACTLAB_HAVE_VEC4
void add_column_sums_simd(float* sums, const float* x, std::size_t rows, std::size_t cols);
#endif
void add_column_sums(float* sums, const float* x, std::size_t rows, std::size_t cols, Impl impl = Impl::simd);

// dst[cols×rows] = src[rows×cols]ᵀ (both row-major, not in place): a copy,
// so every implementation gives the same result. SIMD: 4×4 vec4 blocks,
// the edges element by element.
void transpose_scalar(float* dst, const float* src, std::size_t rows, std::size_t cols);
#if ACTLAB_HAVE_VEC4
void transpose_simd(float* dst, const float* src, std::size_t rows, std::size_t cols);
#endif
void transpose(float* dst, const float* src, std::size_t rows, std::size_t cols, Impl impl = Impl::simd);

}  // namespace actlab::kernels
