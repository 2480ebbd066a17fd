// grad.cpp — `actlab grad CONFIG.json [--steps N]`: the model of an
// experiment after N training steps (default 0), its loss and gradients on the
// whole training set (Model::loss_and_gradients with the config's loss) and
// its predictions for the training rows, printed %.9g so every float reads
// back exactly. The JavaScript tests compare this with the wasm module's
// exp.model.lossAndGradients() and predict(), bit for bit.
//
// Output, one line each:
//   loss L
//   layers[i].weights|bias|alpha v v ...    gradients, per dense layer
//   predict v v ...                         n_train×outputs
// Exit status: 0 on success, 2 on bad usage or a bad config (one line on stderr).
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "actlab/config.hpp"
#include "actlab/experiment.hpp"
#include "commands.hpp"

namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "actlab grad: %s\n", message.c_str());
  return 2;
}

bool read_text(const char* path, std::string* text) {
  const bool from_stdin = std::strcmp(path, "-") == 0;
  std::FILE* file = from_stdin ? stdin : std::fopen(path, "rb");
  if (file == nullptr) return false;
  char buffer[65536];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) text->append(buffer, got);
  const bool ok = !std::ferror(file);
  if (!from_stdin) std::fclose(file);
  return ok;
}

void print_floats(const char* label, const float* values, std::size_t count) {
  std::fputs(label, stdout);
  for (std::size_t i = 0; i < count; ++i) std::printf(" %.9g", static_cast<double>(values[i]));
  std::fputc('\n', stdout);
}

}  // namespace

int run_grad(int argc, char** argv) {
  const char* path = nullptr;
  long steps = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--steps") == 0 && i + 1 < argc) {
      char* end = nullptr;
      steps = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || steps < 0 || steps > 1000000)
        return fail(std::string("--steps must be 0..1000000, got ") + argv[i]);
    } else if (path == nullptr) {
      path = argv[i];
    } else {
      return fail(std::string("unexpected argument '") + argv[i] + "' (usage: actlab grad CONFIG.json [--steps N])");
    }
  }
  if (path == nullptr) return fail("usage: actlab grad CONFIG.json [--steps N]");

  std::string text;
  if (!read_text(path, &text)) return fail(std::string("cannot read '") + path + "': " + std::strerror(errno));
  actlab::ExperimentConfig config;
  actlab::Status status = actlab::parse_experiment(text, &config);
  if (!status) return fail(status.message);
  std::unique_ptr<actlab::Experiment> experiment;
  status = actlab::Experiment::create(config, &experiment);
  if (!status) return fail(status.message);
  experiment->step(static_cast<int>(steps));

  actlab::Model& model = experiment->model();
  const actlab::Dataset& data = experiment->data();
  const float loss =
      model.loss_and_gradients(data.x_train.data(), data.y_train.data(), data.n_train, config.train.loss);
  std::printf("loss %.9g\n", static_cast<double>(loss));
  for (int l = 0; l < model.layer_count(); ++l) {
    const actlab::DenseView g = model.grads(l);
    const std::string prefix = "layers[" + std::to_string(l) + "].";
    print_floats((prefix + "weights").c_str(), g.weights, static_cast<std::size_t>(g.fan_in) * g.fan_out);
    print_floats((prefix + "bias").c_str(), g.bias, g.fan_out);
    if (g.slopes) print_floats((prefix + "alpha").c_str(), g.slopes, g.fan_out);
  }
  std::vector<float> predictions(static_cast<std::size_t>(data.n_train) * model.outputs());
  model.predict(predictions.data(), data.x_train.data(), data.n_train);
  print_floats("predict", predictions.data(), predictions.size());
  return std::fflush(stdout) == 0 ? 0 : 1;
}
