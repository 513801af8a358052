// Names and properties of the JWS algorithms.
#include <strata/auth/jwt_algorithm.hpp>

namespace strata::auth::jwt {

std::string_view to_string(algorithm a) {
  switch (a) {
    case algorithm::hs256: return "HS256";
    case algorithm::hs384: return "HS384";
    case algorithm::hs512: return "HS512";
    case algorithm::rs256: return "RS256";
    case algorithm::rs384: return "RS384";
    case algorithm::rs512: return "RS512";
    case algorithm::ps256: return "PS256";
    case algorithm::ps384: return "PS384";
    case algorithm::ps512: return "PS512";
    case algorithm::es256: return "ES256";
    case algorithm::es384: return "ES384";
    case algorithm::es512: return "ES512";
    case algorithm::eddsa: return "EdDSA";
  }
  return "?";
}

std::optional<algorithm> parse_algorithm(std::string_view name) {
  // Exact, case-sensitive match: "hs256" or "none" are not algorithms (RFC 7515 §4.1.1).
  for (algorithm a : all_algorithms)
    if (to_string(a) == name) return a;
  return std::nullopt;
}

std::string_view to_string(key_type t) {
  switch (t) {
    case key_type::oct: return "oct";
    case key_type::rsa: return "RSA";
    case key_type::ec: return "EC";
    case key_type::okp: return "OKP";
  }
  return "?";
}

key_type key_type_of(algorithm a) {
  switch (a) {
    case algorithm::hs256:
    case algorithm::hs384:
    case algorithm::hs512: return key_type::oct;
    case algorithm::rs256:
    case algorithm::rs384:
    case algorithm::rs512:
    case algorithm::ps256:
    case algorithm::ps384:
    case algorithm::ps512: return key_type::rsa;
    case algorithm::es256:
    case algorithm::es384:
    case algorithm::es512: return key_type::ec;
    case algorithm::eddsa: return key_type::okp;
  }
  return key_type::oct;
}

std::size_t hash_size(algorithm a) {
  switch (a) {
    case algorithm::hs256:
    case algorithm::rs256:
    case algorithm::ps256:
    case algorithm::es256: return 32;
    case algorithm::hs384:
    case algorithm::rs384:
    case algorithm::ps384:
    case algorithm::es384: return 48;
    case algorithm::hs512:
    case algorithm::rs512:
    case algorithm::ps512:
    case algorithm::es512: return 64;
    case algorithm::eddsa: return 0;
  }
  return 0;
}

std::string_view curve_of(algorithm a) {
  switch (a) {
    case algorithm::es256: return "P-256";
    case algorithm::es384: return "P-384";
    case algorithm::es512: return "P-521";
    case algorithm::eddsa: return "Ed25519";
    default: return {};
  }
}

}  // namespace strata::auth::jwt
