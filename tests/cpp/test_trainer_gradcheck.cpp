// Gradient check: the model's float backward against central finite
// differences of a double-precision reference model (test_trainer_helpers.hpp),
// for every activation (inputs kept away from kinks), every head and loss,
// 1–4 hidden layers, and PReLU slopes. Also the loss values themselves.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include "actlab/model.hpp"
#include "loss.hpp"
#include "test_trainer_helpers.hpp"

using namespace actlab;
using namespace actlab::test;

namespace {

struct GradCheckResult {
  double worst_error = 0;  // max |analytic − numeric| / (|numeric| + 1e-3)
  double loss_error = 0;   // |float loss − reference| / |reference|
  int checked = 0;
};

// Random parameters (including biases and slopes) and data, retried with
// another seed until no pre-activation is within 1e-3 of a kink.
GradCheckResult grad_check(const ModelConfig& config, Loss loss, std::uint32_t seed) {
  const int n = 6;
  std::unique_ptr<Model> model;
  REQUIRE(Model::create(config, seed, &model));
  const int O = model->outputs();
  std::vector<float> x, y;
  std::vector<double> theta;
  for (std::uint32_t attempt = 0;; ++attempt) {
    REQUIRE(attempt < 50);
    TestValues values(seed * 7919u + attempt);
    x.assign(static_cast<std::size_t>(n) * model->inputs(), 0.0f);
    for (float& v : x) v = static_cast<float>(values.next(-1.5, 1.5));
    y.clear();
    for (int r = 0; r < n; ++r) {
      if (loss == Loss::softmax_ce) {
        y.push_back(static_cast<float>(r % O));
      } else {
        for (int j = 0; j < O; ++j)
          y.push_back(loss == Loss::bce ? static_cast<float>((r + j) % 2) : static_cast<float>(values.next(-1, 1)));
      }
    }
    float* p = model->parameter_arena();
    for (int l = 0; l < model->layer_count(); ++l) {
      DenseView v = model->params(l);
      for (int i = 0; i < v.fan_in * v.fan_out; ++i) v.weights[i] = static_cast<float>(values.next(-1.0, 1.0));
      for (int o = 0; o < v.fan_out; ++o) v.bias[o] = static_cast<float>(values.next(-0.5, 0.5));
      if (v.slopes)
        for (int o = 0; o < v.fan_out; ++o) v.slopes[o] = static_cast<float>(values.next(0.05, 0.6));
    }
    theta.assign(p, p + model->parameter_count());
    double kink_distance = 0;
    reference_loss(*model, theta, x.data(), y.data(), n, loss, &kink_distance);
    if (kink_distance > 1e-3) break;
  }

  GradCheckResult result;
  const float float_loss = model->loss_and_gradients(x.data(), y.data(), n, loss);
  const double ref = reference_loss(*model, theta, x.data(), y.data(), n, loss);
  result.loss_error = std::fabs(float_loss - ref) / std::fabs(ref);
  const float* grads = model->gradient_arena();
  for (int i = 0; i < model->parameter_count(); ++i) {
    const double h = 1e-6 * std::fmax(1.0, std::fabs(theta[i]));
    std::vector<double> plus = theta, minus = theta;
    plus[i] += h;
    minus[i] -= h;
    const double numeric = (reference_loss(*model, plus, x.data(), y.data(), n, loss) -
                            reference_loss(*model, minus, x.data(), y.data(), n, loss)) /
                           (2 * h);
    const double error = std::fabs(grads[i] - numeric) / (std::fabs(numeric) + 1e-3);
    if (error > result.worst_error) result.worst_error = error;
    ++result.checked;
  }
  return result;
}

}  // namespace

TEST_CASE("gradient check: every activation, 2 hidden layers, sigmoid head + bce", "[trainer][gradcheck]") {
  double worst = 0;
  for (int a = 0; a < kActCount; ++a) {
    const Act act = static_cast<Act>(a);
    ModelConfig config = mlp_config(3, {5, 4}, act, 1, Head::sigmoid);
    GradCheckResult r = grad_check(config, Loss::bce, 100u + a);
    INFO("activation " << activation_info(act).key << ": worst relative gradient error " << r.worst_error
                       << " over " << r.checked << " parameters, loss error " << r.loss_error);
    CHECK(r.worst_error < 1e-3);
    CHECK(r.loss_error < 1e-5);
    worst = std::fmax(worst, r.worst_error);
  }
  WARN("gradient check, all activations: worst relative error " << worst);
}

TEST_CASE("gradient check: every head and loss, 1 to 4 hidden layers", "[trainer][gradcheck]") {
  struct HeadCase {
    Head head;
    Loss loss;
    int outputs;
  };
  const HeadCase heads[] = {{Head::sigmoid, Loss::bce, 1},
                            {Head::sigmoid, Loss::bce, 2},
                            {Head::softmax, Loss::softmax_ce, 3},
                            {Head::identity, Loss::mse, 1},
                            {Head::identity, Loss::mse, 2}};
  double worst = 0;
  for (const HeadCase& h : heads) {
    for (int depth = 1; depth <= 4; ++depth) {
      std::vector<int> hidden;
      for (int l = 0; l < depth; ++l) hidden.push_back(3 + (l * 2) % 5);
      for (Act act : {Act::tanh, Act::prelu}) {
        ModelConfig config = mlp_config(2, hidden, act, h.outputs, h.head, Init::xavier_normal);
        GradCheckResult r = grad_check(config, h.loss, 300u + depth * 10u + h.outputs);
        INFO("head " << static_cast<int>(h.head) << " outputs " << h.outputs << " depth " << depth << " "
                     << activation_info(act).key << ": worst " << r.worst_error << ", loss error " << r.loss_error);
        CHECK(r.worst_error < 1e-3);
        CHECK(r.loss_error < 1e-5);
        worst = std::fmax(worst, r.worst_error);
      }
    }
  }
  WARN("gradient check, heads x depths: worst relative error " << worst);
}

TEST_CASE("loss_and_gradients: chunked batches give the gradient of the whole batch", "[trainer][gradcheck]") {
  ModelConfig config = mlp_config(2, {8}, Act::tanh, 3, Head::softmax);
  std::unique_ptr<Model> small, large;
  REQUIRE(Model::create(config, 5, &small, 4));  // 10 rows → chunks of 4, 4, 2
  REQUIRE(Model::create(config, 5, &large, 16));
  TestValues values(9);
  std::vector<float> x(20), y(10);
  for (float& v : x) v = static_cast<float>(values.next(-1, 1));
  for (int r = 0; r < 10; ++r) y[r] = static_cast<float>(r % 3);
  const float loss_small = small->loss_and_gradients(x.data(), y.data(), 10, Loss::softmax_ce);
  const float loss_large = large->loss_and_gradients(x.data(), y.data(), 10, Loss::softmax_ce);
  CHECK(loss_small == Approx(loss_large).epsilon(1e-6));
  for (int i = 0; i < small->parameter_count(); ++i)
    CHECK(small->gradient_arena()[i] == Approx(large->gradient_arena()[i]).margin(1e-6));
}

TEST_CASE("loss_and_gradients: a loss that does not fit the head, or a bad label, gives NaN", "[trainer][gradcheck]") {
  std::unique_ptr<Model> model;
  REQUIRE(Model::create(mlp_config(2, {4}, Act::relu, 3, Head::softmax), 1, &model));
  std::vector<float> x = {0.1f, 0.2f, 0.3f, 0.4f}, y = {0, 1, 2, 0, 1, 2};
  CHECK(std::isnan(model->loss_and_gradients(x.data(), y.data(), 2, Loss::bce)));
  std::vector<float> bad_label = {0.0f, 3.0f};
  CHECK(std::isnan(model->loss_and_gradients(x.data(), bad_label.data(), 2, Loss::softmax_ce)));
  std::vector<float> fractional = {0.5f, 1.0f};
  CHECK(std::isnan(model->loss_and_gradients(x.data(), fractional.data(), 2, Loss::softmax_ce)));
  std::vector<float> good = {2.0f, 1.0f};
  CHECK(std::isfinite(model->loss_and_gradients(x.data(), good.data(), 2, Loss::softmax_ce)));
}

TEST_CASE("bce with logits is stable for large logits", "[trainer][gradcheck]") {
  ModelConfig config = mlp_config(1, {}, Act::relu, 1, Head::sigmoid);
  std::unique_ptr<Model> model;
  REQUIRE(Model::create(config, 1, &model));
  DenseView v = model->params(0);
  v.weights[0] = 1.0f;
  v.bias[0] = 0.0f;
  std::vector<float> x = {200.0f, -200.0f}, y = {0.0f, 1.0f};
  const float loss = model->loss_and_gradients(x.data(), y.data(), 2, Loss::bce);
  CHECK(loss == Approx(200.0).epsilon(1e-6));
  CHECK(model->grads(0).weights[0] == Approx(0.5 * 200 + 0.5 * 200).epsilon(1e-6));
}

TEST_CASE("gradients_with_finite_loss: the gradients of loss_and_gradients, finite exactly when its loss is",
          "[trainer][gradcheck]") {
  struct Case {
    Head head;
    Loss loss;
    int outputs;
  };
  const Case cases[] = {{Head::sigmoid, Loss::bce, 1}, {Head::softmax, Loss::softmax_ce, 3}, {Head::identity, Loss::mse, 2}};
  // Input scales from ordinary to overflowing: the weights are scaled so the
  // logits reach ~1e3, ~1e20 (past the 2^60 bound: the exact loss decides),
  // ~1e37 (the mean loss overflows a float for mse) and beyond (inf logits).
  const float scales[] = {1.0f, 1e17f, 1e34f, 1e38f};
  for (const Case& c : cases) {
    for (float scale : scales) {
      for (int max_batch : {4, 16}) {  // 10 rows: chunked (4, 4, 2) and whole
        std::unique_ptr<Model> exact, fast;
        REQUIRE(Model::create(mlp_config(2, {8}, Act::tanh, c.outputs, c.head), 3, &exact, max_batch));
        REQUIRE(Model::create(mlp_config(2, {8}, Act::tanh, c.outputs, c.head), 3, &fast, max_batch));
        for (Model* m : {exact.get(), fast.get()}) {
          DenseView out = m->params(1);
          for (int i = 0; i < out.fan_in * out.fan_out; ++i) out.weights[i] = out.weights[i] * scale;
        }
        TestValues values(17);
        std::vector<float> x(20), y;
        for (float& v : x) v = static_cast<float>(values.next(-1, 1));
        for (int r = 0; r < 10; ++r) {
          if (c.loss == Loss::softmax_ce) y.push_back(static_cast<float>(r % 3));
          for (int j = 0; c.loss != Loss::softmax_ce && j < c.outputs; ++j)
            y.push_back(c.loss == Loss::bce ? static_cast<float>(r % 2) : static_cast<float>(values.next(-2, 2)));
        }
        const float loss = exact->loss_and_gradients(x.data(), y.data(), 10, c.loss);
        const bool finite = fast->gradients_with_finite_loss(x.data(), y.data(), 10, c.loss);
        INFO("loss " << static_cast<int>(c.loss) << " scale " << scale << " max_batch " << max_batch << " -> " << loss);
        CHECK(finite == std::isfinite(loss));
        CHECK(std::memcmp(exact->gradient_arena(), fast->gradient_arena(),
                          sizeof(float) * static_cast<std::size_t>(exact->parameter_count())) == 0);
      }
    }
  }
  // A bad label and a loss that does not fit the head: not finite.
  std::unique_ptr<Model> model;
  REQUIRE(Model::create(mlp_config(2, {4}, Act::relu, 3, Head::softmax), 1, &model));
  std::vector<float> x = {0.1f, 0.2f, 0.3f, 0.4f}, bad_label = {0.0f, 3.0f}, good = {2.0f, 1.0f};
  CHECK_FALSE(model->gradients_with_finite_loss(x.data(), bad_label.data(), 2, Loss::softmax_ce));
  CHECK_FALSE(model->gradients_with_finite_loss(x.data(), good.data(), 2, Loss::bce));
  CHECK(model->gradients_with_finite_loss(x.data(), good.data(), 2, Loss::softmax_ce));
}

TEST_CASE("softmax_ce_backward: rows one at a time, four in vec4 lanes, and the loss's own gradient agree bit for bit",
          "[trainer][gradcheck]") {
  for (int O : {2, 3, 4, 5, 8, 10, 17}) {
    for (int B : {1, 3, 4, 5, 8, 9, 13}) {
      TestValues values(static_cast<std::uint32_t>(O * 31 + B));
      std::vector<float> logits(static_cast<std::size_t>(B) * O), y(B);
      for (float& z : logits) z = static_cast<float>(values.next(-30, 30));
      for (int b = 0; b < B; ++b) y[b] = static_cast<float>((b * 7) % O);
      if (B == 9) y[5] = 0.5f;  // a bad label inside a group of four: zeros for that row
      std::vector<float> scalar(logits.size()), simd(logits.size()), with_loss(logits.size());
      softmax_ce_backward(scalar.data(), logits.data(), y.data(), B, O, 0.125f, Impl::scalar);
      softmax_ce_backward(simd.data(), logits.data(), y.data(), B, O, 0.125f, Impl::simd);
      softmax_ce_forward_backward(with_loss.data(), logits.data(), y.data(), B, O, 0.125f);
      INFO("B " << B << " O " << O);
      CHECK(std::memcmp(scalar.data(), simd.data(), sizeof(float) * scalar.size()) == 0);
      CHECK(std::memcmp(scalar.data(), with_loss.data(), sizeof(float) * scalar.size()) == 0);
      // and it is the gradient: (softmax − one-hot) · scale, rows summing to 0
      for (int b = 0; b < B; ++b) {
        double row_sum = 0;
        for (int j = 0; j < O; ++j) row_sum += scalar[b * O + j];
        CHECK(std::fabs(row_sum) < 1e-6);
      }
    }
  }
}
