// URI references as JSON Schema uses them for $id and $ref: RFC 3986 parsing and resolution
// against a base, and JSON pointer tokens.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace strata::schema::detail {

struct uri_parts {
  std::optional<std::string_view> scheme, authority, query, fragment;
  std::string_view path;
};

uri_parts split_uri(std::string_view uri);
// RFC 3986 section 5.2: the target of `ref` read against the absolute `base`.
std::string resolve_uri(std::string_view base, std::string_view ref);
// The URI without its fragment, and the fragment (without '#', still percent-encoded).
std::string_view strip_fragment(std::string_view uri);
std::string_view fragment_of(std::string_view uri);
// Decodes %XX escapes; nullopt for a malformed escape.
std::optional<std::string> percent_decode(std::string_view s);

// JSON pointer tokens: "~" is "~0" and "/" is "~1".
std::string pointer_escape(std::string_view token);
std::optional<std::string> pointer_unescape(std::string_view token);

}  // namespace strata::schema::detail
