// actlab/formula.hpp — custom activations typed as formulas: the language,
// exact derivatives, and a compiled program that evaluates f, f′ and f″ over
// float arrays with the kernels' SIMD maths (and a scalar twin giving the
// same bits).
//
// The language (docs/config.md has the full grammar):
//   - the input z (x is the same thing); numbers 2, 0.5, .5, 1e-3;
//     constants pi and e; any other identifier [A-Za-z_][A-Za-z0-9_]* is a
//     parameter whose value must be given (at most 8, each −1000..1000);
//   - + − * / and ^ (right-associative, binding tighter than unary minus:
//     -z^2 = −(z²)), parentheses;
//   - functions exp log log1p expm1 sqrt abs sign sin cos tan atan tanh sinh
//     cosh erf sigmoid softplus relu, min(a, b), max(a, b),
//     where(condition, a, b) with a comparison < <= > >= as the condition
//     (comparisons are allowed nowhere else), and every built-in activation
//     by its id with its default parameters (gelu(z), elu(z), mish(z), …);
//   - at most 256 characters and 64 levels of nesting.
//
// Derivatives are symbolic (then simplified), never finite differences. At
// kinks they follow PyTorch autograd: relu′(0) = 0, abs′(0) = sign(0) = 0,
// sign′ = 0, min/max at a tie give half the gradient to each side,
// where(c, a, b)′ = where(c, a′, b′), sqrt′(0) = +inf; a built-in activation
// inside a formula has the f′ of its kernel.
//
// Errors: a Status whose message names the field ("formula", or the config
// path "model.layers[0].params.formula") and gives a 1-based column:
//   formula: unexpected ')' at column 7
//   formula: unknown function 'sigmoidd' at column 1 (did you mean sigmoid?)
//   formula: parameter 'a' has no value (add params.a)
// Syntax and names are type errors; too long, too deep, too many parameters
// and values out of range are range errors.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "actlab/activations.hpp"
#include "actlab/status.hpp"

namespace actlab {

inline constexpr int kFormulaMaxLength = 256;  // characters (code points)
inline constexpr int kFormulaMaxDepth = 64;    // nesting of parentheses and function calls
inline constexpr int kFormulaMaxParameters = 8;
inline constexpr double kFormulaParameterMin = -1000.0;
inline constexpr double kFormulaParameterMax = 1000.0;

// A parameter's value, by name.
struct FormulaParam {
  std::string name;
  double value = 0.0;
};

// What a formula is, for people and for export.
struct FormulaInfo {
  std::vector<std::string> parameters;  // in order of first appearance
  std::string latex;             // f(z) as typed, KaTeX-ready (without "f(z) =")
  std::string derivative_latex;  // the derived, simplified f′(z)
  // The formula as one Python expression of torch operations on the tensor
  // `z`, parameters read as p['name'] and numbers as _c(value) (0-d float32
  // tensors); lab.toPyTorch builds its modules around it.
  std::string torch;
};

// Parses `text`, derives f′ and describes both. `field` names the formula in
// messages ("formula", or a config path).
Status describe_formula(std::string_view text, FormulaInfo* out, std::string_view field = "formula");

// Checks `text` and parameter values together, as a config does: every
// parameter needs a value, each value in −1000..1000, and no value may name a
// parameter the formula does not have. `params_prefix` prefixes parameter
// names in messages ("params." or "model.layers[0].params.").
Status check_formula(std::string_view text, const std::vector<FormulaParam>& values, std::string_view field = "formula",
                     std::string_view params_prefix = "params.");

namespace formula {
class Program;
}

// f, f′ and f″ of one formula with its parameter values, compiled once into
// small programs that run over blocks of floats. Runs allocate nothing: the
// registers they use are allocated here, by compile(). Not thread-safe (the
// registers are shared by the three programs).
class CompiledFormula {
 public:
  static Status compile(std::string_view text, const std::vector<FormulaParam>& values,
                        std::unique_ptr<CompiledFormula>* out, std::string_view field = "formula",
                        std::string_view params_prefix = "params.");
  // A built-in activation with its parameters: f and f′ are its kernels (the
  // same bits as KernelTable), f″ is derived exactly. PReLU takes p[0] as
  // its one slope.
  static Status from_builtin(Act act, const ActParams& params, std::unique_ptr<CompiledFormula>* out);
  ~CompiledFormula();
  CompiledFormula(const CompiledFormula&) = delete;
  CompiledFormula& operator=(const CompiledFormula&) = delete;

  // Shapes: n elements, contiguous, as the activation kernels.
  //   forward:  y[n] = f(z[n]); y may be z.
  //   backward: dz[n] = dy[n]·f′(z[n]) (dy == nullptr: dz = f′(z)); dz may be z or dy.
  void forward(float* y, const float* z, std::size_t n, Impl impl);
  void backward(float* dz, const float* z, const float* dy, std::size_t n, Impl impl);
  // Any of y, dydz, d2ydz2 may be null; none may alias z or each other.
  void evaluate(const float* z, std::size_t n, float* y, float* dydz, float* d2ydz2, Impl impl);

  const std::vector<std::string>& parameters() const { return parameters_; }
  // Registers × block floats of scratch (for tests and the benchmark).
  std::size_t scratch_floats() const { return scratch_.size(); }
  // The program computing f, f′ and f″ (for tests: which operations run).
  const formula::Program& program() const { return *all_; }

 private:
  CompiledFormula();
  std::vector<std::string> parameters_;
  std::unique_ptr<formula::Program> forward_, backward_, all_;
  std::vector<float> scratch_;
};

}  // namespace actlab
