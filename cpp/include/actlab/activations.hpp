// actlab/activations.hpp — the activation functions: what they are (metadata
// shown to students) and the batch kernels that compute them.
//
// Semantics follow PyTorch's torch.nn definitions and defaults. At a kink the
// derivative is PyTorch's choice, which is the left side (relu'(0) = 0,
// leaky_relu'(0) = negative_slope, relu6'(6) = 0, hardsigmoid'(±3) = 0,
// hardswish'(-3) = -0.5, hardswish'(3) = 1.5).
//
// A layer may also use Act::custom, a formula typed by the user
// (actlab/formula.hpp); it has metadata here but no kernels in the tables.
//
// Deliberately left out: second derivatives (CompiledFormula::from_builtin
// derives them), double precision kernels.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "actlab/status.hpp"

namespace actlab {

enum class Act : std::uint8_t {
#define ACTLAB_ACTIVATION(id, name) id,
#include "actlab/activation_list.def"
#undef ACTLAB_ACTIVATION
  custom,  // a formula (actlab/formula.hpp); runs through CompiledFormula, not the kernel tables
};

// The built-in activations: those of activation_list.def, which have kernels.
inline constexpr int kActCount = 0
#define ACTLAB_ACTIVATION(id, name) +1
#include "actlab/activation_list.def"
#undef ACTLAB_ACTIVATION
    ;
// Every id a config may name: the built-ins, then "custom" (= kActCount).
inline constexpr int kActIdCount = kActCount + 1;
static_assert(static_cast<int>(Act::custom) == kActCount, "custom follows the built-ins");

inline constexpr int kMaxParams = 2;

struct ParamInfo {
  const char* name;   // as in PyTorch's constructor: "negative_slope", "alpha", ...
  float default_value;
  float min;          // inclusive
  float max;          // inclusive
  bool learnable;     // true for prelu's slope: one per unit, trained
};

struct ActivationInfo {
  Act id;
  const char* key;             // "leaky_relu": the id used in configs and URLs
  const char* name;            // "Leaky ReLU": for people
  int param_count;
  ParamInfo params[kMaxParams];
  const char* formula_tex;     // f(z), KaTeX-ready
  const char* derivative_tex;  // f'(z)
  const char* range_tex;       // output range, e.g. "(0, 1)"
  float max_derivative;        // sup |f'(z)| at the default parameters; the
                               // saturation metric counts |f'| < 1% of this
};

const ActivationInfo& activation_info(Act a);

// Looks an activation up by key ("custom" included). Unknown key → type
// error naming it and the list of known keys.
Status find_activation(std::string_view key, Act* out);

// Parameter values of one activation. p[i] belongs to ActivationInfo::params[i].
// For prelu, `slopes` may point at one slope per channel (unit): element i of a
// row-major rows×channels buffer uses slopes[i % channels]. When it is null,
// p[0] is used for every element.
struct ActParams {
  float p[kMaxParams] = {0.0f, 0.0f};
  const float* slopes = nullptr;
  std::size_t channels = 1;
};

// The defaults of activation a.
ActParams default_params(Act a);

// Sets parameter `name` of activation a to `value` in *params, after checking
// that the name exists and the value is finite and within [min, max]. The
// message names `field` (e.g. "params.negative_slope") and the range.
Status set_param(Act a, std::string_view name, double value, ActParams* params,
                 std::string_view field_prefix = "params.");

// Checks every value in params against the ranges (used after bulk setting).
Status validate_params(Act a, const ActParams& params, std::string_view field_prefix = "params.");

// ---------------------------------------------------------------------------
// Batch kernels. Shapes: n elements, contiguous.
//   forward:  y[n]  = f(z[n])
//   backward: dz[n] = dy[n] * f'(z[n]); dy == nullptr means dy = 1, so dz = f'(z).
// In place is allowed (y may be z; dz may be z or dy).
// Every kernel exists twice: a scalar reference and a SIMD twin that computes
// the same operations in the same order, so the two agree bit for bit.
using ForwardKernel = void (*)(float* y, const float* z, std::size_t n, const ActParams& p);
using BackwardKernel = void (*)(float* dz, const float* z, const float* dy, std::size_t n,
                                const ActParams& p);

enum class Impl { scalar, simd };

struct KernelTable {
  Impl impl;
  const char* name;  // "scalar", "wasm-simd128", "sse2"
  ForwardKernel forward[kActCount];
  BackwardKernel backward[kActCount];
};

// True when this build contains SIMD kernels (wasm SIMD build, native x86-64).
bool simd_compiled();
// The SIMD table when compiled, otherwise the scalar one.
const KernelTable& kernel_table(Impl impl);
const KernelTable& default_kernel_table();

// PReLU's gradient with respect to its slopes, accumulated:
//   dslopes[c] += sum over rows r of dy[r,c] * min(z[r,c], 0)
// Shapes: z, dy: rows×channels (row-major); dslopes: channels.
void prelu_slopes_backward(float* dslopes, const float* z, const float* dy, std::size_t rows,
                           std::size_t channels);

}  // namespace actlab
