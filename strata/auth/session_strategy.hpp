// session_strategy: authenticates a request from the principal auth::login stored in its session
// (Passport's session strategy), for routes that require it:
//
//   srv.use(auth::session({...}));
//   srv.use(auth::authentication({.strategies = {auth::session_strategy(), auth::bearer_jwt({...})}}));
//   srv.get("/me", me, {.auth = http::auth_requirement{.strategies = {"session"}}});
//
// No session or nobody logged in: it passes (the next strategy may succeed, or the route's 401).
// Its OpenAPI scheme is an API key in the session cookie.
#pragma once
#include <strata/auth/strategy.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace strata::auth {

struct session_strategy_options {
  std::string name = "session";
  std::string cookie_name = "sid";  // the session cookie's name, for the OpenAPI document
  // Called with the principal stored at login on each request it authenticates (Passport's
  // deserializeUser): the current principal (fresh roles), or nullopt when the user is gone,
  // which ends the session and fails the request.
  std::function<task<std::optional<principal>>(principal stored)> load_user;
};

// Needs auth::session() on the routes it authenticates (std::logic_error otherwise).
std::shared_ptr<strategy> session_strategy(session_strategy_options options = {});

}  // namespace strata::auth
