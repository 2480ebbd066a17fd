// optimizer.hpp — the parameter update rules, PyTorch semantics (torch.optim):
//   sgd       p ← p − lr·g
//   momentum  buf ← μ·buf + g;  p ← p − lr·(nesterov ? g + μ·buf : buf)
//   rmsprop   s ← ρ·s + (1 − ρ)·g²;  p ← p − lr·g / (√s + ε)
//   adam      m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;
//             p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
// where g = ∂loss/∂p + weightDecay·p for weights (L2, as PyTorch's
// weight_decay), and just ∂loss/∂p for biases and PReLU slopes.
// Per element, in float, in a fixed order: the same bits in every build.
#pragma once
#include <cstddef>

#include "actlab/activations.hpp"
#include "actlab/config.hpp"

namespace actlab {

// Hyper-parameters of one step, rounded to float once.
struct OptimizerStep {
  OptimizerKind kind = OptimizerKind::sgd;
  float lr = 0, momentum = 0, rho = 0, beta1 = 0, beta2 = 0, epsilon = 0, weight_decay = 0;
  bool nesterov = false;
  float adam_step_size = 0;  // lr / (1 − β₁ᵗ)
  float adam_bc2_sqrt = 0;   // √(1 − β₂ᵗ)
};

// β₁ᵗ and β₂ᵗ of Adam's bias correction, by repeated multiplication in
// double from 1 (the same bits everywhere). A trainer keeps one and calls
// advance() once per step, instead of recomputing t products every step.
struct AdamPowers {
  double beta1 = 1.0, beta2 = 1.0;
  void advance(const OptimizerConfig& c) { beta1 *= c.beta1, beta2 *= c.beta2; }
};

// The step whose powers are `powers` (advanced t times for update t).
OptimizerStep optimizer_step(const OptimizerConfig& config, double weight_decay, const AdamPowers& powers);
// The same for step_number (1 for the first update), advancing from 1.
OptimizerStep optimizer_step(const OptimizerConfig& config, double weight_decay, int step_number);

// Updates params[count] from grads[count] and the state buffers m[count]
// (momentum buffer, RMSprop square average, Adam first moment) and v[count]
// (Adam second moment). Returns Σ(Δp)² in double, summed like
// sum_of_squares; clears *all_finite when a new value is not finite.
// impl picks the scalar loop or its SIMD twin (same bits; see optimizer.cpp).
double optimizer_update(float* params, const float* grads, float* m, float* v, std::size_t count,
                        const OptimizerStep& s, bool apply_weight_decay, bool* all_finite,
                        Impl impl = Impl::simd);

// Σ x[i]² in double, in a fixed order: four partial sums, element i going
// to sum i mod 4 in ascending i, then (s0 + s1) + (s2 + s3). Four independent
// chains of additions instead of one: a single chain waits on the latency of
// each double add, and these norms are computed on every step (metrics only:
// nothing the training does depends on them).
double sum_of_squares(const float* x, std::size_t count, Impl impl = Impl::simd);

// Scales grads[count] so that their L2 norm is at most max_norm (PyTorch's
// clip_grad_norm_: factor max_norm / (norm + 1e-6) when below 1). Returns
// the norm before clipping.
double clip_by_global_norm(float* grads, std::size_t count, double max_norm);

}  // namespace actlab
