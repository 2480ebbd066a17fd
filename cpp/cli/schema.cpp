// schema.cpp — `actlab schema`: prints the experiment config's schema as JSON
// (the same text as lab.schema in JavaScript; actlab/schema.hpp), for tools
// such as scripts/config-docs.mjs, which writes the field tables of
// docs/config.md from it.
#include <cstdio>
#include <cstring>

#include "actlab/schema.hpp"
#include "commands.hpp"

int run_schema(int argc, char** argv) {
  if (argc > 1) {
    const bool help = std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0;
    std::fprintf(help ? stdout : stderr, "Usage: actlab schema\nPrints the config schema as JSON (docs/config.md).\n");
    return help ? 0 : 2;
  }
  return std::printf("%s\n", actlab::schema_json().c_str()) < 0 ? 1 : 0;
}
