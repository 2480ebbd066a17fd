// gemm_simd.cpp — the four-lane matrix product: a 4×8 register tile (four rows
// of C, two vec4 of columns), each lane doing exactly the scalar order
// acc = acc + a·b for k ascending. Rows left over use a 1×8 / 1×4 tile; the
// last N % 4 columns use scalar code, so nothing is read past a row's end.
#include "kernels/gemm/gemm.hpp"
#include "kernels/vec4.hpp"

#if ACTLAB_HAVE_VEC4
namespace actlab::kernels {
namespace {

using namespace vec;

// C[i..i+R) × [j..j+4·V) for R rows, V vec4 columns.
template <int R, int V>
inline void tile(const GemmArgs& g, std::size_t i, std::size_t j) {
  f4 acc[R][V];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v)
      acc[r][v] = g.accumulate ? f4_load(g.c + (i + r) * g.ldc + j + 4 * v) : f4_splat(0.0f);
  const float* a_col = g.a + i * g.a_row;
  for (std::size_t p = 0; p < g.k; ++p) {
    const float* b_row = g.b + p * g.ldb + j;
    f4 b[V];
    for (int v = 0; v < V; ++v) b[v] = f4_load(b_row + 4 * v);
    for (int r = 0; r < R; ++r) {
      const f4 a = f4_splat(a_col[r * g.a_row + p * g.a_col]);
      for (int v = 0; v < V; ++v) acc[r][v] = f4_add(acc[r][v], f4_mul(a, b[v]));
    }
  }
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) f4_store(g.c + (i + r) * g.ldc + j + 4 * v, acc[r][v]);
}

// The last n % 4 columns of rows [i, i+rows), scalar, same order.
inline void column_tail(const GemmArgs& g, std::size_t i, std::size_t rows, std::size_t j0) {
  for (std::size_t r = i; r < i + rows; ++r) {
    for (std::size_t j = j0; j < g.n; ++j) {
      float acc = g.accumulate ? g.c[r * g.ldc + j] : 0.0f;
      for (std::size_t p = 0; p < g.k; ++p) acc = acc + g.a[r * g.a_row + p * g.a_col] * g.b[p * g.ldb + j];
      g.c[r * g.ldc + j] = acc;
    }
  }
}

template <int R>
inline void row_block(const GemmArgs& g, std::size_t i) {
  std::size_t j = 0;
  for (; j + 8 <= g.n; j += 8) tile<R, 2>(g, i, j);
  if (j + 4 <= g.n) {
    tile<R, 1>(g, i, j);
    j += 4;
  }
  if (j < g.n) column_tail(g, i, R, j);
}

}  // namespace

void gemm_simd(const GemmArgs& g) {
  std::size_t i = 0;
  for (; i + 4 <= g.m; i += 4) row_block<4>(g, i);
  for (; i < g.m; ++i) row_block<1>(g, i);
}

}  // namespace actlab::kernels
#endif
