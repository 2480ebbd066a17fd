// optimizer.cpp — update rules (see optimizer.hpp for the formulas), in a
// scalar loop and a four-lane SIMD twin. Each rule is written once, over a
// lane type (float or vec::f4) and its operations, so both loops do the same
// operations in the same order per element; Σ(Δp)² uses the same four
// partial sums in both (lanes 0..3 of the SIMD loop are sums 0..3).
#include "optimizer.hpp"

#include <cmath>

#include "kernels/vec4.hpp"

namespace actlab {

OptimizerStep optimizer_step(const OptimizerConfig& c, double weight_decay, const AdamPowers& powers) {
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
    s.adam_step_size = static_cast<float>(c.lr / (1.0 - powers.beta1));
    s.adam_bc2_sqrt = static_cast<float>(std::sqrt(1.0 - powers.beta2));
  }
  return s;
}

OptimizerStep optimizer_step(const OptimizerConfig& c, double weight_decay, int step_number) {
  AdamPowers powers;
  for (int t = 0; t < step_number; ++t) powers.advance(c);
  return optimizer_step(c, weight_decay, powers);
}

namespace {

// ----- lane types: one float, or four ---------------------------------------
struct ScalarLanes {
  using V = float;
  static V load(const float* p) { return *p; }
  static void store(float* p, V v) { *p = v; }
  static V splat(float x) { return x; }
  static V add(V a, V b) { return a + b; }
  static V sub(V a, V b) { return a - b; }
  static V mul(V a, V b) { return a * b; }
  static V div(V a, V b) { return a / b; }
  static V sqrt(V a) { return std::sqrt(a); }
};

#if ACTLAB_HAVE_VEC4
struct VectorLanes {
  using V = vec::f4;
  static V load(const float* p) { return vec::f4_load(p); }
  static void store(float* p, V v) { vec::f4_store(p, v); }
  static V splat(float x) { return vec::f4_splat(x); }
  static V add(V a, V b) { return vec::f4_add(a, b); }
  static V sub(V a, V b) { return vec::f4_sub(a, b); }
  static V mul(V a, V b) { return vec::f4_mul(a, b); }
  static V div(V a, V b) { return vec::f4_div(a, b); }
  static V sqrt(V a) { return vec::f4_sqrt(a); }
};
#endif

// ----- the rules: the amount p decreases by, from g (and the state at i) ----
struct Sgd {
  template <class L>
  typename L::V update(const OptimizerStep& s, float*, float*, std::size_t, typename L::V g) const {
    return L::mul(L::splat(s.lr), g);
  }
};

struct Momentum {
  template <class L>
  typename L::V update(const OptimizerStep& s, float* m, float*, std::size_t i, typename L::V g) const {
    const typename L::V mu = L::splat(s.momentum);
    const typename L::V buf = L::add(L::mul(mu, L::load(m + i)), g);
    L::store(m + i, buf);
    return L::mul(L::splat(s.lr), s.nesterov ? L::add(g, L::mul(mu, buf)) : buf);
  }
};

struct Rmsprop {
  template <class L>
  typename L::V update(const OptimizerStep& s, float* m, float*, std::size_t i, typename L::V g) const {
    const typename L::V square_avg =
        L::add(L::mul(L::splat(s.rho), L::load(m + i)), L::mul(L::splat(1.0f - s.rho), L::mul(g, g)));
    L::store(m + i, square_avg);
    return L::mul(L::splat(s.lr), L::div(g, L::add(L::sqrt(square_avg), L::splat(s.epsilon))));
  }
};

struct Adam {
  template <class L>
  typename L::V update(const OptimizerStep& s, float* m, float* v, std::size_t i, typename L::V g) const {
    const typename L::V first =
        L::add(L::mul(L::splat(s.beta1), L::load(m + i)), L::mul(L::splat(1.0f - s.beta1), g));
    const typename L::V second =
        L::add(L::mul(L::splat(s.beta2), L::load(v + i)), L::mul(L::splat(1.0f - s.beta2), L::mul(g, g)));
    L::store(m + i, first);
    L::store(v + i, second);
    const typename L::V denom = L::add(L::div(L::sqrt(second), L::splat(s.adam_bc2_sqrt)), L::splat(s.epsilon));
    return L::mul(L::splat(s.adam_step_size), L::div(first, denom));
  }
};

// p[i] ← p[i] − update(g[i] (+ decay·p[i])) for `Lanes`-wide elements at i;
// returns the new values.
template <class L, class Rule>
typename L::V update_at(const Rule& rule, const OptimizerStep& s, float* params, const float* grads, float* m,
                        float* v, std::size_t i, float decay) {
  const typename L::V p = L::load(params + i);
  typename L::V g = L::load(grads + i);
  if (decay != 0.0f) g = L::add(g, L::mul(L::splat(decay), p));
  const typename L::V next = L::sub(p, rule.template update<L>(s, m, v, i, g));
  L::store(params + i, next);
  return next;
}

// Δp² of one element, in double.
inline double delta_squared(float next, float p) {
  const double delta = static_cast<double>(next) - p;
  return delta * delta;
}

// Elements [i, count) one at a time, continuing the partial sums sums[0..3]
// (element i goes to sum i mod 4, so i must be a multiple of 4 on entry).
template <class Rule>
void scalar_elements(const Rule& rule, const OptimizerStep& s, float* params, const float* grads, float* m,
                     float* v, std::size_t i, std::size_t count, float decay, double sums[4]) {
  for (; i < count; ++i) {
    const float p = params[i];
    const float next = update_at<ScalarLanes>(rule, s, params, grads, m, v, i, decay);
    sums[i % 4] += delta_squared(next, p);
  }
}

template <class Rule>
double scalar_update(const Rule& rule, const OptimizerStep& s, float* params, const float* grads, float* m,
                     float* v, std::size_t count, float decay) {
  double sums[4] = {0.0, 0.0, 0.0, 0.0};
  std::size_t i = 0;
  // Four elements per iteration, with the sums in locals: four independent
  // chains of double additions (sums[i % 4] in the loop would keep them in
  // memory).
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  for (; i + 4 <= count; i += 4) {
    float p[4];
    for (int k = 0; k < 4; ++k) p[k] = params[i + k];
    s0 += delta_squared(update_at<ScalarLanes>(rule, s, params, grads, m, v, i, decay), p[0]);
    s1 += delta_squared(update_at<ScalarLanes>(rule, s, params, grads, m, v, i + 1, decay), p[1]);
    s2 += delta_squared(update_at<ScalarLanes>(rule, s, params, grads, m, v, i + 2, decay), p[2]);
    s3 += delta_squared(update_at<ScalarLanes>(rule, s, params, grads, m, v, i + 3, decay), p[3]);
  }
  sums[0] = s0, sums[1] = s1, sums[2] = s2, sums[3] = s3;
  scalar_elements(rule, s, params, grads, m, v, i, count, decay, sums);
  return (sums[0] + sums[1]) + (sums[2] + sums[3]);
}

#if ACTLAB_HAVE_VEC4
template <class Rule>
double simd_update(const Rule& rule, const OptimizerStep& s, float* params, const float* grads, float* m,
                   float* v, std::size_t count, float decay) {
  using namespace vec;
  d2 sums01 = d2_splat(0.0), sums23 = d2_splat(0.0);  // partial sums 0, 1 and 2, 3
  std::size_t i = 0;
  for (; i + 4 <= count; i += 4) {
    const f4 p = f4_load(params + i);
    const f4 next = update_at<VectorLanes>(rule, s, params, grads, m, v, i, decay);
    const d2 delta01 = d2_sub(d2_from_f4_low(next), d2_from_f4_low(p));
    const d2 delta23 = d2_sub(d2_from_f4_high(next), d2_from_f4_high(p));
    sums01 = d2_add(sums01, d2_mul(delta01, delta01));
    sums23 = d2_add(sums23, d2_mul(delta23, delta23));
  }
  double sums[4] = {d2_lane0(sums01), d2_lane1(sums01), d2_lane0(sums23), d2_lane1(sums23)};
  scalar_elements(rule, s, params, grads, m, v, i, count, decay, sums);
  return (sums[0] + sums[1]) + (sums[2] + sums[3]);
}
#endif

template <class Rule>
double update_all(const Rule& rule, const OptimizerStep& s, float* params, const float* grads, float* m, float* v,
                  std::size_t count, float decay, Impl impl) {
#if ACTLAB_HAVE_VEC4
  if (impl == Impl::simd) return simd_update(rule, s, params, grads, m, v, count, decay);
#endif
  (void)impl;
  return scalar_update(rule, s, params, grads, m, v, count, decay);
}

}  // namespace

double optimizer_update(float* params, const float* grads, float* m, float* v, std::size_t count,
                        const OptimizerStep& s, bool apply_weight_decay, bool* all_finite, Impl impl) {
  const float decay = apply_weight_decay ? s.weight_decay : 0.0f;
  double delta_sq = 0.0;
  switch (s.kind) {
    case OptimizerKind::sgd: delta_sq = update_all(Sgd{}, s, params, grads, m, v, count, decay, impl); break;
    case OptimizerKind::momentum: delta_sq = update_all(Momentum{}, s, params, grads, m, v, count, decay, impl); break;
    case OptimizerKind::rmsprop: delta_sq = update_all(Rmsprop{}, s, params, grads, m, v, count, decay, impl); break;
    case OptimizerKind::adam: delta_sq = update_all(Adam{}, s, params, grads, m, v, count, decay, impl); break;
  }
  // Every Δp² is ≥ 0 or NaN, so the sum is finite exactly when every new
  // value is (a finite p with a non-finite p − update gives Δp = ±inf or NaN;
  // a non-finite p gives a non-finite p − update), and cannot overflow: at
  // most 4·10⁶ parameters of Δp² ≤ (2·FLT_MAX)².
  if (!std::isfinite(delta_sq)) *all_finite = false;
  return delta_sq;
}

double sum_of_squares(const float* x, std::size_t count, Impl impl) {
  double sums[4] = {0.0, 0.0, 0.0, 0.0};
  std::size_t i = 0;
#if ACTLAB_HAVE_VEC4
  if (impl == Impl::simd) {
    using namespace vec;
    d2 sums01 = d2_splat(0.0), sums23 = d2_splat(0.0);
    for (; i + 4 <= count; i += 4) {
      const f4 values = f4_load(x + i);
      const d2 low = d2_from_f4_low(values), high = d2_from_f4_high(values);
      sums01 = d2_add(sums01, d2_mul(low, low));
      sums23 = d2_add(sums23, d2_mul(high, high));
    }
    sums[0] = d2_lane0(sums01), sums[1] = d2_lane1(sums01), sums[2] = d2_lane0(sums23), sums[3] = d2_lane1(sums23);
  }
#endif
  (void)impl;
  double s0 = sums[0], s1 = sums[1], s2 = sums[2], s3 = sums[3];
  auto square = [&](std::size_t k) { return static_cast<double>(x[k]) * x[k]; };
  for (; i + 4 <= count; i += 4) {
    s0 += square(i);
    s1 += square(i + 1);
    s2 += square(i + 2);
    s3 += square(i + 3);
  }
  if (i < count) s0 += square(i++);
  if (i < count) s1 += square(i++);
  if (i < count) s2 += square(i++);
  return (s0 + s1) + (s2 + s3);
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
