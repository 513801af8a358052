// cookie_seal: cookie values the client can hold but not forge (signed, HMAC-SHA256) or not read
// either (encrypted, AES-256-GCM), with key rotation: the first secret seals, every one opens.
//
//   auth::cookie_sealer sealer({"new secret of 32+ bytes...", "the previous one..."}, /*encrypt=*/true);
//   auth::set_sealed_cookie(res, sealer, "prefs", R"({"theme":"dark"})");
//   std::optional<std::string> prefs = auth::read_sealed_cookie(req, sealer, "prefs");
//
// A sealed value reads "s1.<kid>.<payload>.<mac>" (signed) or "e1.<kid>.<box>" (encrypted): the
// version, then a key id derived from the secret, so opening picks the key at once instead of
// trying each. The cookie's name is authenticated with the value, so a value sealed for one
// cookie is refused in another. Keys come from each secret by HKDF, one per purpose.
#pragma once
#include <strata/http/request.hpp>
#include <strata/http/response.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::auth {

class cookie_sealer {
public:
  // Secrets of 32 bytes or more (std::invalid_argument otherwise, or when there is none).
  // `encrypt` seals with AES-256-GCM; signed values are still opened then (so switching
  // encryption on does not log everyone out).
  explicit cookie_sealer(std::vector<std::string> secrets, bool encrypt = false);

  std::string seal(std::string_view name, std::string_view value) const;
  // The value, or nullopt when the text was not sealed by one of the secrets for this name.
  std::optional<std::string> open(std::string_view name, std::string_view sealed) const;

  bool encrypts() const { return encrypt_; }
  // The bytes seal() adds around a value of `value_size` bytes (for size checks before sealing).
  std::size_t sealed_size(std::size_t value_size) const;

  // Longer sealed texts are refused unread: no browser keeps a cookie this size anyway.
  static constexpr std::size_t max_sealed_size = 8192;

private:
  struct key {
    std::string id;       // 8 base64url characters
    std::string sign;     // 32 bytes
    std::string encrypt;  // 32 bytes
  };
  const key* find(std::string_view id) const;
  std::vector<key> keys_;
  bool encrypt_;
};

// res.cookie(name, sealer.seal(name, value), options).
void set_sealed_cookie(http::response& res, const cookie_sealer& sealer, std::string_view name,
                       std::string_view value, const http::cookie_options& options = {});
// The opened value of the request's cookie `name`; nullopt when absent or not sealed by us.
std::optional<std::string> read_sealed_cookie(const http::request& req, const cookie_sealer& sealer,
                                              std::string_view name);

}  // namespace strata::auth
