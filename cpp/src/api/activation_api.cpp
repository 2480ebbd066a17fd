// api/activation_api.cpp — adapter between the activation library and the
// JavaScript binding (see activation_api.hpp).
#include "api/activation_api.hpp"

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "actlab/activations.hpp"
#include "actlab/formula.hpp"
#include "formula/parse.hpp"
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
  const ActivationInfo& custom = activation_info(Act::custom);
  list.push_back({{"id", custom.key},
                  {"name", custom.name},
                  {"params", nlohmann::json::array()},
                  {"formula", custom.formula_tex},
                  {"derivative", custom.derivative_tex},
                  {"range", custom.range_tex},
                  {"custom",
                   {{"defaultFormula", "z*sigmoid(z)"},
                    {"maxLength", kFormulaMaxLength},
                    {"maxDepth", kFormulaMaxDepth},
                    {"maxParameters", kFormulaMaxParameters},
                    {"parameterMin", kFormulaParameterMin},
                    {"parameterMax", kFormulaParameterMax},
                    {"parameterDefault", 1.0},
                    {"functions", formula::function_names()}}}});
  return list.dump();
}

namespace {

// "custom": the formula compiled with its numeric parameters.
Status compile_custom(const std::vector<NamedParam>& params, std::unique_ptr<CompiledFormula>* out) {
  const NamedParam* text = nullptr;
  std::vector<FormulaParam> values;
  for (const NamedParam& param : params) {
    if (param.name == "formula") {
      if (!param.is_text) return Status::type_error("params.formula must be a string (a formula in z)");
      text = &param;
    } else if (param.is_text) {
      return Status::type_error("params." + param.name + " must be a number");
    } else {
      values.push_back({param.name, param.value});
    }
  }
  if (text == nullptr) {
    return Status::type_error("params.formula is required for 'custom' (a formula in z, e.g. \"z*sigmoid(z)\")");
  }
  return CompiledFormula::compile(text->text, values, out);
}

}  // namespace

Status evaluate(std::string_view key, const std::vector<NamedParam>& params, const float* z,
                std::size_t n, float* y, float* dydz, float* d2ydz2) {
  Act act;
  Status status = find_activation(key, &act);
  if (!status) return status;
  const Impl impl = default_kernel_table().impl;
  std::unique_ptr<CompiledFormula> compiled;
  if (act == Act::custom) {
    if (!(status = compile_custom(params, &compiled))) return status;
    compiled->evaluate(z, n, y, dydz, d2ydz2, impl);
    return Status::success();
  }
  ActParams values = default_params(act);
  for (const NamedParam& param : params) {
    if (param.is_text) return Status::type_error("params." + param.name + " must be a number");
    status = set_param(act, param.name, param.value, &values);
    if (!status) return status;
  }
  if (d2ydz2 != nullptr) {
    if (!(status = CompiledFormula::from_builtin(act, values, &compiled))) return status;
  }
  const KernelTable& kernels = default_kernel_table();
  const int index = static_cast<int>(act);
  kernels.forward[index](y, z, n, values);
  kernels.backward[index](dydz, z, nullptr, n, values);
  if (compiled) compiled->evaluate(z, n, nullptr, nullptr, d2ydz2, impl);
  return Status::success();
}

Status describe_formula_json(std::string_view formula, std::string* json) {
  FormulaInfo info;
  const Status status = describe_formula(formula, &info);
  if (!status) return status;
  *json = nlohmann::json({{"parameters", info.parameters},
                          {"latex", info.latex},
                          {"derivativeLatex", info.derivative_latex},
                          {"torch", info.torch}})
              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return Status::success();
}

}  // namespace actlab::api
