// The float maths the formula language adds to the kernels' (log, log1p,
// sin, cos, tan, atan, sinh, cosh, erf, pow, powi): accuracy against a
// double-precision reference over stated domains, the specials, and each
// four-lane twin equal to its scalar reference bit for bit.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "accuracy.hpp"
#include "formula/ops.hpp"

using namespace actlab;
using namespace actlab::test;

namespace {

#if ACTLAB_HAVE_VEC4
// Four lanes through a pointer without v128 in its signature: Emscripten
// routes indirect calls inside the tests' try blocks through JavaScript,
// which cannot carry v128 values.
template <vec::f4 (*F)(vec::f4)>
void four_lanes(float* out, const float* in) {
  vec::f4_store(out, F(vec::f4_load(in)));
}
#endif

struct MathCase {
  const char* name;
  float (*scalar)(float);
#if ACTLAB_HAVE_VEC4
  void (*vector)(float* out, const float* in);  // four_lanes<…_f4>
#endif
  double (*reference)(double);
  float lo, hi;      // domain measured
  double max_ulp;    // bound where the reference is a normal float
  double max_abs;    // or this absolute error (sin, cos near their zeros)
};

#if ACTLAB_HAVE_VEC4
#define ACTLAB_TWINS(f32, f4) f32, four_lanes<f4>
#else
#define ACTLAB_TWINS(f32, f4) f32
#endif

const MathCase kCases[] = {
    {"log", ACTLAB_TWINS(math::log_f32, math::log_f4), [](double x) { return std::log(x); }, 1e-30f, 1e30f, 1.0, 0},
    {"log near 1", ACTLAB_TWINS(math::log_f32, math::log_f4), [](double x) { return std::log(x); }, 0.5f, 2.0f, 1.0, 0},
    {"log1p", ACTLAB_TWINS(math::log1p_f32, math::log1p_f4), [](double x) { return std::log1p(x); }, -0.999f, 10.0f,
     2.5, 0},
    {"log1p small", ACTLAB_TWINS(math::log1p_f32, math::log1p_f4), [](double x) { return std::log1p(x); }, -1e-3f,
     1e-3f, 2.5, 0},
    {"log1p large", ACTLAB_TWINS(math::log1p_f32, math::log1p_f4), [](double x) { return std::log1p(x); }, 10.0f,
     1e30f, 2.5, 0},
    {"sin", ACTLAB_TWINS(math::sin_f32, math::sin_f4), [](double x) { return std::sin(x); }, -100.0f, 100.0f, 2.0,
     1e-7},
    {"sin wide", ACTLAB_TWINS(math::sin_f32, math::sin_f4), [](double x) { return std::sin(x); }, -8192.0f, 8192.0f,
     0.0, 1e-7},
    {"cos", ACTLAB_TWINS(math::cos_f32, math::cos_f4), [](double x) { return std::cos(x); }, -100.0f, 100.0f, 2.0,
     1e-7},
    {"cos wide", ACTLAB_TWINS(math::cos_f32, math::cos_f4), [](double x) { return std::cos(x); }, -8192.0f, 8192.0f,
     0.0, 1e-7},
    {"tan", ACTLAB_TWINS(math::tan_f32, math::tan_f4), [](double x) { return std::tan(x); }, -100.0f, 100.0f, 3.5, 0},
    {"atan", ACTLAB_TWINS(math::atan_f32, math::atan_f4), [](double x) { return std::atan(x); }, -10.0f, 10.0f, 3.0, 0},
    {"atan wide", ACTLAB_TWINS(math::atan_f32, math::atan_f4), [](double x) { return std::atan(x); }, -1e6f, 1e6f, 3.0,
     0},
    {"sinh", ACTLAB_TWINS(math::sinh_f32, math::sinh_f4), [](double x) { return std::sinh(x); }, -89.4f, 89.4f, 3.5,
     0},
    {"sinh small", ACTLAB_TWINS(math::sinh_f32, math::sinh_f4), [](double x) { return std::sinh(x); }, -1e-3f, 1e-3f,
     2.0, 0},
    {"cosh", ACTLAB_TWINS(math::cosh_f32, math::cosh_f4), [](double x) { return std::cosh(x); }, -89.4f, 89.4f, 3.5,
     0},
    {"erf", ACTLAB_TWINS(math::erf_f32, math::erf_f4), [](double x) { return std::erf(x); }, -6.0f, 6.0f, 3.0, 0},
    {"erf small", ACTLAB_TWINS(math::erf_f32, math::erf_f4), [](double x) { return std::erf(x); }, -1e-3f, 1e-3f, 3.0,
     0},
};

// Within max_ulp, or within max_abs (when given) absolutely.
bool within(const MathCase& c, float got, double ref) {
  if (ulp_error(got, ref) <= c.max_ulp) return true;
  return c.max_abs > 0 && std::fabs(static_cast<double>(got) - ref) <= c.max_abs;
}

}  // namespace

TEST_CASE("formula maths: accuracy against double over each domain", "[formula][math]") {
  for (const MathCase& c : kCases) {
    double worst = 0;
    float worst_x = 0;
    int failures = 0;
    for (float x : dense_samples(c.lo, c.hi, 400001)) {
      const double ref = c.reference(x);
      const float got = c.scalar(x);
      if (!within(c, got, ref)) ++failures;
      const double err = ulp_error(got, ref);
      if (err > worst) worst = err, worst_x = x;
    }
    INFO(c.name << " on [" << c.lo << ", " << c.hi << "]: worst " << worst << " ULP at x = " << worst_x);
    CHECK(failures == 0);
  }
}

TEST_CASE("formula maths: specials", "[formula][math]") {
  const float inf = INFINITY, nan = NAN;
  CHECK(math::log_f32(0.0f) == -inf);
  CHECK(math::log_f32(-0.0f) == -inf);
  CHECK(math::log_f32(inf) == inf);
  CHECK(std::isnan(math::log_f32(-1.0f)));
  CHECK(std::isnan(math::log_f32(nan)));
  CHECK(math::log_f32(1.0f) == 0.0f);
  CHECK(ulp_error(math::log_f32(1e-45f), std::log(1.401298464324817e-45)) <= 1.0);  // subnormal input
  CHECK(math::log1p_f32(-1.0f) == -inf);
  CHECK(std::isnan(math::log1p_f32(-2.0f)));
  CHECK(math::log1p_f32(inf) == inf);
  CHECK(bits_of(math::log1p_f32(-0.0f)) == bits_of(-0.0f));
  CHECK(math::log1p_f32(1e-30f) == 1e-30f);
  CHECK(std::isnan(math::sin_f32(inf)));
  CHECK(std::isnan(math::cos_f32(-inf)));
  CHECK(std::isnan(math::tan_f32(nan)));
  CHECK(bits_of(math::sin_f32(-0.0f)) == bits_of(-0.0f));
  CHECK(math::cos_f32(0.0f) == 1.0f);
  CHECK(std::fabs(math::sin_f32(1e7f)) <= 1.0f);  // beyond the accurate range: still within [-1, 1]
  CHECK(math::atan_f32(inf) == math::trig_consts::kPiOver2);
  CHECK(math::atan_f32(-inf) == -math::trig_consts::kPiOver2);
  CHECK(bits_of(math::atan_f32(-0.0f)) == bits_of(-0.0f));
  CHECK(math::sinh_f32(inf) == inf);
  CHECK(math::sinh_f32(-inf) == -inf);
  CHECK(math::sinh_f32(89.5f) == inf);
  CHECK(math::sinh_f32(89.4f) < inf);
  CHECK(bits_of(math::sinh_f32(-0.0f)) == bits_of(-0.0f));
  CHECK(math::cosh_f32(-inf) == inf);
  CHECK(math::cosh_f32(0.0f) == 1.0f);
  CHECK(math::erf_f32(inf) == 1.0f);
  CHECK(math::erf_f32(-inf) == -1.0f);
  CHECK(bits_of(math::erf_f32(-0.0f)) == bits_of(-0.0f));
  CHECK(std::isnan(math::erf_f32(nan)));
  // pow: C's special cases.
  CHECK(math::pow_f32(nan, 0.0f) == 1.0f);
  CHECK(math::pow_f32(1.0f, nan) == 1.0f);
  CHECK(math::pow_f32(-2.0f, 3.0f) == -8.0f);
  CHECK(math::pow_f32(-2.0f, 2.0f) == 4.0f);
  CHECK(std::isnan(math::pow_f32(-8.0f, 1.0f / 3.0f)));
  CHECK(math::pow_f32(-0.0f, -1.0f) == -inf);
  CHECK(math::pow_f32(0.0f, -2.0f) == inf);
  CHECK(bits_of(math::pow_f32(-0.0f, 3.0f)) == bits_of(-0.0f));
  CHECK(math::pow_f32(0.0f, 0.5f) == 0.0f);
  CHECK(math::pow_f32(2.0f, 1e9f) == inf);
  CHECK(math::pow_f32(-2.0f, 1e9f) == inf);  // huge exponents are even integers
  CHECK(math::powi_f32(-3.0f, 3) == -27.0f);
  CHECK(math::powi_f32(2.0f, -2) == 0.25f);
  CHECK(math::powi_f32(0.0f, -1) == inf);
  CHECK(math::powi_f32(nan, 0) == 1.0f);
}

TEST_CASE("formula maths: pow and powi accuracy", "[formula][math]") {
  // pow: |y·ln x|·2^-24 relative at most, i.e. ≤ 6e-6 wherever the result is a normal float.
  double worst = 0;
  for (float x : dense_samples(1e-3f, 1e3f, 20001)) {
    for (float y : {-3.5f, -1.5f, -0.5f, 0.25f, 0.5f, 1.5f, 2.5f, 7.25f}) {
      const double ref = std::pow(static_cast<double>(x), static_cast<double>(y));
      if (!(std::fabs(ref) >= FLT_MIN && std::fabs(ref) <= FLT_MAX)) continue;
      const double rel = std::fabs(math::pow_f32(x, y) - ref) / std::fabs(ref);
      worst = std::max(worst, rel);
    }
  }
  INFO("worst relative error of pow " << worst);
  CHECK(worst < 6e-6);
  // powi: a few roundings.
  for (float x : dense_samples(-10.0f, 10.0f, 20001)) {
    for (int n : {2, 3, 5, 8, -1, -2, -7}) {
      const double ref = std::pow(static_cast<double>(x), n);
      if (!(std::fabs(ref) >= FLT_MIN && std::fabs(ref) <= FLT_MAX)) continue;
      INFO("x = " << x << ", n = " << n);
      CHECK(ulp_error(math::powi_f32(x, n), ref) <= 6.0);
    }
  }
}

#if ACTLAB_HAVE_VEC4
TEST_CASE("formula maths: every four-lane twin equals its scalar reference bit for bit", "[formula][math][simd]") {
  std::vector<float> xs = whole_range_samples(40009);
  for (float x : edge_values()) xs.push_back(x);
  for (float x : dense_samples(-100.0f, 100.0f, 20001)) xs.push_back(x);
  while (xs.size() % 4) xs.push_back(0.5f);
  for (const MathCase& c : kCases) {
    int mismatches = 0;
    for (std::size_t i = 0; i < xs.size(); i += 4) {
      float out[4];
      c.vector(out, &xs[i]);
      for (int l = 0; l < 4; ++l) {
        const float want = c.scalar(xs[i + l]);
        if (!(bits_of(out[l]) == bits_of(want) || (std::isnan(out[l]) && std::isnan(want)))) ++mismatches;
      }
    }
    INFO(c.name);
    CHECK(mismatches == 0);
  }
  // pow and powi, two operands.
  const float ys[] = {0.0f, -0.0f, 1.0f, -1.0f, 2.0f, 3.0f, -3.0f, 0.5f, -2.5f, 1e9f, INFINITY, -INFINITY, NAN};
  int mismatches = 0;
  for (std::size_t i = 0; i < xs.size(); i += 4) {
    for (float y : ys) {
      float out[4], outi[4];
      vec::f4_store(out, math::pow_f4(vec::f4_load(&xs[i]), vec::f4_splat(y)));
      vec::f4_store(outi, math::powi_f4(vec::f4_load(&xs[i]), -3));
      for (int l = 0; l < 4; ++l) {
        const float want = math::pow_f32(xs[i + l], y), want_i = math::powi_f32(xs[i + l], -3);
        if (!(bits_of(out[l]) == bits_of(want) || (std::isnan(out[l]) && std::isnan(want)))) ++mismatches;
        if (!(bits_of(outi[l]) == bits_of(want_i) || (std::isnan(outi[l]) && std::isnan(want_i)))) ++mismatches;
      }
    }
  }
  CHECK(mismatches == 0);
}
#endif
