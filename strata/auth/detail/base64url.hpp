// base64url without padding (RFC 7515 §2, RFC 4648 §5), as JOSE uses it. Decoding is strict:
// padding, whitespace, other alphabets and non-zero trailing bits are refused, so every byte
// string has exactly one accepted text. The span forms write into the caller's buffer and never
// allocate (token verification decodes signatures onto the stack).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace strata::auth::jwt::detail {

// The most bytes `chars` characters can decode to.
constexpr std::size_t base64url_decoded_max(std::size_t chars) { return chars / 4 * 3 + (chars % 4) * 3 / 4; }

void base64url_append(std::string& out, std::string_view bytes);
std::string base64url_encode(std::string_view bytes);

// Decodes into out[0..capacity); the decoded size, or nullopt when the text is not canonical
// base64url or does not fit.
std::optional<std::size_t> base64url_decode(std::string_view text, unsigned char* out, std::size_t capacity);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace strata::auth::jwt::detail
