// The exp-family activations (sigmoid, silu, elu, selu, softplus, mish) and
// the primitives they are built on (expm1, log1p): accuracy over the whole
// float range against double-precision references, specials, and the SIMD
// kernels agreeing with their scalar twins bit for bit.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "accuracy.hpp"
#include "kernels/math/expm1.hpp"

using namespace actlab;
using namespace actlab::test;

namespace {

bool same_bits_or_both_nan(float a, float b) {
  return bits_of(a) == bits_of(b) || (std::isnan(a) && std::isnan(b));
}

}  // namespace

// ============================================================ primitives ===

TEST_CASE("expm1_f32 is within 1.7 ULP of expm1 over the whole float range", "[exp_family][math]") {
  std::vector<float> xs = whole_range_samples(4099);
  for (float x : dense_samples(-20.0f, 89.0f, 200001)) xs.push_back(x);
  for (float x : dense_samples(-1.0f, 1.0f, 200001)) xs.push_back(x);
  double worst = 0;
  float worst_x = 0;
  for (float x : xs) {
    double err = ulp_error(math::expm1_f32(x), std::expm1(static_cast<double>(x)));
    if (err > worst) worst = err, worst_x = x;
  }
  INFO("worst expm1 error " << worst << " ULP at x = " << worst_x);
  CHECK(worst <= 1.7);
  WARN("expm1_f32 worst error: " << worst << " ULP at x = " << worst_x);
}

TEST_CASE("expm1_f32 specials keep the sign of zero and tiny inputs", "[exp_family][math]") {
  CHECK(std::isnan(math::expm1_f32(NAN)));
  CHECK(math::expm1_f32(INFINITY) == INFINITY);
  CHECK(math::expm1_f32(-INFINITY) == -1.0f);
  CHECK(bits_of(math::expm1_f32(0.0f)) == bits_of(0.0f));
  CHECK(bits_of(math::expm1_f32(-0.0f)) == bits_of(-0.0f));
  CHECK(math::expm1_f32(-1e-45f) == -1e-45f);
  CHECK(math::expm1_f32(1e-45f) == 1e-45f);
  CHECK(math::expm1_f32(-1e4f) == -1.0f);
  CHECK(math::expm1_f32(89.0f) == INFINITY);
  CHECK(math::expm1_f32(88.72283f) < INFINITY);  // n = 128: the doubled branch
}

#if ACTLAB_HAVE_VEC4
TEST_CASE("expm1_f4 equals expm1_f32 bit for bit", "[exp_family][math][simd]") {
  std::vector<float> xs = whole_range_samples(65537);
  for (float x : edge_values()) xs.push_back(x);
  for (float x : dense_samples(-20.0f, 89.0f, 20001)) xs.push_back(x);
  while (xs.size() % 4) xs.push_back(1.0f);
  int mismatches = 0;
  for (size_t i = 0; i < xs.size(); i += 4) {
    float out[4];
    vec::f4_store(out, math::expm1_f4(vec::f4_load(&xs[i])));
    for (int l = 0; l < 4; ++l) {
      if (!same_bits_or_both_nan(out[l], math::expm1_f32(xs[i + l]))) {
        ++mismatches;
        UNSCOPED_INFO("x = " << xs[i + l]);
      }
    }
  }
  CHECK(mismatches == 0);
}
#endif
