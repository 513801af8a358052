// session_manager: one session() plugin's settings and the two steps of a request's session:
// load (on_request) and commit (on_send). Also session_state::access, the way the session,
// login and CSRF code reach a session's record.
#pragma once
#include <strata/auth/cookie_seal.hpp>
#include <strata/auth/session.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace strata::auth::detail {

// The scope decoration and the request local the plugin uses.
inline constexpr std::string_view session_decoration = "strata.auth.session";
inline constexpr std::string_view session_local = "strata.auth.session";

// Cookies are Secure unless STRATA_ENV (else NODE_ENV) names development or test.
bool secure_cookies_by_default();

class session_manager {
public:
  explicit session_manager(session_options options);

  task<std::shared_ptr<session_state>> load(http::request& req) const;
  task<void> commit(http::request& req, http::response& res, session_state& s) const;

  const session_options& options() const { return options_; }
  bool server_side() const { return options_.store != nullptr; }
  std::int64_t now() const { return options_.clock(); }
  bool expired(const session_record& r, std::int64_t now) const;
  http::cookie_options cookie_options(std::optional<std::chrono::seconds> max_age) const;

  // A new session id: 32 random bytes, base64url (43 characters).
  static std::string new_id();
  // The store's key for an id: base64url(SHA-256(id)).
  static std::string store_key(std::string_view id);

private:
  session_options options_;
  cookie_sealer sealer_;
  bool secure_;
};

}  // namespace strata::auth::detail

namespace strata::auth {

struct session_state::access {
  static detail::session_record& record(session_state& s) { return s.rec_; }
  static const detail::session_manager& manager(const session_state& s) { return *s.manager_; }
  static detail::session_flags& state(session_state& s) { return s.st_; }
  static void loaded(session_state& s, detail::session_record rec, std::string key, std::string user) {
    s.rec_ = std::move(rec);
    s.st_.is_new = false;
    s.st_.loaded_key = std::move(key);
    s.st_.loaded_user = std::move(user);
  }
  static void mark_changed(session_state& s) { s.st_.changed = true; }
  static void set_user(session_state& s, principal who) {
    s.rec_.who = std::move(who);
    s.st_.changed = true;
  }
};

}  // namespace strata::auth
