// "Nothing is allocated inside a training step": counts every call of the
// global operator new while an experiment trains (all optimisers, clipping,
// weight decay, PReLU) and while it evaluates the decision grid.
//
// This file replaces the program's global operator new/delete with counting
// versions that forward to malloc/free; the counter only matters inside the
// measured sections below. Under AddressSanitizer the replacement would mix
// with the sanitizer's own operator new (called from the shared libstdc++),
// so sanitizer builds skip the count.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "actlab/experiment.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define ACTLAB_COUNT_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ACTLAB_COUNT_ALLOCATIONS 0
#endif
#endif
#ifndef ACTLAB_COUNT_ALLOCATIONS
#define ACTLAB_COUNT_ALLOCATIONS 1
#endif

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

#if ACTLAB_COUNT_ALLOCATIONS
namespace {
void* counted_allocation(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t n) { return counted_allocation(n); }
void* operator new[](std::size_t n) { return counted_allocation(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#endif

using namespace actlab;

TEST_CASE("a training step allocates nothing (every optimiser, clipping, weight decay, PReLU)", "[trainer][alloc]") {
  for (const char* optimizer : {R"({ "kind": "sgd", "lr": 0.1 })", R"({ "kind": "momentum", "lr": 0.05, "nesterov": true })",
                                R"({ "kind": "rmsprop", "lr": 0.01 })", R"({ "kind": "adam", "lr": 0.01 })"}) {
    ExperimentConfig config;
    const std::string json = std::string(R"({ "seed": 3, "data": { "kind": "spiral", "n": 300, "classes": 3 },
        "model": { "layers": [ { "units": 24, "activation": "prelu" }, { "units": 17, "activation": "gelu" } ] },
        "train": { "optimizer": )") + optimizer + R"(, "batchSize": 20, "weightDecay": 0.001, "clipNorm": 1 },
        "steps": 400, "every": 100 })";
    REQUIRE(parse_experiment(json, &config).ok());
    std::unique_ptr<Experiment> e;
    REQUIRE(Experiment::create(config, &e).ok());
    std::vector<float> grid(e->decision_grid_size(64, 64));
    const long before = g_allocations.load();
    e->step(300);  // several epochs: reshuffles included
    REQUIRE(e->decision_grid(64, 64, grid.data()).ok());
    const long during = g_allocations.load() - before;
    INFO(optimizer);
    if (!ACTLAB_COUNT_ALLOCATIONS) WARN("allocation count skipped in a sanitizer build");
    CHECK(during == 0);
    CHECK(e->steps_done() == 300);
  }
}

TEST_CASE("a training step with custom formula layers allocates nothing", "[trainer][alloc][formula]") {
  // The formulas' programs and registers are made by Experiment::create; a
  // step and the metrics' derivative pass only run them.
  ExperimentConfig config;
  REQUIRE(parse_experiment(R"J({ "seed": 4, "data": { "kind": "moons", "n": 300 },
      "model": { "layers": [
        { "units": 20, "activation": "custom", "params": { "formula": "z*sigmoid(b*z) + 0.1*sin(z)", "b": 1.5 } },
        { "units": 12, "activation": "custom", "params": { "formula": "max(a*z, z) + where(z > 1, gelu(z), 0)", "a": 0.1 } } ] },
      "train": { "optimizer": { "kind": "adam", "lr": 0.01 }, "batchSize": 40 },
      "steps": 400, "every": 100 })J", &config).ok());
  std::unique_ptr<Experiment> e;
  REQUIRE(Experiment::create(config, &e).ok());
  std::vector<float> grid(e->decision_grid_size(32, 32));
  const long before = g_allocations.load();
  e->step(200);
  REQUIRE(e->decision_grid(32, 32, grid.data()).ok());
  const long during = g_allocations.load() - before;
  if (!ACTLAB_COUNT_ALLOCATIONS) WARN("allocation count skipped in a sanitizer build");
  CHECK(during == 0);
  CHECK(e->steps_done() == 200);
}
