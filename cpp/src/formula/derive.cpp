// formula/derive.cpp — the differentiation rules, one per operation, and the
// f′ of every built-in activation written in the formula language (what f″
// of a built-in is derived from).
#include "formula/derive.hpp"

#include <string>
#include <vector>

#include "formula/parse.hpp"

namespace actlab::formula {
namespace {

// f′ of each built-in activation as a formula in z, with its parameters by
// their PyTorch names; the same functions as the kernels compute (PyTorch's
// definitions), so d/dz of these is the exact f″. At kinks they take the
// kernels' sides (relu′(0) = 0, hardswish′ = z/3 + 1/2 on [−3, 3]).
const char* derivative_formula(Act act) {
  switch (act) {
    case Act::identity: return "1";
    case Act::sigmoid: return "sigmoid(z)*(1 - sigmoid(z))";
    case Act::tanh: return "1 - tanh(z)^2";
    case Act::relu: return "where(z > 0, 1, 0)";
    case Act::relu6: return "where(z > 0, where(z < 6, 1, 0), 0)";
    case Act::leaky_relu: return "where(z > 0, 1, negative_slope)";
    case Act::prelu: return "where(z > 0, 1, init)";
    case Act::elu: return "where(z > 0, 1, alpha*exp(z))";
    case Act::selu: return "where(z > 0, 1.0507009873554805, 1.7580993408473766*exp(z))";
    case Act::gelu: return "0.5*(1 + erf(z/sqrt(2))) + z*exp(-z^2/2)/sqrt(2*pi)";
    case Act::gelu_tanh:
      // z·σ(v) with v = 2√(2/π)(z + 0.044715z³), since ½(1 + tanh(v/2)) = σ(v);
      // σ(v)·σ(−v) rather than 1 − tanh², which would cancel where |v| is large.
      return "sigmoid(1.5957691216057308*(z + 0.044715*z^3))*(1 + z*sigmoid(-1.5957691216057308*(z + 0.044715*z^3))"
             "*1.5957691216057308*(1 + 0.134145*z^2))";
    case Act::silu: return "sigmoid(z)*(1 + z*(1 - sigmoid(z)))";
    case Act::mish: return "tanh(softplus(z)) + z*sigmoid(z)*(1 - tanh(softplus(z))^2)";
    case Act::softplus: return "where(beta*z > threshold, 1, sigmoid(beta*z))";
    case Act::hardsigmoid: return "where(z > -3, where(z < 3, 1/6, 0), 0)";
    case Act::hardswish: return "where(z < -3, 0, where(z > 3, 1, z/3 + 0.5))";
    case Act::softsign: return "1/(1 + abs(z))^2";
    default: return "0";
  }
}

class Deriver {
 public:
  Deriver(Pool* pool, BuiltinRule rule, std::unordered_map<NodeId, NodeId>* memo)
      : p_(*pool), rule_(rule), memo_(*memo) {}

  NodeId d(NodeId id) {
    const auto found = memo_.find(id);
    if (found != memo_.end()) return found->second;
    const NodeId result = rule(id);
    memo_.emplace(id, result);
    return result;
  }

 private:
  NodeId c(float v) { return p_.constant(v); }

  NodeId rule(NodeId id) {
    const Node n = p_.node(id);
    switch (n.op) {
      case Op::input: return c(1.0f);
      case Op::constant:
      case Op::symbol: return c(0.0f);
      case Op::neg: return p_.neg(d(n.a));
      case Op::add: return p_.add(d(n.a), d(n.b));
      case Op::sub: return p_.sub(d(n.a), d(n.b));
      case Op::mul: return p_.add(p_.mul(d(n.a), n.b), p_.mul(n.a, d(n.b)));
      case Op::div: {
        // a′/b − a·b′/b², as PyTorch's grad_a = g/b, grad_b = −g·a/b².
        const NodeId da = d(n.a), db = d(n.b);
        return p_.sub(p_.div(da, n.b), p_.div(p_.mul(n.a, db), p_.pow(n.b, c(2.0f))));
      }
      case Op::pow: return power(n);
      case Op::abs: return chain(p_.unary(Op::sign, n.a), n.a);
      case Op::sign: return c(0.0f);
      case Op::exp: return chain(id, n.a);
      case Op::expm1: return chain(p_.add(id, c(1.0f)), n.a);
      case Op::log: return p_.div(d(n.a), n.a);
      case Op::log1p: return p_.div(d(n.a), p_.add(n.a, c(1.0f)));
      case Op::sqrt: return p_.div(d(n.a), p_.mul(c(2.0f), id));  // +inf at 0, as PyTorch
      case Op::sin: return chain(p_.unary(Op::cos, n.a), n.a);
      case Op::cos: return p_.neg(chain(p_.unary(Op::sin, n.a), n.a));
      case Op::tan: return chain(p_.add(c(1.0f), p_.pow(id, c(2.0f))), n.a);
      case Op::atan: return p_.div(d(n.a), p_.add(c(1.0f), p_.pow(n.a, c(2.0f))));
      case Op::sinh: return chain(p_.unary(Op::cosh, n.a), n.a);
      case Op::cosh: return chain(p_.unary(Op::sinh, n.a), n.a);
      case Op::erf: {
        // 2/√π · e^(−a²)
        const NodeId scale = p_.div(c(2.0f), p_.unary(Op::sqrt, p_.symbol(kSymbolPi)));
        return chain(p_.mul(scale, p_.unary(Op::exp, p_.neg(p_.pow(n.a, c(2.0f))))), n.a);
      }
      case Op::builtin: return builtin(id, n);
      case Op::builtin_derivative: return builtin_second(n);
      case Op::min: return tie_split(n, Op::lt, Op::gt);
      case Op::max: return tie_split(n, Op::gt, Op::lt);
      case Op::where: return p_.where(n.a, d(n.b), d(n.c));
      default: return c(0.0f);  // comparisons: only inside where's condition, never differentiated
    }
  }

  // outer′ · a′
  NodeId chain(NodeId outer_derivative, NodeId a) { return p_.mul(outer_derivative, d(a)); }

  NodeId power(const Node& n) {
    const NodeId da = d(n.a), db = d(n.b);
    if (p_.is_constant(db, 0.0f)) {  // a^b with b free of z: b·a^(b−1)·a′
      return p_.mul(p_.mul(n.b, p_.pow(n.a, p_.sub(n.b, c(1.0f)))), da);
    }
    const NodeId self = p_.pow(n.a, n.b);
    if (p_.is_constant(da, 0.0f)) {  // a free of z: a^b·ln a·b′
      return p_.mul(p_.mul(self, p_.unary(Op::log, n.a)), db);
    }
    // a^b·(b′·ln a + b·a′/a)
    return p_.mul(self, p_.add(p_.mul(db, p_.unary(Op::log, n.a)), p_.div(p_.mul(n.b, da), n.a)));
  }

  NodeId builtin(NodeId self, const Node& n) {
    if (rule_ == BuiltinRule::formula) {
      switch (n.act) {
        case Act::sigmoid: return chain(p_.mul(self, p_.sub(c(1.0f), self)), n.a);
        case Act::tanh: return chain(p_.sub(c(1.0f), p_.pow(self, c(2.0f))), n.a);
        case Act::softplus: return chain(p_.builtin_default(Act::sigmoid, n.a), n.a);
        case Act::relu: return chain(p_.where(p_.compare(Op::gt, n.a, c(0.0f)), c(1.0f), c(0.0f)), n.a);
        default: break;
      }
    }
    return chain(p_.builtin_derivative(n.act, n.p0, n.p1, n.a), n.a);
  }

  // d/dz of an activation's f′ at a: its f′ formula with a for z, differentiated.
  NodeId builtin_second(const Node& n) {
    Parsed expansion;
    const Status parsed = parse(derivative_formula(n.act), "derivative", &expansion);
    if (!parsed) return c(0.0f);  // cannot happen: the formulas above are tested
    const ActivationInfo& info = activation_info(n.act);
    std::vector<float> symbol_values(expansion.pool.symbols().size(), 0.0f);
    symbol_values[kSymbolPi] = 0x1.921fb6p+1f;
    symbol_values[kSymbolE] = 0x1.5bf0a8p+1f;
    for (std::size_t i = 2; i < expansion.pool.symbols().size(); ++i) {
      const std::string& name = expansion.pool.symbols()[i];
      for (int k = 0; k < info.param_count; ++k)
        if (name == info.params[k].name) symbol_values[i] = k == 0 ? n.p0 : n.p1;
    }
    std::unordered_map<NodeId, NodeId> copy_memo;
    const NodeId derivative_at_a = copy_into(expansion.pool, expansion.root, &p_, &symbol_values, &copy_memo, n.a);
    // A fresh Deriver: the expansion's nodes are new, and the builtins in it
    // (sigmoid, tanh, softplus) take their symbolic derivatives.
    return Deriver(&p_, BuiltinRule::formula, &memo_).d(derivative_at_a);
  }

  // min/max: a′ where `first` holds, b′ where `second` holds, and half of
  // each at a tie (PyTorch's rule for torch.minimum/maximum).
  NodeId tie_split(const Node& n, Op first, Op second) {
    const NodeId da = d(n.a), db = d(n.b);
    const NodeId half = p_.div(p_.add(da, db), c(2.0f));
    return p_.where(p_.compare(first, n.a, n.b), da, p_.where(p_.compare(second, n.a, n.b), db, half));
  }

  Pool& p_;
  BuiltinRule rule_;
  std::unordered_map<NodeId, NodeId>& memo_;
};

}  // namespace

NodeId derivative(Pool* pool, NodeId root, BuiltinRule rule, std::unordered_map<NodeId, NodeId>* memo) {
  return Deriver(pool, rule, memo).d(root);
}

}  // namespace actlab::formula
