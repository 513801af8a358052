// client_pool: a loop's idle keep-alive connections of one client, by origin. It is an Asio
// service of the loop's io_context, so a loop finds its pool without a lock and the sockets die
// with the loop that owns them. A pool whose client is gone closes its connections at the next
// sweep and is dropped when the loop next makes a pool.
#pragma once
#include <boost/asio/execution_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <memory>
#include <strata/http/detail/client_connection.hpp>
#include <string>
#include <unordered_map>

namespace strata::http::detail {

struct client_state;

class client_pool : public std::enable_shared_from_this<client_pool> {
 public:
  client_pool(boost::asio::any_io_executor ex, std::weak_ptr<const client_state> owner);

  // The most recently used open connection to `origin`, or null. Expired or closed ones met on
  // the way are dropped.
  std::unique_ptr<client_connection> take(const std::string& origin);
  // Keeps `c` until `idle_for` passes; beyond `max_idle` per origin the oldest is closed.
  void put(const std::string& origin, std::unique_ptr<client_connection> c, std::chrono::milliseconds idle_for,
           std::size_t max_idle);
  std::size_t idle_count() const;
  bool orphaned() const { return owner_.expired(); }

 private:
  struct idle {
    std::unique_ptr<client_connection> connection;
    client_clock::time_point expires;
  };
  void arm_sweep(client_clock::time_point at);
  void sweep();

  std::weak_ptr<const client_state> owner_;
  std::unordered_map<std::string, std::deque<idle>> idle_;  // oldest first
  boost::asio::steady_timer sweep_timer_;
  client_clock::time_point sweep_at_{client_clock::time_point::max()};
};

// The pool of client `state` on the loop `ctx`, made on first use; call only from that loop.
std::shared_ptr<client_pool> loop_pool(boost::asio::execution_context& ctx, const boost::asio::any_io_executor& ex,
                                       const std::shared_ptr<const client_state>& state);

}  // namespace strata::http::detail
