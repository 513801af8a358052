// A JWK's key members into OpenSSL keys (EVP_PKEY_fromdata), checked as they come in: exact
// member sizes for EC and OKP, points on their curve, private parts that match the public ones.
#include <strata/auth/detail/base64url.hpp>
#include <strata/auth/detail/jwk_codec.hpp>
#include <strata/auth/jwk.hpp>

#include <openssl/core_names.h>
#include <openssl/crypto.h>

#include <deque>
#include <string>
#include <vector>

namespace strata::auth::jwt::detail {

namespace {

using boost::json::object;

// Private members are wiped when done with.
struct secret_bytes {
  std::string bytes;
  secret_bytes() = default;
  explicit secret_bytes(std::string b) : bytes(std::move(b)) {}
  secret_bytes(secret_bytes&&) = default;
  ~secret_bytes() {
    if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
  }
};

// The member `name` decoded from base64url; empty when absent, key_error when not a string or
// not base64url (or empty).
secret_bytes member(const object& jwk, const char* name) {
  const auto* v = jwk.if_contains(name);
  if (!v) return {};
  const auto* s = v->if_string();
  if (!s) throw key_error(std::string("JWK member '") + name + "' must be a string");
  auto bytes = base64url_decode(*s);
  if (!bytes || bytes->empty()) throw key_error(std::string("JWK member '") + name + "' is not base64url");
  return secret_bytes(std::move(*bytes));
}

secret_bytes required(const object& jwk, const char* name, std::string_view kty) {
  auto m = member(jwk, name);
  if (m.bytes.empty()) throw key_error("JWK of kty " + std::string(kty) + " needs '" + name + "'");
  return m;
}

std::string_view string_member(const object& jwk, const char* name) {
  const auto* v = jwk.if_contains(name);
  if (!v) return {};
  const auto* s = v->if_string();
  if (!s) throw key_error(std::string("JWK member '") + name + "' must be a string");
  return *s;
}

// Builds an OSSL_PARAM list; the BIGNUMs must live until the key is made.
class params {
  struct bn_clear {
    void operator()(BIGNUM* b) const noexcept { BN_clear_free(b); }
  };

public:
  params() : bld_(OSSL_PARAM_BLD_new()) {
    if (!bld_) throw key_error("out of memory");
  }
  void number(const char* key, const std::string& big_endian) {
    std::unique_ptr<BIGNUM, bn_clear> bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(big_endian.data()),
                                                   static_cast<int>(big_endian.size()), nullptr));
    if (!bn || !OSSL_PARAM_BLD_push_BN(bld_.get(), key, bn.get())) throw key_error("out of memory");
    numbers_.push_back(std::move(bn));
  }
  // The builder keeps pointers, not copies, until the list is made: the bytes are kept here.
  void octets(const char* key, std::string bytes) {
    const std::string& kept = kept_.emplace_back(std::move(bytes));
    if (!OSSL_PARAM_BLD_push_octet_string(bld_.get(), key, kept.data(), kept.size())) throw key_error("out of memory");
  }
  void text(const char* key, std::string_view value) {
    const std::string& kept = kept_.emplace_back(value);
    if (!OSSL_PARAM_BLD_push_utf8_string(bld_.get(), key, kept.data(), kept.size())) throw key_error("out of memory");
  }
  pkey_ptr make(const char* type, bool with_private) {
    params_ptr list(OSSL_PARAM_BLD_to_param(bld_.get()));
    pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* pkey = nullptr;
    if (!list || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &pkey, with_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, list.get()) != 1)
      throw key_error(std::string("unusable ") + type + " JWK: " + openssl_error());
    return pkey_ptr(pkey);
  }

private:
  param_bld_ptr bld_;
  std::vector<std::unique_ptr<BIGNUM, bn_clear>> numbers_;
  std::deque<std::string> kept_;  // a deque: its elements never move
};

// OpenSSL's own checks: the public part is sound (an EC point on its curve, an RSA modulus
// without small factors) and a private part matches it.
void check(const pkey_ptr& pkey, bool pairwise, const char* what) {
  pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  if (!ctx || EVP_PKEY_public_check(ctx.get()) != 1)
    throw key_error(std::string("invalid ") + what + " JWK: " + openssl_error());
  if (pairwise && EVP_PKEY_pairwise_check(ctx.get()) != 1)
    throw key_error(std::string(what) + " JWK: the private key does not match the public one");
}

std::shared_ptr<key_material> rsa(const object& jwk) {
  if (jwk.contains("oth")) throw key_error("RSA JWK with more than two primes ('oth') is not supported");
  auto n = required(jwk, "n", "RSA"), e = required(jwk, "e", "RSA"), d = member(jwk, "d");
  params p;
  p.number(OSSL_PKEY_PARAM_RSA_N, n.bytes);
  p.number(OSSL_PKEY_PARAM_RSA_E, e.bytes);
  const bool priv = !d.bytes.empty();
  if (priv) {
    p.number(OSSL_PKEY_PARAM_RSA_D, d.bytes);
    auto pp = member(jwk, "p"), q = member(jwk, "q"), dp = member(jwk, "dp"), dq = member(jwk, "dq"),
         qi = member(jwk, "qi");
    const int crt = !pp.bytes.empty() + !q.bytes.empty() + !dp.bytes.empty() + !dq.bytes.empty() + !qi.bytes.empty();
    if (crt != 0 && crt != 5) throw key_error("RSA JWK: p, q, dp, dq and qi come all together or not at all");
    if (crt == 5) {
      p.number(OSSL_PKEY_PARAM_RSA_FACTOR1, pp.bytes);
      p.number(OSSL_PKEY_PARAM_RSA_FACTOR2, q.bytes);
      p.number(OSSL_PKEY_PARAM_RSA_EXPONENT1, dp.bytes);
      p.number(OSSL_PKEY_PARAM_RSA_EXPONENT2, dq.bytes);
      p.number(OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qi.bytes);
    }
  }
  // Sized before anything costly: a huge modulus would make the checks below slow.
  if (n.bytes.size() > 2048) throw key_error("RSA JWK modulus over 16384 bits");
  auto pkey = p.make("RSA", priv);
  auto m = material_from_pkey(std::move(pkey), priv);  // refuses < 2048 bits before checking further
  check(m->pkey, false, "RSA");
  return m;
}

std::shared_ptr<key_material> ec(const object& jwk) {
  const std::string_view crv = string_member(jwk, "crv");
  const std::size_t size = ec_field_bytes(crv);
  if (size == 0) throw key_error("EC JWK on curve '" + std::string(crv) + "': P-256, P-384 or P-521 expected");
  auto x = required(jwk, "x", "EC"), y = required(jwk, "y", "EC"), d = member(jwk, "d");
  // RFC 7518 §6.2.1.2: the coordinates are exactly the field size, never shortened.
  if (x.bytes.size() != size || y.bytes.size() != size)
    throw key_error("EC JWK: x and y must be " + std::to_string(size) + " bytes for " + std::string(crv));
  if (!d.bytes.empty() && d.bytes.size() != size)
    throw key_error("EC JWK: d must be " + std::to_string(size) + " bytes for " + std::string(crv));
  params p;
  p.text(OSSL_PKEY_PARAM_GROUP_NAME, crv);
  p.octets(OSSL_PKEY_PARAM_PUB_KEY, "\x04" + x.bytes + y.bytes);
  const bool priv = !d.bytes.empty();
  if (priv) p.number(OSSL_PKEY_PARAM_PRIV_KEY, d.bytes);
  auto pkey = p.make("EC", priv);
  check(pkey, priv, "EC");
  return material_from_pkey(std::move(pkey), priv);
}

std::shared_ptr<key_material> okp(const object& jwk) {
  const std::string_view crv = string_member(jwk, "crv");
  if (crv != "Ed25519") throw key_error("OKP JWK on curve '" + std::string(crv) + "': only Ed25519 signs JWS here");
  auto x = required(jwk, "x", "OKP"), d = member(jwk, "d");
  if (x.bytes.size() != 32 || (!d.bytes.empty() && d.bytes.size() != 32))
    throw key_error("Ed25519 JWK: x and d must be 32 bytes");
  const auto* xb = reinterpret_cast<const unsigned char*>(x.bytes.data());
  if (d.bytes.empty()) {
    pkey_ptr pkey(EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr, xb, 32));
    if (!pkey) throw key_error("unusable Ed25519 JWK: " + openssl_error());
    return material_from_pkey(std::move(pkey), false);
  }
  pkey_ptr pkey(EVP_PKEY_new_raw_private_key_ex(nullptr, "ED25519", nullptr,
                                                reinterpret_cast<const unsigned char*>(d.bytes.data()), 32));
  if (!pkey) throw key_error("unusable Ed25519 JWK: " + openssl_error());
  unsigned char pub[32];
  std::size_t len = sizeof pub;
  if (!EVP_PKEY_get_raw_public_key(pkey.get(), pub, &len) || len != 32 || CRYPTO_memcmp(pub, xb, 32) != 0)
    throw key_error("Ed25519 JWK: the private key does not match x");
  return material_from_pkey(std::move(pkey), true);
}

}  // namespace

std::shared_ptr<key_material> material_from_jwk(const object& jwk) {
  const auto* kty_value = jwk.if_contains("kty");
  if (!kty_value || !kty_value->is_string()) throw key_error("JWK without a 'kty' string");
  const std::string_view kty = kty_value->get_string();
  if (kty == "oct") {
    auto k = required(jwk, "k", "oct");
    return material_from_secret(k.bytes);
  }
  if (kty == "RSA") return rsa(jwk);
  if (kty == "EC") return ec(jwk);
  if (kty == "OKP") return okp(jwk);
  throw key_error("JWK of kty '" + std::string(kty) + "': oct, RSA, EC or OKP expected");
}

}  // namespace strata::auth::jwt::detail
