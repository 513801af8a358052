// insurance_store: route to the primary while it answers, to the fallback while it does not.
#include <strata/ratelimit/insurance_store.hpp>
#include <strata/ratelimit/memory_store.hpp>

#include <stdexcept>

namespace strata::ratelimit {

namespace {
std::int64_t steady_ns() {
  return std::chrono::steady_clock::now().time_since_epoch().count();
}
}  // namespace

insurance_store::insurance_store(std::shared_ptr<store> primary, std::shared_ptr<store> fallback,
                                 insurance_options options)
    : primary_(std::move(primary)),
      fallback_(fallback ? std::move(fallback) : std::make_shared<memory_store>()),
      options_(std::move(options)) {
  if (!primary_) throw std::invalid_argument("insurance_store: no primary store");
}

bool insurance_store::use_primary() {
  auto until = down_until_.load(std::memory_order_relaxed);
  if (until == 0) return true;
  // One request per retry period probes the primary; the others stay on the fallback.
  const auto now = steady_ns();
  if (now < until) return false;
  const auto next = now + std::chrono::nanoseconds(options_.retry_after).count();
  return down_until_.compare_exchange_strong(until, next, std::memory_order_relaxed);
}

void insurance_store::mark_down(std::exception_ptr e) {
  const auto next = steady_ns() + std::chrono::nanoseconds(options_.retry_after).count();
  if (down_until_.exchange(next, std::memory_order_relaxed) == 0 && options_.on_switch) options_.on_switch(e);
}

void insurance_store::mark_up() {
  if (down_until_.load(std::memory_order_relaxed) == 0) return;
  if (down_until_.exchange(0, std::memory_order_relaxed) != 0 && options_.on_switch) options_.on_switch(nullptr);
}

task<std::vector<decision>> insurance_store::consume(std::span<const check> checks, std::int64_t now_ms) {
  if (use_primary()) {
    std::exception_ptr failure;
    try {
      auto out = co_await primary_->consume(checks, now_ms);
      mark_up();
      co_return out;
    } catch (...) {
      failure = std::current_exception();
    }
    mark_down(failure);
  }
  co_return co_await fallback_->consume(checks, now_ms);
}

task<void> insurance_store::refund(std::span<const check> checks, std::int64_t now_ms) {
  // A refund goes where requests are being decided now; one lost across a switch only errs on
  // the strict side.
  if (!degraded()) {
    std::exception_ptr failure;
    try {
      co_await primary_->refund(checks, now_ms);
      co_return;
    } catch (...) {
      failure = std::current_exception();
    }
    mark_down(failure);
    co_return;
  }
  co_await fallback_->refund(checks, now_ms);
}

}  // namespace strata::ratelimit
