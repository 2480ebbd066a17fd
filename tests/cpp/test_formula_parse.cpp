// The formula language as the issue pins it: numbers, names, precedence and
// associativity (checked by evaluating), the functions and their arity,
// every error with its kind, field and 1-based column, the limits, and the
// LaTeX and torch text made from the expression trees.
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "actlab/formula.hpp"

using namespace actlab;

namespace {

// f at the given z (scalar programs), or NaN-filled with the error in *error.
std::vector<float> values_of(const std::string& text, const std::vector<float>& z,
                             const std::vector<FormulaParam>& params = {}, Status* error = nullptr) {
  std::unique_ptr<CompiledFormula> f;
  const Status s = CompiledFormula::compile(text, params, &f);
  if (error) *error = s;
  std::vector<float> y(z.size(), NAN);
  if (s) f->forward(y.data(), z.data(), z.size(), Impl::scalar);
  return y;
}

float value_at(const std::string& text, float z, const std::vector<FormulaParam>& params = {}) {
  Status s;
  const float y = values_of(text, {z}, params, &s)[0];
  INFO(text << ": " << s.message);
  REQUIRE(s.ok());
  return y;
}

Status compile_status(const std::string& text, const std::vector<FormulaParam>& params = {}) {
  std::unique_ptr<CompiledFormula> f;
  return CompiledFormula::compile(text, params, &f);
}

}  // namespace

TEST_CASE("formula: numbers, names, constants", "[formula][parse]") {
  CHECK(value_at("2", 5.0f) == 2.0f);
  CHECK(value_at("0.5", 5.0f) == 0.5f);
  CHECK(value_at(".5", 5.0f) == 0.5f);
  CHECK(value_at("1e-3", 5.0f) == 1e-3f);
  CHECK(value_at("2.5E+2", 5.0f) == 250.0f);
  CHECK(value_at("z", 1.25f) == 1.25f);
  CHECK(value_at("x", 1.25f) == 1.25f);  // x is z
  CHECK(value_at("x + z", 1.25f) == 2.5f);
  CHECK(value_at("pi", 0.0f) == 3.14159265358979f);
  CHECK(value_at("e", 0.0f) == 2.71828182845905f);
  CHECK(value_at("2*e", 0.0f) == 2.0f * 2.71828182845905f);
  CHECK(!compile_status("2e").ok());  // "2e" is 2 then the constant e: a missing operator
  CHECK(value_at("a*z + b_2", 2.0f, {{"a", 3.0}, {"b_2", -1.0}}) == 5.0f);
  CHECK(value_at("  z\t*\n2 ", 3.0f) == 6.0f);
}

TEST_CASE("formula: precedence and associativity", "[formula][parse]") {
  CHECK(value_at("-z^2", 3.0f) == -9.0f);  // ^ binds tighter than unary minus
  CHECK(value_at("(-z)^2", 3.0f) == 9.0f);
  CHECK(value_at("2^3^2", 0.0f) == 512.0f);  // right-associative
  CHECK(value_at("(2^3)^2", 0.0f) == 64.0f);
  CHECK(value_at("2^-1", 0.0f) == 0.5f);
  CHECK(value_at("1 + 2*3", 0.0f) == 7.0f);
  CHECK(value_at("8/4/2", 0.0f) == 1.0f);  // left-associative
  CHECK(value_at("8 - 4 - 2", 0.0f) == 2.0f);
  CHECK(value_at("--z", 3.0f) == 3.0f);
  CHECK(value_at("-2*z", 3.0f) == -6.0f);
  CHECK(value_at("2*-z", 3.0f) == -6.0f);
  CHECK(value_at("+z", 3.0f) == 3.0f);
}

TEST_CASE("formula: functions, min/max/where and built-in activations", "[formula][parse]") {
  CHECK(value_at("max(z, 2)", 1.0f) == 2.0f);
  CHECK(value_at("min(z, 2)", 1.0f) == 1.0f);
  CHECK(value_at("where(z > 0, 1, -1)", 0.5f) == 1.0f);
  CHECK(value_at("where(z > 0, 1, -1)", 0.0f) == -1.0f);
  CHECK(value_at("where(z >= 0, 1, -1)", 0.0f) == 1.0f);
  CHECK(value_at("where(z < 0, 1, -1)", -0.5f) == 1.0f);
  CHECK(value_at("where(z <= 0, 1, -1)", 0.0f) == 1.0f);
  CHECK(value_at("where(z*z > 4, z, where(z < 0, 0, 1))", -1.0f) == 0.0f);
  CHECK(value_at("abs(z) - sign(z)", -2.0f) == 3.0f);
  CHECK(value_at("relu(z)", -2.0f) == 0.0f);
  CHECK(value_at("sqrt(z)", 16.0f) == 4.0f);
  CHECK(value_at("exp(log(z))", 1.0f) == 1.0f);
  for (const char* name : {"exp", "log", "log1p", "expm1", "sqrt", "abs", "sign", "sin", "cos", "tan", "atan",
                           "tanh", "sinh", "cosh", "erf", "sigmoid", "softplus", "relu"}) {
    INFO(name);
    CHECK(compile_status(std::string(name) + "(z)").ok());
  }
  for (int a = 0; a < kActCount; ++a) {
    const std::string id = activation_info(static_cast<Act>(a)).key;
    INFO(id);
    CHECK(compile_status(id + "(z)").ok());
  }
}

TEST_CASE("formula: errors name the field, the problem and the column", "[formula][parse][errors]") {
  struct Case {
    const char* text;
    ErrorKind kind;
    const char* message;
  };
  const Case cases[] = {
      {"sin(z))", ErrorKind::type, "formula: unexpected ')' at column 7"},
      {"sigmoidd(z)", ErrorKind::type, "formula: unknown function 'sigmoidd' at column 1 (did you mean sigmoid?)"},
      {"z + Tanh(z)", ErrorKind::type, "formula: unknown function 'Tanh' at column 5 (did you mean tanh?)"},
      {"z + foo(z)", ErrorKind::type, "formula: unknown function 'foo' at column 5 (see docs/config.md for the list)"},
      {"max(a*z, z)", ErrorKind::type, "formula: parameter 'a' has no value (add params.a)"},
      {"", ErrorKind::type, "formula: empty formula (type an expression in z, for example z*sigmoid(z))"},
      {"   ", ErrorKind::type, "formula: empty formula (type an expression in z, for example z*sigmoid(z))"},
      {"z +", ErrorKind::type, "formula: unexpected end of formula at column 4 (expected a number, z, a parameter or '(')"},
      {"2z", ErrorKind::type, "formula: missing operator before 'z' at column 2 (write * to multiply)"},
      {"z (1)", ErrorKind::type, "formula: missing operator before '(' at column 3 (write * to multiply)"},
      {"pi(z)", ErrorKind::type, "formula: missing operator before '(' at column 3 (write * to multiply)"},
      {"z < 1", ErrorKind::type,
       "formula: comparison '<' at column 3 is only allowed as the condition of where(condition, a, b)"},
      {"where(z, 1, 0)", ErrorKind::type, "formula: the condition of where must be a comparison (<, <=, >, >=) at column 7"},
      {"where(z > 0, 1)", ErrorKind::type, "formula: where takes 3 arguments, got 2 at column 1"},
      {"where(0 < z < 1, 1, 0)", ErrorKind::type, "formula: comparisons cannot be chained at column 13 (nest where instead)"},
      {"sin(z, z)", ErrorKind::type, "formula: sin takes 1 argument, got 2 at column 1"},
      {"max(z)", ErrorKind::type, "formula: max takes 2 arguments, got 1 at column 1"},
      {"gelu()", ErrorKind::type, "formula: gelu takes 1 argument, got none at column 1"},
      {"2*sin", ErrorKind::type, "formula: 'sin' is a function at column 3: write sin(...)"},
      {"z = 1", ErrorKind::type, "formula: '=' is not an operator at column 3 (comparisons are <, <=, >, >=, inside where)"},
      {"z # 1", ErrorKind::type, "formula: unexpected character '#' at column 3"},
      {"z\xc2\xb7" "2", ErrorKind::type, "formula: unexpected character '\xc2\xb7' at column 2"},
      {"\xc3\xa9+(z", ErrorKind::type, "formula: unexpected character '\xc3\xa9' at column 1"},
      {"(z", ErrorKind::type, "formula: missing ')' for the '(' at column 1"},
      {"z)", ErrorKind::type, "formula: unexpected ')' at column 2"},
      {"z,", ErrorKind::type, "formula: unexpected ',' at column 2"},
      {"*z", ErrorKind::type, "formula: unexpected '*' at column 1"},
      {"formula*z", ErrorKind::type, "formula: 'formula' cannot be a parameter name at column 1"},
      {"1e39*z", ErrorKind::range, "formula: number 1e39 at column 1 is too large for a float (at most 3.4e38)"},
      {"a+b+c+d+f+g+h+i+j", ErrorKind::range,
       "formula: at most 8 parameters at column 17 (it already has a, b, c, d, f, g, h, i; 'j' would be one more)"},
  };
  for (const Case& c : cases) {
    INFO("formula text: '" << c.text << "'");
    const Status s = compile_status(c.text);
    CHECK(s.kind == c.kind);
    CHECK(s.message == c.message);
    FormulaInfo info;
    const Status described = describe_formula(c.text, &info);
    if (std::string(c.message).find("has no value") == std::string::npos) CHECK(described.message == c.message);
  }
}

TEST_CASE("formula: limits of length and nesting are range errors", "[formula][parse][errors]") {
  std::string text = "z";
  for (int i = 0; i < 127; ++i) text += "+z";
  text += " ";  // 256 characters
  REQUIRE(text.size() == 256);
  CHECK(compile_status(text).ok());
  const Status too_long = compile_status(text + "+z");
  CHECK(too_long.kind == ErrorKind::range);
  CHECK(too_long.message == "formula: at most 256 characters, got 258");
  // Characters, not bytes: 256 two-byte characters are within the limit
  // (and then a bad character), 257 are not.
  std::string wide;
  for (int i = 0; i < 256; ++i) wide += "\xc3\xa9";
  CHECK(compile_status(wide).kind == ErrorKind::type);
  CHECK(compile_status(wide + "\xc3\xa9").kind == ErrorKind::range);

  const std::string deep64 = std::string(64, '(') + "z" + std::string(64, ')');
  CHECK(compile_status(deep64).ok());
  const Status deep = compile_status(std::string(65, '(') + "z" + std::string(65, ')'));
  CHECK(deep.kind == ErrorKind::range);
  CHECK(deep.message == "formula: nesting deeper than 64 levels at column 65");
  std::string calls;
  for (int i = 0; i < 65; ++i) calls += "sin(";
  const Status deep_calls = compile_status(calls + "z" + std::string(65, ')'));
  CHECK(deep_calls.kind == ErrorKind::range);
  const Status signs = compile_status(std::string(70, '-') + "z");
  CHECK(signs.kind == ErrorKind::range);
  CHECK(compile_status(std::string(64, '-') + "z").ok());
}

TEST_CASE("formula: parameter values are checked by name and range", "[formula][parse][errors]") {
  const Status unknown = compile_status("a*z", {{"a", 1.0}, {"b", 2.0}});
  CHECK(unknown.kind == ErrorKind::type);
  CHECK(unknown.message == "params.b: the formula has no parameter 'b' (its parameters: a)");
  const Status none = compile_status("z", {{"b", 2.0}});
  CHECK(none.message == "params.b: the formula has no parameter 'b' (it has none)");
  const Status high = compile_status("a*z", {{"a", 1000.5}});
  CHECK(high.kind == ErrorKind::range);
  CHECK(high.message == "params.a must be -1000..1000, got 1000.5");
  CHECK(compile_status("a*z", {{"a", NAN}}).kind == ErrorKind::range);
  CHECK(compile_status("a*z", {{"a", -1000.0}}).ok());
  CHECK(compile_status("a*z", {{"a", 1000.0}}).ok());
  // A config names the full paths.
  const Status config = check_formula("max(a*z, z)", {}, "model.layers[1].params.formula", "model.layers[1].params.");
  CHECK(config.message == "model.layers[1].params.formula: parameter 'a' has no value (add model.layers[1].params.a)");
  const Status config_syntax = check_formula("sin(z))", {}, "model.layers[1].params.formula", "model.layers[1].params.");
  CHECK(config_syntax.message == "model.layers[1].params.formula: unexpected ')' at column 7");
}

TEST_CASE("formula: parameters are listed in order of first use", "[formula][parse]") {
  FormulaInfo info;
  REQUIRE(describe_formula("b*z + a*sin(b*z) + alpha", &info).ok());
  CHECK(info.parameters == std::vector<std::string>{"b", "a", "alpha"});
  REQUIRE(describe_formula("z*sigmoid(z)", &info).ok());
  CHECK(info.parameters.empty());
}

TEST_CASE("formula: LaTeX of f as typed and of the simplified derivative", "[formula][latex]") {
  struct Case {
    const char* text;
    const char* latex;
    const char* derivative;
  };
  const Case cases[] = {
      {"z*sigmoid(b*z)", "z\\,\\sigma\\left(b\\,z\\right)",
       "\\sigma\\left(b\\,z\\right) + z\\,b\\,\\sigma\\left(b\\,z\\right)\\,\\left(1 - \\sigma\\left(b\\,z\\right)\\right)"},
      {"z^3/3 - z", "\\frac{z^{3}}{3} - z", "\\frac{3\\,z^{2}}{3} - 1"},
      {"-z^2", "-z^{2}", "-2\\,z"},
      {"max(a*z, z)", "\\max\\left(a\\,z, z\\right)",
       "\\begin{cases} a & \\text{if } a\\,z > z \\\\ 1 & \\text{if } a\\,z < z \\\\ \\frac{1 + a}{2} & "
       "\\text{otherwise} \\end{cases}"},
      {"exp(alpha*x)", "e^{\\alpha\\,z}", "\\alpha\\,e^{\\alpha\\,z}"},
      {"sqrt(z) + abs(z)", "\\sqrt{z} + \\left|z\\right|", "\\frac{1}{2\\,\\sqrt{z}} + \\operatorname{sign}\\left(z\\right)"},
      {"gelu(z)", "\\operatorname{GELU}\\left(z\\right)", "\\operatorname{GELU}'\\left(z\\right)"},
      {"where(z > 0, z, 0.1*z)", "\\begin{cases} z & \\text{if } z > 0 \\\\ 0.1\\,z & \\text{otherwise} \\end{cases}",
       "\\begin{cases} 1 & \\text{if } z > 0 \\\\ 0.1 & \\text{otherwise} \\end{cases}"},
      {"erf(z)", "\\operatorname{erf}\\left(z\\right)", "\\frac{2}{\\sqrt{\\pi}}\\,e^{-z^{2}}"},
      {"a1*z", "a_{1}\\,z", "a_{1}"},
      {"slope_left*z", "\\mathrm{slope\\_left}\\,z", "\\mathrm{slope\\_left}"},
  };
  for (const Case& c : cases) {
    FormulaInfo info;
    INFO(c.text);
    REQUIRE(describe_formula(c.text, &info).ok());
    CHECK(info.latex == c.latex);
    CHECK(info.derivative_latex == c.derivative);
  }
}

TEST_CASE("formula: derivatives whose LaTeX would explode are cut short", "[formula][latex]") {
  // Each max doubles the printed size of the derivative (a' appears in two
  // branches); the graph itself stays small.
  std::string text = "z";
  for (int i = 0; i < 25; ++i) text = "max(" + text + ",a*z)";
  FormulaInfo info;
  REQUIRE(describe_formula(text, &info).ok());
  CHECK(info.derivative_latex == "\\text{(too long to show)}");
  CHECK(info.latex.size() < 1000);
  std::unique_ptr<CompiledFormula> compiled;  // and it still compiles and runs
  REQUIRE(CompiledFormula::compile(text, {{"a", 0.5}}, &compiled).ok());
  float z = 2.0f, y = 0.0f, d = 0.0f;
  compiled->evaluate(&z, 1, &y, &d, nullptr, Impl::scalar);
  CHECK(y == 2.0f);
  CHECK(d == 1.0f);
}

TEST_CASE("formula: the torch expression mirrors the tree", "[formula][torch]") {
  FormulaInfo info;
  REQUIRE(describe_formula("max(a*z, z) + where(z < 0, -z^2, gelu_tanh(x)) / pi", &info).ok());
  CHECK(info.torch ==
        "(torch.maximum((p['a'] * z), z) + (torch.where((z < _c(0)), (-torch.pow(z, _c(2))), "
        "F.gelu(z, approximate='tanh')) / _c(math.pi)))");
  REQUIRE(describe_formula("leaky_relu(z) + elu(z) + softplus(z) + prelu(z) + identity(z)", &info).ok());
  CHECK(info.torch ==
        "((((F.leaky_relu(z, 0.01) + F.elu(z, alpha=1)) + F.softplus(z, beta=1, threshold=20)) + "
        "F.leaky_relu(z, 0.25)) + z)");
}
