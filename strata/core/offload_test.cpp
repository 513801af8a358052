// offload: the work runs off the loop, the coroutine resumes on the loop with the value or the
// exception, the loop keeps running meanwhile, and the pool size comes from the environment.
#include <strata/core/offload.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace strata {
namespace {

using namespace std::chrono_literals;

// Runs a coroutine on a fresh io_context until the context runs out of work; rethrows.
template <class T>
T run(task<T> t) {
  boost::asio::io_context ctx(1);
  std::optional<T> out;
  std::exception_ptr failure;
  boost::asio::co_spawn(ctx, std::move(t), [&](std::exception_ptr e, T v) {
    failure = e;
    if (!e) out.emplace(std::move(v));
  });
  ctx.run();
  if (failure) std::rethrow_exception(failure);
  return std::move(*out);
}

TEST(offload, runs_off_the_loop_and_resumes_on_it) {
  const auto loop_thread = std::this_thread::get_id();
  auto [worker, resumed] = run([]() -> task<std::pair<std::thread::id, std::thread::id>> {
    auto worker = co_await offload([] { return std::this_thread::get_id(); });
    co_return std::pair{worker, std::this_thread::get_id()};
  }());
  EXPECT_NE(worker, loop_thread);
  EXPECT_EQ(resumed, loop_thread);
}

TEST(offload, void_functions) {
  std::atomic<int> calls = 0;
  EXPECT_TRUE(run([&]() -> task<bool> {
    co_await offload([&] { ++calls; });
    co_return true;
  }()));
  EXPECT_EQ(calls.load(), 1);
}

TEST(offload, the_exception_reaches_the_caller) {
  EXPECT_THROW(run([]() -> task<int> { co_return co_await offload([]() -> int { throw std::range_error("x"); }); }()),
               std::range_error);
  try {
    run([]() -> task<int> {
      co_await offload([] { throw std::invalid_argument("bad input"); });
      co_return 0;
    }());
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "bad input");
  }
}

// Captured strings survive the trip (the lambda named first: see offload.hpp on GCC 12).
TEST(offload, a_lambda_owning_strings) {
  auto n = run([]() -> task<std::size_t> {
    std::string short_one = "s3cret", long_one(100, 'x');
    auto work = [a = std::move(short_one), b = std::move(long_one)]() mutable { return a.size() + b.size(); };
    co_return co_await offload(std::move(work));
  }());
  EXPECT_EQ(n, 106u);
}

struct no_default {
  explicit no_default(int v) : value(v) {}
  int value;
};

TEST(offload, move_only_and_non_default_constructible_results) {
  auto p = run(
      []() -> task<std::unique_ptr<int>> { co_return co_await offload([] { return std::make_unique<int>(42); }); }());
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, 42);
  auto n = run([]() -> task<int> { co_return (co_await offload([] { return no_default(7); })).value; }());
  EXPECT_EQ(n, 7);
}

TEST(offload, an_explicit_pool) {
  boost::asio::thread_pool mine(1);
  auto on_mine = run([&]() -> task<bool> {
    co_return co_await offload(mine, [&] { return mine.get_executor().running_in_this_thread(); });
  }());
  EXPECT_TRUE(on_mine);
  auto on_shared = run([&]() -> task<bool> {
    co_return co_await offload([&] { return blocking_pool().get_executor().running_in_this_thread(); });
  }());
  EXPECT_TRUE(on_shared);
}

// While a function blocks for 300 ms, a 10 ms timer on the loop keeps firing.
TEST(offload, the_loop_keeps_running_meanwhile) {
  boost::asio::io_context ctx(1);
  std::atomic<bool> done = false;
  int ticks = 0;
  boost::asio::co_spawn(
      ctx,
      [&]() -> task<void> {
        co_await offload([] { std::this_thread::sleep_for(300ms); });
        done = true;
      },
      boost::asio::detached);
  boost::asio::co_spawn(
      ctx,
      [&]() -> task<void> {
        boost::asio::steady_timer t(co_await boost::asio::this_coro::executor);
        while (!done) {
          t.expires_after(10ms);
          co_await t.async_wait(boost::asio::use_awaitable);
          ++ticks;
        }
      },
      boost::asio::detached);
  ctx.run();  // returns only once both are done: the offloaded work holds the loop's work count
  EXPECT_TRUE(done);
  EXPECT_GE(ticks, 10);  // ~30 on an idle machine; a loop blocked by the sleep would tick once
}

TEST(offload, many_at_once_all_complete) {
  auto sum = run([]() -> task<int> {
    auto ex = co_await boost::asio::this_coro::executor;
    std::atomic<int> total = 0, finished = 0;
    for (int i = 1; i <= 50; ++i)
      boost::asio::co_spawn(
          ex,
          [&total, &finished, i]() -> task<void> {
            total += co_await offload([i] { return i; });
            ++finished;
          },
          boost::asio::detached);
    boost::asio::steady_timer t(ex);
    while (finished < 50) {
      t.expires_after(1ms);
      co_await t.async_wait(boost::asio::use_awaitable);
    }
    co_return total.load();
  }());
  EXPECT_EQ(sum, 50 * 51 / 2);
}

TEST(offload, pool_size_from_the_environment) {
  EXPECT_EQ(detail::blocking_pool_size(nullptr, 1), 2u);
  EXPECT_EQ(detail::blocking_pool_size("", 8), 8u);
  EXPECT_EQ(detail::blocking_pool_size("4", 8), 4u);
  EXPECT_EQ(detail::blocking_pool_size("1024", 8), 1024u);
  for (const char* bad : {"0", "1025", "-1", "4x", " 4", "99999999999"})
    EXPECT_THROW(detail::blocking_pool_size(bad, 8), std::invalid_argument) << bad;
  EXPECT_GE(blocking_pool_size(), 1u);
}

}  // namespace
}  // namespace strata
