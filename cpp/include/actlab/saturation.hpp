// actlab/saturation.hpp — where an activation counts as saturated. A unit is
// saturated on an example when |f'(z)| is below 1% of the activation's largest
// |f'|, but what that means depends on the family:
//   - sigmoid-like (sigmoid, tanh, hardsigmoid, softsign) and ELU / SELU: far
//     from zero the output settles at a bound (ELU at −α) and stops changing —
//     saturation, counted on either side (where |f'| is never small, nothing
//     is counted);
//   - ReLU6: only above the clip (z ≥ 6); below zero the unit is inactive;
//   - the ReLU family and the smooth ReLUs (relu, leaky_relu, prelu, gelu,
//     gelu_tanh, silu, mish, softplus, hardswish): their flat side is z < 0,
//     where a unit is switched off (inactive, and with f' = 0 dead), which the
//     metrics count apart; saturation does not apply;
//   - identity: one slope everywhere; never saturated.
// The metrics report saturation only where it applies (null elsewhere).
#pragma once
#include "actlab/activations.hpp"

namespace actlab {

enum class SaturationRule {
  none,        // saturation does not apply (the flat side is inactivity)
  never,       // saturation does not apply (no flat side at all: identity)
  both_sides,  // |f'(z)| < 1% of max |f'|, any z
  above_zero,  // the same, only where z > 0
};

SaturationRule saturation_rule(Act a);

// "none" | "never" | "both" | "above-zero", as lab.activations reports it.
const char* saturation_rule_name(SaturationRule rule);

}  // namespace actlab
