// format.hpp — numbers in messages: the shortest text that reads back as the
// same value, without an exponent for everyday magnitudes ("100", not "1e+02").
#pragma once
#include <string>

namespace actlab {

std::string format_double(double v);  // reads back as the same double
std::string format_float(float v);    // reads back as the same float

}  // namespace actlab
