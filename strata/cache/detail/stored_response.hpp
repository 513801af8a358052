// stored_response: a cached HTTP response as bytes for a store (status, headers, body and when it
// was made), so any backend that holds strings can hold responses.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::cache::detail {

struct stored_response {
  int status = 200;
  std::int64_t stored_at = 0;  // unix seconds, for Age
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

std::string encode(const stored_response& r);
// nullopt for anything that is not a whole encoding (a truncated or foreign value is a miss).
std::optional<stored_response> decode(std::string_view bytes);

// A strong entity tag for a body: "<32 hex digits of SHA-256>".
std::string strong_etag(std::string_view body);

}  // namespace strata::cache::detail
