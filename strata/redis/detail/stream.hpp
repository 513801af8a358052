// stream: a connection's byte stream, plain TCP or TLS over it, with one set of async
// operations so the connection code above it is written once.
#pragma once
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <memory>
#include <optional>
#include <utility>

namespace strata::redis::detail {

class stream {
 public:
  explicit stream(boost::asio::any_io_executor ex) : tcp_(std::move(ex)) {}

  boost::asio::ip::tcp::socket& tcp() { return tls_ ? tls_->next_layer() : tcp_; }
  bool is_tls() const { return tls_.has_value(); }
  // Moves the connected socket under TLS; the handshake is done by the caller.
  boost::asio::ssl::stream<boost::asio::ip::tcp::socket>& start_tls(boost::asio::ssl::context& ctx) {
    tls_.emplace(std::move(tcp_), ctx);
    return *tls_;
  }

  template <class Buffers, class Token>
  auto async_write(const Buffers& buffers, Token&& token) {
    if (tls_) return boost::asio::async_write(*tls_, buffers, std::forward<Token>(token));
    return boost::asio::async_write(tcp_, buffers, std::forward<Token>(token));
  }
  template <class Buffer, class Token>
  auto async_read_some(const Buffer& buffer, Token&& token) {
    if (tls_) return tls_->async_read_some(buffer, std::forward<Token>(token));
    return tcp_.async_read_some(buffer, std::forward<Token>(token));
  }
  // Closes the socket: pending operations complete with operation_aborted. No TLS close_notify:
  // Redis does not wait for one, and a dead peer would stall it.
  void close() {
    boost::system::error_code ec;
    tcp().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    tcp().close(ec);
  }

 private:
  boost::asio::ip::tcp::socket tcp_;
  std::optional<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>> tls_;
};

}  // namespace strata::redis::detail
