// accuracy.hpp — how the tests measure float results against a double
// reference: ULP distance, the standard edge values and the dense samples.
#pragma once
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace actlab::test {

// Spacing of floats at |x| (the ULP), never below the smallest subnormal.
inline double float_ulp(double x) {
  double ax = std::fabs(x);
  if (ax < FLT_MIN) return std::ldexp(1.0, -149);
  int e;
  std::frexp(ax, &e);  // ax = m·2^e, m in [0.5, 1)
  return std::ldexp(1.0, e - 24);
}

// Error of `got` against the exact value `ref`, in ULPs of the float format.
// Both NaN → 0; one NaN → infinity. A reference that rounds to ±inf in float
// is met exactly by ±inf.
inline double ulp_error(float got, double ref) {
  if (std::isnan(ref) || std::isnan(got)) return (std::isnan(ref) && std::isnan(got)) ? 0.0 : INFINITY;
  float ref_f = static_cast<float>(ref);
  if (std::isinf(ref_f) || std::isinf(got)) {
    if (got == ref_f) return 0.0;
    if (std::isinf(got)) return INFINITY;
    ref = std::copysign(static_cast<double>(FLT_MAX), ref);  // overflowed reference: measure vs FLT_MAX
  }
  return std::fabs(static_cast<double>(got) - ref) / float_ulp(ref);
}

inline float float_from_bits(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
inline std::uint32_t bits_of(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

// The edge values every activation is checked at (issue #2), plus both signs.
inline std::vector<float> edge_values() {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> v = {0.0f, -0.0f, inf, -inf, std::numeric_limits<float>::quiet_NaN()};
  for (float x : {1e-45f, 1e-38f, 1.0f, 3.0f, 6.0f, 20.0f, 88.0f, 89.0f, 1e4f, 3e38f, FLT_MAX, FLT_MIN}) {
    v.push_back(x);
    v.push_back(-x);
  }
  return v;
}

// Every `stride`-th positive float bit pattern (0 .. +inf exclusive) and its
// negative: a sweep of the whole float range, subnormals included.
inline std::vector<float> whole_range_samples(std::uint32_t stride) {
  std::vector<float> v;
  for (std::uint64_t u = 0; u < 0x7f800000u; u += stride) {
    v.push_back(float_from_bits(static_cast<std::uint32_t>(u)));
    v.push_back(-float_from_bits(static_cast<std::uint32_t>(u)));
  }
  return v;
}

// `count` evenly spaced floats in [lo, hi].
inline std::vector<float> dense_samples(float lo, float hi, int count) {
  std::vector<float> v(count);
  for (int i = 0; i < count; ++i) v[i] = static_cast<float>(lo + (static_cast<double>(hi) - lo) * i / (count - 1));
  return v;
}

}  // namespace actlab::test
