// PLACEHOLDER: naive double-precision versions, to be replaced by real kernels.
#include <algorithm>
#include <cmath>
#include "kernels/kernels.hpp"
#include "kernels/loops.hpp"
namespace actlab::kernels::scalar {
void tanh_forward(float* y, const float* zz, std::size_t n, const ActParams& p) { (void)p; scalar_forward_loop(y, zz, n, [&](float zf) { double z = zf; return static_cast<float>(std::tanh(z)); }); }
void tanh_backward(float* dz, const float* zz, const float* dy, std::size_t n, const ActParams& p) { (void)p; scalar_backward_loop(dz, zz, dy, n, [&](float zf) { double z = zf; return static_cast<float>(1 - std::tanh(z) * std::tanh(z)); }); }
void gelu_forward(float* y, const float* zz, std::size_t n, const ActParams& p) { (void)p; scalar_forward_loop(y, zz, n, [&](float zf) { double z = zf; return static_cast<float>(z * 0.5 * std::erfc(-z / std::sqrt(2.0))); }); }
void gelu_backward(float* dz, const float* zz, const float* dy, std::size_t n, const ActParams& p) { (void)p; scalar_backward_loop(dz, zz, dy, n, [&](float zf) { double z = zf; return static_cast<float>(0.5 * std::erfc(-z / std::sqrt(2.0)) + z * std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI)); }); }
void gelu_tanh_forward(float* y, const float* zz, std::size_t n, const ActParams& p) { (void)p; scalar_forward_loop(y, zz, n, [&](float zf) { double z = zf; return static_cast<float>(0.5 * z * (1 + std::tanh(0.7978845608028654 * (z + 0.044715 * z * z * z)))); }); }
void gelu_tanh_backward(float* dz, const float* zz, const float* dy, std::size_t n, const ActParams& p) { (void)p; scalar_backward_loop(dz, zz, dy, n, [&](float zf) { double z = zf; return static_cast<float>(0.5 * (1 + std::tanh(0.7978845608028654 * (z + 0.044715 * z * z * z))) + 0.5 * z * (1 - std::pow(std::tanh(0.7978845608028654 * (z + 0.044715 * z * z * z)), 2)) * 0.7978845608028654 * (1 + 3 * 0.044715 * z * z)); }); }
}
