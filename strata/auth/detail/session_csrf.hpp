// session_csrf: CSRF tokens as handed out. The secret stays the same for a session; each token
// shows it under a fresh random mask (base64url(mask || mask XOR secret)), so a page that
// reflects the token in a compressed response does not give it away by its size (BREACH).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace strata::auth::detail {

inline constexpr std::size_t csrf_secret_size = 32;

std::string csrf_mask(std::string_view secret);
// The secret a token shows, or nullopt when it is not a token of the right size.
std::optional<std::string> csrf_unmask(std::string_view token);

}  // namespace strata::auth::detail
