// bench_main.cpp — the native benchmark `actlab_bench`: times every
// activation kernel of the native SIMD (SSE2) and scalar tables, forward and
// backward, plus a memcpy of the same bytes, and prints one JSON object per
// measurement on stdout (the copy once per activation). bench/run.mjs runs it next to the wasm and
// JavaScript implementations and prints the tables and ratios.
//
// Deliberately left out: formatting and ratios (run.mjs), threads.
//
// Usage: actlab_bench [--sizes N,N,...] [--min-batch-ms MS] [--batches K]
//                     [--clock cpu|wall] [--only ACT,ACT,...] [--train]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "../kernel_timing.hpp"
#include "../training_bench.hpp"

namespace {

using actlab::Act;
using actlab::bench::KernelBench;
using actlab::bench::TimingSettings;

struct Options {
  std::vector<std::size_t> sizes{4096, 1048576};
  std::vector<Act> activations;  // empty: all, in activation_list.def order
  TimingSettings timing;
  bool train = false;
};

void print_usage() {
  std::printf(
      "usage: actlab_bench [--sizes N,N,...] [--min-batch-ms MS] [--batches K]\n"
      "                    [--clock cpu|wall] [--only ACT,ACT,...] [--train]\n"
      "--clock: time batches in thread CPU time (default) or wall-clock time.\n"
      "Prints one JSON object per line: {\"impl\",\"op\",\"act\",\"n\",\"ns\"} for kernels\n"
      "(ns = median time of one call), {\"impl\",\"op\":\"train\",...} with --train.\n");
}

std::vector<std::string> split_commas(std::string_view text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    if (comma > start) parts.emplace_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return parts;
}

// Returns false (after printing why) when an argument is not understood.
bool parse_options(int argc, char** argv, Options* options) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    bool has_value = i + 1 < argc;
    if (arg == "--help" || arg == "-h") {
      print_usage();
      std::exit(0);
    } else if (arg == "--train") {
      options->train = true;
    } else if (arg == "--sizes" && has_value) {
      options->sizes.clear();
      for (const std::string& part : split_commas(argv[++i])) {
        long long size = std::atoll(part.c_str());
        if (size <= 0 || size > (1LL << 26)) {
          std::fprintf(stderr, "actlab_bench: --sizes must be 1..67108864, got %s\n", part.c_str());
          return false;
        }
        options->sizes.push_back(static_cast<std::size_t>(size));
      }
    } else if (arg == "--min-batch-ms" && has_value) {
      options->timing.min_batch_ns = std::atof(argv[++i]) * 1e6;
    } else if (arg == "--clock" && has_value) {
      std::string_view clock = argv[++i];
      if (clock != "cpu" && clock != "wall") {
        std::fprintf(stderr, "actlab_bench: --clock must be cpu or wall, got %s\n", argv[i]);
        return false;
      }
      options->timing.clock =
          clock == "wall" ? actlab::bench::Clock::wall : actlab::bench::Clock::cpu;
    } else if (arg == "--batches" && has_value) {
      options->timing.batches = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--only" && has_value) {
      for (const std::string& key : split_commas(argv[++i])) {
        Act act;
        actlab::Status status = actlab::find_activation(key, &act);
        if (!status.ok()) {
          std::fprintf(stderr, "actlab_bench: %s\n", status.message.c_str());
          return false;
        }
        options->activations.push_back(act);
      }
    } else {
      std::fprintf(stderr, "actlab_bench: unknown argument %s (see --help)\n", argv[i]);
      return false;
    }
  }
  if (options->activations.empty()) {
    for (int a = 0; a < actlab::kActCount; ++a) options->activations.push_back(static_cast<Act>(a));
  }
  return true;
}

void print_kernel_result(const char* impl, const char* op, const char* act_key, std::size_t n,
                         double ns) {
  std::printf("{\"impl\":\"%s\",\"op\":\"%s\",\"act\":\"%s\",\"n\":%zu,\"ns\":%.6g}\n", impl, op,
              act_key, n, ns);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse_options(argc, argv, &options)) return 2;

  // "native-sse2" and "native-scalar": the names run.mjs puts in its columns.
  struct NamedTable {
    std::string impl;
    const actlab::KernelTable* table;
  };
  std::vector<NamedTable> tables;
  if (actlab::simd_compiled()) {
    const actlab::KernelTable& simd = actlab::kernel_table(actlab::Impl::simd);
    tables.push_back({std::string("native-") + simd.name, &simd});
  }
  tables.push_back({"native-scalar", &actlab::kernel_table(actlab::Impl::scalar)});

  for (std::size_t n : options.sizes) {
    KernelBench bench(n);
    if (!bench.ok()) {
      std::fprintf(stderr, "actlab_bench: cannot allocate buffers for n = %zu\n", n);
      return 1;
    }
    for (Act act : options.activations) {
      // Everything of one activation is timed in alternation (see
      // interleaved_medians): the copy, then forward and backward per table.
      std::vector<actlab::bench::BatchRunner> runners{bench.copy_runner()};
      for (const NamedTable& named : tables) {
        runners.push_back(bench.forward_runner(*named.table, act));
        runners.push_back(bench.backward_runner(*named.table, act));
      }
      std::vector<double> ns = actlab::bench::interleaved_medians(std::move(runners), options.timing);
      const char* key = actlab::activation_info(act).key;
      print_kernel_result("native", "copy", "", n, ns[0]);
      for (std::size_t t = 0; t < tables.size(); ++t) {
        print_kernel_result(tables[t].impl.c_str(), "forward", key, n, ns[1 + 2 * t]);
        print_kernel_result(tables[t].impl.c_str(), "backward", key, n, ns[2 + 2 * t]);
      }
    }
  }

  if (options.train) {
    actlab::bench::TrainingResult result = actlab::bench::measure_training(options.timing);
    if (result.available) {
      std::printf(
          "{\"impl\":\"native\",\"op\":\"train\",\"steps_per_second\":%.6g,"
          "\"loss_before\":%.6g,\"loss_after\":%.6g}\n",
          result.steps_per_second, result.loss_before, result.loss_after);
    } else {
      std::printf("{\"impl\":\"native\",\"op\":\"train\",\"unavailable\":\"%s\"}\n", result.reason);
    }
  }
  return 0;
}
