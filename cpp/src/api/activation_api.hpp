// api/activation_api.hpp — the activation library as the JavaScript binding
// sees it: the catalogue as JSON text, and evaluation of f and f' by key with
// named parameters. Plain C++ (no Emscripten), so the native tests cover it and
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

// Every activation in list order, as a JSON array of
//   { id, name, params: [{ name, default, min, max, learnable }],
//     formula, derivative, range }     (TeX in formula, derivative, range)
// Numbers are the shortest decimals that read back as the library's floats
// (0.01, not 0.009999999776482582).
std::string activations_json();

struct NamedParam {
  std::string name;
  double value;
};

// y[n] = f(z[n]) and dydz[n] = f'(z[n]) for activation `key`, with the given
// parameters over its defaults (PReLU: `init` is its one shared slope).
// Unknown key or parameter → type error; value out of range → range error;
// outputs untouched on error. z may alias neither output.
Status evaluate(std::string_view key, const std::vector<NamedParam>& params, const float* z,
                std::size_t n, float* y, float* dydz);

}  // namespace actlab::api
