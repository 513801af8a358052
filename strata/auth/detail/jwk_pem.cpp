// PEM in and out through OpenSSL 3's decoders: SPKI, PKCS#8, PKCS#1 and SEC1 keys, and the public
// key of a certificate. Encrypted keys are refused without ever asking for a passphrase.
#include <strata/auth/detail/jwk_codec.hpp>
#include <strata/auth/jwk.hpp>

#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <array>
#include <string>

namespace strata::auth::jwt::detail {

namespace {

enum class pem_kind { none, public_key, private_key, certificate, encrypted };

struct pem_block {
  pem_kind kind = pem_kind::none;
  std::string_view text;  // from its BEGIN line to the end of the input
  std::string_view label;
};

// The first block that holds a key (an "EC PARAMETERS" block before a SEC1 key is passed over).
pem_block first_key_block(std::string_view pem) {
  static constexpr std::string_view begin = "-----BEGIN ";
  for (std::size_t at = pem.find(begin); at != std::string_view::npos; at = pem.find(begin, at + 1)) {
    const std::size_t from = at + begin.size();
    const std::size_t end = pem.find("-----", from);
    if (end == std::string_view::npos) break;
    const std::string_view label = pem.substr(from, end - from);
    pem_kind kind = pem_kind::none;
    if (label == "PUBLIC KEY" || label == "RSA PUBLIC KEY") kind = pem_kind::public_key;
    else if (label == "PRIVATE KEY" || label == "RSA PRIVATE KEY" || label == "EC PRIVATE KEY")
      kind = pem_kind::private_key;
    else if (label == "CERTIFICATE") kind = pem_kind::certificate;
    else if (label == "ENCRYPTED PRIVATE KEY") kind = pem_kind::encrypted;
    if (kind != pem_kind::none) return {kind, pem.substr(at), label};
  }
  return {};
}

// Answers OpenSSL's passphrase request with "none": a decoder must never prompt on a terminal.
int no_passphrase(char*, int, int, void*) { return -1; }

pkey_ptr decode(std::string_view text, int selection) {
  EVP_PKEY* pkey = nullptr;
  OSSL_DECODER_CTX* ctx = OSSL_DECODER_CTX_new_for_pkey(&pkey, "PEM", nullptr, nullptr, selection, nullptr, nullptr);
  if (!ctx) return nullptr;
  OSSL_DECODER_CTX_set_pem_password_cb(ctx, no_passphrase, nullptr);
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t size = text.size();
  const bool ok = OSSL_DECODER_from_data(ctx, &data, &size) == 1;
  OSSL_DECODER_CTX_free(ctx);
  if (!ok) {
    EVP_PKEY_free(pkey);
    return nullptr;
  }
  return pkey_ptr(pkey);
}

pkey_ptr certificate_key(std::string_view text) {
  bio_ptr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  if (!bio) return nullptr;
  X509* cert = PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr);
  if (!cert) return nullptr;
  pkey_ptr pkey(X509_get_pubkey(cert));
  X509_free(cert);
  return pkey;
}

}  // namespace

std::shared_ptr<key_material> material_from_pem(std::string_view pem) {
  const pem_block block = first_key_block(pem);
  switch (block.kind) {
    case pem_kind::none: throw key_error("no PEM key found (expected -----BEGIN PUBLIC KEY----- or similar)");
    case pem_kind::encrypted: throw key_error("encrypted private keys are not supported: decrypt it first");
    case pem_kind::certificate: {
      pkey_ptr pkey = certificate_key(block.text);
      if (!pkey) throw key_error("unreadable PEM certificate: " + openssl_error());
      return material_from_pkey(std::move(pkey), false);
    }
    case pem_kind::public_key:
    case pem_kind::private_key: {
      const bool priv = block.kind == pem_kind::private_key;
      pkey_ptr pkey = decode(block.text, priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY);
      if (!pkey) throw key_error("unreadable PEM " + std::string(block.label) + ": " + openssl_error());
      ERR_clear_error();  // decoders that were tried and did not fit leave errors behind
      return material_from_pkey(std::move(pkey), priv);
    }
  }
  throw key_error("no PEM key found");
}

std::string pem_of(const key_material& m, bool include_private) {
  if (m.type == key_type::oct) throw key_error("an HMAC secret has no PEM form");
  if (include_private && !m.has_private) throw key_error("a public key has no private PEM");
  bio_ptr bio(BIO_new(BIO_s_mem()));
  const int ok = include_private
                     ? PEM_write_bio_PrivateKey(bio.get(), m.pkey.get(), nullptr, nullptr, 0, nullptr, nullptr)
                     : PEM_write_bio_PUBKEY(bio.get(), m.pkey.get());
  if (!ok) throw key_error("PEM encoding failed: " + openssl_error());
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace strata::auth::jwt::detail
