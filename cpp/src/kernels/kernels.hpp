// kernels.hpp — declarations of every batch kernel, generated from
// activation_list.def. Signatures are the ForwardKernel / BackwardKernel of
// actlab/activations.hpp. Namespaces:
//   actlab::kernels::scalar  readable references, one element at a time
//   actlab::kernels::simd    four-lane twins (vec4.hpp), same operations in
//                            the same order, so results agree bit for bit
// Dispatch (which table a build uses) is in dispatch.cpp, not here.
#pragma once
#include <cstddef>

#include "actlab/activations.hpp"
#include "kernels/vec4.hpp"

namespace actlab::kernels {

#define ACTLAB_ACTIVATION(id, name)                                                       \
  void id##_forward(float* y, const float* z, std::size_t n, const ActParams& p);         \
  void id##_backward(float* dz, const float* z, const float* dy, std::size_t n,           \
                     const ActParams& p);

namespace scalar {
#include "actlab/activation_list.def"
}
#if ACTLAB_HAVE_VEC4
namespace simd {
#include "actlab/activation_list.def"
}
#endif
#undef ACTLAB_ACTIVATION

}  // namespace actlab::kernels
