// detmath.cpp — deterministic log, exp, sin, cos (see detmath.hpp for why).
// Each function reduces its argument with constants split into a high part
// with trailing zero bits (so products with small integers are exact) and a
// low part (Cody–Waite), then evaluates a short series by Horner's rule.
#include "util/detmath.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace actlab {
namespace {

std::uint64_t bits_of(double x) {
  std::uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

double from_bits(std::uint64_t u) {
  double x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

// 2^k for k in the normal exponent range −1022..1023.
double pow2(int k) { return from_bits(static_cast<std::uint64_t>(k + 1023) << 52); }

// ln 2 split as in fdlibm: kLn2Hi has 32 trailing zero bits, so k·kLn2Hi is
// exact for |k| < 2^20.
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;

// π/2 in three parts, each with 33 significant bits, so n·part is exact for
// |n| < 2^20 (fdlibm's pio2_1, pio2_2, pio2_3).
constexpr double kPio2Part1 = 1.57079632673412561417e+00;
constexpr double kPio2Part2 = 6.07710050630396597660e-11;
constexpr double kPio2Part3 = 2.02226624871116645580e-21;
constexpr double kPio2Part3Tail = 8.47842766036889956997e-32;
constexpr double kTwoOverPi = 6.36619772367581382433e-01;

// Taylor coefficients of sin on [−π/4, π/4]: (−1)^j / (2j+1)!, j = 1..8.
// The first omitted term, (π/4)^19/19!, is below 2^-60.
double sin_series(double r) {
  const double r2 = r * r;
  double p = -1.0 / 355687428096000.0;          // −1/17!
  p = p * r2 + 1.0 / 1307674368000.0;            //  1/15!
  p = p * r2 - 1.0 / 6227020800.0;               // −1/13!
  p = p * r2 + 1.0 / 39916800.0;                 //  1/11!
  p = p * r2 - 1.0 / 362880.0;                   // −1/9!
  p = p * r2 + 1.0 / 5040.0;                     //  1/7!
  p = p * r2 - 1.0 / 120.0;                      // −1/5!
  p = p * r2 + 1.0 / 6.0;                        //  1/3!
  return r - r * r2 * p;                         // r − r³/3! + r⁵/5! − …
}

// Taylor coefficients of cos on [−π/4, π/4]: (−1)^j / (2j)!, j = 1..9.
double cos_series(double r) {
  const double r2 = r * r;
  double p = -1.0 / 6402373705728000.0;          // −1/18!
  p = p * r2 + 1.0 / 20922789888000.0;           //  1/16!
  p = p * r2 - 1.0 / 87178291200.0;              // −1/14!
  p = p * r2 + 1.0 / 479001600.0;                //  1/12!
  p = p * r2 - 1.0 / 3628800.0;                  // −1/10!
  p = p * r2 + 1.0 / 40320.0;                    //  1/8!
  p = p * r2 - 1.0 / 720.0;                      // −1/6!
  p = p * r2 + 1.0 / 24.0;                       //  1/4!
  p = p * r2 - 0.5;                              // −1/2!
  // 1 + r²·p, with the leading 1 added last to keep the small terms' bits.
  return 1.0 + r2 * p;
}

// x = n·π/2 + r with |r| ≤ π/4 (up to rounding); returns r and n mod 4.
double reduce_half_pi(double x, int* quadrant) {
  const double n = std::floor(x * kTwoOverPi + 0.5);
  double r = x - n * kPio2Part1;
  r = r - n * kPio2Part2;
  r = r - n * kPio2Part3;
  r = r - n * kPio2Part3Tail;
  // n can exceed int range for huge x; only its value mod 4 matters.
  const double n_mod4 = n - 4.0 * std::floor(n * 0.25);
  *quadrant = static_cast<int>(n_mod4);
  return r;
}

}  // namespace

double det_log(double x) {
  if (std::isnan(x) || x < 0.0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0.0) return -std::numeric_limits<double>::infinity();
  if (std::isinf(x)) return x;

  int k = 0;
  if (x < 2.2250738585072014e-308) {  // subnormal: scale into the normal range
    x *= 18014398509481984.0;         // 2^54
    k = -54;
  }
  // x = 2^e · m with m in [1, 2).
  const std::uint64_t u = bits_of(x);
  k += static_cast<int>((u >> 52) & 0x7ff) - 1023;
  double m = from_bits((u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
  // Move m into [√½, √2) so that |s| below stays ≤ 0.1716.
  if (m > 1.4142135623730951) {
    m *= 0.5;
    k += 1;
  }
  // log m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …), s = (m−1)/(m+1).
  // s² ≤ 0.0295, so 11 odd terms reach below 2^-60.
  const double f = m - 1.0;
  const double s = f / (m + 1.0);
  const double s2 = s * s;
  double p = 1.0 / 23.0;
  p = p * s2 + 1.0 / 21.0;
  p = p * s2 + 1.0 / 19.0;
  p = p * s2 + 1.0 / 17.0;
  p = p * s2 + 1.0 / 15.0;
  p = p * s2 + 1.0 / 13.0;
  p = p * s2 + 1.0 / 11.0;
  p = p * s2 + 1.0 / 9.0;
  p = p * s2 + 1.0 / 7.0;
  p = p * s2 + 1.0 / 5.0;
  p = p * s2 + 1.0 / 3.0;
  // 2s = f − s·f exactly in real arithmetic (since 2s = f − s·f ⇔ s(m+1) = f);
  // writing log m = f − s·(f − s2·p·2) keeps the large term f exact.
  const double log_m = f - s * (f - 2.0 * s2 * p);
  const double kd = static_cast<double>(k);
  return kd * kLn2Hi + (log_m + kd * kLn2Lo);
}

double det_exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
  if (x < -745.1332191019412) return 0.0;
  // x = k·ln2 + r, |r| ≤ ln2/2.
  const double kd = std::floor(x * kInvLn2 + 0.5);
  const double r = (x - kd * kLn2Hi) - kd * kLn2Lo;
  // e^r by its Taylor series to r^13/13!; (ln2/2)^14/14! < 2^-62.
  double p = 1.0 / 6227020800.0;  // 1/13!
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  const double er = 1.0 + (r + r * r * p);
  // Scale by 2^k in two steps when 2^k alone is not a normal double.
  const int k = static_cast<int>(kd);
  if (k > 1023) return er * pow2(1023) * pow2(k - 1023);
  if (k < -1022) return er * pow2(k + 1000) * pow2(-1000);
  return er * pow2(k);
}

double det_sin(double x) {
  if (!std::isfinite(x)) return std::numeric_limits<double>::quiet_NaN();
  int quadrant;
  const double r = reduce_half_pi(x, &quadrant);
  switch (quadrant) {
    case 0: return sin_series(r);
    case 1: return cos_series(r);
    case 2: return -sin_series(r);
    default: return -cos_series(r);
  }
}

double det_cos(double x) {
  if (!std::isfinite(x)) return std::numeric_limits<double>::quiet_NaN();
  int quadrant;
  const double r = reduce_half_pi(x, &quadrant);
  switch (quadrant) {
    case 0: return cos_series(r);
    case 1: return -sin_series(r);
    case 2: return -cos_series(r);
    default: return sin_series(r);
  }
}

}  // namespace actlab
