// redis_store: the shared backend. Entries are Redis strings under a prefix (kept for ttl + stale,
// their deadlines inside the value), tags are Redis sets of entry keys; writes and tag drops are
// Lua scripts, so each is one atomic round trip.
#pragma once
#include <strata/cache/envelope.hpp>
#include <strata/cache/store.hpp>
#include <strata/redis/client.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace strata::cache {

struct redis_store_options {
  std::string prefix = "strata:cache:";       // entries are PREFIX "k:" key, tags PREFIX "t:" tag
  std::size_t max_entry_bytes = 1024 * 1024;  // key + value + tags; larger writes are refused
};

// Calls must come from coroutines on a loop (the Redis client's rule). Redis errors are thrown
// as redis::error (503 when the server is unreachable). Tag sets may keep keys that were since
// rewritten without the tag: invalidating it then drops them too, which errs on the safe side.
// The scripts touch keys they did not declare, so this store is for one Redis, not a cluster.
class redis_store final : public store {
public:
  explicit redis_store(redis::client client, redis_store_options options = {});

  task<std::optional<found>> get(std::string key) override;
  task<bool> set(std::string key, std::string value, entry_options options) override;
  task<bool> del(std::string key) override;
  task<void> clear() override;
  task<std::size_t> invalidate_tag(std::string tag) override;

  // The entry with its deadlines and tags (what a local tier needs to keep a copy); nullopt when
  // absent, past its stale window, or not an entry of this store.
  task<std::optional<envelope>> get_entry(std::string key);

  const redis_store_options& options() const { return options_; }

private:
  std::string entry_key(std::string_view key) const;
  std::string tag_key(std::string_view tag) const;
  redis::client client_;
  redis_store_options options_;
};

}  // namespace strata::cache
