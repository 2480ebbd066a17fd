// The trainer's matrix product: scalar kernel and SIMD micro-kernel against the
// readable triple loop, bit for bit, over odd shapes, tails, strided
// (transposed) A and accumulation.
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

// Runs all implementations on the same problem and compares the bits.
void check_shape(std::size_t m, std::size_t n, std::size_t k, bool transposed_a, bool accumulate) {
  const std::size_t ldb = n + (n % 3);  // padded rows for some shapes
  const std::size_t ldc = n + (m % 2);
  std::vector<float> a = test_values(m * k, static_cast<std::uint32_t>(m * 131 + k));
  std::vector<float> b = test_values(k * ldb, static_cast<std::uint32_t>(n * 71 + k));
  std::vector<float> c0 = test_values(m * ldc, static_cast<std::uint32_t>(m + n + k));
  GemmArgs g{nullptr, ldc, a.data(), transposed_a ? 1 : k, transposed_a ? m : 1, b.data(), ldb, m, n, k, accumulate};
  std::vector<float> c_ref = c0, c_scalar = c0;
  g.c = c_ref.data();
  gemm_reference(g);
  g.c = c_scalar.data();
  gemm_scalar(g);
  INFO("m=" << m << " n=" << n << " k=" << k << " transposed=" << transposed_a << " acc=" << accumulate);
  CHECK(same_bits(c_ref, c_scalar));
#if ACTLAB_HAVE_VEC4
  std::vector<float> c_simd = c0;
  g.c = c_simd.data();
  gemm_simd(g);
  CHECK(same_bits(c_ref, c_simd));
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
    for (std::size_t n = 1; n <= 17; ++n) check_shape(m, n, m + n, (m + n) % 2 == 0, m % 2 == 0);
}

TEST_CASE("gemm: known small product and accumulation", "[trainer][gemm]") {
  // [1 2; 3 4] · [5 6 7; 8 9 10] = [21 24 27; 47 54 61]
  std::vector<float> a = {1, 2, 3, 4}, b = {5, 6, 7, 8, 9, 10}, c(6, 1.0f);
  GemmArgs g{c.data(), 3, a.data(), 2, 1, b.data(), 3, 2, 3, 2, false};
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
