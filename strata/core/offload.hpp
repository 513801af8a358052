// offload: blocking work (password hashing, a blocking C library, file system calls) on a thread
// pool instead of a loop thread, like libuv's threadpool under Node's crypto.pbkdf2 and fs.
//
//   std::string h = co_await strata::offload([pw] { return slow_hash(pw); });
//
// The awaiting coroutine resumes on its own executor (its loop) with the value, or the exception
// the function threw. The loop's work count is held meanwhile, so the loop does not run out of
// work and return while the function blocks elsewhere.
//
// GCC 12: a lambda that captures objects with a destructor (strings, vectors) must be named
// before the co_await, not written inside it. GCC 12 copies temporaries made by aggregate
// initialization (lambdas, S{...}) that live across a co_await byte for byte, so a captured
// short string is freed at the wrong address (offload_test.cpp shows the safe form):
//   auto work = [pw = std::move(pw)] { return hash(pw); };
//   auto h = co_await strata::offload(std::move(work));
#pragma once
#include <strata/core/task.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

namespace strata {

// The process-wide pool for blocking work, made on first use: STRATA_BLOCKING_THREADS threads
// (1..1024, as UV_THREADPOOL_SIZE is for Node), else max(2, cores).
boost::asio::thread_pool& blocking_pool();
unsigned blocking_pool_size();

namespace detail {

// The pool size for an environment value (null when unset) on a machine with `cores` cores.
unsigned blocking_pool_size(const char* env, unsigned cores);

// Runs `fn` on `pool`; completes with (exception, optional<result>) on the caller's executor.
template <class R, class F>
auto offload_raw(boost::asio::thread_pool& pool, F fn) {
  using slot = std::conditional_t<std::is_void_v<R>, bool, std::optional<R>>;
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(std::exception_ptr, slot)>(
      [&pool](auto handler, F fn) {
        auto home = boost::asio::prefer(boost::asio::get_associated_executor(handler),
                                        boost::asio::execution::outstanding_work.tracked);
        boost::asio::post(pool, [handler = std::move(handler), home = std::move(home), fn = std::move(fn)]() mutable {
          std::exception_ptr failure;
          slot value{};
          try {
            if constexpr (std::is_void_v<R>) {
              fn();
              value = true;
            } else {
              value.emplace(fn());
            }
          } catch (...) {
            failure = std::current_exception();
          }
          boost::asio::post(home, [handler = std::move(handler), failure, value = std::move(value)]() mutable {
            std::move(handler)(failure, std::move(value));
          });
        });
      },
      boost::asio::use_awaitable, std::move(fn));
}

}  // namespace detail

// Runs `fn` (no arguments) on `pool` and returns what it returns.
template <class F, class R = std::invoke_result_t<F&>>
task<R> offload(boost::asio::thread_pool& pool, F fn) {
  if constexpr (std::is_void_v<R>) {
    co_await detail::offload_raw<R>(pool, std::move(fn));
  } else {
    auto value = co_await detail::offload_raw<R>(pool, std::move(fn));
    co_return std::move(*value);
  }
}

// The same on the process-wide blocking_pool().
template <class F, class R = std::invoke_result_t<F&>>
task<R> offload(F fn) {
  return offload(blocking_pool(), std::move(fn));
}

}  // namespace strata
