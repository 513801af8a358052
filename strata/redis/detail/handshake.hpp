// open_session: connects to the server and prepares the connection (TLS, HELLO 3 or RESP2,
// AUTH, CLIENT SETNAME, SELECT) within connect_timeout; shared by command and pub/sub connections.
#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <strata/core/task.hpp>
#include <strata/redis/detail/stream.hpp>
#include <strata/redis/options.hpp>
#include <string>

namespace strata::redis::detail {

struct session {
  std::unique_ptr<detail::stream> stream;
  int protocol = 2;  // what the server agreed to: 3 after a successful HELLO 3
};

// The TLS context for options (certificate checks as the options ask); null for plain TCP.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const options& o);

// Throws redis::error: connection (refused, reset, AUTH refused), timeout.
task<session> open_session(const options& o, boost::asio::ssl::context* tls);

}  // namespace strata::redis::detail
