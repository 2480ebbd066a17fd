// The activation registry: lookup, defaults and parameter validation messages.
#include <catch2/catch.hpp>

#include <cstring>

#include "actlab/activations.hpp"

using namespace actlab;

TEST_CASE("every activation is found by its key and keys are unique", "[registry]") {
  for (int i = 0; i < kActCount; ++i) {
    const ActivationInfo& info = activation_info(static_cast<Act>(i));
    Act found{};
    REQUIRE(find_activation(info.key, &found).ok());
    CHECK(found == info.id);
    for (int j = 0; j < i; ++j) CHECK(std::strcmp(info.key, activation_info(static_cast<Act>(j)).key) != 0);
  }
  CHECK(kActCount == 17);
}

TEST_CASE("unknown activation is a type error naming it", "[registry]") {
  Act a{};
  Status s = find_activation("relu7", &a);
  CHECK(s.kind == ErrorKind::type);
  CHECK(s.message.rfind("unknown activation 'relu7' (known: identity, sigmoid,", 0) == 0);
}

TEST_CASE("parameters are range-checked with the field named", "[registry]") {
  ActParams p = default_params(Act::leaky_relu);
  CHECK(p.p[0] == 0.01f);
  Status s = set_param(Act::leaky_relu, "negative_slope", 2.0, &p);
  CHECK(s.kind == ErrorKind::range);
  CHECK(s.message == "params.negative_slope must be 0..1, got 2");
  CHECK(p.p[0] == 0.01f);  // nothing changed on error
  s = set_param(Act::leaky_relu, "negative_slope", 0.5, &p);
  CHECK(s.ok());
  CHECK(p.p[0] == 0.5f);
  s = set_param(Act::relu, "alpha", 1.0, &p);
  CHECK(s.kind == ErrorKind::type);
  CHECK(s.message == "params.alpha: relu has no parameter 'alpha' (it takes none)");
  s = set_param(Act::softplus, "beta", std::nan(""), &p);
  CHECK(s.kind == ErrorKind::range);
  CHECK(s.message == "params.beta must be 0.01..100, got nan");
}
