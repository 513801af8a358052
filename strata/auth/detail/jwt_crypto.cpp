// HMAC through a keyed EVP_MAC context duplicated per use; RSA, RSA-PSS, ECDSA and EdDSA through
// EVP_DigestSign/Verify with digests fetched once. ECDSA's DER is converted on the stack.
#include <strata/auth/detail/jwt_crypto.hpp>
#include <strata/auth/detail/jwt_ecdsa.hpp>
#include <strata/auth/jwk.hpp>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rsa.h>

namespace strata::auth::jwt::detail {

namespace {

// 0, 1, 2 for the SHA-256, -384, -512 algorithms.
int hash_index(algorithm a) { return a == algorithm::eddsa ? -1 : static_cast<int>(hash_size(a) / 16 - 2); }

const EVP_MD* digest(algorithm a) {
  // Fetched once each: an implicit fetch per signature would take a lock and a lookup.
  static EVP_MD* const digests[] = {EVP_MD_fetch(nullptr, "SHA256", nullptr), EVP_MD_fetch(nullptr, "SHA384", nullptr),
                                    EVP_MD_fetch(nullptr, "SHA512", nullptr)};
  const int i = hash_index(a);
  return i < 0 ? nullptr : digests[i];
}

bool is_ps(algorithm a) { return a == algorithm::ps256 || a == algorithm::ps384 || a == algorithm::ps512; }
bool is_es(algorithm a) { return a == algorithm::es256 || a == algorithm::es384 || a == algorithm::es512; }

// HMAC of `input` into out (64 bytes); its size, 0 on failure.
std::size_t hmac(algorithm alg, const key_material& k, std::string_view input, unsigned char* out) {
  const EVP_MAC_CTX* keyed = k.hmac[hash_index(alg)].get();
  if (!keyed) return 0;
  mac_ctx_ptr ctx(EVP_MAC_CTX_dup(keyed));
  std::size_t size = 0;
  if (!ctx || !EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(input.data()), input.size()) ||
      !EVP_MAC_final(ctx.get(), out, &size, 64))
    return 0;
  return size;
}

// A digest-sign or -verify context for `alg`, PSS parameters set; null on failure.
md_ctx_ptr start(algorithm alg, const key_material& k, bool signing) {
  md_ctx_ptr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx) return nullptr;
  const int ok = signing ? EVP_DigestSignInit(ctx.get(), &pctx, digest(alg), nullptr, k.pkey.get())
                         : EVP_DigestVerifyInit(ctx.get(), &pctx, digest(alg), nullptr, k.pkey.get());
  if (ok != 1) return nullptr;
  if (is_ps(alg)) {
    // RFC 7518 §3.5: MGF1 with the same hash, a salt as long as the hash.
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, digest(alg)) != 1)
      return nullptr;
  }
  return ctx;
}

}  // namespace

std::string jws_sign(algorithm alg, const key_material& k, std::string_view input) {
  const auto* in = reinterpret_cast<const unsigned char*>(input.data());
  if (key_type_of(alg) == key_type::oct) {
    unsigned char mac[64];
    const std::size_t size = hmac(alg, k, input, mac);
    if (size == 0) throw key_error("HMAC failed: " + openssl_error());
    return std::string(reinterpret_cast<char*>(mac), size);
  }
  md_ctx_ptr ctx = start(alg, k, true);
  std::size_t size = 0;
  if (!ctx || EVP_DigestSign(ctx.get(), nullptr, &size, in, input.size()) != 1)
    throw key_error(std::string(to_string(alg)) + " signing failed: " + openssl_error());
  std::string sig(size, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sig.data());
  if (EVP_DigestSign(ctx.get(), out, &size, in, input.size()) != 1)
    throw key_error(std::string(to_string(alg)) + " signing failed: " + openssl_error());
  sig.resize(size);
  if (!is_es(alg)) return sig;
  const std::size_t half = ec_field_bytes(k.curve);
  std::string raw(2 * half, '\0');
  if (!ecdsa_der_to_raw(out, size, reinterpret_cast<unsigned char*>(raw.data()), half))
    throw key_error("ECDSA signature in unexpected form");
  return raw;
}

bool jws_verify(algorithm alg, const key_material& k, std::string_view input, const unsigned char* signature,
                std::size_t size) {
  if (key_type_of(alg) == key_type::oct) {
    unsigned char mac[64];
    const std::size_t mac_size = hmac(alg, k, input, mac);
    return mac_size != 0 && size == mac_size && CRYPTO_memcmp(mac, signature, size) == 0;
  }
  unsigned char der[ecdsa_der_max];
  if (is_es(alg)) {
    const std::size_t half = ec_field_bytes(k.curve);
    if (size != 2 * half) return false;  // RFC 7518 §3.4: exactly R||S, each the field's size
    size = ecdsa_raw_to_der(signature, half, der);
    signature = der;
  }
  md_ctx_ptr ctx = start(alg, k, false);
  const bool ok = ctx && EVP_DigestVerify(ctx.get(), signature, size,
                                          reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  if (!ok) ERR_clear_error();  // a bad signature is an answer, not an error to report later
  return ok;
}

}  // namespace strata::auth::jwt::detail
