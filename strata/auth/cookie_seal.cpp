#include <strata/auth/cookie_seal.hpp>
#include <strata/auth/detail/base64.hpp>
#include <strata/auth/detail/session_crypto.hpp>

#include <stdexcept>

namespace strata::auth {
namespace {

constexpr std::string_view salt = "strata.cookie_seal";
constexpr std::size_t box_salt_size = 16;  // per value: the AES key and nonce are derived from it
constexpr std::size_t tag_size = 16;

// What the MAC or the AEAD covers besides the payload: the cookie's name and the prefix.
std::string authenticated_prefix(std::string_view name, std::string_view version, std::string_view kid) {
  std::string s;
  s.reserve(name.size() + version.size() + kid.size() + 3);
  s.append(name).append("=").append(version).append(".").append(kid).append(".");
  return s;
}

// Splits "a.b.c..." at dots into at most `n` parts; false when the count differs.
bool split(std::string_view text, std::string_view* parts, std::size_t n) {
  for (std::size_t i = 0; i + 1 < n; ++i) {
    auto dot = text.find('.');
    if (dot == std::string_view::npos) return false;
    parts[i] = text.substr(0, dot);
    text.remove_prefix(dot + 1);
  }
  if (text.find('.') != std::string_view::npos) return false;
  parts[n - 1] = text;
  return true;
}

std::size_t base64url_size(std::size_t bytes) { return (bytes * 4 + 2) / 3; }

}  // namespace

cookie_sealer::cookie_sealer(std::vector<std::string> secrets, bool encrypt) : encrypt_(encrypt) {
  if (secrets.empty()) throw std::invalid_argument("cookie_sealer: at least one secret is needed");
  for (const auto& s : secrets) {
    if (s.size() < 32) throw std::invalid_argument("cookie_sealer: secrets must be 32 bytes or longer");
    key k;
    k.id = detail::base64url_encode(detail::hkdf_sha256(s, salt, "key id", 6));
    k.sign = detail::hkdf_sha256(s, salt, "sign", 32);
    k.encrypt = detail::hkdf_sha256(s, salt, "encrypt", 32);
    keys_.push_back(std::move(k));
  }
}

const cookie_sealer::key* cookie_sealer::find(std::string_view id) const {
  for (const auto& k : keys_)
    if (k.id == id) return &k;
  return nullptr;
}

std::size_t cookie_sealer::sealed_size(std::size_t value_size) const {
  if (encrypt_) return 3 + 9 + base64url_size(box_salt_size + value_size + tag_size);
  return 3 + 9 + base64url_size(value_size) + 1 + base64url_size(32);
}

std::string cookie_sealer::seal(std::string_view name, std::string_view value) const {
  const key& k = keys_.front();
  if (!encrypt_) {
    std::string out = "s1." + k.id + "." + detail::base64url_encode(value);
    const std::string mac = detail::hmac_sha256(k.sign, std::string(name) + "=" + out);
    out.append(".").append(detail::base64url_encode(mac));
    return out;
  }
  const std::string box_salt = detail::random_bytes(box_salt_size);
  // A fresh key and nonce per value: random 96-bit nonces under one key would near their safe
  // limit (2^32 seals) on a busy site, and every rolling session refresh is a seal.
  const std::string material = detail::hkdf_sha256(k.encrypt, box_salt, "aes-256-gcm", 44);
  const std::string aad = authenticated_prefix(name, "e1", k.id);
  std::string box = box_salt;
  box.append(detail::aes256gcm_seal(std::string_view(material).substr(0, 32), std::string_view(material).substr(32),
                                    aad, value));
  return "e1." + k.id + "." + detail::base64url_encode(box);
}

std::optional<std::string> cookie_sealer::open(std::string_view name, std::string_view sealed) const {
  if (sealed.size() > max_sealed_size || sealed.size() < 3) return std::nullopt;
  const std::string_view version = sealed.substr(0, 2);
  if (version == "s1") {
    std::string_view parts[4];
    if (!split(sealed, parts, 4)) return std::nullopt;
    const key* k = find(parts[1]);
    if (!k) return std::nullopt;
    auto mac = detail::base64url_decode(parts[3]);
    if (!mac) return std::nullopt;
    const std::string_view signed_part = sealed.substr(0, sealed.size() - parts[3].size() - 1);
    const std::string expected = detail::hmac_sha256(k->sign, std::string(name) + "=" + std::string(signed_part));
    if (!detail::constant_time_equal(*mac, expected)) return std::nullopt;
    return detail::base64url_decode(parts[2]);
  }
  if (version == "e1") {
    std::string_view parts[3];
    if (!split(sealed, parts, 3)) return std::nullopt;
    const key* k = find(parts[1]);
    if (!k) return std::nullopt;
    auto box = detail::base64url_decode(parts[2]);
    if (!box || box->size() < box_salt_size + tag_size) return std::nullopt;
    const std::string_view b(*box);
    const std::string material = detail::hkdf_sha256(k->encrypt, b.substr(0, box_salt_size), "aes-256-gcm", 44);
    return detail::aes256gcm_open(std::string_view(material).substr(0, 32), std::string_view(material).substr(32),
                                  authenticated_prefix(name, "e1", k->id), b.substr(box_salt_size));
  }
  return std::nullopt;
}

}  // namespace strata::auth
