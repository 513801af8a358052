#include <strata/auth/principal.hpp>
#include <strata/http/error.hpp>
#include <strata/http/request.hpp>

#include <algorithm>

namespace strata::auth {
namespace {
constexpr std::string_view key = "strata.auth.principal";
}

bool principal::has_role(std::string_view role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool principal::has_scope(std::string_view scope) const {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

const principal* user(http::request& req) { return req.get<principal>(key); }

const principal& require_user(http::request& req) {
  if (const auto* p = user(req)) return *p;
  throw http::http_error(401, "Unauthorized", "Authentication is required.");
}

void set_user(http::request& req, principal who) { req.set(key, std::move(who)); }

}  // namespace strata::auth
