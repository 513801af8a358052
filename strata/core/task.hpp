// task<T>: the coroutine type of every handler, hook and async API in Strata.
// It is Asio's awaitable (see docs/design.md, "Coroutines", for the measurement behind the choice).
#pragma once
#include <boost/asio/awaitable.hpp>

namespace strata {

template <class T = void>
using task = boost::asio::awaitable<T>;

}  // namespace strata
