// envelope: an entry as a shared backend (Redis) stores it: the value with its freshness deadlines
// and tags, so any instance can tell fresh from stale and keep a local copy with the right tags.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::cache {

struct envelope {
  std::int64_t fresh_until_ms = 0;  // unix milliseconds; 0: never stale
  std::int64_t expires_at_ms = 0;   // unix milliseconds; 0: never expires
  std::vector<std::string> tags;
  std::string value;
};

std::string encode_envelope(const envelope& e);
// nullopt for anything that is not a whole envelope (a foreign or damaged value is a miss).
std::optional<envelope> decode_envelope(std::string_view bytes);

std::int64_t unix_ms_now();

}  // namespace strata::cache
