// metrics.cpp — what an experiment reports (actlab/metrics.hpp): losses and
// accuracies over the whole training and test sets, and per dense layer the
// gradient/weight/update norms, dead, inactive and saturated units, the
// pre-activation distribution and PReLU slopes. Sets are processed in chunks
// of the model's max batch with buffers allocated at creation; sums are in
// double, in row order, so every build reports the same numbers.
#include <algorithm>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "actlab/experiment.hpp"
#include "actlab/saturation.hpp"
#include "loss.hpp"

namespace actlab {

const char* run_status_name(RunStatus s) {
  switch (s) {
    case RunStatus::running: return "running";
    case RunStatus::done: return "done";
    case RunStatus::diverged: return "diverged";
  }
  return "running";
}

// Where layer l counts saturation: its activation's rule; the output layer's by its head
// (sigmoid and softmax saturate when confident, identity never does).
static SaturationRule layer_saturation_rule(const Model& m, int l) {
  if (l < m.layer_count() - 1) return saturation_rule(m.layer_activation(l));
  return m.config().output.activation == Head::identity ? SaturationRule::never : SaturationRule::both_sides;
}

float Experiment::layer_derivative(int l, int B) {
  Model& m = *model_;
  const DenseView v = m.params(l);
  const std::size_t count = static_cast<std::size_t>(B) * v.fan_out;
  const float* z = m.preactivations(l);  // [B×Fo]
  float* d = derivative_.data();          // [B×Fo]
  if (l < m.layer_count() - 1) {
    m.activation_derivative(l, d, z, count);
    return m.layer_max_derivative(l);
  }
  // Output layer: the diagonal of the head's Jacobian, p·(1 − p) for sigmoid
  // and softmax (largest 1/4), 1 for identity.
  switch (m.config().output.activation) {
    case Head::sigmoid: sigmoid_head_forward(d, z, B, v.fan_out); break;
    case Head::softmax: softmax_head_forward(d, z, B, v.fan_out); break;
    case Head::identity:
      for (std::size_t i = 0; i < count; ++i) d[i] = 1.0f;
      return 1.0f;
  }
  for (std::size_t i = 0; i < count; ++i) d[i] = d[i] * (1.0f - d[i]);
  return 0.25f;
}

Status Experiment::unit_histogram(int layer, int unit, Histogram* out) {
  Model& m = *model_;
  const int L = m.layer_count();
  if (layer < 0 || layer >= L)
    return Status::range_error("layer must be 0.." + std::to_string(L - 1) + ", got " + std::to_string(layer));
  const int Fo = m.params(layer).fan_out;
  if (unit < 0 || unit >= Fo)
    return Status::range_error("unit must be 0.." + std::to_string(Fo - 1) + " in layer " + std::to_string(layer) + ", got " +
                               std::to_string(unit));
  const int n = data_.n_train, I = m.inputs(), chunk = m.max_batch();
  std::vector<float> z(static_cast<std::size_t>(n));  // [n_train] the unit's pre-activation per example
  float lo = std::numeric_limits<float>::infinity(), hi = -std::numeric_limits<float>::infinity();
  for (int start = 0; start < n; start += chunk) {
    const int B = std::min(chunk, n - start);
    m.forward(data_.x_train.data() + static_cast<std::size_t>(start) * I, B);
    const float* pre = m.preactivations(layer);  // [B×Fo]
    for (int r = 0; r < B; ++r) {
      const float v = pre[r * Fo + unit];
      z[start + r] = v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(lo <= hi)) lo = 0.0f, hi = 0.0f;  // no finite value
  if (hi - lo < 1e-6f) lo -= 0.5f, hi += 0.5f;
  Histogram h;
  h.lo = lo;
  h.hi = hi;
  const float scale = kHistogramBins / (hi - lo);
  for (float v : z) {
    if (!std::isfinite(v)) continue;
    const int bin = std::min(kHistogramBins - 1, std::max(0, static_cast<int>((v - lo) * scale)));
    ++h.counts[bin];
  }
  *out = h;
  return Status::success();
}

Metrics Experiment::metrics() {
  Model& m = *model_;
  const int L = m.layer_count(), O = m.outputs(), I = m.inputs();
  const int chunk = m.max_batch();
  const Loss loss = config_.train.loss;
  Metrics out;
  out.step = step_;
  out.status = status_;
  out.diverged_at = diverged_at_;
  out.classification = data_.is_classification();
  out.layers.resize(L);

  // Loss and accuracy of one set, chunk by chunk.
  auto evaluate = [&](const std::vector<float>& x, const std::vector<float>& y, int n, double* mean_loss,
                      double* accuracy, auto&& per_chunk) {
    double loss_sum = 0.0;
    long correct = 0;
    for (int start = 0; start < n; start += chunk) {
      const int B = std::min(chunk, n - start);
      m.forward(x.data() + static_cast<std::size_t>(start) * I, B);
      loss_sum += m.loss_sum(y.data() + static_cast<std::size_t>(start) * data_.targets, B, loss);
      const float* logits = m.logits();  // [B×O]
      for (int r = 0; r < B; ++r) {
        int predicted = 0;
        if (O == 1) {
          predicted = logits[r] > 0.0f ? 1 : 0;
        } else {
          for (int j = 1; j < O; ++j)
            if (logits[r * O + j] > logits[r * O + predicted]) predicted = j;
        }
        if (out.classification && static_cast<float>(predicted) == y[start + r]) ++correct;  // one label per row
      }
      per_chunk(B);
    }
    *mean_loss = n > 0 ? loss_sum / loss_terms(loss, n, O) : std::numeric_limits<double>::quiet_NaN();
    *accuracy = n > 0 ? static_cast<double>(correct) / n : 0.0;
  };

  // Pass 1 over the training set: loss, accuracy, unit flags, sums, range.
  std::fill(ever_positive_.begin(), ever_positive_.end(), 0);
  std::fill(ever_sloped_.begin(), ever_sloped_.end(), 0);
  std::vector<double> z_sum(L, 0.0), z_sum_sq(L, 0.0);
  std::vector<long> saturated(L, 0);
  std::vector<long> unit_saturated(ever_sloped_.size(), 0);  // [units of all layers]
  std::vector<SaturationRule> rules(L);
  for (int l = 0; l < L; ++l) rules[l] = layer_saturation_rule(m, l);
  std::vector<float> z_min(L, std::numeric_limits<float>::infinity()), z_max(L, -std::numeric_limits<float>::infinity());
  evaluate(data_.x_train, data_.y_train, data_.n_train, &out.loss, &out.accuracy, [&](int B) {
    int unit_offset = 0;
    for (int l = 0; l < L; ++l) {
      const int Fo = m.params(l).fan_out;
      const float* z = m.preactivations(l);  // [B×Fo]
      const float saturation_limit = 0.01f * layer_derivative(l, B);
      const SaturationRule rule = rules[l];
      const float* d = derivative_.data();  // [B×Fo]
      double sum = 0.0, sum_sq = 0.0;
      for (int r = 0; r < B; ++r) {
        for (int o = 0; o < Fo; ++o) {
          const float zv = z[r * Fo + o], dv = d[r * Fo + o];
          if (zv > 0.0f) ever_positive_[unit_offset + o] = 1;
          if (dv != 0.0f) ever_sloped_[unit_offset + o] = 1;
          const bool counted = rule == SaturationRule::both_sides || (rule == SaturationRule::above_zero && zv > 0.0f);
          if (counted && std::fabs(dv) < saturation_limit) {
            ++saturated[l];
            ++unit_saturated[unit_offset + o];
          }
          sum += zv;
          sum_sq += static_cast<double>(zv) * zv;
          if (zv < z_min[l]) z_min[l] = zv;
          if (zv > z_max[l]) z_max[l] = zv;
        }
      }
      z_sum[l] += sum;
      z_sum_sq[l] += sum_sq;
      unit_offset += Fo;
    }
  });

  int unit_offset = 0;
  const double rows = data_.n_train;
  for (int l = 0; l < L; ++l) {
    LayerMetrics& lm = out.layers[l];
    const DenseView p = m.params(l);
    lm.units = p.fan_out;
    double w_sq = 0.0;
    for (int i = 0; i < p.fan_in * p.fan_out; ++i) w_sq += static_cast<double>(p.weights[i]) * p.weights[i];
    lm.weight_norm = std::sqrt(w_sq);
    lm.grad_norm = last_grad_norm_[l];
    lm.update_ratio = lm.weight_norm > 0 ? last_update_norm_[l] / lm.weight_norm : 0.0;
    lm.dead_mask.assign(p.fan_out, 0);
    lm.inactive_mask.assign(p.fan_out, 0);
    lm.saturation_applies = rules[l] == SaturationRule::both_sides || rules[l] == SaturationRule::above_zero;
    lm.saturated_share.assign(p.fan_out, std::numeric_limits<double>::quiet_NaN());
    for (int o = 0; o < p.fan_out; ++o) {
      if (lm.saturation_applies && rows > 0) lm.saturated_share[o] = unit_saturated[unit_offset + o] / rows;
      if (!ever_positive_[unit_offset + o]) {
        ++lm.inactive_units;
        lm.inactive_mask[o] = 1;
      }
      if (!ever_sloped_[unit_offset + o]) {
        ++lm.dead_units;
        lm.dead_mask[o] = 1;
      }
    }
    unit_offset += p.fan_out;
    const double pairs = rows * p.fan_out;
    lm.saturated_fraction = lm.saturation_applies ? saturated[l] / pairs : std::numeric_limits<double>::quiet_NaN();
    lm.preact_mean = z_sum[l] / pairs;
    lm.preact_std = std::sqrt(std::max(0.0, z_sum_sq[l] / pairs - lm.preact_mean * lm.preact_mean));
    float lo = z_min[l], hi = z_max[l];
    if (!(lo <= hi)) lo = 0.0f, hi = 0.0f;  // no finite value
    if (hi - lo < 1e-6f) lo -= 0.5f, hi += 0.5f;
    lm.histogram.lo = lo;
    lm.histogram.hi = hi;
    if (p.slopes) {
      lm.has_prelu = true;
      double sum = 0.0;
      float s_min = p.slopes[0], s_max = p.slopes[0];
      for (int o = 0; o < p.fan_out; ++o) {
        sum += p.slopes[o];
        s_min = std::min(s_min, p.slopes[o]);
        s_max = std::max(s_max, p.slopes[o]);
      }
      lm.prelu_mean = sum / p.fan_out;
      lm.prelu_min = s_min;
      lm.prelu_max = s_max;
    }
  }

  // Pass 2: histograms, now that each layer's range is known.
  for (int start = 0; start < data_.n_train; start += chunk) {
    const int B = std::min(chunk, data_.n_train - start);
    m.forward(data_.x_train.data() + static_cast<std::size_t>(start) * I, B);
    for (int l = 0; l < L; ++l) {
      Histogram& h = out.layers[l].histogram;
      const int Fo = m.params(l).fan_out;
      const float* z = m.preactivations(l);  // [B×Fo]
      const double lo = h.lo, scale = kHistogramBins / (static_cast<double>(h.hi) - h.lo);
      for (int i = 0; i < B * Fo; ++i) {
        const double position = (z[i] - lo) * scale;
        if (!(position >= 0.0 && position <= kHistogramBins)) continue;  // NaN, ±inf
        const int bin = std::min(static_cast<int>(position), kHistogramBins - 1);
        ++h.counts[bin];
      }
    }
  }

  out.has_test = data_.n_test > 0;
  if (out.has_test) {
    evaluate(data_.x_test, data_.y_test, data_.n_test, &out.test_loss, &out.test_accuracy, [](int) {});
  }
  return out;
}

std::string metrics_to_json(const Metrics& m) {
  using json = nlohmann::ordered_json;
  auto number = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  json j;
  j["step"] = m.step;
  j["loss"] = number(m.loss);
  j["testLoss"] = m.has_test ? number(m.test_loss) : json(nullptr);
  if (m.classification) {
    j["accuracy"] = number(m.accuracy);
    j["testAccuracy"] = m.has_test ? number(m.test_accuracy) : json(nullptr);
  }
  j["status"] = run_status_name(m.status);
  if (m.status == RunStatus::diverged) j["divergedAt"] = m.diverged_at;
  json layers = json::array();
  for (const LayerMetrics& l : m.layers) {
    json layer;
    layer["units"] = l.units;
    layer["gradNorm"] = number(l.grad_norm);
    layer["weightNorm"] = number(l.weight_norm);
    layer["updateRatio"] = number(l.update_ratio);
    layer["deadUnits"] = l.dead_units;
    layer["inactiveUnits"] = l.inactive_units;
    layer["deadMask"] = l.dead_mask;
    layer["inactiveMask"] = l.inactive_mask;
    layer["saturatedFraction"] = number(l.saturated_fraction);
    json shares = json::array();
    for (double share : l.saturated_share) shares.push_back(number(share));
    layer["saturatedShare"] = shares;
    layer["preactMean"] = number(l.preact_mean);
    layer["preactStd"] = number(l.preact_std);
    layer["histogram"] = {{"lo", number(l.histogram.lo)}, {"hi", number(l.histogram.hi)},
                          {"counts", json(l.histogram.counts)}};
    if (l.has_prelu)
      layer["prelu"] = {{"mean", number(l.prelu_mean)}, {"min", number(l.prelu_min)}, {"max", number(l.prelu_max)}};
    layers.push_back(std::move(layer));
  }
  j["layers"] = std::move(layers);
  return j.dump();
}

}  // namespace actlab
