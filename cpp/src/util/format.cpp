#include "util/format.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace actlab {
namespace {

template <class ReadsBack>
std::string shortest(double v, int max_digits, ReadsBack reads_back) {
  char buf[40];
  const double mag = std::fabs(v);
  const bool plain_ok = mag == 0.0 || (mag >= 1e-5 && mag < 1e15);
  for (int digits = 1; digits <= max_digits; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (!reads_back(buf)) continue;
    if (plain_ok && std::strchr(buf, 'e') != nullptr) continue;
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.*g", max_digits, v);
  return buf;
}

}  // namespace

std::string format_double(double v) {
  return shortest(v, 17, [v](const char* s) { return std::strtod(s, nullptr) == v || std::isnan(v); });
}

std::string format_float(float v) {
  return shortest(static_cast<double>(v), 9,
                  [v](const char* s) { return std::strtof(s, nullptr) == v || std::isnan(v); });
}

}  // namespace actlab
