// jwt: JSON Web Tokens (RFC 7519) signed as JWS compact serialization (RFC 7515): HS256/384/512,
// RS256/384/512, PS256/384/512, ES256/384/512 and EdDSA (Ed25519), through OpenSSL 3.
//
//   auto k = jwt::key::from_pem(public_pem);
//   auto r = jwt::verify(token, k, {.issuers = {"https://id.example"}, .audiences = {"api"}});
//   if (!r) return reply_401(r.message);          // r.code says why: expired, bad_signature...
//   std::string_view user = r->claims.at("sub").as_string();
//
//   std::string t = jwt::sign({{"sub", "42"}}, private_key, {.expires_in = std::chrono::hours(1)});
//
// Refused whatever the options: `alg: none`, an algorithm of another key type than the key's
// (an RSA key never verifies HS256), keys that are too weak, unknown `crit` parameters, keys
// embedded in the token (jwk, jku, x5u, x5c are never followed). See docs/design.md, "JWT".
#pragma once
#include <strata/auth/jwk.hpp>
#include <strata/auth/jwt_algorithm.hpp>
#include <strata/auth/jwt_error.hpp>
#include <strata/core/task.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::auth::jwt {

class key_set;
class key_source;

// The time tokens are checked against (and signed at); tests inject a fixed one.
using clock_function = std::function<std::chrono::system_clock::time_point()>;

struct sign_options {
  // Default: the key's alg, else HS256, RS256 (PS256 for an RSASSA-PSS key), the curve's ES
  // algorithm, or EdDSA.
  std::optional<algorithm> alg;
  std::optional<std::string> kid;  // default: the key's kid, if it has one
  std::string typ = "JWT";         // empty: no typ parameter
  boost::json::object header;      // further header parameters (cty...); never alg, kid or typ
  // Sets exp that far from now, and iat to now unless the claims have one.
  std::optional<std::chrono::seconds> expires_in;
  clock_function clock;  // empty: the system clock
};

// Signs `claims` into a compact JWS. Throws key_error when the key cannot sign this algorithm
// (a public key, another key type or curve, a secret shorter than the hash): a programming error.
std::string sign(const boost::json::object& claims, const key& k, const sign_options& options = {});

struct verify_options {
  std::vector<algorithm> algorithms;  // accepted algorithms; empty: any the key serves
  std::vector<std::string> issuers;   // non-empty: iss must be one of them
  std::vector<std::string> audiences;  // non-empty: aud (a string or an array) must name one of them
  std::string subject;                 // non-empty: sub must be exactly this
  std::vector<std::string> required_claims;  // must be present, whatever their value
  std::chrono::seconds leeway{0};            // clock skew forgiven on exp, nbf and iat
  std::optional<std::chrono::seconds> max_age;  // iat is then required and may be no older
  // Non-empty: the header's typ must be this (case-insensitive, "application/" optional: "JWT"
  // matches "application/jwt"; RFC 7515 §4.1.9). RFC 9068 access tokens use "at+jwt".
  std::string typ;
  // crit header parameters the caller understands and checks itself; a token naming any other is
  // refused (RFC 7515 §4.1.11). Strata itself understands none.
  std::vector<std::string> crit;
  std::size_t max_token_bytes = 64 * 1024;  // longer tokens are malformed without being read
  clock_function clock;                     // empty: the system clock
};

// A verified token: its header and claims.
struct token {
  boost::json::object header;
  boost::json::object claims;
};

struct verify_result {
  std::optional<jwt::token> value;  // set when verified
  error code = error::none;
  std::string message;  // why it was refused, for logs and a 401's detail

  explicit operator bool() const { return code == error::none; }
  const jwt::token& operator*() const { return *value; }
  const jwt::token* operator->() const { return &*value; }
};

// Checks the signature with `k` (its kid is not compared with the token's: the caller chose the
// key), then the claims.
verify_result verify(std::string_view token, const key& k, const verify_options& options = {});

// With a key set: a token with a kid is checked with the key of that kid only; one without, with
// each key that serves its algorithm in turn.
verify_result verify(std::string_view token, const key_set& keys, const verify_options& options = {});

// With keys from a source (a remote JWKS): asks it for the keys with the token's kid as a hint,
// then as above. A source that cannot supply keys gives error::keys_unavailable. `token`, `keys`
// and `options` must outlive the returned task (`co_await jwt::verify(t, source, opts)` is fine).
task<verify_result> verify(std::string_view token, key_source& keys, const verify_options& options = {});

}  // namespace strata::auth::jwt
