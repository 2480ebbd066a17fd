// formula/print.hpp — an expression graph as KaTeX-ready LaTeX and as a
// Python expression of torch operations.
#pragma once

#include <string>

#include "formula/expr.hpp"

namespace actlab::formula {

// LaTeX of the graph under `root`, printed as a tree (shared nodes are
// written where they occur). A graph whose tree would exceed `budget`
// characters (derivatives of nested min/max double at each level) gives
// "\text{(too long to show)}" instead.
std::string to_latex(const Pool& pool, NodeId root, std::size_t budget = 16384);

// A fully parenthesised Python expression: the input is `z`, parameters are
// p['name'], numbers and pi/e are _c(value) (0-d float32 tensors), functions
// are torch / torch.nn.functional (F) calls. For a raw (as typed) pool.
std::string to_torch(const Pool& pool, NodeId root);

}  // namespace actlab::formula
