// PLACEHOLDER: calls the scalar versions; to be replaced by real SIMD kernels.
#include "kernels/kernels.hpp"
#if ACTLAB_HAVE_VEC4
namespace actlab::kernels::simd {
void sigmoid_forward(float* y, const float* z, std::size_t n, const ActParams& p) { scalar::sigmoid_forward(y, z, n, p); }
void sigmoid_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) { scalar::sigmoid_backward(dz, z, dy, n, p); }
void silu_forward(float* y, const float* z, std::size_t n, const ActParams& p) { scalar::silu_forward(y, z, n, p); }
void silu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) { scalar::silu_backward(dz, z, dy, n, p); }
void elu_forward(float* y, const float* z, std::size_t n, const ActParams& p) { scalar::elu_forward(y, z, n, p); }
void elu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) { scalar::elu_backward(dz, z, dy, n, p); }
void selu_forward(float* y, const float* z, std::size_t n, const ActParams& p) { scalar::selu_forward(y, z, n, p); }
void selu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) { scalar::selu_backward(dz, z, dy, n, p); }
void softplus_forward(float* y, const float* z, std::size_t n, const ActParams& p) { scalar::softplus_forward(y, z, n, p); }
void softplus_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) { scalar::softplus_backward(dz, z, dy, n, p); }
void mish_forward(float* y, const float* z, std::size_t n, const ActParams& p) { scalar::mish_forward(y, z, n, p); }
void mish_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) { scalar::mish_backward(dz, z, dy, n, p); }
}
#endif
