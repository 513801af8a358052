// The JWS signature primitives (RFC 7518 §3, RFC 8037 §3.1) over OpenSSL 3's EVP interfaces.
// Callers check the key against the algorithm first (detail::check_key); these only compute.
#pragma once
#include <strata/auth/detail/jwk_material.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace strata::auth::jwt::detail {

// The longest signature accepted: an RSA key of 16384 bits.
inline constexpr std::size_t max_signature_bytes = 2048;

// The signature of `input` in its JWS form (R||S for ECDSA); key_error when OpenSSL fails.
std::string jws_sign(algorithm alg, const key_material& k, std::string_view input);

// Whether `signature` (JWS form) is `alg`'s signature of `input` under `k`. Allocates nothing
// but OpenSSL's own contexts.
bool jws_verify(algorithm alg, const key_material& k, std::string_view input, const unsigned char* signature,
                std::size_t size);

}  // namespace strata::auth::jwt::detail
