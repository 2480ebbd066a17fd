// init.cpp — weight initialisation rules (see init.hpp). Every draw comes from
// the experiment's Rng; sqrt is correctly rounded, so all builds agree.
#include "init.hpp"

#include <cmath>

namespace actlab {

double init_std_of(Init rule, int fan_in, int fan_out, double init_std) {
  const double fi = fan_in, fo = fan_out;
  switch (rule) {
    case Init::zeros: return 0.0;
    case Init::uniform: return 1.0 / std::sqrt(12.0);  // width 1
    case Init::normal: return init_std;
    case Init::xavier_uniform:
    case Init::xavier_normal: return std::sqrt(2.0 / (fi + fo));
    case Init::he_uniform:
    case Init::he_normal: return std::sqrt(2.0 / fi);
    case Init::lecun_normal: return std::sqrt(1.0 / fi);
  }
  return 0.0;
}

void init_weights(float* weights, int fan_in, int fan_out, Init rule, double init_std, Rng& rng) {
  const int count = fan_in * fan_out;
  const double fi = fan_in, fo = fan_out;
  double bound = 0.0;  // uniform rules: U(−bound, bound)
  double stddev = 0.0;  // normal rules
  bool uniform = false;
  switch (rule) {
    case Init::zeros:
      for (int i = 0; i < count; ++i) weights[i] = 0.0f;
      return;
    case Init::uniform: uniform = true, bound = 0.5; break;
    case Init::xavier_uniform: uniform = true, bound = std::sqrt(6.0 / (fi + fo)); break;
    case Init::he_uniform: uniform = true, bound = std::sqrt(6.0 / fi); break;
    case Init::normal:
    case Init::xavier_normal:
    case Init::he_normal:
    case Init::lecun_normal: stddev = init_std_of(rule, fan_in, fan_out, init_std); break;
  }
  for (int i = 0; i < count; ++i)
    weights[i] = static_cast<float>(uniform ? rng.uniform(-bound, bound) : stddev * rng.normal());
}

}  // namespace actlab
