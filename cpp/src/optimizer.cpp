// optimizer.cpp — update rules (see optimizer.hpp for the formulas).
#include "optimizer.hpp"

#include <cmath>

namespace actlab {

OptimizerStep optimizer_step(const OptimizerConfig& c, double weight_decay, int step_number) {
  OptimizerStep s;
  s.kind = c.kind;
  s.lr = static_cast<float>(c.lr);
  s.momentum = static_cast<float>(c.momentum);
  s.nesterov = c.nesterov;
  s.rho = static_cast<float>(c.rho);
  s.beta1 = static_cast<float>(c.beta1);
  s.beta2 = static_cast<float>(c.beta2);
  s.epsilon = static_cast<float>(c.epsilon);
  s.weight_decay = static_cast<float>(weight_decay);
  if (c.kind == OptimizerKind::adam) {
    // β^t by repeated multiplication: exact enough and the same everywhere.
    double beta1_power = 1.0, beta2_power = 1.0;
    for (int t = 0; t < step_number; ++t) beta1_power *= c.beta1, beta2_power *= c.beta2;
    s.adam_step_size = static_cast<float>(c.lr / (1.0 - beta1_power));
    s.adam_bc2_sqrt = static_cast<float>(std::sqrt(1.0 - beta2_power));
  }
  return s;
}

double optimizer_update(float* params, const float* grads, float* m, float* v, std::size_t count,
                        const OptimizerStep& s, bool apply_weight_decay, bool* all_finite) {
  const float decay = apply_weight_decay ? s.weight_decay : 0.0f;
  double delta_sq = 0.0;
  bool finite = true;
  for (std::size_t i = 0; i < count; ++i) {
    const float p = params[i];
    float g = grads[i];
    if (decay != 0.0f) g = g + decay * p;
    float update = 0.0f;  // the step is p ← p − update
    switch (s.kind) {
      case OptimizerKind::sgd: update = s.lr * g; break;
      case OptimizerKind::momentum: {
        const float buf = s.momentum * m[i] + g;
        m[i] = buf;
        update = s.lr * (s.nesterov ? g + s.momentum * buf : buf);
        break;
      }
      case OptimizerKind::rmsprop: {
        const float square_avg = s.rho * m[i] + (1.0f - s.rho) * (g * g);
        m[i] = square_avg;
        update = s.lr * (g / (std::sqrt(square_avg) + s.epsilon));
        break;
      }
      case OptimizerKind::adam: {
        const float first = s.beta1 * m[i] + (1.0f - s.beta1) * g;
        const float second = s.beta2 * v[i] + (1.0f - s.beta2) * (g * g);
        m[i] = first;
        v[i] = second;
        const float denom = std::sqrt(second) / s.adam_bc2_sqrt + s.epsilon;
        update = s.adam_step_size * (first / denom);
        break;
      }
    }
    const float next = p - update;
    params[i] = next;
    const double delta = static_cast<double>(next) - p;
    delta_sq += delta * delta;
    if (!std::isfinite(next)) finite = false;
  }
  if (!finite) *all_finite = false;
  return delta_sq;
}

double clip_by_global_norm(float* grads, std::size_t count, double max_norm) {
  double sum_sq = 0.0;
  for (std::size_t i = 0; i < count; ++i) sum_sq += static_cast<double>(grads[i]) * grads[i];
  const double norm = std::sqrt(sum_sq);
  const double factor = max_norm / (norm + 1e-6);
  if (factor < 1.0) {
    const float f = static_cast<float>(factor);
    for (std::size_t i = 0; i < count; ++i) grads[i] = grads[i] * f;
  }
  return norm;
}

}  // namespace actlab
