// kernel_timing.hpp — the timing core shared by the native benchmark
// (bench/native) and the wasm benchmark modules (bench/wasm), so that every
// build of the kernels is measured by the very same code: same inputs, same
// buffers, same calibration, same statistic (median over batches).
//
// Deliberately left out: printing, ratios and targets (bench/run.mjs does
// those for all implementations at once), and any multi-threading.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <utility>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#else
#include <time.h>

#include <chrono>
#endif

#include "actlab/activations.hpp"
#include "kernels/vec4.hpp"

namespace actlab::bench {

// Wall-clock time (--clock wall).
inline double wall_ns() {
#ifdef __EMSCRIPTEN__
  // performance.now() / hrtime in Node: sub-microsecond resolution, in ms.
  return emscripten_get_now() * 1e6;
#else
  return static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 std::chrono::steady_clock::now().time_since_epoch())
                                 .count());
#endif
}

#ifdef __EMSCRIPTEN__
// CPU time of the Node process (all its threads; the benchmark's is the only
// busy one while kernels run), microsecond resolution.
EM_JS(double, actlab_bench_process_cpu_ns, (), {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1000;
});
#endif

// CPU time: what the measured code costs, not counting the time the thread
// waits while the (shared) machine runs something else.
inline double cpu_ns() {
#ifdef __EMSCRIPTEN__
  return actlab_bench_process_cpu_ns();
#else
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e9 + static_cast<double>(now.tv_nsec);
#endif
}

enum class Clock { cpu, wall };

// How long to measure. A batch is enough back-to-back calls to last at least
// min_batch_ns (so clock resolution and call overhead vanish); a figure is
// the median over `batches` batches (so a neighbour stealing the core for a
// moment does not move it). Batches are timed in CPU time by default, so
// other work on a shared machine does not count against the kernels.
struct TimingSettings {
  double min_batch_ns = 4e6;
  int batches = 7;
  Clock clock = Clock::cpu;
};

// Runs the measured call `calls` times. Type-erased per batch, not per call,
// so the indirection costs nothing measurable.
using BatchRunner = std::function<void(long calls)>;

template <class Call>
BatchRunner batch_runner(Call call) {
  return [call](long calls) mutable {
    for (long c = 0; c < calls; ++c) call();
  };
}

// One measured call: sized and warmed up on construction, then timed one
// batch at a time, so that several calls can be timed in alternation.
class BatchTimer {
 public:
  BatchTimer(BatchRunner runner, const TimingSettings& settings)
      : runner_(std::move(runner)), settings_(settings) {
    // Sizing, on the clock the batches are timed with: grow the number of
    // calls until one run of them lasts a whole batch. The runs before pay
    // for page faults, cold caches and, in wasm, V8's baseline (Liftoff) code
    // being replaced by optimised code; the last one is the warm-up batch.
    long calls = 1;
    for (;;) {
      double start = now();
      runner_(calls);
      double elapsed_ns = now() - start;
      if (elapsed_ns >= settings_.min_batch_ns || calls >= (1L << 24)) break;
      double growth = elapsed_ns > 0 ? 1.1 * settings_.min_batch_ns / elapsed_ns : 16.0;
      calls = std::min(1L << 24,
                       static_cast<long>(std::ceil(static_cast<double>(calls) * std::clamp(growth, 2.0, 16.0))));
    }
    calls_per_batch_ = calls;
  }

  // Time of one call, in ns, over one batch.
  double time_batch() {
    double start = now();
    runner_(calls_per_batch_);
    return (now() - start) / static_cast<double>(calls_per_batch_);
  }

 private:
  double now() const { return settings_.clock == Clock::cpu ? cpu_ns() : wall_ns(); }

  BatchRunner runner_;
  TimingSettings settings_;
  long calls_per_batch_ = 1;
};

inline double median_of(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  std::size_t middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : 0.5 * (values[middle - 1] + values[middle]);
}

// Median ns per call of each runner. The batches are taken in rounds, one
// batch of every runner per round, so that when the load on the machine
// changes all of them feel it alike and their ratios stay put.
inline std::vector<double> interleaved_medians(std::vector<BatchRunner> runners,
                                               const TimingSettings& settings) {
  std::vector<BatchTimer> timers;
  timers.reserve(runners.size());
  for (BatchRunner& runner : runners) timers.emplace_back(std::move(runner), settings);
  std::vector<std::vector<double>> samples(timers.size());
  for (int round = 0; round < std::max(settings.batches, 1); ++round) {
    for (std::size_t t = 0; t < timers.size(); ++t) samples[t].push_back(timers[t].time_batch());
  }
  std::vector<double> medians;
  for (std::vector<double>& s : samples) medians.push_back(median_of(std::move(s)));
  return medians;
}

template <class Call>
double median_ns_per_call(Call call, const TimingSettings& settings) {
  return interleaved_medians({batch_runner(std::move(call))}, settings)[0];
}

// Benchmark input element i, in [-8, 8): a Weyl sequence (fractional part of
// i·φ), so both signs and the saturated tails are hit in no regular pattern,
// and bench/run.mjs can compute the very same values for the JavaScript
// implementations without sharing a random generator.
inline float bench_input(std::size_t i) {
  double golden_fraction = 0.6180339887498949;
  double position = static_cast<double>(i) * golden_fraction;
  position -= std::floor(position);
  return static_cast<float>(16.0 * position - 8.0);
}

// Upstream gradient element i, in [0.5, 1.5): a second Weyl sequence.
inline float bench_upstream(std::size_t i) {
  double position = static_cast<double>(i) * 0.7548776662466927 + 0.5;
  position -= std::floor(position);
  return static_cast<float>(position + 0.5);
}

// Which signs the inputs z have. `mixed` is the benchmark's input (both
// signs, bench_input); the other two are its magnitudes with one sign,
// −|bench_input| and +|bench_input|, for the sign-split figures of
// bench/run.mjs: a scalar kernel may skip work on one side of 0 (elu's and
// selu's compute e^z only for z < 0) where a SIMD kernel computes every lane.
enum class InputSigns { mixed, negative, positive };

// PReLU is measured the way a dense layer uses it: one slope per unit, 64
// units (the hidden width of issue #3's benchmark model).
inline constexpr std::size_t kPreluChannels = 64;
inline constexpr float kPreluSlope = 0.25f;

// Float storage starting `page_offset` bytes (a multiple of 64) into a 4 KiB
// page, so that every build and every run sees the same placement:
//   - where z and dy sit relative to each other matters: with them 1 or
//     2 KiB apart in page offset, gelu's wasm SIMD backward at 1 Mi floats
//     ran at 0.36 to 0.43 elements/ns instead of 0.59 to 0.63 (three runs
//     of each), so z and dy sit within 128 bytes of each other;
//   - a load whose address has the same low 12 bits as an earlier store
//     still in flight waits for it ("4K aliasing"). With the output at
//     offset 0 and the inputs at 64 and 128 bytes, a load of z[j] or dy[j]
//     can only alias the store to out[j + 16] or out[j + 32], which comes
//     after it, or one about a thousand floats earlier, long retired.
class AlignedFloats {
 public:
  AlignedFloats(std::size_t count, std::size_t page_offset)
      : raw_(static_cast<unsigned char*>(std::aligned_alloc(kPage, round_up_bytes(count, page_offset)))),
        data_(raw_ ? reinterpret_cast<float*>(raw_ + page_offset) : nullptr) {}
  ~AlignedFloats() { std::free(raw_); }
  AlignedFloats(const AlignedFloats&) = delete;
  AlignedFloats& operator=(const AlignedFloats&) = delete;
  float* get() const { return data_; }
  bool ok() const { return data_ != nullptr; }

 private:
  static constexpr std::size_t kPage = 4096;
  static std::size_t round_up_bytes(std::size_t count, std::size_t page_offset) {
    std::size_t bytes = page_offset + std::max<std::size_t>(count, 1) * sizeof(float);
    return (bytes + kPage - 1) / kPage * kPage;
  }
  unsigned char* raw_;
  float* data_;
};

#if ACTLAB_VEC4_WASM
// no_builtin keeps clang from turning the loop back into a memcpy call.
__attribute__((no_builtin("memcpy"))) inline void vector_copy(float* y, const float* z,
                                                             std::size_t n) {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    vec::f4 a = vec::f4_load(z + i);
    vec::f4 b = vec::f4_load(z + i + 4);
    vec::f4_store(y + i, a);
    vec::f4_store(y + i + 4, b);
  }
  for (; i + 4 <= n; i += 4) vec::f4_store(y + i, vec::f4_load(z + i));
  for (; i < n; ++i) y[i] = z[i];
}
#endif

// Buffers for one problem size n, filled once, reused by every measurement:
// z (input; one buffer per InputSigns), dy (upstream gradient), out (y or
// dz; never in place, as in training where z is kept for the backward pass).
class KernelBench {
 public:
  explicit KernelBench(std::size_t n)
      : n_(n),
        z_(n, 64),
        z_negative_(n, 64),
        z_positive_(n, 64),
        dy_(n, 128),
        out_(n, 0),
        slopes_(kPreluChannels, 0) {
    if (!ok()) return;
    for (std::size_t i = 0; i < n; ++i) {
      const float z = bench_input(i);
      z_.get()[i] = z;
      z_negative_.get()[i] = -std::fabs(z);
      z_positive_.get()[i] = std::fabs(z);
      dy_.get()[i] = bench_upstream(i);
      out_.get()[i] = 0.0f;
    }
    for (std::size_t c = 0; c < kPreluChannels; ++c) slopes_.get()[c] = kPreluSlope;
  }

  bool ok() const {
    return z_.ok() && z_negative_.ok() && z_positive_.ok() && dy_.ok() && out_.ok() && slopes_.ok();
  }
  std::size_t size() const { return n_; }

  ActParams params_for(Act act) const {
    ActParams params = default_params(act);
    if (act == Act::prelu) {
      params.slopes = slopes_.get();
      params.channels = kPreluChannels;
    }
    return params;
  }

  // The runners below capture the buffers by pointer: they stay valid as
  // long as this KernelBench does.

  // y[n] = f(z[n]) with the table's kernel.
  BatchRunner forward_runner(const KernelTable& table, Act act,
                             InputSigns signs = InputSigns::mixed) const {
    ForwardKernel kernel = table.forward[static_cast<int>(act)];
    ActParams params = params_for(act);
    float* y = out_.get();
    const float* z = input(signs);
    std::size_t n = n_;
    return batch_runner([=] { kernel(y, z, n, params); });
  }

  // dz[n] = dy[n] · f'(z[n]) with the table's kernel.
  BatchRunner backward_runner(const KernelTable& table, Act act,
                              InputSigns signs = InputSigns::mixed) const {
    BackwardKernel kernel = table.backward[static_cast<int>(act)];
    ActParams params = params_for(act);
    float* dz = out_.get();
    const float* z = input(signs);
    const float* dy = dy_.get();
    std::size_t n = n_;
    return batch_runner([=] { kernel(dz, z, dy, n, params); });
  }

  // The floor for a streaming kernel: memcpy of the n floats a forward pass
  // reads into the n floats it writes. The volatile pointer keeps the
  // compiler from proving the repeated copies redundant.
  BatchRunner copy_runner() const {
    float* destination = out_.get();
    const float* source = z_.get();
    std::size_t bytes = n_ * sizeof(float);
    return batch_runner([=] {
      float* volatile opaque_destination = destination;
      std::memcpy(opaque_destination, source, bytes);
    });
  }

#if ACTLAB_VEC4_WASM
  // The floor for a kernel written with vec4: the same loop shape as the
  // SIMD kernels (two vectors per iteration, then one, then the scalar tail)
  // with no arithmetic. At small n memcpy is not this floor in wasm: it is
  // forwarded to V8's native memmove, which moves wider than 128 bits.
  BatchRunner vector_copy_runner() const {
    float* y = out_.get();
    const float* z = z_.get();
    std::size_t n = n_;
    return batch_runner([=] { vector_copy(y, z, n); });
  }
#endif

  // Runs one kernel once (outside any timing), for output checks.
  void run_once(const KernelTable& table, Act act, bool backward) {
    ActParams params = params_for(act);
    if (backward) {
      table.backward[static_cast<int>(act)](out_.get(), z_.get(), dy_.get(), n_, params);
    } else {
      table.forward[static_cast<int>(act)](out_.get(), z_.get(), n_, params);
    }
  }

  const float* output() const { return out_.get(); }
  // The buffers themselves, for runners defined elsewhere (formula_bench.hpp).
  const float* inputs() const { return z_.get(); }
  const float* upstream() const { return dy_.get(); }
  float* outputs() const { return out_.get(); }

 private:
  const float* input(InputSigns signs) const {
    if (signs == InputSigns::negative) return z_negative_.get();
    if (signs == InputSigns::positive) return z_positive_.get();
    return z_.get();
  }

  std::size_t n_;
  AlignedFloats z_;
  AlignedFloats z_negative_;
  AlignedFloats z_positive_;
  AlignedFloats dy_;
  AlignedFloats out_;
  AlignedFloats slopes_;
};

}  // namespace actlab::bench
