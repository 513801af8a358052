// Whether a key may serve an algorithm, and if not, the code and message a verification reports
// (and signing throws). One check shared by sign and verify, so both refuse the same things.
#pragma once
#include <strata/auth/jwk.hpp>
#include <strata/auth/jwt_error.hpp>

#include <string>

namespace strata::auth::jwt::detail {

struct refusal {
  error code = error::none;
  std::string message;  // set only on failure
};

refusal check_key(const key& k, algorithm alg, bool signing);

}  // namespace strata::auth::jwt::detail
