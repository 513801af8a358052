// Test helpers for the cache layer: a set of loops on background threads and a blocking call that
// runs a coroutine on one of them.
#pragma once
#include <strata/core/task.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

namespace strata::cache::testing {

class background_loops {
public:
  explicit background_loops(unsigned n) {
    for (unsigned i = 0; i < n; ++i) {
      contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
      guards_.emplace_back(contexts_.back()->get_executor());
    }
    for (auto& c : contexts_) threads_.emplace_back([ctx = c.get()] { ctx->run(); });
  }
  ~background_loops() {
    guards_.clear();
    for (auto& c : contexts_) c->stop();
    for (auto& t : threads_) t.join();
  }
  boost::asio::io_context& at(unsigned i) { return *contexts_[i]; }
  std::thread::id thread_of(unsigned i) const { return threads_[i].get_id(); }

  // Runs `t` on loop `i` and waits for its result (or exception).
  template <class T>
  T run(unsigned i, task<T> t) {
    return boost::asio::co_spawn(at(i), std::move(t), boost::asio::use_future).get();
  }

private:
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
};

inline task<void> sleep(std::chrono::milliseconds d) {
  boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, d);
  co_await t.async_wait(boost::asio::use_awaitable);
}

}  // namespace strata::cache::testing
