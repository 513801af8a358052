// block_on: runs one coroutine to completion on a private io_context and returns its value (or
// rethrows its exception). For start-up work before the loops serve (migrations, warm-up), the
// command-line tool and tests; never call it from a loop thread, which it would block.
//
//   auto applied = strata::block_on([&] { return migrator.up(); });
#pragma once
#include <strata/core/task.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

namespace strata {

template <class F>
auto block_on(F&& make_task) {
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

}  // namespace strata
