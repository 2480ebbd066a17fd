// saturation.cpp — the saturation rule of each activation (actlab/saturation.hpp).
#include "actlab/saturation.hpp"

namespace actlab {

SaturationRule saturation_rule(Act a) {
  switch (a) {
    case Act::sigmoid:
    case Act::tanh:
    case Act::hardsigmoid:
    case Act::softsign:
    case Act::elu:
    case Act::selu:
      return SaturationRule::both_sides;
    case Act::relu6:
      return SaturationRule::above_zero;
    case Act::identity:
      return SaturationRule::never;
    case Act::relu:
    case Act::leaky_relu:
    case Act::prelu:
    case Act::gelu:
    case Act::gelu_tanh:
    case Act::silu:
    case Act::mish:
    case Act::softplus:
    case Act::hardswish:
      return SaturationRule::none;
    default:
      // An activation without a family of its own (a typed formula) counts on both sides.
      return SaturationRule::both_sides;
  }
}

const char* saturation_rule_name(SaturationRule rule) {
  switch (rule) {
    case SaturationRule::none: return "none";
    case SaturationRule::never: return "never";
    case SaturationRule::both_sides: return "both";
    case SaturationRule::above_zero: return "above-zero";
  }
  return "both";
}

}  // namespace actlab
