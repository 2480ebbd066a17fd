// formula/derive.hpp — symbolic d/dz in a simplifying pool, with PyTorch
// autograd's choices at kinks (actlab/formula.hpp lists them).
#pragma once

#include <unordered_map>

#include "formula/expr.hpp"

namespace actlab::formula {

// How built-in activations are differentiated once.
enum class BuiltinRule {
  // sigmoid, tanh, softplus and relu (the language's functions) take their
  // symbolic derivatives σ(1 − σ), 1 − tanh², σ and where(z > 0, 1, 0), as
  // PyTorch computes them from the output; the other activations take their
  // kernel's f′ (a builtin_derivative node). Used for formulas.
  formula,
  // every activation takes its kernel's f′: f and f′ are then the kernels'
  // bits exactly (CompiledFormula::from_builtin).
  kernel,
};

// The derivative of `root`. `memo` remembers each node's derivative and may
// be reused for a second derivation in the same pool (f″ = d(f′)). The
// derivative of a builtin_derivative node (needed for f″) is taken from
// the activation's f′ written as a formula, so it is exact too.
NodeId derivative(Pool* pool, NodeId root, BuiltinRule rule, std::unordered_map<NodeId, NodeId>* memo);

}  // namespace actlab::formula
