// SIMD kernels (vec4.hpp: wasm SIMD128 or SSE2) of the piecewise-linear and
// algebraic activations: identity, relu, relu6, leaky_relu, prelu,
// hardsigmoid, hardswish, softsign. Each lane performs exactly the float
// operations of its scalar twin in scalar/piecewise.cpp (conventions are
// documented there), and every tail of fewer than four elements is handed to
// that twin, so the two tables agree bit for bit and nothing is read past n.
#include <cfloat>
#include <cstring>
#include <limits>

#include "kernels/kernels.hpp"
#include "kernels/loops.hpp"

#if ACTLAB_HAVE_VEC4
namespace actlab::kernels::simd {
namespace {

using vec::f4;

inline f4 nan_or(f4 z, f4 derivative) { return vec::f4_select(vec::f4_isnan(z), z, derivative); }

// See scalar/piecewise.cpp: a zero slope clamps z at -FLT_MAX so -inf·0 is avoided.
inline f4 lower_clamp_for(f4 slope) {
  return vec::f4_select(vec::f4_eq(slope, vec::f4_splat(0.0f)), vec::f4_splat(-FLT_MAX),
                        vec::f4_splat(-std::numeric_limits<float>::infinity()));
}
inline f4 leaky_value(f4 z, f4 slope, f4 lower) {
  return vec::f4_select(vec::f4_gt(z, vec::f4_splat(0.0f)), z, vec::f4_mul(slope, vec::f4_pmax(z, lower)));
}
inline f4 leaky_value_unit_slope(f4 z, f4 slope, f4 lower) {
  return vec::f4_pmax(z, vec::f4_mul(slope, vec::f4_pmax(z, lower)));
}
// For a nonzero slope the lower clamp is -inf and pmax(z, -inf) = z for
// every z (NaN included), so these drop it and give the same bits.
inline f4 leaky_value_nonzero_slope(f4 z, f4 slope) {
  return vec::f4_select(vec::f4_gt(z, vec::f4_splat(0.0f)), z, vec::f4_mul(slope, z));
}
inline f4 leaky_value_unit_nonzero_slope(f4 z, f4 slope) { return vec::f4_pmax(z, vec::f4_mul(slope, z)); }
inline bool unit_slope(float slope) { return slope >= 0.0f && slope <= 1.0f; }
inline f4 leaky_derivative(f4 z, f4 slope) {
  return nan_or(z, vec::f4_select(vec::f4_gt(z, vec::f4_splat(0.0f)), vec::f4_splat(1.0f), slope));
}

inline f4 hardsigmoid_value(f4 z) {
  return vec::f4_div(
      vec::f4_pmin(vec::f4_pmax(vec::f4_add(z, vec::f4_splat(3.0f)), vec::f4_splat(0.0f)), vec::f4_splat(6.0f)),
      vec::f4_splat(6.0f));
}

inline f4 abs_value(f4 z) { return vec::f4_abs(z); }

// The forward loop of the memory-bound kernels, unrolled to sixteen floats
// so the loop overhead stays below the cost of the loads and stores; the tail
// goes to the scalar twin.
template <class VecF>
inline std::size_t unrolled_forward(float* y, const float* z, std::size_t n, VecF vf) {
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    f4 a = vec::f4_load(z + i), b = vec::f4_load(z + i + 4);
    f4 c = vec::f4_load(z + i + 8), d = vec::f4_load(z + i + 12);
    vec::f4_store(y + i, vf(a));
    vec::f4_store(y + i + 4, vf(b));
    vec::f4_store(y + i + 8, vf(c));
    vec::f4_store(y + i + 12, vf(d));
  }
  for (; i + 4 <= n; i += 4) vec::f4_store(y + i, vf(vec::f4_load(z + i)));
  return i;  // first element left for the scalar tail
}

template <class VecDF>
inline std::size_t vector_backward(float* dz, const float* z, const float* dy, std::size_t n, VecDF vdf) {
  std::size_t i = 0;
  if (dy == nullptr) {
    for (; i + 4 <= n; i += 4) vec::f4_store(dz + i, vdf(vec::f4_load(z + i)));
  } else {
    for (; i + 4 <= n; i += 4)
      vec::f4_store(dz + i, vec::f4_mul(vec::f4_load(dy + i), vdf(vec::f4_load(z + i))));
  }
  return i;
}

// Runs the four-lane part with `vf`/`vdf`, then the scalar kernel on the tail.
#define ACTLAB_FORWARD_WITH_TAIL(id, vf)                           \
  do {                                                             \
    std::size_t done = unrolled_forward(y, z, n, vf);              \
    if (done < n) scalar::id##_forward(y + done, z + done, n - done, p); \
  } while (0)
#define ACTLAB_BACKWARD_WITH_TAIL(id, vdf)                                                 \
  do {                                                                                     \
    std::size_t done = vector_backward(dz, z, dy, n, vdf);                                 \
    if (done < n) scalar::id##_backward(dz + done, z + done, dy ? dy + done : nullptr, n - done, p); \
  } while (0)

// ---- PReLU with per-channel slopes ------------------------------------------
// Element i uses slopes[i % channels]. Nothing is allocated, only [0, n)
// is read, and no element pays for a division:
//   - channels a multiple of 16: row by row, slope vectors loaded straight
//     from `slopes` at the same offset as z within the row;
//   - other multiples of 4: flat, the slope vectors loaded from `slopes` at
//     a channel index that advances with i and wraps;
//   - up to kMaxPatternChannels others: the slope sequence seen by
//     consecutive 4-lane vectors repeats every lcm(channels, 4)/4 vectors, so
//     those vectors are built once on the stack and the array is processed
//     flat (efficient even for 1, 2 or 3 channels);
//   - more channels: row by row, the last channels % 4 of each row (at most
//     3 of > 64) in scalar code.
// Slopes all in (0, 1] take leaky_relu's max form; otherwise, when no slope
// is 0, the -inf clamp of leaky_value is the identity (pmax(z, -inf) = z for
// every z, NaN included) and is skipped. Both give the same bits as the
// general form, and the scalar kernel makes the same choice.
constexpr std::size_t kMaxPatternChannels = 64;

struct SlopePattern {
  f4 slope[kMaxPatternChannels];
  std::size_t period = 0;  // vectors
};

inline std::size_t gcd(std::size_t a, std::size_t b) {
  while (b != 0) {
    std::size_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

inline void build_pattern(SlopePattern* pattern, const float* slopes, std::size_t channels) {
  pattern->period = channels / gcd(channels, 4);  // lcm(channels, 4) / 4
  for (std::size_t k = 0; k < pattern->period; ++k) {
    float lanes[4];
    for (std::size_t l = 0; l < 4; ++l) lanes[l] = slopes[(4 * k + l) % channels];
    pattern->slope[k] = vec::f4_load(lanes);
  }
}

// Which form the forward pass may take, found four slopes at a time (a
// scalar scan would cost as much as the activation itself at 64 channels
// and a few thousand elements). As in scalar/piecewise.cpp, slopes all in
// (0, 1] take the max form.
struct SlopeClasses {
  bool all_unit_nonzero;
  bool any_zero;
};
inline SlopeClasses classify_slopes(const float* slopes, std::size_t channels) {
  const f4 zero = vec::f4_splat(0.0f), one = vec::f4_splat(1.0f);
  const f4 all_lanes = vec::f4_eq(zero, zero);
  f4 unit_nonzero = all_lanes, zeros = vec::f4_splat(0.0f);
  std::size_t c = 0;
  for (; c + 4 <= channels; c += 4) {
    f4 s = vec::f4_load(slopes + c);
    unit_nonzero = vec::f4_and(unit_nonzero, vec::f4_and(vec::f4_gt(s, zero), vec::f4_le(s, one)));
    zeros = vec::f4_or(zeros, vec::f4_eq(s, zero));
  }
  SlopeClasses classes{!vec::f4_any(vec::f4_andnot(all_lanes, unit_nonzero)), vec::f4_any(zeros)};
  for (; c < channels; ++c) {
    classes.all_unit_nonzero = classes.all_unit_nonzero && slopes[c] > 0.0f && slopes[c] <= 1.0f;
    classes.any_zero = classes.any_zero || slopes[c] == 0.0f;
  }
  return classes;
}

// Scalar twins used by prelu_channels for leftover elements (the same
// operations as scalar/piecewise.cpp's leaky_value_unit_nonzero_slope,
// leaky_value and leaky_derivative).
inline float scalar_leaky_value_unit_nonzero_slope(float z, float slope) { return vec::s_pmax(z, slope * z); }
inline float scalar_leaky_value(float z, float slope) {
  const float lower = (slope == 0.0f) ? -FLT_MAX : -std::numeric_limits<float>::infinity();
  return (z > 0.0f) ? z : slope * vec::s_pmax(z, lower);
}
inline float scalar_leaky_derivative(float z, float slope) {
  return (z != z) ? z : ((z > 0.0f) ? 1.0f : slope);
}

// Tails (per row or per call) have at most three elements: vectorising or
// unrolling their loops (which clang does, with alias checks) only adds work.
#if defined(__clang__)
#define ACTLAB_SCALAR_TAIL_LOOP _Pragma("clang loop vectorize(disable) unroll(disable)")
#else
#define ACTLAB_SCALAR_TAIL_LOOP
#endif

#if defined(__clang__)
#define ACTLAB_UNROLL_ALL _Pragma("clang loop unroll(full)")
#else
#define ACTLAB_UNROLL_ALL _Pragma("GCC unroll 16")
#endif

// The whole rows of prelu_channels when channels is a multiple of
// 4·kVectors: one offset j indexes z, dy, out and the slopes alike, so there
// is no second index and no wrap test. In wasm at 64 channels this ran 1.3x
// faster (kVectors = 8: 12.1 vs 9.4 elements/ns at 4 Ki) than a flat loop
// with a wrapping channel index; 4 vectors gave 11.5 and 16 spilled
// registers (9.3). All loads of a block come before its stores, which may
// alias them. Returns the first element not done.
template <bool kScaled, int kVectors, class VecOp>
inline std::size_t prelu_whole_rows(float* out, const float* z, const float* dy, std::size_t n,
                                    const float* slopes, std::size_t channels, VecOp vop) {
  std::size_t i = 0;
  for (; i + channels <= n; i += channels) {
    const float* zr = z + i;
    float* outr = out + i;
    for (std::size_t j = 0; j < channels; j += 4 * kVectors) {
      // Unrolled by hand (GCC would otherwise keep v on the stack: the
      // native kernel ran 1.8x slower).
      f4 v[kVectors];
      ACTLAB_UNROLL_ALL
      for (int k = 0; k < kVectors; ++k) v[k] = vop(vec::f4_load(zr + j + 4 * k), vec::f4_load(slopes + j + 4 * k));
      if (kScaled) {
        ACTLAB_UNROLL_ALL
        for (int k = 0; k < kVectors; ++k) v[k] = vec::f4_mul(vec::f4_load(dy + i + j + 4 * k), v[k]);
      }
      ACTLAB_UNROLL_ALL
      for (int k = 0; k < kVectors; ++k) vec::f4_store(outr + j + 4 * k, v[k]);
    }
  }
  return i;
}

// out[i] = vop(z[i], slope), times dy[i] when kScaled (the backward pass
// with an upstream gradient); `sop(z, slope)` is the scalar twin of `vop`.
template <bool kScaled, class VecOp, class ScalarOp>
inline void prelu_channels(float* out, const float* z, const float* dy, std::size_t n, const float* slopes,
                           std::size_t channels, VecOp vop, ScalarOp sop) {
  auto vector_at = [&](std::size_t i, f4 slope) {
    f4 v = vop(vec::f4_load(z + i), slope);
    if (kScaled) v = vec::f4_mul(vec::f4_load(dy + i), v);
    vec::f4_store(out + i, v);
  };
  auto scalar_at = [&](std::size_t i, float slope) {
    float v = sop(z[i], slope);
    out[i] = kScaled ? dy[i] * v : v;
  };

  if (channels % 4 == 0) {
    // Whole rows first when channels is a multiple of 16 (prelu_whole_rows);
    // then flat: every vector lies inside one row, at channel c = i % channels,
    // which advances with i instead of being divided out (c starts at 0,
    // since i is at a row start).
    std::size_t i = 0, c = 0;
    if (channels % 32 == 0) {
      i = prelu_whole_rows<kScaled, 8>(out, z, dy, n, slopes, channels, vop);
    } else if (channels % 16 == 0) {
      i = prelu_whole_rows<kScaled, 4>(out, z, dy, n, slopes, channels, vop);
    }
    for (; i + 4 <= n; i += 4) {
      vector_at(i, vec::f4_load(slopes + c));
      c += 4;
      if (c == channels) c = 0;
    }
    // Fewer than four left, starting at a multiple of four: c + 3 < channels.
    ACTLAB_SCALAR_TAIL_LOOP
    for (; i < n; ++i, ++c) scalar_at(i, slopes[c]);
    return;
  }
  if (channels <= kMaxPatternChannels) {
    SlopePattern pattern;
    build_pattern(&pattern, slopes, channels);
    std::size_t i = 0, k = 0;
    for (; i + 4 <= n; i += 4) {
      vector_at(i, pattern.slope[k]);
      if (++k == pattern.period) k = 0;
    }
    ACTLAB_SCALAR_TAIL_LOOP
    for (; i < n; ++i) scalar_at(i, slopes[i % channels]);
    return;
  }
  for (std::size_t row = 0; row < n; row += channels) {
    const std::size_t count = (n - row < channels) ? n - row : channels;
    std::size_t c = 0;
    for (; c + 4 <= count; c += 4) vector_at(row + c, vec::f4_load(slopes + c));
    ACTLAB_SCALAR_TAIL_LOOP
    for (; c < count; ++c) scalar_at(row + c, slopes[c]);
  }
}

}  // namespace

void identity_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  (void)p;
  // A copy is the fastest identity there is; memmove keeps overlapping calls defined.
  if (y != z && n != 0) std::memmove(y, z, n * sizeof(float));
}
void identity_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  ACTLAB_BACKWARD_WITH_TAIL(identity, [](f4 x) { return nan_or(x, vec::f4_splat(1.0f)); });
}

void relu_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  // pmax(z, 0) returns z when z is NaN and keeps -0 (z < 0 is false).
  ACTLAB_FORWARD_WITH_TAIL(relu, [](f4 x) { return vec::f4_pmax(x, vec::f4_splat(0.0f)); });
}
void relu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  ACTLAB_BACKWARD_WITH_TAIL(relu, [](f4 x) {
    return nan_or(x, vec::f4_and(vec::f4_gt(x, vec::f4_splat(0.0f)), vec::f4_splat(1.0f)));
  });
}

void relu6_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  ACTLAB_FORWARD_WITH_TAIL(relu6, [](f4 x) {
    return vec::f4_pmin(vec::f4_pmax(x, vec::f4_splat(0.0f)), vec::f4_splat(6.0f));
  });
}
void relu6_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  ACTLAB_BACKWARD_WITH_TAIL(relu6, [](f4 x) {
    f4 inside = vec::f4_and(vec::f4_gt(x, vec::f4_splat(0.0f)), vec::f4_lt(x, vec::f4_splat(6.0f)));
    return nan_or(x, vec::f4_and(inside, vec::f4_splat(1.0f)));
  });
}

void leaky_relu_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  const f4 slope = vec::f4_splat(p.p[0]), lower = lower_clamp_for(slope);
  if (p.p[0] != 0.0f) {
    if (unit_slope(p.p[0]))
      ACTLAB_FORWARD_WITH_TAIL(leaky_relu, [=](f4 x) { return leaky_value_unit_nonzero_slope(x, slope); });
    else
      ACTLAB_FORWARD_WITH_TAIL(leaky_relu, [=](f4 x) { return leaky_value_nonzero_slope(x, slope); });
  } else {
    ACTLAB_FORWARD_WITH_TAIL(leaky_relu, [=](f4 x) { return leaky_value_unit_slope(x, slope, lower); });
  }
}
void leaky_relu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  const f4 slope = vec::f4_splat(p.p[0]);
  ACTLAB_BACKWARD_WITH_TAIL(leaky_relu, [=](f4 x) { return leaky_derivative(x, slope); });
}

void prelu_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  if (p.slopes == nullptr || p.channels == 0) return leaky_relu_forward(y, z, n, p);
  const SlopeClasses classes = classify_slopes(p.slopes, p.channels);
  if (classes.all_unit_nonzero) {
    prelu_channels<false>(
        y, z, nullptr, n, p.slopes, p.channels,
        [](f4 x, f4 slope) { return leaky_value_unit_nonzero_slope(x, slope); },
        scalar_leaky_value_unit_nonzero_slope);
  } else if (classes.any_zero) {
    prelu_channels<false>(
        y, z, nullptr, n, p.slopes, p.channels,
        [](f4 x, f4 slope) { return leaky_value(x, slope, lower_clamp_for(slope)); }, scalar_leaky_value);
  } else {
    prelu_channels<false>(
        y, z, nullptr, n, p.slopes, p.channels, [](f4 x, f4 slope) { return leaky_value_nonzero_slope(x, slope); },
        scalar_leaky_value);
  }
}
void prelu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  if (p.slopes == nullptr || p.channels == 0) return leaky_relu_backward(dz, z, dy, n, p);
  auto vop = [](f4 x, f4 slope) { return leaky_derivative(x, slope); };
  if (dy != nullptr)
    prelu_channels<true>(dz, z, dy, n, p.slopes, p.channels, vop, scalar_leaky_derivative);
  else
    prelu_channels<false>(dz, z, dy, n, p.slopes, p.channels, vop, scalar_leaky_derivative);
}

void hardsigmoid_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  ACTLAB_FORWARD_WITH_TAIL(hardsigmoid, [](f4 x) { return hardsigmoid_value(x); });
}
void hardsigmoid_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  ACTLAB_BACKWARD_WITH_TAIL(hardsigmoid, [](f4 x) {
    f4 inside = vec::f4_and(vec::f4_gt(x, vec::f4_splat(-3.0f)), vec::f4_lt(x, vec::f4_splat(3.0f)));
    return nan_or(x, vec::f4_and(inside, vec::f4_splat(1.0f / 6.0f)));
  });
}

void hardswish_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  ACTLAB_FORWARD_WITH_TAIL(hardswish, [](f4 x) {
    return vec::f4_select(vec::f4_le(x, vec::f4_splat(-3.0f)), vec::f4_splat(-0.0f),
                          vec::f4_mul(x, hardsigmoid_value(x)));
  });
}
void hardswish_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  ACTLAB_BACKWARD_WITH_TAIL(hardswish, [](f4 x) {
    f4 middle = vec::f4_div(vec::f4_add(x, vec::f4_splat(1.5f)), vec::f4_splat(3.0f));
    f4 below = vec::f4_select(vec::f4_lt(x, vec::f4_splat(-3.0f)), vec::f4_splat(0.0f), middle);
    return vec::f4_select(vec::f4_gt(x, vec::f4_splat(3.0f)), vec::f4_splat(1.0f), below);
  });
}

void softsign_forward(float* y, const float* z, std::size_t n, const ActParams& p) {
  ACTLAB_FORWARD_WITH_TAIL(softsign, [](f4 x) {
    f4 a = vec::f4_pmin(abs_value(x), vec::f4_splat(1e30f));
    f4 magnitude = vec::f4_div(a, vec::f4_add(vec::f4_splat(1.0f), a));
    return vec::f4_or(magnitude, vec::f4_sign(x));
  });
}
void softsign_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) {
  ACTLAB_BACKWARD_WITH_TAIL(softsign, [](f4 x) {
    f4 r = vec::f4_div(vec::f4_splat(1.0f), vec::f4_add(vec::f4_splat(1.0f), abs_value(x)));
    return vec::f4_mul(r, r);
  });
}

#undef ACTLAB_FORWARD_WITH_TAIL
#undef ACTLAB_BACKWARD_WITH_TAIL
#undef ACTLAB_SCALAR_TAIL_LOOP
#undef ACTLAB_UNROLL_ALL

}  // namespace actlab::kernels::simd
#endif
