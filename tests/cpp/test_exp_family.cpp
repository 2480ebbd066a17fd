// The exp-family activations (sigmoid, silu, elu, selu, softplus, mish) and
// the primitives they are built on (expm1, log1p): accuracy over the whole
// float range against double-precision references, specials, and the SIMD
// kernels agreeing with their scalar twins bit for bit.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "accuracy.hpp"
#include "actlab/activations.hpp"
#include "kernels/math/exp_scaled.hpp"
#include "kernels/math/expm1.hpp"
#include "kernels/math/log1p.hpp"

using namespace actlab;
using namespace actlab::test;

namespace {

bool same_bits_or_both_nan(float a, float b) {
  return bits_of(a) == bits_of(b) || (std::isnan(a) && std::isnan(b));
}

// ----- double-precision references (PyTorch semantics) ----------------------
// Arranged so that double evaluation is accurate far below float precision in
// the tails: no 1 − σ, no inf·0, no overflow.
constexpr double kSeluScale = 1.0507009873554804934193349852946;
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;

double ref_sigmoid(double z) {
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  double e = std::exp(z);
  return e / (1.0 + e);
}
double ref_sigmoid_derivative(double z) {
  double e = std::exp(-std::fabs(z));
  return e / ((1.0 + e) * (1.0 + e));
}
double ref_softplus1(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }
// 1 − tanh²(s) = 4e/(1 + e)², e = e^−2|s|
double ref_sech2(double s) {
  double e = std::exp(-2.0 * std::fabs(s));
  return 4.0 * e / ((1.0 + e) * (1.0 + e));
}

double ref_forward(Act a, double z, const ActParams& p) {
  if (std::isnan(z)) return z;
  switch (a) {
    case Act::sigmoid:
      return ref_sigmoid(z);
    case Act::silu:
      return std::isinf(z) ? (z > 0 ? z : -0.0) : z * ref_sigmoid(z);
    case Act::elu:
      return z > 0 ? z : p.p[0] * std::expm1(z);
    case Act::selu:
      return kSeluScale * (z > 0 ? z : kSeluAlpha * std::expm1(z));
    case Act::softplus: {
      // PyTorch decides the branch on the float product beta·z.
      if (static_cast<float>(z) * p.p[0] > p.p[1]) return z;
      return ref_softplus1(static_cast<double>(p.p[0]) * z) / p.p[0];
    }
    case Act::mish:
      return std::isinf(z) ? (z > 0 ? z : -0.0) : z * std::tanh(ref_softplus1(z));
    default:
      return NAN;
  }
}

double ref_derivative(Act a, double z, const ActParams& p) {
  if (std::isnan(z)) return z;
  switch (a) {
    case Act::sigmoid:
      return ref_sigmoid_derivative(z);
    case Act::silu:
      if (std::isinf(z)) return z > 0 ? 1.0 : 0.0;
      return ref_sigmoid(z) + z * ref_sigmoid(z) * ref_sigmoid(-z);
    case Act::elu:
      return z > 0 ? 1.0 : p.p[0] * std::exp(z);
    case Act::selu:
      return kSeluScale * (z > 0 ? 1.0 : kSeluAlpha * std::exp(z));
    case Act::softplus:
      if (static_cast<float>(z) * p.p[0] > p.p[1]) return 1.0;
      return ref_sigmoid(static_cast<double>(p.p[0]) * z);
    case Act::mish: {
      if (std::isinf(z)) return z > 0 ? 1.0 : 0.0;
      double s = ref_softplus1(z);
      return std::tanh(s) + z * ref_sigmoid(z) * ref_sech2(s);
    }
    default:
      return NAN;
  }
}

// The bounds of issue #2.
bool forward_ok(float got, double ref) {
  if (ulp_error(got, ref) <= 4.0) return true;
  return std::fabs(ref) < FLT_MIN && std::fabs(static_cast<double>(got) - ref) <= 1e-37;
}
bool derivative_ok(float got, double ref) {
  if (ulp_error(got, ref) <= 8.0) return true;
  return std::fabs(static_cast<double>(got) - ref) <= 6e-8;
}

struct Case {
  Act act;
  const char* label;
  ActParams params;
};

ActParams with(Act a, float p0, float p1) {
  ActParams p = default_params(a);
  p.p[0] = p0;
  p.p[1] = p1;
  return p;
}

std::vector<Case> exp_family_cases() {
  return {
      {Act::sigmoid, "sigmoid", default_params(Act::sigmoid)},
      {Act::silu, "silu", default_params(Act::silu)},
      {Act::elu, "elu", default_params(Act::elu)},
      {Act::elu, "elu alpha=0.3", with(Act::elu, 0.3f, 0.0f)},
      {Act::elu, "elu alpha=10", with(Act::elu, 10.0f, 0.0f)},
      // elu's kernels pick a form by α (= 1, ≤ 1, > 1): the edges of each.
      {Act::elu, "elu alpha=0.01", with(Act::elu, 0.01f, 0.0f)},
      {Act::elu, "elu alpha=0.99", with(Act::elu, 0.99f, 0.0f)},
      {Act::elu, "elu alpha=1.01", with(Act::elu, 1.01f, 0.0f)},
      {Act::selu, "selu", default_params(Act::selu)},
      {Act::softplus, "softplus", default_params(Act::softplus)},
      {Act::softplus, "softplus beta=0.5", with(Act::softplus, 0.5f, 20.0f)},
      {Act::softplus, "softplus beta=3", with(Act::softplus, 3.0f, 20.0f)},
      {Act::softplus, "softplus beta=3 threshold=5", with(Act::softplus, 3.0f, 5.0f)},
      {Act::softplus, "softplus threshold=5", with(Act::softplus, 1.0f, 5.0f)},
      {Act::softplus, "softplus beta=0.01", with(Act::softplus, 0.01f, 20.0f)},
      {Act::softplus, "softplus beta=100 threshold=100", with(Act::softplus, 100.0f, 100.0f)},
      {Act::mish, "mish", default_params(Act::mish)},
  };
}

// Edge values, a sweep of the whole float range, and dense samples where the
// functions bend (around 0, the underflow region near −90, the thresholds).
std::vector<float> accuracy_inputs() {
  std::vector<float> xs = edge_values();
  for (float x : whole_range_samples(8191)) xs.push_back(x);
  for (float x : dense_samples(-120.0f, 120.0f, 240001)) xs.push_back(x);
  for (float x : dense_samples(-4.0f, 4.0f, 80001)) xs.push_back(x);
  for (float x : dense_samples(-1e-3f, 1e-3f, 2001)) xs.push_back(x);
  for (float x : dense_samples(-3000.0f, 3000.0f, 60001)) xs.push_back(x);  // softplus β = 0.01
  return xs;
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

TEST_CASE("log1p_unit_f32 is within 1 ULP of log1p on [0, 1]", "[exp_family][math]") {
  std::vector<float> us = dense_samples(0.0f, 1.0f, 400001);
  for (std::uint32_t b = 0; b <= 0x3f800000u; b += 997) us.push_back(float_from_bits(b));  // subnormals too
  double worst = 0;
  float worst_u = 0;
  for (float u : us) {
    double err = ulp_error(math::log1p_unit_f32(u), std::log1p(static_cast<double>(u)));
    if (err > worst) worst = err, worst_u = u;
  }
  INFO("worst log1p error " << worst << " ULP at u = " << worst_u);
  CHECK(worst <= 1.0);
  WARN("log1p_unit_f32 worst error: " << worst << " ULP at u = " << worst_u);
  CHECK(std::isnan(math::log1p_unit_f32(NAN)));
  CHECK(math::log1p_unit_f32(0.0f) == 0.0f);
  CHECK(math::log1p_unit_f32(1e-45f) == 1e-45f);
}

TEST_CASE("exp_scaled_f32 is e^(x + lo)·2^64 within 1.3 ULP", "[exp_family][math]") {
  double worst = 0;
  float worst_x = 0;
  for (float x : dense_samples(-131.0f, 44.0f, 400001)) {
    double err = ulp_error(math::exp_scaled_f32(x, 0.0f), std::ldexp(std::exp(static_cast<double>(x)), 64));
    if (err > worst) worst = err, worst_x = x;
  }
  // With a correction term: x = 3·z split exactly into hi + lo.
  for (float z : dense_samples(-43.0f, 14.0f, 200001)) {
    float hi = 3.0f * z;
    double exact = 3.0 * static_cast<double>(z);
    float lo = static_cast<float>(exact - hi);
    double err = ulp_error(math::exp_scaled_f32(hi, lo), std::ldexp(std::exp(exact), 64));
    if (err > worst) worst = err, worst_x = hi;
  }
  INFO("worst exp_scaled error " << worst << " ULP at x = " << worst_x);
  CHECK(worst <= 1.3);
  CHECK(math::exp_scaled_f32(-INFINITY, 0.0f) == 0.0f);
  CHECK(math::exp_scaled_f32(-200.0f, 0.0f) == 0.0f);
  CHECK(math::exp_scaled_f32(INFINITY, 0.0f) == INFINITY);
  CHECK(std::isnan(math::exp_scaled_f32(NAN, 0.0f)));
}

#if ACTLAB_HAVE_VEC4
TEST_CASE("log1p_unit_f4 and exp_scaled_f4 equal their scalar twins bit for bit",
          "[exp_family][math][simd]") {
  std::vector<float> us = dense_samples(0.0f, 1.0f, 40001);
  for (std::uint32_t b = 0; b <= 0x3f800000u; b += 99991) us.push_back(float_from_bits(b));
  us.push_back(NAN);
  while (us.size() % 4) us.push_back(0.5f);
  int mismatches = 0;
  for (size_t i = 0; i < us.size(); i += 4) {
    float log_out[4], exp_out[4];
    vec::f4 u = vec::f4_load(&us[i]);
    vec::f4 x = vec::f4_sub(vec::f4_mul(u, vec::f4_splat(300.0f)), vec::f4_splat(250.0f));
    vec::f4_store(log_out, math::log1p_unit_f4(u));
    vec::f4_store(exp_out, math::exp_scaled_f4(x, vec::f4_splat(1e-7f)));
    for (int l = 0; l < 4; ++l) {
      if (!same_bits_or_both_nan(log_out[l], math::log1p_unit_f32(us[i + l]))) ++mismatches;
      if (!same_bits_or_both_nan(exp_out[l], math::exp_scaled_f32(us[i + l] * 300.0f - 250.0f, 1e-7f)))
        ++mismatches;
    }
  }
  CHECK(mismatches == 0);
}
#endif

// =========================================================== activations ===

TEST_CASE("exp-family activations meet the accuracy bounds over the whole float range",
          "[exp_family][accuracy]") {
  const std::vector<float> xs = accuracy_inputs();
  const std::size_t n = xs.size();
  std::vector<float> y(n), dydz(n);
  for (Impl impl : {Impl::scalar, Impl::simd}) {
    const KernelTable& table = kernel_table(impl);
    for (const Case& c : exp_family_cases()) {
      const int id = static_cast<int>(c.act);
      table.forward[id](y.data(), xs.data(), n, c.params);
      table.backward[id](dydz.data(), xs.data(), nullptr, n, c.params);
      double worst_f = 0, worst_d = 0;
      float worst_f_at = 0, worst_d_at = 0;
      int forward_failures = 0, derivative_failures = 0;
      std::ostringstream failures;
      failures.precision(9);
      for (std::size_t i = 0; i < n; ++i) {
        const double z = xs[i];
        const double rf = ref_forward(c.act, z, c.params);
        const double rd = ref_derivative(c.act, z, c.params);
        if (!forward_ok(y[i], rf) && ++forward_failures <= 5) {
          failures << c.label << " f(" << xs[i] << ") = " << y[i] << ", want " << rf << " ("
                   << ulp_error(y[i], rf) << " ULP)\n";
        }
        if (!derivative_ok(dydz[i], rd) && ++derivative_failures <= 5) {
          failures << c.label << " f'(" << xs[i] << ") = " << dydz[i] << ", want " << rd << " ("
                   << ulp_error(dydz[i], rd) << " ULP)\n";
        }
        // Worst errors are reported where the ULP bound applies.
        const double ef = ulp_error(y[i], rf);
        if (std::fabs(rf) >= FLT_MIN && ef > worst_f) worst_f = ef, worst_f_at = xs[i];
        const double ed = ulp_error(dydz[i], rd);
        if (std::fabs(static_cast<double>(dydz[i]) - rd) > 6e-8 && ed > worst_d)
          worst_d = ed, worst_d_at = xs[i];
      }
      INFO(table.name << ":\n" << failures.str());
      CHECK(forward_failures == 0);
      CHECK(derivative_failures == 0);
      if (impl == Impl::simd) {
        WARN(table.name << " " << c.label << ": worst forward " << worst_f << " ULP (z = " << worst_f_at
                        << "), worst derivative beyond 6e-8 abs " << worst_d << " ULP (z = " << worst_d_at
                        << ")");
      }
    }
  }
}

TEST_CASE("exp-family derivatives agree with a central finite difference of f", "[exp_family][accuracy]") {
  // Checks the derivative formulas (kernels and references) against f itself,
  // in double, away from the kinks (elu/selu at 0, softplus at its threshold).
  const KernelTable& table = default_kernel_table();
  for (const Case& c : exp_family_cases()) {
    const int id = static_cast<int>(c.act);
    std::vector<float> zs;
    for (float z : dense_samples(-12.0f, 12.0f, 2401)) {
      const bool near_kink = std::fabs(z) < 1e-2f ||
                             (c.act == Act::softplus && std::fabs(z * c.params.p[0] - c.params.p[1]) < 1e-1f);
      if (!near_kink) zs.push_back(z);
    }
    std::vector<float> d(zs.size());
    table.backward[id](d.data(), zs.data(), nullptr, zs.size(), c.params);
    double worst = 0;
    float worst_z = 0;
    for (std::size_t i = 0; i < zs.size(); ++i) {
      const double z = zs[i], h = 1e-5 * std::max(1.0, std::fabs(z));
      const double fd = (ref_forward(c.act, z + h, c.params) - ref_forward(c.act, z - h, c.params)) / (2 * h);
      const double err = std::fabs(d[i] - fd) / std::max(1.0, std::fabs(fd));
      if (err > worst) worst = err, worst_z = zs[i];
    }
    INFO(c.label << ": worst |f' - finite difference| = " << worst << " at z = " << worst_z);
    CHECK(worst < 1e-6);
  }
}

TEST_CASE("exp-family SIMD kernels equal the scalar kernels bit for bit", "[exp_family][simd]") {
  std::vector<float> xs = accuracy_inputs();
  std::vector<float> dy(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) dy[i] = 0.5f + static_cast<float>(i % 7) * 0.25f;
  const std::size_t n = xs.size();
  std::vector<float> a(n), b(n);
  const KernelTable& scalar = kernel_table(Impl::scalar);
  const KernelTable& simd = kernel_table(Impl::simd);
  for (const Case& c : exp_family_cases()) {
    const int id = static_cast<int>(c.act);
    int mismatches = 0;
    std::ostringstream failures;
    auto compare = [&](const char* what) {
      for (std::size_t i = 0; i < n; ++i) {
        if (!same_bits_or_both_nan(a[i], b[i]) && ++mismatches <= 5)
          failures << c.label << " " << what << " at z = " << xs[i] << ": scalar " << a[i] << ", simd "
                   << b[i] << "\n";
      }
    };
    scalar.forward[id](a.data(), xs.data(), n, c.params);
    simd.forward[id](b.data(), xs.data(), n, c.params);
    compare("forward");
    scalar.backward[id](a.data(), xs.data(), nullptr, n, c.params);
    simd.backward[id](b.data(), xs.data(), nullptr, n, c.params);
    compare("derivative");
    scalar.backward[id](a.data(), xs.data(), dy.data(), n, c.params);
    simd.backward[id](b.data(), xs.data(), dy.data(), n, c.params);
    compare("backward with dy");
    INFO(failures.str());
    CHECK(mismatches == 0);
  }
}

TEST_CASE("exp-family kernels: lengths around the vector width and in place", "[exp_family][simd]") {
  for (Impl impl : {Impl::scalar, Impl::simd}) {
    const KernelTable& table = kernel_table(impl);
    const KernelTable& scalar = kernel_table(Impl::scalar);
    for (const Case& c : exp_family_cases()) {
      const int id = static_cast<int>(c.act);
      for (std::size_t n : {0, 1, 3, 4, 5, 8, 17, 1000}) {
        std::vector<float> z(n + 1), dy(n + 1), y(n + 1, 7.0f), dz(n + 1, 7.0f), want(n + 1);
        for (std::size_t i = 0; i < n; ++i) {
          z[i] = -12.0f + 24.0f * static_cast<float>(i) / 999.0f;
          dy[i] = 1.0f - 0.001f * static_cast<float>(i);
        }
        table.forward[id](y.data(), z.data(), n, c.params);
        CHECK(y[n] == 7.0f);  // nothing written past the end
        scalar.forward[id](want.data(), z.data(), n, c.params);
        for (std::size_t i = 0; i < n; ++i) CHECK(bits_of(y[i]) == bits_of(want[i]));
        std::vector<float> in_place = z;
        table.forward[id](in_place.data(), in_place.data(), n, c.params);
        for (std::size_t i = 0; i < n; ++i) CHECK(bits_of(in_place[i]) == bits_of(want[i]));

        table.backward[id](dz.data(), z.data(), dy.data(), n, c.params);
        CHECK(dz[n] == 7.0f);
        scalar.backward[id](want.data(), z.data(), dy.data(), n, c.params);
        for (std::size_t i = 0; i < n; ++i) CHECK(bits_of(dz[i]) == bits_of(want[i]));
        std::vector<float> dy_in_place = dy;  // dz written over dy
        table.backward[id](dy_in_place.data(), z.data(), dy_in_place.data(), n, c.params);
        for (std::size_t i = 0; i < n; ++i) CHECK(bits_of(dy_in_place[i]) == bits_of(want[i]));
        std::vector<float> z_in_place = z;  // dz written over z
        table.backward[id](z_in_place.data(), z_in_place.data(), dy.data(), n, c.params);
        for (std::size_t i = 0; i < n; ++i) CHECK(bits_of(z_in_place[i]) == bits_of(want[i]));
      }
    }
  }
}

namespace {
float forward1(Impl impl, Act a, float z, const ActParams& p) {
  float y = 0;
  kernel_table(impl).forward[static_cast<int>(a)](&y, &z, 1, p);
  return y;
}
float derivative1(Impl impl, Act a, float z, const ActParams& p) {
  float d = 0;
  kernel_table(impl).backward[static_cast<int>(a)](&d, &z, nullptr, 1, p);
  return d;
}
// The same value through a SIMD lane (length 4), so both paths are checked.
float forward4(Impl impl, Act a, float z, const ActParams& p) {
  float zs[4] = {z, z, z, z}, ys[4];
  kernel_table(impl).forward[static_cast<int>(a)](ys, zs, 4, p);
  return ys[0];
}
float derivative4(Impl impl, Act a, float z, const ActParams& p) {
  float zs[4] = {z, z, z, z}, ds[4];
  kernel_table(impl).backward[static_cast<int>(a)](ds, zs, nullptr, 4, p);
  return ds[0];
}
bool is_neg_zero(float x) { return x == 0.0f && std::signbit(x); }
bool is_pos_zero(float x) { return x == 0.0f && !std::signbit(x); }
}  // namespace

TEST_CASE("exp-family specials: infinities, signed zeros, NaN, no overflow", "[exp_family]") {
  const float inf = INFINITY;
  for (Impl impl : {Impl::scalar, Impl::simd}) {
    for (auto f : {forward1, forward4}) {
      INFO("impl " << kernel_table(impl).name);
      const ActParams none{};
      const ActParams elu = default_params(Act::elu);
      const ActParams sp = default_params(Act::softplus);
      const ActParams sp3 = with(Act::softplus, 3.0f, 20.0f);
      CHECK(f(impl, Act::sigmoid, inf, none) == 1.0f);
      CHECK(is_pos_zero(f(impl, Act::sigmoid, -inf, none)));
      CHECK(is_pos_zero(f(impl, Act::sigmoid, -1e4f, none)));
      CHECK(f(impl, Act::sigmoid, 1e4f, none) == 1.0f);
      CHECK(f(impl, Act::sigmoid, -0.0f, none) == 0.5f);
      CHECK(f(impl, Act::silu, inf, none) == inf);
      CHECK(f(impl, Act::silu, -inf, none) == 0.0f);
      CHECK(is_neg_zero(f(impl, Act::silu, -0.0f, none)));
      CHECK(is_pos_zero(f(impl, Act::silu, 0.0f, none)));
      CHECK(f(impl, Act::silu, -3e38f, none) == 0.0f);
      CHECK(f(impl, Act::silu, 3e38f, none) == 3e38f);
      CHECK(f(impl, Act::elu, inf, elu) == inf);
      CHECK(f(impl, Act::elu, -inf, elu) == -1.0f);
      CHECK(f(impl, Act::elu, -inf, with(Act::elu, 2.5f, 0.0f)) == -2.5f);
      CHECK(is_neg_zero(f(impl, Act::elu, -0.0f, elu)));
      CHECK(is_pos_zero(f(impl, Act::elu, 0.0f, elu)));
      CHECK(f(impl, Act::elu, -1e-45f, elu) == -1e-45f);
      CHECK(f(impl, Act::selu, inf, none) == inf);
      CHECK(f(impl, Act::selu, -inf, none) == static_cast<float>(-kSeluScale * kSeluAlpha));
      CHECK(is_neg_zero(f(impl, Act::selu, -0.0f, none)));
      CHECK(f(impl, Act::softplus, inf, sp) == inf);
      CHECK(is_pos_zero(f(impl, Act::softplus, -inf, sp)));
      CHECK(f(impl, Act::softplus, inf, sp3) == inf);
      CHECK(is_pos_zero(f(impl, Act::softplus, -inf, sp3)));
      CHECK(f(impl, Act::softplus, 3e38f, sp3) == 3e38f);
      CHECK(f(impl, Act::softplus, 20.5f, sp) == 20.5f);  // linear above the threshold
      CHECK(f(impl, Act::mish, inf, none) == inf);
      CHECK(f(impl, Act::mish, -inf, none) == 0.0f);
      CHECK(is_neg_zero(f(impl, Act::mish, -0.0f, none)));
      CHECK(f(impl, Act::mish, 3e38f, none) == 3e38f);
      for (const Case& c : exp_family_cases()) {
        INFO(c.label);
        CHECK(std::isnan(f(impl, c.act, NAN, c.params)));
        for (float z : {-3e38f, -1e4f, -89.0f, -88.0f, 88.0f, 89.0f, 1e4f, 3e38f, FLT_MAX, -FLT_MAX}) {
          INFO("z = " << z);
          CHECK(!std::isnan(f(impl, c.act, z, c.params)));
        }
      }
    }
    for (auto d : {derivative1, derivative4}) {
      const ActParams none{};
      CHECK(d(impl, Act::sigmoid, 0.0f, none) == 0.25f);
      CHECK(is_pos_zero(d(impl, Act::sigmoid, inf, none)));
      CHECK(is_pos_zero(d(impl, Act::sigmoid, -inf, none)));
      CHECK(d(impl, Act::silu, inf, none) == 1.0f);
      CHECK(d(impl, Act::silu, -inf, none) == 0.0f);
      CHECK(d(impl, Act::silu, 0.0f, none) == 0.5f);
      CHECK(d(impl, Act::elu, 0.0f, with(Act::elu, 2.5f, 0.0f)) == 2.5f);  // PyTorch: z <= 0 side
      CHECK(d(impl, Act::elu, 1e-45f, default_params(Act::elu)) == 1.0f);
      CHECK(d(impl, Act::elu, -inf, default_params(Act::elu)) == 0.0f);
      CHECK(d(impl, Act::selu, 0.0f, none) == static_cast<float>(kSeluScale * kSeluAlpha));
      CHECK(d(impl, Act::selu, inf, none) == static_cast<float>(kSeluScale));
      CHECK(d(impl, Act::softplus, inf, default_params(Act::softplus)) == 1.0f);
      CHECK(d(impl, Act::softplus, -inf, default_params(Act::softplus)) == 0.0f);
      CHECK(d(impl, Act::softplus, 0.0f, default_params(Act::softplus)) == 0.5f);
      CHECK(d(impl, Act::mish, inf, none) == 1.0f);
      CHECK(d(impl, Act::mish, -inf, none) == 0.0f);
      CHECK(d(impl, Act::mish, 0.0f, none) == 0.6f);
      for (const Case& c : exp_family_cases()) {
        INFO(c.label);
        CHECK(std::isnan(d(impl, c.act, NAN, c.params)));
        for (float z : {-3e38f, -1e4f, -89.0f, 89.0f, 1e4f, 3e38f, FLT_MAX, -FLT_MAX, inf, -inf}) {
          INFO("z = " << z);
          CHECK(!std::isnan(d(impl, c.act, z, c.params)));
        }
      }
    }
  }
}

TEST_CASE("elu and selu: exact values at the sides' seams, for every form of α", "[exp_family]") {
  // The SIMD kernels join the two sides arithmetically (max(z, α·(e^z − 1))
  // for α ≤ 1, λ·max(z, 0) − λα·(1 − e^z) otherwise, and the like for the
  // derivatives), the scalar ones select on z: both must give the exact
  // side values, signed zeros included, for α = 1, α < 1 and α > 1.
  const float inf = INFINITY;
  const float tiny_negatives[] = {-1e-45f, -3e-45f, -1e-40f, -1e-38f, -FLT_MIN, -1e-30f, -1e-10f, -0x1p-25f};
  for (Impl impl : {Impl::scalar, Impl::simd}) {
    INFO("impl " << kernel_table(impl).name);
    for (float alpha : {1.0f, 0.99f, 0.3f, 0.01f, 1.01f, 2.5f, 10.0f}) {
      INFO("alpha = " << alpha);
      const ActParams p = with(Act::elu, alpha, 0.0f);
      for (auto f : {forward1, forward4}) {
        CHECK(is_neg_zero(f(impl, Act::elu, -0.0f, p)));
        CHECK(is_pos_zero(f(impl, Act::elu, 0.0f, p)));
        CHECK(f(impl, Act::elu, 1e-45f, p) == 1e-45f);
        CHECK(f(impl, Act::elu, 3e38f, p) == 3e38f);
        CHECK(f(impl, Act::elu, inf, p) == inf);
        CHECK(f(impl, Act::elu, -inf, p) == -alpha);
        CHECK(f(impl, Act::elu, -1e4f, p) == -alpha);
        CHECK(std::isnan(f(impl, Act::elu, NAN, p)));
        for (float z : tiny_negatives) {
          // α·(e^z − 1) is α·z to far below float precision here.
          INFO("z = " << z);
          const double want = static_cast<double>(alpha) * z;
          const float got = f(impl, Act::elu, z, p);
          CHECK(got <= 0.0f);
          CHECK(forward_ok(got, want));
        }
      }
      for (auto d : {derivative1, derivative4}) {
        CHECK(d(impl, Act::elu, 0.0f, p) == alpha);
        CHECK(d(impl, Act::elu, -0.0f, p) == alpha);
        CHECK(d(impl, Act::elu, 1e-45f, p) == 1.0f);
        CHECK(d(impl, Act::elu, 3e38f, p) == 1.0f);
        CHECK(d(impl, Act::elu, inf, p) == 1.0f);
        CHECK(is_pos_zero(d(impl, Act::elu, -inf, p)));
        CHECK(d(impl, Act::elu, -1e-45f, p) == alpha);
        CHECK(std::isnan(d(impl, Act::elu, NAN, p)));
      }
    }
    const ActParams none{};
    const float selu_low = static_cast<float>(kSeluScale * kSeluAlpha);
    for (auto f : {forward1, forward4}) {
      CHECK(is_neg_zero(f(impl, Act::selu, -0.0f, none)));
      CHECK(is_pos_zero(f(impl, Act::selu, 0.0f, none)));
      CHECK(f(impl, Act::selu, 1.0f, none) == static_cast<float>(kSeluScale));
      CHECK(f(impl, Act::selu, -inf, none) == -selu_low);
      CHECK(std::isnan(f(impl, Act::selu, NAN, none)));
      for (float z : tiny_negatives) {
        INFO("z = " << z);
        const float got = f(impl, Act::selu, z, none);
        CHECK(got < 0.0f);
        CHECK(forward_ok(got, kSeluScale * kSeluAlpha * z));
      }
    }
    for (auto d : {derivative1, derivative4}) {
      CHECK(d(impl, Act::selu, -0.0f, none) == selu_low);
      CHECK(d(impl, Act::selu, 1e-45f, none) == static_cast<float>(kSeluScale));
      CHECK(d(impl, Act::selu, -1e-45f, none) == selu_low);
      CHECK(is_pos_zero(d(impl, Act::selu, -inf, none)));
      CHECK(std::isnan(d(impl, Act::selu, NAN, none)));
    }
  }
}

// Native and wasm builds must compute the same bits. This hidden case prints
// a digest of every kernel's output over fixed inputs (every activation at its
// defaults, plus the exp-family parameter cases); tests/js/determinism.test.ts
// and tests/determinism.sh run it in the native and both wasm builds and
// compare the lines with each other, never with stored values.
TEST_CASE("print digests of every kernel's output", "[.dump]") {
  std::vector<float> xs = edge_values();
  for (float x : whole_range_samples(1u << 20)) xs.push_back(x);
  for (float x : dense_samples(-110.0f, 110.0f, 4001)) xs.push_back(x);
  std::vector<float> y(xs.size());
  auto digest = [&]() {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (float v : y) {
      std::uint32_t bits = std::isnan(v) ? 0x7fc00000u : bits_of(v);
      for (int k = 0; k < 4; ++k) h = (h ^ ((bits >> (8 * k)) & 0xffu)) * 1099511628211ull;
    }
    return h;
  };
  std::vector<Case> cases = exp_family_cases();
  for (int id = 0; id < kActCount; ++id) {
    const Act act = static_cast<Act>(id);
    cases.push_back({act, activation_info(act).key, default_params(act)});
  }
  const KernelTable& table = default_kernel_table();
  for (const Case& c : cases) {
    const int id = static_cast<int>(c.act);
    table.forward[id](y.data(), xs.data(), xs.size(), c.params);
    const std::uint64_t forward_digest = digest();
    table.backward[id](y.data(), xs.data(), nullptr, xs.size(), c.params);
    const std::uint64_t backward_digest = digest();
    std::cout << "DUMP kernels " << c.label << " " << forward_digest << " " << backward_digest << "\n";
  }
}
