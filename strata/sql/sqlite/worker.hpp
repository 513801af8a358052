// worker: the thread an SQLite connection blocks on, so loop threads never do. on_worker() runs
// a function there and resumes the awaiting coroutine on its own executor with the value or the
// exception.
#pragma once
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <strata/core/task.hpp>
#include <utility>

namespace strata::sql::sqlite {

template <class R, class F>
task<R> on_worker(boost::asio::thread_pool& worker, F work) {
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(std::exception_ptr, R)>(
      [&worker](auto handler, F work) {
        // Tracked, so the caller's loop does not run out of work and return while we block.
        auto home = boost::asio::prefer(boost::asio::get_associated_executor(handler),
                                        boost::asio::execution::outstanding_work.tracked);
        boost::asio::post(
            worker, [handler = std::move(handler), home = std::move(home), work = std::move(work)]() mutable {
              std::exception_ptr failure;
              R value{};
              try {
                value = work();
              } catch (...) {
                failure = std::current_exception();
              }
              boost::asio::post(home, [handler = std::move(handler), failure, value = std::move(value)]() mutable {
                std::move(handler)(failure, std::move(value));
              });
            });
      },
      boost::asio::use_awaitable, std::move(work));
}

}  // namespace strata::sql::sqlite
