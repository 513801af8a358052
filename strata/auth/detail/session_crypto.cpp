#include <strata/auth/detail/session_crypto.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <stdexcept>

namespace strata::auth::detail {
namespace {

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

struct cipher_ctx_free {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using cipher_ctx = std::unique_ptr<EVP_CIPHER_CTX, cipher_ctx_free>;

int int_size(std::string_view s) {
  if (s.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::length_error("session_crypto: input too large");
  return static_cast<int>(s.size());
}

}  // namespace

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return out;
}

std::string sha256(std::string_view data) {
  std::string out(SHA256_DIGEST_LENGTH, '\0');
  SHA256(bytes(data), data.size(), reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::string out(32, '\0');
  unsigned int len = 0;
  // An empty key is legal in HMAC; OpenSSL wants a non-null pointer for it.
  static const unsigned char none = 0;
  if (!HMAC(EVP_sha256(), key.empty() ? &none : bytes(key), int_size(key), bytes(data), data.size(),
            reinterpret_cast<unsigned char*>(out.data()), &len) ||
      len != 32)
    throw std::runtime_error("HMAC-SHA256 failed");
  return out;
}

std::string hkdf_sha256(std::string_view ikm, std::string_view salt, std::string_view info, std::size_t length) {
  if (length > 255 * 32) throw std::invalid_argument("hkdf_sha256: length over 255 * 32");
  const std::string prk = hmac_sha256(salt.empty() ? std::string(32, '\0') : std::string(salt), ikm);
  std::string out, block;
  out.reserve(length);
  for (unsigned char i = 1; out.size() < length; ++i) {
    std::string input = block;
    input.append(info);
    input.push_back(static_cast<char>(i));
    block = hmac_sha256(prk, input);
    out.append(block, 0, std::min(block.size(), length - out.size()));
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string aes256gcm_seal(std::string_view key, std::string_view nonce, std::string_view aad,
                           std::string_view plaintext) {
  if (key.size() != 32 || nonce.size() != 12) throw std::invalid_argument("aes256gcm_seal: key 32, nonce 12 bytes");
  cipher_ctx ctx(EVP_CIPHER_CTX_new());
  std::string out(plaintext.size() + 16, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  int len = 0, total = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(nonce)) != 1 ||
      (!aad.empty() && EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(aad), int_size(aad)) != 1) ||
      EVP_EncryptUpdate(ctx.get(), o, &len, bytes(plaintext), int_size(plaintext)) != 1)
    throw std::runtime_error("AES-256-GCM encryption failed");
  total = len;
  if (EVP_EncryptFinal_ex(ctx.get(), o + total, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, o + plaintext.size()) != 1)
    throw std::runtime_error("AES-256-GCM encryption failed");
  return out;
}

std::optional<std::string> aes256gcm_open(std::string_view key, std::string_view nonce, std::string_view aad,
                                          std::string_view sealed) {
  if (key.size() != 32 || nonce.size() != 12 || sealed.size() < 16) return std::nullopt;
  const std::string_view ct = sealed.substr(0, sealed.size() - 16);
  std::string tag(sealed.substr(ct.size()));
  cipher_ctx ctx(EVP_CIPHER_CTX_new());
  std::string out(ct.size(), '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  int len = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(nonce)) != 1 ||
      (!aad.empty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad), int_size(aad)) != 1) ||
      EVP_DecryptUpdate(ctx.get(), o, &len, bytes(ct), int_size(ct)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16, tag.data()) != 1)
    return std::nullopt;
  int tail = 0;
  if (EVP_DecryptFinal_ex(ctx.get(), o + len, &tail) != 1) return std::nullopt;
  return out;
}

}  // namespace strata::auth::detail
