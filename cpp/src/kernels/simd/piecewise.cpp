// PLACEHOLDER: calls the scalar versions; to be replaced by real SIMD kernels.
#include "kernels/kernels.hpp"
#if ACTLAB_HAVE_VEC4
namespace actlab::kernels::simd {
void identity_forward(float* y, const float* z, std::size_t n, const ActParams& p) { scalar::identity_forward(y, z, n, p); }
void identity_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) { scalar::identity_backward(dz, z, dy, n, p); }
void relu_forward(float* y, const float* z, std::size_t n, const ActParams& p) { scalar::relu_forward(y, z, n, p); }
void relu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) { scalar::relu_backward(dz, z, dy, n, p); }
void relu6_forward(float* y, const float* z, std::size_t n, const ActParams& p) { scalar::relu6_forward(y, z, n, p); }
void relu6_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) { scalar::relu6_backward(dz, z, dy, n, p); }
void leaky_relu_forward(float* y, const float* z, std::size_t n, const ActParams& p) { scalar::leaky_relu_forward(y, z, n, p); }
void leaky_relu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) { scalar::leaky_relu_backward(dz, z, dy, n, p); }
void prelu_forward(float* y, const float* z, std::size_t n, const ActParams& p) { scalar::prelu_forward(y, z, n, p); }
void prelu_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) { scalar::prelu_backward(dz, z, dy, n, p); }
void hardsigmoid_forward(float* y, const float* z, std::size_t n, const ActParams& p) { scalar::hardsigmoid_forward(y, z, n, p); }
void hardsigmoid_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) { scalar::hardsigmoid_backward(dz, z, dy, n, p); }
void hardswish_forward(float* y, const float* z, std::size_t n, const ActParams& p) { scalar::hardswish_forward(y, z, n, p); }
void hardswish_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) { scalar::hardswish_backward(dz, z, dy, n, p); }
void softsign_forward(float* y, const float* z, std::size_t n, const ActParams& p) { scalar::softsign_forward(y, z, n, p); }
void softsign_backward(float* dz, const float* z, const float* dy, std::size_t n, const ActParams& p) { scalar::softsign_backward(dz, z, dy, n, p); }
}
#endif
