// formula/parse.hpp — text → expression graph (the grammar is in
// actlab/formula.hpp and docs/config.md). The parser builds a raw pool: the
// formula as typed, which LaTeX and Python are printed from; expr.hpp's
// copy_into turns it into a simplified one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "actlab/status.hpp"
#include "formula/expr.hpp"

namespace actlab::formula {

struct Parsed {
  Pool pool{false};  // raw: as typed
  NodeId root = kNoNode;
  // Parameter names in order of first use; pool symbol index = 2 + position.
  std::vector<std::string> parameters;
};

// Messages start with `field` ("formula: unexpected ')' at column 7").
Status parse(std::string_view text, std::string_view field, Parsed* out);

// The built-in activations and one-argument functions a formula may call,
// for "did you mean" and the docs.
std::vector<std::string> function_names();

}  // namespace actlab::formula
