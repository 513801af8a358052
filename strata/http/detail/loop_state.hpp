// Per-loop server state: the acceptor, the cached Date, the list of live connections and the
// one-second tick that expires their deadlines. Deadlines are coarse (whole seconds) on purpose: one
// timer per loop instead of one per read keeps timeouts off the hot path.
#pragma once
#include <strata/http/router.hpp>
#include <strata/http/server.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace strata::http::detail {

struct loop_state;

// What every loop of one server shares (read-only while serving, but the counters).
struct server_shared {
  server_options options;
  http::router* router = nullptr;
  std::atomic<std::size_t> connections{0};
  std::optional<boost::asio::ssl::context> tls;
  std::vector<loop_state*> loops;  // every loop's state, for balancing connections among them
};

struct connection_base {
  connection_base* prev = nullptr;
  connection_base* next = nullptr;
  std::uint32_t deadline = 0;  // loop tick at which the connection is dropped; 0: none
  bool idle = false;           // waiting for a new request with nothing buffered
  virtual void abort() = 0;    // closes the socket: pending operations complete with an error
  virtual ~connection_base() = default;
};

struct loop_state {
  loop_state(boost::asio::io_context& c, server_shared& s) : ctx(c), shared(s), tick(c) {
    sentinel.prev = sentinel.next = &sentinel;
  }
  // Connections still suspended here (a handler stuck past the shutdown deadline) are destroyed
  // later, with the io_context that holds their coroutines: orphan them so they do not unlink
  // themselves from this object then.
  ~loop_state() {
    for_each([](connection_base* c) { c->prev = c->next = nullptr; });
  }
  loop_state(const loop_state&) = delete;
  loop_state& operator=(const loop_state&) = delete;

  boost::asio::io_context& ctx;
  server_shared& shared;
  std::optional<boost::asio::ip::tcp::acceptor> acceptor;
  boost::asio::steady_timer tick;
  std::uint32_t now = 1;  // seconds since the loop started, +1
  std::array<char, 29> date{};
  bool draining = false;
  std::size_t count = 0;
  // Connections assigned to this loop, counted from the moment of the decision (before a handed-
  // off socket arrives here) so that two loops balancing at once do not both pick the same one.
  std::atomic<std::size_t> assigned{0};

  std::string_view date_view() const { return {date.data(), date.size()}; }
  // The current second is already partly gone, so one tick more: a deadline fires between s and
  // s + 1 seconds from now, never early (now + s alone could fire after a few milliseconds).
  std::uint32_t after(std::chrono::seconds s) const { return now + static_cast<std::uint32_t>(s.count()) + 1; }

  void link(connection_base* c) {
    c->next = sentinel.next;
    c->prev = &sentinel;
    sentinel.next->prev = c;
    sentinel.next = c;
    ++count;
  }
  void unlink(connection_base* c) {
    c->prev->next = c->next;
    c->next->prev = c->prev;
    c->prev = c->next = nullptr;
    --count;
  }
  template <class F>
  void for_each(F&& f) {
    for (connection_base* c = sentinel.next; c != &sentinel;) {
      connection_base* next = c->next;  // f may unlink c
      f(c);
      c = next;
    }
  }

private:
  struct sentinel_node final : connection_base {
    void abort() override {}
  } sentinel;
};

}  // namespace strata::http::detail
