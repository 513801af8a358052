// argon2 for strata::auth passwords: the PHC string form and the hash itself (libargon2's
// argon2_ctx), so verification can read every parameter and compare with CRYPTO_memcmp.
#pragma once
#include <strata/auth/password.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strata::auth::detail {

enum class argon2_variant : std::uint8_t { d = 0, i = 1, id = 2 };  // libargon2's argon2_type

// A parsed "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>" (salt and hash as raw bytes).
struct argon2_phc {
  argon2_variant variant = argon2_variant::id;
  std::uint32_t version = 0x13;  // 0x13 (v=19); 0x10 when the string has no v= (Argon2 1.0)
  std::uint32_t memory_kib = 0, iterations = 0, parallelism = 0;
  std::string salt, hash;
};

// Strict: the reference implementation's layout, unpadded standard base64, no leading zeros, and
// costs within what verification will spend (see password_argon2.cpp); nullopt otherwise.
std::optional<argon2_phc> parse_argon2(std::string_view text);
std::string format_argon2(const argon2_phc& h);

// The raw tag. `secret` and `ad` are Argon2's optional inputs (for RFC 9106's test vectors).
// Throws std::bad_alloc when the memory cannot be had.
std::string argon2_raw(argon2_variant v, std::uint32_t version, std::string_view password, std::string_view salt,
                       std::uint32_t memory_kib, std::uint32_t iterations, std::uint32_t parallelism,
                       std::size_t hash_bytes, std::string_view secret = {}, std::string_view ad = {});

// Throws std::invalid_argument for parameters outside the accepted ranges.
void validate(const argon2_params& p);
// A new PHC string with a fresh random salt.
std::string argon2id_hash(std::string_view password, const argon2_params& p);
// `stored` already parsed; the password's length already checked.
password_check argon2_verify(std::string_view password, const argon2_phc& stored, const password_params& current);
bool argon2_current(const argon2_phc& stored, const password_params& current);

}  // namespace strata::auth::detail
