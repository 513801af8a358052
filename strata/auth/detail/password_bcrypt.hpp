// bcrypt for strata::auth passwords, through libcrypt's thread-safe crypt_rn: verifying the
// $2a$/$2b$/$2y$ hashes of Node services (bcrypt, bcryptjs) and making $2b$ ones.
#pragma once
#include <strata/auth/password.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace strata::auth::detail {

// The cost of a well-formed "$2b$10$<22 salt chars><31 hash chars>", else nullopt.
std::optional<int> parse_bcrypt(std::string_view text);
// A new $2b$ hash; the password already checked (at most 72 bytes, no NUL).
std::string bcrypt_hash(std::string_view password, int cost);
// `stored` already parsed (its cost given); a password with a NUL never matches.
password_check bcrypt_verify(std::string_view password, std::string_view stored, int cost,
                             const password_params& current);

}  // namespace strata::auth::detail
