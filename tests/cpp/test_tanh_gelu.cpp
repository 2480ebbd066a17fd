// tanh, gelu and gelu_tanh (math/tanh.hpp, math/gelu.hpp and their kernels):
// accuracy over the whole float range against the double references of
// reference.hpp, the specials, and the SIMD twins agreeing with the scalar
// references bit for bit (element functions and whole kernels, every length,
// in place). The worst errors seen are reported with WARN.
#include <catch2/catch.hpp>

#include <cfloat>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "accuracy.hpp"
#include "actlab/activations.hpp"
#include "kernels/math/gelu.hpp"
#include "kernels/math/tanh.hpp"
#include "reference.hpp"

using namespace actlab;
using namespace actlab::test;

namespace {

using ElementFn = float (*)(float);
#if ACTLAB_HAVE_VEC4
// The four-lane functions are reached through arrays: a v128 argument must
// not cross an indirect call, which Emscripten's exception handling may route
// through JavaScript ("type incompatibility when transforming from/to JS").
using VectorArrayFn = void (*)(float* out, const float* in, std::size_t n);  // n % 4 == 0

template <vec::f4 (*F)(vec::f4)>
void apply_f4(float* out, const float* in, std::size_t n) {
  for (std::size_t i = 0; i < n; i += 4) vec::f4_store(out + i, F(vec::f4_load(in + i)));
}
#endif

struct Function {
  const char* name;
  Act act;
  bool derivative;
  ElementFn scalar;
#if ACTLAB_HAVE_VEC4
  VectorArrayFn simd;
#endif
};

#if ACTLAB_HAVE_VEC4
#define ACTLAB_FN(name, act, deriv, f) {name, act, deriv, math::f##_f32, apply_f4<math::f##_f4>}
#else
#define ACTLAB_FN(name, act, deriv, f) {name, act, deriv, math::f##_f32}
#endif

const std::vector<Function>& functions() {
  static const std::vector<Function> list = {
      ACTLAB_FN("tanh", Act::tanh, false, tanh),
      ACTLAB_FN("tanh'", Act::tanh, true, tanh_derivative),
      ACTLAB_FN("gelu", Act::gelu, false, gelu),
      ACTLAB_FN("gelu'", Act::gelu, true, gelu_derivative),
      ACTLAB_FN("gelu_tanh", Act::gelu_tanh, false, gelu_tanh),
      ACTLAB_FN("gelu_tanh'", Act::gelu_tanh, true, gelu_tanh_derivative),
  };
  return list;
}
#undef ACTLAB_FN

double reference(const Function& f, float z) {
  const ActParams p = default_params(f.act);
  return f.derivative ? ref_derivative(f.act, z, p) : ref_forward(f.act, z, p);
}

bool same_bits_or_both_nan(float a, float b) {
  return bits_of(a) == bits_of(b) || (std::isnan(a) && std::isnan(b));
}

// Edge values of issue #2 plus the places where these kernels switch formula
// or where the results turn subnormal, approached from both sides (gelu_tanh:
// its clamps at −10.125, −9 and 9.8, and e^(−v) overflowing near −10.06).
std::vector<float> probe_values() {
  std::vector<float> v = edge_values();
  for (float x : {1e-45f, 3e-45f, 1e-40f, 1e-38f, 1e-20f, 1e-10f, 1e-5f, 0.1f, 0.5f, 0.55f, 0.6f, 0.75179152f,
                  0.8f, 1.0f, 1.25f, 1.5f, 2.0f, 3.0f, 5.0f, 5.5f, 9.0f, 9.8f, 10.0f, 10.06f, 10.1f, 10.125f, 10.5f,
                  12.0f, 12.9f, 13.0f, 13.2f, 14.0f, 20.0f, 52.0f, 88.0f, 89.0f, 1e4f, 7e12f, 1e13f, 1e19f, 2e19f,
                  1e30f, 3e38f}) {
    for (float s : {x, std::nextafter(x, 0.0f), std::nextafter(x, INFINITY)}) {
      v.push_back(s);
      v.push_back(-s);
    }
  }
  return v;
}

// Everything the accuracy test sweeps: whole range, dense in the interesting
// interval, probes.
std::vector<float> accuracy_inputs() {
  std::vector<float> v = whole_range_samples(4099);
  for (float x : dense_samples(-15.0f, 15.0f, 300001)) v.push_back(x);
  for (float x : dense_samples(-1.6f, 0.0f, 100001)) v.push_back(x);  // where the derivatives cross zero
  for (float x : probe_values()) v.push_back(x);
  return v;
}

struct Worst {
  double ulp = 0;  // where the bound is in ULP: forward with |ref| ≥ FLT_MIN; every derivative
  float ulp_at = 0;
  double abs = 0;  // derivative only: absolute error where it exceeds 8 ULP
  float abs_at = 0;
  long failures = 0;
  std::string first_failure;
};

}  // namespace

TEST_CASE("tanh, gelu, gelu_tanh: forward within 4 ULP, derivative within max(8 ULP, 6e-8), whole float range",
          "[tanh_gelu][accuracy]") {
  const std::vector<float> zs = accuracy_inputs();
  for (const Function& f : functions()) {
    Worst w;
    for (float z : zs) {
      const float got = f.scalar(z);
      const double ref = reference(f, z);
      const bool ok = f.derivative ? derivative_within_bounds(got, ref) : forward_within_bounds(got, ref);
      if (!ok && w.failures++ == 0)
        w.first_failure = std::string(f.name) + "(" + std::to_string(z) + ") = " + std::to_string(got) +
                          ", reference " + std::to_string(ref);
      if (std::isnan(ref)) continue;
      const double ulp = ulp_error(got, ref);
      if (f.derivative) {
        // Each error against the bound that applies: ULP where the absolute
        // error exceeds 6e-8, absolute where the ULP error exceeds 8.
        const double abs_err = std::fabs(static_cast<double>(got) - ref);
        if (ulp > kDerivativeMaxUlp && abs_err > w.abs) w.abs = abs_err, w.abs_at = z;
        if (abs_err > kDerivativeAbs && ulp > w.ulp) w.ulp = ulp, w.ulp_at = z;
      } else if (std::fabs(ref) >= FLT_MIN && ulp > w.ulp) {
        w.ulp = ulp, w.ulp_at = z;
      }
    }
    INFO(f.name << ": " << w.failures << " of " << zs.size() << " out of bounds; first: " << w.first_failure);
    CHECK(w.failures == 0);
    if (f.derivative)
      WARN(f.name << " worst error: " << w.ulp << " ULP at z = " << w.ulp_at << " (points with abs error > 6e-8); "
                  << w.abs << " absolute at z = " << w.abs_at << " (points with ULP error > 8)");
    else
      WARN(f.name << " worst error: " << w.ulp << " ULP at z = " << w.ulp_at << " (|ref| >= FLT_MIN)");
  }
}

TEST_CASE("tanh, gelu, gelu_tanh: specials and signed zeros", "[tanh_gelu]") {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  auto bits_equal = [](float a, float b) { return bits_of(a) == bits_of(b); };

  // tanh is odd and exactly z for tiny z, ±1 for large |z|.
  CHECK(bits_equal(math::tanh_f32(0.0f), 0.0f));
  CHECK(bits_equal(math::tanh_f32(-0.0f), -0.0f));
  CHECK(math::tanh_f32(1e-45f) == 1e-45f);
  CHECK(math::tanh_f32(-1e-45f) == -1e-45f);
  CHECK(math::tanh_f32(1e-38f) == 1e-38f);
  CHECK(math::tanh_f32(inf) == 1.0f);
  CHECK(math::tanh_f32(-inf) == -1.0f);
  CHECK(math::tanh_f32(20.0f) == 1.0f);
  CHECK(math::tanh_f32(-3e38f) == -1.0f);
  CHECK(math::tanh_derivative_f32(0.0f) == 1.0f);
  CHECK(math::tanh_derivative_f32(inf) == 0.0f);
  CHECK(math::tanh_derivative_f32(-inf) == 0.0f);

  // gelu: z·Φ(z); the limits at ±inf (PyTorch gives NaN at -inf: inf·0).
  CHECK(bits_equal(math::gelu_f32(0.0f), 0.0f));
  CHECK(bits_equal(math::gelu_f32(-0.0f), -0.0f));
  CHECK(math::gelu_f32(inf) == inf);
  CHECK(bits_equal(math::gelu_f32(-inf), -0.0f));
  CHECK(math::gelu_f32(3e38f) == 3e38f);
  CHECK(math::gelu_f32(-3e38f) == 0.0f);
  CHECK(math::gelu_derivative_f32(0.0f) == 0.5f);
  CHECK(math::gelu_derivative_f32(inf) == 1.0f);
  CHECK(math::gelu_derivative_f32(-inf) == 0.0f);
  // The deep negative tail keeps relative accuracy: gelu(-10) ≈ -7.6e-23.
  CHECK(ulp_error(math::gelu_f32(-10.0f), -10.0 * 0.5 * std::erfc(10.0 / std::sqrt(2.0))) <= 4.0);
  CHECK(ulp_error(math::gelu_f32(-12.5f), -12.5 * 0.5 * std::erfc(12.5 / std::sqrt(2.0))) <= 4.0);

  // gelu_tanh: the same limits.
  CHECK(bits_equal(math::gelu_tanh_f32(0.0f), 0.0f));
  CHECK(bits_equal(math::gelu_tanh_f32(-0.0f), -0.0f));
  CHECK(math::gelu_tanh_f32(inf) == inf);
  CHECK(bits_equal(math::gelu_tanh_f32(-inf), -0.0f));
  CHECK(math::gelu_tanh_f32(3e38f) == 3e38f);
  CHECK(math::gelu_tanh_f32(-3e38f) == 0.0f);
  CHECK(math::gelu_tanh_derivative_f32(0.0f) == 0.5f);
  CHECK(math::gelu_tanh_derivative_f32(inf) == 1.0f);
  CHECK(math::gelu_tanh_derivative_f32(-inf) == 0.0f);
  CHECK(ulp_error(math::gelu_tanh_f32(-10.0f),
                  ref_forward(Act::gelu_tanh, -10.0, default_params(Act::gelu_tanh))) <= 4.0);

  // NaN in, NaN out; no NaN for any other input (z³ and z² overflow far out).
  for (const Function& f : functions()) {
    INFO(f.name);
    CHECK(std::isnan(f.scalar(nan)));
    CHECK(std::isnan(f.scalar(-nan)));
    for (float z : probe_values()) {
      INFO("z = " << z);
      if (!std::isnan(z)) CHECK(!std::isnan(f.scalar(z)));
    }
  }
}

#if ACTLAB_HAVE_VEC4
TEST_CASE("tanh, gelu, gelu_tanh: four-lane twins equal the scalar functions bit for bit", "[tanh_gelu][simd]") {
  std::vector<float> zs = whole_range_samples(65537);
  for (float x : dense_samples(-16.0f, 16.0f, 40001)) zs.push_back(x);
  for (float x : probe_values()) zs.push_back(x);
  zs.push_back(std::numeric_limits<float>::quiet_NaN());
  zs.push_back(-std::numeric_limits<float>::quiet_NaN());
  while (zs.size() % 4) zs.push_back(0.25f);
  for (const Function& f : functions()) {
    long mismatches = 0;
    std::string first;
    std::vector<float> out(zs.size());
    f.simd(out.data(), zs.data(), zs.size());
    for (std::size_t i = 0; i < zs.size(); ++i) {
      const float want = f.scalar(zs[i]);
      if (!same_bits_or_both_nan(out[i], want) && mismatches++ == 0)
        first = "z = " + std::to_string(zs[i]) + ": simd " + std::to_string(out[i]) + ", scalar " +
                std::to_string(want);
    }
    INFO(f.name << ": first mismatch " << first);
    CHECK(mismatches == 0);
  }
}
#endif

TEST_CASE("tanh, gelu, gelu_tanh kernels: every length, in place, SIMD table equal to scalar table",
          "[tanh_gelu][lengths]") {
  const std::vector<float> pool = probe_values();
  const KernelTable& scalar_table = kernel_table(Impl::scalar);
  const KernelTable& default_table = kernel_table(Impl::simd);  // the scalar one again in scalar builds
  const float kSentinel = 12345.678f;
  for (Act act : {Act::tanh, Act::gelu, Act::gelu_tanh}) {
    const ActParams p = default_params(act);
    const int a = static_cast<int>(act);
    for (std::size_t n : {0, 1, 3, 4, 5, 7, 8, 9, 17, 1000}) {
      INFO("activation " << a << ", n = " << n);
      std::vector<float> z(n), dy(n);
      for (std::size_t i = 0; i < n; ++i) {
        z[i] = pool[(i * 7) % pool.size()];
        dy[i] = static_cast<float>(1 + i % 5) * 0.5f;
      }
      std::vector<float> y_ref(n + 1, kSentinel), y(n + 1, kSentinel);
      std::vector<float> d_ref(n + 1, kSentinel), d(n + 1, kSentinel);
      std::vector<float> ddy_ref(n + 1, kSentinel), ddy(n + 1, kSentinel);
      scalar_table.forward[a](y_ref.data(), z.data(), n, p);
      scalar_table.backward[a](d_ref.data(), z.data(), nullptr, n, p);
      scalar_table.backward[a](ddy_ref.data(), z.data(), dy.data(), n, p);
      default_table.forward[a](y.data(), z.data(), n, p);
      default_table.backward[a](d.data(), z.data(), nullptr, n, p);
      default_table.backward[a](ddy.data(), z.data(), dy.data(), n, p);
      long mismatches = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (!same_bits_or_both_nan(y[i], y_ref[i])) ++mismatches;
        if (!same_bits_or_both_nan(d[i], d_ref[i])) ++mismatches;
        if (!same_bits_or_both_nan(ddy[i], ddy_ref[i])) ++mismatches;
        if (!same_bits_or_both_nan(ddy_ref[i], dy[i] * d_ref[i])) ++mismatches;
      }
      CHECK(mismatches == 0);
      // Nothing written past n.
      CHECK(y[n] == kSentinel);
      CHECK(d[n] == kSentinel);
      CHECK(ddy[n] == kSentinel);

      // In place: y over z, and dz over dy.
      std::vector<float> inplace = z;
      default_table.forward[a](inplace.data(), inplace.data(), n, p);
      long inplace_mismatches = 0;
      for (std::size_t i = 0; i < n; ++i)
        if (!same_bits_or_both_nan(inplace[i], y_ref[i])) ++inplace_mismatches;
      std::vector<float> grad = dy;
      default_table.backward[a](grad.data(), z.data(), grad.data(), n, p);
      for (std::size_t i = 0; i < n; ++i)
        if (!same_bits_or_both_nan(grad[i], ddy_ref[i])) ++inplace_mismatches;
      CHECK(inplace_mismatches == 0);
    }
  }
}

TEST_CASE("tanh, gelu, gelu_tanh scalar kernels are the element functions", "[tanh_gelu]") {
  const std::vector<float> z = probe_values();
  const std::size_t n = z.size();
  const KernelTable& scalar_table = kernel_table(Impl::scalar);
  struct Pair {
    Act act;
    ElementFn f, df;
  };
  for (const Pair& pair : {Pair{Act::tanh, math::tanh_f32, math::tanh_derivative_f32},
                           Pair{Act::gelu, math::gelu_f32, math::gelu_derivative_f32},
                           Pair{Act::gelu_tanh, math::gelu_tanh_f32, math::gelu_tanh_derivative_f32}}) {
    const int a = static_cast<int>(pair.act);
    std::vector<float> y(n), d(n);
    scalar_table.forward[a](y.data(), z.data(), n, default_params(pair.act));
    scalar_table.backward[a](d.data(), z.data(), nullptr, n, default_params(pair.act));
    long mismatches = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!same_bits_or_both_nan(y[i], pair.f(z[i]))) ++mismatches;
      if (!same_bits_or_both_nan(d[i], pair.df(z[i]))) ++mismatches;
    }
    INFO("activation " << a);
    CHECK(mismatches == 0);
  }
}
