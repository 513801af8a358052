// State, nonce, PKCE and at_hash for the OIDC client, on OpenSSL.
#include <strata/auth/detail/base64.hpp>
#include <strata/auth/detail/oidc_pkce.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace strata::auth::detail {

std::string oidc_random(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1) throw std::runtime_error("oidc: RAND_bytes failed");
  return base64url_encode({reinterpret_cast<const char*>(buf.data()), buf.size()});
}

namespace {
std::string digest(const EVP_MD* md, std::string_view text) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(text.data(), text.size(), out, &n, md, nullptr) != 1) throw std::runtime_error("oidc: digest failed");
  return {reinterpret_cast<const char*>(out), n};
}
}  // namespace

std::string pkce_challenge(std::string_view verifier) { return base64url_encode(digest(EVP_sha256(), verifier)); }

std::string oidc_half_hash(std::string_view alg, std::string_view access_token) {
  if (alg.size() < 5) return {};
  // EdDSA (Ed25519) pairs with SHA-512 (OIDC errata; what providers emit).
  std::string_view bits = alg == "EdDSA" ? std::string_view("512") : alg.substr(2);
  const EVP_MD* md = bits == "256" ? EVP_sha256() : bits == "384" ? EVP_sha384() : bits == "512" ? EVP_sha512() : nullptr;
  if (!md) return {};
  auto h = digest(md, access_token);
  return base64url_encode(std::string_view(h).substr(0, h.size() / 2));
}

bool oidc_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace strata::auth::detail
