// The exp primitive every transcendental kernel builds on: accuracy over the
// whole float range, specials, and the SIMD twin agreeing bit for bit.
#include <catch2/catch.hpp>

#include <cmath>

#include "accuracy.hpp"
#include "kernels/math/exp.hpp"

using namespace actlab;
using namespace actlab::test;

TEST_CASE("exp_f32 is within 1.5 ULP of exp over the whole float range", "[math][exp]") {
  std::vector<float> xs = whole_range_samples(4099);
  for (float x : dense_samples(-104.0f, 89.0f, 200001)) xs.push_back(x);
  double worst = 0;
  float worst_x = 0;
  for (float x : xs) {
    double err = ulp_error(math::exp_f32(x), std::exp(static_cast<double>(x)));
    if (err > worst) worst = err, worst_x = x;
  }
  INFO("worst exp error " << worst << " ULP at x = " << worst_x);
  CHECK(worst <= 1.5);
  WARN("exp_f32 worst error: " << worst << " ULP at x = " << worst_x);
}

TEST_CASE("exp_f32 specials", "[math][exp]") {
  CHECK(std::isnan(math::exp_f32(NAN)));
  CHECK(math::exp_f32(INFINITY) == INFINITY);
  CHECK(math::exp_f32(-INFINITY) == 0.0f);
  CHECK(math::exp_f32(0.0f) == 1.0f);
  CHECK(math::exp_f32(-0.0f) == 1.0f);
  CHECK(math::exp_f32(89.0f) == INFINITY);
  CHECK(math::exp_f32(-1e4f) == 0.0f);
  CHECK(math::exp_f32(88.72283f) < INFINITY);  // just below overflow
}

#if ACTLAB_HAVE_VEC4
TEST_CASE("exp_f4 equals exp_f32 bit for bit", "[math][exp][simd]") {
  std::vector<float> xs = whole_range_samples(65537);
  for (float x : edge_values()) xs.push_back(x);
  while (xs.size() % 4) xs.push_back(1.0f);
  for (size_t i = 0; i < xs.size(); i += 4) {
    float out[4];
    vec::f4_store(out, math::exp_f4(vec::f4_load(&xs[i])));
    for (int l = 0; l < 4; ++l) {
      float want = math::exp_f32(xs[i + l]);
      INFO("x = " << xs[i + l]);
      CHECK((bits_of(out[l]) == bits_of(want) || (std::isnan(out[l]) && std::isnan(want))));
    }
  }
}
#endif
