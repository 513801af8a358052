#include <strata/auth/detail/base64.hpp>
#include <strata/auth/detail/session_crypto.hpp>
#include <strata/auth/detail/session_csrf.hpp>

namespace strata::auth::detail {

std::string csrf_mask(std::string_view secret) {
  std::string out = random_bytes(secret.size());
  out.reserve(secret.size() * 2);
  for (std::size_t i = 0; i < secret.size(); ++i) out.push_back(static_cast<char>(out[i] ^ secret[i]));
  return base64url_encode(out);
}

std::optional<std::string> csrf_unmask(std::string_view token) {
  if (token.size() > 128) return std::nullopt;
  auto raw = base64url_decode(token);
  if (!raw || raw->size() != 2 * csrf_secret_size) return std::nullopt;
  std::string secret(csrf_secret_size, '\0');
  for (std::size_t i = 0; i < csrf_secret_size; ++i) secret[i] = static_cast<char>((*raw)[i] ^ (*raw)[i + csrf_secret_size]);
  return secret;
}

}  // namespace strata::auth::detail
