// eval.cpp — `actlab eval ACTIVATION [--formula TEXT] [--param NAME=VALUE]...
// [--second] [--input FILE]`: reads whitespace-separated numbers (FILE, or
// stdin when FILE is absent or "-") and prints, for each, one line
// "z y dydz" (%.9g, which reads back as the same float), computed by the
// default kernel table of this build; with --second also f''. ACTIVATION
// "custom" takes its formula from --formula (or --param formula=TEXT) and
// the formula's parameters from --param (actlab/formula.hpp).
//
// Every number is read before anything is printed, so a bad token produces an
// error and no partial output. Activation and parameter checks are the
// library's (find_activation, set_param); this file only reports them.
// Exit status: 0, or 2 with one line on stderr naming the problem.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "actlab/activations.hpp"
#include "actlab/formula.hpp"
#include "commands.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
constexpr int kExitOutputFailed = 1;

int fail(const std::string& message) {
  std::fprintf(stderr, "actlab eval: %s\n", message.c_str());
  return kExitUsage;
}

void print_usage(std::FILE* out) {
  std::fprintf(out,
               "Usage: actlab eval ACTIVATION [--formula TEXT] [--param NAME=VALUE]... [--second] [--input FILE]\n"
               "Reads whitespace-separated numbers from FILE (or stdin) and prints \"z y dydz\"\n"
               "per number (\"z y dydz d2ydz2\" with --second). ACTIVATION custom takes a formula:\n"
               "  actlab eval custom --formula 'z*sigmoid(b*z)' --param b=1.5\n"
               "`actlab --help` lists the activations and their parameters.\n");
}

// A quoted token for messages, shortened so that one line stays one line.
std::string quoted(const std::string& token) {
  std::string shown = token.size() > 40 ? token.substr(0, 40) + "..." : token;
  for (char& c : shown)
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
  return "'" + shown + "'";
}

// The whole token must be a number: strtod's syntax, including nan and inf.
bool parse_double(const std::string& text, double* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  *out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

// Same for a float input, read directly as float (no double rounding).
// Out-of-range magnitudes become ±inf or (subnormal) zero, as in any float
// conversion.
bool parse_float(const std::string& text, float* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  *out = std::strtof(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

bool read_all(std::FILE* in, std::string* text) {
  char buffer[1 << 16];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, in)) > 0) text->append(buffer, got);
  return !std::ferror(in);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// Splits `text` into numbers; on a bad token fills *error and returns false.
bool parse_numbers(const std::string& text, std::vector<float>* numbers, std::string* error) {
  std::size_t line = 1, token_index = 0, i = 0;
  while (i < text.size()) {
    if (is_space(text[i])) {
      if (text[i] == '\n') ++line;
      ++i;
      continue;
    }
    std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    std::string token = text.substr(start, i - start);
    ++token_index;
    float value;
    if (!parse_float(token, &value)) {
      *error = "token " + std::to_string(token_index) + " (line " + std::to_string(line) + ") is not a number: " +
               quoted(token);
      return false;
    }
    numbers->push_back(value);
  }
  return true;
}

void append_number(std::string* out, float x) {
  char buf[32];
  // glibc prints a NaN with its sign bit as "-nan"; the sign of a NaN means nothing.
  if (x != x) std::snprintf(buf, sizeof buf, "nan");
  else std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(x));
  *out += buf;
}

}  // namespace

int run_eval(int argc, char** argv) {
  const char* activation_key = nullptr;
  std::string input_path;  // empty: stdin
  bool input_given = false;
  bool second = false;
  std::vector<std::string> param_specs;
  std::string formula;
  bool formula_given = false;

  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto option_value = [&](const char* option, std::string* value) -> bool {
      const std::string prefix = std::string(option) + "=";
      if (arg == option) {
        if (i + 1 >= argc) return false;
        *value = argv[++i];
        return true;
      }
      *value = arg.substr(prefix.size());
      return true;
    };
    if (arg == "--help" || arg == "-h") {
      print_usage(stdout);
      return kExitOk;
    }
    if (arg == "--param" || arg.rfind("--param=", 0) == 0) {
      std::string spec;
      if (!option_value("--param", &spec)) return fail("--param needs NAME=VALUE");
      param_specs.push_back(spec);
    } else if (arg == "--formula" || arg.rfind("--formula=", 0) == 0) {
      if (formula_given) return fail("--formula given twice");
      if (!option_value("--formula", &formula)) return fail("--formula needs a TEXT");
      formula_given = true;
    } else if (arg == "--second") {
      second = true;
    } else if (arg == "--input" || arg.rfind("--input=", 0) == 0) {
      if (input_given) return fail("--input given twice");
      if (!option_value("--input", &input_path) || input_path.empty()) return fail("--input needs a FILE");
      input_given = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      return fail("unknown option " + quoted(arg) +
                  " (options: --formula TEXT, --param NAME=VALUE, --second, --input FILE)");
    } else if (activation_key != nullptr) {
      return fail("unexpected argument " + quoted(arg) + ": one ACTIVATION only (it is '" + activation_key + "')");
    } else {
      activation_key = argv[i];
    }
  }
  if (activation_key == nullptr) return fail("missing ACTIVATION (usage: actlab eval ACTIVATION [--param NAME=VALUE]... [--input FILE]; actlab --help lists them)");

  actlab::Act act;
  actlab::Status status = actlab::find_activation(activation_key, &act);
  if (!status) return fail(status.message);
  actlab::ActParams params = actlab::default_params(act);
  std::vector<actlab::FormulaParam> formula_params;
  for (const std::string& spec : param_specs) {
    const std::size_t equals = spec.find('=');
    if (equals == std::string::npos || equals == 0)
      return fail("--param " + quoted(spec) + " must be NAME=VALUE");
    const std::string name = spec.substr(0, equals), value_text = spec.substr(equals + 1);
    if (act == actlab::Act::custom && name == "formula") {
      if (formula_given) return fail("the formula is given twice (--formula and --param formula=)");
      formula = value_text;
      formula_given = true;
      continue;
    }
    double value;
    if (!parse_double(value_text, &value))
      return fail("--param " + name + ": " + quoted(value_text) + " is not a number");
    if (act == actlab::Act::custom) {
      formula_params.push_back({name, value});
      continue;
    }
    status = actlab::set_param(act, name, value, &params, "--param ");
    if (!status) return fail(status.message);
  }
  if (formula_given && act != actlab::Act::custom) return fail("--formula is only for ACTIVATION custom");
  // f, f' and f'' of a formula, or f'' of a built-in: compiled once, here.
  std::unique_ptr<actlab::CompiledFormula> compiled;
  if (act == actlab::Act::custom) {
    if (!formula_given) return fail("custom needs --formula TEXT (a formula in z, e.g. 'z*sigmoid(z)')");
    status = actlab::CompiledFormula::compile(formula, formula_params, &compiled, "--formula", "--param ");
    if (!status) return fail(status.message);
  } else if (second) {
    status = actlab::CompiledFormula::from_builtin(act, params, &compiled);
    if (!status) return fail(status.message);
  }

  std::string text;
  if (!input_given || input_path == "-") {
    if (!read_all(stdin, &text)) return fail(std::string("cannot read stdin: ") + std::strerror(errno));
  } else {
    std::FILE* in = std::fopen(input_path.c_str(), "rb");
    if (in == nullptr) return fail("cannot read " + quoted(input_path) + ": " + std::strerror(errno));
    const bool ok = read_all(in, &text);
    const int read_errno = errno;
    std::fclose(in);
    if (!ok) return fail("cannot read " + quoted(input_path) + ": " + std::strerror(read_errno));
  }

  std::vector<float> z;
  std::string error;
  if (!parse_numbers(text, &z, &error)) return fail(error);

  const std::size_t n = z.size();
  std::vector<float> y(n), dydz(n), d2ydz2(second ? n : 0);
  const actlab::KernelTable& table = actlab::default_kernel_table();
  if (act == actlab::Act::custom) {
    compiled->evaluate(z.data(), n, y.data(), dydz.data(), second ? d2ydz2.data() : nullptr, table.impl);
  } else {
    table.forward[static_cast<int>(act)](y.data(), z.data(), n, params);
    table.backward[static_cast<int>(act)](dydz.data(), z.data(), nullptr, n, params);
    if (second) compiled->evaluate(z.data(), n, nullptr, nullptr, d2ydz2.data(), table.impl);
  }

  std::string out;
  out.reserve(n * (second ? 64 : 48));
  for (std::size_t i = 0; i < n; ++i) {
    append_number(&out, z[i]);
    out += ' ';
    append_number(&out, y[i]);
    out += ' ';
    append_number(&out, dydz[i]);
    if (second) {
      out += ' ';
      append_number(&out, d2ydz2[i]);
    }
    out += '\n';
  }
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    std::fprintf(stderr, "actlab eval: cannot write the output: %s\n", std::strerror(errno));
    return kExitOutputFailed;
  }
  return kExitOk;
}
