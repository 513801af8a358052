// redact: what a dump or an error message hides. Secrets by name (password, secret, token, key,
// credential as a word of any key segment) and the password part of URLs.
#pragma once
#include <string>
#include <string_view>

namespace strata::config {

inline constexpr std::string_view redacted = "[REDACTED]";

// True when a segment of the dotted key has a secret word among its parts: db.password,
// api_key, apiKey, jwt.secret, auth.tokens, aws.credentials.id. Not: monkey, keyboard_layout.
bool secret_name(std::string_view key);

// Every URL password in `text` replaced: postgres://user:[REDACTED]@host/db. Other text unchanged.
std::string redact_url_passwords(std::string_view text);

}  // namespace strata::config
