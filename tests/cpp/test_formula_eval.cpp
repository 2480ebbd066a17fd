// Compiled formulas against a double-precision reference written here (f
// and f′ analytic, as PyTorch autograd would compute them in float64; f″ by
// a fourth-order central difference of the analytic f′ in double), the
// built-in activations inside formulas against their kernels, PyTorch's
// conventions at kinks, overflow, and the SIMD programs against the scalar
// ones bit for bit across lengths and in place.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "accuracy.hpp"
#include "actlab/formula.hpp"
#include "formula/program.hpp"
#include "reference.hpp"

using namespace actlab;
using namespace actlab::test;

namespace {

double sigm(double z) { return 1.0 / (1.0 + std::exp(-z)); }

struct RefCase {
  const char* text;
  std::vector<FormulaParam> params;
  std::function<double(double)> f, df;
  double lo, hi;
  std::vector<double> kinks;  // points the samples keep away from
};

// f″ of the reference: a fourth-order central difference of the analytic f′
// in double (truncation ~h⁴, rounding ~1e-16/h: both far below 1e-6).
double second_derivative(const std::function<double(double)>& df, double z) {
  const double h = 1e-3 * std::max(1.0, std::fabs(z));
  return (-df(z + 2 * h) + 8 * df(z + h) - 8 * df(z - h) + df(z - 2 * h)) / (12 * h);
}

bool close(double got, double ref, double rel, double abs) { return std::fabs(got - ref) <= rel * std::fabs(ref) + abs; }

std::unique_ptr<CompiledFormula> compile_or_fail(const std::string& text, const std::vector<FormulaParam>& params = {}) {
  std::unique_ptr<CompiledFormula> f;
  const Status s = CompiledFormula::compile(text, params, &f);
  INFO(text << ": " << s.message);
  REQUIRE(s.ok());
  return f;
}

const std::vector<RefCase>& reference_cases() {
  static const std::vector<RefCase> cases = {
      {"z*sigmoid(b*z)", {{"b", 1.5}}, [](double z) { return z * sigm(1.5 * z); },
       [](double z) { const double s = sigm(1.5 * z); return s + 1.5 * z * s * (1 - s); }, -12, 12, {}},
      {"z*sigmoid(z)", {}, [](double z) { return z * sigm(z); },
       [](double z) { const double s = sigm(z); return s * (1 + z * (1 - s)); }, -20, 20, {}},
      {"tanh(z) + 0.5*sin(2*z)", {}, [](double z) { return std::tanh(z) + 0.5 * std::sin(2 * z); },
       [](double z) { const double t = std::tanh(z); return 1 - t * t + std::cos(2 * z); }, -8, 8, {}},
      {"log1p(exp(z))", {}, [](double z) { return std::log1p(std::exp(z)); }, [](double z) { return sigm(z); }, -15,
       15, {}},
      {"z*erf(z/sqrt(2))", {}, [](double z) { return z * std::erf(z / std::sqrt(2.0)); },
       [](double z) { return std::erf(z / std::sqrt(2.0)) + z * std::sqrt(2.0 / M_PI) * std::exp(-z * z / 2); }, -6, 6,
       {}},
      {"sqrt(1 + z^2) - 1", {}, [](double z) { return std::sqrt(1 + z * z) - 1; },
       [](double z) { return z / std::sqrt(1 + z * z); }, -50, 50, {}},
      {"atan(a*z)/a", {{"a", 2.0}}, [](double z) { return std::atan(2 * z) / 2; },
       [](double z) { return 1 / (1 + 4 * z * z); }, -10, 10, {}},
      {"exp(-z^2/2)*cos(3*z)", {}, [](double z) { return std::exp(-z * z / 2) * std::cos(3 * z); },
       [](double z) { return std::exp(-z * z / 2) * (-z * std::cos(3 * z) - 3 * std::sin(3 * z)); }, -5, 5, {}},
      {"z^3/3 - z", {}, [](double z) { return z * z * z / 3 - z; }, [](double z) { return z * z - 1; }, -10, 10, {}},
      {"2^z", {}, [](double z) { return std::pow(2.0, z); }, [](double z) { return std::pow(2.0, z) * std::log(2.0); },
       -10, 10, {}},
      {"z^p", {{"p", 2.5}}, [](double z) { return std::pow(z, 2.5); }, [](double z) { return 2.5 * std::pow(z, 1.5); },
       0.01, 20, {}},
      {"sinh(z)/cosh(z)", {}, [](double z) { return std::tanh(z); },
       [](double z) { const double c = std::cosh(z); return 1 / (c * c); }, -5, 5, {}},
      {"log(1 + z^2)", {}, [](double z) { return std::log(1 + z * z); }, [](double z) { return 2 * z / (1 + z * z); },
       -30, 30, {}},
      {"expm1(z)/(1 + abs(z))", {}, [](double z) { return std::expm1(z) / (1 + std::fabs(z)); },
       [](double z) {
         const double d = 1 + std::fabs(z), s = z > 0 ? 1 : -1;
         return std::exp(z) / d - std::expm1(z) * s / (d * d);
       },
       -10, 10, {0.0}},
      {"tan(z/2)", {}, [](double z) { return std::tan(z / 2); },
       [](double z) { const double t = std::tan(z / 2); return 0.5 * (1 + t * t); }, -2.5, 2.5, {}},
      {"(z - e)/pi", {}, [](double z) { return (z - M_E) / M_PI; }, [](double) { return 1 / M_PI; }, -5, 5, {}},
      {"softplus(z) - relu(z)", {}, [](double z) { return std::log1p(std::exp(z)) - std::max(z, 0.0); },
       [](double z) { return sigm(z) - (z > 0 ? 1.0 : 0.0); }, -15, 15, {0.0}},
      {"cosh(z/4) - 1 + x/(1 + abs(x))", {}, [](double z) { return std::cosh(z / 4) - 1 + z / (1 + std::fabs(z)); },
       [](double z) { const double d = 1 + std::fabs(z); return std::sinh(z / 4) / 4 + 1 / (d * d); }, -20, 20, {0.0}},
      {"min(z, a*z) + max(z^2, 1)", {{"a", 0.1}}, [](double z) { return std::min(z, 0.1 * z) + std::max(z * z, 1.0); },
       [](double z) { return (z < 0 ? 1.0 : 0.1) + (z * z > 1 ? 2 * z : 0.0); }, -4, 4, {0.0, -1.0, 1.0}},
      {"where(z > 0, z, alpha*(exp(z) - 1))", {{"alpha", 1.5}},
       [](double z) { return z > 0 ? z : 1.5 * std::expm1(z); }, [](double z) { return z > 0 ? 1.0 : 1.5 * std::exp(z); },
       -10, 10, {0.0}},
  };
  return cases;
}

}  // namespace

TEST_CASE("formulas: f and f′ within 1e-5 rel + 1e-6 abs of a double reference, f″ too", "[formula][eval]") {
  for (const RefCase& c : reference_cases()) {
    std::unique_ptr<CompiledFormula> compiled = compile_or_fail(c.text, c.params);
    std::vector<float> z;
    for (float v : dense_samples(static_cast<float>(c.lo), static_cast<float>(c.hi), 4001)) {
      bool near_kink = false;
      // The reference's difference reaches 2h = 2e-3·max(1, |z|) away.
      for (double k : c.kinks) near_kink = near_kink || std::fabs(v - k) < 5e-3 * std::max(1.0, std::fabs(k));
      if (!near_kink) z.push_back(v);
    }
    std::vector<float> y(z.size()), d(z.size()), d2(z.size());
    compiled->evaluate(z.data(), z.size(), y.data(), d.data(), d2.data(), Impl::simd);
    int bad_f = 0, bad_df = 0, bad_d2f = 0;
    double worst_d2 = 0;
    float worst_d2_z = 0;
    for (std::size_t i = 0; i < z.size(); ++i) {
      const double zi = z[i];
      if (!close(y[i], c.f(zi), 1e-5, 1e-6)) ++bad_f;
      if (!close(d[i], c.df(zi), 1e-5, 1e-6)) ++bad_df;
      const double ref2 = second_derivative(c.df, zi);
      const double err2 = std::fabs(d2[i] - ref2) / (std::fabs(ref2) + 0.1);
      if (err2 > worst_d2) worst_d2 = err2, worst_d2_z = z[i];
      if (!close(d2[i], ref2, 1e-5, 1e-5)) ++bad_d2f;
    }
    INFO(c.text << ": worst f'' error " << worst_d2 << " at z = " << worst_d2_z);
    CHECK(bad_f == 0);
    CHECK(bad_df == 0);
    CHECK(bad_d2f == 0);
  }
}

TEST_CASE("formulas: a built-in activation inside a formula is its kernel, bit for bit", "[formula][eval]") {
  std::vector<float> z = edge_values();
  for (float v : dense_samples(-30.0f, 30.0f, 6001)) z.push_back(v);
  for (int a = 0; a < kActCount; ++a) {
    const Act act = static_cast<Act>(a);
    const std::string id = activation_info(act).key;
    std::unique_ptr<CompiledFormula> f = compile_or_fail(id + "(z)");
    for (const Impl impl : {Impl::scalar, Impl::simd}) {
      const KernelTable& table = kernel_table(impl);
      std::vector<float> y(z.size()), d(z.size()), ky(z.size()), kd(z.size());
      f->evaluate(z.data(), z.size(), y.data(), d.data(), nullptr, impl);
      table.forward[a](ky.data(), z.data(), z.size(), default_params(act));
      table.backward[a](kd.data(), z.data(), nullptr, z.size(), default_params(act));
      int mismatches = 0;
      for (std::size_t i = 0; i < z.size(); ++i) {
        const bool same_y = bits_of(y[i]) == bits_of(ky[i]) || (std::isnan(y[i]) && std::isnan(ky[i]));
        // sigmoid, tanh, softplus and relu take PyTorch's symbolic
        // derivatives inside formulas (σ(1−σ), 1 − tanh², σ, step), as
        // autograd computes them from the output: the tolerance
        // against the kernel's more accurate f′, and at NaN what autograd
        // gives (relu′(NaN) = 0, identity′ = 1). The others take the
        // kernel's f′, bit for bit.
        const bool symbolic = act == Act::sigmoid || act == Act::tanh || act == Act::softplus ||
                              act == Act::relu || act == Act::identity;
        const bool same_d = symbolic ? std::isnan(z[i]) || close(d[i], kd[i], 1e-5, 1e-6)
                                     : bits_of(d[i]) == bits_of(kd[i]) || (std::isnan(d[i]) && std::isnan(kd[i]));
        if (!same_y || !same_d) ++mismatches;
      }
      INFO(id << " [" << table.name << "]");
      CHECK(mismatches == 0);
    }
  }
}

TEST_CASE("formulas: f″ of every built-in activation is exact (from_builtin)", "[formula][eval]") {
  struct ParamSet {
    Act act;
    ActParams params;
  };
  std::vector<ParamSet> sets;
  for (int a = 0; a < kActCount; ++a) sets.push_back({static_cast<Act>(a), default_params(static_cast<Act>(a))});
  ActParams elu;
  elu.p[0] = 0.5f;
  sets.push_back({Act::elu, elu});
  ActParams softplus;
  softplus.p[0] = 2.0f;
  softplus.p[1] = 10.0f;
  sets.push_back({Act::softplus, softplus});
  ActParams leaky;
  leaky.p[0] = 0.2f;
  sets.push_back({Act::leaky_relu, leaky});
  const std::vector<float> z = dense_samples(-8.0f, 8.0f, 3201);
  for (const ParamSet& set : sets) {
    std::unique_ptr<CompiledFormula> f;
    REQUIRE(CompiledFormula::from_builtin(set.act, set.params, &f).ok());
    std::vector<float> y(z.size()), d(z.size()), d2(z.size()), ky(z.size()), kd(z.size());
    f->evaluate(z.data(), z.size(), y.data(), d.data(), d2.data(), Impl::simd);
    const KernelTable& table = kernel_table(Impl::simd);
    table.forward[static_cast<int>(set.act)](ky.data(), z.data(), z.size(), set.params);
    table.backward[static_cast<int>(set.act)](kd.data(), z.data(), nullptr, z.size(), set.params);
    int bad = 0, mismatches = 0;
    for (std::size_t i = 0; i < z.size(); ++i) {
      if (bits_of(y[i]) != bits_of(ky[i]) || bits_of(d[i]) != bits_of(kd[i])) ++mismatches;
      bool near_kink = false;
      for (double k : ref_kinks(set.act, set.params))
        near_kink = near_kink || std::fabs(z[i] - k) < 5e-3 * std::max(1.0, std::fabs(k));
      if (near_kink) continue;
      const double ref2 = second_derivative([&](double x) { return ref_derivative(set.act, x, set.params); }, z[i]);
      if (!close(d2[i], ref2, 1e-5, 1e-5)) ++bad;
    }
    INFO(activation_info(set.act).key << " p = " << set.params.p[0] << ", " << set.params.p[1]);
    CHECK(mismatches == 0);
    CHECK(bad == 0);
  }
}

TEST_CASE("formulas: PyTorch's conventions at kinks", "[formula][eval][kinks]") {
  struct Case {
    const char* text;
    std::vector<FormulaParam> params;
    float z, dydz;
  };
  const Case cases[] = {
      {"relu(z)", {}, 0.0f, 0.0f},
      {"relu(z)", {}, -0.0f, 0.0f},
      {"abs(z)", {}, 0.0f, 0.0f},
      {"sign(z)", {}, 0.0f, 0.0f},
      {"sign(z)", {}, 2.0f, 0.0f},
      {"max(z, 0)", {}, 0.0f, 0.5f},           // a tie: half to each side
      {"min(z, 0)", {}, 0.0f, 0.5f},
      {"max(a*z, z)", {{"a", 0.1}}, 0.0f, 0.55f},
      {"max(a*z, z)", {{"a", 0.1}}, -1.0f, 0.1f},
      {"max(a*z, z)", {{"a", 0.1}}, 1.0f, 1.0f},
      {"min(2*z, z^2)", {}, 0.0f, 1.0f},       // (2 + 0)/2
      {"where(z > 0, z^2, -z)", {}, 0.0f, -1.0f},  // where(c, a, b)' = where(c, a', b')
      {"where(z >= 0, z^2, -z)", {}, 0.0f, 0.0f},
      {"sqrt(z)", {}, 0.0f, INFINITY},
      {"leaky_relu(z)", {}, 0.0f, 0.01f},      // the kernel's side: negative_slope at 0
      {"relu6(z)", {}, 6.0f, 0.0f},
      {"hardswish(z)", {}, 3.0f, 1.5f},
  };
  for (const Case& c : cases) {
    std::unique_ptr<CompiledFormula> f = compile_or_fail(c.text, c.params);
    for (const Impl impl : {Impl::scalar, Impl::simd}) {
      float y, d;
      f->evaluate(&c.z, 1, &y, &d, nullptr, impl);
      INFO(c.text << " at z = " << c.z);
      CHECK(d == c.dydz);
    }
  }
}

TEST_CASE("formulas: overflow gives inf or NaN, never a crash", "[formula][eval]") {
  std::unique_ptr<CompiledFormula> f = compile_or_fail("exp(exp(z))");
  const float z[] = {0.0f, 4.0f, 5.0f, 100.0f, INFINITY, -INFINITY, NAN};
  float y[7], d[7], d2[7];
  f->evaluate(z, 7, y, d, d2, Impl::simd);
  CHECK(y[0] == Approx(std::exp(1.0)).epsilon(1e-6));
  CHECK(std::isfinite(y[1]));
  CHECK(y[2] == INFINITY);  // e^148 overflows a float
  CHECK(y[3] == INFINITY);
  CHECK(d[3] == INFINITY);
  CHECK(y[5] == 1.0f);
  CHECK(std::isnan(y[6]));
  std::unique_ptr<CompiledFormula> g = compile_or_fail("log(z) + 1/z");
  const float z2[] = {0.0f, -1.0f};
  float y2[2], d2b[2];
  g->evaluate(z2, 2, y2, d2b, nullptr, Impl::simd);
  CHECK(std::isnan(y2[0]));  // −inf + inf
  CHECK(std::isnan(y2[1]));
}

TEST_CASE("formulas: simplification folds constants and shares subexpressions", "[formula][eval]") {
  // sigmoid(z) is computed once for f, f' and f'' alike.
  std::unique_ptr<CompiledFormula> f = compile_or_fail("z*sigmoid(z)");
  std::unique_ptr<CompiledFormula> g = compile_or_fail("(1 + 2*3 - 7)*exp(z) + z*sigmoid(z)*(a - a + 1)", {{"a", 4.0}});
  // 1 + 2·3 − 7 = 0 and a − a + 1 = 1 at a = 4: the same function, the same values.
  const std::vector<float> z = dense_samples(-10.0f, 10.0f, 1001);
  std::vector<float> y1(z.size()), d1(z.size()), y2(z.size()), d2(z.size());
  f->evaluate(z.data(), z.size(), y1.data(), d1.data(), nullptr, Impl::simd);
  g->evaluate(z.data(), z.size(), y2.data(), d2.data(), nullptr, Impl::simd);
  int mismatches = 0;
  for (std::size_t i = 0; i < z.size(); ++i)
    if (bits_of(y1[i]) != bits_of(y2[i]) || bits_of(d1[i]) != bits_of(d2[i])) ++mismatches;
  CHECK(mismatches == 0);
}

namespace {

// Formulas that together use every operation, function and built-in
// activation (each within 256 characters).
const char* const kCoverageFormulas[] = {
    "where(z > 0, sin(z)*cos(2*z) + tan(z/4), atan(z) - log1p(z*z)) + exp(-abs(z))*erf(z) + sqrt(abs(z))*sign(z)",
    "sinh(z/8)/cosh(z/8) + min(z, 1)*max(z, -1) + log(1 + z^2)/expm1(0.5 + z^2) + 2^z/(1 + z^2)^1.5 + z^-2 + z^a",
    "where(z <= 1, gelu(z) + mish(z) + elu(z), relu6(z) + hardswish(z)) + where(z >= -1, selu(z), silu(z))",
    ("sigmoid(z) + tanh(z) + relu(z) + leaky_relu(z) + prelu(z) + gelu_tanh(z) + softplus(z) + hardsigmoid(z) + "
     "softsign(z) + identity(z) + where(z < 2, z^3, -z)"),
};

// 1.5 for each parameter the formula has.
std::vector<FormulaParam> coverage_params(const char* text) {
  FormulaInfo info;
  REQUIRE(describe_formula(text, &info).ok());
  std::vector<FormulaParam> params;
  for (const std::string& name : info.parameters) params.push_back({name, 1.5});
  return params;
}

}  // namespace

#if ACTLAB_HAVE_VEC4
TEST_CASE("formulas: SIMD and scalar programs agree bit for bit, any length, in place", "[formula][eval][simd]") {
  const std::size_t block = formula::kBlock;
  const std::size_t lengths[] = {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, block - 1, block, block + 1, 2 * block + 9, 1000};
  std::vector<float> pool = edge_values();
  for (float v : dense_samples(-12.0f, 12.0f, 997)) pool.push_back(v);
  for (const char* text : kCoverageFormulas) {
    std::unique_ptr<CompiledFormula> f = compile_or_fail(text, coverage_params(text));
    for (std::size_t n : lengths) {
      std::vector<float> z(n), dy(n);
      for (std::size_t i = 0; i < n; ++i) {
        z[i] = pool[(i * 7) % pool.size()];
        dy[i] = 0.5f + static_cast<float>(i % 5);
      }
      // Guards past the end show any write beyond n.
      const float guard = -12345.0f;
      std::vector<float> out[2][3];
      for (int impl = 0; impl < 2; ++impl) {
        for (auto& o : out[impl]) o.assign(n + 3, guard);
        f->evaluate(z.data(), n, out[impl][0].data(), out[impl][1].data(), out[impl][2].data(),
                    impl == 0 ? Impl::scalar : Impl::simd);
      }
      int mismatches = 0;
      for (int k = 0; k < 3; ++k) {
        for (std::size_t i = 0; i < n + 3; ++i) {
          const float a = out[0][k][i], b = out[1][k][i];
          if (!(bits_of(a) == bits_of(b) || (std::isnan(a) && std::isnan(b)))) ++mismatches;
        }
        for (std::size_t i = n; i < n + 3; ++i) CHECK(out[1][k][i] == guard);
      }
      // In place: forward y = z, backward dz = z and dz = dy, against the out-of-place results.
      std::vector<float> in_place = z;
      f->forward(in_place.data(), in_place.data(), n, Impl::simd);
      std::vector<float> backward_z = z, backward_dy = dy, backward(n);
      f->backward(backward.data(), z.data(), dy.data(), n, Impl::scalar);
      f->backward(backward_z.data(), backward_z.data(), dy.data(), n, Impl::simd);
      f->backward(backward_dy.data(), z.data(), backward_dy.data(), n, Impl::simd);
      for (std::size_t i = 0; i < n; ++i) {
        const float dz = dy[i] * out[0][1][i];
        if (!(bits_of(in_place[i]) == bits_of(out[0][0][i]) || (std::isnan(in_place[i]) && std::isnan(out[0][0][i]))))
          ++mismatches;
        for (float got : {backward[i], backward_z[i], backward_dy[i]})
          if (!(bits_of(got) == bits_of(dz) || (std::isnan(got) && std::isnan(dz)))) ++mismatches;
      }
      INFO(text << ", n = " << n);
      CHECK(mismatches == 0);
    }
  }
}
#endif

TEST_CASE("formulas: the coverage formulas use every operation", "[formula][eval]") {
  // Guards the SIMD/scalar test above: a new operation must be added to one of its formulas.
  std::vector<bool> seen(static_cast<std::size_t>(formula::Code::select) + 1, false);
  std::vector<bool> builtin_seen(kActCount, false);
  for (const char* text : kCoverageFormulas) {
    std::unique_ptr<CompiledFormula> f = compile_or_fail(text, coverage_params(text));
    for (const formula::Instruction& ins : f->program().code()) {
      seen[static_cast<std::size_t>(ins.code)] = true;
      if (ins.code == formula::Code::builtin) builtin_seen[static_cast<std::size_t>(ins.act)] = true;
    }
  }
  for (std::size_t c = 0; c < seen.size(); ++c) {
    INFO("operation code " << c);
    CHECK(seen[c]);
  }
  for (int a = 0; a < kActCount; ++a) {
    INFO(activation_info(static_cast<Act>(a)).key);
    // identity folds away (identity(z) = z); every other activation runs.
    if (static_cast<Act>(a) != Act::identity) CHECK(builtin_seen[static_cast<std::size_t>(a)]);
  }
}
