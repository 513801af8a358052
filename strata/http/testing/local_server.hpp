// Helpers for tests that run a real server: options for a loopback server on a free port, a GET
// on a fresh connection, and a coroutine sleep for slow handlers.
#pragma once
#include <strata/core/task.hpp>
#include <strata/http/server.hpp>
#include <strata/http/testing/raw_client.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

namespace strata::http::testing {

// 127.0.0.1, a port the kernel picks (server::port() after listen/start), `threads` loops.
inline server_options local_options(unsigned threads = 1) {
  server_options o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.threads = threads;
  return o;
}

// GET `path` on a new connection; throws when no response arrives.
inline raw_response get(std::uint16_t port, std::string_view path) {
  auto r = fetch(port, get_request(path));
  if (!r) throw std::runtime_error("no response for GET " + std::string(path));
  return *r;
}

inline task<void> sleep_for(std::chrono::milliseconds d) {
  boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, d);
  co_await t.async_wait(boost::asio::use_awaitable);
}

}  // namespace strata::http::testing
