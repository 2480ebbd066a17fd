// commands.hpp — the subcommands of the native CLI `actlab`. main.cpp only
// dispatches; each subcommand parses its own arguments.
//
// Each receives the arguments after `actlab` (argv[0] is the subcommand's own
// name, e.g. "eval") and returns the process exit status: 0 on success, 2 on
// bad usage or bad input, after one line on stderr naming what was wrong.
#pragma once

// actlab eval ACTIVATION [--param NAME=VALUE]... [--input FILE]   (eval.cpp)
int run_eval(int argc, char** argv);

// actlab run ...: trains an experiment (run.cpp)
int run_experiment(int argc, char** argv);

// actlab grad CONFIG.json [--steps N]: an experiment's loss, gradients and
// predictions on its training set, for bit-exact comparison (grad.cpp)
int run_grad(int argc, char** argv);

// actlab schema: the config schema as JSON, as lab.schema (schema.cpp)
int run_schema(int argc, char** argv);
