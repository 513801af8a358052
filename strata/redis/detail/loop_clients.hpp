// Where each loop keeps its Redis connections: an Asio service of the loop's io_context, so the
// connections (sockets included) are destroyed with the loop that owns them, and a loop finds
// its own without a lock (the same design as sql's per-loop pools).
#pragma once
#include <boost/asio/execution_context.hpp>
#include <cstdint>
#include <memory>
#include <strata/redis/detail/connection.hpp>
#include <vector>

namespace strata::redis::detail {

// The connections of one client on one loop.
struct loop_state {
  explicit loop_state(boost::asio::any_io_executor ex) : executor(std::move(ex)) {}
  ~loop_state() {
    for (auto& c : connections) c->close(notify_on_close);
  }
  // The connection with the fewest requests in flight; among equals, the first.
  connection& pick() {
    connection* best = connections.front().get();
    for (auto& c : connections)
      if (c->in_flight() < best->in_flight()) best = c.get();
    return *best;
  }
  boost::asio::any_io_executor executor;
  std::vector<std::shared_ptr<connection>> connections;
  std::shared_ptr<loop_counters> counters = std::make_shared<loop_counters>();
  bool notify_on_close = true;  // false while the loop shuts down
};

// The slot of client `client_id` on the loop `ctx`; call only from that loop's thread.
std::shared_ptr<loop_state>& loop_slot(boost::asio::execution_context& ctx, std::uint64_t client_id);
// Removes (and so closes) that state; from the loop's thread.
void drop_loop_state(boost::asio::execution_context& ctx, std::uint64_t client_id);

}  // namespace strata::redis::detail
