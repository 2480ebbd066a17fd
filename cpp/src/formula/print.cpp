// formula/print.cpp — LaTeX and torch printers (print.hpp). Both walk the
// graph as a tree; LaTeX adds parentheses only where precedence needs them,
// the Python expression parenthesises everything.
#include "formula/print.hpp"

#include <cmath>

#include "util/format.hpp"

namespace actlab::formula {
namespace {

// ------------------------------------------------------------------ LaTeX ---
// Precedence levels: an operand printed below the level its place needs is
// parenthesised.
constexpr int kSum = 2, kNegative = 3, kProduct = 4, kPower = 6, kAtom = 8;

const char* const kGreek[] = {"alpha", "beta",  "gamma", "delta", "epsilon", "zeta",  "eta",   "theta",
                              "iota",  "kappa", "lambda", "mu",   "nu",      "xi",    "rho",   "sigma",
                              "tau",   "upsilon", "phi", "chi",   "psi",     "omega", "Gamma", "Delta",
                              "Theta", "Lambda", "Xi",   "Pi",    "Sigma",   "Upsilon", "Phi", "Psi", "Omega"};

bool is_greek(const std::string& s) {
  for (const char* g : kGreek)
    if (s == g) return true;
  return false;
}

std::string escape_underscores(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '_') out += "\\_";
    else out += ch;
  }
  return out;
}

// A parameter name as TeX: a, \alpha, a_{1}, \beta_{2}, \mathrm{slope}.
std::string latex_name(const std::string& name) {
  std::size_t letters = 0;
  while (letters < name.size() && ((name[letters] >= 'a' && name[letters] <= 'z') ||
                                   (name[letters] >= 'A' && name[letters] <= 'Z')))
    ++letters;
  std::size_t digits = letters;
  while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9') ++digits;
  const std::string base = name.substr(0, letters);
  const bool simple_base = letters == 1 || (letters > 1 && is_greek(base));
  if (simple_base && digits == name.size()) {
    const std::string head = letters == 1 ? base : "\\" + base;
    return digits > letters ? head + "_{" + name.substr(letters) + "}" : head;
  }
  return "\\mathrm{" + escape_underscores(name) + "}";
}

std::string latex_number(float v) {
  if (std::isnan(v)) return "\\text{NaN}";
  if (std::isinf(v)) return v > 0 ? "\\infty" : "-\\infty";
  const std::string text = format_float(v);
  const std::size_t e = text.find('e');
  if (e == std::string::npos) return text;
  const std::string mantissa = text.substr(0, e);
  int exponent = std::atoi(text.c_str() + e + 1);
  return (mantissa == "1" ? std::string() : mantissa + " \\cdot ") + "10^{" + std::to_string(exponent) + "}";
}

const char* builtin_latex(Act act) {
  switch (act) {
    case Act::identity: return "\\operatorname{identity}";
    case Act::sigmoid: return "\\sigma";
    case Act::tanh: return "\\tanh";
    case Act::relu: return "\\operatorname{ReLU}";
    case Act::relu6: return "\\operatorname{ReLU6}";
    case Act::leaky_relu: return "\\operatorname{LeakyReLU}";
    case Act::prelu: return "\\operatorname{PReLU}";
    case Act::elu: return "\\operatorname{ELU}";
    case Act::selu: return "\\operatorname{SELU}";
    case Act::gelu: return "\\operatorname{GELU}";
    case Act::gelu_tanh: return "\\operatorname{GELU_{tanh}}";
    case Act::silu: return "\\operatorname{SiLU}";
    case Act::mish: return "\\operatorname{Mish}";
    case Act::softplus: return "\\operatorname{softplus}";
    case Act::hardsigmoid: return "\\operatorname{hardsigmoid}";
    case Act::hardswish: return "\\operatorname{hardswish}";
    case Act::softsign: return "\\operatorname{softsign}";
    default: return "\\operatorname{custom}";
  }
}

const char* function_latex(Op op) {
  switch (op) {
    case Op::log: return "\\ln";
    case Op::log1p: return "\\operatorname{log1p}";
    case Op::expm1: return "\\operatorname{expm1}";
    case Op::sign: return "\\operatorname{sign}";
    case Op::sin: return "\\sin";
    case Op::cos: return "\\cos";
    case Op::tan: return "\\tan";
    case Op::atan: return "\\arctan";
    case Op::sinh: return "\\sinh";
    case Op::cosh: return "\\cosh";
    case Op::erf: return "\\operatorname{erf}";
    case Op::min: return "\\min";
    case Op::max: return "\\max";
    default: return "";
  }
}

class Latex {
 public:
  Latex(const Pool& pool, std::size_t budget) : p_(pool), budget_(budget) {}

  // False once the budget is spent.
  bool print(NodeId id, int level) {
    if (out_.size() > budget_) return false;
    const bool wrap = precedence(id) < level;
    if (wrap) out_ += "\\left(";
    if (!body(id)) return false;
    if (wrap) out_ += "\\right)";
    return out_.size() <= budget_;
  }

  std::string& text() { return out_; }

 private:
  int precedence(NodeId id) const {
    const Node& n = p_.node(id);
    switch (n.op) {
      case Op::add:
      case Op::sub: return kSum;
      case Op::neg: return kNegative;
      case Op::constant: return n.value < 0.0f || std::signbit(n.value) ? kNegative : kAtom;
      case Op::mul: return kProduct;
      case Op::div:
      case Op::pow:
      case Op::where: return kPower;
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge: return 0;
      default: return kAtom;
    }
  }

  bool is_negative_like(NodeId id) const { return precedence(id) == kNegative; }

  bool call(const char* name, NodeId a) {
    out_ += name;
    out_ += "\\left(";
    if (!print(a, 0)) return false;
    out_ += "\\right)";
    return true;
  }

  bool body(NodeId id) {
    const Node& n = p_.node(id);
    switch (n.op) {
      case Op::input: out_ += "z"; return true;
      case Op::constant: out_ += latex_number(n.value); return true;
      case Op::symbol:
        if (n.symbol == kSymbolPi) out_ += "\\pi";
        else if (n.symbol == kSymbolE) out_ += "e";
        else out_ += latex_name(p_.symbols()[static_cast<std::size_t>(n.symbol)]);
        return true;
      case Op::neg:
        out_ += "-";
        return print(n.a, kProduct);
      case Op::add:
        if (!print(n.a, kSum)) return false;
        if (p_.node(n.b).op == Op::constant && std::signbit(p_.node(n.b).value) && !std::isnan(p_.node(n.b).value)) {
          out_ += " - " + latex_number(-p_.node(n.b).value);
          return true;
        }
        out_ += " + ";
        return print(n.b, is_negative_like(n.b) ? kProduct : kSum);
      case Op::sub:
        if (!print(n.a, kSum)) return false;
        out_ += " - ";
        return print(n.b, kProduct);
      case Op::mul: return product(id);
      case Op::div:
        out_ += "\\frac{";
        if (!print(n.a, 0)) return false;
        out_ += "}{";
        if (!print(n.b, 0)) return false;
        out_ += "}";
        return true;
      case Op::pow:
        if (!print(n.a, kAtom)) return false;
        out_ += "^{";
        if (!print(n.b, 0)) return false;
        out_ += "}";
        return true;
      case Op::exp:
        out_ += "e^{";
        if (!print(n.a, 0)) return false;
        out_ += "}";
        return true;
      case Op::sqrt:
        out_ += "\\sqrt{";
        if (!print(n.a, 0)) return false;
        out_ += "}";
        return true;
      case Op::abs:
        out_ += "\\left|";
        if (!print(n.a, 0)) return false;
        out_ += "\\right|";
        return true;
      case Op::builtin: return call(builtin_latex(n.act), n.a);
      case Op::builtin_derivative: return call((std::string(builtin_latex(n.act)) + "'").c_str(), n.a);
      case Op::min:
      case Op::max:
        out_ += function_latex(n.op);
        out_ += "\\left(";
        if (!print(n.a, 0)) return false;
        out_ += ", ";
        if (!print(n.b, 0)) return false;
        out_ += "\\right)";
        return true;
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge: {
        if (!print(n.a, kSum)) return false;
        out_ += n.op == Op::lt ? " < " : n.op == Op::le ? " \\le " : n.op == Op::gt ? " > " : " \\ge ";
        return print(n.b, kSum);
      }
      case Op::where: {
        // One row per condition: a where() in the "otherwise" branch adds rows.
        out_ += "\\begin{cases} ";
        NodeId row = id;
        while (p_.node(row).op == Op::where) {
          const Node& w = p_.node(row);
          if (!print(w.b, 0)) return false;
          out_ += " & \\text{if } ";
          if (!print(w.a, 0)) return false;
          out_ += " \\\\ ";
          row = w.c;
        }
        if (!print(row, 0)) return false;
        out_ += " & \\text{otherwise} \\end{cases}";
        return true;
      }
      default: return call(function_latex(n.op), n.a);
    }
  }

  // a·b·c…: the chain of products flattened; factors after the first that
  // would read as a continuation of the previous one (a number, a sign) are
  // joined with \cdot, the others with a thin space.
  bool product(NodeId id) {
    std::vector<NodeId> factors;
    collect_factors(id, &factors);
    for (std::size_t i = 0; i < factors.size(); ++i) {
      if (i > 0) {
        const Node& f = p_.node(factors[i]);
        const bool numeric = f.op == Op::constant || is_negative_like(factors[i]);
        out_ += numeric ? " \\cdot " : "\\,";
      }
      if (!print(factors[i], i == 0 ? kNegative : kProduct)) return false;
    }
    return true;
  }

  void collect_factors(NodeId id, std::vector<NodeId>* factors) const {
    const Node& n = p_.node(id);
    if (n.op == Op::mul && factors->size() < 4096) {
      collect_factors(n.a, factors);
      collect_factors(n.b, factors);
    } else {
      factors->push_back(id);
    }
  }

  const Pool& p_;
  std::size_t budget_;
  std::string out_;
};

// ----------------------------------------------------------------- torch ---
const char* builtin_torch(Act act) {
  switch (act) {
    case Act::sigmoid: return "torch.sigmoid(";
    case Act::tanh: return "torch.tanh(";
    case Act::relu: return "torch.relu(";
    case Act::relu6: return "F.relu6(";
    case Act::leaky_relu: return "F.leaky_relu(";  // + ", 0.01)"
    case Act::prelu: return "F.leaky_relu(";       // + ", 0.25)": one shared slope, fixed
    case Act::elu: return "F.elu(";
    case Act::selu: return "F.selu(";
    case Act::gelu: return "F.gelu(";
    case Act::gelu_tanh: return "F.gelu(";  // + ", approximate='tanh')"
    case Act::silu: return "F.silu(";
    case Act::mish: return "F.mish(";
    case Act::softplus: return "F.softplus(";
    case Act::hardsigmoid: return "F.hardsigmoid(";
    case Act::hardswish: return "F.hardswish(";
    case Act::softsign: return "F.softsign(";
    default: return "(";
  }
}

std::string torch_number(float v) {
  if (std::isnan(v)) return "_c(float('nan'))";
  if (std::isinf(v)) return v > 0 ? "_c(float('inf'))" : "_c(float('-inf'))";
  return "_c(" + format_float(v) + ")";
}

std::string torch_expr(const Pool& p, NodeId id) {
  const Node& n = p.node(id);
  auto arg = [&](NodeId child) { return torch_expr(p, child); };
  switch (n.op) {
    case Op::input: return "z";
    case Op::constant: return torch_number(n.value);
    case Op::symbol:
      if (n.symbol == kSymbolPi) return "_c(math.pi)";
      if (n.symbol == kSymbolE) return "_c(math.e)";
      return "p['" + p.symbols()[static_cast<std::size_t>(n.symbol)] + "']";
    case Op::neg: return "(-" + arg(n.a) + ")";
    case Op::add: return "(" + arg(n.a) + " + " + arg(n.b) + ")";
    case Op::sub: return "(" + arg(n.a) + " - " + arg(n.b) + ")";
    case Op::mul: return "(" + arg(n.a) + " * " + arg(n.b) + ")";
    case Op::div: return "(" + arg(n.a) + " / " + arg(n.b) + ")";
    case Op::pow: return "torch.pow(" + arg(n.a) + ", " + arg(n.b) + ")";
    case Op::min: return "torch.minimum(" + arg(n.a) + ", " + arg(n.b) + ")";
    case Op::max: return "torch.maximum(" + arg(n.a) + ", " + arg(n.b) + ")";
    case Op::lt: return "(" + arg(n.a) + " < " + arg(n.b) + ")";
    case Op::le: return "(" + arg(n.a) + " <= " + arg(n.b) + ")";
    case Op::gt: return "(" + arg(n.a) + " > " + arg(n.b) + ")";
    case Op::ge: return "(" + arg(n.a) + " >= " + arg(n.b) + ")";
    case Op::where: return "torch.where(" + arg(n.a) + ", " + arg(n.b) + ", " + arg(n.c) + ")";
    case Op::builtin: {
      if (n.act == Act::identity) return arg(n.a);
      std::string text = builtin_torch(n.act) + arg(n.a);
      if (n.act == Act::leaky_relu || n.act == Act::prelu) text += ", " + format_float(n.p0);
      if (n.act == Act::gelu_tanh) text += ", approximate='tanh'";
      if (n.act == Act::elu) text += ", alpha=" + format_float(n.p0);
      if (n.act == Act::softplus) text += ", beta=" + format_float(n.p0) + ", threshold=" + format_float(n.p1);
      return text + ")";
    }
    case Op::builtin_derivative: return "_unsupported";
    default: return std::string("torch.") + function_name(n.op) + "(" + arg(n.a) + ")";
  }
}

}  // namespace

std::string to_latex(const Pool& pool, NodeId root, std::size_t budget) {
  Latex printer(pool, budget);
  if (!printer.print(root, 0)) return "\\text{(too long to show)}";
  return std::move(printer.text());
}

std::string to_torch(const Pool& pool, NodeId root) { return torch_expr(pool, root); }

}  // namespace actlab::formula
