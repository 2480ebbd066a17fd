// main.cpp — the native command-line tool `actlab`: dispatches to the
// subcommands of commands.hpp and prints the help, which lists every
// activation with its parameters (default and allowed range).
//
// Deliberately left out: any validation or maths; the subcommands call the
// library, which owns both.
#include <cstdio>
#include <cstring>
#include <string>

#include "actlab/activations.hpp"
#include "actlab/datasets.hpp"
#include "commands.hpp"
#include "util/format.hpp"

namespace {

void print_help(std::FILE* out) {
  std::fprintf(out,
               "actlab: activation functions and their derivatives, native build\n"
               "\n"
               "Usage:\n"
               "  actlab eval ACTIVATION [--formula TEXT] [--param NAME=VALUE]... [--second] [--input FILE]\n"
               "      Reads whitespace-separated numbers from FILE (or stdin; nan and inf\n"
               "      are numbers too) and prints one line \"z y dydz\" per number, %%.9g,\n"
               "      with y = f(z) and dydz = f'(z) in float (and f''(z) with --second).\n"
               "      ACTIVATION custom is a formula: --formula 'max(a*z, z)' --param a=0.1\n"
               "  actlab run ...\n"
               "      Trains an experiment.\n"
               "  actlab grad CONFIG.json [--steps N]\n"
               "      Loss, gradients and predictions of the experiment's model on its\n"
               "      training set after N steps, %%.9g (for bit-exact comparisons).\n"
               "  actlab schema\n"
               "      The config schema as JSON (every field's type, range, default; docs/config.md).\n"
               "  actlab --help\n"
               "\n"
               "Exit status: 0 on success, 2 on bad usage or input (one line on stderr).\n"
               "\n"
               "Activations (parameter = default, allowed range):\n");
  for (int i = 0; i < actlab::kActCount; ++i) {
    const actlab::ActivationInfo& info = actlab::activation_info(static_cast<actlab::Act>(i));
    std::string params;
    for (int k = 0; k < info.param_count; ++k) {
      const actlab::ParamInfo& param = info.params[k];
      if (k > 0) params += ", ";
      params += std::string(param.name) + " = " + actlab::format_float(param.default_value) + " (" +
                actlab::format_float(param.min) + ".." + actlab::format_float(param.max) +
                (param.learnable ? ", learnable per unit" : "") + ")";
    }
    if (params.empty()) std::fprintf(out, "  %-12s %s\n", info.key, info.name);
    else std::fprintf(out, "  %-12s %-20s %s\n", info.key, info.name, params.c_str());
  }
  std::fprintf(out,
               "  %-12s %-20s formula (z, numbers, pi, e, parameters; + - * / ^; exp log log1p expm1\n"
               "  %-12s %-20s sqrt abs sign sin cos tan atan tanh sinh cosh erf sigmoid softplus relu,\n"
               "  %-12s %-20s min, max, where(a < b, c, d), every activation above by its id; see\n"
               "  %-12s %-20s docs/config.md), and one --param per parameter (-1000..1000)\n",
               actlab::activation_info(actlab::Act::custom).key, actlab::activation_info(actlab::Act::custom).name, "",
               "", "", "", "", "");
}

bool is_help(const char* arg) {
  return std::strcmp(arg, "--help") == 0 || std::strcmp(arg, "-h") == 0 || std::strcmp(arg, "help") == 0;
}

}  // namespace

int main(int argc, char** argv) {
  // The CLI has every real dataset compiled in (the wasm module loads two on demand).
  actlab::provide_embedded_large_datasets();
  if (argc < 2) {
    print_help(stderr);
    return 2;
  }
  const char* command = argv[1];
  if (is_help(command)) {
    print_help(stdout);
    return 0;
  }
  if (std::strcmp(command, "eval") == 0) return run_eval(argc - 1, argv + 1);
  if (std::strcmp(command, "run") == 0) return run_experiment(argc - 1, argv + 1);
  if (std::strcmp(command, "grad") == 0) return run_grad(argc - 1, argv + 1);
  if (std::strcmp(command, "schema") == 0) return run_schema(argc - 1, argv + 1);
  std::fprintf(stderr, "actlab: unknown command '%s' (known: eval, run, grad, schema; see actlab --help)\n", command);
  return 2;
}
