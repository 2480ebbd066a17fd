// init.hpp — weight initialisation rules, PyTorch conventions (torch.nn.init):
// W is [Fi×Fo], fan_in = Fi, fan_out = Fo; "he" is kaiming with the ReLU gain √2.
//   zeros           0
//   uniform         U(−0.5, 0.5)            (TensorFlow Playground)
//   normal          N(0, σ²), σ = initStd
//   xavier_uniform  U(−a, a), a = √(6 / (Fi + Fo))
//   xavier_normal   N(0, 2 / (Fi + Fo))
//   he_uniform      U(−a, a), a = √(6 / Fi)
//   he_normal       N(0, 2 / Fi)
//   lecun_normal    N(0, 1 / Fi)
#pragma once
#include "actlab/config.hpp"
#include "actlab/rng.hpp"

namespace actlab {

// Fills weights[Fi×Fo] in row-major order, one draw per weight.
void init_weights(float* weights, int fan_in, int fan_out, Init rule, double init_std, Rng& rng);

// The standard deviation a rule gives a weight (tests check the draws against it).
double init_std_of(Init rule, int fan_in, int fan_out, double init_std);

}  // namespace actlab
