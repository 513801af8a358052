// bearer_jwt: the strategy for `Authorization: Bearer <jwt>` (RFC 6750) — passport-jwt's role.
// The token is verified with a key source (static keys, or a remote JWKS that refreshes on an
// unknown kid) and the claims become the principal: sub → id, `roles` → roles, `scope` (space
// separated) or `scp`/`permissions` arrays → scopes. Another scheme word is allowed, e.g.
// "Token" for the RealWorld API.
#pragma once
#include <strata/auth/jwks.hpp>
#include <strata/auth/jwt.hpp>
#include <strata/auth/strategy.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace strata::auth {

struct bearer_jwt_options {
  std::string name = "jwt";
  std::string scheme = "Bearer";  // the Authorization scheme word (case-insensitive)
  std::string realm = "api";
  std::shared_ptr<jwt::key_source> keys;
  jwt::verify_options verify;
  // Turns verified claims into the principal; nullopt refuses the token (a deleted user, a
  // revoked session). Default: the claim mapping above.
  std::function<task<std::optional<principal>>(const jwt::token&)> to_principal;
};
std::shared_ptr<strategy> bearer_jwt(bearer_jwt_options options);

// The default claim mapping, for to_principal functions that add to it.
principal principal_from_claims(const boost::json::object& claims);

}  // namespace strata::auth
