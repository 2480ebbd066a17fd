// run.cpp — `actlab run`: trains an experiment from a config.
// STUB until the experiment runner lands: it says so and fails with status 2.
#include <cstdio>

#include "commands.hpp"

int run_experiment(int argc, char** argv) {
  (void)argc;
  (void)argv;
  std::fprintf(stderr, "actlab run: not implemented yet\n");
  return 2;
}
