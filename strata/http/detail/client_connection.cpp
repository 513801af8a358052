// client_connection: connect (DNS with a deadline, TCP, TLS with SNI and name checks), one
// request/response exchange on Beast's response parser, and the error each failure becomes.
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <sys/socket.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cerrno>
#include <strata/http/detail/client_connection.hpp>
#include <type_traits>

namespace strata::http::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

// getaddrinfo runs on Asio's resolver thread and cannot be interrupted; at the deadline the
// wait is cancelled, and the lookup finishes unobserved.
task<std::pair<boost::system::error_code, tcp::resolver::results_type>> resolve(const request_target& t,
                                                                                client_clock::time_point deadline) {
  auto ex = co_await asio::this_coro::executor;
  auto resolver = std::make_shared<tcp::resolver>(ex);
  auto timed_out = std::make_shared<bool>(false);
  asio::steady_timer timer(ex, deadline);
  timer.async_wait([resolver, timed_out](boost::system::error_code ec) {
    if (ec) return;
    *timed_out = true;
    resolver->cancel();
  });
  auto [ec, results] = co_await resolver->async_resolve(t.host, std::to_string(t.port), tuple_awaitable);
  timer.cancel();
  if (*timed_out) ec = beast::error::timeout;
  co_return std::pair{ec, std::move(results)};
}

std::optional<std::chrono::seconds> parse_keep_alive(std::string_view v) {
  // Keep-Alive: timeout=5, max=1000 (RFC 2068 19.7.1.1, still what servers send).
  const auto at = v.find("timeout=");
  if (at == std::string_view::npos) return std::nullopt;
  long n = 0;
  bool any = false;
  for (std::size_t i = at + 8; i < v.size() && v[i] >= '0' && v[i] <= '9' && n < 100000; ++i) {
    n = n * 10 + (v[i] - '0');
    any = true;
  }
  if (!any) return std::nullopt;
  return std::chrono::seconds(n);
}

std::string ms_text(std::chrono::milliseconds d) {
  return std::to_string(d.count()) + " ms";
}

}  // namespace

client_connection::client_connection(asio::any_io_executor ex) : plain_(std::in_place, std::move(ex)) {}

client_connection::~client_connection() {
  // No TLS close_notify: a server does not wait for one, and a dead peer would stall us.
  boost::system::error_code ec;
  tcp().socket().shutdown(tcp::socket::shutdown_both, ec);
  tcp().socket().close(ec);
}

beast::tcp_stream& client_connection::tcp() {
  return tls_ ? tls_->next_layer() : *plain_;
}

task<void> client_connection::open(const request_target& t, asio::ssl::context* tls, const exchange_info& info) {
  const auto connect_deadline = std::min(client_clock::now() + info.options->connect_timeout, info.deadline);
  boost::system::error_code ec;
  tcp::resolver::results_type endpoints;
  if (t.host_is_ip) {
    endpoints = tcp::resolver::results_type::create(tcp::endpoint(asio::ip::make_address(t.host), t.port), t.host,
                                                    std::to_string(t.port));
  } else {
    std::tie(ec, endpoints) = co_await resolve(t, connect_deadline);
    if (ec) raise(ec, info, true);
  }

  plain_->expires_at(connect_deadline);
  auto [cec, endpoint] = co_await plain_->async_connect(endpoints, tuple_awaitable);
  if (cec) raise(cec, info, true);
  plain_->socket().set_option(tcp::no_delay(true), ec);

  if (tls) {
    tls_.emplace(std::move(*plain_), *tls);
    plain_.reset();
    SSL* ssl = tls_->native_handle();
    const std::string& name = info.options->server_name.empty() ? t.host : info.options->server_name;
    boost::system::error_code not_ip;
    asio::ip::make_address(name, not_ip);
    const bool name_is_ip = !not_ip;
    // SNI carries names only (RFC 6066 3); an address is checked against the certificate's IPs.
    if (!name_is_ip) SSL_set_tlsext_host_name(ssl, name.c_str());
    if (info.options->tls_verify) {
      if (name_is_ip)
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name.c_str());
      else
        SSL_set1_host(ssl, name.c_str());
    }
    auto [hec] = co_await tls_->async_handshake(asio::ssl::stream_base::client, tuple_awaitable);
    if (hec) {
      const long verify = SSL_get_verify_result(ssl);
      if (verify != X509_V_OK) verify_error_ = X509_verify_cert_error_string(verify);
      raise(hec, info, true);
    }
  }
  tcp().expires_never();
}

task<boost::system::error_code> client_connection::exchange(std::string_view head, std::string_view body,
                                                            bool head_request, const exchange_info& info,
                                                            raw_answer& out) {
  if (tls_) co_return co_await exchange_on(*tls_, head, body, head_request, info, out);
  co_return co_await exchange_on(*plain_, head, body, head_request, info, out);
}

template <class Stream>
task<boost::system::error_code> client_connection::exchange_on(Stream& s, std::string_view head, std::string_view body,
                                                               bool head_request, const exchange_info& info,
                                                               raw_answer& out) {
  got_some_ = false;
  reusable_ = false;
  keep_alive_hint_.reset();
  tcp().expires_at(info.deadline);
  // Head and body in one gather write on plain TCP. Beast's TLS stream writes only the first
  // buffer of a sequence over 16 KiB and asio::async_write then stops short (seen with Boost
  // 1.81: a 17 KB POST sent its head alone), so under TLS the two go one after the other.
  if constexpr (std::is_same_v<Stream, tls_stream>) {
    for (std::string_view part : {head, body}) {
      if (part.empty()) continue;
      auto [wec, written] = co_await asio::async_write(s, asio::buffer(part), tuple_awaitable);
      if (wec) co_return wec;
      if (written != part.size()) co_return asio::error::broken_pipe;
    }
  } else {
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(head), asio::buffer(body)};
    auto [wec, written] = co_await asio::async_write(s, buffers, tuple_awaitable);
    if (wec) co_return wec;
    if (written != head.size() + body.size()) co_return asio::error::broken_pipe;
  }

  for (;;) {
    beast::http::response_parser<beast::http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(info.options->max_response_head, UINT32_MAX)));
    parser.body_limit(info.options->max_response_body);
    if (head_request) parser.skip(true);
    auto [rec, n] = co_await beast::http::async_read(s, buffer_, parser, tuple_awaitable);
    got_some_ = got_some_ || parser.got_some();
    if (rec) co_return rec;
    auto& msg = parser.get();
    const int status = static_cast<int>(msg.result_int());
    // 100 Continue and 103 Early Hints come before the answer; 101 would switch protocols,
    // which nothing here asked for.
    if (status == 101) co_return beast::http::error::bad_status;
    if (status >= 100 && status < 200) continue;
    out.status = status;
    out.reason = std::string(msg.reason());
    out.headers.clear();
    for (const auto& f : msg) {
      out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
      if (beast::iequals(f.name_string(), "keep-alive")) keep_alive_hint_ = parse_keep_alive(f.value());
    }
    out.body = std::move(msg.body());
    // Bytes after the response were not asked for: such a connection is not reused.
    reusable_ = parser.keep_alive() && parser.is_done() && buffer_.size() == 0;
    tcp().expires_never();
    co_return boost::system::error_code{};
  }
}

bool client_connection::idle_and_open() const {
  auto& self = const_cast<client_connection&>(*this);
  char c = 0;
  const auto n = ::recv(self.tcp().socket().native_handle(), &c, 1, MSG_PEEK | MSG_DONTWAIT);
  // EOF, an error, or bytes nobody asked for (a TLS close_notify, a stray response): not reusable.
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

void client_connection::raise(boost::system::error_code ec, const exchange_info& info, bool connecting) const {
  const auto* o = info.options;
  const auto& http_category = beast::http::make_error_code(beast::http::error::need_more).category();
  client_error_kind kind = client_error_kind::connect;
  std::string what;
  if (ec == beast::error::timeout) {
    kind = client_error_kind::timeout;
    what = connecting && client_clock::now() < info.deadline ? "could not connect within " + ms_text(o->connect_timeout)
                                                             : "no complete response within " + ms_text(info.timeout);
  } else if (ec == beast::http::error::body_limit) {
    kind = client_error_kind::too_large;
    what = "response body over " + std::to_string(o->max_response_body) + " bytes";
  } else if (ec == beast::http::error::header_limit) {
    kind = client_error_kind::too_large;
    what = "response head over " + std::to_string(o->max_response_head) + " bytes";
  } else if (ec == beast::http::error::end_of_stream || ec == beast::http::error::partial_message ||
             ec == asio::error::eof || ec == asio::ssl::error::stream_truncated ||
             ec == asio::error::connection_reset || ec == asio::error::broken_pipe) {
    if (connecting && tls_) {
      kind = client_error_kind::tls;
      what = "TLS handshake: the server closed the connection";
    } else {
      what = "the connection closed before a whole response";
    }
  } else if (ec.category() == http_category) {
    kind = client_error_kind::protocol;
    what = "malformed response: " + ec.message();
  } else if (connecting && tls_) {
    kind = client_error_kind::tls;
    what = "TLS handshake: " + (verify_error_.empty() ? ec.message() : "certificate verify failed: " + verify_error_);
  } else {
    what = ec.message();
  }
  throw client_error(kind, info.method, info.url, what);
}

}  // namespace strata::http::detail
