// actlab/metrics.hpp — what an experiment reports: losses, accuracies and, per
// dense layer, the numbers that show what an activation does to learning
// (gradient norms, dead and saturated units, pre-activation distribution).
//
// JSON field names (camelCase, as in the JavaScript API and the CLI output)
// are given next to each member; metrics_to_json() writes exactly those.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace actlab {

inline constexpr int kHistogramBins = 32;

enum class RunStatus { running, done, diverged };
const char* run_status_name(RunStatus s);  // "running" | "done" | "diverged"

struct Histogram {
  float lo = 0.0f;                                 // "lo": left edge of bin 0
  float hi = 0.0f;                                 // "hi": right edge of the last bin
  std::array<std::uint32_t, kHistogramBins> counts{};  // "counts"
};

// For the output layer, f' is the diagonal of the head's Jacobian: p·(1 − p)
// for sigmoid and softmax (largest 1/4), 1 for identity; z are the logits.
struct LayerMetrics {
  int units = 0;                  // "units"
  double grad_norm = 0.0;         // "gradNorm": ‖∂loss/∂W‖₂ of the last step's minibatch (NaN → null at step 0: none measured yet)
  double weight_norm = 0.0;       // "weightNorm": ‖W‖₂
  double update_ratio = 0.0;      // "updateRatio": ‖ΔW‖₂ / ‖W‖₂ of the last step (null at step 0)
  int dead_units = 0;             // "deadUnits": f'(z) == 0 for every training example
  int inactive_units = 0;         // "inactiveUnits": z ≤ 0 for every training example
  std::vector<std::uint8_t> dead_mask;      // "deadMask": per unit in order, 1 when dead (sums to dead_units)
  std::vector<std::uint8_t> inactive_mask;  // "inactiveMask": per unit, 1 when inactive (sums to inactive_units)
  double saturated_fraction = 0;  // "saturatedFraction": (unit, example) pairs with |f'(z)| < 1% of max |f'|
                                  //   where the activation's rule counts them (saturation.hpp); null where
                                  //   saturation does not apply (saturation_applies false)
  bool saturation_applies = true;
  std::vector<double> saturated_share;  // "saturatedShare": per unit, its examples counted saturated / n (null entries
                                        //   where saturation does not apply)
  double preact_mean = 0.0;       // "preactMean"
  double preact_std = 0.0;        // "preactStd"
  Histogram histogram;            // "histogram": of z over all units and training examples
  bool has_prelu = false;         // "prelu" present only for PReLU layers:
  double prelu_mean = 0.0;        //   "mean"
  double prelu_min = 0.0;         //   "min"
  double prelu_max = 0.0;         //   "max"
};

struct Metrics {
  int step = 0;                    // "step": training steps done
  double loss = 0.0;               // "loss": mean loss over the whole training set
  double test_loss = 0.0;          // "testLoss": over the test set (null when it is empty)
  bool has_test = false;
  bool classification = false;     // accuracies are present only for classification
  double accuracy = 0.0;           // "accuracy": training set, 0..1
  double test_accuracy = 0.0;      // "testAccuracy"
  RunStatus status = RunStatus::running;  // "status"
  int diverged_at = -1;            // "divergedAt": the step whose loss or parameters became non-finite
  std::vector<LayerMetrics> layers;  // "layers": hidden layers in order, then the output layer
};

// One JSON object (no newline). Non-finite numbers are written as null.
std::string metrics_to_json(const Metrics& m);

}  // namespace actlab
