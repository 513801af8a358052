// single_flight: concurrent calls for one key share a single run of the work (Go's singleflight).
// It spans loops: a caller on another loop waits for the run and is resumed on its own executor.
#pragma once
#include <strata/core/task.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace strata::cache {

class single_flight {
public:
  using work = std::function<task<std::string>()>;

  single_flight() = default;
  single_flight(const single_flight&) = delete;
  single_flight& operator=(const single_flight&) = delete;

  // Runs `fn` on the calling coroutine unless a run for `key` is already in flight; then waits for
  // that run instead. Every caller gets the run's value, or its exception rethrown. A run whose
  // coroutine is destroyed before finishing fails its waiters rather than leaving them hanging.
  // The object must outlive every run.
  task<std::string> run(std::string key, work fn);

  bool in_flight(std::string_view key) const;
  std::size_t size() const;

  struct flight;

private:
  void forget(const std::string& key, const std::shared_ptr<flight>& f);
  mutable std::mutex m_;
  std::unordered_map<std::string, std::shared_ptr<flight>> flights_;
};

}  // namespace strata::cache
