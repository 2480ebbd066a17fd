// test_rng.cpp — the seeded generator (PCG32) and the deterministic double
// math it and the data generators rely on.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "actlab/rng.hpp"
#include "util/detmath.hpp"

using actlab::Rng;

TEST_CASE("PCG32 matches the reference implementation's known answers", "[rng]") {
  // pcg32-demo.c: pcg32_srandom_r(&rng, 42u, 54u), then six pcg32_random_r.
  Rng rng(42u, 54u);
  const std::uint32_t expected[] = {0xa15c02b7u, 0x7b47f409u, 0xba1d3330u,
                                    0x83d2f293u, 0xbfa4784bu, 0xcbed606eu};
  for (std::uint32_t want : expected) CHECK(rng.next_u32() == want);
}

TEST_CASE("same seed and stream give the same sequence, others differ", "[rng]") {
  Rng a(7), b(7), other_seed(8), other_stream(7, 55);
  int differ_seed = 0, differ_stream = 0;
  for (int i = 0; i < 100; ++i) {
    const std::uint32_t x = a.next_u32();
    CHECK(x == b.next_u32());
    differ_seed += x != other_seed.next_u32();
    differ_stream += x != other_stream.next_u32();
  }
  CHECK(differ_seed > 95);
  CHECK(differ_stream > 95);
}

TEST_CASE("uniform draws stay in [0, 1) and have the right mean", "[rng]") {
  Rng rng(1);
  const int n = 200000;
  double sum = 0.0, sum_float = 0.0;
  double min = 1.0, max = 0.0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    const float f = rng.uniform_float();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    REQUIRE(f >= 0.0f);
    REQUIRE(f < 1.0f);
    sum += u;
    sum_float += f;
    min = std::fmin(min, u);
    max = std::fmax(max, u);
  }
  // Standard error of the mean is 1/sqrt(12 n) ≈ 6.5e-4; allow 5σ.
  CHECK(std::fabs(sum / n - 0.5) < 3.3e-3);
  CHECK(std::fabs(sum_float / n - 0.5) < 3.3e-3);
  CHECK(min < 1e-4);
  CHECK(max > 1.0 - 1e-4);
  for (int i = 0; i < 1000; ++i) {
    const double x = rng.uniform(-3.0, 5.0);
    REQUIRE(x >= -3.0);
    REQUIRE(x < 5.0);
  }
}

TEST_CASE("below(bound) is in range and every value is about equally likely", "[rng]") {
  Rng rng(3);
  for (std::uint32_t bound : {1u, 2u, 3u, 7u, 1000u, 0x80000001u, 0xffffffffu}) {
    for (int i = 0; i < 2000; ++i) REQUIRE(rng.below(bound) < bound);
  }
  CHECK(rng.below(0u) == 0u);

  const int bound = 6, n = 600000;
  std::vector<int> counts(bound, 0);
  for (int i = 0; i < n; ++i) ++counts[rng.below(bound)];
  // Each count is binomial(n, 1/6): σ ≈ 289; allow 5σ.
  for (int c : counts) CHECK(std::abs(c - n / bound) < 1450);
}

TEST_CASE("normal draws have mean 0, variance 1 and normal tails", "[rng]") {
  Rng rng(11);
  const int n = 400000;
  double sum = 0.0, sum_sq = 0.0;
  int beyond_2sigma = 0;
  for (int i = 0; i < n; ++i) {
    const double z = rng.normal();
    REQUIRE(std::isfinite(z));
    sum += z;
    sum_sq += z * z;
    beyond_2sigma += std::fabs(z) > 2.0;
  }
  const double mean = sum / n;
  const double variance = sum_sq / n - mean * mean;
  CHECK(std::fabs(mean) < 0.008);            // σ of the mean ≈ 0.0016
  CHECK(std::fabs(variance - 1.0) < 0.012);  // σ of the variance ≈ 0.0022
  // P(|Z| > 2) = 0.0455.
  CHECK(std::fabs(static_cast<double>(beyond_2sigma) / n - 0.0455) < 0.0025);
}

// ------------------------------------------------------------ detmath ---

namespace {

double relative_error(double got, double want) {
  if (got == want) return 0.0;
  return std::fabs(got - want) / std::fmax(std::fabs(want), 1e-300);
}

}  // namespace

TEST_CASE("det_log agrees with std::log to 1e-15 over the whole range", "[rng][detmath]") {
  Rng rng(5);
  double worst = 0.0;
  for (int i = 0; i < 200000; ++i) {
    // Uniform in the exponent: covers tiny, subnormal-adjacent and huge values.
    const double x = std::ldexp(1.0 + rng.uniform(), static_cast<int>(rng.below(2040)) - 1020);
    worst = std::fmax(worst, relative_error(actlab::det_log(x), std::log(x)));
  }
  for (double x : {1.0, 2.0, 0.5, 1.0 + 1e-12, 1.0 - 1e-12, 1e-310, 4.9e-324, 1.7e308}) {
    const double want = std::log(x);
    worst = std::fmax(worst, x == 1.0 ? std::fabs(actlab::det_log(x)) : relative_error(actlab::det_log(x), want));
  }
  CHECK(worst < 1e-15);
  CHECK(std::isnan(actlab::det_log(-1.0)));
  CHECK(std::isnan(actlab::det_log(std::nan(""))));
  CHECK(actlab::det_log(0.0) == -INFINITY);
  CHECK(actlab::det_log(INFINITY) == INFINITY);
}

TEST_CASE("det_exp agrees with std::exp to 1e-15 in the normal range", "[rng][detmath]") {
  Rng rng(6);
  double worst = 0.0;
  for (int i = 0; i < 200000; ++i) {
    const double x = rng.uniform(-708.0, 709.7);
    worst = std::fmax(worst, relative_error(actlab::det_exp(x), std::exp(x)));
  }
  for (int i = 0; i < 50000; ++i) {
    const double x = rng.uniform(-1.0, 1.0);
    worst = std::fmax(worst, relative_error(actlab::det_exp(x), std::exp(x)));
  }
  CHECK(worst < 1e-15);
  CHECK(actlab::det_exp(0.0) == 1.0);
  CHECK(actlab::det_exp(710.0) == INFINITY);
  CHECK(actlab::det_exp(-800.0) == 0.0);
  CHECK(actlab::det_exp(-INFINITY) == 0.0);
  CHECK(actlab::det_exp(INFINITY) == INFINITY);
  // Subnormal results: absolute error within one subnormal step.
  CHECK(std::fabs(actlab::det_exp(-740.0) - std::exp(-740.0)) <= 4.95e-324);
}

TEST_CASE("det_sin and det_cos agree with std:: to 1e-15 for |x| <= 1e6", "[rng][detmath]") {
  Rng rng(7);
  double worst_abs = 0.0, worst_rel_small = 0.0;
  for (int i = 0; i < 200000; ++i) {
    const double x = i % 2 ? rng.uniform(-1e6, 1e6) : rng.uniform(-20.0, 20.0);
    worst_abs = std::fmax(worst_abs, std::fabs(actlab::det_sin(x) - std::sin(x)));
    worst_abs = std::fmax(worst_abs, std::fabs(actlab::det_cos(x) - std::cos(x)));
  }
  for (int i = 0; i < 50000; ++i) {
    const double x = std::ldexp(rng.uniform(), -static_cast<int>(rng.below(60)));  // near 0
    worst_rel_small = std::fmax(worst_rel_small, relative_error(actlab::det_sin(x), std::sin(x)));
  }
  CHECK(worst_abs < 1e-15);
  CHECK(worst_rel_small < 1e-15);
  CHECK(actlab::det_sin(0.0) == 0.0);
  CHECK(actlab::det_cos(0.0) == 1.0);
  CHECK(std::isnan(actlab::det_sin(INFINITY)));
  CHECK(std::isnan(actlab::det_cos(std::nan(""))));
}
