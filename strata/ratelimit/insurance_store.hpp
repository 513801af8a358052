// insurance_store: a primary store (Redis) with a memory store to fall back on. When the primary
// fails, requests are decided by the fallback, so the service keeps answering with per-instance
// limits instead of failing or letting everything through; the primary is tried again after
// `retry_after` and takes over as soon as it answers.
#pragma once
#include <strata/ratelimit/store.hpp>

#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>

namespace strata::ratelimit {

struct insurance_options {
  // While the primary is down, it is tried again at most this often (a down Redis costs each
  // request a connect attempt otherwise).
  std::chrono::milliseconds retry_after{1000};
  // Told about each switch: the primary's error when it fails, null when it is back.
  std::function<void(std::exception_ptr)> on_switch;
};

class insurance_store final : public store {
public:
  // `fallback` null: a memory_store of its own.
  insurance_store(std::shared_ptr<store> primary, std::shared_ptr<store> fallback = nullptr,
                  insurance_options options = {});

  task<std::vector<decision>> consume(std::span<const check> checks, std::int64_t now_ms) override;
  task<void> refund(std::span<const check> checks, std::int64_t now_ms) override;

  // True while the fallback is deciding.
  bool degraded() const { return down_until_.load(std::memory_order_relaxed) != 0; }

private:
  bool use_primary();
  void mark_down(std::exception_ptr e);
  void mark_up();

  std::shared_ptr<store> primary_, fallback_;
  insurance_options options_;
  // steady_clock nanoseconds until which the primary is not tried; 0 when it is up.
  std::atomic<std::int64_t> down_until_{0};
};

}  // namespace strata::ratelimit
