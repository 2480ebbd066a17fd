// formula/formula.cpp — the public face of the formula language
// (actlab/formula.hpp): parse, check parameter values, derive f′ and f″ in a
// simplifying pool that keeps parameters as symbols (what the LaTeX shows),
// then bind the values, fold, and compile the three programs.
#include "actlab/formula.hpp"

#include <algorithm>
#include <unordered_map>

#include "formula/derive.hpp"
#include "formula/expr.hpp"
#include "formula/parse.hpp"
#include "formula/print.hpp"
#include "formula/program.hpp"
#include "util/format.hpp"

namespace actlab {
namespace {

using formula::NodeId;

constexpr float kPi = 0x1.921fb6p+1f;
constexpr float kE = 0x1.5bf0a8p+1f;

struct Derived {
  formula::Pool pool{true};
  NodeId f = formula::kNoNode, df = formula::kNoNode, d2f = formula::kNoNode;
};

Status too_complex(std::string_view field) {
  return Status::range_error(std::string(field) + ": too complex (its derivatives need more than " +
                             std::to_string(formula::Pool::kMaxNodes) + " operations)");
}

// f and f′ (and f″ when asked) of a parsed formula, symbols kept.
Status derive(const formula::Parsed& parsed, std::string_view field, bool second, Derived* out) {
  std::unordered_map<NodeId, NodeId> copy_memo, derivative_memo;
  out->f = formula::copy_into(parsed.pool, parsed.root, &out->pool, nullptr, &copy_memo);
  out->df = formula::derivative(&out->pool, out->f, formula::BuiltinRule::formula, &derivative_memo);
  if (second && !out->pool.overflowed())
    out->d2f = formula::derivative(&out->pool, out->df, formula::BuiltinRule::formula, &derivative_memo);
  return out->pool.overflowed() ? too_complex(field) : Status::success();
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// The value of every symbol of the parsed pool (pi, e, then the
// parameters), from `values`; errors name the parameter.
Status bind_values(const formula::Parsed& parsed, const std::vector<FormulaParam>& values, std::string_view field,
                   std::string_view params_prefix, std::vector<float>* symbol_values) {
  const std::vector<std::string>& names = parsed.parameters;
  symbol_values->assign(2 + names.size(), 0.0f);
  (*symbol_values)[formula::kSymbolPi] = kPi;
  (*symbol_values)[formula::kSymbolE] = kE;
  std::vector<bool> given(names.size(), false);
  for (const FormulaParam& v : values) {
    std::size_t index = 0;
    while (index < names.size() && names[index] != v.name) ++index;
    const std::string path = std::string(params_prefix) + v.name;
    if (index == names.size()) {
      return Status::type_error(path + ": the formula has no parameter '" + v.name + "'" +
                                (names.empty() ? std::string(" (it has none)") : " (its parameters: " + joined(names) + ")"));
    }
    if (!(v.value >= kFormulaParameterMin && v.value <= kFormulaParameterMax)) {
      return Status::range_error(path + " must be -1000..1000, got " + format_double(v.value));
    }
    given[index] = true;
    (*symbol_values)[2 + index] = static_cast<float>(v.value);
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!given[i]) {
      return Status::type_error(std::string(field) + ": parameter '" + names[i] + "' has no value (add " +
                                std::string(params_prefix) + names[i] + ")");
    }
  }
  return Status::success();
}

}  // namespace

Status describe_formula(std::string_view text, FormulaInfo* out, std::string_view field) {
  formula::Parsed parsed;
  Status s = formula::parse(text, field, &parsed);
  if (!s) return s;
  Derived derived;
  if (!(s = derive(parsed, field, false, &derived))) return s;
  out->parameters = parsed.parameters;
  out->latex = formula::to_latex(parsed.pool, parsed.root);
  out->derivative_latex = formula::to_latex(derived.pool, derived.df);
  out->torch = formula::to_torch(parsed.pool, parsed.root);
  return Status::success();
}

Status check_formula(std::string_view text, const std::vector<FormulaParam>& values, std::string_view field,
                     std::string_view params_prefix) {
  formula::Parsed parsed;
  Status s = formula::parse(text, field, &parsed);
  if (!s) return s;
  std::vector<float> symbol_values;
  if (!(s = bind_values(parsed, values, field, params_prefix, &symbol_values))) return s;
  Derived derived;
  return derive(parsed, field, true, &derived);
}

CompiledFormula::CompiledFormula() = default;
CompiledFormula::~CompiledFormula() = default;

namespace {

// The three programs of f, f′, f″ (nodes of a pool without symbols).
void compile_programs(const formula::Pool& pool, NodeId f, NodeId df, NodeId d2f,
                      std::unique_ptr<formula::Program>* forward, std::unique_ptr<formula::Program>* backward,
                      std::unique_ptr<formula::Program>* all, std::vector<float>* scratch) {
  *forward = std::make_unique<formula::Program>(formula::Program::compile(pool, {f}));
  *backward = std::make_unique<formula::Program>(formula::Program::compile(pool, {df}));
  *all = std::make_unique<formula::Program>(formula::Program::compile(pool, {f, df, d2f}));
  const int registers = std::max({(*forward)->registers(), (*backward)->registers(), (*all)->registers()});
  scratch->assign(static_cast<std::size_t>(registers) * formula::kBlock, 0.0f);
}

}  // namespace

Status CompiledFormula::compile(std::string_view text, const std::vector<FormulaParam>& values,
                                std::unique_ptr<CompiledFormula>* out, std::string_view field,
                                std::string_view params_prefix) {
  out->reset();
  formula::Parsed parsed;
  Status s = formula::parse(text, field, &parsed);
  if (!s) return s;
  std::vector<float> symbol_values;
  if (!(s = bind_values(parsed, values, field, params_prefix, &symbol_values))) return s;
  Derived derived;
  if (!(s = derive(parsed, field, true, &derived))) return s;
  // The same graphs with the values in: constants fold, and equal
  // subexpressions of f, f′ and f″ meet.
  formula::Pool bound(true);
  std::unordered_map<NodeId, NodeId> memo;
  const NodeId f = formula::copy_into(derived.pool, derived.f, &bound, &symbol_values, &memo);
  const NodeId df = formula::copy_into(derived.pool, derived.df, &bound, &symbol_values, &memo);
  const NodeId d2f = formula::copy_into(derived.pool, derived.d2f, &bound, &symbol_values, &memo);
  if (bound.overflowed()) return too_complex(field);
  std::unique_ptr<CompiledFormula> compiled(new CompiledFormula());
  compiled->parameters_ = parsed.parameters;
  compile_programs(bound, f, df, d2f, &compiled->forward_, &compiled->backward_, &compiled->all_, &compiled->scratch_);
  *out = std::move(compiled);
  return Status::success();
}

Status CompiledFormula::from_builtin(Act act, const ActParams& params, std::unique_ptr<CompiledFormula>* out) {
  out->reset();
  if (static_cast<int>(act) >= kActCount) return Status::type_error("not a built-in activation");
  formula::Pool pool(true);
  std::unordered_map<NodeId, NodeId> memo;
  const NodeId f = pool.builtin(act, params.p[0], params.p[1], pool.input());
  const NodeId df = formula::derivative(&pool, f, formula::BuiltinRule::kernel, &memo);
  const NodeId d2f = formula::derivative(&pool, df, formula::BuiltinRule::kernel, &memo);
  // Derivatives may bring in pi (erf′ = 2/√π·e^(−z²)): bind it.
  formula::Pool bound(true);
  const std::vector<float> symbol_values = {kPi, kE};
  std::unordered_map<NodeId, NodeId> bind_memo;
  const NodeId bf = formula::copy_into(pool, f, &bound, &symbol_values, &bind_memo);
  const NodeId bdf = formula::copy_into(pool, df, &bound, &symbol_values, &bind_memo);
  const NodeId bd2f = formula::copy_into(pool, d2f, &bound, &symbol_values, &bind_memo);
  if (pool.overflowed() || bound.overflowed()) return too_complex(activation_info(act).key);
  std::unique_ptr<CompiledFormula> compiled(new CompiledFormula());
  compile_programs(bound, bf, bdf, bd2f, &compiled->forward_, &compiled->backward_, &compiled->all_,
                   &compiled->scratch_);
  *out = std::move(compiled);
  return Status::success();
}

void CompiledFormula::forward(float* y, const float* z, std::size_t n, Impl impl) {
  float* out[] = {y};
  forward_->run(z, n, out, nullptr, scratch_.data(), impl);
}

void CompiledFormula::backward(float* dz, const float* z, const float* dy, std::size_t n, Impl impl) {
  float* out[] = {dz};
  backward_->run(z, n, out, dy, scratch_.data(), impl);
}

void CompiledFormula::evaluate(const float* z, std::size_t n, float* y, float* dydz, float* d2ydz2, Impl impl) {
  float* out[] = {y, dydz, d2ydz2};
  all_->run(z, n, out, nullptr, scratch_.data(), impl);
}

}  // namespace actlab
