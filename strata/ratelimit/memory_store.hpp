// memory_store: limiter states in this process, in shards with a mutex each, so loops on
// different cores rarely meet on a lock. Keys whose state has expired are swept, so memory is
// bounded by the keys active within their windows, not by every client ever seen.
#pragma once
#include <strata/ratelimit/store.hpp>

#include <chrono>
#include <memory>

namespace strata::ratelimit {

struct memory_store_options {
  std::size_t shards = 64;  // rounded up to a power of two
  // A shard drops its expired keys when it is used and this long has passed (in the limiter's
  // clock) since its last sweep; a sweep walks only that shard.
  std::chrono::milliseconds sweep_interval{10000};
};

class memory_store final : public store {
public:
  explicit memory_store(memory_store_options options = {});
  ~memory_store() override;

  task<std::vector<decision>> consume(std::span<const check> checks, std::int64_t now_ms) override;
  task<void> refund(std::span<const check> checks, std::int64_t now_ms) override;

  // The same, without a coroutine: memory never waits (the middleware uses these directly).
  std::vector<decision> consume_now(std::span<const check> checks, std::int64_t now_ms);
  void refund_now(std::span<const check> checks, std::int64_t now_ms);

  // Keys held, expired ones not yet swept included.
  std::size_t size() const;
  // Drops every key expired at `now_ms` in every shard; returns how many.
  std::size_t sweep(std::int64_t now_ms);

  struct impl;

private:
  std::unique_ptr<impl> impl_;
};

}  // namespace strata::ratelimit
