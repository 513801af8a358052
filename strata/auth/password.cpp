// Password hashing and verification: the checks every algorithm shares, the choice between them
// by the stored string's prefix, and the trip to the blocking pool (see password.hpp).
#include <strata/auth/detail/password_argon2.hpp>
#include <strata/auth/detail/password_bcrypt.hpp>
#include <strata/auth/password.hpp>
#include <strata/core/offload.hpp>

#include <openssl/crypto.h>

namespace strata::auth {
namespace {

// bcrypt reads 72 bytes and ignores the rest: hashing refuses more rather than let two
// passwords with one 72-byte prefix share a hash without anyone knowing.
constexpr std::size_t bcrypt_max_bytes = 72;

void wipe(std::string& s) {
  if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
}

}  // namespace

std::string_view to_string(password_error e) {
  switch (e) {
    case password_error::none:
      return "";
    case password_error::too_long:
      return "The password is too long (at most 1024 bytes; 72 for bcrypt).";
    case password_error::contains_nul:
      return "The password contains a NUL character.";
  }
  return "";
}

std::string_view to_string(password_check c) {
  switch (c) {
    case password_check::ok:
      return "ok";
    case password_check::needs_rehash:
      return "needs_rehash";
    case password_check::wrong:
      return "wrong";
    case password_check::malformed:
      return "malformed";
  }
  return "";
}

hashed_password hash_password_sync(std::string_view password, const password_params& params) {
  if (password.size() > max_password_bytes) return {{}, password_error::too_long};
  if (params.algorithm == password_algorithm::bcrypt) {
    if (params.bcrypt_cost < 4 || params.bcrypt_cost > 31)
      throw std::invalid_argument("bcrypt: the cost must be 4..31");
    if (password.size() > bcrypt_max_bytes) return {{}, password_error::too_long};
    if (password.find('\0') != std::string_view::npos) return {{}, password_error::contains_nul};
    return {detail::bcrypt_hash(password, params.bcrypt_cost), password_error::none};
  }
  return {detail::argon2id_hash(password, params.argon2), password_error::none};
}

password_check verify_password_sync(std::string_view password, std::string_view stored,
                                    const password_params& current) {
  // The stored string first: a malformed one is reported whatever the password.
  if (auto h = detail::parse_argon2(stored)) {
    if (password.size() > max_password_bytes) return password_check::wrong;
    return detail::argon2_verify(password, *h, current);
  }
  if (auto cost = detail::parse_bcrypt(stored)) {
    if (password.size() > max_password_bytes) return password_check::wrong;
    return detail::bcrypt_verify(password, stored, *cost, current);
  }
  return password_check::malformed;
}

bool needs_rehash(std::string_view stored, const password_params& current) {
  if (auto h = detail::parse_argon2(stored)) return !detail::argon2_current(*h, current);
  if (auto cost = detail::parse_bcrypt(stored))
    return current.algorithm != password_algorithm::bcrypt || *cost != current.bcrypt_cost;
  return true;
}

task<hashed_password> hash_password(std::string password, password_params params) {
  // Refusals cost nothing: answered here, without a trip to the pool.
  if (password.size() > max_password_bytes) co_return hashed_password{{}, password_error::too_long};
  auto work = [password = std::move(password), params]() mutable {
    auto h = hash_password_sync(password, params);
    wipe(password);
    return h;
  };
  co_return co_await offload(std::move(work));  // named: see offload.hpp on GCC 12
}

task<password_check> verify_password(std::string password, std::string stored, password_params current) {
  auto work = [password = std::move(password), stored = std::move(stored), current]() mutable {
    auto c = verify_password_sync(password, stored, current);
    wipe(password);
    return c;
  };
  co_return co_await offload(std::move(work));
}

}  // namespace strata::auth
