// base64 (RFC 4648 §4) and base64url (§5) for credentials, tokens and keys. Decoding is strict:
// characters outside the alphabet or a bad length refuse the input (nullopt) rather than guess.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace strata::auth::detail {

std::string base64_encode(std::string_view bytes);               // padded
std::optional<std::string> base64_decode(std::string_view text);  // padding optional
std::string base64url_encode(std::string_view bytes);             // unpadded, as JOSE wants
std::optional<std::string> base64url_decode(std::string_view text);  // refuses padding

}  // namespace strata::auth::detail
