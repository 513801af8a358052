// Test helper: runs a coroutine to completion on a fresh io_context and returns its value (or
// rethrows its exception), so a test body reads top to bottom.
#pragma once
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <optional>
#include <strata/core/task.hpp>
#include <type_traits>
#include <utility>

namespace strata::sql::testing {

template <class F>
auto run(F&& make_task) {
  using T = typename std::invoke_result_t<F>::value_type;
  boost::asio::io_context ctx(1);
  std::exception_ptr failure;
  if constexpr (std::is_void_v<T>) {
    boost::asio::co_spawn(ctx, std::forward<F>(make_task)(), [&](std::exception_ptr e) { failure = e; });
    ctx.run();
    if (failure) std::rethrow_exception(failure);
  } else {
    std::optional<T> out;
    boost::asio::co_spawn(ctx, std::forward<F>(make_task)(), [&](std::exception_ptr e, T v) {
      failure = e;
      if (!e) out.emplace(std::move(v));
    });
    ctx.run();
    if (failure) std::rethrow_exception(failure);
    return std::move(*out);
  }
}

}  // namespace strata::sql::testing
