// server: the HTTP/1.1 server. One event loop per thread, each with its own SO_REUSEPORT acceptor;
// a connection stays on the loop that accepted it. The server is the root scope, so routes and
// hooks are registered on it directly: srv.get("/", ...).
#pragma once
#include <strata/http/parser.hpp>
#include <strata/http/router.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace strata::http {

struct server_limits {
  parse_limits head;                                  // request line 414, head size and count 431
  std::uint64_t max_body = 1024 * 1024;               // 413 beyond; per route: route_options
  std::chrono::seconds header_timeout{10};            // whole head must arrive within (slowloris)
  std::chrono::seconds body_timeout{30};              // whole body must arrive within
  std::chrono::seconds idle_timeout{60};              // keep-alive wait between requests
  std::chrono::seconds write_timeout{30};             // a client that stops reading is dropped
  std::size_t max_connections = 100000;               // across all loops; beyond: closed at accept
  std::size_t max_pipelined = 64;                     // responses buffered per connection before a write
};

struct compression_options {
  bool enabled = true;
  std::size_t threshold = 1024;  // bodies smaller than this are sent as they are
  int gzip_level = 6;
  int brotli_quality = 4;
};

struct tls_options {
  std::string cert_file;  // PEM chain; TLS is on when both files are set
  std::string key_file;
};

struct server_options {
  std::string host = "0.0.0.0";
  std::uint16_t port = 8080;  // 0: any free port (see server::port())
  unsigned threads = 0;       // 0: one per core
  // A loop that accepts a connection while it holds more than its share hands it to the loop
  // holding the fewest, so a few long-lived connections (a proxy's keep-alive pool, a load test)
  // spread evenly instead of by the kernel's port hash.
  bool balance_connections = true;
  // A loop out of ready work looks for more this long, yielding the CPU in between, before it
  // sleeps in the kernel: under load that saves two context switches per wake-up. Off by default:
  // it helps when the loops have the cores to themselves (an HTTP-bound service) and costs tail
  // latency when a busy database shares them (see strata/core/loops.cpp). 20 µs is a good value.
  std::chrono::microseconds idle_spin{0};
  server_limits limits;
  compression_options compression;
  tls_options tls;
  std::string server_header = "strata";     // empty: no Server header
  bool development = false;                 // 500 problem documents include the exception text
  std::chrono::seconds shutdown_timeout{10};  // in-flight requests get this long on SIGTERM

  // PORT and HOST from the environment override the defaults (every Strata service takes PORT).
  static server_options from_env();
  static server_options from_env(server_options base);
};

class server : public scope {
public:
  explicit server(server_options options = {});
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  // Binds every loop's acceptor; throws std::system_error when the port is taken.
  void listen();
  std::uint16_t port() const;

  // Serves until SIGTERM/SIGINT or stop(), then shuts down gracefully: stops accepting, lets
  // in-flight requests finish up to shutdown_timeout, closes idle connections, returns.
  void run();
  // Serves on background threads (tests, embedding); stop() or the destructor ends it.
  void start();
  // Starts a graceful shutdown; safe from any thread and from a signal-handling context.
  void stop();
  // Blocks until the server has stopped (after start()).
  void wait();

  const server_options& options() const;
  std::size_t connections() const;  // open connections, all loops
  // The event loops, one per thread: for components that keep per-loop state (pools, metrics).
  std::size_t loop_count() const;
  boost::asio::io_context& loop(std::size_t index);

  struct impl;

private:
  std::unique_ptr<http::router> router_owner_;
  std::unique_ptr<impl> impl_;
};

}  // namespace strata::http
