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

double bce_with_logits_forward_backward(float* dlogits, const float* logits, const float* y, int B, int O,
                                        float grad_scale) {
  const int count = B * O;
  double loss_sum = 0.0;
  for (int i = 0; i < count; ++i) {
    const double z = logits[i];
    const double target = y[i];
    const double abs_z = z < 0 ? -z : z;
    loss_sum += (z > 0 ? z : 0.0) - z * target + log1p_nonneg(det_exp(-abs_z));
    if (dlogits) dlogits[i] = (stable_sigmoid(logits[i]) - y[i]) * grad_scale;
  }
  return loss_sum;
}

double softmax_ce_forward_backward(float* dlogits, const float* logits, const float* y, int B, int O,
                                   float grad_scale) {
  double loss_sum = 0.0;
  for (int b = 0; b < B; ++b) {
    const float* z = logits + b * O;  // [O]
    const float label_value = y[b];
    const int label = static_cast<int>(label_value >= 0.0f && label_value < static_cast<float>(O) ? label_value : 0.0f);
    if (!(label_value >= 0.0f && label_value < static_cast<float>(O)) || static_cast<float>(label) != label_value) {
      if (dlogits)
        for (int j = 0; j < O; ++j) dlogits[b * O + j] = 0.0f;
      loss_sum += std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    // log Σ e^z = z_max + log Σ e^(z − z_max), in double for the loss value.
    float z_max = z[0];
    for (int j = 1; j < O; ++j) z_max = vec::s_pmax(z_max, z[j]);
    double sum_exp = 0.0;
    for (int j = 0; j < O; ++j) sum_exp += det_exp(static_cast<double>(z[j]) - z_max);
    loss_sum += static_cast<double>(z_max) + det_log(sum_exp) - static_cast<double>(z[label]);
    if (dlogits) {
      float* dz = dlogits + b * O;  // [O]
      softmax_head_forward(dz, z, 1, O);
      for (int j = 0; j < O; ++j) dz[j] = (dz[j] - (j == label ? 1.0f : 0.0f)) * grad_scale;
    }
  }
  return loss_sum;
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
