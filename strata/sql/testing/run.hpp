// Test helper: runs a coroutine to completion on a fresh io_context and returns its value (or
// rethrows its exception), so a test body reads top to bottom. It is strata::block_on.
#pragma once
#include <strata/core/block_on.hpp>

#include <utility>

namespace strata::sql::testing {

template <class F>
auto run(F&& make_task) {
  return strata::block_on(std::forward<F>(make_task));
}

}  // namespace strata::sql::testing
