// PLACEHOLDER: calls the scalar versions; to be replaced by real SIMD kernels.
#include "kernels/kernels.hpp"
#if ACTLAB_HAVE_VEC4
namespace actlab::kernels::simd {
void tanh_forward(float* y, const float* z, std::size_t n, const ActParams& p) { scalar::tanh_forward(y, z, n, p); }
void tanh_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) { scalar::tanh_backward(dz, z, dy, n, p); }
void gelu_forward(float* y, const float* z, std::size_t n, const ActParams& p) { scalar::gelu_forward(y, z, n, p); }
void gelu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) { scalar::gelu_backward(dz, z, dy, n, p); }
void gelu_tanh_forward(float* y, const float* z, std::size_t n, const ActParams& p) { scalar::gelu_tanh_forward(y, z, n, p); }
void gelu_tanh_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) { scalar::gelu_tanh_backward(dz, z, dy, n, p); }
}
#endif
