// api/activation_api.cpp — adapter between the activation library and the
// JavaScript binding (see activation_api.hpp).
#include "api/activation_api.hpp"

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "actlab/activations.hpp"
#include "actlab/saturation.hpp"
#include "util/format.hpp"

namespace actlab::api {
namespace {

// The float's shortest decimal, as the double JSON will print: what a person
// typed into the table, not its binary expansion.
double readable(float value) { return std::strtod(format_float(value).c_str(), nullptr); }

}  // namespace

std::string activations_json() {
  nlohmann::json list = nlohmann::json::array();
  for (int i = 0; i < kActCount; ++i) {
    const ActivationInfo& info = activation_info(static_cast<Act>(i));
    nlohmann::json params = nlohmann::json::array();
    for (int p = 0; p < info.param_count; ++p) {
      const ParamInfo& param = info.params[p];
      params.push_back({{"name", param.name},
                        {"default", readable(param.default_value)},
                        {"min", readable(param.min)},
                        {"max", readable(param.max)},
                        {"learnable", param.learnable}});
    }
    list.push_back({{"id", info.key},
                    {"name", info.name},
                    {"params", params},
                    {"formula", info.formula_tex},
                    {"derivative", info.derivative_tex},
                    {"range", info.range_tex},
                    {"saturation", saturation_rule_name(saturation_rule(info.id))}});
  }
  return list.dump();
}

Status evaluate(std::string_view key, const std::vector<NamedParam>& params, const float* z,
                std::size_t n, float* y, float* dydz) {
  Act act;
  Status status = find_activation(key, &act);
  if (!status) return status;
  ActParams values = default_params(act);
  for (const NamedParam& param : params) {
    status = set_param(act, param.name, param.value, &values);
    if (!status) return status;
  }
  const KernelTable& kernels = default_kernel_table();
  const int index = static_cast<int>(act);
  kernels.forward[index](y, z, n, values);
  kernels.backward[index](dydz, z, nullptr, n, values);
  return Status::success();
}

}  // namespace actlab::api
