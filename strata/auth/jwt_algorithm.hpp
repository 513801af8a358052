// The JWS algorithms Strata signs and verifies (RFC 7518 §3, RFC 8037 §3.1), and what each needs
// from a key. `none` is deliberately not one of them.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace strata::auth::jwt {

enum class algorithm : std::uint8_t {
  hs256, hs384, hs512,  // HMAC with SHA-2: a shared secret (kty oct)
  rs256, rs384, rs512,  // RSASSA-PKCS1-v1_5: an RSA key of 2048 bits or more
  ps256, ps384, ps512,  // RSASSA-PSS (MGF1 and salt of the hash's length): an RSA key
  es256, es384, es512,  // ECDSA on P-256, P-384, P-521 (one curve each): an EC key
  eddsa,                // EdDSA on Ed25519: an OKP key
};

// The key type an algorithm needs, as JWK's `kty` names it.
enum class key_type : std::uint8_t { oct, rsa, ec, okp };

inline constexpr algorithm all_algorithms[] = {
    algorithm::hs256, algorithm::hs384, algorithm::hs512, algorithm::rs256, algorithm::rs384,
    algorithm::rs512, algorithm::ps256, algorithm::ps384, algorithm::ps512, algorithm::es256,
    algorithm::es384, algorithm::es512, algorithm::eddsa};

// "HS256", "EdDSA"... as they appear in a JOSE header.
std::string_view to_string(algorithm a);
// The algorithm a header's `alg` names; nullopt for "none" and everything Strata does not do.
std::optional<algorithm> parse_algorithm(std::string_view name);

std::string_view to_string(key_type t);  // "oct", "RSA", "EC", "OKP"

key_type key_type_of(algorithm a);
// The hash's output in bytes (SHA-256: 32); 0 for EdDSA, which hashes inside.
std::size_t hash_size(algorithm a);
// The curve an ES or EdDSA algorithm is bound to, as JWK's `crv` names it ("P-256", "Ed25519");
// empty for the others.
std::string_view curve_of(algorithm a);

}  // namespace strata::auth::jwt
