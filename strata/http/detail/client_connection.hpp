// client_connection: one outbound HTTP/1.1 connection (TCP, or TLS over it) on the loop that
// made it. It carries one exchange at a time; between exchanges it waits in its loop's idle pool.
#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <strata/core/task.hpp>
#include <strata/http/client.hpp>
#include <strata/http/detail/client_url.hpp>
#include <string>

namespace strata::http::detail {

using client_clock = std::chrono::steady_clock;

// What an exchange needs to know besides the bytes: the limits, and for errors what it was.
struct exchange_info {
  std::string_view method;
  std::string_view url;
  client_clock::time_point deadline;     // of the whole fetch
  std::chrono::milliseconds timeout{0};  // that deadline as configured, for messages
  const client_options* options = nullptr;
};

// The answer as read, before redirects and decoding.
struct raw_answer {
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

class client_connection {
 public:
  explicit client_connection(boost::asio::any_io_executor ex);
  ~client_connection();
  client_connection(const client_connection&) = delete;
  client_connection& operator=(const client_connection&) = delete;

  // Resolves, connects and (for https) handshakes within connect_timeout and the deadline.
  // Throws client_error: connect, tls or timeout.
  task<void> open(const request_target& target, boost::asio::ssl::context* tls, const exchange_info& info);

  // Writes `head` and `body`, reads one whole response (skipping 1xx). Errors are returned, not
  // thrown, so the caller can retry a request that a closing keep-alive connection never saw.
  task<boost::system::error_code> exchange(std::string_view head, std::string_view body, bool head_request,
                                           const exchange_info& info, raw_answer& out);
  // After exchange: whether nothing of a response arrived before the error (safe to retry).
  bool got_nothing() const noexcept { return !got_some_; }
  // After a successful exchange: whether the connection may carry another request.
  bool reusable() const noexcept { return reusable_; }
  // The server's "Keep-Alive: timeout=N", when it sent one.
  std::optional<std::chrono::seconds> keep_alive_hint() const noexcept { return keep_alive_hint_; }
  // For a pooled connection: true unless the peer has closed it or sent something unasked.
  bool idle_and_open() const;

  // The client_error for a failed exchange or open.
  [[noreturn]] void raise(boost::system::error_code ec, const exchange_info& info, bool connecting) const;

 private:
  using tls_stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
  boost::beast::tcp_stream& tcp();
  template <class Stream>
  task<boost::system::error_code> exchange_on(Stream& s, std::string_view head, std::string_view body,
                                              bool head_request, const exchange_info& info, raw_answer& out);

  std::optional<boost::beast::tcp_stream> plain_;
  std::optional<tls_stream> tls_;
  boost::beast::flat_buffer buffer_;
  bool got_some_ = false;
  bool reusable_ = false;
  std::optional<std::chrono::seconds> keep_alive_hint_;
  std::string verify_error_;  // OpenSSL's reason when certificate verification failed
};

}  // namespace strata::http::detail
