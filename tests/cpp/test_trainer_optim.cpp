// Optimiser update rules against values computed by hand (PyTorch
// semantics), gradient clipping, and the statistics of every initialisation
// rule (mean and variance for the fan-in / fan-out rule, uniform bounds).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "actlab/model.hpp"
#include "actlab/rng.hpp"
#include "init.hpp"
#include "optimizer.hpp"
#include "test_trainer_helpers.hpp"

using namespace actlab;
using namespace actlab::test;

namespace {

// Two updates of one parameter p = 1 with gradient 0.5 each time.
std::vector<double> two_steps(OptimizerConfig c, double weight_decay = 0.0, bool decay_applies = true) {
  float p = 1.0f, m = 0.0f, v = 0.0f;
  const float g = 0.5f;
  std::vector<double> out;
  for (int t = 1; t <= 2; ++t) {
    bool finite = true;
    optimizer_update(&p, &g, &m, &v, 1, optimizer_step(c, weight_decay, t), decay_applies, &finite);
    CHECK(finite);
    out.push_back(p);
  }
  return out;
}

OptimizerConfig optimizer(OptimizerKind kind, double lr) {
  OptimizerConfig c;
  c.kind = kind;
  c.lr = lr;
  return c;
}

}  // namespace

TEST_CASE("sgd: p ← p − lr·(g + wd·p), no decay on biases", "[trainer][optim]") {
  auto p = two_steps(optimizer(OptimizerKind::sgd, 0.1));
  CHECK(p[0] == Approx(0.95).epsilon(1e-6));
  CHECK(p[1] == Approx(0.90).epsilon(1e-6));
  p = two_steps(optimizer(OptimizerKind::sgd, 0.1), 0.1);
  CHECK(p[0] == Approx(1 - 0.1 * 0.6).epsilon(1e-6));             // g = 0.5 + 0.1·1
  CHECK(p[1] == Approx(0.94 - 0.1 * (0.5 + 0.094)).epsilon(1e-6));  // g = 0.5 + 0.1·0.94
  p = two_steps(optimizer(OptimizerKind::sgd, 0.1), 0.1, false);
  CHECK(p[0] == Approx(0.95).epsilon(1e-6));
}

TEST_CASE("momentum: buf ← μ·buf + g, classic and Nesterov", "[trainer][optim]") {
  OptimizerConfig c = optimizer(OptimizerKind::momentum, 0.1);
  c.momentum = 0.9;
  auto p = two_steps(c);
  CHECK(p[0] == Approx(0.95).epsilon(1e-6));           // buf = 0.5
  CHECK(p[1] == Approx(0.95 - 0.095).epsilon(1e-6));   // buf = 0.9·0.5 + 0.5 = 0.95
  c.nesterov = true;
  p = two_steps(c);
  CHECK(p[0] == Approx(1 - 0.1 * (0.5 + 0.9 * 0.5)).epsilon(1e-6));       // 0.905
  CHECK(p[1] == Approx(0.905 - 0.1 * (0.5 + 0.9 * 0.95)).epsilon(1e-6));  // 0.7695
}

TEST_CASE("rmsprop: s ← ρ·s + (1 − ρ)·g², p ← p − lr·g/(√s + ε)", "[trainer][optim]") {
  OptimizerConfig c = optimizer(OptimizerKind::rmsprop, 0.01);
  c.rho = 0.9;
  c.epsilon = 1e-8;
  auto p = two_steps(c);
  const double s1 = 0.1 * 0.25, s2 = 0.9 * s1 + 0.1 * 0.25;
  CHECK(p[0] == Approx(1 - 0.01 * 0.5 / (std::sqrt(s1) + 1e-8)).epsilon(1e-6));
  CHECK(p[1] == Approx(p[0] - 0.01 * 0.5 / (std::sqrt(s2) + 1e-8)).epsilon(1e-6));
}

TEST_CASE("adam: bias-corrected moments; a constant gradient moves p by lr per step", "[trainer][optim]") {
  OptimizerConfig c = optimizer(OptimizerKind::adam, 0.1);
  auto p = two_steps(c);
  // m̂ = 0.5 and v̂ = 0.25 at every step, so each step is lr·0.5/(0.5 + ε).
  CHECK(p[0] == Approx(0.9).epsilon(1e-6));
  CHECK(p[1] == Approx(0.8).epsilon(1e-5));  // float moments
  // Different β: hand-computed second step for g = 0.5 then g = 0.5.
  c.beta1 = 0.5;
  c.beta2 = 0.75;
  p = two_steps(c);
  const double m2 = 0.5 * 0.25 + 0.25, v2 = 0.75 * 0.0625 + 0.0625;
  const double m_hat = m2 / (1 - 0.25), v_hat = v2 / (1 - 0.5625);
  CHECK(p[1] == Approx(0.9 - 0.1 * m_hat / (std::sqrt(v_hat) + 1e-8)).epsilon(1e-6));
}

TEST_CASE("optimizer_update reports non-finite results and Σ(Δp)²", "[trainer][optim]") {
  float p[2] = {1.0f, 2.0f}, g[2] = {1.0f, 2.0f}, m[2] = {0, 0};
  bool finite = true;
  const double delta_sq = optimizer_update(p, g, m, nullptr, 2, optimizer_step(optimizer(OptimizerKind::sgd, 0.5), 0, 1), false, &finite);
  CHECK(finite);
  CHECK(delta_sq == Approx(0.25 + 1.0));
  float huge_g = 3e38f;
  optimizer_update(p, &huge_g, m, nullptr, 1, optimizer_step(optimizer(OptimizerKind::sgd, 1e9), 0, 1), false, &finite);
  CHECK_FALSE(finite);
}

namespace {

// Test inputs only: a fixed hash mapped to [-1, 1), some exact zeros.
std::vector<float> hashed_values(std::size_t count, std::uint32_t salt) {
  std::vector<float> v(count);
  std::uint32_t s = 0x9E3779B9u * (salt + 1);
  for (std::size_t i = 0; i < count; ++i) {
    s ^= s << 13, s ^= s >> 17, s ^= s << 5;
    v[i] = (s % 23 == 0) ? 0.0f : static_cast<float>(s >> 8) * (2.0f / 16777216.0f) - 1.0f;
  }
  return v;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

// The documented order of Σ(Δp)² and sum_of_squares, written out: element i
// into partial sum i mod 4, ascending, then (s0 + s1) + (s2 + s3).
double four_partial_sums(const std::vector<double>& terms) {
  double s[4] = {0, 0, 0, 0};
  for (std::size_t i = 0; i < terms.size(); ++i) s[i % 4] = s[i % 4] + terms[i];
  return (s[0] + s[1]) + (s[2] + s[3]);
}

}  // namespace

TEST_CASE("optimizer_update: scalar loop and SIMD twin agree bit for bit, Δp² in the documented order",
          "[trainer][optim]") {
  // Lengths below, at and above the vector width, and long ones with tails.
  const std::size_t lengths[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1003};
  for (OptimizerKind kind : {OptimizerKind::sgd, OptimizerKind::momentum, OptimizerKind::rmsprop, OptimizerKind::adam}) {
    for (bool nesterov : {false, true}) {
      for (bool decay : {false, true}) {
        for (std::size_t n : lengths) {
          OptimizerConfig c = optimizer(kind, 0.05);
          c.nesterov = nesterov;
          const OptimizerStep s = optimizer_step(c, 0.01, 3);
          const std::vector<float> p0 = hashed_values(n, 1), g = hashed_values(n, 2);
          std::vector<float> m0 = hashed_values(n, 3), v0 = hashed_values(n, 4);
          for (float& x : m0) x = std::fabs(x);  // RMSprop / Adam second moments are ≥ 0
          for (float& x : v0) x = std::fabs(x);
          std::vector<float> p_scalar = p0, m_scalar = m0, v_scalar = v0;
          std::vector<float> p_simd = p0, m_simd = m0, v_simd = v0;
          bool finite_scalar = true, finite_simd = true;
          const double sq_scalar = optimizer_update(p_scalar.data(), g.data(), m_scalar.data(), v_scalar.data(), n, s,
                                                    decay, &finite_scalar, Impl::scalar);
          const double sq_simd = optimizer_update(p_simd.data(), g.data(), m_simd.data(), v_simd.data(), n, s, decay,
                                                  &finite_simd, Impl::simd);
          INFO("kind " << static_cast<int>(kind) << " nesterov " << nesterov << " decay " << decay << " n " << n);
          CHECK(same_bits(p_scalar, p_simd));
          CHECK(same_bits(m_scalar, m_simd));
          CHECK(same_bits(v_scalar, v_simd));
          CHECK(std::memcmp(&sq_scalar, &sq_simd, sizeof(double)) == 0);
          CHECK(finite_scalar);
          CHECK(finite_simd);
          std::vector<double> terms(n);
          for (std::size_t i = 0; i < n; ++i) {
            const double delta = static_cast<double>(p_scalar[i]) - p0[i];
            terms[i] = delta * delta;
          }
          const double expected = four_partial_sums(terms);
          CHECK(std::memcmp(&sq_scalar, &expected, sizeof(double)) == 0);
        }
      }
    }
  }
}

TEST_CASE("sum_of_squares: scalar and SIMD equal the documented order bit for bit", "[trainer][optim]") {
  for (std::size_t n : {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 64, 65, 66, 67, 1003}) {
    const std::vector<float> x = hashed_values(n, 9);
    std::vector<double> terms(n);
    for (std::size_t i = 0; i < n; ++i) terms[i] = static_cast<double>(x[i]) * x[i];
    const double expected = four_partial_sums(terms);
    const double scalar = sum_of_squares(x.data(), n, Impl::scalar), simd = sum_of_squares(x.data(), n, Impl::simd);
    INFO("n " << n);
    CHECK(std::memcmp(&scalar, &expected, sizeof(double)) == 0);
    CHECK(std::memcmp(&simd, &expected, sizeof(double)) == 0);
  }
}

TEST_CASE("optimizer_step: Adam's powers advanced once per step equal t products from 1", "[trainer][optim]") {
  OptimizerConfig c = optimizer(OptimizerKind::adam, 0.01);
  c.beta1 = 0.9;
  c.beta2 = 0.999;
  AdamPowers powers;
  for (int t = 1; t <= 300; ++t) {
    powers.advance(c);
    const OptimizerStep a = optimizer_step(c, 0, powers), b = optimizer_step(c, 0, t);
    CHECK(std::memcmp(&a.adam_step_size, &b.adam_step_size, sizeof(float)) == 0);
    CHECK(std::memcmp(&a.adam_bc2_sqrt, &b.adam_bc2_sqrt, sizeof(float)) == 0);
  }
  // and the step size is lr / (1 − β₁ᵗ) for t = 300
  CHECK(optimizer_step(c, 0, 300).adam_step_size == Approx(0.01 / (1 - std::pow(0.9, 300))));
}

TEST_CASE("clip_by_global_norm scales to max_norm only when above it", "[trainer][optim]") {
  std::vector<float> g = {3.0f, 4.0f};
  CHECK(clip_by_global_norm(g.data(), 2, 10.0) == Approx(5.0));
  CHECK(g == std::vector<float>{3.0f, 4.0f});
  CHECK(clip_by_global_norm(g.data(), 2, 1.0) == Approx(5.0));
  CHECK(std::hypot(g[0], g[1]) == Approx(1.0).epsilon(1e-5));
  CHECK(g[0] / g[1] == Approx(0.75));
}

TEST_CASE("init rules: mean 0, variance of the fan-in/fan-out rule, uniform bounds", "[trainer][init]") {
  struct Case {
    Init rule;
    double variance;  // expected for fan_in = 300, fan_out = 100
    double bound;     // uniform rules: |w| ≤ bound; 0 for normal rules
  };
  const int fi = 300, fo = 100;
  const Case cases[] = {
      {Init::uniform, 1.0 / 12, 0.5},
      {Init::normal, 0.04, 0},  // initStd 0.2
      {Init::xavier_uniform, 2.0 / (fi + fo), std::sqrt(6.0 / (fi + fo))},
      {Init::xavier_normal, 2.0 / (fi + fo), 0},
      {Init::he_uniform, 2.0 / fi, std::sqrt(6.0 / fi)},
      {Init::he_normal, 2.0 / fi, 0},
      {Init::lecun_normal, 1.0 / fi, 0},
  };
  std::vector<float> w(fi * fo);
  Rng rng(42, 7);
  for (const Case& c : cases) {
    init_weights(w.data(), fi, fo, c.rule, 0.2, rng);
    double sum = 0, sum_sq = 0, max_abs = 0;
    for (float x : w) sum += x, sum_sq += static_cast<double>(x) * x, max_abs = std::fmax(max_abs, std::fabs(x));
    const double n = static_cast<double>(w.size()), mean = sum / n, variance = sum_sq / n - mean * mean;
    INFO("rule " << static_cast<int>(c.rule) << ": mean " << mean << ", variance " << variance << " (want "
                 << c.variance << "), max |w| " << max_abs);
    CHECK(std::fabs(mean) < 5 * std::sqrt(c.variance / n));
    CHECK(variance == Approx(c.variance).epsilon(0.05));
    CHECK(init_std_of(c.rule, fi, fo, 0.2) == Approx(std::sqrt(c.variance)));
    if (c.bound > 0) {
      CHECK(max_abs <= c.bound);
      CHECK(max_abs > 0.99 * c.bound);
    }
  }
  init_weights(w.data(), fi, fo, Init::zeros, 0.2, rng);
  for (float x : w) REQUIRE(x == 0.0f);
}

TEST_CASE("Model::create: bias init, PReLU slopes from params.init, and seeded weights", "[trainer][init]") {
  ModelConfig config = mlp_config(2, {8, 8}, Act::prelu, 1, Head::sigmoid);
  config.layers[1].params.p[0] = 0.1f;
  config.bias_init = -0.5;
  std::unique_ptr<Model> a, b, c;
  REQUIRE(Model::create(config, 3, &a));
  REQUIRE(Model::create(config, 3, &b));
  REQUIRE(Model::create(config, 4, &c));
  for (int l = 0; l < a->layer_count(); ++l) {
    DenseView v = a->params(l);
    for (int o = 0; o < v.fan_out; ++o) CHECK(v.bias[o] == -0.5f);
    if (l < 2) {
      REQUIRE(v.slopes != nullptr);
      for (int o = 0; o < v.fan_out; ++o) CHECK(v.slopes[o] == (l == 0 ? 0.25f : 0.1f));
    } else {
      CHECK(v.slopes == nullptr);
    }
  }
  CHECK(std::vector<float>(a->parameter_arena(), a->parameter_arena() + a->parameter_count()) ==
        std::vector<float>(b->parameter_arena(), b->parameter_arena() + b->parameter_count()));
  CHECK(a->params(0).weights[0] != c->params(0).weights[0]);
  CHECK(a->parameter_count() == (2 * 8 + 8 + 8) + (8 * 8 + 8 + 8) + (8 + 1));
}

TEST_CASE("validate_model and set_layer reject bad input with the field named", "[trainer][init]") {
  // Model::create takes a validated config; validate_model is the check for
  // model configs built in C++, with the schema's ranges and messages.
  std::unique_ptr<Model> model;
  ModelConfig config = mlp_config(2, {4, 4, 0}, Act::relu, 1, Head::sigmoid);
  Status s = validate_model(config);
  CHECK(s.kind == ErrorKind::range);
  CHECK(s.message == "model.layers[2].units must be 1..1024, got 0");
  config = mlp_config(0, {4}, Act::relu, 1, Head::sigmoid);
  CHECK(validate_model(config).message == "model.inputs must be 1..64, got 0");
  config = mlp_config(2, {4}, Act::leaky_relu, 1, Head::sigmoid);
  config.layers[0].params.p[0] = 5.0f;
  s = validate_model(config);
  CHECK(s.kind == ErrorKind::range);
  CHECK(s.message.rfind("model.layers[0].params.negative_slope must be", 0) == 0);
  config = mlp_config(2, {1024, 1024, 1024, 1024, 1024}, Act::relu, 1, Head::sigmoid);
  s = validate_model(config);
  CHECK(s.kind == ErrorKind::range);
  CHECK(s.message.find("parameters, more than the") != std::string::npos);
  config = mlp_config(2, {4}, Act::relu, 2, Head::sigmoid);
  CHECK(validate_model(config).message == "model.output.units must be 1 for a sigmoid head, got 2");
  config = mlp_config(2, {4}, Act::relu, 1, Head::sigmoid);
  config.init_std = -1;
  CHECK(validate_model(config).message == "model.initStd must be 0..100, got -1");
  config.init_std = 0.1;
  CHECK(validate_model(config).ok());
  CHECK(Model::create(config, 1, &model, 0).message == "max_batch must be 1..100000, got 0");
  CHECK(model == nullptr);

  REQUIRE(Model::create(mlp_config(2, {3}, Act::relu, 1, Head::sigmoid), 1, &model));
  std::vector<float> w(6, 0.5f), b(3, 0.25f);
  CHECK(model->set_layer(0, w.data(), 5, b.data(), 3, nullptr, 0).message ==
        "layers[0].weights must have 6 values (2×3), got 5");
  CHECK(model->set_layer(0, w.data(), 6, b.data(), 2, nullptr, 0).message == "layers[0].bias must have 3 values, got 2");
  CHECK(model->set_layer(0, w.data(), 6, b.data(), 3, b.data(), 3).message ==
        "layers[0].alpha must have 0 values (the layer is not PReLU), got 3");
  REQUIRE(model->set_layer(0, w.data(), 6, b.data(), 3, nullptr, 0));
  CHECK(model->params(0).weights[5] == 0.5f);
  CHECK(model->params(0).bias[2] == 0.25f);
}

TEST_CASE("a model from parse_model predicts; chunked predict equals row by row", "[trainer][init]") {
  ModelConfig config;
  REQUIRE(parse_model(R"({ "inputs": 2, "layers": [ { "units": 6, "activation": "prelu" },
                                                    { "units": 5, "activation": "tanh" } ],
                           "output": { "units": 3, "activation": "softmax" }, "init": "xavier_uniform" })",
                      &config)
              .ok());
  std::unique_ptr<Model> model;
  REQUIRE(Model::create(config, 9, &model, 4));  // max batch 4: 11 rows take 3 chunks
  TestValues values(3);
  std::vector<float> x(22);
  for (float& v : x) v = static_cast<float>(values.next(-2, 2));
  std::vector<float> all(33), one(3);
  model->predict(all.data(), x.data(), 11);
  for (int r = 0; r < 11; ++r) {
    model->predict(one.data(), x.data() + 2 * r, 1);
    CHECK(std::memcmp(one.data(), all.data() + 3 * r, sizeof(float) * 3) == 0);
    CHECK(one[0] + one[1] + one[2] == Approx(1.0f).epsilon(1e-6));
    for (float p : one) CHECK((p > 0.0f && p < 1.0f));
  }
}
