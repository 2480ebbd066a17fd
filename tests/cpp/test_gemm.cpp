// The trainer's matrix product: scalar kernel and SIMD micro-kernel against the
// readable triple loop and against the documented summation order written out
// in this file, bit for bit, over odd shapes, tails, strided (transposed) A,
// accumulation, a bias row and K longer than the SIMD kernel's panels.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "kernels/gemm/gemm.hpp"

using namespace actlab;
using namespace actlab::kernels;

namespace {

// Test inputs only: a fixed integer hash mapped to [-2, 2), with a few exact
// zeros, negative zeros and large values to exercise signs and rounding.
std::vector<float> test_values(std::size_t count, std::uint32_t salt) {
  std::vector<float> v(count);
  std::uint32_t s = 0x9E3779B9u * (salt + 1);
  for (std::size_t i = 0; i < count; ++i) {
    s ^= s << 13, s ^= s >> 17, s ^= s << 5;
    float x = static_cast<float>(s >> 8) * (1.0f / 16777216.0f) * 4.0f - 2.0f;
    if (s % 29 == 0) x = 0.0f;
    if (s % 31 == 0) x = -0.0f;
    if (s % 37 == 0) x *= 1e6f;
    v[i] = x;
  }
  return v;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// The documented summation order (gemm.hpp), written out here rather than
// taken from the library: start from C (accumulating), bias[j] or +0, then
// acc = acc + A(i, k)·B(k, j) for k ascending, one float multiply and one
// float add each.
void documented_order(const GemmArgs& g) {
  for (std::size_t i = 0; i < g.m; ++i) {
    for (std::size_t j = 0; j < g.n; ++j) {
      float acc = g.accumulate ? g.c[i * g.ldc + j] : (g.bias != nullptr ? g.bias[j] : 0.0f);
      for (std::size_t p = 0; p < g.k; ++p) {
        const float product = g.a[i * g.a_row + p * g.a_col] * g.b[p * g.ldb + j];
        acc = acc + product;
      }
      g.c[i * g.ldc + j] = acc;
    }
  }
}

// Runs all implementations on the same problem and compares the bits, with
// the test's own loop, and with guard values around C's rows left alone.
void check_shape(std::size_t m, std::size_t n, std::size_t k, bool transposed_a, bool accumulate,
                 bool with_bias = false) {
  const std::size_t ldb = n + (n % 3);  // padded rows for some shapes
  const std::size_t ldc = n + (m % 2);
  std::vector<float> a = test_values(m * k, static_cast<std::uint32_t>(m * 131 + k));
  std::vector<float> b = test_values(k * ldb, static_cast<std::uint32_t>(n * 71 + k));
  std::vector<float> c0 = test_values(m * ldc, static_cast<std::uint32_t>(m + n + k));
  std::vector<float> bias = test_values(n, static_cast<std::uint32_t>(n + 5));
  GemmArgs g{nullptr, ldc, a.data(), transposed_a ? 1 : k, transposed_a ? m : 1, b.data(), ldb, m, n, k, accumulate,
             with_bias ? bias.data() : nullptr};
  std::vector<float> c_order = c0, c_ref = c0, c_scalar = c0;
  g.c = c_order.data();
  documented_order(g);
  g.c = c_ref.data();
  gemm_reference(g);
  g.c = c_scalar.data();
  gemm_scalar(g);
  INFO("m=" << m << " n=" << n << " k=" << k << " transposed=" << transposed_a << " acc=" << accumulate
            << " bias=" << with_bias);
  CHECK(same_bits(c_order, c_ref));
  CHECK(same_bits(c_order, c_scalar));
#if ACTLAB_HAVE_VEC4
  std::vector<float> c_simd = c0;
  g.c = c_simd.data();
  gemm_simd(g);
  CHECK(same_bits(c_order, c_simd));
#endif
}

}  // namespace

TEST_CASE("gemm: scalar and SIMD equal the reference bit for bit over odd shapes", "[trainer][gemm]") {
  const std::size_t sizes[] = {1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 64};
  for (std::size_t m : sizes)
    for (std::size_t n : sizes)
      for (std::size_t k : {std::size_t{1}, std::size_t{3}, std::size_t{8}, std::size_t{17}, std::size_t{64}}) {
        check_shape(m, n, k, false, false);
        check_shape(m, n, k, true, true);
      }
  for (std::size_t m = 1; m <= 17; ++m)
    for (std::size_t n = 1; n <= 17; ++n) {
      check_shape(m, n, m + n, (m + n) % 2 == 0, m % 2 == 0);
      check_shape(m, n, n + 2, m % 3 == 0, false, true);
    }
}

TEST_CASE("gemm: the bias row starts each sum; K longer than a packed panel keeps the order", "[trainer][gemm]") {
  for (std::size_t m : {1, 3, 4, 5, 8, 9})
    for (std::size_t n : {1, 3, 4, 7, 8, 11, 16}) {
      check_shape(m, n, 64, false, false, true);
      check_shape(m, n, 1, true, false, true);
    }
  // K across the SIMD kernel's 256-step panels: 255, 256, 257, 513 and 700.
  for (std::size_t k : {255, 256, 257, 513, 700})
    for (bool transposed : {false, true}) {
      check_shape(8, 12, k, transposed, false);
      check_shape(5, 9, k, transposed, true);
      check_shape(4, 8, k, transposed, false, true);
    }
}

TEST_CASE("gemm: the summation order is observable, so the tests above pin it", "[trainer][gemm]") {
  // Summing the same products in reverse order gives different bits for some
  // element of a 16×16×64 product of the test values: had any kernel
  // reordered a sum, the bit-for-bit checks would have caught it.
  const std::size_t m = 16, n = 16, k = 64;
  std::vector<float> a = test_values(m * k, 3), b = test_values(k * n, 4), c(m * n);
  GemmArgs g{c.data(), n, a.data(), k, 1, b.data(), n, m, n, k, false, nullptr};
  gemm(g);
  std::size_t differing = 0;
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      float reversed = 0.0f;
      for (std::size_t p = k; p-- > 0;) reversed = reversed + a[i * k + p] * b[p * n + j];
      if (std::memcmp(&reversed, &c[i * n + j], sizeof(float)) != 0) ++differing;
    }
  CHECK(differing > 0);
}

TEST_CASE("gemm: known small product and accumulation", "[trainer][gemm]") {
  // [1 2; 3 4] · [5 6 7; 8 9 10] = [21 24 27; 47 54 61]
  std::vector<float> a = {1, 2, 3, 4}, b = {5, 6, 7, 8, 9, 10}, c(6, 1.0f);
  GemmArgs g{c.data(), 3, a.data(), 2, 1, b.data(), 3, 2, 3, 2, false, nullptr};
  gemm(g);
  CHECK(c == std::vector<float>{21, 24, 27, 47, 54, 61});
  g.accumulate = true;
  gemm(g);
  CHECK(c == std::vector<float>{42, 48, 54, 94, 108, 122});
  // k = 0: C = 0 (or unchanged when accumulating)
  g.k = 0;
  gemm(g);
  CHECK(c == std::vector<float>{42, 48, 54, 94, 108, 122});
  g.accumulate = false;
  gemm(g, Impl::scalar);
  CHECK(c == std::vector<float>(6, 0.0f));
}

TEST_CASE("transpose: scalar and SIMD give the transposed matrix, guards untouched", "[trainer][gemm]") {
  for (std::size_t rows : {1, 2, 3, 4, 5, 7, 8, 9, 64})
    for (std::size_t cols : {1, 2, 3, 4, 5, 7, 8, 9, 64}) {
      const std::vector<float> src = test_values(rows * cols, static_cast<std::uint32_t>(rows * 17 + cols));
      for (Impl impl : {Impl::scalar, Impl::simd}) {
        std::vector<float> dst(rows * cols + 2, 7.0f);  // two guard values past the end
        transpose(dst.data(), src.data(), rows, cols, impl);
        bool ok = dst[rows * cols] == 7.0f && dst[rows * cols + 1] == 7.0f;
        for (std::size_t r = 0; r < rows; ++r)
          for (std::size_t c = 0; c < cols; ++c)
            if (std::memcmp(&dst[c * rows + r], &src[r * cols + c], sizeof(float)) != 0) ok = false;
        INFO("rows " << rows << " cols " << cols << " impl " << static_cast<int>(impl));
        CHECK(ok);
      }
    }
}

TEST_CASE("add_column_sums: scalar and SIMD add each column's rows in order, bit for bit", "[trainer][gemm]") {
  for (std::size_t rows : {0, 1, 2, 5, 64})
    for (std::size_t cols : {1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 64}) {
      const std::vector<float> x = test_values(rows * cols, static_cast<std::uint32_t>(rows * 19 + cols));
      const std::vector<float> start = test_values(cols + 1, static_cast<std::uint32_t>(cols));
      std::vector<float> expected = start;  // the documented order, written out; last value a guard
      for (std::size_t j = 0; j < cols; ++j)
        for (std::size_t r = 0; r < rows; ++r) expected[j] = expected[j] + x[r * cols + j];
      for (Impl impl : {Impl::scalar, Impl::simd}) {
        std::vector<float> sums = start;
        add_column_sums(sums.data(), x.data(), rows, cols, impl);
        INFO("rows " << rows << " cols " << cols << " impl " << static_cast<int>(impl));
        CHECK(same_bits(sums, expected));
      }
    }
}
