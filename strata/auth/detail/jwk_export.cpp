// Key material out as a JWK's key members, and fresh keys for an algorithm.
#include <strata/auth/detail/base64url.hpp>
#include <strata/auth/detail/jwk_codec.hpp>
#include <strata/auth/jwk.hpp>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>

#include <string>

namespace strata::auth::jwt::detail {

namespace {

// A number of the key as base64url, left-padded to `width` bytes when given (EC coordinates and
// scalars are fixed-size in JWK); empty when the key does not have it.
std::string number(const EVP_PKEY* pkey, const char* name, std::size_t width = 0) {
  BIGNUM* raw = nullptr;
  if (!EVP_PKEY_get_bn_param(pkey, name, &raw)) {
    ERR_clear_error();
    return {};
  }
  std::unique_ptr<BIGNUM, openssl_deleter<BN_clear_free>> bn(raw);
  std::string bytes(width ? width : static_cast<std::size_t>(BN_num_bytes(bn.get())), '\0');
  if (bytes.empty()) bytes.assign(1, '\0');  // zero is one zero byte
  if (BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size())) < 0)
    throw key_error("JWK export: number wider than its field");
  std::string text = base64url_encode(bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return text;
}

void put(boost::json::object& o, const char* name, std::string value) {
  if (!value.empty()) o[name] = std::move(value);
}

std::string raw_key(const EVP_PKEY* pkey, bool priv) {
  unsigned char bytes[64];
  std::size_t len = sizeof bytes;
  const int ok =
      priv ? EVP_PKEY_get_raw_private_key(pkey, bytes, &len) : EVP_PKEY_get_raw_public_key(pkey, bytes, &len);
  if (!ok) throw key_error("JWK export: raw key unavailable: " + openssl_error());
  std::string text = base64url_encode(std::string_view(reinterpret_cast<char*>(bytes), len));
  OPENSSL_cleanse(bytes, sizeof bytes);
  return text;
}

}  // namespace

boost::json::object jwk_members(const key_material& m, bool include_private) {
  boost::json::object o;
  o["kty"] = to_string(m.type);
  const bool priv = include_private && m.has_private;
  const EVP_PKEY* p = m.pkey.get();
  switch (m.type) {
    case key_type::oct:
      if (include_private) o["k"] = base64url_encode(m.secret);
      break;
    case key_type::rsa:
      put(o, "n", number(p, OSSL_PKEY_PARAM_RSA_N));
      put(o, "e", number(p, OSSL_PKEY_PARAM_RSA_E));
      if (priv) {
        put(o, "d", number(p, OSSL_PKEY_PARAM_RSA_D));
        put(o, "p", number(p, OSSL_PKEY_PARAM_RSA_FACTOR1));
        put(o, "q", number(p, OSSL_PKEY_PARAM_RSA_FACTOR2));
        put(o, "dp", number(p, OSSL_PKEY_PARAM_RSA_EXPONENT1));
        put(o, "dq", number(p, OSSL_PKEY_PARAM_RSA_EXPONENT2));
        put(o, "qi", number(p, OSSL_PKEY_PARAM_RSA_COEFFICIENT1));
      }
      break;
    case key_type::ec: {
      const std::size_t size = ec_field_bytes(m.curve);
      o["crv"] = m.curve;
      put(o, "x", number(p, OSSL_PKEY_PARAM_EC_PUB_X, size));
      put(o, "y", number(p, OSSL_PKEY_PARAM_EC_PUB_Y, size));
      if (priv) put(o, "d", number(p, OSSL_PKEY_PARAM_PRIV_KEY, size));
      break;
    }
    case key_type::okp:
      o["crv"] = m.curve;
      o["x"] = raw_key(p, false);
      if (priv) o["d"] = raw_key(p, true);
      break;
  }
  return o;
}

std::shared_ptr<key_material> generate_material(algorithm alg) {
  switch (key_type_of(alg)) {
    case key_type::oct: {
      std::string secret(hash_size(alg), '\0');
      if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), static_cast<int>(secret.size())) != 1)
        throw key_error("no random bytes: " + openssl_error());
      auto m = material_from_secret(secret);
      OPENSSL_cleanse(secret.data(), secret.size());
      return m;
    }
    case key_type::rsa: {
      pkey_ptr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(2048)));
      if (!pkey) throw key_error("RSA key generation failed: " + openssl_error());
      return material_from_pkey(std::move(pkey), true);
    }
    case key_type::ec: {
      const std::string curve(curve_of(alg));
      pkey_ptr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve.c_str()));
      if (!pkey) throw key_error("EC key generation failed: " + openssl_error());
      return material_from_pkey(std::move(pkey), true);
    }
    case key_type::okp: {
      pkey_ptr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
      if (!pkey) throw key_error("Ed25519 key generation failed: " + openssl_error());
      return material_from_pkey(std::move(pkey), true);
    }
  }
  throw key_error("unknown algorithm");
}

}  // namespace strata::auth::jwt::detail
