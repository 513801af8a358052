// authentication: the plugin that runs strategies for routes that require them (Passport's
// authenticate() + NestJS guards), on Strata's hooks.
//
//   srv.use(auth::authentication({.strategies = {auth::bearer_jwt({...}), auth::api_key({...})},
//                                 .policy = policy}));
//   srv.get("/me", me, {.auth = http::auth_requirement{.strategies = {"jwt"}}});
//   auto admin = srv.group("/admin");
//   admin.use(auth::guard({.roles = {"admin"}}));
//
// Requirements are checked in pre_parsing: the body has been read (a local strategy can use it)
// but not validated, so a stranger gets 401 before anyone tells them what a valid body is.
// No principal: 401 problem+json with a WWW-Authenticate challenge per strategy tried. A
// principal without a required role or permission: 403.
#pragma once
#include <strata/auth/rbac.hpp>
#include <strata/auth/strategy.hpp>
#include <strata/http/middleware.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace strata::auth {

using requirement = http::auth_requirement;

struct auth_options {
  std::vector<std::shared_ptr<strategy>> strategies;
  // Tried, in order, for requirements that name no strategy; empty: every strategy.
  std::vector<std::string> defaults;
  // Resolves permissions; without one, a permission must be one of the principal's scopes.
  std::shared_ptr<const rbac> policy;
};

// Registers the strategies for this scope and its children, documents them (the decoration
// "strata.openapi.security_schemes", which the openapi layer reads) and enforces every route's
// own `auth` requirement.
http::plugin_fn authentication(auth_options options);

// A requirement on every route of the scope it is used on (and its children), on top of any
// route's own. Needs authentication() applied to this scope or an outer one first.
http::plugin_fn guard(requirement need);

// Runs the named strategies now (e.g. local on a login route, or optional auth decided in the
// handler): the principal, or nullptr. Throws 401 when credentials came and were all refused.
task<const principal*> authenticate(http::request& req, std::vector<std::string> strategies);

// Resource-level checks in handlers: can() asks, authorize() throws 401 (anonymous) or 403.
bool can(http::request& req, std::string_view permission);
void authorize(http::request& req, std::string_view permission);

}  // namespace strata::auth
