// loss.hpp — the output heads and their losses, as forward/backward pairs on
// logits. Shapes: B rows, O outputs; logits, probs, dlogits are [B×O].
//
// Losses return the SUM over the batch (in double, rows in order), so callers
// can add chunks and divide once. The gradient of each term is multiplied by
// grad_scale: 1 / loss_terms() gives the gradient of the MEAN (PyTorch's
// default reduction: over B·O terms for bce and mse, B for softmax_ce), also
// when a large batch is processed in chunks. dlogits == nullptr computes the
// loss only.
//
// exp and log are our own deterministic ones (kernels/math/exp.hpp in float,
// util/detmath.hpp in double), never the C library's.
#pragma once
#include "actlab/activations.hpp"
#include "actlab/config.hpp"

namespace actlab {

// probs[B×O] = σ(logits), stable for both signs.
void sigmoid_head_forward(float* probs, const float* logits, int B, int O);
// probs[B×O] = softmax of each row (max subtracted first).
void softmax_head_forward(float* probs, const float* logits, int B, int O);

// BCE with logits: max(z, 0) − z·y + log1p(e^−|z|); targets y[B×O] in [0, 1].
double bce_with_logits_forward_backward(float* dlogits, const float* logits, const float* y, int B, int O,
                                        float grad_scale);
// Softmax cross-entropy: log Σ e^z − z_label; targets y[B] are class indices
// stored as floats (must be integers in 0..O−1, else the loss is NaN).
double softmax_ce_forward_backward(float* dlogits, const float* logits, const float* y, int B, int O,
                                   float grad_scale);
// Squared error (z − y)²; targets y[B×O].
double mse_forward_backward(float* dlogits, const float* logits, const float* y, int B, int O,
                            float grad_scale);

// The gradients alone: dlogits exactly as the functions above compute them,
// without the loss (whose double-precision exp and log cost more than the
// gradient). For a trainer that needs the loss only to see that it is finite.
void bce_with_logits_backward(float* dlogits, const float* logits, const float* y, int B, int O, float grad_scale);
// impl: rows one at a time, or four at a time in vec4 lanes (same bits).
void softmax_ce_backward(float* dlogits, const float* logits, const float* y, int B, int O, float grad_scale,
                         Impl impl = Impl::simd);
void mse_backward(float* dlogits, const float* logits, const float* y, int B, int O, float grad_scale);

// True when the loss of these logits and targets is certainly finite, also
// as a float mean: every logit and target finite and within ±2^60 (so each
// term is far below FLT_MAX) and, for softmax_ce, every label a class index.
// False means "maybe not": compute the loss to know.
bool loss_certainly_finite(Loss loss, const float* logits, const float* y, int B, int O);

// The head a loss belongs to (bce ↔ sigmoid, softmax_ce ↔ softmax, mse ↔ identity),
// and the loss a head is trained with.
Head head_of_loss(Loss loss);
Loss loss_of_head(Head head);
// Number of terms the loss sum is divided by for the mean: B·O, or B for softmax_ce.
double loss_terms(Loss loss, int B, int O);

}  // namespace actlab
