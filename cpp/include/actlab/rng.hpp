// actlab/rng.hpp — the one source of randomness: PCG32 (O'Neill, pcg-random.org,
// "PCG-XSH-RR 64/32"), defined here so every platform draws the same numbers.
// Normal draws use only + − × ÷ and sqrt plus our own deterministic log
// (util/detmath.hpp), never the C library's, whose last bits differ between
// glibc (native) and musl (Emscripten).
#pragma once
#include <cstdint>

namespace actlab {

class Rng {
 public:
  explicit Rng(std::uint64_t seed, std::uint64_t stream = 54u);
  std::uint32_t next_u32();
  // Uniform in [0, 1), 24 random bits (float) / 53 random bits (double).
  float uniform_float();
  double uniform();
  double uniform(double lo, double hi);
  // Integer in [0, bound), unbiased.
  std::uint32_t below(std::uint32_t bound);
  // Standard normal N(0, 1).
  double normal();

 private:
  std::uint64_t state_;
  std::uint64_t inc_;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace actlab
