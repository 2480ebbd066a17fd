// rng.cpp — PCG32 (PCG-XSH-RR 64/32), exactly as O'Neill's reference
// pcg32_srandom_r / pcg32_random_r, plus the derived draws every part of the
// project uses. Everything here is integer arithmetic or correctly rounded
// IEEE operations, so native and wasm builds draw identical numbers.
#include "actlab/rng.hpp"

#include <cmath>

#include "util/detmath.hpp"

namespace actlab {

namespace {
constexpr std::uint64_t kPcgMultiplier = 6364136223846793005ULL;
}  // namespace

// pcg32_srandom_r(rng, initstate = seed, initseq = stream).
Rng::Rng(std::uint64_t seed, std::uint64_t stream) : state_(0u), inc_((stream << 1u) | 1u) {
  next_u32();
  state_ += seed;
  next_u32();
}

std::uint32_t Rng::next_u32() {
  const std::uint64_t old_state = state_;
  state_ = old_state * kPcgMultiplier + inc_;
  const auto xorshifted = static_cast<std::uint32_t>(((old_state >> 18u) ^ old_state) >> 27u);
  const auto rotation = static_cast<std::uint32_t>(old_state >> 59u);
  return (xorshifted >> rotation) | (xorshifted << ((0u - rotation) & 31u));
}

float Rng::uniform_float() {
  return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f);  // 2^-24
}

double Rng::uniform() {
  // Two draws in a fixed order: the high 27 and the low 26 of 53 bits.
  const std::uint32_t high = next_u32() >> 5;
  const std::uint32_t low = next_u32() >> 6;
  return (static_cast<double>(high) * 67108864.0 + static_cast<double>(low)) *
         (1.0 / 9007199254740992.0);  // 2^-53
}

double Rng::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

// Lemire's multiply-and-reject ("Fast random integer generation in an
// interval", 2019): unbiased, and usually a single draw. bound == 0 gives 0.
std::uint32_t Rng::below(std::uint32_t bound) {
  if (bound == 0u) return 0u;
  std::uint64_t product = static_cast<std::uint64_t>(next_u32()) * bound;
  auto low = static_cast<std::uint32_t>(product);
  if (low < bound) {
    const std::uint32_t threshold = (0u - bound) % bound;  // 2^32 mod bound
    while (low < threshold) {
      product = static_cast<std::uint64_t>(next_u32()) * bound;
      low = static_cast<std::uint32_t>(product);
    }
  }
  return static_cast<std::uint32_t>(product >> 32);
}

// Marsaglia's polar method: a pair of normals per accepted point, the second
// kept for the next call. Only + − × ÷, sqrt and det_log, so it is portable.
double Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u, v, s;
  do {
    u = 2.0 * uniform() - 1.0;
    v = 2.0 * uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * det_log(s) / s);
  spare_ = v * factor;
  has_spare_ = true;
  return u * factor;
}

}  // namespace actlab
