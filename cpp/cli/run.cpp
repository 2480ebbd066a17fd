// run.cpp — `actlab run CONFIG.json [--steps N] [--every K] [--format jsonl|csv]`:
// trains one experiment and streams its metrics to stdout, one record at
// step 0, then every K steps, the last one carrying the final status
// ("done" or "diverged"). CONFIG.json may be "-" for stdin.
//
// Formats: jsonl writes metrics_to_json() per line (the same objects as the
// JavaScript API); csv writes a header, then one row per record with the
// scalar fields and the per-layer fields flattened as layers[i].name
// (histogram counts, an array, are left out; non-finite values and absent
// ones are empty cells, as null in JSON).
//
// Validation is the library's: --steps and --every are written into the
// config and the whole config is parsed again, so their errors read like any
// other field's. Exit status: 0 when the run finished (also when it
// diverged: that is a result), 1 when writing the output failed, 2 on bad
// usage or a bad config (one line on stderr).
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "actlab/config.hpp"
#include "actlab/experiment.hpp"
#include "commands.hpp"
#include "util/format.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitOutputFailed = 1;
constexpr int kExitUsage = 2;

int fail(const std::string& message) {
  std::fprintf(stderr, "actlab run: %s\n", message.c_str());
  return kExitUsage;
}

void print_usage(std::FILE* out) {
  std::fprintf(out,
               "Usage: actlab run CONFIG.json [--steps N] [--every K] [--format jsonl|csv]\n"
               "Trains the experiment of CONFIG.json (\"-\" for stdin; schema: docs/config.md) and\n"
               "prints its metrics at step 0 and every K steps, one JSON object per line (jsonl,\n"
               "the default) or CSV rows. --steps and --every override the config's fields;\n"
               "--steps alone also lowers every to at most N.\n");
}

// Reads at most kMaxConfigBytes + 1 bytes: parse_experiment reports a bigger
// config, and a huge file is never read whole.
bool read_config(const char* path, std::string* text, std::string* error) {
  const bool from_stdin = std::strcmp(path, "-") == 0;
  std::FILE* file = from_stdin ? stdin : std::fopen(path, "rb");
  if (file == nullptr) {
    *error = std::string("cannot read '") + path + "': " + std::strerror(errno);
    return false;
  }
  char buffer[65536];
  std::size_t got;
  while (static_cast<long long>(text->size()) <= actlab::kMaxConfigBytes &&
         (got = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
    text->append(buffer, got);
  }
  const bool failed = std::ferror(file) != 0;
  if (!from_stdin) std::fclose(file);
  if (failed) *error = std::string("cannot read '") + path + "'";
  return !failed;
}

// A whole-token integer for --steps / --every; false for "12x", "", "1.5".
bool parse_integer(const char* text, long long* out) {
  if (*text == '\0') return false;
  char* end = nullptr;
  errno = 0;
  *out = std::strtoll(text, &end, 10);
  return *end == '\0' && errno == 0;
}

// ----------------------------------------------------------------- csv

std::string csv_number(double v) { return std::isfinite(v) ? actlab::format_double(v) : std::string(); }

std::string csv_header(const actlab::Metrics& m) {
  std::string header = "step,status,divergedAt,loss,testLoss";
  if (m.classification) header += ",accuracy,testAccuracy";
  for (std::size_t i = 0; i < m.layers.size(); ++i) {
    const std::string p = "layers[" + std::to_string(i) + "].";
    for (const char* name : {"units", "gradNorm", "weightNorm", "updateRatio", "deadUnits", "inactiveUnits",
                             "saturatedFraction", "preactMean", "preactStd", "histogram.lo", "histogram.hi"}) {
      header += "," + p + name;
    }
    if (m.layers[i].has_prelu) header += "," + p + "prelu.mean," + p + "prelu.min," + p + "prelu.max";
  }
  return header;
}

std::string csv_row(const actlab::Metrics& m) {
  std::string row = std::to_string(m.step) + "," + actlab::run_status_name(m.status) + ",";
  if (m.status == actlab::RunStatus::diverged) row += std::to_string(m.diverged_at);
  row += "," + csv_number(m.loss) + "," + (m.has_test ? csv_number(m.test_loss) : std::string());
  if (m.classification) {
    row += "," + csv_number(m.accuracy) + "," + (m.has_test ? csv_number(m.test_accuracy) : std::string());
  }
  for (const actlab::LayerMetrics& l : m.layers) {
    row += "," + std::to_string(l.units) + "," + csv_number(l.grad_norm) + "," + csv_number(l.weight_norm) + "," +
           csv_number(l.update_ratio) + "," + std::to_string(l.dead_units) + "," + std::to_string(l.inactive_units) +
           "," + csv_number(l.saturated_fraction) + "," + csv_number(l.preact_mean) + "," +
           csv_number(l.preact_std) + "," + csv_number(l.histogram.lo) + "," + csv_number(l.histogram.hi);
    if (l.has_prelu) {
      row += "," + csv_number(l.prelu_mean) + "," + csv_number(l.prelu_min) + "," + csv_number(l.prelu_max);
    }
  }
  return row;
}

}  // namespace

int run_experiment(int argc, char** argv) {
  const char* config_path = nullptr;
  const char* steps_text = nullptr;
  const char* every_text = nullptr;
  bool csv = false;
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    if (std::strcmp(arg, "--help") == 0 || std::strcmp(arg, "-h") == 0) {
      print_usage(stdout);
      return kExitOk;
    }
    const char* const options[] = {"--steps", "--every", "--format"};
    const char* value = nullptr;
    const char* option = nullptr;
    for (const char* name : options) {
      const std::size_t length = std::strlen(name);
      if (std::strcmp(arg, name) == 0) {
        if (i + 1 >= argc) return fail(std::string(name) + " needs a value");
        option = name;
        value = argv[++i];
      } else if (std::strncmp(arg, name, length) == 0 && arg[length] == '=') {
        option = name;
        value = arg + length + 1;
      }
    }
    if (option == nullptr) {
      if (arg[0] == '-' && arg[1] != '\0') return fail(std::string("unknown option '") + arg + "' (see actlab run --help)");
      if (config_path != nullptr) return fail(std::string("one config file only, got '") + config_path + "' and '" + arg + "'");
      config_path = arg;
    } else if (std::strcmp(option, "--steps") == 0) {
      steps_text = value;
    } else if (std::strcmp(option, "--every") == 0) {
      every_text = value;
    } else if (std::strcmp(value, "csv") == 0 || std::strcmp(value, "jsonl") == 0) {
      csv = std::strcmp(value, "csv") == 0;
    } else {
      return fail(std::string("--format must be jsonl or csv, got '") + value + "'");
    }
  }
  if (config_path == nullptr) {
    print_usage(stderr);
    return kExitUsage;
  }

  std::string text, error;
  if (!read_config(config_path, &text, &error)) return fail(error);
  actlab::ExperimentConfig config;
  actlab::Status status = actlab::parse_experiment(text, &config);
  if (!status) return fail(status.message);

  if (steps_text != nullptr || every_text != nullptr) {
    long long steps = 0, every = 0;
    if (steps_text != nullptr && !parse_integer(steps_text, &steps)) {
      return fail(std::string("--steps must be an integer, got '") + steps_text + "'");
    }
    if (every_text != nullptr && !parse_integer(every_text, &every)) {
      return fail(std::string("--every must be an integer, got '") + every_text + "'");
    }
    // to_json's output is shallow, so dumping it again is safe.
    nlohmann::json patched = nlohmann::json::parse(actlab::to_json(config), nullptr, false);
    if (steps_text != nullptr) {
      patched["steps"] = steps;
      if (every_text == nullptr && config.every > steps) patched["every"] = steps > 1 ? steps : 1;
    }
    if (every_text != nullptr) patched["every"] = every;
    status = actlab::parse_experiment(patched.dump(), &config);
    if (!status) return fail(status.message);
  }

  std::unique_ptr<actlab::Experiment> experiment;
  status = actlab::Experiment::create(config, &experiment);
  if (!status) return fail(status.message);

  bool first = true;
  bool write_ok = true;
  for (;;) {
    const actlab::Metrics metrics = experiment->metrics();
    if (csv) {
      if (first) write_ok = write_ok && std::fprintf(stdout, "%s\n", csv_header(metrics).c_str()) >= 0;
      write_ok = write_ok && std::fprintf(stdout, "%s\n", csv_row(metrics).c_str()) >= 0;
    } else {
      write_ok = write_ok && std::fprintf(stdout, "%s\n", actlab::metrics_to_json(metrics).c_str()) >= 0;
    }
    write_ok = write_ok && std::fflush(stdout) == 0;
    first = false;
    if (!write_ok || experiment->status() != actlab::RunStatus::running) break;
    if (experiment->step(config.every) == 0) break;
  }
  if (!write_ok) {
    std::fprintf(stderr, "actlab run: writing the metrics failed\n");
    return kExitOutputFailed;
  }
  return kExitOk;
}
