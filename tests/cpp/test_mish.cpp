// mish's own maths (kernels/math/mish.hpp): the bit-built e^z it uses, the
// clamp values it relies on to skip a select for large z, and a dense sweep
// of the range where its two forward forms meet and where its results turn
// subnormal. The general accuracy, specials and SIMD-vs-scalar checks of
// mish are in test_exp_family.cpp with the other exp-family activations.
#include <catch2/catch.hpp>

#include <cfloat>
#include <cmath>
#include <vector>

#include "accuracy.hpp"
#include "kernels/math/mish.hpp"

using namespace actlab;
using namespace actlab::test;

namespace {
double ref_softplus(double z) { return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }
double ref_mish(double z) { return z * std::tanh(ref_softplus(z)); }
}  // namespace

TEST_CASE("mish_exp_f32 is e^x·2^64 and e^x within 1.05 ULP where mish uses them", "[mish][math]") {
  using namespace math::mish_consts;
  double worst = 0;
  float worst_x = 0;
  // 2^(n + 64) is a normal float for n ≥ −189 (x ≥ −131).
  for (float x : dense_samples(-131.0f, kForwardZMax, 300001)) {
    double err =
        ulp_error(math::mish_exp_f32(x, kMagicScaled).e, std::ldexp(std::exp(static_cast<double>(x)), 64));
    if (err > worst) worst = err, worst_x = x;
  }
  for (float x : dense_samples(-87.0f, kDerivativeZMax, 300001)) {
    double err = ulp_error(math::mish_exp_f32(x, kMagicPlain).e, std::exp(static_cast<double>(x)));
    if (err > worst) worst = err, worst_x = x;
  }
  INFO("worst error " << worst << " ULP at x = " << worst_x);
  CHECK(worst <= 1.05);
  // The clamp floors give exactly 0, so mish(−inf) = −0 and mish'(−inf) = 0.
  CHECK(math::mish_exp_f32(kForwardZMin, kMagicScaled).e == 0.0f);
  CHECK(math::mish_exp_f32(kDerivativeZMin, kMagicPlain).e == 0.0f);
}

TEST_CASE("mish clamps: the values at the clamp ceilings are exactly z and 1", "[mish][math]") {
  using namespace math::mish_consts;
  // Every input above a ceiling computes with the ceiling, so these are the
  // results for all larger z (the kernels have no select for that side).
  CHECK(math::mish_derivative_f32(kDerivativeZMax) == 1.0f);
  for (float z : {kForwardZMax, 20.5f, 44.0f, 1e4f, 3e38f, FLT_MAX, INFINITY}) {
    INFO("z = " << z);
    CHECK(math::mish_f32(z) == z);
    CHECK(math::mish_derivative_f32(z) == 1.0f);
  }
  // Every float from just below the derivative's ceiling to past the
  // forward's: f' is 1 from the ceiling on, and within 4 ULP of 1 below it.
  int not_one_above = 0, far_below = 0;
  for (float z = 17.0f; z < 22.0f; z = std::nextafter(z, INFINITY)) {
    const float d = math::mish_derivative_f32(z);
    if (z >= kDerivativeZMax && d != 1.0f) ++not_one_above;
    if (std::fabs(d - 1.0f) > 4 * FLT_EPSILON) ++far_below;
  }
  CHECK(not_one_above == 0);
  CHECK(far_below == 0);
}

TEST_CASE("mish forward within 4 ULP on a dense sweep of [-140, 25]", "[mish][accuracy]") {
  // Denser than the exp-family sweep where mish's forward changes form
  // (z ≈ −0.35), where e^z turns subnormal (z < −87) and its result does
  // (z < −92, 1e-37 absolute allowed there), and at the clamps.
  std::vector<float> zs = dense_samples(-140.0f, 25.0f, 1000001);
  for (float z : dense_samples(-1.0f, 0.5f, 300001)) zs.push_back(z);
  double worst = 0;
  float worst_z = 0;
  int failures = 0;
  for (float z : zs) {
    const double ref = ref_mish(z);
    const float got = math::mish_f32(z);
    const double err = ulp_error(got, ref);
    const bool ok = err <= 4.0 || (std::fabs(ref) < FLT_MIN && std::fabs(got - ref) <= 1e-37);
    if (!ok && ++failures <= 5) UNSCOPED_INFO("mish(" << z << ") = " << got << ", want " << ref);
    if (std::fabs(ref) >= FLT_MIN && err > worst) worst = err, worst_z = z;
  }
  CHECK(failures == 0);
  WARN("mish_f32 worst error on the dense sweep: " << worst << " ULP at z = " << worst_z);
}
