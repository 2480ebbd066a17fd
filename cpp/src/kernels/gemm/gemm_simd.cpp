// gemm_simd.cpp — the four-lane matrix product (summation order in gemm.hpp).
//
// C is computed in blocks of four rows. For each block, A's four rows are
// read as a panel whose k-th step holds A(i..i+3, k) in four consecutive
// floats: in place when A is transposed (a_row = 1, the weight gradient's
// x^T), otherwise packed into a stack buffer, K in blocks of kKBlock. The
// micro-kernel then keeps a 4×8 tile of C in eight vec4 registers; per k it
// loads two vec4 of B, splats the panel's four floats and does
// acc = acc + a·b in every lane, so each lane follows the scalar order.
//
// Why a panel: Emscripten compiles with LLVM's loop strength reduction off
// (-disable-lsr), so A(i + r, k) through two strides became two multiplies
// and an add per load inside the k loop, in V8's code about as many integer
// instructions as float ones. With a panel and pointers bumped once per k the
// k loop is loads, splats, multiplies and adds.
//
// Tails: rows left over (M % 4) use a 1×8 / 1×4 tile reading A in place;
// the last N % 4 columns are scalar, four rows at a time (four independent
// sums, each in the scalar order). Nothing is read outside A, B or C.
#include "kernels/gemm/gemm.hpp"
#include "kernels/vec4.hpp"

#if ACTLAB_HAVE_VEC4
namespace actlab::kernels {
namespace {

using namespace vec;

// K steps per packed panel: 4 × 256 floats = 4 KiB of stack.
constexpr std::size_t kKBlock = 256;

// Where the sums of one K block start: C itself (accumulating, or a later K
// block), the bias row, or zero.
enum class Start { c, bias, zero };

// One panel of R rows: step p holds A(i + r, k0 + p) at ap[p·step + r].
struct Panel {
  const float* ap;
  std::size_t step;  // floats between consecutive k
};

// The loops over r and v are unrolled by pragma: g++ -O2 does not unroll
// them itself and then keeps acc in memory (native ran at a third of the
// wasm build's speed); clang unrolls them anyway.
template <int R, int V>
inline void tile(float* c, std::size_t ldc, const Panel& a, const float* b, std::size_t ldb, std::size_t k,
                 Start start, const float* bias) {
  f4 acc[R][V];
#pragma GCC unroll 4
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 2
    for (int v = 0; v < V; ++v)
      acc[r][v] = start == Start::c ? f4_load(c + r * ldc + 4 * v)
                  : start == Start::bias ? f4_load(bias + 4 * v)
                                         : f4_splat(0.0f);
  const float* ap = a.ap;
  const float* bp = b;
  for (std::size_t p = 0; p < k; ++p) {
    f4 bv[V];
#pragma GCC unroll 2
    for (int v = 0; v < V; ++v) bv[v] = f4_load(bp + 4 * v);
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) {
      const f4 av = f4_splat(ap[r]);
#pragma GCC unroll 2
      for (int v = 0; v < V; ++v) acc[r][v] = f4_add(acc[r][v], f4_mul(av, bv[v]));
    }
    ap += a.step;
    bp += ldb;
  }
#pragma GCC unroll 4
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 2
    for (int v = 0; v < V; ++v) f4_store(c + r * ldc + 4 * v, acc[r][v]);
}

// Columns [j0, n) of R rows, scalar: R independent sums per column.
template <int R>
inline void column_tail(float* c, std::size_t ldc, const Panel& a, const float* b, std::size_t ldb, std::size_t k,
                        Start start, const float* bias, std::size_t j0, std::size_t n) {
  for (std::size_t j = j0; j < n; ++j) {
    float acc[R];
    for (int r = 0; r < R; ++r)
      acc[r] = start == Start::c ? c[r * ldc + j] : start == Start::bias ? bias[j] : 0.0f;
    const float* ap = a.ap;
    const float* bp = b + j;
    for (std::size_t p = 0; p < k; ++p) {
      const float b_pj = *bp;
      for (int r = 0; r < R; ++r) acc[r] = acc[r] + ap[r] * b_pj;
      ap += a.step;
      bp += ldb;
    }
    for (int r = 0; r < R; ++r) c[r * ldc + j] = acc[r];
  }
}

// R rows of C (R = 4 or 1) over K steps [k0, k0 + k) of one panel.
template <int R>
inline void row_block(float* c, std::size_t ldc, const Panel& a, const float* b, std::size_t ldb, std::size_t n,
                      std::size_t k, Start start, const float* bias) {
  std::size_t j = 0;
  for (; j + 8 <= n; j += 8) tile<R, 2>(c + j, ldc, a, b + j, ldb, k, start, bias ? bias + j : nullptr);
  if (j + 4 <= n) {
    tile<R, 1>(c + j, ldc, a, b + j, ldb, k, start, bias ? bias + j : nullptr);
    j += 4;
  }
  if (j < n) column_tail<R>(c, ldc, a, b, ldb, k, start, bias, j, n);
}

// Packs A(i..i+3, k0..k0+k) into panel[p·4 + r]. Row-major A (a_col = 1):
// 4×4 blocks through vec4 transposes, the last k % 4 steps one by one.
inline void pack_four_rows(float* panel, const GemmArgs& g, std::size_t i, std::size_t k0, std::size_t k) {
  const float* row0 = g.a + i * g.a_row + k0 * g.a_col;
  const float* row1 = row0 + g.a_row;
  const float* row2 = row1 + g.a_row;
  const float* row3 = row2 + g.a_row;
  std::size_t p = 0;
  if (g.a_col == 1) {
    for (; p + 4 <= k; p += 4) {
      f4 r0 = f4_load(row0 + p), r1 = f4_load(row1 + p), r2 = f4_load(row2 + p), r3 = f4_load(row3 + p);
      f4_transpose(r0, r1, r2, r3);
      f4_store(panel + 4 * p, r0);
      f4_store(panel + 4 * p + 4, r1);
      f4_store(panel + 4 * p + 8, r2);
      f4_store(panel + 4 * p + 12, r3);
    }
  }
  for (; p < k; ++p) {
    panel[4 * p + 0] = row0[p * g.a_col];
    panel[4 * p + 1] = row1[p * g.a_col];
    panel[4 * p + 2] = row2[p * g.a_col];
    panel[4 * p + 3] = row3[p * g.a_col];
  }
}

}  // namespace

void gemm_simd(const GemmArgs& g) {
  const Start first = g.accumulate ? Start::c : g.bias ? Start::bias : Start::zero;
  if (g.k == 0) {  // no products: C = start
    if (first != Start::c)
      for (std::size_t i = 0; i < g.m; ++i)
        for (std::size_t j = 0; j < g.n; ++j) g.c[i * g.ldc + j] = first == Start::bias ? g.bias[j] : 0.0f;
    return;
  }
  float panel[4 * kKBlock];
  std::size_t i = 0;
  for (; i + 4 <= g.m; i += 4) {
    float* c = g.c + i * g.ldc;
    for (std::size_t k0 = 0; k0 < g.k; k0 += kKBlock) {
      const std::size_t k = g.k - k0 < kKBlock ? g.k - k0 : kKBlock;
      Panel a;
      if (g.a_row == 1) {
        a = {g.a + i + k0 * g.a_col, g.a_col};
      } else {
        pack_four_rows(panel, g, i, k0, k);
        a = {panel, 4};
      }
      row_block<4>(c, g.ldc, a, g.b + k0 * g.ldb, g.ldb, g.n, k, k0 == 0 ? first : Start::c, g.bias);
    }
  }
  for (; i < g.m; ++i) {
    const Panel a = {g.a + i * g.a_row, g.a_col};
    row_block<1>(g.c + i * g.ldc, g.ldc, a, g.b, g.ldb, g.n, g.k, first, g.bias);
  }
}

void add_column_sums_simd(float* sums, const float* x, std::size_t rows, std::size_t cols) {
  std::size_t j = 0;
  for (; j + 8 <= cols; j += 8) {  // two vectors: two independent chains
    f4 s0 = f4_load(sums + j), s1 = f4_load(sums + j + 4);
    const float* xj = x + j;
    for (std::size_t r = 0; r < rows; ++r, xj += cols) {
      s0 = f4_add(s0, f4_load(xj));
      s1 = f4_add(s1, f4_load(xj + 4));
    }
    f4_store(sums + j, s0);
    f4_store(sums + j + 4, s1);
  }
  for (; j + 4 <= cols; j += 4) {
    f4 s0 = f4_load(sums + j);
    const float* xj = x + j;
    for (std::size_t r = 0; r < rows; ++r, xj += cols) s0 = f4_add(s0, f4_load(xj));
    f4_store(sums + j, s0);
  }
  for (; j < cols; ++j) {
    float s = sums[j];
    for (std::size_t r = 0; r < rows; ++r) s = s + x[r * cols + j];
    sums[j] = s;
  }
}

void transpose_simd(float* dst, const float* src, std::size_t rows, std::size_t cols) {
  std::size_t r = 0;
  for (; r + 4 <= rows; r += 4) {
    const float* s0 = src + r * cols;
    std::size_t c = 0;
    for (; c + 4 <= cols; c += 4) {
      f4 v0 = f4_load(s0 + c), v1 = f4_load(s0 + cols + c), v2 = f4_load(s0 + 2 * cols + c),
         v3 = f4_load(s0 + 3 * cols + c);
      f4_transpose(v0, v1, v2, v3);
      f4_store(dst + c * rows + r, v0);
      f4_store(dst + (c + 1) * rows + r, v1);
      f4_store(dst + (c + 2) * rows + r, v2);
      f4_store(dst + (c + 3) * rows + r, v3);
    }
    for (; c < cols; ++c)
      for (std::size_t q = r; q < r + 4; ++q) dst[c * rows + q] = src[q * cols + c];
  }
  for (; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) dst[c * rows + r] = src[r * cols + c];
}

}  // namespace actlab::kernels
#endif
