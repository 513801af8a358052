// store: where the limiters' states live. One interface, backends chosen by the deployment:
// memory_store for one process, redis_store for several instances, insurance_store for Redis
// with a memory fallback while Redis is down.
#pragma once
#include <strata/core/task.hpp>
#include <strata/ratelimit/algorithm.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace strata::ratelimit {

// One limit applied to one key (the key already names the client, the route and the limit).
struct check {
  std::string key;
  ratelimit::limit limit;
  std::int64_t cost = 1;
};

class store {
public:
  virtual ~store() = default;
  // Decides every check at `now_ms` as one step: the request is recorded under every key when
  // each limit admits it, under none otherwise (a request refused by 1000/h does not use up the
  // 10/s). The decisions are in the order of `checks`.
  virtual task<std::vector<decision>> consume(std::span<const check> checks, std::int64_t now_ms) = 0;
  // Gives back what consume() recorded for these checks (see ratelimit::refund).
  virtual task<void> refund(std::span<const check> checks, std::int64_t now_ms) = 0;
};

// The decision a response reports (headers, Retry-After): a refused limit when there is one
// (the one that frees up last), else the one with the least remaining.
const decision& binding(std::span<const decision> decisions);

}  // namespace strata::ratelimit
