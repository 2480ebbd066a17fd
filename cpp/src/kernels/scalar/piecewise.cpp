// PLACEHOLDER: naive double-precision versions, to be replaced by real kernels.
#include <algorithm>
#include <cmath>
#include "kernels/kernels.hpp"
#include "kernels/loops.hpp"
namespace actlab::kernels::scalar {
void identity_forward(float* y, const float* zz, std::size_t n, const ActParams& p) { (void)p; scalar_forward_loop(y, zz, n, [&](float zf) { double z = zf; return static_cast<float>(z); }); }
void identity_backward(float* dz, const float* zz, const float* dy, std::size_t n, const ActParams& p) { (void)p; scalar_backward_loop(dz, zz, dy, n, [&](float zf) { double z = zf; return static_cast<float>(1.0); }); }
void relu_forward(float* y, const float* zz, std::size_t n, const ActParams& p) { (void)p; scalar_forward_loop(y, zz, n, [&](float zf) { double z = zf; return static_cast<float>(z > 0 ? z : (z == z ? 0.0 : z)); }); }
void relu_backward(float* dz, const float* zz, const float* dy, std::size_t n, const ActParams& p) { (void)p; scalar_backward_loop(dz, zz, dy, n, [&](float zf) { double z = zf; return static_cast<float>(z > 0 ? 1.0 : 0.0); }); }
void relu6_forward(float* y, const float* zz, std::size_t n, const ActParams& p) { (void)p; scalar_forward_loop(y, zz, n, [&](float zf) { double z = zf; return static_cast<float>(z != z ? z : (z <= 0 ? 0.0 : (z >= 6 ? 6.0 : z))); }); }
void relu6_backward(float* dz, const float* zz, const float* dy, std::size_t n, const ActParams& p) { (void)p; scalar_backward_loop(dz, zz, dy, n, [&](float zf) { double z = zf; return static_cast<float>(z > 0 && z < 6 ? 1.0 : 0.0); }); }
void leaky_relu_forward(float* y, const float* zz, std::size_t n, const ActParams& p) { (void)p; scalar_forward_loop(y, zz, n, [&](float zf) { double z = zf; return static_cast<float>(z > 0 ? z : z * p.p[0]); }); }
void leaky_relu_backward(float* dz, const float* zz, const float* dy, std::size_t n, const ActParams& p) { (void)p; scalar_backward_loop(dz, zz, dy, n, [&](float zf) { double z = zf; return static_cast<float>(z > 0 ? 1.0 : p.p[0]); }); }
void prelu_forward(float* y, const float* zz, std::size_t n, const ActParams& p) { (void)p; scalar_forward_loop(y, zz, n, [&](float zf) { double z = zf; return static_cast<float>(z > 0 ? z : z * p.p[0]); }); }
void prelu_backward(float* dz, const float* zz, const float* dy, std::size_t n, const ActParams& p) { (void)p; scalar_backward_loop(dz, zz, dy, n, [&](float zf) { double z = zf; return static_cast<float>(z > 0 ? 1.0 : p.p[0]); }); }
void hardsigmoid_forward(float* y, const float* zz, std::size_t n, const ActParams& p) { (void)p; scalar_forward_loop(y, zz, n, [&](float zf) { double z = zf; return static_cast<float>(std::min(std::max(z + 3.0, 0.0), 6.0) / 6.0); }); }
void hardsigmoid_backward(float* dz, const float* zz, const float* dy, std::size_t n, const ActParams& p) { (void)p; scalar_backward_loop(dz, zz, dy, n, [&](float zf) { double z = zf; return static_cast<float>(z > -3 && z < 3 ? 1.0/6 : 0.0); }); }
void hardswish_forward(float* y, const float* zz, std::size_t n, const ActParams& p) { (void)p; scalar_forward_loop(y, zz, n, [&](float zf) { double z = zf; return static_cast<float>(z * std::min(std::max(z + 3.0, 0.0), 6.0) / 6.0); }); }
void hardswish_backward(float* dz, const float* zz, const float* dy, std::size_t n, const ActParams& p) { (void)p; scalar_backward_loop(dz, zz, dy, n, [&](float zf) { double z = zf; return static_cast<float>(z < -3 ? 0.0 : (z <= 3 ? z/3 + 0.5 : 1.0)); }); }
void softsign_forward(float* y, const float* zz, std::size_t n, const ActParams& p) { (void)p; scalar_forward_loop(y, zz, n, [&](float zf) { double z = zf; return static_cast<float>(z / (1 + std::fabs(z))); }); }
void softsign_backward(float* dz, const float* zz, const float* dy, std::size_t n, const ActParams& p) { (void)p; scalar_backward_loop(dz, zz, dy, n, [&](float zf) { double z = zf; return static_cast<float>(1 / ((1 + std::fabs(z)) * (1 + std::fabs(z)))); }); }
}
