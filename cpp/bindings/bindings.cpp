// bindings.cpp — the Embind layer: binds the activation API for JavaScript and
// does nothing else. Raw members carry a `_` prefix; the TypeScript wrapper
// (web/src/lib) gives them their friendly names and turns error objects into
// exceptions.
//
// The wasm builds have no C++ exceptions and must never abort on bad input, so
// every function that validates returns either its result or
//   { error: "message naming the field", kind: "type" | "range" }
// and the module stays usable after an error.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <vector>

#include "actlab/activations.hpp"
#include "api/activation_api.hpp"

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

bool simd() { return actlab::simd_compiled(); }

// evaluate(id: string, z: Float32Array, params?: { [name]: number })
//   → { y: Float32Array, dydz: Float32Array } or an error object.
val evaluate(val id, val z, val params) {
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
      if (!value.isNumber()) return type_error("params." + name + " must be a number");
      named.push_back({name, value.as<double>()});
    }
  }

  const std::vector<float> inputs = emscripten::convertJSArrayToNumberVector<float>(z);
  std::vector<float> y(inputs.size());
  std::vector<float> dydz(inputs.size());
  const actlab::Status status = actlab::api::evaluate(id.as<std::string>(), named, inputs.data(),
                                                      inputs.size(), y.data(), dydz.data());
  if (!status) return error_object(status);

  val result = val::object();
  result.set("y", float32_copy(y));
  result.set("dydz", float32_copy(dydz));
  return result;
}

}  // namespace

EMSCRIPTEN_BINDINGS(actlab) {
  emscripten::function("_activations", &activations);
  emscripten::function("_simd", &simd);
  emscripten::function("_evaluate", &evaluate);
}
