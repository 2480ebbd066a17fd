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

  // Every node is made in a fixed order, one statement at a time: the order
  // of a call's arguments is unspecified in C++ (GCC and Clang differ), and
  // node ids decide the canonical order of commutative operands, so the
  // derivative's LaTeX would differ between the native and wasm builds.
  NodeId rule(NodeId id) {
    const Node n = p_.node(id);
    switch (n.op) {
      case Op::input: return c(1.0f);
      case Op::constant:
      case Op::symbol: return c(0.0f);
      case Op::neg: return p_.neg(d(n.a));
      case Op::add: {
        const NodeId da = d(n.a), db = d(n.b);  // initialisers run in order
        return p_.add(da, db);
      }
      case Op::sub: {
        const NodeId da = d(n.a), db = d(n.b);
        return p_.sub(da, db);
      }
      case Op::mul: {
        const NodeId da = d(n.a), db = d(n.b);
        const NodeId left = p_.mul(da, n.b);
        const NodeId right = p_.mul(n.a, db);
        return p_.add(left, right);
      }
      case Op::div: {
        // a′/b − a·b′/b², as PyTorch's grad_a = g/b, grad_b = −g·a/b².
        const NodeId da = d(n.a), db = d(n.b);
        const NodeId first = p_.div(da, n.b);
        const NodeId numerator = p_.mul(n.a, db);
        const NodeId two = c(2.0f);
        const NodeId square = p_.pow(n.b, two);
        const NodeId second = p_.div(numerator, square);
        return p_.sub(first, second);
      }
      case Op::pow: return power(n);
      case Op::abs: return chain(p_.unary(Op::sign, n.a), n.a);
      case Op::sign: return c(0.0f);
      case Op::exp: return chain(id, n.a);
      case Op::expm1: {
        const NodeId one = c(1.0f);
        return chain(p_.add(id, one), n.a);
      }
      case Op::log: return p_.div(d(n.a), n.a);
      case Op::log1p: {
        const NodeId da = d(n.a);
        const NodeId one = c(1.0f);
        return p_.div(da, p_.add(n.a, one));
      }
      case Op::sqrt: {  // +inf at 0, as PyTorch
        const NodeId da = d(n.a);
        const NodeId two = c(2.0f);
        return p_.div(da, p_.mul(two, id));
      }
      case Op::sin: return chain(p_.unary(Op::cos, n.a), n.a);
      case Op::cos: return p_.neg(chain(p_.unary(Op::sin, n.a), n.a));
      case Op::tan: {
        const NodeId one = c(1.0f), two = c(2.0f);
        const NodeId square = p_.pow(id, two);
        return chain(p_.add(one, square), n.a);
      }
      case Op::atan: {
        const NodeId da = d(n.a);
        const NodeId one = c(1.0f), two = c(2.0f);
        const NodeId square = p_.pow(n.a, two);
        return p_.div(da, p_.add(one, square));
      }
      case Op::sinh: return chain(p_.unary(Op::cosh, n.a), n.a);
      case Op::cosh: return chain(p_.unary(Op::sinh, n.a), n.a);
      case Op::erf: {
        // 2/√π · e^(−a²)
        const NodeId two = c(2.0f);
        const NodeId root_pi = p_.unary(Op::sqrt, p_.symbol(kSymbolPi));
        const NodeId scale = p_.div(two, root_pi);
        const NodeId square = p_.pow(n.a, two);
        const NodeId gauss = p_.unary(Op::exp, p_.neg(square));
        return chain(p_.mul(scale, gauss), n.a);
      }
      case Op::builtin: return builtin(id, n);
      case Op::builtin_derivative: return builtin_second(n);
      case Op::min: return tie_split(n, Op::lt, Op::gt);
      case Op::max: return tie_split(n, Op::gt, Op::lt);
      case Op::where: {
        const NodeId db = d(n.b), dc = d(n.c);
        return p_.where(n.a, db, dc);
      }
      default: return c(0.0f);  // comparisons: only inside where's condition, never differentiated
    }
  }

  // outer′ · a′ (outer′ is made by the caller before a′).
  NodeId chain(NodeId outer_derivative, NodeId a) {
    const NodeId da = d(a);
    return p_.mul(outer_derivative, da);
  }

  NodeId power(const Node& n) {
    const NodeId da = d(n.a), db = d(n.b);
    if (p_.is_constant(db, 0.0f)) {  // a^b with b free of z: b·a^(b−1)·a′
      const NodeId one = c(1.0f);
      const NodeId exponent = p_.sub(n.b, one);
      const NodeId lowered = p_.pow(n.a, exponent);
      return p_.mul(p_.mul(n.b, lowered), da);
    }
    const NodeId self = p_.pow(n.a, n.b);
    const NodeId log_a = p_.unary(Op::log, n.a);
    if (p_.is_constant(da, 0.0f)) {  // a free of z: a^b·ln a·b′
      return p_.mul(p_.mul(self, log_a), db);
    }
    // a^b·(b′·ln a + b·a′/a)
    const NodeId first = p_.mul(db, log_a);
    const NodeId numerator = p_.mul(n.b, da);
    const NodeId second = p_.div(numerator, n.a);
    return p_.mul(self, p_.add(first, second));
  }

  NodeId builtin(NodeId self, const Node& n) {
    if (rule_ == BuiltinRule::formula) {
      switch (n.act) {
        case Act::sigmoid: {
          const NodeId one = c(1.0f);
          const NodeId rest = p_.sub(one, self);
          return chain(p_.mul(self, rest), n.a);
        }
        case Act::tanh: {
          const NodeId one = c(1.0f), two = c(2.0f);
          const NodeId square = p_.pow(self, two);
          return chain(p_.sub(one, square), n.a);
        }
        case Act::softplus: return chain(p_.builtin_default(Act::sigmoid, n.a), n.a);
        case Act::relu: {
          const NodeId zero = c(0.0f), one = c(1.0f);
          const NodeId positive = p_.compare(Op::gt, n.a, zero);
          return chain(p_.where(positive, one, zero), n.a);
        }
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
    const NodeId sum = p_.add(da, db);
    const NodeId two = c(2.0f);
    const NodeId half = p_.div(sum, two);
    const NodeId second_holds = p_.compare(second, n.a, n.b);
    const NodeId inner = p_.where(second_holds, db, half);
    const NodeId first_holds = p_.compare(first, n.a, n.b);
    return p_.where(first_holds, da, inner);
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
