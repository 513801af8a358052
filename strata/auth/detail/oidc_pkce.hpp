// The random values and hashes of an OIDC login: state, nonce, the PKCE verifier and its S256
// challenge (RFC 7636 §4), and the at_hash check (OIDC Core §3.1.3.6).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace strata::auth::detail {

// `bytes` random bytes from OpenSSL's CSPRNG, base64url (32 bytes: 43 characters, as PKCE asks).
std::string oidc_random(std::size_t bytes = 32);
// BASE64URL(SHA256(verifier)): the code_challenge for code_challenge_method=S256.
std::string pkce_challenge(std::string_view verifier);
// The left half of the hash of `access_token` with the hash of the ID token's `alg` (SHA-256 for
// RS256/ES256/PS256...), base64url; empty for an algorithm it does not know.
std::string oidc_half_hash(std::string_view alg, std::string_view access_token);
// Compares in time independent of where the texts differ.
bool oidc_equal(std::string_view a, std::string_view b);

}  // namespace strata::auth::detail
