// test_config.cpp — the experiment schema: defaults, derived defaults, one
// test per validation rule with its exact message, the round trip through
// to_json, and robustness against arbitrary text (nothing throws).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "actlab/config.hpp"

using namespace actlab;

namespace {

// The message parse_experiment gives for `json`, or "ok".
std::string error_of(const std::string& json) {
  ExperimentConfig config;
  const Status s = parse_experiment(json, &config);
  return s ? std::string("ok") : s.message;
}

ErrorKind kind_of(const std::string& json) {
  ExperimentConfig config;
  return parse_experiment(json, &config).kind;
}

std::string model_error_of(const std::string& json) {
  ModelConfig model;
  const Status s = parse_model(json, &model);
  return s ? std::string("ok") : s.message;
}

ExperimentConfig parsed(const std::string& json) {
  ExperimentConfig config;
  const Status s = parse_experiment(json, &config);
  INFO(s.message);
  REQUIRE(s.ok());
  return config;
}

// The example of issue #3 (and docs/config.md).
const char* const kExample = R"({ "seed": 1,
  "data":  { "kind": "moons", "n": 400, "noise": 0.1, "testFraction": 0.2 },
  "model": { "inputs": 2,
             "layers": [ { "units": 16, "activation": "relu" },
                         { "units": 16, "activation": "leaky_relu", "params": { "negative_slope": 0.1 } } ],
             "output": { "units": 1, "activation": "sigmoid" },
             "init": "he_normal", "biasInit": 0 },
  "train": { "loss": "bce", "optimizer": { "kind": "sgd", "lr": 0.1 },
             "batchSize": 32, "weightDecay": 0 },
  "steps": 1000, "every": 10 })";

}  // namespace

// ================================================================ defaults

TEST_CASE("the issue's example config parses to what it says", "[config]") {
  const ExperimentConfig c = parsed(kExample);
  CHECK(c.seed == 1u);
  CHECK(c.data.kind == DataKind::moons);
  CHECK(c.data.n == 400);
  CHECK(c.data.noise == 0.1);
  CHECK(c.data.test_fraction == 0.2);
  CHECK(c.model.inputs == 2);
  REQUIRE(c.model.layers.size() == 2);
  CHECK(c.model.layers[0].units == 16);
  CHECK(c.model.layers[0].activation == Act::relu);
  CHECK(c.model.layers[1].activation == Act::leaky_relu);
  CHECK(c.model.layers[1].params.p[0] == 0.1f);
  CHECK(c.model.output.units == 1);
  CHECK(c.model.output.activation == Head::sigmoid);
  CHECK(c.model.init == Init::he_normal);
  CHECK(c.model.bias_init == 0.0);
  CHECK(c.train.loss == Loss::bce);
  CHECK(c.train.optimizer.kind == OptimizerKind::sgd);
  CHECK(c.train.optimizer.lr == 0.1);
  CHECK(c.train.batch_size == 32);
  CHECK(c.train.weight_decay == 0.0);
  CHECK(c.steps == 1000);
  CHECK(c.every == 10);
}

TEST_CASE("an empty config takes every default", "[config]") {
  const ExperimentConfig c = parsed("{}");
  const ExperimentConfig d;  // the struct defaults of config.hpp
  CHECK(c.seed == d.seed);
  CHECK(c.data.kind == DataKind::moons);
  CHECK(c.data.n == 400);
  CHECK(c.data.noise == 0.1);
  CHECK(c.data.test_fraction == 0.2);
  CHECK(c.data.classes == 3);
  CHECK(c.model.inputs == 2);
  // A missing "layers" is two hidden layers of 16 relu units.
  REQUIRE(c.model.layers.size() == 2);
  for (const LayerConfig& layer : c.model.layers) {
    CHECK(layer.units == 16);
    CHECK(layer.activation == Act::relu);
  }
  CHECK(c.model.output.activation == Head::sigmoid);
  CHECK(c.model.output.units == 1);
  CHECK(c.model.init == Init::he_normal);
  CHECK(c.model.init_std == 0.1);
  CHECK(c.model.bias_init == 0.0);
  CHECK(c.train.loss == Loss::bce);
  CHECK(c.train.optimizer.kind == OptimizerKind::sgd);
  CHECK(c.train.optimizer.lr == d.train.optimizer.lr);
  CHECK(c.train.optimizer.momentum == 0.9);
  CHECK_FALSE(c.train.optimizer.nesterov);
  CHECK(c.train.optimizer.rho == 0.9);
  CHECK(c.train.optimizer.beta1 == 0.9);
  CHECK(c.train.optimizer.beta2 == 0.999);
  CHECK(c.train.optimizer.epsilon == 1e-8);
  CHECK(c.train.batch_size == 32);
  CHECK(c.train.weight_decay == 0.0);
  CHECK(c.train.clip_norm == 0.0);
  CHECK(c.steps == 1000);
  CHECK(c.every == 10);
}

TEST_CASE("an explicit empty layer list is a model without hidden layers", "[config]") {
  CHECK(parsed(R"({"model": {"layers": []}})").model.layers.empty());
  const ExperimentConfig c = parsed(R"({"model": {"layers": [{}]}})");
  REQUIRE(c.model.layers.size() == 1);
  CHECK(c.model.layers[0].units == 16);
  CHECK(c.model.layers[0].activation == Act::relu);
}

TEST_CASE("activation params start from the activation's defaults", "[config]") {
  const ExperimentConfig c = parsed(R"({"model": {"layers": [{"activation": "softplus", "params": {"beta": 2}}]}})");
  CHECK(c.model.layers[0].params.p[0] == 2.0f);
  CHECK(c.model.layers[0].params.p[1] == 20.0f);  // threshold's default
  CHECK(parsed(R"({"model": {"layers": [{"activation": "leaky_relu"}]}})").model.layers[0].params.p[0] == 0.01f);
}

TEST_CASE("head, units, loss and inputs default from the data", "[config]") {
  const ExperimentConfig sin = parsed(R"({"data": {"kind": "sin"}})");
  CHECK(sin.model.inputs == 1);
  CHECK(sin.model.output.activation == Head::identity);
  CHECK(sin.model.output.units == 1);
  CHECK(sin.train.loss == Loss::mse);

  const ExperimentConfig spiral = parsed(R"({"data": {"kind": "spiral"}})");
  CHECK(spiral.model.output.activation == Head::softmax);
  CHECK(spiral.model.output.units == 3);
  CHECK(spiral.train.loss == Loss::softmax_ce);

  const ExperimentConfig blobs = parsed(R"({"data": {"kind": "blobs", "classes": 5}})");
  CHECK(blobs.model.output.units == 5);

  const ExperimentConfig softmax_moons = parsed(R"({"model": {"output": {"activation": "softmax"}}})");
  CHECK(softmax_moons.model.output.units == 2);
  CHECK(softmax_moons.train.loss == Loss::softmax_ce);

  const ExperimentConfig custom =
      parsed(R"({"data": {"kind": "custom", "x": [[0, 0], [1, 1], [2, 2]], "y": [0.5, 1.5, 2.5]}})");
  CHECK(custom.data.classes == 0);
  CHECK(custom.model.output.activation == Head::identity);
  CHECK(custom.data.custom_inputs == 2);
  CHECK(custom.model.inputs == 2);
  CHECK(custom.data.n == 3);

  const ExperimentConfig custom_sigmoid = parsed(
      R"({"data": {"kind": "custom", "x": [0, 1, 2], "inputs": 1, "y": [0, 1, 1]},
          "model": {"output": {"activation": "sigmoid"}}})");
  CHECK(custom_sigmoid.data.classes == 2);
  CHECK(custom_sigmoid.train.loss == Loss::bce);

  const ExperimentConfig custom_softmax = parsed(
      R"({"data": {"kind": "custom", "x": [0, 1, 2], "inputs": 1, "y": [0, 1, 2]},
          "model": {"output": {"activation": "softmax", "units": 3}}})");
  CHECK(custom_softmax.data.classes == 3);
}

TEST_CASE("batchSize and every default to what the run allows", "[config]") {
  CHECK(parsed(R"({"data": {"n": 10}})").train.batch_size == 8);  // 10 − round(10·0.2)
  CHECK(parsed(R"({"steps": 5})").every == 5);
  CHECK(parsed(R"({"steps": 0})").every == 1);
  CHECK(parsed(R"({"steps": 0, "every": 1})").every == 1);
}

TEST_CASE("integers may be written as floats with no fraction", "[config]") {
  const ExperimentConfig c = parsed(R"({"seed": 7.0, "data": {"n": 4e2}, "steps": 1e3})");
  CHECK(c.seed == 7u);
  CHECK(c.data.n == 400);
  CHECK(c.steps == 1000);
  CHECK(parsed(R"({"seed": 9007199254740991})").seed == 9007199254740991ull);
}

TEST_CASE("the limits themselves are accepted", "[config]") {
  CHECK(error_of(R"({"train": {"optimizer": {"lr": 1e6}}})") == "ok");  // the divergence demo
  CHECK(error_of(R"({"data": {"n": 100000, "testFraction": 0.9, "noise": 10}})") == "ok");
  CHECK(error_of(R"({"model": {"layers": [{"units": 1024}, {"units": 1024}, {"units": 1024}]}})") == "ok");
  CHECK(error_of(R"({"data": {"n": 400}, "train": {"batchSize": 320}})") == "ok");
  CHECK(error_of(R"({"steps": 1000000, "every": 1000000})") == "ok");
  std::string layers;
  for (int i = 0; i < 32; ++i) layers += std::string(i ? "," : "") + R"({"units": 4})";
  CHECK(error_of(R"({"model": {"layers": [)" + layers + "]}}") == "ok");
}

// ======================================================= syntax and fields

TEST_CASE("syntax errors are reported with their position", "[config]") {
  CHECK(error_of(R"({"a":)") ==
        "config is not valid JSON: parse error at line 1, column 6: syntax error while parsing value - "
        "unexpected end of input; expected '[', '{', or a literal");
  CHECK(error_of("").rfind("config is not valid JSON: parse error at line 1, column 1", 0) == 0);
  CHECK(error_of("{} {}").rfind("config is not valid JSON: parse error at line 1, column 4", 0) == 0);
  CHECK(error_of(R"({"seed": 1e999})") == "config is not valid JSON: number overflow parsing '1e999'");
  CHECK(error_of(R"({"seed": NaN})").rfind("config is not valid JSON: parse error", 0) == 0);
  CHECK(kind_of("{") == ErrorKind::type);
}

TEST_CASE("the config must be an object", "[config]") {
  CHECK(error_of("[1]") == "config must be an object, got [1]");
  CHECK(error_of("3") == "config must be an object, got 3");
  CHECK(error_of(R"({"data": 3})") == "data must be an object, got 3");
  CHECK(error_of(R"({"model": []})") == "model must be an object, got []");
  CHECK(error_of(R"({"model": {"output": "sigmoid"}})") == "model.output must be an object, got \"sigmoid\"");
  CHECK(error_of(R"({"model": {"layers": [16]}})") == "model.layers[0] must be an object, got 16");
  CHECK(error_of(R"({"train": null})") == "train must be an object, got null");
  CHECK(error_of(R"({"train": {"optimizer": "adam"}})") == "train.optimizer must be an object, got \"adam\"");
}

TEST_CASE("unknown fields are errors naming them and the allowed ones", "[config]") {
  CHECK(error_of(R"({"sedd": 1})") == "unknown field sedd (allowed: seed, data, model, train, steps, every)");
  CHECK(error_of(R"({"data": {"nosie": 0.1}})") ==
        "unknown field data.nosie (allowed: kind, n, noise, testFraction, classes, standardize, x, y, inputs, columns, "
        "classNames, droppedRows)");
  CHECK(error_of(R"({"model": {"layers": [{}, {"unit": 3}]}})") ==
        "unknown field model.layers[1].unit (allowed: units, activation, params)");
  CHECK(error_of(R"({"model": {"output": {"units": 1, "head": "sigmoid"}}})") ==
        "unknown field model.output.head (allowed: units, activation)");
  CHECK(error_of(R"({"model": {"bias_init": 0}})") ==
        "unknown field model.bias_init (allowed: inputs, layers, output, init, initStd, biasInit)");
  CHECK(error_of(R"({"train": {"batch_size": 32}})") ==
        "unknown field train.batch_size (allowed: loss, optimizer, batchSize, weightDecay, clipNorm)");
  CHECK(error_of(R"({"train": {"optimizer": {"learningRate": 0.1}}})") ==
        "unknown field train.optimizer.learningRate (allowed: kind, lr, momentum, nesterov, rho, beta1, beta2, "
        "epsilon)");
  CHECK(kind_of(R"({"sedd": 1})") == ErrorKind::type);
}

TEST_CASE("a config over the size cap is refused before parsing", "[config]") {
  const std::string huge(static_cast<std::size_t>(kMaxConfigBytes) + 1, ' ');
  CHECK(error_of(huge) == "config must be at most 67108864 bytes of JSON, got 67108865");
}

// ==================================================================== seed

TEST_CASE("seed must be an integer 0..2^53-1", "[config]") {
  CHECK(error_of(R"({"seed": -1})") == "seed must be 0..9007199254740991, got -1");
  CHECK(error_of(R"({"seed": 9007199254740992})") == "seed must be 0..9007199254740991, got 9007199254740992");
  CHECK(error_of(R"({"seed": 1.5})") == "seed must be an integer, got 1.5");
  CHECK(error_of(R"({"seed": "1"})") == "seed must be an integer, got \"1\"");
  CHECK(kind_of(R"({"seed": "1"})") == ErrorKind::type);
  CHECK(kind_of(R"({"seed": -1})") == ErrorKind::range);
}

// ==================================================================== data

TEST_CASE("data fields: kind, n, noise, testFraction, classes", "[config]") {
  CHECK(error_of(R"({"data": {"kind": "moon"}})") ==
        "data.kind must be one of moons, circles, xor, spiral, blobs, sin, abs, step, iris, wine, breast_cancer, "
        "digits, custom, got \"moon\"");
  CHECK(error_of(R"({"data": {"kind": 1}})") ==
        "data.kind must be one of moons, circles, xor, spiral, blobs, sin, abs, step, iris, wine, breast_cancer, "
        "digits, custom, got 1");
  CHECK(kind_of(R"({"data": {"kind": "moon"}})") == ErrorKind::type);
  CHECK(error_of(R"({"data": {"n": 0}})") == "data.n must be 1..100000, got 0");
  CHECK(error_of(R"({"data": {"n": 100001}})") == "data.n must be 1..100000, got 100001");
  CHECK(error_of(R"({"data": {"n": 1e300}})") == "data.n must be 1..100000, got 1e+300");
  CHECK(error_of(R"({"data": {"n": 400.5}})") == "data.n must be an integer, got 400.5");
  CHECK(error_of(R"({"data": {"noise": -0.1}})") == "data.noise must be 0..10, got -0.1");
  CHECK(error_of(R"({"data": {"noise": 11}})") == "data.noise must be 0..10, got 11");
  CHECK(error_of(R"({"data": {"noise": "0.1"}})") == "data.noise must be a number, got \"0.1\"");
  CHECK(error_of(R"({"data": {"noise": null}})") == "data.noise must be a number, got null");
  CHECK(error_of(R"({"data": {"testFraction": 0.95}})") == "data.testFraction must be 0..0.9, got 0.95");
  CHECK(error_of(R"({"data": {"testFraction": -0.1}})") == "data.testFraction must be 0..0.9, got -0.1");
  CHECK(error_of(R"({"data": {"kind": "spiral", "classes": 1}})") == "data.classes must be 2..10, got 1");
  CHECK(error_of(R"({"data": {"kind": "blobs", "classes": 11}})") == "data.classes must be 2..10, got 11");
  CHECK(kind_of(R"({"data": {"n": 0}})") == ErrorKind::range);
}

TEST_CASE("custom-data fields are only for custom data", "[config]") {
  CHECK(error_of(R"({"data": {"x": [1], "y": [1]}})") ==
        "data.x is only allowed when data.kind is custom, got data.kind moons");
  CHECK(error_of(R"({"data": {"kind": "sin", "inputs": 1}})") ==
        "data.inputs is only allowed when data.kind is custom, got data.kind sin");
}

TEST_CASE("custom data is validated", "[config]") {
  auto custom = [](const std::string& fields) {
    return error_of(R"({"data": {"kind": "custom", )" + fields + "}}");
  };
  CHECK(custom(R"("y": [1])") == "data.x and data.y are required when data.kind is custom");
  CHECK(custom(R"("x": [[1]], "y": 1)") == "data.y must be an array, got 1");
  CHECK(custom(R"("x": [], "y": [])") == "data.y length must be 1..100000, got 0");
  CHECK(custom(R"("x": [[1], [2]], "y": [1, 2], "n": 3)") == "data.n must be 2 (the length of data.y), got 3");
  CHECK(custom(R"("x": [[1], [2]], "y": [1, "2"])") == "data.y[1] must be a number, got \"2\"");
  CHECK(custom(R"("x": [[1], [2]], "y": [1, 10000000])") == "data.y[1] must be -1000000..1000000, got 10000000");
  CHECK(custom(R"("x": {}, "y": [1, 2])") == "data.x must be an array, got {}");
  CHECK(custom(R"("x": [1, 2], "y": [1, 2])") == "data.inputs is required when data.x is a flat array");
  CHECK(custom(R"("x": [1, 2, 3, 4, 5], "inputs": 2, "y": [1, 2, 3])") ==
        "data.x must have 6 numbers (data.y entries × data.inputs), got 5");
  CHECK(custom(R"("x": [1, 2], "inputs": 65, "y": [1, 2])") == "data.inputs must be 1..64, got 65");
  CHECK(custom(R"("x": [[1, 2], [3, 4]], "y": [1, 2, 3])") == "data.x must have 3 rows (one per data.y entry), got 2");
  CHECK(custom(R"("x": [[1, 2], [3], [5, 6]], "y": [1, 2, 3])") ==
        "data.x[1] must be an array of 2 numbers (data.inputs), got [3]");
  CHECK(custom(R"("x": [[1, 2], [null, 4]], "y": [1, 2])") == "data.x[1][0] must be a number, got null");
  CHECK(custom(R"("x": [[1, 2], [3, -2000000]], "y": [1, 2])") ==
        "data.x[1][1] must be -1000000..1000000, got -2000000");
  CHECK(custom(R"("x": [0, 1, 2], "inputs": 1, "y": [0, 1, 2], "classes": 2)") ==
        "data.y[2] must be a class index 0..1 (data.classes is 2), got 2");
  CHECK(custom(R"("x": [0, 1, 2], "inputs": 1, "y": [0, 0.5, 1], "classes": 2)") ==
        "data.y[1] must be a class index 0..1 (data.classes is 2), got 0.5");
  CHECK(custom(R"("x": [0, 1], "inputs": 1, "y": [0, 1], "classes": 1)") ==
        "data.classes must be 0 (regression) or 2..10 for custom data, got 1");
  CHECK(error_of(R"({"data": {"kind": "custom", "x": [0, 1], "inputs": 1, "y": [0, 1]},
                     "model": {"output": {"activation": "softmax"}}})") ==
        "data.classes is required for custom data with a softmax head");
  CHECK(error_of(R"({"data": {"kind": "custom", "x": [0, 1], "inputs": 1, "y": [0, 1]},
                     "model": {"output": {"activation": "sigmoid"}}})") == "ok");
  CHECK(error_of(R"({"data": {"kind": "custom", "x": [0, 1], "inputs": 1, "y": [0, 1]},
                     "model": {"output": {"activation": "softmax", "units": 11}}})") ==
        "data.classes must be 2..10, got 11");
  CHECK(custom(R"("x": [[], []], "y": [1, 2])") == "data.x[0] length (data.inputs) must be 1..64, got 0");
  CHECK(custom(R"("x": [[1], [2]], "inputs": 2, "y": [1, 2])") ==
        "data.x[0] must be an array of 2 numbers (data.inputs), got [1]");
}

// =================================================================== model

TEST_CASE("model fields: inputs, layers, units, activation, params", "[config]") {
  CHECK(error_of(R"({"model": {"inputs": 0}})") == "model.inputs must be 1..64, got 0");
  CHECK(error_of(R"({"model": {"inputs": 3}})") == "model.inputs must be 2 to match the data (data.kind moons), got 3");
  CHECK(error_of(R"({"data": {"kind": "sin"}, "model": {"inputs": 2}})") ==
        "model.inputs must be 1 to match the data (data.kind sin), got 2");
  CHECK(error_of(R"({"model": {"layers": {}}})") == "model.layers must be an array, got {}");
  std::string layers;
  for (int i = 0; i < 33; ++i) layers += std::string(i ? "," : "") + "{}";
  CHECK(error_of(R"({"model": {"layers": [)" + layers + "]}}") == "model.layers length must be 0..32, got 33");
  // The issue's own example message.
  CHECK(error_of(R"({"model": {"layers": [{}, {}, {"units": 0}]}})") == "model.layers[2].units must be 1..1024, got 0");
  CHECK(error_of(R"({"model": {"layers": [{"units": 1025}]}})") == "model.layers[0].units must be 1..1024, got 1025");
  CHECK(error_of(R"({"model": {"layers": [{"units": "16"}]}})") == "model.layers[0].units must be an integer, got \"16\"");
  CHECK(error_of(R"({"model": {"layers": [{"activation": "relu7"}]}})") ==
        "model.layers[0].activation must be one of identity, sigmoid, tanh, relu, relu6, leaky_relu, prelu, elu, "
        "selu, gelu, gelu_tanh, silu, mish, softplus, hardsigmoid, hardswish, softsign, custom, got \"relu7\"");
  CHECK(kind_of(R"({"model": {"layers": [{"activation": 3}]}})") == ErrorKind::type);
  CHECK(error_of(R"({"model": {"layers": [{"activation": "elu", "params": 1}]}})") ==
        "model.layers[0].params must be an object, got 1");
  CHECK(error_of(R"({"model": {"layers": [{"activation": "elu", "params": {"alpha": "1"}}]}})") ==
        "model.layers[0].params.alpha must be a number, got \"1\"");
  CHECK(error_of(R"({"model": {"layers": [{"activation": "elu", "params": {"alpha": 20}}]}})") ==
        "model.layers[0].params.alpha must be 0.01..10, got 20");
  CHECK(error_of(R"({"model": {"layers": [{}, {"activation": "leaky_relu", "params": {"negative_slop": 0.1}}]}})") ==
        "model.layers[1].params.negative_slop: leaky_relu has no parameter 'negative_slop' (it takes: "
        "negative_slope)");
  CHECK(error_of(R"({"model": {"layers": [{"params": {"alpha": 1}}]}})") ==
        "model.layers[0].params.alpha: relu has no parameter 'alpha' (it takes none)");
}

TEST_CASE("model fields: output, init, initStd, biasInit", "[config]") {
  CHECK(error_of(R"({"model": {"output": {"units": 0}}})") == "model.output.units must be 1..1024, got 0");
  CHECK(error_of(R"({"model": {"output": {"activation": "relu"}}})") ==
        "model.output.activation must be one of sigmoid, softmax, identity, got \"relu\"");
  CHECK(error_of(R"({"model": {"init": "glorot"}})") ==
        "model.init must be one of zeros, uniform, normal, xavier_uniform, xavier_normal, he_uniform, he_normal, "
        "lecun_normal, got \"glorot\"");
  CHECK(error_of(R"({"model": {"initStd": -1}})") == "model.initStd must be 0..100, got -1");
  CHECK(error_of(R"({"model": {"biasInit": 1000}})") == "model.biasInit must be -100..100, got 1000");
  CHECK(error_of(R"({"model": {"biasInit": -3}})") == "ok");  // dying-ReLU demos
}

TEST_CASE("the output head must fit the data and its units", "[config]") {
  CHECK(error_of(R"({"model": {"output": {"units": 2}}})") == "model.output.units must be 1 for a sigmoid head, got 2");
  CHECK(error_of(R"({"data": {"kind": "sin"}, "model": {"output": {"units": 2}}})") ==
        "model.output.units must be 1 for data.kind sin (one target per example), got 2");
  CHECK(error_of(R"({"data": {"kind": "spiral"}, "model": {"output": {"units": 2}}})") ==
        "model.output.units must be 3 for a softmax head on 3-class data, got 2");
  CHECK(error_of(R"({"data": {"kind": "sin"}, "model": {"output": {"activation": "sigmoid"}}})") ==
        "model.output.activation must be identity for regression data (data.kind sin), got sigmoid");
  CHECK(error_of(R"({"model": {"output": {"activation": "identity"}}})") ==
        "model.output.activation must be sigmoid or softmax for classification data (data.kind moons), got identity");
  CHECK(error_of(R"({"data": {"kind": "spiral"}, "model": {"output": {"activation": "sigmoid"}}})") ==
        "model.output.activation must be softmax for 3-class data (data.kind spiral), got sigmoid");
  CHECK(error_of(R"({"model": {"output": {"activation": "softmax", "units": 2}}})") == "ok");
}

TEST_CASE("the loss must match the head", "[config]") {
  CHECK(error_of(R"({"train": {"loss": "mse"}})") == "train.loss must be bce for a sigmoid head, got mse");
  CHECK(error_of(R"({"data": {"kind": "spiral"}, "train": {"loss": "bce"}})") ==
        "train.loss must be softmax_ce for a softmax head, got bce");
  CHECK(error_of(R"({"data": {"kind": "abs"}, "train": {"loss": "softmax_ce"}})") ==
        "train.loss must be mse for a identity head, got softmax_ce");
  CHECK(error_of(R"({"train": {"loss": "hinge"}})") == "train.loss must be one of bce, softmax_ce, mse, got \"hinge\"");
  CHECK(kind_of(R"({"train": {"loss": "mse"}})") == ErrorKind::range);
}

TEST_CASE("models over the parameter cap are refused", "[config]") {
  // 2·1024+1024 + 4·(1024·1024+1024) + 1024+1 = 4202497 parameters.
  CHECK(error_of(R"({"model": {"layers": [{"units": 1024}, {"units": 1024}, {"units": 1024}, {"units": 1024},
                                          {"units": 1024}]}})") ==
        "model has 4202497 parameters, more than the 4000000 allowed (use fewer or narrower model.layers)");
}

// =================================================================== train

TEST_CASE("train fields: optimizer, batchSize, weightDecay, clipNorm", "[config]") {
  CHECK(error_of(R"({"train": {"optimizer": {"kind": "adagrad"}}})") ==
        "train.optimizer.kind must be one of sgd, momentum, rmsprop, adam, got \"adagrad\"");
  CHECK(error_of(R"({"train": {"optimizer": {"lr": 0}}})") == "train.optimizer.lr must be in (0, 1000000], got 0");
  CHECK(error_of(R"({"train": {"optimizer": {"lr": 2e6}}})") ==
        "train.optimizer.lr must be in (0, 1000000], got 2000000.0");
  CHECK(error_of(R"({"train": {"optimizer": {"lr": "0.1"}}})") == "train.optimizer.lr must be a number, got \"0.1\"");
  CHECK(error_of(R"({"train": {"optimizer": {"momentum": 1}}})") == "train.optimizer.momentum must be in [0, 1), got 1");
  CHECK(error_of(R"({"train": {"optimizer": {"rho": -0.1}}})") == "train.optimizer.rho must be in [0, 1), got -0.1");
  CHECK(error_of(R"({"train": {"optimizer": {"beta1": 1.5}}})") == "train.optimizer.beta1 must be in [0, 1), got 1.5");
  CHECK(error_of(R"({"train": {"optimizer": {"beta2": 1}}})") == "train.optimizer.beta2 must be in [0, 1), got 1");
  CHECK(error_of(R"({"train": {"optimizer": {"epsilon": 0}}})") == "train.optimizer.epsilon must be in (0, 1], got 0");
  CHECK(error_of(R"({"train": {"optimizer": {"nesterov": 1}}})") ==
        "train.optimizer.nesterov must be true or false, got 1");
  // The brief's example of a type error.
  CHECK(error_of(R"({"train": {"batchSize": "32"}})") == "train.batchSize must be an integer, got \"32\"");
  CHECK(kind_of(R"({"train": {"batchSize": "32"}})") == ErrorKind::type);
  CHECK(error_of(R"({"train": {"batchSize": 0}})") == "train.batchSize must be 1..100000, got 0");
  CHECK(error_of(R"({"train": {"batchSize": 321}})") ==
        "train.batchSize must be 1..320 (the training examples after the test split), got 321");
  CHECK(error_of(R"({"train": {"weightDecay": 2}})") == "train.weightDecay must be 0..1, got 2");
  CHECK(error_of(R"({"train": {"clipNorm": -1}})") == "train.clipNorm must be 0..1000000, got -1");
}

TEST_CASE("batches over the activation-memory cap are refused", "[config]") {
  CHECK(error_of(R"({"data": {"n": 100000}, "train": {"batchSize": 3000},
                     "model": {"layers": [{"units": 1024}, {"units": 1024}, {"units": 1024}]}})") ==
        "train.batchSize × units of all layers must be at most 8000000, got 3000 × 3073 = 9219000 (use a smaller "
        "batch or narrower layers)");
}

TEST_CASE("steps and every", "[config]") {
  CHECK(error_of(R"({"steps": -1})") == "steps must be 0..1000000, got -1");
  CHECK(error_of(R"({"steps": 1000001})") == "steps must be 0..1000000, got 1000001");
  CHECK(error_of(R"({"every": 0})") == "every must be 1..1000, got 0");
  CHECK(error_of(R"({"steps": 100, "every": 101})") == "every must be 1..100, got 101");
}

// ================================================== several regression targets

TEST_CASE("custom data.y may hold rows of regression targets; the identity head follows their length", "[config]") {
  const ExperimentConfig c = parsed(
      R"({"data": {"kind": "custom", "x": [[0], [1], [2]], "y": [[0.5, -1], [1.5, -2], [2.5, -3]]}})");
  CHECK(c.data.custom_targets == 2);
  CHECK(c.data.n == 3);
  CHECK(c.data.classes == 0);
  CHECK(c.data.custom_y == std::vector<float>{0.5f, -1, 1.5f, -2, 2.5f, -3});
  CHECK(c.model.output.activation == Head::identity);
  CHECK(c.model.output.units == 2);
  CHECK(c.train.loss == Loss::mse);
  // One target per row is the same as plain numbers.
  CHECK(parsed(R"({"data": {"kind": "custom", "x": [[0], [1]], "y": [[3], [4]]}})").data.custom_targets == 1);

  auto custom = [](const std::string& fields) {
    return error_of(R"({"data": {"kind": "custom", "x": [[0], [1]], )" + fields + "}}");
  };
  CHECK(custom(R"("y": [[1, 2], [3]])") == "data.y[1] must be an array of 2 numbers (as long as data.y[0]), got [3]");
  CHECK(custom(R"("y": [[1, 2], 3])") == "data.y[1] must be an array of 2 numbers (as long as data.y[0]), got 3");
  CHECK(custom(R"("y": [[], []])") == "data.y[0] length (targets per example) must be 1..10, got 0");
  CHECK(custom(R"("y": [[1,2,3,4,5,6,7,8,9,10,11], [1,2,3,4,5,6,7,8,9,10,11]])") ==
        "data.y[0] length (targets per example) must be 1..10, got 11");
  CHECK(custom(R"("y": [[1, "2"], [3, 4]])") == "data.y[0][1] must be a number, got \"2\"");
  CHECK(custom(R"("y": [[1, 2], [3, 20000000]])") == "data.y[1][1] must be -1000000..1000000, got 20000000");
  CHECK(custom(R"("y": [[0, 1], [1, 0]], "classes": 2)") ==
        "data.y must hold one class index per example for 2-class data, got rows of 2 targets (rows are for "
        "regression)");
  CHECK(error_of(R"({"data": {"kind": "custom", "x": [[0], [1]], "y": [[0, 1], [1, 0]]},
                    "model": {"output": {"activation": "sigmoid"}}})") ==
        "data.y must hold one class index per example for 2-class data, got rows of 2 targets (rows are for "
        "regression)");
  CHECK(error_of(R"({"data": {"kind": "custom", "x": [[0], [1]], "y": [[0, 1], [1, 0]]},
                    "model": {"output": {"units": 3}}})") ==
        "model.output.units must be 2 (data.y has 2 targets per example), got 3");
  CHECK(error_of(R"({"data": {"kind": "custom", "x": [[0], [1]], "y": [0, 1]},
                    "model": {"output": {"units": 2}}})") ==
        "model.output.units must be 1 (data.y has 1 target per example), got 2");
  CHECK(kind_of(R"({"data": {"kind": "custom", "x": [[0], [1]], "y": [[1, 2], [3]]}})") == ErrorKind::type);

  // The canonical form keeps the rows, and reads back the same.
  const std::string canonical = to_json(c);
  CHECK(canonical.find(R"("y":[[0.5,-1.0],[1.5,-2.0],[2.5,-3.0]])") != std::string::npos);
  CHECK(to_json(parsed(canonical)) == canonical);
}

// ========================================================== parse_model

TEST_CASE("parse_model reads the model section on its own", "[config]") {
  ModelConfig model;
  REQUIRE(parse_model(R"({"inputs": 3, "layers": [{"units": 8, "activation": "prelu", "params": {"init": 0.5}}]})",
                      &model));
  CHECK(model.inputs == 3);
  REQUIRE(model.layers.size() == 1);
  CHECK(model.layers[0].activation == Act::prelu);
  CHECK(model.layers[0].params.p[0] == 0.5f);
  CHECK(model.output.activation == Head::sigmoid);
  CHECK(model.output.units == 1);

  REQUIRE(parse_model(R"({"output": {"activation": "softmax"}})", &model));
  CHECK(model.output.units == 2);
  CHECK(model.layers.size() == 2);
  CHECK(model.inputs == 2);

  CHECK(model_error_of(R"({"output": {"activation": "softmax", "units": 1}})") ==
        "model.output.units must be 2..1024 for a softmax head, got 1");
  CHECK(model_error_of(R"({"output": {"activation": "identity", "units": 3}})") == "ok");  // 3 regression targets
  CHECK(model_error_of(R"({"output": {"activation": "identity", "units": 11}})") ==
        "model.output.units must be 1..10 for an identity head, got 11");
  CHECK(model_error_of(R"({"layer": []})") ==
        "unknown field model.layer (allowed: inputs, layers, output, init, initStd, biasInit)");
  CHECK(model_error_of("[]") == "model must be an object, got []");
  CHECK(model_error_of(R"({"layers": [{"units": 0}]})") == "model.layers[0].units must be 1..1024, got 0");
}

// ============================================================ round trip

TEST_CASE("to_json then parse gives the same config", "[config]") {
  const char* const configs[] = {
      kExample,
      "{}",
      R"({"seed": 123456789, "data": {"kind": "spiral", "classes": 4, "n": 1000, "noise": 0.25, "testFraction": 0},
          "model": {"layers": [{"units": 7, "activation": "prelu", "params": {"init": 0.3}},
                               {"units": 5, "activation": "softplus", "params": {"beta": 1.7, "threshold": 15}},
                               {"units": 3, "activation": "elu", "params": {"alpha": 0.1}}],
                    "init": "normal", "initStd": 0.37, "biasInit": -1.25},
          "train": {"optimizer": {"kind": "adam", "lr": 0.003, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-7},
                    "batchSize": 17, "weightDecay": 0.0001, "clipNorm": 5},
          "steps": 777, "every": 7})",
      R"({"data": {"kind": "sin", "noise": 0}, "model": {"layers": []},
          "train": {"optimizer": {"kind": "momentum", "momentum": 0.5, "nesterov": true}}})",
      R"({"data": {"kind": "custom", "x": [[0.1, -0.2], [0.3, 0.4], [1e-3, 7]], "y": [0, 1, 0], "testFraction": 0},
          "model": {"output": {"activation": "sigmoid"}}, "train": {"batchSize": 3}})",
      R"({"data": {"kind": "custom", "x": [0.1, 0.2, 0.3, 0.4], "inputs": 1, "y": [0.5, -1.5, 2.25, 3]},
          "train": {"optimizer": {"kind": "rmsprop", "rho": 0.95}}})",
  };
  for (const char* text : configs) {
    INFO(text);
    const ExperimentConfig first = parsed(text);
    const std::string canonical = to_json(first);
    const ExperimentConfig second = parsed(canonical);
    CHECK(to_json(second) == canonical);
    CHECK(second.seed == first.seed);
    CHECK(second.data.kind == first.data.kind);
    CHECK(second.data.n == first.data.n);
    CHECK(second.data.noise == first.data.noise);
    CHECK(second.data.test_fraction == first.data.test_fraction);
    CHECK(second.data.classes == first.data.classes);
    CHECK(second.data.custom_x == first.data.custom_x);
    CHECK(second.data.custom_y == first.data.custom_y);
    CHECK(second.data.custom_inputs == first.data.custom_inputs);
    CHECK(second.model.inputs == first.model.inputs);
    REQUIRE(second.model.layers.size() == first.model.layers.size());
    for (std::size_t i = 0; i < first.model.layers.size(); ++i) {
      CHECK(second.model.layers[i].units == first.model.layers[i].units);
      CHECK(second.model.layers[i].activation == first.model.layers[i].activation);
      CHECK(second.model.layers[i].params.p[0] == first.model.layers[i].params.p[0]);
      CHECK(second.model.layers[i].params.p[1] == first.model.layers[i].params.p[1]);
    }
    CHECK(second.model.output.units == first.model.output.units);
    CHECK(second.model.output.activation == first.model.output.activation);
    CHECK(second.model.init == first.model.init);
    CHECK(second.model.init_std == first.model.init_std);
    CHECK(second.model.bias_init == first.model.bias_init);
    CHECK(second.train.loss == first.train.loss);
    CHECK(second.train.optimizer.kind == first.train.optimizer.kind);
    CHECK(second.train.optimizer.lr == first.train.optimizer.lr);
    CHECK(second.train.optimizer.momentum == first.train.optimizer.momentum);
    CHECK(second.train.optimizer.nesterov == first.train.optimizer.nesterov);
    CHECK(second.train.optimizer.rho == first.train.optimizer.rho);
    CHECK(second.train.optimizer.beta1 == first.train.optimizer.beta1);
    CHECK(second.train.optimizer.beta2 == first.train.optimizer.beta2);
    CHECK(second.train.optimizer.epsilon == first.train.optimizer.epsilon);
    CHECK(second.train.batch_size == first.train.batch_size);
    CHECK(second.train.weight_decay == first.train.weight_decay);
    CHECK(second.train.clip_norm == first.train.clip_norm);
    CHECK(second.steps == first.steps);
    CHECK(second.every == first.every);
  }
}

TEST_CASE("to_json without custom data leaves out x and y only, and parses back with the arrays beside it", "[config]") {
  // Multi-target regression (2 targets per row) and classification with names.
  const char* const configs[] = {
      R"({"seed": 4, "data": {"kind": "custom", "x": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], "inputs": 2,
          "y": [[1, 2], [3, 4], [5, 6.5]], "testFraction": 0}, "steps": 9})",
      R"({"data": {"kind": "custom", "x": [[0.1, -0.2], [0.3, 0.4], [1e-3, 7], [2, 2]], "y": [0, 1, 2, 1],
          "classes": 3, "classNames": ["a", "b", "c"], "columns": ["u", "v"], "standardize": true}})",
  };
  for (const char* text : configs) {
    INFO(text);
    const ExperimentConfig full = parsed(text);
    const std::string lean = to_json(full, false);
    const nlohmann::json leanJson = nlohmann::json::parse(lean);
    CHECK_FALSE(leanJson["data"].contains("x"));
    CHECK_FALSE(leanJson["data"].contains("y"));
    // Everything else is the full JSON's.
    nlohmann::json fullJson = nlohmann::json::parse(to_json(full));
    fullJson["data"].erase("x");
    fullJson["data"].erase("y");
    CHECK(leanJson == fullJson);
    // The lean text with the arrays beside it is the same config.
    CustomArrays arrays;
    arrays.x = full.data.custom_x.data();
    arrays.x_count = full.data.custom_x.size();
    arrays.y = full.data.custom_y.data();
    arrays.y_count = full.data.custom_y.size();
    ExperimentConfig again;
    REQUIRE(parse_experiment(lean, arrays, &again));
    CHECK(to_json(again) == to_json(full));
  }
  // Not custom data: the same text either way.
  const ExperimentConfig moons = parsed(kExample);
  CHECK(to_json(moons, false) == to_json(moons));
}

TEST_CASE("to_json of the struct defaults parses back to itself", "[config]") {
  const ExperimentConfig defaults;
  const std::string canonical = to_json(defaults);
  CHECK(to_json(parsed(canonical)) == canonical);
}

// ============================================================ robustness

TEST_CASE("a rejected config leaves the output untouched", "[config]") {
  ExperimentConfig config;
  config.steps = 4242;
  CHECK_FALSE(parse_experiment(R"({"steps": 5, "every": 0})", &config).ok());
  CHECK(config.steps == 4242);
}

TEST_CASE("no prefix, corruption or odd value of a config throws", "[config]") {
  const std::string example = kExample;
  for (std::size_t length = 0; length <= example.size(); ++length) {
    ExperimentConfig config;
    REQUIRE_NOTHROW(parse_experiment(example.substr(0, length), &config));
  }
  for (std::size_t i = 0; i < example.size(); i += 3) {
    for (char c : {'"', '{', ']', '0', '-', '\0', '\xff', 'e', '.'}) {
      std::string mutated = example;
      mutated[i] = c;
      ExperimentConfig config;
      REQUIRE_NOTHROW(parse_experiment(mutated, &config));
    }
  }
  const char* const odd[] = {
      "null", "true", "\"x\"", "[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]", R"({"data": {"kind": null}})",
      R"({"model": {"layers": [[], null, 1]}})", R"({"model": {"layers": [{"params": []}]}})",
      R"({"data": {"kind": "custom", "x": [[]], "y": [1]}})", R"({"data": {"kind": "custom", "x": [[1]], "y": [[[1]]]}})",
      R"({"steps": 18446744073709551615})", R"({"steps": -9223372036854775808})", R"({"seed": 1e308})",
      R"({"data": {"n": -0.0}})", "{\"\xc3\x28\": 1}"};
  for (const char* text : odd) {
    ExperimentConfig config;
    Status s;
    REQUIRE_NOTHROW(s = parse_experiment(text, &config));
    CHECK_FALSE(s.ok());
    ModelConfig model;
    REQUIRE_NOTHROW(parse_model(text, &model));
  }
  // Deep nesting is handled without recursion.
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  ExperimentConfig config;
  CHECK(error_of(deep) == "config must be an object, got [[[[...]]]]");
  CHECK(error_of(R"({"model": {"layers": [{"units": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}]}})") ==
        "model.layers[0].units must be an integer, got [1,2,3,4,5,6,7,8,...]");
}
