// formula/program.cpp — compiling a graph into a register program, and the
// interpreter that runs it block by block (program.hpp). The passes are one
// template each for one, two and three operands; each runs the SIMD twin
// two vectors at a time, then one vector, then the scalar twin for the tail
// (as kernels/loops.hpp), so no pass reads past its block.
#include "formula/program.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "formula/ops.hpp"
#include "kernels/kernels.hpp"

namespace actlab::formula {
namespace {

// ---------------------------------------------------------------- passes ---
// Operand loaders: a block in memory, or a constant.
struct Block {
  const float* p;
  float s(std::size_t j) const { return p[j]; }
#if ACTLAB_HAVE_VEC4
  vec::f4 v(std::size_t j) const { return vec::f4_load(p + j); }
#endif
};

struct Immediate {
  float c;
  float s(std::size_t) const { return c; }
#if ACTLAB_HAVE_VEC4
  vec::f4 v(std::size_t) const { return vec::f4_splat(c); }
#endif
};

struct Copy {
  static float s(float x) { return x; }
#if ACTLAB_HAVE_VEC4
  static vec::f4 v(vec::f4 x) { return x; }
#endif
};

struct Powi {
  int n;
  float s(float x) const { return math::powi_f32(x, n); }
#if ACTLAB_HAVE_VEC4
  vec::f4 v(vec::f4 x) const { return math::powi_f4(x, n); }
#endif
};

template <class F, class A>
void unary_pass(float* out, F f, A a, std::size_t n, Impl impl) {
  std::size_t j = 0;
#if ACTLAB_HAVE_VEC4
  if (impl == Impl::simd) {
    for (; j + 8 <= n; j += 8) {
      const vec::f4 r0 = f.v(a.v(j));
      const vec::f4 r1 = f.v(a.v(j + 4));
      vec::f4_store(out + j, r0);
      vec::f4_store(out + j + 4, r1);
    }
    for (; j + 4 <= n; j += 4) vec::f4_store(out + j, f.v(a.v(j)));
  }
#else
  (void)impl;
#endif
  for (; j < n; ++j) out[j] = f.s(a.s(j));
}

template <class F, class A, class B>
void binary_pass(float* out, F f, A a, B b, std::size_t n, Impl impl) {
  std::size_t j = 0;
#if ACTLAB_HAVE_VEC4
  if (impl == Impl::simd) {
    for (; j + 8 <= n; j += 8) {
      const vec::f4 r0 = f.v(a.v(j), b.v(j));
      const vec::f4 r1 = f.v(a.v(j + 4), b.v(j + 4));
      vec::f4_store(out + j, r0);
      vec::f4_store(out + j + 4, r1);
    }
    for (; j + 4 <= n; j += 4) vec::f4_store(out + j, f.v(a.v(j), b.v(j)));
  }
#else
  (void)impl;
#endif
  for (; j < n; ++j) out[j] = f.s(a.s(j), b.s(j));
}

template <class A, class B>
void select_pass(float* out, Block mask, A a, B b, std::size_t n, Impl impl) {
  std::size_t j = 0;
#if ACTLAB_HAVE_VEC4
  if (impl == Impl::simd) {
    for (; j + 8 <= n; j += 8) {
      const vec::f4 r0 = vec::f4_select(mask.v(j), a.v(j), b.v(j));
      const vec::f4 r1 = vec::f4_select(mask.v(j + 4), a.v(j + 4), b.v(j + 4));
      vec::f4_store(out + j, r0);
      vec::f4_store(out + j + 4, r1);
    }
    for (; j + 4 <= n; j += 4) vec::f4_store(out + j, vec::f4_select(mask.v(j), a.v(j), b.v(j)));
  }
#else
  (void)impl;
#endif
  for (; j < n; ++j) out[j] = ops::select_f32(mask.s(j), a.s(j), b.s(j));
}

// Calls body(loader) with the loader of operand o.
template <class Body>
void with_operand(const Operand& o, const float* input, const float* scratch, Body body) {
  switch (o.kind) {
    case Operand::Kind::input: body(Block{input}); break;
    case Operand::Kind::reg: body(Block{scratch + static_cast<std::size_t>(o.reg) * kBlock}); break;
    case Operand::Kind::constant: body(Immediate{o.value}); break;
  }
}

const float* operand_pointer(const Operand& o, const float* input, const float* scratch) {
  return o.kind == Operand::Kind::input ? input : scratch + static_cast<std::size_t>(o.reg) * kBlock;
}

template <class F>
void run_unary(float* out, F f, const Operand& a, const float* input, const float* scratch, std::size_t n, Impl impl) {
  unary_pass(out, f, Block{operand_pointer(a, input, scratch)}, n, impl);
}

template <class F>
void run_binary(float* out, F f, const Instruction& ins, const float* input, const float* scratch, std::size_t n,
                Impl impl) {
  with_operand(ins.a, input, scratch, [&](auto a) {
    with_operand(ins.b, input, scratch, [&](auto b) { binary_pass(out, f, a, b, n, impl); });
  });
}

void execute(const Instruction& ins, const float* input, float* scratch, std::size_t n, Impl impl) {
  float* out = scratch + static_cast<std::size_t>(ins.dst) * kBlock;
  switch (ins.code) {
    case Code::neg: run_unary(out, ops::Neg{}, ins.a, input, scratch, n, impl); break;
    case Code::abs: run_unary(out, ops::Abs{}, ins.a, input, scratch, n, impl); break;
    case Code::sign: run_unary(out, ops::Sign{}, ins.a, input, scratch, n, impl); break;
    case Code::exp: run_unary(out, ops::Exp{}, ins.a, input, scratch, n, impl); break;
    case Code::expm1: run_unary(out, ops::Expm1{}, ins.a, input, scratch, n, impl); break;
    case Code::log: run_unary(out, ops::Log{}, ins.a, input, scratch, n, impl); break;
    case Code::log1p: run_unary(out, ops::Log1p{}, ins.a, input, scratch, n, impl); break;
    case Code::sqrt: run_unary(out, ops::Sqrt{}, ins.a, input, scratch, n, impl); break;
    case Code::sin: run_unary(out, ops::Sin{}, ins.a, input, scratch, n, impl); break;
    case Code::cos: run_unary(out, ops::Cos{}, ins.a, input, scratch, n, impl); break;
    case Code::tan: run_unary(out, ops::Tan{}, ins.a, input, scratch, n, impl); break;
    case Code::atan: run_unary(out, ops::Atan{}, ins.a, input, scratch, n, impl); break;
    case Code::sinh: run_unary(out, ops::Sinh{}, ins.a, input, scratch, n, impl); break;
    case Code::cosh: run_unary(out, ops::Cosh{}, ins.a, input, scratch, n, impl); break;
    case Code::erf: run_unary(out, ops::Erf{}, ins.a, input, scratch, n, impl); break;
    case Code::powi: run_unary(out, Powi{ins.n}, ins.a, input, scratch, n, impl); break;
    case Code::builtin:
    case Code::builtin_derivative: {
      ActParams params;
      params.p[0] = ins.p0;
      params.p[1] = ins.p1;
      const KernelTable& table = kernel_table(impl);
      const float* in = operand_pointer(ins.a, input, scratch);
      if (ins.code == Code::builtin) table.forward[static_cast<int>(ins.act)](out, in, n, params);
      else table.backward[static_cast<int>(ins.act)](out, in, nullptr, n, params);
      break;
    }
    case Code::add: run_binary(out, ops::Add{}, ins, input, scratch, n, impl); break;
    case Code::sub: run_binary(out, ops::Sub{}, ins, input, scratch, n, impl); break;
    case Code::mul: run_binary(out, ops::Mul{}, ins, input, scratch, n, impl); break;
    case Code::div: run_binary(out, ops::Div{}, ins, input, scratch, n, impl); break;
    case Code::pow: run_binary(out, ops::Pow{}, ins, input, scratch, n, impl); break;
    case Code::min: run_binary(out, ops::Min{}, ins, input, scratch, n, impl); break;
    case Code::max: run_binary(out, ops::Max{}, ins, input, scratch, n, impl); break;
    case Code::lt: run_binary(out, ops::Lt{}, ins, input, scratch, n, impl); break;
    case Code::le: run_binary(out, ops::Le{}, ins, input, scratch, n, impl); break;
    case Code::gt: run_binary(out, ops::Gt{}, ins, input, scratch, n, impl); break;
    case Code::ge: run_binary(out, ops::Ge{}, ins, input, scratch, n, impl); break;
    case Code::select: {
      const Block mask{operand_pointer(ins.a, input, scratch)};
      with_operand(ins.b, input, scratch, [&](auto a) {
        with_operand(ins.c, input, scratch, [&](auto b) { select_pass(out, mask, a, b, n, impl); });
      });
      break;
    }
  }
}

// ------------------------------------------------------------- compiling ---
Code unary_code(Op op) {
  switch (op) {
    case Op::neg: return Code::neg;
    case Op::abs: return Code::abs;
    case Op::sign: return Code::sign;
    case Op::exp: return Code::exp;
    case Op::expm1: return Code::expm1;
    case Op::log: return Code::log;
    case Op::log1p: return Code::log1p;
    case Op::sqrt: return Code::sqrt;
    case Op::sin: return Code::sin;
    case Op::cos: return Code::cos;
    case Op::tan: return Code::tan;
    case Op::atan: return Code::atan;
    case Op::sinh: return Code::sinh;
    case Op::cosh: return Code::cosh;
    default: return Code::erf;
  }
}

Code binary_code(Op op) {
  switch (op) {
    case Op::add: return Code::add;
    case Op::sub: return Code::sub;
    case Op::mul: return Code::mul;
    case Op::div: return Code::div;
    case Op::pow: return Code::pow;
    case Op::min: return Code::min;
    case Op::max: return Code::max;
    case Op::lt: return Code::lt;
    case Op::le: return Code::le;
    case Op::gt: return Code::gt;
    default: return Code::ge;
  }
}

// Largest integer exponent compiled into multiplications (at most 2·10 of them).
constexpr float kMaxPowi = 1024.0f;

bool is_powi(const Pool& pool, const Node& n) {
  if (n.op != Op::pow || !pool.is_constant(n.b)) return false;
  const float e = pool.node(n.b).value;
  return std::fabs(e) <= kMaxPowi && std::floor(e) == e;
}

bool is_leaf(const Node& n) { return n.op == Op::input || n.op == Op::constant || n.op == Op::symbol; }

}  // namespace

Program Program::compile(const Pool& pool, const std::vector<NodeId>& outputs) {
  Program program;
  // Post-order over the nodes the outputs need (iterative: graphs can be a
  // few thousand nodes deep).
  std::vector<NodeId> order;
  std::unordered_map<NodeId, int> state;  // 1 visiting, 2 done
  for (NodeId root : outputs) {
    std::vector<std::pair<NodeId, int>> stack = {{root, 0}};
    while (!stack.empty()) {
      auto& [id, child] = stack.back();
      const Node& n = pool.node(id);
      if (child == 0) {
        if (state[id] != 0 || is_leaf(n)) {
          stack.pop_back();
          continue;
        }
        state[id] = 1;
      }
      const NodeId children[] = {n.a, is_powi(pool, n) ? kNoNode : n.b, n.c};
      if (child < 3) {
        const NodeId next = children[child++];
        if (next != kNoNode && state[next] == 0 && !is_leaf(pool.node(next))) stack.push_back({next, 0});
        continue;
      }
      state[id] = 2;
      order.push_back(id);
      stack.pop_back();
    }
  }

  // Uses of each value by later instructions; outputs stay live to the end.
  std::unordered_map<NodeId, int> uses;
  for (NodeId id : order) {
    const Node& n = pool.node(id);
    const NodeId children[] = {n.a, is_powi(pool, n) ? kNoNode : n.b, n.c};
    for (NodeId c : children)
      if (c != kNoNode) ++uses[c];
  }
  std::unordered_map<NodeId, bool> pinned;
  for (NodeId root : outputs) pinned[root] = true;

  std::unordered_map<NodeId, int> reg_of;
  std::vector<int> free_regs;  // kept sorted descending: back() is the lowest
  auto operand = [&](NodeId id) {
    Operand o;
    const Node& n = pool.node(id);
    if (n.op == Op::input) {
      o.kind = Operand::Kind::input;
    } else if (n.op == Op::constant || n.op == Op::symbol) {
      o.kind = Operand::Kind::constant;  // a symbol cannot reach here (parameters are bound)
      o.value = n.op == Op::constant ? n.value : std::nanf("");
    } else {
      o.kind = Operand::Kind::reg;
      o.reg = reg_of[id];
    }
    return o;
  };
  auto release = [&](NodeId id) {
    if (is_leaf(pool.node(id))) return;
    if (--uses[id] == 0 && !pinned[id]) {
      free_regs.push_back(reg_of[id]);
      std::sort(free_regs.begin(), free_regs.end(), std::greater<int>());
    }
  };

  for (NodeId id : order) {
    const Node& n = pool.node(id);
    Instruction ins;
    if (is_powi(pool, n)) {
      ins.code = Code::powi;
      ins.n = static_cast<int>(pool.node(n.b).value);
      ins.a = operand(n.a);
      release(n.a);
    } else {
      switch (n.op) {
        case Op::builtin:
        case Op::builtin_derivative:
          ins.code = n.op == Op::builtin ? Code::builtin : Code::builtin_derivative;
          ins.act = n.act;
          ins.p0 = n.p0;
          ins.p1 = n.p1;
          break;
        case Op::where: ins.code = Code::select; break;
        case Op::add:
        case Op::sub:
        case Op::mul:
        case Op::div:
        case Op::pow:
        case Op::min:
        case Op::max:
        case Op::lt:
        case Op::le:
        case Op::gt:
        case Op::ge: ins.code = binary_code(n.op); break;
        default: ins.code = unary_code(n.op); break;
      }
      if (n.a != kNoNode) ins.a = operand(n.a);
      if (n.b != kNoNode) ins.b = operand(n.b);
      if (n.c != kNoNode) ins.c = operand(n.c);
      for (NodeId c : {n.a, n.b, n.c})
        if (c != kNoNode) release(c);
    }
    if (free_regs.empty()) {
      ins.dst = program.registers_++;
    } else {
      ins.dst = free_regs.back();
      free_regs.pop_back();
    }
    reg_of[id] = ins.dst;
    program.code_.push_back(ins);
  }
  for (NodeId root : outputs) program.outputs_.push_back(operand(root));
  return program;
}

void Program::run(const float* z, std::size_t n, float* const* out, const float* dy, float* scratch, Impl impl) const {
  if (!simd_compiled()) impl = Impl::scalar;
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t len = std::min(kBlock, n - start);
    const float* input = z + start;
    for (const Instruction& ins : code_) execute(ins, input, scratch, len, impl);
    for (std::size_t k = 0; k < outputs_.size(); ++k) {
      if (out[k] == nullptr) continue;
      float* target = out[k] + start;
      with_operand(outputs_[k], input, scratch, [&](auto value) {
        if (dy == nullptr) unary_pass(target, Copy{}, value, len, impl);
        else binary_pass(target, ops::Mul{}, Block{dy + start}, value, len, impl);
      });
    }
  }
}

}  // namespace actlab::formula
