// gemm_scalar.cpp — the reference and the scalar matrix product (see gemm.hpp
// for the summation order both share with the SIMD kernel).
#include "kernels/gemm/gemm.hpp"
#include "kernels/vec4.hpp"

namespace actlab::kernels {

void gemm_reference(const GemmArgs& g) {
  for (std::size_t i = 0; i < g.m; ++i) {
    for (std::size_t j = 0; j < g.n; ++j) {
      float acc = g.accumulate ? g.c[i * g.ldc + j] : g.bias ? g.bias[j] : 0.0f;
      for (std::size_t p = 0; p < g.k; ++p) {
        float product = g.a[i * g.a_row + p * g.a_col] * g.b[p * g.ldb + j];
        acc = acc + product;
      }
      g.c[i * g.ldc + j] = acc;
    }
  }
}

void gemm_scalar(const GemmArgs& g) {
  for (std::size_t i = 0; i < g.m; ++i) {
    float* c_row = g.c + i * g.ldc;  // [N]
    if (!g.accumulate)
      for (std::size_t j = 0; j < g.n; ++j) c_row[j] = g.bias ? g.bias[j] : 0.0f;
    for (std::size_t p = 0; p < g.k; ++p) {
      const float a_ip = g.a[i * g.a_row + p * g.a_col];
      const float* b_row = g.b + p * g.ldb;  // [N]
      for (std::size_t j = 0; j < g.n; ++j) c_row[j] = c_row[j] + a_ip * b_row[j];
    }
  }
}

void add_column_sums_scalar(float* sums, const float* x, std::size_t rows, std::size_t cols) {
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t j = 0; j < cols; ++j) sums[j] = sums[j] + x[r * cols + j];
}

void add_column_sums(float* sums, const float* x, std::size_t rows, std::size_t cols, Impl impl) {
#if ACTLAB_HAVE_VEC4
  if (impl == Impl::simd) {
    add_column_sums_simd(sums, x, rows, cols);
    return;
  }
#endif
  (void)impl;
  add_column_sums_scalar(sums, x, rows, cols);
}

void transpose_scalar(float* dst, const float* src, std::size_t rows, std::size_t cols) {
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) dst[c * rows + r] = src[r * cols + c];
}

void transpose(float* dst, const float* src, std::size_t rows, std::size_t cols, Impl impl) {
#if ACTLAB_HAVE_VEC4
  if (impl == Impl::simd) {
    transpose_simd(dst, src, rows, cols);
    return;
  }
#endif
  (void)impl;
  transpose_scalar(dst, src, rows, cols);
}

void gemm(const GemmArgs& g, Impl impl) {
#if ACTLAB_HAVE_VEC4
  if (impl == Impl::simd) {
    gemm_simd(g);
    return;
  }
#endif
  (void)impl;
  gemm_scalar(g);
}

}  // namespace actlab::kernels
