// redis_store: limiter states in Redis, shared by every instance of a service. Each request is one
// EVALSHA of a Lua script that reads the states, decides with the same integer arithmetic as
// algorithm.cpp and writes them back, atomically, so instances never admit more than the limit
// between them. Keys expire with their state (PEXPIRE), so Redis holds only active clients.
#pragma once
#include <strata/ratelimit/store.hpp>
#include <strata/redis/client.hpp>

#include <chrono>
#include <string>

namespace strata::ratelimit {

struct redis_store_options {
  std::string prefix = "ratelimit:";  // before every key, to share a Redis with other data
  // A key's TTL counts in Redis' time from when the script ran, while the next request's `now`
  // comes from an instance's clock, which may lag: keys live this much past their state's expiry
  // so a lagging instance still finds the state (an expired state reads as fresh either way).
  std::chrono::milliseconds expiry_slack{5000};
};

class redis_store final : public store {
public:
  explicit redis_store(redis::client client, redis_store_options options = {});

  // Throws redis::error when Redis cannot be reached (an insurance_store falls back then).
  task<std::vector<decision>> consume(std::span<const check> checks, std::int64_t now_ms) override;
  task<void> refund(std::span<const check> checks, std::int64_t now_ms) override;

  // The state of one key as stored (empty when absent); for tests.
  task<state> read(std::string key);

private:
  redis::client client_;
  redis_store_options options_;
};

namespace detail {
// The Lua sources (see redis_scripts.cpp).
const redis::script& consume_script();
const redis::script& refund_script();
}  // namespace detail

}  // namespace strata::ratelimit
