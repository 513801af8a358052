// refresh_tokens: long-lived opaque tokens that buy new access tokens (JWTs), rotated on every use
// and grouped in families, as the OAuth 2.0 Security BCP (RFC 9700, §4.14) asks:
//
//   auth::refresh_tokens refresh(std::make_shared<auth::sql_refresh_store>(db));
//   auto issued = co_await refresh.issue(user.id, R"({"device":"iPhone"})");   // at login
//   auto r = co_await refresh.rotate(presented);                              // POST /token/refresh
//   if (!r) throw http::http_error(401, ...);   // r.status says why; reused: the family is gone
//   send(r.token, sign_access_token(r.user_id));
//
// A token is 256 random bits in base64url (43 characters); stores keep only its SHA-256, so a
// leaked table holds nothing a client could present. Rotating a token uses it up: presenting it
// again means two parties hold it, and the whole family (every token descended from that login)
// is revoked. A family ends at its absolute lifetime; a token also ends when it sits unused past
// the idle timeout.
#pragma once
#include <strata/auth/refresh_store.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace strata::auth {

struct refresh_token_options {
  std::chrono::milliseconds absolute_lifetime = std::chrono::hours(24 * 30);  // login again after this
  std::chrono::milliseconds idle_timeout = std::chrono::hours(24 * 14);       // unused this long: expired
  std::function<std::int64_t()> clock;  // unix ms; default the system clock (tests move it by hand)
};

struct issued_refresh_token {
  std::string token;            // give this to the client, once
  std::string family;           // the family's id (for logs, or to list a user's sessions)
  std::int64_t expires_ms = 0;  // when this token ends unless rotated first (unix ms)
};

struct refresh_rotation {
  refresh_status status = refresh_status::invalid;
  std::string token;            // the new token (ok only)
  std::int64_t expires_ms = 0;  // its end (ok only)
  std::string user_id;          // set for every status but invalid: whose token it was
  std::string family;
  std::string meta;
  explicit operator bool() const { return status == refresh_status::ok; }
};

class refresh_tokens {
 public:
  explicit refresh_tokens(std::shared_ptr<refresh_store> store, refresh_token_options options = {});

  // A new family (a login) for the user, with its first token.
  task<issued_refresh_token> issue(std::string user_id, std::string meta = {});
  // Uses the token up and returns its successor; see refresh_status for the refusals.
  task<refresh_rotation> rotate(std::string token);
  // Logout on this device: revokes the token's family. False when there was nothing to revoke.
  task<bool> revoke(std::string token);
  // Logout everywhere: revokes every family of the user; how many.
  task<std::size_t> revoke_all(std::string user_id);
  // Removes families past their absolute end (from a periodic job); how many.
  task<std::size_t> purge();

  // The SHA-256 (hex) a store keys a token by.
  static std::string hash(std::string_view token);

 private:
  std::shared_ptr<refresh_store> store_;
  refresh_token_options options_;
};

}  // namespace strata::auth
