// formula/expr.hpp — the expression graph of a formula: nodes in one pool,
// shared where equal (hash-consing), built either as typed (the parser's
// "raw" pool, which LaTeX and Python are printed from) or simplified (the
// pool derivatives are taken and programs compiled in).
//
// Simplification, done as nodes are made, never changes a finite result:
// constant folding with the very float functions the programs run
// (ops.hpp), so a folded constant has the bits the program would compute;
// the identities x+0, x−0, 0−x, x·1, 1·x, −1·x, x/1, x/−1, x^1, x^0 = 1,
// −(−x), x − (−y), x + (−y), where(c, a, a) = a, e^x = exp(x); and
// 0·x = x·0 = 0/x = 0, which (as in any symbolic algebra) drops what x would
// give at inf or NaN. Commutative operands are put in a canonical order
// (constants, then symbols, then by creation) — exact in IEEE arithmetic —
// so that equal subexpressions meet.
//
// Deliberately left out: reassociation (a·(b·c) ≠ (a·b)·c in float) and
// any rule that would change a finite result's bits.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "actlab/activations.hpp"

namespace actlab::formula {

enum class Op : std::uint8_t {
  // leaves
  input,     // z
  constant,  // a float
  symbol,    // pi, e or a parameter: a value given when the program is compiled
  // arithmetic
  neg, add, sub, mul, div, pow,
  // functions of one argument
  abs, sign, exp, expm1, log, log1p, sqrt, sin, cos, tan, atan, sinh, cosh, erf,
  // a built-in activation (act, params) and its derivative, as the kernels compute them
  builtin, builtin_derivative,
  // two arguments
  min, max,
  // comparisons: only as where's condition
  lt, le, gt, ge,
  where,  // where(condition, a, b)
};

bool is_comparison(Op op);
bool is_unary_function(Op op);  // abs .. erf
// The formula-language name of a one-argument function ("exp", "atan", ...).
const char* function_name(Op op);

using NodeId = int;
inline constexpr NodeId kNoNode = -1;

struct Node {
  Op op = Op::input;
  Act act = Act::identity;  // builtin, builtin_derivative
  int symbol = -1;          // symbol: index into the pool's symbol names
  float value = 0.0f;       // constant
  float p0 = 0.0f, p1 = 0.0f;  // builtin parameters (ActParams.p)
  NodeId a = kNoNode, b = kNoNode, c = kNoNode;
};

// Symbols every pool knows: pi and e come first, parameters after.
inline constexpr int kSymbolPi = 0;
inline constexpr int kSymbolE = 1;

class Pool {
 public:
  // Beyond this many nodes a formula is too complex (its derivatives, or the
  // LaTeX of them, would take too long): building stops and overflowed()
  // turns true.
  static constexpr std::size_t kMaxNodes = 20000;

  explicit Pool(bool simplify) : simplify_(simplify) { symbols_ = {"pi", "e"}; }

  bool simplifies() const { return simplify_; }
  bool overflowed() const { return overflowed_; }
  const Node& node(NodeId id) const { return nodes_[static_cast<std::size_t>(id)]; }
  std::size_t size() const { return nodes_.size(); }

  // Symbols: pi, e, then the parameters in order of first use.
  int symbol_index(const std::string& name);  // adds it when new
  int find_symbol(const std::string& name) const;  // −1 when absent
  const std::vector<std::string>& symbols() const { return symbols_; }

  NodeId input();
  NodeId constant(float v);
  NodeId symbol(int index);
  NodeId neg(NodeId a);
  NodeId add(NodeId a, NodeId b);
  NodeId sub(NodeId a, NodeId b);
  NodeId mul(NodeId a, NodeId b);
  NodeId div(NodeId a, NodeId b);
  NodeId pow(NodeId a, NodeId b);
  NodeId unary(Op op, NodeId a);  // abs .. erf
  NodeId builtin(Act act, float p0, float p1, NodeId a);
  NodeId builtin_derivative(Act act, float p0, float p1, NodeId a);
  NodeId builtin_default(Act act, NodeId a);  // default parameters
  NodeId min(NodeId a, NodeId b);
  NodeId max(NodeId a, NodeId b);
  NodeId compare(Op op, NodeId a, NodeId b);
  NodeId where(NodeId condition, NodeId a, NodeId b);

  // Any node by its op and children (used when copying between pools).
  NodeId make(const Node& n);

  bool is_constant(NodeId id, float v) const;
  bool is_constant(NodeId id) const { return node(id).op == Op::constant; }

 private:
  NodeId intern(const Node& n);
  // The commutative operands in canonical order.
  void order(NodeId* a, NodeId* b) const;
  int rank(NodeId id) const;

  bool simplify_;
  bool overflowed_ = false;
  std::vector<Node> nodes_;
  std::vector<std::string> symbols_;
  std::unordered_map<std::string, NodeId> index_;  // a node's key → its id
};

// Copies the graph under `root` from one pool into `to` (which simplifies
// as it builds when it is a simplifying pool). `values` (indexed by symbol
// index of `from`) replace symbols by constants when given; null keeps
// symbols as symbols (by name). `input_as`, when given, replaces z (to
// substitute an argument into an expression). `memo` maps from-ids to
// to-ids and may be shared between several roots.
NodeId copy_into(const Pool& from, NodeId root, Pool* to, const std::vector<float>* values,
                 std::unordered_map<NodeId, NodeId>* memo, NodeId input_as = kNoNode);

}  // namespace actlab::formula
