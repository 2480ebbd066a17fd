// PLACEHOLDER: naive double-precision versions, to be replaced by real kernels.
#include <algorithm>
#include <cmath>
#include "kernels/kernels.hpp"
#include "kernels/loops.hpp"
namespace actlab::kernels::scalar {
void sigmoid_forward(float* y, const float* zz, std::size_t n, const ActParams& p) { (void)p; scalar_forward_loop(y, zz, n, [&](float zf) { double z = zf; return static_cast<float>(1 / (1 + std::exp(-z))); }); }
void sigmoid_backward(float* dz, const float* zz, const float* dy, std::size_t n, const ActParams& p) { (void)p; scalar_backward_loop(dz, zz, dy, n, [&](float zf) { double z = zf; return static_cast<float>((1 / (1 + std::exp(-z))) * (1 - 1 / (1 + std::exp(-z)))); }); }
void silu_forward(float* y, const float* zz, std::size_t n, const ActParams& p) { (void)p; scalar_forward_loop(y, zz, n, [&](float zf) { double z = zf; return static_cast<float>(z / (1 + std::exp(-z))); }); }
void silu_backward(float* dz, const float* zz, const float* dy, std::size_t n, const ActParams& p) { (void)p; scalar_backward_loop(dz, zz, dy, n, [&](float zf) { double z = zf; return static_cast<float>((1 / (1 + std::exp(-z))) * (1 + z * (1 - 1 / (1 + std::exp(-z))))); }); }
void elu_forward(float* y, const float* zz, std::size_t n, const ActParams& p) { (void)p; scalar_forward_loop(y, zz, n, [&](float zf) { double z = zf; return static_cast<float>(z > 0 ? z : p.p[0] * std::expm1(z)); }); }
void elu_backward(float* dz, const float* zz, const float* dy, std::size_t n, const ActParams& p) { (void)p; scalar_backward_loop(dz, zz, dy, n, [&](float zf) { double z = zf; return static_cast<float>(z > 0 ? 1.0 : p.p[0] * std::exp(z)); }); }
void selu_forward(float* y, const float* zz, std::size_t n, const ActParams& p) { (void)p; scalar_forward_loop(y, zz, n, [&](float zf) { double z = zf; return static_cast<float>(1.0507009873554804934193349852946 * (z > 0 ? z : 1.6732632423543772848170429916717 * std::expm1(z))); }); }
void selu_backward(float* dz, const float* zz, const float* dy, std::size_t n, const ActParams& p) { (void)p; scalar_backward_loop(dz, zz, dy, n, [&](float zf) { double z = zf; return static_cast<float>(1.0507009873554804934193349852946 * (z > 0 ? 1.0 : 1.6732632423543772848170429916717 * std::exp(z))); }); }
void softplus_forward(float* y, const float* zz, std::size_t n, const ActParams& p) { (void)p; scalar_forward_loop(y, zz, n, [&](float zf) { double z = zf; return static_cast<float>(z * p.p[0] > p.p[1] ? z : std::log1p(std::exp(z * p.p[0])) / p.p[0]); }); }
void softplus_backward(float* dz, const float* zz, const float* dy, std::size_t n, const ActParams& p) { (void)p; scalar_backward_loop(dz, zz, dy, n, [&](float zf) { double z = zf; return static_cast<float>(z * p.p[0] > p.p[1] ? 1.0 : 1 / (1 + std::exp(-z * p.p[0]))); }); }
void mish_forward(float* y, const float* zz, std::size_t n, const ActParams& p) { (void)p; scalar_forward_loop(y, zz, n, [&](float zf) { double z = zf; return static_cast<float>(z * std::tanh(std::log1p(std::exp(z)))); }); }
void mish_backward(float* dz, const float* zz, const float* dy, std::size_t n, const ActParams& p) { (void)p; scalar_backward_loop(dz, zz, dy, n, [&](float zf) { double z = zf; return static_cast<float>((std::tanh(std::log1p(std::exp(z))) + z * (1 / (1 + std::exp(-z))) * (1 - std::pow(std::tanh(std::log1p(std::exp(z))), 2)))); }); }
}
