// test_csv.cpp — CSV/TSV text as custom data (actlab/csv.hpp): header
// detection, the label column, classes and targets, dropped rows, separators
// and quoting, one test per error with its exact message (line and column),
// numbers read exactly as strtod reads them, and the result as a config that
// parses and trains.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "actlab/config.hpp"
#include "actlab/csv.hpp"
#include "actlab/experiment.hpp"
#include "test_trainer_helpers.hpp"

using namespace actlab;

namespace {

DataConfig read(const std::string& text, CsvLabel label = {}) {
  DataConfig data;
  const Status s = data_from_csv(text, label, &data);
  INFO(s.message);
  REQUIRE(s.ok());
  return data;
}

std::string error_of(const std::string& text, CsvLabel label = {}) {
  DataConfig data;
  const Status s = data_from_csv(text, label, &data);
  return s ? std::string("ok") : s.message;
}

ErrorKind kind_of(const std::string& text) {
  DataConfig data;
  return data_from_csv(text, CsvLabel{}, &data).kind;
}

CsvLabel by_name(const std::string& name) {
  CsvLabel label;
  label.by = CsvLabel::By::name;
  label.name = name;
  return label;
}

CsvLabel by_index(double index) {
  CsvLabel label;
  label.by = CsvLabel::By::index;
  label.index = index;
  return label;
}

const char* const kIris =
    "sepal_length,sepal_width,petal_length,petal_width,species\n"
    "5.1,3.5,1.4,0.2,setosa\n"
    "7.0,3.2,4.7,1.4,versicolor\n"
    "6.3,3.3,6.0,2.5,virginica\n"
    "4.9,3.0,1.4,0.2,setosa\n";

}  // namespace

TEST_CASE("a CSV with a header and text labels: features, classes by first appearance, names", "[csv]") {
  const DataConfig d = read(kIris);
  CHECK(d.kind == DataKind::custom);
  CHECK(d.custom_inputs == 4);
  CHECK(d.n == 4);
  CHECK(d.classes == 3);
  CHECK(d.columns == std::vector<std::string>{"sepal_length", "sepal_width", "petal_length", "petal_width"});
  CHECK(d.class_names == std::vector<std::string>{"setosa", "versicolor", "virginica"});
  CHECK(d.custom_y == std::vector<float>{0, 1, 2, 0});
  CHECK(d.custom_x == std::vector<float>{5.1f, 3.5f, 1.4f, 0.2f, 7.0f, 3.2f, 4.7f, 1.4f, 6.3f, 3.3f, 6.0f, 2.5f,
                                         4.9f, 3.0f, 1.4f, 0.2f});
  CHECK(d.standardize);
  CHECK(d.dropped_rows == 0);
  CHECK(d.custom_targets == 1);
}

TEST_CASE("the label column by name or index; the other numeric columns are the features", "[csv]") {
  DataConfig d = read(kIris, by_name("petal_width"));
  CHECK(d.custom_inputs == 3);
  CHECK(d.columns == std::vector<std::string>{"sepal_length", "sepal_width", "petal_length"});
  CHECK(d.classes == 0);  // 4 non-integer values: regression targets
  CHECK(d.class_names.empty());
  CHECK(d.custom_y == std::vector<float>{0.2f, 1.4f, 2.5f, 0.2f});
  d = read(kIris, by_index(0));
  CHECK(d.columns == std::vector<std::string>{"sepal_width", "petal_length", "petal_width"});
  CHECK(d.custom_y == std::vector<float>{5.1f, 7.0f, 6.3f, 4.9f});

  // Integer labels with 2..10 values are classes in increasing order, named by their values.
  d = read("a,b,grade\n1,2,5\n3,4,3\n5,6,5\n7,8,4\n");
  CHECK(d.classes == 3);
  CHECK(d.class_names == std::vector<std::string>{"3", "4", "5"});
  CHECK(d.custom_y == std::vector<float>{2, 0, 2, 1});
  // A text column that is not the label is left out.
  d = read("name,x,y,label\nann,1,2,0\nbob,3,4,1\n");
  CHECK(d.columns == std::vector<std::string>{"x", "y"});
  CHECK(d.custom_x == std::vector<float>{1, 2, 3, 4});
  // Integer labels with more than 10 values are regression targets.
  std::string many = "x,t\n";
  for (int i = 0; i < 12; ++i) many += std::to_string(i) + "," + std::to_string(i * 3) + "\n";
  CHECK(read(many).classes == 0);
}

TEST_CASE("headers are detected; without one the columns are numbered", "[csv]") {
  DataConfig d = read("1,2,0\n3,4,1\n");
  CHECK(d.n == 2);
  CHECK(d.columns == std::vector<std::string>{"column 1", "column 2"});
  CHECK(d.classes == 2);
  // Text labels without a header: line 1 is data (its text cell sits above text).
  d = read("5.1,3.5,setosa\n7.0,3.2,versicolor\n");
  CHECK(d.n == 2);
  CHECK(d.class_names == std::vector<std::string>{"setosa", "versicolor"});
  // A header of text only, above one data row.
  d = read("x,y\n1,2\n");
  CHECK(d.n == 1);
  CHECK(d.columns == std::vector<std::string>{"x"});
}

TEST_CASE("separators, quotes, line endings, a byte order mark and blank lines", "[csv]") {
  const DataConfig tabs = read("x\ty\tlabel\n1.5\t2\ta\n3\t4\tb\n");
  CHECK(tabs.columns == std::vector<std::string>{"x", "y"});
  CHECK(tabs.custom_x == std::vector<float>{1.5f, 2, 3, 4});
  const DataConfig semicolons = read("x;y;label\r\n1;2;a\r\n3;4;b\r\n");
  CHECK(semicolons.custom_x == std::vector<float>{1, 2, 3, 4});
  const DataConfig quoted = read("\xEF\xBB\xBF\"width, cm\",\"say \"\"hi\"\"\",label\n\n \"1\" , 2 ,\"a, b\"\n\n3,4,c\n");
  CHECK(quoted.columns == std::vector<std::string>{"width, cm", "say \"hi\""});
  CHECK(quoted.class_names == std::vector<std::string>{"a, b", "c"});
  CHECK(quoted.custom_x == std::vector<float>{1, 2, 3, 4});
  // A quoted cell may hold a line break; lines keep counting for messages.
  const DataConfig multiline = read("note,x,label\n\"two\nlines\",1,a\nx,2,b\n");
  CHECK(multiline.custom_x == std::vector<float>{1, 2});
  CHECK(error_of("note,x,label\n\"two\nlines\",1,a\nx,abc,b\n") == "line 4, column \"x\": \"abc\" is not a number");
}

TEST_CASE("rows with an empty feature or label cell are dropped and counted", "[csv]") {
  const DataConfig d = read("x,y,label\n1,2,a\n,4,b\n5,6,\n7,8,b\n9, ,a\n");
  CHECK(d.n == 2);
  CHECK(d.dropped_rows == 3);
  CHECK(d.custom_x == std::vector<float>{1, 2, 7, 8});
  // An empty cell in a left-out text column drops nothing.
  CHECK(read("name,x,label\n,1,a\nbob,2,b\n").dropped_rows == 0);
  CHECK(error_of("x,label\n1,\n2, \n") ==
        "no rows left: each of the 2 data rows has an empty cell in a feature or the label column");
}

TEST_CASE("bad CSV gets a message naming the line and the column", "[csv]") {
  std::string rows = "sepal_length,sepal_width,petal_length,petal_width,species\n";
  for (int line = 2; line < 17; ++line) rows += "5.1,3.5,1.4,0.2,setosa\n";
  CHECK(error_of(rows + "5.1,3.5,1.4,abc,setosa\n") == "line 17, column \"petal_width\": \"abc\" is not a number");
  CHECK(kind_of(rows + "5.1,3.5,1.4,abc,setosa\n") == ErrorKind::type);
  CHECK(error_of(rows + "5.1,3.5,1.4,NaN,setosa\n") == "line 17, column \"petal_width\": \"NaN\" is not a finite number");
  CHECK(error_of(rows + "5.1,3.5,-inf,1,setosa\n") == "line 17, column \"petal_length\": \"-inf\" is not a finite number");
  CHECK(error_of(rows + "5.1,3.5,Infinity,1,setosa\n") ==
        "line 17, column \"petal_length\": \"Infinity\" is not a finite number");
  CHECK(error_of(rows + "5.1,3.5,1e400,1,setosa\n") ==
        "line 17, column \"petal_length\": 1e400 is outside -1000000..1000000");
  CHECK(error_of(rows + "5.1,3.5,2000000,1,setosa\n") ==
        "line 17, column \"petal_length\": 2000000 is outside -1000000..1000000");
  CHECK(error_of(rows + "5.1,3.5,1.4,setosa\n") == "line 17: 4 cells, expected 5 (as many as line 1)");
  CHECK(kind_of(rows + "5.1,3.5,1.4,setosa\n") == ErrorKind::range);
  CHECK(error_of("a,b,c\n") == "line 1 is a header and no data rows follow; expected 1..100000 data rows");
  CHECK(error_of("") == "the text is empty: expected a header and 1..100000 data rows");
  CHECK(error_of(" \n\n") == "the text is empty: expected a header and 1..100000 data rows");
  CHECK(error_of("x\n1\n2\n") ==
        "line 1: one column; need a label column and at least one numeric feature column, separated by commas, tabs "
        "or semicolons");
  CHECK(error_of("x,y\n1,2\n\"3,4\n") == "line 3: a quoted cell is not closed");
  CHECK(error_of("x,y\n\"1\"2,3\n") == "line 2: text after the closing quote of cell 1");
  CHECK(error_of("name,label\nann,a\nbob,b\n") ==
        "no numeric feature column besides the label column \"label\" (text columns are left out)");
  CHECK(error_of("x,label\n1,a\n2,a\n") == "column \"label\": one class (\"a\") in 2 rows; classification needs 2..10 classes");
  std::string classes = "x,label\n";
  for (int c = 0; c < 11; ++c) classes += std::to_string(c) + ",class" + std::to_string(c) + "\n";
  CHECK(error_of(classes) == "line 12, column \"label\": an 11th class \"class10\"; at most 10 classes");
  CHECK(kind_of(classes) == ErrorKind::range);

  CHECK(error_of(kIris, by_name("petal")) ==
        "label \"petal\" is not a column of the header (columns: sepal_length, sepal_width, petal_length, "
        "petal_width, species)");
  CHECK(error_of(kIris, by_index(5)) == "label must be a column index 0..4, got 5");
  CHECK(error_of(kIris, by_index(1.5)) == "label must be a column index 0..4, got 1.5");
  CHECK(error_of("1,2,0\n3,4,1\n", by_name("x")) ==
        "label \"x\" names a column, but line 1 is not a header; give the label column's index");
}

TEST_CASE("the limits: 100000 rows, 64 features, 49 MB", "[csv]") {
  std::string wide = "";
  for (int c = 0; c < 66; ++c) wide += (c ? "," : "") + std::string("f") + std::to_string(c + 1);
  wide += "\n";
  for (int r = 0; r < 2; ++r) {
    for (int c = 0; c < 66; ++c) wide += (c ? "," : "") + std::to_string(r + c);
    wide += "\n";
  }
  CHECK(error_of(wide) == "line 1, column \"f65\": a 65th numeric feature column; at most 64 features");
  std::string widest = "";  // 64 features and a label
  for (int c = 0; c < 65; ++c) widest += (c ? "," : "") + std::string("f") + std::to_string(c + 1);
  widest += "\n";
  for (int c = 0; c < 65; ++c) widest += (c ? "," : "") + std::to_string(c % 2);
  widest += "\n";
  CHECK(read(widest).custom_inputs == 64);
  std::string rows = "x,label\n";
  rows.reserve(100002 * 6);
  for (int r = 0; r < 100000; ++r) rows += r % 2 ? "1,a\n" : "2,b\n";
  CHECK(read(rows).n == 100000);
  CHECK(error_of(rows + "3,a\n") == "line 100002: more than 100000 data rows");
  const std::string big(static_cast<std::size_t>(50) * 1000 * 1000, ' ');
  CHECK(error_of(big) == "the text must be at most 49000000 bytes (49 MB) of CSV, got 50000000");
  CHECK(kind_of(big) == ErrorKind::range);
}

TEST_CASE("binary data is refused where it starts", "[csv]") {
  CHECK(error_of(std::string("x,y\n1,2\n3,\0", 11) + "4\n") ==
        "line 3, character 3: binary data (byte 0x00), not CSV or TSV text");
  CHECK(error_of("x,y\n1,\xEF\xBF\xBD\n") ==
        "line 2, character 3: binary data (U+FFFD, a byte that was not text), not CSV or TSV text");
  CHECK(error_of("x,y\n\xff\xfe,1\n") == "line 2, character 1: binary data (byte 0xff), not CSV or TSV text");
  CHECK(kind_of("\x01\x02") == ErrorKind::type);
  // UTF-8 text is text.
  CHECK(read("größe,länge,art\n1,2,ä\n3,4,ö\n").class_names == std::vector<std::string>{"ä", "ö"});
  // Junk never throws and never passes as data.
  test::TestValues values(11);
  for (int round = 0; round < 300; ++round) {
    std::string junk(static_cast<std::size_t>(values.next(1, 200)), '\0');
    for (char& c : junk) c = static_cast<char>(static_cast<int>(values.next(0, 256)));
    DataConfig d;
    REQUIRE_NOTHROW(data_from_csv(junk, CsvLabel{}, &d));
  }
}

TEST_CASE("numbers read as strtod reads them, then rounded to float like the JSON reader", "[csv]") {
  test::TestValues values(5);
  std::string text = "x,label\n";
  std::vector<std::string> tokens;
  for (int i = 0; i < 20000; ++i) {
    char token[64];
    const int form = i % 6;
    const double mantissa = values.next(-1e6, 1e6);
    if (form == 0) std::snprintf(token, sizeof token, "%.0f", mantissa);
    if (form == 1) std::snprintf(token, sizeof token, "%.3f", mantissa / 1000);
    if (form == 2) std::snprintf(token, sizeof token, "%.9g", mantissa * 1e-12);
    if (form == 3) std::snprintf(token, sizeof token, "%.17g", values.next(-1, 1));
    if (form == 4) std::snprintf(token, sizeof token, "%.6e", values.next(-9.9, 9.9) * 1e5);
    if (form == 5) std::snprintf(token, sizeof token, ".%05d", static_cast<int>(values.next(0, 99999)));
    tokens.push_back(token);
    text += std::string(token) + "," + (i % 2 ? "a" : "b") + "\n";
  }
  tokens.push_back("0.000000000000000000000000000012345678901234567890123");  // the strtod path
  text += tokens.back() + ",a\n";
  const DataConfig d = read(text);
  REQUIRE(d.custom_x.size() == tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    INFO(tokens[i]);
    CHECK(d.custom_x[i] == static_cast<float>(std::strtod(tokens[i].c_str(), nullptr)));
  }
}

TEST_CASE("the result is a config's data: it parses, round-trips through to_json and trains", "[csv]") {
  std::string text = "a,b,kind\n";
  test::TestValues values(3);
  for (int i = 0; i < 200; ++i) {
    const double a = values.next(-2, 2), b = values.next(-2, 2);
    text += std::to_string(a * 100) + "," + std::to_string(b) + "," + (a * b > 0 ? "same" : "different") + "\n";
  }
  DataConfig data = read(text);
  ExperimentConfig config;
  config.data = data;
  // As the JavaScript API hands it on: through JSON text.
  std::string json = to_json(config);
  ExperimentConfig parsed;
  REQUIRE(parse_experiment(json, &parsed).ok());
  CHECK(parsed.data.columns == data.columns);
  CHECK(parsed.data.class_names == data.class_names);
  CHECK(parsed.data.standardize);
  CHECK(parsed.data.custom_x == data.custom_x);
  CHECK(parsed.model.output.activation == Head::sigmoid);
  const std::string canonical = to_json(parsed);
  ExperimentConfig again;
  REQUIRE(parse_experiment(canonical, &again).ok());
  CHECK(to_json(again) == canonical);

  REQUIRE(parse_experiment(R"({"seed": 2, "data": )" + canonical.substr(canonical.find("\"data\":") + 7,
                                                                        canonical.find(",\"model\"") -
                                                                            canonical.find("\"data\":") - 7) +
                               R"(, "model": {"layers": [{"units": 16, "activation": "tanh"}]},
                                  "train": {"optimizer": {"kind": "adam", "lr": 0.02}}, "steps": 600})",
                           &parsed)
              .ok());
  std::unique_ptr<Experiment> e;
  REQUIRE(Experiment::create(parsed, &e).ok());
  e->step(600);
  // Feature a is 100× larger than b; standardised, the XOR-like split is still learned.
  CHECK(e->metrics().accuracy > 0.9);
}

TEST_CASE("custom data beside the JSON (CustomArrays) is read and checked like data.x and data.y", "[csv]") {
  const std::vector<float> x = {0, 1, 2, 3, 4, 5, 6, 7};
  const std::vector<float> y = {0, 1, 1, 0};
  CustomArrays arrays;
  arrays.x = x.data();
  arrays.x_count = x.size();
  arrays.y = y.data();
  arrays.y_count = y.size();
  ExperimentConfig config;
  REQUIRE(parse_experiment(R"({"data": {"kind": "custom", "inputs": 2, "classes": 2, "testFraction": 0}})", arrays,
                           &config)
              .ok());
  CHECK(config.data.custom_x == x);
  CHECK(config.data.custom_y == y);
  CHECK(config.data.n == 4);
  CHECK(config.model.output.activation == Head::sigmoid);
  // The same as JSON numbers.
  ExperimentConfig from_json;
  REQUIRE(parse_experiment(R"({"data": {"kind": "custom", "inputs": 2, "classes": 2, "testFraction": 0,
                                        "x": [0, 1, 2, 3, 4, 5, 6, 7], "y": [0, 1, 1, 0]}})",
                           &from_json)
              .ok());
  CHECK(to_json(config) == to_json(from_json));
  // Two targets per row: y has 2 values per row of x.
  arrays.y_count = 8;
  const std::vector<float> targets = {0, 1, 1, 0, 2, 3, 3, 2};
  arrays.y = targets.data();
  REQUIRE(parse_experiment(R"({"data": {"kind": "custom", "inputs": 2}})", arrays, &config).ok());
  CHECK(config.model.output.units == 2);

  auto error = [&](const std::string& json) {
    ExperimentConfig c;
    const Status s = parse_experiment(json, arrays, &c);
    return s ? std::string("ok") : s.message;
  };
  CHECK(error(R"({"data": {"kind": "custom"}})") == "data.inputs is required when data.x is a flat array");
  CHECK(error(R"({"data": {"kind": "custom", "inputs": 3}})") ==
        "data.x must have rows of 3 numbers (data.inputs), got 8 numbers");
  CHECK(error(R"({"data": {"kind": "custom", "inputs": 2, "x": [1]}})") ==
        "data.x and data.y are given as arrays beside the config, so the config must not hold them too");
  CHECK(error(R"({"data": {"kind": "moons"}})") ==
        "data.x and data.y are given as arrays beside the config, so data.kind must be custom");
  arrays.y_count = 3;
  CHECK(error(R"({"data": {"kind": "custom", "inputs": 2}})") ==
        "data.y must have 1..10 values per row of data.x (4 rows), got 3");
  const std::vector<float> bad = {0, 1, 2, NAN, 4, 5, 6, 7};
  arrays.x = bad.data();
  arrays.y = y.data();
  arrays.y_count = 4;
  CHECK(error(R"({"data": {"kind": "custom", "inputs": 2}})") == "data.x[3] must be -1000000..1000000, got nan");
}
