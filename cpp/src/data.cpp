// data.cpp — the toy datasets, generated from the seed, and the train/test
// split. Every coordinate is computed in double with det_sin/det_cos and the
// project's Rng, then stored as float, so all builds produce the same bits.
//
// Common conventions:
//   - `noise` is the standard deviation of Gaussian noise added to every
//     feature (2-D kinds) or to the target (1-D regression kinds); labels come
//     from the noise-free generative process, as in scikit-learn.
//   - Classes are balanced: class counts differ by at most one.
//   - The features live roughly in [-1.5, 2] so the usual initialisations
//     and learning rates work without input scaling.
//   - After generation the examples are shuffled (Fisher–Yates with the same
//     Rng) and the first round(n·testFraction) become the test part.
#include "actlab/data.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "actlab/datasets.hpp"
#include "actlab/rng.hpp"
#include "config_rules.hpp"
#include "util/detmath.hpp"

namespace actlab {
namespace {

constexpr double kPi = 3.141592653589793;
// The data's own Rng stream ("data" in ASCII), so drawing data never shifts
// the draws of initialisation or batching, which use other streams.
constexpr std::uint64_t kDataStream = 0x64617461u;

// Examples before the split: x is n×inputs row-major, y is n×targets.
struct Examples {
  std::vector<double> x;
  std::vector<double> y;
};

// t_i = i·span/(count−1) for i in 0..count−1 (numpy.linspace with endpoint).
double linspace_at(int i, int count, double span) {
  return count > 1 ? span * static_cast<double>(i) / static_cast<double>(count - 1) : 0.0;
}

void push_point(Examples* e, double x0, double x1, int label) {
  e->x.push_back(x0);
  e->x.push_back(x1);
  e->y.push_back(static_cast<double>(label));
}

// moons (scikit-learn make_moons): two interleaving half circles. The upper
// one, class 0, is (cos t, sin t) for t evenly spaced in [0, π]; the lower,
// class 1, is (1 − cos t, 0.5 − sin t). floor(n/2) examples are class 0.
void make_moons(int n, double noise, Rng& rng, Examples* e) {
  const int upper = n / 2, lower = n - upper;
  for (int i = 0; i < upper; ++i) {
    const double t = linspace_at(i, upper, kPi);
    push_point(e, det_cos(t), det_sin(t), 0);
  }
  for (int i = 0; i < lower; ++i) {
    const double t = linspace_at(i, lower, kPi);
    push_point(e, 1.0 - det_cos(t), 0.5 - det_sin(t), 1);
  }
  for (double& v : e->x) v += noise * rng.normal();
}

// circles (scikit-learn make_circles, factor 0.5): class 0 on the unit
// circle, class 1 on the circle of radius 0.5, angles evenly spaced in
// [0, 2π) without the endpoint. floor(n/2) examples are class 0.
void make_circles(int n, double noise, Rng& rng, Examples* e) {
  const int outer = n / 2, inner = n - outer;
  for (int i = 0; i < outer; ++i) {
    const double t = 2.0 * kPi * i / outer;
    push_point(e, det_cos(t), det_sin(t), 0);
  }
  for (int i = 0; i < inner; ++i) {
    const double t = 2.0 * kPi * i / inner;
    push_point(e, 0.5 * det_cos(t), 0.5 * det_sin(t), 1);
  }
  for (double& v : e->x) v += noise * rng.normal();
}

// xor (TensorFlow Playground's "exclusive or", scaled by 1/5): points in the
// square [-1.06, 1.06]², kept 0.06 away from the axes; class 1 when x0·x1 > 0
// (quadrants I and III), class 0 otherwise. Example i has class i mod 2 and a
// random quadrant of that class, so the classes are balanced.
void make_xor(int n, double noise, Rng& rng, Examples* e) {
  constexpr double kPadding = 0.06;
  for (int i = 0; i < n; ++i) {
    const int label = i % 2;
    const double sign0 = rng.below(2) ? 1.0 : -1.0;
    const double sign1 = label == 1 ? sign0 : -sign0;
    const double magnitude0 = kPadding + rng.uniform();
    const double magnitude1 = kPadding + rng.uniform();
    push_point(e, sign0 * magnitude0, sign1 * magnitude1, label);
  }
  for (double& v : e->x) v += noise * rng.normal();
}

// spiral (TensorFlow Playground's spiral with K arms, radius scaled to 1):
// arm k, class k, has points r = i/m, angle t = 1.75·2π·r + 2πk/K, at
// (r sin t, r cos t), i = 0..m−1 with m its number of points.
void make_spiral(int n, int arms, double noise, Rng& rng, Examples* e) {
  for (int k = 0; k < arms; ++k) {
    const int m = n / arms + (k < n % arms ? 1 : 0);
    for (int i = 0; i < m; ++i) {
      const double r = static_cast<double>(i) / m;
      const double t = 1.75 * 2.0 * kPi * r + 2.0 * kPi * k / arms;
      push_point(e, r * det_sin(t), r * det_cos(t), k);
    }
  }
  for (double& v : e->x) v += noise * rng.normal();
}

// blobs (like scikit-learn make_blobs): K isotropic Gaussian clusters whose
// centres are evenly spaced on the unit circle, each with standard deviation
// 0.1 + noise (0.1 so that noise 0 still gives clusters, not K points).
// Example i belongs to class i mod K.
void make_blobs(int n, int classes, double noise, Rng& rng, Examples* e) {
  const double spread = 0.1 + noise;
  for (int i = 0; i < n; ++i) {
    const int label = i % classes;
    const double angle = 2.0 * kPi * label / classes;
    const double dx = spread * rng.normal();
    const double dy = spread * rng.normal();
    push_point(e, det_cos(angle) + dx, det_sin(angle) + dy, label);
  }
}

// 1-D regression: x uniform in [-1, 1), target f(x) plus noise:
//   sin:  sin(πx), one full period;  abs: |x|;  step: −1 for x < 0, 1 otherwise.
void make_regression(DataKind kind, int n, double noise, Rng& rng, Examples* e) {
  for (int i = 0; i < n; ++i) {
    const double x = rng.uniform(-1.0, 1.0);
    double target;
    switch (kind) {
      case DataKind::sin: target = det_sin(kPi * x); break;
      case DataKind::abs: target = x < 0.0 ? -x : x; break;
      default: target = x < 0.0 ? -1.0 : 1.0; break;
    }
    e->x.push_back(x);
    e->y.push_back(target + noise * rng.normal());
  }
}

// z-scores every feature of both parts with the training part's mean and
// standard deviation (population, as scikit-learn's StandardScaler), summed
// in double in row order; a feature that does not vary is only centred.
void standardize(Dataset* data) {
  const int inputs = data->inputs;
  const double rows = data->n_train;
  data->feature_mean.assign(inputs, 0.0f);
  data->feature_std.assign(inputs, 1.0f);
  for (int c = 0; c < inputs; ++c) {
    double sum = 0.0;
    for (int r = 0; r < data->n_train; ++r) sum += data->x_train[static_cast<std::size_t>(r) * inputs + c];
    const double mean = rows > 0 ? sum / rows : 0.0;
    double squares = 0.0;
    for (int r = 0; r < data->n_train; ++r) {
      const double d = data->x_train[static_cast<std::size_t>(r) * inputs + c] - mean;
      squares += d * d;
    }
    const double deviation = rows > 0 ? std::sqrt(squares / rows) : 0.0;
    const double scale = deviation > 0.0 ? deviation : 1.0;
    for (std::vector<float>* part : {&data->x_train, &data->x_test}) {
      for (std::size_t i = static_cast<std::size_t>(c); i < part->size(); i += static_cast<std::size_t>(inputs))
        (*part)[i] = static_cast<float>(((*part)[i] - mean) / scale);
    }
    data->feature_mean[c] = static_cast<float>(mean);
    data->feature_std[c] = static_cast<float>(scale);
  }
}

}  // namespace

Status make_dataset(const DataConfig& config, std::uint64_t seed, Dataset* out) {
  const int inputs = data_inputs(config);
  const int targets = data_targets(config);
  // The examples of custom data, or of a real dataset (custom data read from its CSV file).
  const DataConfig* given = config.kind == DataKind::custom ? &config : dataset_data(config.kind);
  if (dataset_info(config.kind) != nullptr && given == nullptr) {
    return Status::range_error(std::string("data.kind ") + dataset_info(config.kind)->name + " is not loaded");
  }
  const int n = given != nullptr ? static_cast<int>(given->custom_y.size() / static_cast<std::size_t>(targets)) : config.n;
  Rng rng(seed, kDataStream);

  Examples examples;
  examples.x.reserve(static_cast<std::size_t>(n) * inputs);
  examples.y.reserve(static_cast<std::size_t>(n));
  switch (config.kind) {
    case DataKind::moons: make_moons(n, config.noise, rng, &examples); break;
    case DataKind::circles: make_circles(n, config.noise, rng, &examples); break;
    case DataKind::xor_: make_xor(n, config.noise, rng, &examples); break;
    case DataKind::spiral: make_spiral(n, config.classes, config.noise, rng, &examples); break;
    case DataKind::blobs: make_blobs(n, config.classes, config.noise, rng, &examples); break;
    case DataKind::sin:
    case DataKind::abs:
    case DataKind::step: make_regression(config.kind, n, config.noise, rng, &examples); break;
    case DataKind::iris:
    case DataKind::wine:
    case DataKind::breast_cancer:
    case DataKind::digits:
    case DataKind::custom:
      examples.x.assign(given->custom_x.begin(), given->custom_x.end());
      examples.y.assign(given->custom_y.begin(), given->custom_y.end());
      break;
  }

  // Fisher–Yates from the last position down, drawing j in [0, i].
  std::vector<int> order(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) order[i] = i;
  for (int i = n - 1; i > 0; --i) {
    const int j = static_cast<int>(rng.below(static_cast<std::uint32_t>(i + 1)));
    std::swap(order[i], order[j]);
  }

  Dataset data;
  data.inputs = inputs;
  data.classes = data_classes(config);
  data.targets = targets;
  data.n_test = test_count(n, config.test_fraction);
  data.n_train = n - data.n_test;
  data.x_test.resize(static_cast<std::size_t>(data.n_test) * inputs);
  data.y_test.resize(static_cast<std::size_t>(data.n_test) * targets);
  data.x_train.resize(static_cast<std::size_t>(data.n_train) * inputs);
  data.y_train.resize(static_cast<std::size_t>(data.n_train) * targets);
  for (int row = 0; row < n; ++row) {
    const int source = order[row];
    const bool is_test = row < data.n_test;
    const int dest = is_test ? row : row - data.n_test;
    float* x_dest = (is_test ? data.x_test.data() : data.x_train.data()) + static_cast<std::size_t>(dest) * inputs;
    for (int c = 0; c < inputs; ++c) x_dest[c] = static_cast<float>(examples.x[static_cast<std::size_t>(source) * inputs + c]);
    float* y_dest = (is_test ? data.y_test.data() : data.y_train.data()) + static_cast<std::size_t>(dest) * targets;
    for (int t = 0; t < targets; ++t) y_dest[t] = static_cast<float>(examples.y[static_cast<std::size_t>(source) * targets + t]);
  }

  if (config.standardize) standardize(&data);
  if (given != nullptr) {
    data.columns = given->columns;
    data.class_names = given->class_names;
  }

  // The bounding box of all examples (as stored, in float). A zero extent
  // (one example, or all equal) is widened by 0.5 each way so a decision grid
  // over it is never empty.
  data.lo.assign(inputs, 0.0f);
  data.hi.assign(inputs, 0.0f);
  for (int c = 0; c < inputs; ++c) {
    float lo = data.n_train > 0 ? data.x_train[c] : 0.0f, hi = lo;
    for (int r = 0; r < data.n_train; ++r) {
      lo = std::min(lo, data.x_train[static_cast<std::size_t>(r) * inputs + c]);
      hi = std::max(hi, data.x_train[static_cast<std::size_t>(r) * inputs + c]);
    }
    for (int r = 0; r < data.n_test; ++r) {
      lo = std::min(lo, data.x_test[static_cast<std::size_t>(r) * inputs + c]);
      hi = std::max(hi, data.x_test[static_cast<std::size_t>(r) * inputs + c]);
    }
    if (!(hi > lo)) {
      lo -= 0.5f;
      hi += 0.5f;
    }
    data.lo[c] = lo;
    data.hi[c] = hi;
  }

  *out = std::move(data);
  return Status::success();
}

}  // namespace actlab
