// base64url encoding and strict decoding.
#include <strata/auth/detail/base64url.hpp>

#include <array>
#include <cstdint>

namespace strata::auth::jwt::detail {

namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<std::int8_t, 256> make_values() {
  std::array<std::int8_t, 256> v{};
  for (auto& x : v) x = -1;
  for (int i = 0; i < 64; ++i) v[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
  return v;
}
constexpr auto values = make_values();

}  // namespace

void base64url_append(std::string& out, std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size(), i = 0;
  out.reserve(out.size() + (n + 2) / 3 * 4);
  for (; i + 3 <= n; i += 3) {
    const std::uint32_t v = (p[i] << 16) | (p[i + 1] << 8) | p[i + 2];
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (n - i == 1) {
    const std::uint32_t v = p[i] << 16;
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
  } else if (n - i == 2) {
    const std::uint32_t v = (p[i] << 16) | (p[i + 1] << 8);
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
  }
}

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  base64url_append(out, bytes);
  return out;
}

std::optional<std::size_t> base64url_decode(std::string_view text, unsigned char* out, std::size_t capacity) {
  const std::size_t n = text.size();
  if (n % 4 == 1) return std::nullopt;  // 6 bits cannot end a byte
  const std::size_t size = base64url_decoded_max(n);
  if (size > capacity) return std::nullopt;
  const auto* t = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0, o = 0;
  for (; i + 4 <= n; i += 4) {
    const int a = values[t[i]], b = values[t[i + 1]], c = values[t[i + 2]], d = values[t[i + 3]];
    if ((a | b | c | d) < 0) return std::nullopt;
    const std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = static_cast<unsigned char>(v >> 16);
    out[o++] = static_cast<unsigned char>(v >> 8);
    out[o++] = static_cast<unsigned char>(v);
  }
  const std::size_t rest = n - i;
  if (rest >= 2) {
    const int a = values[t[i]], b = values[t[i + 1]], c = rest == 3 ? values[t[i + 2]] : 0;
    if ((a | b | c) < 0) return std::nullopt;
    const std::uint32_t v = (a << 18) | (b << 12) | (c << 6);
    out[o++] = static_cast<unsigned char>(v >> 16);
    if (rest == 3) out[o++] = static_cast<unsigned char>(v >> 8);
    // The bits past the last whole byte must be zero: one text per byte string.
    if ((rest == 2 ? (v & 0xFFFF) : (v & 0xFF)) != 0) return std::nullopt;
  }
  return o;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string out(base64url_decoded_max(text.size()), '\0');
  auto n = base64url_decode(text, reinterpret_cast<unsigned char*>(out.data()), out.size());
  if (!n) return std::nullopt;
  out.resize(*n);
  return out;
}

}  // namespace strata::auth::jwt::detail
