// client_state: what the copies of one strata::http::client share across loops: options, the
// TLS context (made at the first https request) and counters. Connections are not here: each
// loop keeps its own (client_pool.hpp).
#pragma once
#include <atomic>
#include <boost/asio/ssl/context.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <strata/http/client.hpp>

namespace strata::http::detail {

struct client_state {
  explicit client_state(client_options o) : options(std::move(o)) {}

  boost::asio::ssl::context& tls_context();

  const client_options options;
  const std::uint64_t id = next_id.fetch_add(1, std::memory_order_relaxed);
  // Relaxed counters: a network round trip dwarfs one atomic add per request.
  std::atomic<std::uint64_t> requests{0}, connects{0}, reuses{0};

 private:
  static inline std::atomic<std::uint64_t> next_id{1};
  std::once_flag tls_once_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
};

}  // namespace strata::http::detail
