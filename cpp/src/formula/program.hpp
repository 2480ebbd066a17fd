// formula/program.hpp — an expression graph compiled into a register
// program that runs over blocks of kBlock floats. Each instruction is one
// pass over a block with one element function of ops.hpp (or one kernel of
// a built-in activation), in SIMD with its scalar twin for the tail or all
// scalar: both give the same bits. Registers are blocks of scratch memory
// given by the caller, so running allocates nothing.
//
// Compilation: the nodes the outputs need, in dependency order; constants
// become immediate operands; a power with a small integer constant
// exponent becomes multiplications (powi); registers are reused as soon as
// a value is dead (an instruction may write over one of its own operands:
// every pass reads an element before writing it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "actlab/activations.hpp"
#include "formula/expr.hpp"

namespace actlab::formula {

inline constexpr std::size_t kBlock = 256;  // floats per register

enum class Code : std::uint8_t {
  // one register operand
  neg, abs, sign, exp, expm1, log, log1p, sqrt, sin, cos, tan, atan, sinh, cosh, erf, powi, builtin,
  builtin_derivative,
  // two operands, each a register or a constant
  add, sub, mul, div, pow, min, max, lt, le, gt, ge,
  // mask register, then two operands
  select,
};

// A value an instruction reads: the input block, a register, or a constant.
struct Operand {
  enum class Kind : std::uint8_t { input, reg, constant } kind = Kind::constant;
  int reg = 0;
  float value = 0.0f;
};

struct Instruction {
  Code code = Code::neg;
  Act act = Act::identity;  // builtin, builtin_derivative
  float p0 = 0.0f, p1 = 0.0f;
  int n = 0;  // powi exponent
  int dst = 0;
  Operand a, b, c;
};

class Program {
 public:
  // `pool` must hold no symbols under the outputs (parameters bound).
  static Program compile(const Pool& pool, const std::vector<NodeId>& outputs);

  int registers() const { return registers_; }
  std::size_t outputs() const { return outputs_.size(); }
  const std::vector<Instruction>& code() const { return code_; }

  // For every element i < n: out[k][i] = output k at z[i], or dy[i]·(output k)
  // when dy is given. out[k] may be null (not wanted). scratch holds
  // registers()·kBlock floats. One output may alias z or dy.
  void run(const float* z, std::size_t n, float* const* out, const float* dy, float* scratch, Impl impl) const;

 private:
  std::vector<Instruction> code_;
  std::vector<Operand> outputs_;
  int registers_ = 0;
};

}  // namespace actlab::formula
