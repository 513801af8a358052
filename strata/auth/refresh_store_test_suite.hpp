// The fixture of the refresh-token tests every store must pass: a test file instantiates
// refresh_store_suite with its stores (memory and SQLite in auth_test, PostgreSQL and Redis in
// auth_server_test). The tests themselves are in refresh_store_test_cases.hpp, which exactly one
// file of each test binary includes. Times come from a clock the tests move by hand.
#pragma once
#include <strata/auth/refresh_tokens.hpp>
#include <strata/core/task.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <latch>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace strata::auth::testing {

// Runs `t` on a fresh io_context until it finishes; rethrows. Not ctx.run(): a Redis client's
// connection keeps reading, so its context never runs out of work by itself.
template <class T>
T run(task<T> t) {
  boost::asio::io_context ctx(1);
  auto f = boost::asio::co_spawn(ctx, std::move(t), boost::asio::use_future);
  while (f.wait_for(std::chrono::seconds(0)) != std::future_status::ready) ctx.run_one();
  return f.get();
}

// A store for one test, and what undoes it (drop tables, delete keys).
struct store_under_test {
  std::shared_ptr<refresh_store> store;
  std::function<void()> cleanup;
};

struct refresh_store_case {
  std::string name;
  // A fresh, empty store; null with `why_not` set when its server is not available.
  std::function<store_under_test(std::string& why_not)> make;
  bool purges = true;  // false for stores that expire by themselves (Redis): purge() says 0
};

inline std::string case_name(const ::testing::TestParamInfo<refresh_store_case>& info) {
  return info.param.name;
}

class refresh_store_suite : public ::testing::TestWithParam<refresh_store_case> {
 protected:
  static constexpr std::int64_t start_ms = 1'700'000'000'000;
  static constexpr std::chrono::milliseconds idle = std::chrono::minutes(2);
  static constexpr std::chrono::milliseconds lifetime = std::chrono::minutes(10);

  void SetUp() override {
    std::string why_not;
    under_test_ = GetParam().make(why_not);
    if (!under_test_.store) GTEST_SKIP() << why_not;
    tokens_ = std::make_unique<refresh_tokens>(under_test_.store, options());
  }
  void TearDown() override {
    tokens_.reset();
    if (under_test_.cleanup) under_test_.cleanup();
  }

  refresh_token_options options() {
    refresh_token_options o;
    o.absolute_lifetime = lifetime;
    o.idle_timeout = idle;
    o.clock = [this] { return now_.load(); };
    return o;
  }
  void advance(std::chrono::milliseconds d) { now_ += d.count(); }

  issued_refresh_token issue(const std::string& user, const std::string& meta = {}) {
    return run(tokens_->issue(user, meta));
  }
  refresh_rotation rotate(const std::string& token) { return run(tokens_->rotate(token)); }

  store_under_test under_test_;
  std::unique_ptr<refresh_tokens> tokens_;
  std::atomic<std::int64_t> now_{start_ms};
};

}  // namespace strata::auth::testing
