// api/activation_api.hpp — the activation library as the JavaScript binding
// sees it: the catalogue as JSON text, evaluation of f, f' (and f'') by key
// with named parameters, custom formulas included, and the description of a
// formula. Plain C++ (no Emscripten), so the native tests cover it and
// cpp/bindings/ stays a file that only binds.
//
// Deliberately left out: anything about JS values; the binding converts them.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "actlab/status.hpp"

namespace actlab::api {

// Every activation in list order, then "custom", as a JSON array of
//   { id, name, params: [{ name, default, min, max, learnable }],
//     formula, derivative, range }     (TeX in formula, derivative, range)
// and for "custom" also
//   custom: { defaultFormula, maxLength, maxDepth, maxParameters,
//             parameterMin, parameterMax, parameterDefault, functions: [names] }
// (its params list is empty: a formula's parameters are its own).
// Numbers are the shortest decimals that read back as the library's floats
// (0.01, not 0.009999999776482582).
std::string activations_json();

// A parameter as JavaScript passed it: a number, or text (only "formula",
// for "custom").
struct NamedParam {
  std::string name;
  double value = 0.0;
  std::string text;
  bool is_text = false;
};

// y[n] = f(z[n]), dydz[n] = f'(z[n]) and, when d2ydz2 is not null,
// d2ydz2[n] = f''(z[n]) for activation `key`, with the given parameters over
// its defaults (PReLU: `init` is its one shared slope). "custom" takes the
// text parameter "formula" and one number per formula parameter. f and f'
// of a built-in are its kernels; every f'' is derived exactly.
// Unknown key or parameter → type error; value out of range → range error;
// formula errors as actlab/formula.hpp says; outputs untouched on error.
// z may alias no output.
Status evaluate(std::string_view key, const std::vector<NamedParam>& params, const float* z,
                std::size_t n, float* y, float* dydz, float* d2ydz2 = nullptr);

// A formula described as JSON text:
//   { parameters: [names], latex, derivativeLatex, torch }
// (actlab/formula.hpp's FormulaInfo), or the formula's error.
Status describe_formula_json(std::string_view formula, std::string* json);

}  // namespace actlab::api
