// What a jwt::key holds once parsed: the OpenSSL key (or the HMAC secret with its prepared MAC
// contexts), read once when the key is built and never changed, so verification parses nothing.
#pragma once
#include <strata/auth/detail/jwk_openssl.hpp>
#include <strata/auth/jwt_algorithm.hpp>

#include <array>
#include <cstddef>
#include <memory>
#include <string>

namespace strata::auth::jwt::detail {

struct key_material {
  key_type type = key_type::oct;
  std::string_view curve;   // a static name: "P-256", "P-384", "P-521", "Ed25519"; empty otherwise
  std::size_t bits = 0;
  bool has_private = false;
  bool pss_only = false;    // an RSASSA-PSS key (id-RSASSA-PSS in its SPKI): PS* only
  pkey_ptr pkey;            // RSA, EC, OKP
  std::string secret;       // oct
  // oct: an HMAC context keyed with the secret for SHA-256, -384, -512 (null when the secret is
  // too short for that hash); each signature duplicates one instead of keying HMAC anew.
  std::array<mac_ctx_ptr, 3> hmac;

  ~key_material();
};

// The field size in bytes of an EC curve (32, 48, 66); 0 for another name.
std::size_t ec_field_bytes(std::string_view curve);

// Builds the material from an OpenSSL key (type, curve and size read from it); key_error for
// types and curves JOSE has no algorithm for.
std::shared_ptr<key_material> material_from_pkey(pkey_ptr pkey, bool has_private);
// The material of an HMAC secret (key_error under 32 bytes).
std::shared_ptr<key_material> material_from_secret(std::string_view secret);

}  // namespace strata::auth::jwt::detail
