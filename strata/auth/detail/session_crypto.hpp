// session_crypto: the OpenSSL primitives behind sealed cookies, session ids and CSRF tokens:
// random bytes, SHA-256, HMAC-SHA256, HKDF (RFC 5869), AES-256-GCM and a constant-time compare.
// Bytes are std::string; nothing here knows about HTTP.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace strata::auth::detail {

// Cryptographically strong bytes (RAND_bytes); throws std::runtime_error when the generator fails.
std::string random_bytes(std::size_t n);

std::string sha256(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);
// HKDF-SHA256 extract-then-expand; `length` at most 255 * 32.
std::string hkdf_sha256(std::string_view ikm, std::string_view salt, std::string_view info, std::size_t length);

// True when a and b hold the same bytes; the time taken depends on the lengths only.
bool constant_time_equal(std::string_view a, std::string_view b);

// AES-256-GCM: ciphertext followed by the 16-byte tag. key is 32 bytes, nonce 12.
std::string aes256gcm_seal(std::string_view key, std::string_view nonce, std::string_view aad,
                           std::string_view plaintext);
// The plaintext, or nullopt when the tag does not verify (wrong key, changed bytes or aad).
std::optional<std::string> aes256gcm_open(std::string_view key, std::string_view nonce, std::string_view aad,
                                          std::string_view sealed);

}  // namespace strata::auth::detail
