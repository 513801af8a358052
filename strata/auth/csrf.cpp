#include <strata/auth/cookie_seal.hpp>
#include <strata/auth/csrf.hpp>
#include <strata/auth/detail/session_crypto.hpp>
#include <strata/auth/detail/session_csrf.hpp>
#include <strata/auth/detail/session_manager.hpp>

#include <cctype>
#include <stdexcept>

namespace strata::auth {
namespace {

constexpr std::string_view csrf_decoration = "strata.auth.csrf";
constexpr std::string_view exempt_decoration = "strata.auth.csrf.exempt";
// Request locals of double-submit mode: the secret handed out in this request, and the sealed
// cookie to set for it.
constexpr std::string_view secret_local = "strata.auth.csrf.secret";
constexpr std::string_view cookie_local = "strata.auth.csrf.cookie";

struct config {
  csrf_options o;
  std::shared_ptr<const detail::session_manager> session;  // synchronizer mode when set
  std::optional<cookie_sealer> sealer;                     // double-submit mode
  http::cookie_options cookie;
};
using config_ptr = std::shared_ptr<const config>;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

bool safe(http::method m) {
  return m == http::method::get || m == http::method::head || m == http::method::options ||
         m == http::method::trace;
}

bool trusted(const config& c, std::string_view origin) {
  for (const auto& t : c.o.trusted_origins)
    if (iequals(t, origin)) return true;
  return false;
}

// Go's CrossOriginProtection: Sec-Fetch-Site when the browser sends it, else Origin against Host;
// a request with neither is not from a browser that could be tricked (the token still counts).
bool from_this_site(http::request& req, const config& c) {
  const auto origin = req.header("Origin");
  if (auto site = req.header("Sec-Fetch-Site")) {
    if (iequals(*site, "same-origin") || iequals(*site, "none")) return true;
    return origin && trusted(c, *origin);
  }
  if (!origin) return true;
  if (trusted(c, *origin)) return true;
  std::string_view o = *origin;
  if (o.starts_with("https://")) o.remove_prefix(8);
  else if (o.starts_with("http://")) o.remove_prefix(7);
  else return false;  // "null" and other schemes
  return !o.empty() && iequals(o, req.host());
}

bool cookie_authenticated(http::request& req, const config& c) {
  if (req.header("Authorization")) return false;
  for (const auto& name : c.o.cookies)
    if (req.cookie(name)) return true;
  return false;
}

std::optional<std::string> submitted_token(http::request& req, const config& c) {
  if (auto h = req.header(c.o.header)) return std::string(*h);
  if (c.o.field.empty()) return std::nullopt;
  auto type = req.header("Content-Type").value_or("");
  if (type.size() < 33 || !iequals(type.substr(0, 33), "application/x-www-form-urlencoded")) return std::nullopt;
  for (auto& [k, v] : http::parse_urlencoded(req.body()))
    if (k == c.o.field) return std::move(v);
  return std::nullopt;
}

std::string binding(http::request& req, const config& c) {
  return c.o.bind ? detail::sha256(c.o.bind(req)) : std::string();
}

// Double submit: the secret of the request's valid token cookie (bound to this caller).
std::optional<std::string> cookie_secret(http::request& req, const config& c) {
  auto payload = read_sealed_cookie(req, *c.sealer, c.o.cookie_name);
  if (!payload || payload->size() < detail::csrf_secret_size) return std::nullopt;
  if (!detail::constant_time_equal(std::string_view(*payload).substr(detail::csrf_secret_size), binding(req, c)))
    return std::nullopt;
  return payload->substr(0, detail::csrf_secret_size);
}

// The secret the token must show; empty when the caller has none.
std::string expected_secret(http::request& req, const config& c) {
  if (c.session) {
    session_state* s = find_session(req);
    return s ? session_state::access::record(*s).csrf : std::string();
  }
  return cookie_secret(req, c).value_or("");
}

// Refuses the request (403) and returns false when it fails the checks.
bool check(http::request& req, http::response& res, const config& c) {
  if (safe(req.method()) || !cookie_authenticated(req, c)) return true;
  if (c.o.skip && c.o.skip(req)) return true;
  if (const auto* route = req.matched_route(); route && route->decoration(exempt_decoration)) return true;
  if (!from_this_site(req, c)) {
    res.problem(403, "Forbidden", "Cross-site request refused.");
    return false;
  }
  auto token = submitted_token(req, c);
  if (!token) {
    res.problem(403, "Forbidden", "The CSRF token is missing.");
    return false;
  }
  const std::string secret = expected_secret(req, c);
  auto shown = detail::csrf_unmask(*token);
  if (secret.empty() || !shown || !detail::constant_time_equal(*shown, secret)) {
    res.problem(403, "Forbidden", "The CSRF token is invalid.");
    return false;
  }
  return true;
}

}  // namespace

http::plugin_fn csrf(csrf_options options) {
  return [options = std::move(options)](http::scope& s) {
    auto c = std::make_shared<config>();
    c->o = options;
    if (const auto* m = s.decoration<std::shared_ptr<const detail::session_manager>>(detail::session_decoration))
      c->session = *m;
    if (c->session) {
      if (c->o.cookies.empty()) c->o.cookies.push_back(c->session->options().cookie_name);
    } else {
      if (c->o.secrets.empty())
        throw std::invalid_argument(
            "auth::csrf: no auth::session() on this scope (apply it first) and no secrets for double-submit tokens");
      if (c->o.cookies.empty())
        throw std::invalid_argument("auth::csrf: double-submit mode needs `cookies`, the cookies that authenticate");
      c->sealer.emplace(c->o.secrets);
      c->cookie.path = c->o.path;
      c->cookie.http_only = true;  // the token reaches pages through csrf_token(), never through scripts reading cookies
      c->cookie.secure = c->o.secure.value_or(detail::secure_cookies_by_default());
      c->cookie.same_site = c->o.same_site;
    }
    config_ptr cfg = c;
    s.decorate(csrf_decoration, cfg);
    s.pre_parsing([cfg](http::request& req, http::response& res) { check(req, res, *cfg); });
    if (!cfg->session)
      s.on_send([cfg](http::request& req, http::response& res) {
        if (auto* value = req.get<std::string>(cookie_local)) res.cookie(cfg->o.cookie_name, *value, cfg->cookie);
      });
  };
}

http::plugin_fn csrf_exempt() {
  return [](http::scope& s) { s.decorate(exempt_decoration, true); };
}

std::string csrf_token(http::request& req) {
  const auto* route = req.matched_route();
  const auto* any = route ? route->decoration(csrf_decoration) : nullptr;
  const auto* cfg = any ? std::any_cast<config_ptr>(any) : nullptr;
  if (!cfg) throw std::logic_error("auth::csrf_token needs auth::csrf() on the route's scope");
  const config& c = **cfg;
  if (c.session) {
    auto& s = session_of(req);
    if (session_state::access::state(s).destroyed) s.regenerate();
    auto& secret = session_state::access::record(s).csrf;
    if (secret.empty()) {
      secret = detail::random_bytes(detail::csrf_secret_size);
      session_state::access::mark_changed(s);
    }
    return detail::csrf_mask(secret);
  }
  if (auto* given = req.get<std::string>(secret_local)) return detail::csrf_mask(*given);
  if (auto secret = cookie_secret(req, c)) {
    req.set(secret_local, *secret);
    return detail::csrf_mask(*secret);
  }
  std::string secret = detail::random_bytes(detail::csrf_secret_size);
  req.set(cookie_local, c.sealer->seal(c.o.cookie_name, secret + binding(req, c)));
  req.set(secret_local, secret);
  return detail::csrf_mask(secret);
}

}  // namespace strata::auth
