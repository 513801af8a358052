// offload(pool, fn): runs a blocking fn on a worker pool and resumes the awaiting coroutine on
// its own executor (holding that executor's work meanwhile), so blocking libraries such as
// libmongoc never run on a loop thread. fn's exception is rethrown in the coroutine.
#pragma once
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <strata/core/task.hpp>
#include <type_traits>
#include <utility>

namespace strata::document::detail {

namespace offload_detail {
// void results travel as a bool, so one completion signature serves every fn.
template <class R>
using carried = std::conditional_t<std::is_void_v<R>, bool, R>;

template <class F>
carried<std::invoke_result_t<F&>> call(F& fn) {
  if constexpr (std::is_void_v<std::invoke_result_t<F&>>) {
    fn();
    return true;
  } else {
    return fn();
  }
}
}  // namespace offload_detail

template <class F, class R = std::invoke_result_t<F&>>
requires(std::is_void_v<R> || std::is_default_constructible_v<R>) task<R> offload(boost::asio::thread_pool& pool,
                                                                                  F fn) {
  using C = offload_detail::carried<R>;
  auto ex = co_await boost::asio::this_coro::executor;
  auto result = co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>, void(std::exception_ptr, C)>(
      [&pool, ex](auto handler, F work_fn) {
        boost::asio::post(pool, [handler = std::move(handler), work_fn = std::move(work_fn),
                                 work = boost::asio::make_work_guard(ex)]() mutable {
          std::exception_ptr error;
          C value{};
          try {
            value = offload_detail::call(work_fn);
          } catch (...) {
            error = std::current_exception();
          }
          auto home = work.get_executor();
          boost::asio::post(home, [handler = std::move(handler), error, value = std::move(value)]() mutable {
            std::move(handler)(error, std::move(value));
          });
          work.reset();
        });
      },
      boost::asio::use_awaitable, std::move(fn));
  if constexpr (!std::is_void_v<R>) co_return result;
}

}  // namespace strata::document::detail
