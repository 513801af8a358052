// sql::postgres::listener: PostgreSQL LISTEN/NOTIFY on a dedicated connection of its own (not one
// of the pool's: a pooled connection serves other queries and may be closed when idle).
//
//   auto l = co_await sql::postgres::listener::open(url, {"orders"});
//   for (;;) {
//     auto n = co_await l.next();               // {channel, payload, pid}
//   }
//   co_await db.query("SELECT pg_notify($1, $2)", "orders", "42");   // from anywhere
//
// After a lost connection the listener reconnects (backing off from reconnect_min to
// reconnect_max) and LISTENs again; what was notified while it was away is not delivered.
#pragma once
#include <cstdint>
#include <memory>
#include <strata/core/task.hpp>
#include <strata/sql/database.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace strata::sql::postgres {

struct notification {
  std::string channel;
  std::string payload;
  int pid = 0;  // the server process of the session that notified
};

class listener {
 public:
  // Connects on the calling coroutine's loop and LISTENs on every channel (names are quoted as
  // identifiers, so any text is a valid channel). Throws sql::error when that fails.
  static task<listener> open(std::string_view url, std::vector<std::string> channels, pool_options options = {});

  listener(listener&&) noexcept;
  listener& operator=(listener&&) noexcept;
  ~listener();

  // The next notification, in the order the server sent them. One caller at a time; listen() and
  // unlisten() are not to be called while a next() waits.
  task<notification> next();
  task<void> listen(std::string channel);
  task<void> unlisten(std::string channel);

  std::uint64_t reconnects() const;  // connections remade after a loss
  int backend_pid() const;           // the listening session's server process (0 while away)

 private:
  struct impl;
  explicit listener(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace strata::sql::postgres
