// bindings.cpp — the Embind layer: binds the activation API and the trainer
// handles (cpp/src/api) for JavaScript and does nothing else. Raw members carry a `_` prefix; the TypeScript wrapper
// (web/src/lib) gives them their friendly names and turns error objects into
// exceptions.
//
// The wasm builds have no C++ exceptions and must never abort on bad input, so
// every function that validates returns either its result or
//   { error: "message naming the field", kind: "type" | "range" }
// and the module stays usable after an error.
//
// Bulk data crosses as wasm addresses (numbers): the wrapper copies typed
// arrays in with one HEAPF32.set into malloc'd memory and copies results out
// with HEAPF32.slice, so nothing it returns is a view that memory growth could
// detach.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <string>
#include <vector>

#include "actlab/activations.hpp"
#include "actlab/schema.hpp"
#include "api/activation_api.hpp"
#include "api/data_api.hpp"
#include "api/trainer_api.hpp"

using actlab::api::ExperimentHandle;
using actlab::api::ModelHandle;
using emscripten::val;

namespace {

val error_object(const actlab::Status& status) {
  val error = val::object();
  error.set("error", status.message);
  error.set("kind", status.kind == actlab::ErrorKind::range ? "range" : "type");
  return error;
}

val type_error(const std::string& message) { return error_object(actlab::Status::type_error(message)); }

// A new Float32Array holding a copy, so it stays valid when the wasm memory grows.
val float32_copy(const std::vector<float>& values) {
  return val::global("Float32Array").new_(emscripten::typed_memory_view(values.size(), values.data()));
}

val activations() { return val(actlab::api::activations_json()); }

val schema() { return val(actlab::schema_json()); }

bool simd() { return actlab::simd_compiled(); }

// evaluate(id: string, z: Float32Array, params: { [name]: number | string }, second: boolean)
//   → { y, dydz, d2ydz2? } (Float32Arrays; d2ydz2 when `second`) or an error object.
val evaluate(val id, val z, val params, val second) {
  if (!id.isString()) return type_error("id must be a string naming an activation");
  if (!z.instanceof(val::global("Float32Array"))) return type_error("z must be a Float32Array");

  std::vector<actlab::api::NamedParam> named;
  if (!params.isUndefined() && !params.isNull()) {
    if (params.typeOf().as<std::string>() != "object") return type_error("params must be an object");
    const val names = val::global("Object").call<val>("keys", params);
    const unsigned count = names["length"].as<unsigned>();
    for (unsigned i = 0; i < count; ++i) {
      const std::string name = names[i].as<std::string>();
      const val value = params[name];
      actlab::api::NamedParam param;
      param.name = name;
      if (value.isNumber()) {
        param.value = value.as<double>();
      } else if (value.isString()) {
        param.text = value.as<std::string>();
        param.is_text = true;
      } else {
        return type_error("params." + name + " must be a number");
      }
      named.push_back(std::move(param));
    }
  }

  const std::vector<float> inputs = emscripten::convertJSArrayToNumberVector<float>(z);
  std::vector<float> y(inputs.size());
  std::vector<float> dydz(inputs.size());
  std::vector<float> d2ydz2(second.isTrue() ? inputs.size() : 0);
  const actlab::Status status =
      actlab::api::evaluate(id.as<std::string>(), named, inputs.data(), inputs.size(), y.data(), dydz.data(),
                            second.isTrue() ? d2ydz2.data() : nullptr);
  if (!status) return error_object(status);

  val result = val::object();
  result.set("y", float32_copy(y));
  result.set("dydz", float32_copy(dydz));
  if (second.isTrue()) result.set("d2ydz2", float32_copy(d2ydz2));
  return result;
}

// checkFormula(text: string) → JSON text { parameters, latex, derivativeLatex, torch } or an error object.
val check_formula(val text) {
  if (!text.isString()) return type_error("formula must be a string");
  std::string json;
  const actlab::Status status = actlab::api::describe_formula_json(text.as<std::string>(), &json);
  return status ? val(json) : error_object(status);
}

// null on success, else the error object.
val status_value(const actlab::Status& status) { return status ? val::null() : error_object(status); }

template <typename T>
std::uintptr_t address(const T* pointer) { return reinterpret_cast<std::uintptr_t>(pointer); }
const float* floats_at(std::uintptr_t address) { return reinterpret_cast<const float*>(address); }

// ------------------------------------------------------------- ModelHandle
val model_create(ModelHandle& model, const std::string& json, double seed) {
  return status_value(model.create(json, seed));
}
std::uintptr_t model_parameters(const ModelHandle& model, int layer, int part) {
  return address(model.parameters(layer, part));
}
std::uintptr_t model_gradients(const ModelHandle& model, int layer, int part) {
  return address(model.gradients(layer, part));
}
// arrays: 3 float addresses per layer; counts: their lengths (both uint32 on wasm32).
val model_set_parameters(ModelHandle& model, int layers, std::uintptr_t arrays, std::uintptr_t counts) {
  return status_value(model.set_parameters(layers, reinterpret_cast<const float* const*>(arrays),
                                           reinterpret_cast<const std::size_t*>(counts)));
}
val model_predict(ModelHandle& model, std::uintptr_t x, std::size_t x_count, std::uintptr_t out) {
  return status_value(model.predict(floats_at(x), x_count, reinterpret_cast<float*>(out)));
}
// → the mean loss (a number), or an error object.
val model_loss_and_gradients(ModelHandle& model, std::uintptr_t x, std::size_t x_count, std::uintptr_t y,
                             std::size_t y_count, const std::string& loss) {
  float mean_loss = 0.0f;
  const actlab::Status status =
      model.loss_and_gradients(floats_at(x), x_count, floats_at(y), y_count, loss, &mean_loss);
  return status ? val(mean_loss) : error_object(status);
}

// -------------------------------------------------------- ExperimentHandle
val experiment_create(ExperimentHandle& experiment, const std::string& json) {
  return status_value(experiment.create(json));
}
// data.x and data.y as float arrays at wasm addresses, beside the JSON.
val experiment_create_with_data(ExperimentHandle& experiment, const std::string& json, std::uintptr_t x,
                                std::size_t x_count, std::uintptr_t y, std::size_t y_count) {
  return status_value(experiment.create(json, floats_at(x), x_count, floats_at(y), y_count));
}
// → the steps done (a number), or an error object.
val experiment_step(ExperimentHandle& experiment, double k) {
  int done = 0;
  const actlab::Status status = experiment.step(k, &done);
  return status ? val(done) : error_object(status);
}
std::uintptr_t experiment_data(const ExperimentHandle& experiment, int part) { return address(experiment.data(part)); }
val experiment_decision_grid(ExperimentHandle& experiment, double w, double h) {
  return status_value(experiment.decision_grid(w, h));
}
val experiment_unit_grids(ExperimentHandle& experiment, double w, double h) {
  return status_value(experiment.unit_grids(w, h));
}
val experiment_class_means(ExperimentHandle& experiment) { return status_value(experiment.class_means()); }
std::uintptr_t experiment_grid(const ExperimentHandle& experiment) { return address(experiment.grid()); }
// → JSON text { lo, hi, counts }, or an error object.
val experiment_unit_histogram(ExperimentHandle& experiment, double layer, double unit) {
  std::string json;
  const actlab::Status status = experiment.unit_histogram_json(layer, unit, &json);
  return status ? val(json) : error_object(status);
}

// ------------------------------------------------------------------ data
// → { x: Float32Array, y: Float32Array, meta: JSON text } or an error object.
val data_from_csv(const std::string& text, int by, const std::string& name, double index) {
  actlab::DataConfig data;
  std::string meta;
  const actlab::Status status = actlab::api::data_from_csv(text, by, name, index, &data, &meta);
  if (!status) return error_object(status);
  val result = val::object();
  result.set("x", float32_copy(data.custom_x));
  result.set("y", float32_copy(data.custom_y));
  result.set("meta", meta);
  return result;
}
val load_dataset(const std::string& kind, const std::string& text) {
  return status_value(actlab::api::load_dataset(kind, text));
}

double heap_bytes_in_use() { return static_cast<double>(actlab::api::heap_bytes_in_use()); }

}  // namespace

EMSCRIPTEN_BINDINGS(actlab) {
  emscripten::function("_activations", &activations);
  emscripten::function("_schema", &schema);
  emscripten::function("_simd", &simd);
  emscripten::function("_evaluate", &evaluate);
  emscripten::function("_checkFormula", &check_formula);
  emscripten::function("_heapBytesInUse", &heap_bytes_in_use);
  emscripten::function("_dataFromCsv", &data_from_csv);
  emscripten::function("_loadDataset", &load_dataset);

  emscripten::class_<ExperimentHandle>("ExperimentHandle")
      .constructor<>()
      .function("_create", &experiment_create)
      .function("_createWithData", &experiment_create_with_data)
      .function("_configJson", &ExperimentHandle::config_json)
      .function("_configJsonWithoutCustomData", &ExperimentHandle::config_json_without_custom_data)
      .function("_step", &experiment_step)
      .function("_metricsJson", &ExperimentHandle::metrics_json)
      .function("_data", &experiment_data)
      .function("_dataSize", &ExperimentHandle::data_size)
      .function("_nTrain", &ExperimentHandle::n_train)
      .function("_nTest", &ExperimentHandle::n_test)
      .function("_inputs", &ExperimentHandle::inputs)
      .function("_classes", &ExperimentHandle::classes)
      .function("_targets", &ExperimentHandle::targets)
      .function("_dataNames", &ExperimentHandle::data_names_json)
      .function("_decisionGrid", &experiment_decision_grid)
      .function("_unitGrids", &experiment_unit_grids)
      .function("_classMeans", &experiment_class_means)
      .function("_unitHistogram", &experiment_unit_histogram)
      .function("_grid", &experiment_grid)
      .function("_gridSize", &ExperimentHandle::grid_size);

  emscripten::class_<ModelHandle>("ModelHandle")
      .constructor<>()
      .function("_create", &model_create)
      .function("_view", &ModelHandle::view)
      .function("_inputs", &ModelHandle::inputs)
      .function("_outputs", &ModelHandle::outputs)
      .function("_layerCount", &ModelHandle::layer_count)
      .function("_fanIn", &ModelHandle::fan_in)
      .function("_fanOut", &ModelHandle::fan_out)
      .function("_hasSlopes", &ModelHandle::has_slopes)
      .function("_parameters", &model_parameters)
      .function("_gradients", &model_gradients)
      .function("_setParameters", &model_set_parameters)
      .function("_predict", &model_predict)
      .function("_lossAndGradients", &model_loss_and_gradients);
}
