// actlab/status.hpp — how the core reports bad input.
//
// The core never throws and never aborts on user input: every function that
// validates returns a Status. The message names the field and the allowed
// range; the layers above (CLI, Embind wrapper, page) show it as it is and map
// the kind onto their own error types (TypeError / RangeError in JavaScript).
#pragma once
#include <string>
#include <utility>

namespace actlab {

enum class ErrorKind {
  none,   // success
  type,   // wrong type or unknown name (JavaScript: TypeError)
  range,  // right type, value outside the allowed range (JavaScript: RangeError)
};

struct Status {
  ErrorKind kind = ErrorKind::none;
  std::string message;

  bool ok() const { return kind == ErrorKind::none; }
  explicit operator bool() const { return ok(); }

  static Status success() { return {}; }
  static Status type_error(std::string m) { return {ErrorKind::type, std::move(m)}; }
  static Status range_error(std::string m) { return {ErrorKind::range, std::move(m)}; }
};

}  // namespace actlab
