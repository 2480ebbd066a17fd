// Metadata of every activation and validation of their parameters.
// The kernels live in kernels/; this file only describes.
#include "actlab/activations.hpp"

#include "util/format.hpp"

#include <cmath>
#include <string>

namespace actlab {
namespace {


// One row per activation, in activation_list.def order (checked below).
// max_derivative: sup |f'| at default parameters; tests re-measure each one by
// dense sampling of the kernels, so a wrong constant here fails a test.
constexpr ActivationInfo kInfo[kActCount] = {
    {Act::identity, "identity", "Identity", 0, {}, "f(z) = z", "f'(z) = 1",
     "(-\\infty, \\infty)", 1.0f},
    {Act::sigmoid, "sigmoid", "Sigmoid", 0, {}, "\\sigma(z) = \\frac{1}{1 + e^{-z}}",
     "\\sigma'(z) = \\sigma(z)\\,\\bigl(1 - \\sigma(z)\\bigr)", "(0, 1)", 0.25f},
    {Act::tanh, "tanh", "Tanh", 0, {}, "\\tanh z = \\frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
     "\\tanh' z = 1 - \\tanh^2 z", "(-1, 1)", 1.0f},
    {Act::relu, "relu", "ReLU", 0, {}, "\\mathrm{ReLU}(z) = \\max(0, z)",
     "\\mathrm{ReLU}'(z) = \\begin{cases} 1 & z > 0 \\\\ 0 & z \\le 0 \\end{cases}",
     "[0, \\infty)", 1.0f},
    {Act::relu6, "relu6", "ReLU6", 0, {}, "\\mathrm{ReLU6}(z) = \\min(\\max(0, z), 6)",
     "\\mathrm{ReLU6}'(z) = \\begin{cases} 1 & 0 < z < 6 \\\\ 0 & \\text{otherwise} \\end{cases}",
     "[0, 6]", 1.0f},
    {Act::leaky_relu, "leaky_relu", "Leaky ReLU", 1, {{"negative_slope", 0.01f, 0.0f, 1.0f, false}},
     "f(z) = \\begin{cases} z & z > 0 \\\\ s\\,z & z \\le 0 \\end{cases}",
     "f'(z) = \\begin{cases} 1 & z > 0 \\\\ s & z \\le 0 \\end{cases}", "(-\\infty, \\infty)", 1.0f},
    {Act::prelu, "prelu", "PReLU", 1, {{"init", 0.25f, 0.0f, 1.0f, true}},
     "f(z) = \\begin{cases} z & z > 0 \\\\ a\\,z & z \\le 0 \\end{cases}",
     "\\frac{\\partial f}{\\partial z} = \\begin{cases} 1 & z > 0 \\\\ a & z \\le 0 \\end{cases}, \\quad "
     "\\frac{\\partial f}{\\partial a} = \\min(z, 0)",
     "(-\\infty, \\infty)", 1.0f},
    {Act::elu, "elu", "ELU", 1, {{"alpha", 1.0f, 0.01f, 10.0f, false}},
     "f(z) = \\begin{cases} z & z > 0 \\\\ \\alpha\\,(e^{z} - 1) & z \\le 0 \\end{cases}",
     "f'(z) = \\begin{cases} 1 & z > 0 \\\\ \\alpha\\,e^{z} & z \\le 0 \\end{cases}",
     "(-\\alpha, \\infty)", 1.0f},
    {Act::selu, "selu", "SELU", 0, {},
     "f(z) = \\lambda \\begin{cases} z & z > 0 \\\\ \\alpha\\,(e^{z} - 1) & z \\le 0 \\end{cases},"
     "\\ \\lambda \\approx 1.0507,\\ \\alpha \\approx 1.6733",
     "f'(z) = \\lambda \\begin{cases} 1 & z > 0 \\\\ \\alpha\\,e^{z} & z \\le 0 \\end{cases}",
     "(-\\lambda\\alpha, \\infty)", 1.7580993408473766f},
    {Act::gelu, "gelu", "GELU", 0, {}, "\\mathrm{GELU}(z) = z\\,\\Phi(z)",
     "\\mathrm{GELU}'(z) = \\Phi(z) + z\\,\\varphi(z)", "[\\approx -0.17, \\infty)",
     1.1289041451851548f},
    {Act::gelu_tanh, "gelu_tanh", "GELU (tanh approx.)", 0, {},
     "f(z) = \\tfrac{z}{2}\\Bigl(1 + \\tanh\\bigl(\\sqrt{2/\\pi}\\,(z + 0.044715\\,z^3)\\bigr)\\Bigr)",
     "f'(z) = \\tfrac{1}{2}(1 + t) + \\tfrac{z}{2}(1 - t^2)\\,\\sqrt{2/\\pi}\\,(1 + 0.134145\\,z^2),"
     "\\ t = \\tanh\\bigl(\\sqrt{2/\\pi}\\,(z + 0.044715\\,z^3)\\bigr)",
     "[\\approx -0.17, \\infty)", 1.1289930686587718f},
    {Act::silu, "silu", "SiLU (swish)", 0, {}, "\\mathrm{SiLU}(z) = z\\,\\sigma(z)",
     "\\mathrm{SiLU}'(z) = \\sigma(z)\\,\\bigl(1 + z\\,(1 - \\sigma(z))\\bigr)", "[\\approx -0.28, \\infty)",
     1.0998393201288669f},
    {Act::mish, "mish", "Mish", 0, {}, "\\mathrm{Mish}(z) = z \\tanh\\bigl(\\ln(1 + e^{z})\\bigr)",
     "\\mathrm{Mish}'(z) = \\tanh s + z\\,\\sigma(z)\\,(1 - \\tanh^2 s),\\ s = \\ln(1 + e^{z})",
     "[\\approx -0.31, \\infty)", 1.0884981612517279f},
    {Act::softplus, "softplus", "Softplus", 2,
     {{"beta", 1.0f, 0.01f, 100.0f, false}, {"threshold", 20.0f, 1.0f, 100.0f, false}},
     "f(z) = \\begin{cases} \\frac{1}{\\beta}\\ln(1 + e^{\\beta z}) & \\beta z \\le \\text{threshold} \\\\ "
     "z & \\text{otherwise} \\end{cases}",
     "f'(z) = \\begin{cases} \\sigma(\\beta z) & \\beta z \\le \\text{threshold} \\\\ 1 & \\text{otherwise} "
     "\\end{cases}",
     "(0, \\infty)", 1.0f},
    {Act::hardsigmoid, "hardsigmoid", "Hardsigmoid", 0, {},
     "f(z) = \\frac{\\mathrm{ReLU6}(z + 3)}{6}",
     "f'(z) = \\begin{cases} \\frac{1}{6} & -3 < z < 3 \\\\ 0 & \\text{otherwise} \\end{cases}", "[0, 1]",
     1.0f / 6.0f},
    {Act::hardswish, "hardswish", "Hardswish", 0, {},
     "f(z) = z\\,\\frac{\\mathrm{ReLU6}(z + 3)}{6}",
     "f'(z) = \\begin{cases} 0 & z < -3 \\\\ \\frac{z}{3} + \\frac{1}{2} & -3 \\le z \\le 3 \\\\ 1 & z > 3 "
     "\\end{cases}",
     "[-0.375, \\infty)", 1.5f},
    {Act::softsign, "softsign", "Softsign", 0, {}, "f(z) = \\frac{z}{1 + |z|}",
     "f'(z) = \\frac{1}{(1 + |z|)^2}", "(-1, 1)", 1.0f},
};

// "custom": a formula. Its parameters are the formula's own (params.formula
// and one number per parameter, actlab/formula.hpp); max_derivative is
// measured per model (Model::create) since it depends on the formula.
constexpr ActivationInfo kCustomInfo = {
    Act::custom, "custom", "Custom formula", 0, {}, "f(z) = \\text{a formula in } z",
    "f'(z) = \\text{its derivative, derived symbolically}", "\\text{depends on the formula}", 1.0f};

constexpr bool table_in_list_order() {
  for (int i = 0; i < kActCount; ++i)
    if (static_cast<int>(kInfo[i].id) != i) return false;
  return true;
}
static_assert(table_in_list_order(), "kInfo must follow activation_list.def");

}  // namespace

const ActivationInfo& activation_info(Act a) {
  return a == Act::custom ? kCustomInfo : kInfo[static_cast<int>(a)];
}

Status find_activation(std::string_view key, Act* out) {
  for (int i = 0; i < kActIdCount; ++i) {
    if (key == activation_info(static_cast<Act>(i)).key) {
      *out = static_cast<Act>(i);
      return Status::success();
    }
  }
  std::string known;
  for (int i = 0; i < kActIdCount; ++i) {
    if (!known.empty()) known += ", ";
    known += activation_info(static_cast<Act>(i)).key;
  }
  return Status::type_error("unknown activation '" + std::string(key) + "' (known: " + known + ")");
}

ActParams default_params(Act a) {
  const ActivationInfo& info = activation_info(a);
  ActParams p;
  for (int i = 0; i < info.param_count; ++i) p.p[i] = info.params[i].default_value;
  return p;
}

static Status check_value(const ParamInfo& param, double value, std::string_view field_prefix) {
  // NaN fails both comparisons, so it is rejected too.
  if (!(value >= param.min && value <= param.max)) {
    return Status::range_error(std::string(field_prefix) + param.name + " must be " +
                               format_float(param.min) + ".." + format_float(param.max) + ", got " +
                               format_double(value));
  }
  return Status::success();
}

Status set_param(Act a, std::string_view name, double value, ActParams* params,
                 std::string_view field_prefix) {
  const ActivationInfo& info = activation_info(a);
  for (int i = 0; i < info.param_count; ++i) {
    if (name == info.params[i].name) {
      Status s = check_value(info.params[i], value, field_prefix);
      if (s) params->p[i] = static_cast<float>(value);
      return s;
    }
  }
  std::string known;
  for (int i = 0; i < info.param_count; ++i) {
    if (!known.empty()) known += ", ";
    known += info.params[i].name;
  }
  return Status::type_error(std::string(field_prefix) + std::string(name) + ": " + info.key +
                            " has no parameter '" + std::string(name) + "'" +
                            (known.empty() ? std::string(" (it takes none)") : " (it takes: " + known + ")"));
}

Status validate_params(Act a, const ActParams& params, std::string_view field_prefix) {
  const ActivationInfo& info = activation_info(a);
  for (int i = 0; i < info.param_count; ++i) {
    Status s = check_value(info.params[i], params.p[i], field_prefix);
    if (!s) return s;
  }
  return Status::success();
}

}  // namespace actlab
