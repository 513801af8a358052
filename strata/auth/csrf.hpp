// csrf: protection for cookie-authenticated requests that change things (csurf, csrf-csrf, Go's
// CrossOriginProtection). An unsafe request (not GET, HEAD, OPTIONS or TRACE) that carries the
// session cookie must come from this site (Sec-Fetch-Site, else Origin against Host) and bring
// the CSRF token in the X-CSRF-Token header or the _csrf form field; otherwise 403 problem+json.
//
//   srv.use(auth::session({...}));
//   srv.use(auth::csrf());
//   srv.get("/form", [](http::request& req, http::response& res) {
//     res.html("<input type=hidden name=_csrf value=" + auth::csrf_token(req) + ">");
//   });
//
// Requests without the cookie are not cookie-authenticated and are left alone, as are requests
// with an Authorization header: a browser never adds one to a cross-site request by itself, so
// bearer-token and API-key callers need no token. Login forms are protected when the page that
// shows them asks for a token, which starts the session the login POST then carries.
//
// With auth::session() on the scope the token's secret lives in the session (synchronizer
// token). Without it (say, a JWT in a cookie) give `secrets` and `cookies`: the secret then
// lives in a signed cookie of its own (signed double submit).
#pragma once
#include <strata/http/middleware.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace strata::auth {

struct csrf_options {
  std::string header = "X-CSRF-Token";
  std::string field = "_csrf";  // in application/x-www-form-urlencoded bodies; "" for none
  // Origins allowed besides the request's own ("https://admin.example.com", exact).
  std::vector<std::string> trusted_origins;
  // The cookies that make a request cookie-authenticated; default: the session's cookie.
  std::vector<std::string> cookies;
  // True for requests left alone (webhooks with signatures of their own, ...).
  std::function<bool(http::request&)> skip;

  // Signed double submit (no auth::session() on the scope): the secrets (32+ bytes) sign the
  // token cookie; `bind` ties a token to the caller (e.g. the JWT's session id).
  std::vector<std::string> secrets;
  std::string cookie_name = "csrf";
  std::optional<bool> secure;  // default as auth::session's
  std::string same_site = "Lax";
  std::string path = "/";
  std::function<std::string(http::request&)> bind;
};

// Checks the scope's unsafe routes in pre_parsing (the body is read, so a form field counts).
// Throws std::invalid_argument when there is neither a session on the scope nor secrets.
http::plugin_fn csrf(csrf_options options = {});
// Routes of the scope it is used on (and its children) are not checked.
http::plugin_fn csrf_exempt();

// A token for this request's session, to put in a form or hand to a SPA; a fresh mask of the
// same secret each call. Starts the session (or the token cookie) when there is none.
// Throws std::logic_error when auth::csrf() is not on the route's scope.
std::string csrf_token(http::request& req);

}  // namespace strata::auth
