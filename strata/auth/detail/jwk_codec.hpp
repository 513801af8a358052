// Key material in and out of its text forms: PEM (through OpenSSL's decoders and encoders) and
// a JWK's key members (kty and the base64url numbers; the metadata is jwt::key's business).
#pragma once
#include <strata/auth/detail/jwk_material.hpp>

#include <boost/json/object.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace strata::auth::jwt::detail {

// key_error when the text holds no usable key.
std::shared_ptr<key_material> material_from_pem(std::string_view pem);
std::shared_ptr<key_material> material_from_jwk(const boost::json::object& jwk);
// A fresh key for `alg`.
std::shared_ptr<key_material> generate_material(algorithm alg);

// kty and the key members of a JWK; the private ones only with `include_private`.
boost::json::object jwk_members(const key_material& m, bool include_private);
std::string pem_of(const key_material& m, bool include_private);

}  // namespace strata::auth::jwt::detail
