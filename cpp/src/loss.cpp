// loss.cpp — output heads and losses (see loss.hpp). Float for everything that
// feeds the gradients (same bits in every build), double for the loss sums.
#include "loss.hpp"

#include <limits>

#include "kernels/math/exp.hpp"
#include "util/detmath.hpp"

namespace actlab {
namespace {

// σ(z) in float without overflow: e^−|z| never exceeds 1.
inline float stable_sigmoid(float z) {
  const float e = math::exp_f32(z >= 0.0f ? -z : z);  // e^−|z|
  return z >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);
}

// log(1 + t) for t ≥ 0 without losing small t: log(u)·t/(u − 1) with u = 1 + t
// corrects the rounding of u (Goldberg's trick).
inline double log1p_nonneg(double t) {
  const double u = 1.0 + t;
  if (u == 1.0) return t;
  return det_log(u) * (t / (u - 1.0));
}

}  // namespace

void sigmoid_head_forward(float* probs, const float* logits, int B, int O) {
  const int count = B * O;
  for (int i = 0; i < count; ++i) probs[i] = stable_sigmoid(logits[i]);
}

void softmax_head_forward(float* probs, const float* logits, int B, int O) {
  for (int b = 0; b < B; ++b) {
    const float* z = logits + b * O;  // [O]
    float* p = probs + b * O;         // [O]
    float z_max = z[0];
    for (int j = 1; j < O; ++j) z_max = vec::s_pmax(z_max, z[j]);
    float sum = 0.0f;
    for (int j = 0; j < O; ++j) {
      p[j] = math::exp_f32(z[j] - z_max);
      sum = sum + p[j];
    }
    const float inv_sum = 1.0f / sum;
    for (int j = 0; j < O; ++j) p[j] = p[j] * inv_sum;
  }
}

namespace {

// The gradient of one BCE term, σ(z) − y, scaled.
inline float bce_gradient(float z, float y, float grad_scale) { return (stable_sigmoid(z) - y) * grad_scale; }

// The class index y stands for, or −1 when it is not an integer in 0..O−1.
inline int class_label(float label_value, int O) {
  if (!(label_value >= 0.0f && label_value < static_cast<float>(O))) return -1;
  const int label = static_cast<int>(label_value);
  return static_cast<float>(label) == label_value ? label : -1;
}

// dz[O] = (softmax(z) − onehot(label)) · grad_scale, or zeros for label −1.
inline void softmax_ce_row_gradient(float* dz, const float* z, int O, int label, float grad_scale) {
  if (label < 0) {
    for (int j = 0; j < O; ++j) dz[j] = 0.0f;
    return;
  }
  softmax_head_forward(dz, z, 1, O);
  for (int j = 0; j < O; ++j) dz[j] = (dz[j] - (j == label ? 1.0f : 0.0f)) * grad_scale;
}

}  // namespace

double bce_with_logits_forward_backward(float* dlogits, const float* logits, const float* y, int B, int O,
                                        float grad_scale) {
  const int count = B * O;
  double loss_sum = 0.0;
  for (int i = 0; i < count; ++i) {
    const double z = logits[i];
    const double target = y[i];
    const double abs_z = z < 0 ? -z : z;
    loss_sum += (z > 0 ? z : 0.0) - z * target + log1p_nonneg(det_exp(-abs_z));
    if (dlogits) dlogits[i] = bce_gradient(logits[i], y[i], grad_scale);
  }
  return loss_sum;
}

void bce_with_logits_backward(float* dlogits, const float* logits, const float* y, int B, int O, float grad_scale) {
  const int count = B * O;
  for (int i = 0; i < count; ++i) dlogits[i] = bce_gradient(logits[i], y[i], grad_scale);
}

double softmax_ce_forward_backward(float* dlogits, const float* logits, const float* y, int B, int O,
                                   float grad_scale) {
  double loss_sum = 0.0;
  for (int b = 0; b < B; ++b) {
    const float* z = logits + b * O;  // [O]
    const int label = class_label(y[b], O);
    if (label < 0) {
      if (dlogits) softmax_ce_row_gradient(dlogits + b * O, z, O, label, grad_scale);
      loss_sum += std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    // log Σ e^z = z_max + log Σ e^(z − z_max), in double for the loss value.
    float z_max = z[0];
    for (int j = 1; j < O; ++j) z_max = vec::s_pmax(z_max, z[j]);
    double sum_exp = 0.0;
    for (int j = 0; j < O; ++j) sum_exp += det_exp(static_cast<double>(z[j]) - z_max);
    loss_sum += static_cast<double>(z_max) + det_log(sum_exp) - static_cast<double>(z[label]);
    if (dlogits) softmax_ce_row_gradient(dlogits + b * O, z, O, label, grad_scale);
  }
  return loss_sum;
}

#if ACTLAB_HAVE_VEC4
namespace {

// softmax_ce_row_gradient for four rows at once, one row per lane, each lane
// doing that function's operations in its order (the maximum, then e^(z −
// max) and the sum column by column, then the scaling). Columns are gathered
// from and scattered to the four rows lane by lane, so rows of any length
// work and nothing outside them is touched.
void softmax_ce_four_rows(float* dlogits, const float* logits, const int labels[4], int O, float grad_scale) {
  using namespace vec;
  const float* z0 = logits;  // [O] each
  const float* z1 = z0 + O;
  const float* z2 = z1 + O;
  const float* z3 = z2 + O;
  float* d0 = dlogits;
  float* d1 = d0 + O;
  float* d2 = d1 + O;
  float* d3 = d2 + O;
  auto scatter = [&](int j, f4 v) {
    d0[j] = f4_lane<0>(v);
    d1[j] = f4_lane<1>(v);
    d2[j] = f4_lane<2>(v);
    d3[j] = f4_lane<3>(v);
  };
  f4 z_max = f4_make(z0[0], z1[0], z2[0], z3[0]);
  for (int j = 1; j < O; ++j) z_max = f4_pmax(z_max, f4_make(z0[j], z1[j], z2[j], z3[j]));
  f4 sum = f4_splat(0.0f);
  for (int j = 0; j < O; ++j) {
    const f4 p = math::exp_f4(f4_sub(f4_make(z0[j], z1[j], z2[j], z3[j]), z_max));
    sum = f4_add(sum, p);
    scatter(j, p);
  }
  const f4 inv_sum = f4_div(f4_splat(1.0f), sum);
  const f4 label = f4_make(static_cast<float>(labels[0]), static_cast<float>(labels[1]),
                           static_cast<float>(labels[2]), static_cast<float>(labels[3]));
  const f4 scale = f4_splat(grad_scale);
  for (int j = 0; j < O; ++j) {
    const f4 p = f4_mul(f4_make(d0[j], d1[j], d2[j], d3[j]), inv_sum);
    const f4 one_hot = f4_and(f4_eq(label, f4_splat(static_cast<float>(j))), f4_splat(1.0f));
    scatter(j, f4_mul(f4_sub(p, one_hot), scale));
  }
}

}  // namespace
#endif

void softmax_ce_backward(float* dlogits, const float* logits, const float* y, int B, int O, float grad_scale,
                         Impl impl) {
  int b = 0;
#if ACTLAB_HAVE_VEC4
  if (impl == Impl::simd) {
    for (; b + 4 <= B; b += 4) {
      const int labels[4] = {class_label(y[b], O), class_label(y[b + 1], O), class_label(y[b + 2], O),
                             class_label(y[b + 3], O)};
      if (labels[0] < 0 || labels[1] < 0 || labels[2] < 0 || labels[3] < 0) {
        for (int r = 0; r < 4; ++r)
          softmax_ce_row_gradient(dlogits + (b + r) * O, logits + (b + r) * O, O, labels[r], grad_scale);
        continue;
      }
      softmax_ce_four_rows(dlogits + b * O, logits + b * O, labels, O, grad_scale);
    }
  }
#endif
  (void)impl;
  for (; b < B; ++b) softmax_ce_row_gradient(dlogits + b * O, logits + b * O, O, class_label(y[b], O), grad_scale);
}

double mse_forward_backward(float* dlogits, const float* logits, const float* y, int B, int O,
                            float grad_scale) {
  const int count = B * O;
  const float two_scale = 2.0f * grad_scale;  // exact: a power-of-two multiple
  double loss_sum = 0.0;
  for (int i = 0; i < count; ++i) {
    const double diff = static_cast<double>(logits[i]) - y[i];
    loss_sum += diff * diff;
    if (dlogits) dlogits[i] = (logits[i] - y[i]) * two_scale;
  }
  return loss_sum;
}

void mse_backward(float* dlogits, const float* logits, const float* y, int B, int O, float grad_scale) {
  const int count = B * O;
  const float two_scale = 2.0f * grad_scale;
  for (int i = 0; i < count; ++i) dlogits[i] = (logits[i] - y[i]) * two_scale;
}

bool loss_certainly_finite(Loss loss, const float* logits, const float* y, int B, int O) {
  // With |z| ≤ 2^60 and |y| ≤ 2^60 every term is below 2^122 + 3: softmax_ce
  // ≤ 2·max|z| + log O, bce ≤ |z|·(1 + |y|) + log 2, mse ≤ (|z| + |y|)². So
  // is their mean, far below FLT_MAX ≈ 2^128. NaN fails the comparisons.
  const float bound = 1152921504606846976.0f;  // 2^60
  for (int i = 0; i < B * O; ++i)
    if (!(logits[i] >= -bound && logits[i] <= bound)) return false;
  if (loss == Loss::softmax_ce) {
    for (int b = 0; b < B; ++b)
      if (class_label(y[b], O) < 0) return false;
    return true;
  }
  for (int i = 0; i < B * O; ++i)
    if (!(y[i] >= -bound && y[i] <= bound)) return false;
  return true;
}

Head head_of_loss(Loss loss) {
  switch (loss) {
    case Loss::bce: return Head::sigmoid;
    case Loss::softmax_ce: return Head::softmax;
    case Loss::mse: return Head::identity;
  }
  return Head::identity;
}

Loss loss_of_head(Head head) {
  switch (head) {
    case Head::sigmoid: return Loss::bce;
    case Head::softmax: return Loss::softmax_ce;
    case Head::identity: return Loss::mse;
  }
  return Loss::mse;
}

double loss_terms(Loss loss, int B, int O) {
  return loss == Loss::softmax_ce ? static_cast<double>(B) : static_cast<double>(B) * O;
}

}  // namespace actlab
