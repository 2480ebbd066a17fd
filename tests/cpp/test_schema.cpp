// test_schema.cpp — the config schema table (actlab/schema.hpp): it is
// complete and well-formed, its defaults are the reader's and the structs',
// its ranges are the ones the reader enforces (at the limits and just past
// them), and schema_json() describes it as lab.schema promises.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "actlab/config.hpp"
#include "actlab/schema.hpp"

using namespace actlab;
using json = nlohmann::json;

namespace {

// The value at a schema path in a to_json document; list entries read from entry 0.
const json* at_path(const json& root, const std::string& path) {
  const json* node = &root;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t dot = path.find('.', start);
    std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    const bool entry = key.size() > 2 && key.compare(key.size() - 2, 2, "[]") == 0;
    if (entry) key.resize(key.size() - 2);
    if (!node->is_object() || !node->contains(key)) return nullptr;
    node = &(*node)[key];
    if (entry) {
      if (!node->is_array() || node->empty()) return nullptr;
      node = &(*node)[0];
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return node;
}

std::string error_of(const std::string& text) {
  ExperimentConfig config;
  const Status s = parse_experiment(text, &config);
  return s ? std::string("ok") : s.message;
}

// A config with `value` written at `path` (no list entries).
std::string with_value(const std::string& path, const std::string& value) {
  std::string text = value;
  std::size_t end = path.size();
  for (;;) {
    const std::size_t dot = path.rfind('.', end - 1);
    const std::size_t start = dot == std::string::npos ? 0 : dot + 1;
    text = "{\"" + path.substr(start, end - start) + "\": " + text + "}";
    if (dot == std::string::npos) break;
    end = dot;
  }
  return text;
}

}  // namespace

TEST_CASE("every field has a unique path, a known parent and a meaning", "[schema]") {
  std::set<std::string> paths;
  for (int i = 0; i < kFieldCount; ++i) {
    const FieldSchema& f = field_schema(static_cast<Field>(i));
    INFO(f.path);
    CHECK(static_cast<int>(f.id) == i);
    CHECK(paths.insert(f.path).second);
    CHECK(f.meaning != nullptr);
    CHECK(std::string(f.meaning).size() > 3);
    const std::string parent(field_parent(f.id));
    if (!parent.empty()) {
      // The parent is an earlier object, or an earlier list for "x[]" entries.
      const bool entry = parent.size() > 2 && parent.compare(parent.size() - 2, 2, "[]") == 0;
      const std::string owner = entry ? parent.substr(0, parent.size() - 2) : parent;
      bool found = false;
      for (int j = 0; j < i; ++j) {
        const FieldSchema& g = field_schema(static_cast<Field>(j));
        if (g.path == owner) found = g.type == (entry ? FieldType::list : FieldType::object);
      }
      CHECK(found);
    }
    if (f.type == FieldType::choice) CHECK(f.name_count > 0);
    if (f.type == FieldType::integer) {
      CHECK(f.limits.lo == std::floor(f.limits.lo));
      CHECK(f.limits.hi == std::floor(f.limits.hi));
    }
    // A default is given either as a value or in words.
    if (f.type != FieldType::object && f.type != FieldType::list && !f.custom_data_only) {
      CHECK((f.default_json != nullptr || f.default_words != nullptr));
    }
  }
}

TEST_CASE("the schema's defaults are the reader's and the structs'", "[schema]") {
  // Custom data, so that the fields only custom data has are written too.
  ExperimentConfig parsed;
  REQUIRE(parse_experiment(R"({"data": {"kind": "custom", "x": [[0], [1], [2]], "y": [0, 1, 2], "classes": 3}})",
                           &parsed)
              .ok());
  const json from_reader = json::parse(to_json(parsed));
  ExperimentConfig built;  // the member initialisers of config.hpp
  built.model.layers.resize(1);
  built.data.kind = DataKind::custom;
  const json from_structs = json::parse(to_json(built));
  int checked = 0;
  for (int i = 0; i < kFieldCount; ++i) {
    const FieldSchema& f = field_schema(static_cast<Field>(i));
    // data.kind and data.n are the custom data's here; the test of lab.schema checks them with {}.
    if (f.default_json == nullptr || f.id == Field::data_kind || f.id == Field::data_n) continue;
    INFO(f.path);
    const json expected = json::parse(f.default_json);
    const json* read = at_path(from_reader, f.path);
    const json* initial = at_path(from_structs, f.path);
    REQUIRE(read != nullptr);
    REQUIRE(initial != nullptr);
    CHECK(*read == expected);
    CHECK(*initial == expected);
    ++checked;
  }
  CHECK(checked >= 20);
}

TEST_CASE("the reader enforces each range of the table, at the limits and past them", "[schema]") {
  int checked = 0;
  for (int i = 0; i < kFieldCount; ++i) {
    const FieldSchema& f = field_schema(static_cast<Field>(i));
    const std::string path = f.path;
    // Fields whose range depends on others, or that live in lists, have their own tests (test_config.cpp).
    if ((f.type != FieldType::integer && f.type != FieldType::number) || path.find("[]") != std::string::npos ||
        f.custom_data_only || f.id == Field::every || f.id == Field::data_classes || f.id == Field::model_inputs ||
        f.id == Field::output_units || f.id == Field::train_batch_size) {
      continue;
    }
    INFO(path);
    const Limits& limits = f.limits;
    auto text = [](double v) {
      char buffer[40];
      std::snprintf(buffer, sizeof buffer, "%.17g", v);
      return std::string(buffer);
    };
    // Inside, at each closed end: accepted.
    const double inside = limits.lo_open ? (limits.lo + limits.hi) / 2 : limits.lo;
    CHECK(error_of(with_value(path, text(inside))) == "ok");
    if (!limits.hi_open) CHECK(error_of(with_value(path, text(limits.hi))) == "ok");
    // Past each end (or at an open end): refused with the table's range in the message.
    const double below = limits.lo_open ? limits.lo : limits.lo - (f.type == FieldType::integer ? 1 : 0.5);
    const double above = limits.hi_open ? limits.hi : limits.hi + (f.type == FieldType::integer ? 1 : 0.5 * limits.hi + 1);
    for (double bad : {below, above}) {
      const std::string message = error_of(with_value(path, text(bad)));
      CHECK(message.rfind(path + " must be " + limits.describe() + ", got ", 0) == 0);
    }
    ++checked;
  }
  CHECK(checked >= 14);
}

TEST_CASE("Limits::describe writes closed ranges as a..b and open ones as intervals", "[schema]") {
  CHECK(Limits{0, 9007199254740991.0, false, false}.describe() == "0..9007199254740991");
  CHECK(Limits{0, 1e6, true, false}.describe() == "in (0, 1000000]");
  CHECK(Limits{0, 1, false, true}.describe() == "in [0, 1)");
  CHECK(Limits{-100, 100, false, false}.describe() == "-100..100");
  CHECK(Limits{0, 0.9, false, false}.describe() == "0..0.9");
  CHECK_FALSE(Limits{0, 1, false, false}.contains(NAN));
}

TEST_CASE("choices: names by index and index by name", "[schema]") {
  int index = -1;
  REQUIRE(find_choice(Field::train_loss, "softmax_ce", &index));
  CHECK(index == static_cast<int>(Loss::softmax_ce));
  CHECK(std::string(choice_name(Field::output_activation, static_cast<int>(Head::identity))) == "identity");
  CHECK(std::string(choice_name(Field::data_kind, static_cast<int>(DataKind::xor_))) == "xor");
  CHECK_FALSE(find_choice(Field::model_init, "glorot", &index));
  CHECK(choice_list(Field::optimizer_kind) == "sgd, momentum, rmsprop, adam");
  CHECK(field_schema(Field::layer_activation).name_count == kActIdCount);  // the built-ins, then custom
  CHECK(std::string(choice_name(Field::layer_activation, static_cast<int>(Act::custom))) == "custom");
  CHECK(std::string(choice_name(Field::layer_activation, static_cast<int>(Act::leaky_relu))) == "leaky_relu");
}

TEST_CASE("schema_json describes every field as lab.schema promises", "[schema]") {
  const json schema = json::parse(schema_json());
  CHECK(schema["version"] == 1);
  REQUIRE(schema["fields"].size() == static_cast<std::size_t>(kFieldCount));
  const json& lr = schema["fields"][static_cast<int>(Field::optimizer_lr)];
  CHECK(lr["path"] == "train.optimizer.lr");
  CHECK(lr["type"] == "number");
  CHECK(lr["min"] == 0);
  CHECK(lr["max"] == 1e6);
  CHECK(lr["minExclusive"] == true);
  CHECK_FALSE(lr.contains("maxExclusive"));
  CHECK(lr["default"] == 0.1);
  const json& kind = schema["fields"][static_cast<int>(Field::data_kind)];
  CHECK(kind["type"] == "choice");
  CHECK(kind["choices"][0] == "moons");
  CHECK(kind["default"] == "moons");
  const json& every = schema["fields"][static_cast<int>(Field::every)];
  CHECK_FALSE(every.contains("default"));
  CHECK(every["defaultWords"] == "min(10, steps), at least 1");
  CHECK(schema["fields"][static_cast<int>(Field::data_x)]["customDataOnly"] == true);
  for (const json& data_kind : schema["dataKinds"]) {
    INFO(data_kind.dump());
    int index = -1;
    CHECK(find_choice(Field::data_kind, data_kind["name"].get<std::string>(), &index));
  }
  CHECK(schema["dataKinds"].size() == static_cast<std::size_t>(field_schema(Field::data_kind).name_count));
  CHECK(schema["limits"]["maxUnits"] == kMaxUnits);
}
