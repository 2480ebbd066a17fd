// The adapter the JavaScript binding calls (cpp/src/api/activation_api):
// "custom" in the catalogue, evaluate() with a formula and with f'' for
// built-ins, and the description of a formula as JSON. Natively, so the
// wasm module's behaviour is tested before it is bound.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/activation_api.hpp"
#include "actlab/formula.hpp"

using namespace actlab;

namespace {
api::NamedParam number(const char* name, double v) {
  api::NamedParam p;
  p.name = name;
  p.value = v;
  return p;
}
api::NamedParam text(const char* name, const char* t) {
  api::NamedParam p;
  p.name = name;
  p.text = t;
  p.is_text = true;
  return p;
}
}  // namespace

TEST_CASE("api: the catalogue ends with custom and its limits", "[formula][api]") {
  const nlohmann::json list = nlohmann::json::parse(api::activations_json());
  REQUIRE(list.size() == static_cast<std::size_t>(kActCount) + 1);
  const nlohmann::json& custom = list.back();
  CHECK(custom["id"] == "custom");
  CHECK(custom["params"].empty());
  CHECK(custom["custom"]["maxLength"] == 256);
  CHECK(custom["custom"]["maxDepth"] == 64);
  CHECK(custom["custom"]["maxParameters"] == 8);
  CHECK(custom["custom"]["parameterMin"] == -1000);
  CHECK(custom["custom"]["parameterMax"] == 1000);
  CHECK(custom["custom"]["defaultFormula"] == "z*sigmoid(z)");
  const std::vector<std::string> functions = custom["custom"]["functions"];
  for (const char* f : {"exp", "erf", "min", "max", "where", "gelu", "mish", "softsign"})
    CHECK(std::find(functions.begin(), functions.end(), f) != functions.end());
}

TEST_CASE("api: evaluate custom formulas and f'' of built-ins", "[formula][api]") {
  const std::vector<float> z = {-2.0f, 0.0f, 1.5f};
  std::vector<float> y(3), d(3), d2(3);
  REQUIRE(api::evaluate("custom", {text("formula", "z*sigmoid(b*z)"), number("b", 1.5)}, z.data(), 3, y.data(),
                        d.data(), d2.data())
              .ok());
  for (int i = 0; i < 3; ++i) {
    const double s = 1 / (1 + std::exp(-1.5 * z[i]));
    CHECK(y[i] == Approx(z[i] * s).epsilon(1e-6).margin(1e-7));
    CHECK(d[i] == Approx(s + 1.5 * z[i] * s * (1 - s)).epsilon(1e-6).margin(1e-7));
    CHECK(d2[i] == Approx(1.5 * s * (1 - s) * (2 + 1.5 * z[i] * (1 - 2 * s))).epsilon(1e-5).margin(1e-6));
  }
  // Built-ins: f and f' as before, f'' exact: gelu'' = φ(z)(2 − z²).
  REQUIRE(api::evaluate("gelu", {}, z.data(), 3, y.data(), d.data(), d2.data()).ok());
  for (int i = 0; i < 3; ++i) {
    const double phi = std::exp(-0.5 * z[i] * z[i]) / std::sqrt(2 * M_PI);
    CHECK(d2[i] == Approx(phi * (2 - z[i] * z[i])).epsilon(1e-5).margin(1e-6));
  }
  REQUIRE(api::evaluate("elu", {number("alpha", 0.5)}, z.data(), 3, y.data(), d.data(), d2.data()).ok());
  CHECK(d2[0] == Approx(0.5 * std::exp(-2.0)).epsilon(1e-6));
  CHECK(d2[2] == 0.0f);
}

TEST_CASE("api: evaluate reports formula and parameter errors", "[formula][api][errors]") {
  float z = 0, y, d;
  const Status missing = api::evaluate("custom", {}, &z, 1, &y, &d);
  CHECK(missing.kind == ErrorKind::type);
  CHECK(missing.message == "params.formula is required for 'custom' (a formula in z, e.g. \"z*sigmoid(z)\")");
  CHECK(api::evaluate("custom", {number("formula", 1)}, &z, 1, &y, &d).message ==
        "params.formula must be a string (a formula in z)");
  CHECK(api::evaluate("custom", {text("formula", "max(a*z, z)")}, &z, 1, &y, &d).message ==
        "formula: parameter 'a' has no value (add params.a)");
  CHECK(api::evaluate("custom", {text("formula", "a*z"), number("a", 1e4)}, &z, 1, &y, &d).kind == ErrorKind::range);
  CHECK(api::evaluate("custom", {text("formula", "a*z"), text("a", "1")}, &z, 1, &y, &d).message ==
        "params.a must be a number");
  CHECK(api::evaluate("relu", {text("formula", "z")}, &z, 1, &y, &d).message == "params.formula must be a number");
}

TEST_CASE("api: a formula described as JSON", "[formula][api]") {
  std::string json;
  REQUIRE(api::describe_formula_json("z*sigmoid(b*z)", &json).ok());
  const nlohmann::json j = nlohmann::json::parse(json);
  CHECK(j["parameters"] == nlohmann::json::array({"b"}));
  CHECK(j["latex"] == "z\\,\\sigma\\left(b\\,z\\right)");
  CHECK(j["derivativeLatex"].get<std::string>().find("\\sigma") != std::string::npos);
  CHECK(j["torch"] == "(z * torch.sigmoid((p['b'] * z)))");
  const Status bad = api::describe_formula_json("sin(z))", &json);
  CHECK(bad.kind == ErrorKind::type);
  CHECK(bad.message == "formula: unexpected ')' at column 7");
}
