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

void softmax_ce_backward(float* dlogits, const float* logits, const float* y, int B, int O, float grad_scale) {
  for (int b = 0; b < B; ++b) softmax_ce_row_gradient(dlogits + b * O, logits + b * O, O, class_label(y[b], O), grad_scale);
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

double loss_terms(Loss loss, int B, int O) {
  return loss == Loss::softmax_ce ? static_cast<double>(B) : static_cast<double>(B) * O;
}

}  // namespace actlab
