// client: outbound HTTP/1.1 over TCP or TLS, for calls from handlers to other services (IdPs,
// webhooks, S3, etcd, telemetry collectors). Node's fetch()/undici is the model:
//
//   http::client_request req{.url = "https://api.example/users/1"};
//   auto res = co_await http::fetch(std::move(req));
//   if (res.ok()) use(res.json());
//
//   http::client idp({.total_timeout = 5s, .max_redirects = 3});
//   http::client_request token{.method = "POST", .url = token_url};
//   token.form({{"grant_type", "client_credentials"}}).basic_auth(id, secret);
//   auto answer = (co_await idp.fetch(std::move(token))).ensure_ok().json();
//
// (Requests are named before the co_await: GCC 12 mishandles braced temporaries inside one.)
//
// Calls must come from a coroutine on a loop; the connection is made on that loop and, kept
// alive, goes back to that loop's idle pool for its origin: nothing is shared between threads.
// A client is a cheap handle (copies share options, TLS context and counters) and may be used
// from every loop at once. Failures throw client_error (502, 504 on timeouts); a 4xx/5xx answer
// is a response (see client_response::ensure_ok()). Idle connections are closed by a timer of
// their loop, so a loop run to completion (io_context::run() without a work guard) returns
// only once they have expired.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <strata/core/task.hpp>
#include <strata/http/client_error.hpp>
#include <strata/http/client_request.hpp>
#include <strata/http/client_response.hpp>
#include <string>

namespace strata::http {

struct client_options {
  std::chrono::milliseconds connect_timeout{10'000};  // DNS, TCP and the TLS handshake
  std::chrono::milliseconds total_timeout{30'000};    // the whole fetch, redirects and body included
  std::size_t max_response_body = 16 * 1024 * 1024;   // after decoding; beyond: client_error too_large
  std::size_t max_response_head = 64 * 1024;
  unsigned max_redirects = 0;  // 0: a 3xx is returned as it is; more: followed as fetch() does
  // Keep-alive: idle connections kept per origin on each loop (0: every request closes its own).
  std::size_t max_idle_per_origin = 8;
  // How long an idle connection is kept; a server's shorter "Keep-Alive: timeout" wins.
  std::chrono::milliseconds idle_timeout{4'000};
  bool tls_verify = true;             // the system CA store; false only for development against self-signed
  std::string ca_file;                // extra trusted CAs (PEM file), added to the system store
  std::string ca_pem;                 // extra trusted CAs as PEM text
  std::string server_name;            // SNI and the name the certificate must carry; empty: the URL's host
  std::string user_agent = "strata";  // sent unless the request sets one; empty: none
  bool decompress = true;             // sends Accept-Encoding: gzip, deflate, br and decodes the answer
};

struct client_stats {
  std::uint64_t requests = 0;  // exchanges sent (each redirect hop counts)
  std::uint64_t connects = 0;  // connections opened
  std::uint64_t reuses = 0;    // requests sent on a pooled keep-alive connection
};

namespace detail {
struct client_state;
}

class client {
 public:
  client();
  explicit client(client_options options);

  // Sends the request and reads the whole response (following redirects when allowed).
  task<client_response> fetch(client_request request);
  task<client_response> get(std::string url);

  const client_options& options() const;
  client_stats stats() const;

 private:
  std::shared_ptr<detail::client_state> state_;
};

// fetch() with a process-wide client of default options.
task<client_response> fetch(client_request request);

}  // namespace strata::http
