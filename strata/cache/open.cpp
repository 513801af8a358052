// open_store: the scheme picks the backend. Unknown options are errors, not ignored: a typo in
// max_bytes would otherwise leave a service with a default it never asked for.
#include <strata/cache/memory_store.hpp>
#include <strata/cache/open.hpp>
#ifdef STRATA_CACHE_WITH_REDIS
#include <strata/cache/redis/redis_store.hpp>
#endif

#include <charconv>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace strata::cache {

namespace {

std::size_t parse_size(std::string_view name, std::string_view text) {
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  std::uint64_t scale = 1;
  if (unit == "KiB") scale = 1024;
  else if (unit == "MiB") scale = 1024 * 1024;
  else if (unit == "GiB") scale = 1024 * 1024 * 1024;
  else if (!unit.empty()) ec = std::errc::invalid_argument;
  if (ec != std::errc() || end == text.data() || n > UINT64_MAX / scale)
    throw std::invalid_argument("cache: " + std::string(name) + " must be a number of bytes (KiB, MiB, GiB allowed), not '" +
                                std::string(text) + "'");
  return static_cast<std::size_t>(n * scale);
}

std::shared_ptr<store> open_memory(std::string_view rest) {
  memory_options o;
  auto q = rest.find('?');
  if (q != std::string_view::npos && !rest.substr(0, q).empty() && rest.substr(0, q) != "/")
    throw std::invalid_argument("cache: memory:// takes no host or path");
  std::string_view query = q == std::string_view::npos ? std::string_view() : rest.substr(q + 1);
  if (q == std::string_view::npos && !rest.empty() && rest != "/")
    throw std::invalid_argument("cache: memory:// takes no host or path");
  while (!query.empty()) {
    auto amp = query.find('&');
    auto item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (item.empty()) continue;
    auto eq = item.find('=');
    auto name = item.substr(0, eq);
    auto value = eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
    if (name == "max_bytes") o.max_bytes = parse_size(name, value);
    else if (name == "max_entry_bytes") o.max_entry_bytes = parse_size(name, value);
    else if (name == "shards") o.shards = parse_size(name, value);
    else throw std::invalid_argument("cache: unknown memory:// option '" + std::string(name) + "'");
  }
  return std::make_shared<memory_store>(o);
}

}  // namespace

std::shared_ptr<store> open_store(std::string_view url) {
  if (url.starts_with("memory://")) return open_memory(url.substr(9));
  if (url.starts_with("redis://") || url.starts_with("rediss://")) {
#ifdef STRATA_CACHE_WITH_REDIS
    return std::make_shared<redis_store>(redis::client::open(url));
#else
    throw std::invalid_argument("cache: this build of Strata has no Redis client (strata::redis)");
#endif
  }
  auto colon = url.find(':');
  throw std::invalid_argument("cache: unknown store '" + std::string(url.substr(0, colon)) +
                              "' (memory:// or redis://)");
}

}  // namespace strata::cache
