// session: sessions on Strata's hooks (express-session, @fastify/secure-session, cookie-session).
//
//   srv.use(auth::session({.secrets = {secret}, .store = std::make_shared<auth::memory_session_store>()}));
//   srv.post("/login", [](http::request& req, http::response& res) -> task<void> {
//     auth::login(req, res, who);                       // new id (fixation defence), principal kept
//   });
//   srv.get("/cart", [](http::request& req, http::response& res) {
//     auto& s = auth::session_of(req);
//     s.set("items", boost::json::array{1, 2});
//   });
//
// Two modes. Server-side (a store given): the cookie carries a signed random 256-bit id and the
// data lives in the store (memory, SQL, Redis), so a session can be revoked. Cookie-only (no
// store): the whole session is sealed into the cookie (signed, or encrypted with `encrypt`);
// nothing to store, nothing to revoke before it expires.
//
// A request's session is loaded in on_request when it carries the cookie, and written in on_send
// only when it changed, or to record activity (rolling idle expiry, at most every touch_after).
// Idle and absolute expiry are checked on the server against times kept in the session, not left
// to the cookie's Max-Age.
#pragma once
#include <strata/auth/detail/session_record.hpp>
#include <strata/auth/principal.hpp>
#include <strata/auth/session_store.hpp>
#include <strata/http/middleware.hpp>

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::auth {

namespace detail {
class session_manager;
}

struct session_options {
  // 32 bytes or more each; the first seals, all open (rotate by putting a new one first).
  std::vector<std::string> secrets;
  // Server-side sessions; nullptr: cookie-only.
  std::shared_ptr<session_store> store;
  // Cookie-only sessions: AES-256-GCM, so the client cannot read what the session holds.
  bool encrypt = false;

  std::string cookie_name = "sid";  // "__Host-sid" in production pins it to this host, Secure, Path=/
  std::string path = "/";
  std::string domain;
  // Default: Secure unless STRATA_ENV (else NODE_ENV) is "development" or "test". Browsers keep
  // Secure cookies from http://localhost, so development in a browser works either way.
  std::optional<bool> secure;
  std::string same_site = "Lax";
  bool persistent = true;  // Max-Age on the cookie; false: the browser drops it when it closes

  std::chrono::seconds idle_timeout{std::chrono::hours(1)};       // no activity for this long: expired
  std::chrono::seconds absolute_timeout{std::chrono::hours(24)};  // since it began (or since login)
  bool rolling = true;                    // activity extends the idle timeout
  std::chrono::seconds touch_after{60};   // activity is written at most this often, not on every request
  std::size_t max_cookie_bytes = 4096;    // cookie-only: name and sealed value; a larger session is a 500
  std::function<std::int64_t()> clock;    // unix ms; for tests
};

// The request's session (auth::session_of). Values are JSON.
class session_state {
public:
  // 256 random bits, base64url. A new session gets one when first asked or saved.
  const std::string& id();
  // True while nothing is stored under its id: no valid cookie came, or it was just regenerated.
  bool is_new() const { return st_.is_new; }

  // The value, or nullptr.
  const boost::json::value* get(std::string_view key) const;
  void set(std::string_view key, boost::json::value value);
  bool erase(std::string_view key);  // true when it was there
  const boost::json::object& values() const { return rec_.data; }
  void clear();  // every value; the login stays

  // The principal auth::login stored, or nullptr.
  const principal* user() const { return rec_.who ? &*rec_.who : nullptr; }

  // A new id for the same data (after a privilege change); the old id stops working. login() does it.
  void regenerate();
  // Ends the session: removed from the store, the cookie cleared.
  void destroy();
  // Save it even when nothing changed (extends the idle timeout now).
  void touch() { st_.touched = true; }

  std::int64_t created_ms() const { return rec_.created_ms; }  // unix ms
  // When it expires if nothing happens first (the idle or the absolute timeout), unix ms.
  std::int64_t expires_ms() const;

  explicit session_state(const detail::session_manager& manager);
  struct access;  // the session, CSRF and login code

private:
  friend struct access;
  const detail::session_manager* manager_;
  detail::session_record rec_;
  detail::session_flags st_;
};

// The plugin: loads and saves the sessions of the scope's routes. Throws std::invalid_argument
// for missing or short secrets and impossible timeouts.
http::plugin_fn session(session_options options);

// The request's session; throws std::logic_error when auth::session() is not on the route's scope.
session_state& session_of(http::request& req);
// The request's session, or nullptr.
session_state* find_session(http::request& req);

// Logs the request in: a new session id (session fixation defence), a new CSRF secret, the
// principal stored in the session and set on the request.
void login(http::request& req, http::response& res, principal who);
// Ends the request's session (store entry and cookie).
void logout(http::request& req, http::response& res);
// Ends every session of the user in a server-side store; how many there were.
task<std::size_t> logout_everywhere(session_store& store, std::string user_id);
// Ends every session of the request's user, this one included; throws std::logic_error for
// cookie-only sessions (they cannot be revoked) and 401 when nobody is logged in.
task<std::size_t> logout_everywhere(http::request& req, http::response& res);

}  // namespace strata::auth
