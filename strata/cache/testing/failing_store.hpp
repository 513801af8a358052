// failing_store: a store whose every call throws, as a Redis store does while its server is
// unreachable; for tests of what the layers above do then.
#pragma once
#include <strata/cache/store.hpp>

#include <atomic>
#include <stdexcept>

namespace strata::cache::testing {

class failing_store final : public store {
public:
  std::atomic<int> calls{0};

  task<std::optional<found>> get(std::string) override { co_return fail<std::optional<found>>(); }
  task<bool> set(std::string, std::string, entry_options) override { co_return fail<bool>(); }
  task<bool> del(std::string) override { co_return fail<bool>(); }
  task<void> clear() override {
    fail<int>();
    co_return;
  }
  task<std::size_t> invalidate_tag(std::string) override { co_return fail<std::size_t>(); }

private:
  template <class T>
  T fail() {
    ++calls;
    throw std::runtime_error("store unavailable");
  }
};

}  // namespace strata::cache::testing
