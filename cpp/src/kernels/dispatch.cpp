// dispatch.cpp — which kernel table this build uses. Kept apart from the
// kernels: a build with SIMD (wasm SIMD128 or native SSE2) offers both tables
// and defaults to SIMD; the wasm scalar build offers only the scalar one.
#include "kernels/kernels.hpp"

namespace actlab {
namespace {

const KernelTable kScalarTable = {
    Impl::scalar,
    "scalar",
    {
#define ACTLAB_ACTIVATION(id, name) &kernels::scalar::id##_forward,
#include "actlab/activation_list.def"
#undef ACTLAB_ACTIVATION
    },
    {
#define ACTLAB_ACTIVATION(id, name) &kernels::scalar::id##_backward,
#include "actlab/activation_list.def"
#undef ACTLAB_ACTIVATION
    },
};

#if ACTLAB_HAVE_VEC4
const KernelTable kSimdTable = {
    Impl::simd,
#if ACTLAB_VEC4_WASM
    "wasm-simd128",
#else
    "sse2",
#endif
    {
#define ACTLAB_ACTIVATION(id, name) &kernels::simd::id##_forward,
#include "actlab/activation_list.def"
#undef ACTLAB_ACTIVATION
    },
    {
#define ACTLAB_ACTIVATION(id, name) &kernels::simd::id##_backward,
#include "actlab/activation_list.def"
#undef ACTLAB_ACTIVATION
    },
};
#endif

}  // namespace

bool simd_compiled() { return ACTLAB_HAVE_VEC4 != 0; }

const KernelTable& kernel_table(Impl impl) {
#if ACTLAB_HAVE_VEC4
  if (impl == Impl::simd) return kSimdTable;
#endif
  (void)impl;
  return kScalarTable;
}

const KernelTable& default_kernel_table() { return kernel_table(Impl::simd); }

}  // namespace actlab
