// tiered_store: a memory_store in front of a redis_store. Reads are local when they can be;
// every write goes to Redis and is announced on a pub/sub channel, so the other instances drop
// their local copies of that key, tag, or everything.
#pragma once
#include <strata/cache/memory_store.hpp>
#include <strata/cache/redis/redis_store.hpp>
#include <strata/cache/store.hpp>
#include <strata/redis/client.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace strata::cache {

struct tiered_options {
  memory_options memory{.max_bytes = 16 * 1024 * 1024};
  redis_store_options redis;
  // The longest a local copy is used without asking Redis. Pub/sub delivers at most once (a
  // message sent while the subscriber reconnects is lost), so this bounds how long an instance
  // can serve a value another instance has replaced.
  std::chrono::milliseconds local_ttl{std::chrono::seconds(30)};
  std::string channel = "strata:cache:invalidate";
};

class tiered_store final : public store {
public:
  explicit tiered_store(redis::client client, tiered_options options = {});
  ~tiered_store() override;  // stops listening

  // Subscribes to the channel and keeps reading it on the calling coroutine's loop; returns once
  // the subscription is confirmed, so writes made after it by other instances are seen. Without
  // it the store still works, with local copies bounded by local_ttl alone.
  task<void> listen();
  // Stops listening. From the listening loop it closes at once; from elsewhere it is posted
  // there. The store must not outlive that loop's io_context.
  void stop();

  task<std::optional<found>> get(std::string key) override;
  task<bool> set(std::string key, std::string value, entry_options options) override;
  task<bool> del(std::string key) override;
  task<void> clear() override;
  task<std::size_t> invalidate_tag(std::string tag) override;

  memory_store& local();
  redis_store& shared();
  // Invalidation messages from other instances applied so far (for tests and metrics).
  std::size_t invalidations_received() const;

  struct state;

private:
  std::shared_ptr<state> s_;
};

}  // namespace strata::cache
