// Cache-Control as a shared cache reads it (RFC 9111 5.2.2): what decides whether a response may
// be stored and for how long.
#pragma once
#include <chrono>
#include <optional>
#include <string_view>

namespace strata::cache::detail {

struct cache_directives {
  bool no_store = false;
  bool no_cache = false;  // also no-cache="field": a shared copy would need revalidation we do not do
  bool private_ = false;  // also private="field"
  std::optional<std::chrono::seconds> max_age;
  std::optional<std::chrono::seconds> s_maxage;
};

// Unknown directives are ignored; a malformed age is treated as 0 (RFC 9111 4.2.1: stale).
cache_directives parse_cache_control(std::string_view header);

}  // namespace strata::cache::detail
