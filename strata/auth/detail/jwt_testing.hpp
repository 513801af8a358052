// Shared by the JWT tests (in detail/ so it is never installed): one key per algorithm, generated
// once per run (RSA generation is slow under sanitizers), a fixed clock, and forging tokens with
// any header a test wants.
#pragma once
#include <strata/auth/detail/base64url.hpp>
#include <strata/auth/detail/jwt_crypto.hpp>
#include <strata/auth/jwt.hpp>

#include <boost/json/serialize.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace strata::auth::jwt::testing {

// A private key for `alg` (its alg not set, so a test can use it with related algorithms): RSA
// keys are shared by RS* and PS*.
inline const key& private_key(algorithm alg) {
  static std::mutex m;
  static std::map<int, key> keys;
  const int slot = key_type_of(alg) == key_type::rsa ? 100 : static_cast<int>(alg);
  std::lock_guard lock(m);
  auto it = keys.find(slot);
  if (it == keys.end()) {
    key k = key::generate(alg);
    // Drop the alg that generate() set, through the JWK: tests choose algorithms themselves.
    auto jwk = k.to_jwk(true);
    jwk.erase("alg");
    it = keys.emplace(slot, key::from_jwk(jwk)).first;
  }
  return it->second;
}

inline key public_key(algorithm alg) {
  const key& k = private_key(alg);
  return k.type() == key_type::oct ? k : key::from_jwk(k.to_jwk(false));
}

// 2024-01-01T00:00:00Z, a time the tests set claims around.
inline constexpr std::int64_t t0 = 1704067200;

inline clock_function fixed_clock(std::int64_t unix_seconds) {
  return [unix_seconds] { return std::chrono::system_clock::time_point(std::chrono::seconds(unix_seconds)); };
}

// A token with exactly this header and payload text, signed as `alg` with `k` (no checks: the
// point is to make tokens sign() refuses to).
inline std::string forge(std::string_view header_json, std::string_view payload, const key& k, algorithm alg) {
  std::string t = detail::base64url_encode(header_json) + "." + detail::base64url_encode(payload);
  return t + "." + detail::base64url_encode(detail::jws_sign(alg, k.material(), t));
}

inline std::string b64(std::string_view s) { return detail::base64url_encode(s); }

}  // namespace strata::auth::jwt::testing
