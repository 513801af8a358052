// Reading an OpenSSL key or a secret into key_material: what type and curve it is, whether it is
// strong enough, and (for secrets) the HMAC contexts prepared once.
#include <strata/auth/detail/jwk_material.hpp>
#include <strata/auth/jwk.hpp>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

#include <string>

namespace strata::auth::jwt::detail {

std::string openssl_error() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return {};
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

key_material::~key_material() {
  if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
}

std::size_t ec_field_bytes(std::string_view curve) {
  if (curve == "P-256") return 32;
  if (curve == "P-384") return 48;
  if (curve == "P-521") return 66;
  return 0;
}

namespace {

// JOSE's curve name for OpenSSL's group name; empty when JOSE has no algorithm on it.
std::string_view jose_curve(std::string_view group) {
  if (group == "prime256v1" || group == "P-256") return "P-256";
  if (group == "secp384r1" || group == "P-384") return "P-384";
  if (group == "secp521r1" || group == "P-521") return "P-521";
  return {};
}

EVP_MAC* hmac() {
  // Fetched once: an implicit fetch per operation costs a lock and a lookup.
  static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}

}  // namespace

std::shared_ptr<key_material> material_from_pkey(pkey_ptr pkey, bool has_private) {
  auto m = std::make_shared<key_material>();
  EVP_PKEY* p = pkey.get();
  m->has_private = has_private;
  m->bits = static_cast<std::size_t>(EVP_PKEY_get_bits(p));
  if (EVP_PKEY_is_a(p, "RSA") || EVP_PKEY_is_a(p, "RSA-PSS")) {
    m->type = key_type::rsa;
    m->pss_only = EVP_PKEY_is_a(p, "RSA-PSS");
    if (m->bits < 2048)
      throw key_error("RSA key of " + std::to_string(m->bits) + " bits: at least 2048 are needed (RFC 7518 §3.3)");
  } else if (EVP_PKEY_is_a(p, "EC")) {
    char group[64] = {};
    std::size_t len = 0;
    if (!EVP_PKEY_get_utf8_string_param(p, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len))
      throw key_error("EC key without a named curve");
    m->type = key_type::ec;
    m->curve = jose_curve(std::string_view(group, len));
    if (m->curve.empty())
      throw key_error("EC key on curve " + std::string(group, len) + ": JWS signs on P-256, P-384 and P-521 only");
  } else if (EVP_PKEY_is_a(p, "ED25519")) {
    m->type = key_type::okp;
    m->curve = "Ed25519";
  } else {
    const char* name = EVP_PKEY_get0_type_name(p);
    throw key_error(std::string("key of type ") + (name ? name : "unknown") +
                    ": JWS keys are RSA, EC (P-256/384/521) or Ed25519");
  }
  m->pkey = std::move(pkey);
  return m;
}

std::shared_ptr<key_material> material_from_secret(std::string_view secret) {
  if (secret.size() < 32)
    throw key_error("HMAC secret of " + std::to_string(secret.size()) +
                    " bytes: at least 32 are needed (HS256's hash size, RFC 7518 §3.2)");
  auto m = std::make_shared<key_material>();
  m->type = key_type::oct;
  m->has_private = true;
  m->bits = secret.size() * 8;
  m->secret.assign(secret);
  static const char* const digests[] = {"SHA256", "SHA384", "SHA512"};
  for (std::size_t i = 0; i < 3; ++i) {
    if (secret.size() < 32 + 16 * i) continue;  // too short for this hash: it will not be used
    mac_ctx_ptr ctx(EVP_MAC_CTX_new(hmac()));
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digests[i]), 0),
                           OSSL_PARAM_construct_end()};
    if (!ctx || !EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(m->secret.data()), m->secret.size(),
                              params))
      throw key_error("HMAC setup failed: " + openssl_error());
    m->hmac[i] = std::move(ctx);
  }
  return m;
}

}  // namespace strata::auth::jwt::detail
