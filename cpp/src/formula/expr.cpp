// formula/expr.cpp — the node pool: interning (equal nodes share one id),
// the simplifying constructors and copying between pools (expr.hpp says
// which rules apply, and why they keep finite results' bits).
#include "formula/expr.hpp"

#include <cstring>

#include "formula/ops.hpp"
#include "kernels/kernels.hpp"

namespace actlab::formula {

bool is_comparison(Op op) { return op == Op::lt || op == Op::le || op == Op::gt || op == Op::ge; }

bool is_unary_function(Op op) {
  return static_cast<int>(op) >= static_cast<int>(Op::abs) && static_cast<int>(op) <= static_cast<int>(Op::erf);
}

const char* function_name(Op op) {
  switch (op) {
    case Op::abs: return "abs";
    case Op::sign: return "sign";
    case Op::exp: return "exp";
    case Op::expm1: return "expm1";
    case Op::log: return "log";
    case Op::log1p: return "log1p";
    case Op::sqrt: return "sqrt";
    case Op::sin: return "sin";
    case Op::cos: return "cos";
    case Op::tan: return "tan";
    case Op::atan: return "atan";
    case Op::sinh: return "sinh";
    case Op::cosh: return "cosh";
    case Op::erf: return "erf";
    case Op::min: return "min";
    case Op::max: return "max";
    case Op::where: return "where";
    default: return "";
  }
}

// ------------------------------------------------------------- folding ---
namespace ops {

float fold_unary(Op op, float x) {
  switch (op) {
    case Op::neg: return Neg::s(x);
    case Op::abs: return Abs::s(x);
    case Op::sign: return Sign::s(x);
    case Op::exp: return Exp::s(x);
    case Op::expm1: return Expm1::s(x);
    case Op::log: return Log::s(x);
    case Op::log1p: return Log1p::s(x);
    case Op::sqrt: return Sqrt::s(x);
    case Op::sin: return Sin::s(x);
    case Op::cos: return Cos::s(x);
    case Op::tan: return Tan::s(x);
    case Op::atan: return Atan::s(x);
    case Op::sinh: return Sinh::s(x);
    case Op::cosh: return Cosh::s(x);
    case Op::erf: return Erf::s(x);
    default: return x;
  }
}

float fold_binary(Op op, float a, float b) {
  switch (op) {
    case Op::add: return Add::s(a, b);
    case Op::sub: return Sub::s(a, b);
    case Op::mul: return Mul::s(a, b);
    case Op::div: return Div::s(a, b);
    case Op::pow: return Pow::s(a, b);
    case Op::min: return Min::s(a, b);
    case Op::max: return Max::s(a, b);
    case Op::lt: return Lt::s(a, b);
    case Op::le: return Le::s(a, b);
    case Op::gt: return Gt::s(a, b);
    case Op::ge: return Ge::s(a, b);
    default: return a;
  }
}

float fold_builtin(Act act, float p0, float p1, float x, bool derivative) {
  ActParams params;
  params.p[0] = p0;
  params.p[1] = p1;
  const KernelTable& table = kernel_table(Impl::scalar);
  float out = 0.0f;
  if (derivative) table.backward[static_cast<int>(act)](&out, &x, nullptr, 1, params);
  else table.forward[static_cast<int>(act)](&out, &x, 1, params);
  return out;
}

}  // namespace ops

// ---------------------------------------------------------------- pool ---
namespace {

std::uint32_t bits_of(float v) {
  std::uint32_t u;
  std::memcpy(&u, &v, sizeof u);
  return u;
}

std::string key_of(const Node& n) {
  // Fixed-width binary key: op, act, symbol, value, p0, p1, a, b, c.
  std::string key(1 + 1 + 4 * 7, '\0');
  key[0] = static_cast<char>(n.op);
  key[1] = static_cast<char>(n.act);
  const std::uint32_t fields[] = {static_cast<std::uint32_t>(n.symbol), bits_of(n.value), bits_of(n.p0),
                                  bits_of(n.p1), static_cast<std::uint32_t>(n.a), static_cast<std::uint32_t>(n.b),
                                  static_cast<std::uint32_t>(n.c)};
  std::memcpy(&key[2], fields, sizeof fields);
  return key;
}

}  // namespace

int Pool::symbol_index(const std::string& name) {
  const int found = find_symbol(name);
  if (found >= 0) return found;
  symbols_.push_back(name);
  return static_cast<int>(symbols_.size()) - 1;
}

int Pool::find_symbol(const std::string& name) const {
  for (std::size_t i = 0; i < symbols_.size(); ++i)
    if (symbols_[i] == name) return static_cast<int>(i);
  return -1;
}

NodeId Pool::intern(const Node& n) {
  const std::string key = key_of(n);
  const auto found = index_.find(key);
  if (found != index_.end()) return found->second;
  if (nodes_.size() >= kMaxNodes) {
    // Past the cap nothing more is made; the caller sees overflowed() and
    // discards the graph, which is meaningless from here on.
    overflowed_ = true;
    return nodes_.empty() ? kNoNode : 0;
  }
  const NodeId id = static_cast<NodeId>(nodes_.size());
  nodes_.push_back(n);
  index_.emplace(key, id);
  return id;
}

bool Pool::is_constant(NodeId id, float v) const {
  const Node& n = node(id);
  return n.op == Op::constant && bits_of(n.value) == bits_of(v);
}

int Pool::rank(NodeId id) const {
  switch (node(id).op) {
    case Op::constant: return 0;
    case Op::symbol: return 1;
    case Op::input: return 2;
    default: return 3;
  }
}

void Pool::order(NodeId* a, NodeId* b) const {
  const int ra = rank(*a), rb = rank(*b);
  if (rb < ra || (rb == ra && *b < *a)) std::swap(*a, *b);
}

NodeId Pool::input() {
  Node n;
  n.op = Op::input;
  return intern(n);
}

NodeId Pool::constant(float v) {
  Node n;
  n.op = Op::constant;
  n.value = v;
  return intern(n);
}

NodeId Pool::symbol(int index) {
  Node n;
  n.op = Op::symbol;
  n.symbol = index;
  return intern(n);
}

namespace {
Node node_of(Op op, NodeId a, NodeId b = kNoNode, NodeId c = kNoNode) {
  Node n;
  n.op = op;
  n.a = a;
  n.b = b;
  n.c = c;
  return n;
}
}  // namespace

NodeId Pool::neg(NodeId a) {
  if (simplify_) {
    if (is_constant(a)) return constant(ops::fold_unary(Op::neg, node(a).value));
    if (node(a).op == Op::neg) return node(a).a;
  }
  return intern(node_of(Op::neg, a));
}

NodeId Pool::add(NodeId a, NodeId b) {
  if (simplify_) {
    if (is_constant(a) && is_constant(b)) return constant(ops::fold_binary(Op::add, node(a).value, node(b).value));
    if (is_constant(b, 0.0f)) return a;
    if (is_constant(a, 0.0f)) return b;
    if (node(b).op == Op::neg) return sub(a, node(b).a);
    if (node(a).op == Op::neg) return sub(b, node(a).a);
    order(&a, &b);
  }
  return intern(node_of(Op::add, a, b));
}

NodeId Pool::sub(NodeId a, NodeId b) {
  if (simplify_) {
    if (is_constant(a) && is_constant(b)) return constant(ops::fold_binary(Op::sub, node(a).value, node(b).value));
    if (is_constant(b, 0.0f)) return a;
    if (is_constant(a, 0.0f)) return neg(b);
    if (node(b).op == Op::neg) return add(a, node(b).a);
  }
  return intern(node_of(Op::sub, a, b));
}

NodeId Pool::mul(NodeId a, NodeId b) {
  if (simplify_) {
    if (is_constant(a) && is_constant(b)) return constant(ops::fold_binary(Op::mul, node(a).value, node(b).value));
    if (is_constant(a, 0.0f) || is_constant(b, 0.0f)) return constant(0.0f);
    if (is_constant(a, 1.0f)) return b;
    if (is_constant(b, 1.0f)) return a;
    if (is_constant(a, -1.0f)) return neg(b);
    if (is_constant(b, -1.0f)) return neg(a);
    if (node(a).op == Op::neg && node(b).op == Op::neg) return mul(node(a).a, node(b).a);
    order(&a, &b);
  }
  return intern(node_of(Op::mul, a, b));
}

NodeId Pool::div(NodeId a, NodeId b) {
  if (simplify_) {
    if (is_constant(a) && is_constant(b)) return constant(ops::fold_binary(Op::div, node(a).value, node(b).value));
    if (is_constant(b, 1.0f)) return a;
    if (is_constant(b, -1.0f)) return neg(a);
    if (is_constant(a, 0.0f)) return constant(0.0f);
  }
  return intern(node_of(Op::div, a, b));
}

NodeId Pool::pow(NodeId a, NodeId b) {
  if (simplify_) {
    if (is_constant(a) && is_constant(b)) return constant(ops::fold_binary(Op::pow, node(a).value, node(b).value));
    if (is_constant(b, 1.0f)) return a;
    if (is_constant(b, 0.0f)) return constant(1.0f);
    if (node(a).op == Op::symbol && node(a).symbol == kSymbolE) return unary(Op::exp, b);
  }
  return intern(node_of(Op::pow, a, b));
}

NodeId Pool::unary(Op op, NodeId a) {
  if (simplify_ && is_constant(a)) return constant(ops::fold_unary(op, node(a).value));
  return intern(node_of(op, a));
}

NodeId Pool::builtin(Act act, float p0, float p1, NodeId a) {
  if (simplify_) {
    if (act == Act::identity) return a;
    if (is_constant(a)) return constant(ops::fold_builtin(act, p0, p1, node(a).value, false));
  }
  Node n = node_of(Op::builtin, a);
  n.act = act;
  n.p0 = p0;
  n.p1 = p1;
  return intern(n);
}

NodeId Pool::builtin_derivative(Act act, float p0, float p1, NodeId a) {
  if (simplify_ && is_constant(a)) return constant(ops::fold_builtin(act, p0, p1, node(a).value, true));
  Node n = node_of(Op::builtin_derivative, a);
  n.act = act;
  n.p0 = p0;
  n.p1 = p1;
  return intern(n);
}

NodeId Pool::builtin_default(Act act, NodeId a) {
  const ActParams p = default_params(act);
  return builtin(act, p.p[0], p.p[1], a);
}

NodeId Pool::min(NodeId a, NodeId b) {
  if (simplify_) {
    if (is_constant(a) && is_constant(b)) return constant(ops::fold_binary(Op::min, node(a).value, node(b).value));
    if (a == b) return a;
  }
  return intern(node_of(Op::min, a, b));
}

NodeId Pool::max(NodeId a, NodeId b) {
  if (simplify_) {
    if (is_constant(a) && is_constant(b)) return constant(ops::fold_binary(Op::max, node(a).value, node(b).value));
    if (a == b) return a;
  }
  return intern(node_of(Op::max, a, b));
}

NodeId Pool::compare(Op op, NodeId a, NodeId b) {
  // Both constant: a constant mask, which where() resolves at once.
  if (simplify_ && is_constant(a) && is_constant(b)) return constant(ops::fold_binary(op, node(a).value, node(b).value));
  return intern(node_of(op, a, b));
}

NodeId Pool::where(NodeId condition, NodeId a, NodeId b) {
  if (simplify_) {
    if (is_constant(condition)) return ops::mask_true(node(condition).value) ? a : b;
    if (a == b) return a;
  }
  return intern(node_of(Op::where, condition, a, b));
}

NodeId Pool::make(const Node& n) {
  switch (n.op) {
    case Op::input: return input();
    case Op::constant: return constant(n.value);
    case Op::symbol: return symbol(n.symbol);
    case Op::neg: return neg(n.a);
    case Op::add: return add(n.a, n.b);
    case Op::sub: return sub(n.a, n.b);
    case Op::mul: return mul(n.a, n.b);
    case Op::div: return div(n.a, n.b);
    case Op::pow: return pow(n.a, n.b);
    case Op::builtin: return builtin(n.act, n.p0, n.p1, n.a);
    case Op::builtin_derivative: return builtin_derivative(n.act, n.p0, n.p1, n.a);
    case Op::min: return min(n.a, n.b);
    case Op::max: return max(n.a, n.b);
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge: return compare(n.op, n.a, n.b);
    case Op::where: return where(n.a, n.b, n.c);
    default: return unary(n.op, n.a);  // abs .. erf
  }
}

NodeId copy_into(const Pool& from, NodeId root, Pool* to, const std::vector<float>* values,
                 std::unordered_map<NodeId, NodeId>* memo, NodeId input_as) {
  const auto found = memo->find(root);
  if (found != memo->end()) return found->second;
  Node n = from.node(root);
  NodeId result;
  if (n.op == Op::input && input_as != kNoNode) {
    result = input_as;
  } else if (n.op == Op::symbol) {
    if (values != nullptr) result = to->constant((*values)[static_cast<std::size_t>(n.symbol)]);
    else result = to->symbol(to->symbol_index(from.symbols()[static_cast<std::size_t>(n.symbol)]));
  } else {
    if (n.a != kNoNode) n.a = copy_into(from, n.a, to, values, memo, input_as);
    if (n.b != kNoNode) n.b = copy_into(from, n.b, to, values, memo, input_as);
    if (n.c != kNoNode) n.c = copy_into(from, n.c, to, values, memo, input_as);
    result = to->make(n);
  }
  memo->emplace(root, result);
  return result;
}

}  // namespace actlab::formula
