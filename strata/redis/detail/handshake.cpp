// open_session: the steps every new connection takes before it carries commands.
#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <strata/redis/command.hpp>
#include <strata/redis/detail/handshake.hpp>
#include <strata/redis/error.hpp>
#include <strata/redis/resp_parser.hpp>

namespace strata::redis::detail {
namespace {

constexpr auto as_tuple_awaitable = boost::asio::as_tuple(boost::asio::use_awaitable);

[[noreturn]] void lost(const options& o, std::string_view what) {
  throw error(error_kind::connection,
              "redis: cannot connect to " + o.host + ":" + std::to_string(o.port) + ": " + std::string(what));
}

// Sends one command and reads its reply (nothing else is in flight during the handshake).
task<reply> round_trip(const options& o, stream& s, command_args cmd) {
  const std::string out = cmd.encoded();
  auto [wec, written] = co_await s.async_write(boost::asio::buffer(out), as_tuple_awaitable);
  if (wec) lost(o, wec.message());
  resp_parser parser(parser_limits{o.max_bulk_length, o.max_elements, o.max_depth});
  std::string buffer;
  std::size_t used = 0;
  char chunk[4096];
  for (;;) {
    reply r;
    std::size_t consumed = 0;
    const auto st = parser.parse(std::string_view(buffer).substr(used), consumed, r);
    used += consumed;
    if (st == resp_parser::status::complete) co_return r;
    if (st == resp_parser::status::error) throw error(error_kind::protocol, "redis: " + parser.error_message());
    auto [rec, n] = co_await s.async_read_some(boost::asio::buffer(chunk), as_tuple_awaitable);
    if (rec) lost(o, rec == boost::asio::error::eof ? "the server closed the connection" : rec.message());
    buffer.erase(0, used);
    used = 0;
    buffer.append(chunk, n);
  }
}

bool unknown_command(const reply& r) {
  // Servers before 6.0 have no HELLO; NOPROTO means the server does not speak that version.
  return r.is_error() && (r.str().starts_with("NOPROTO") || r.str().starts_with("ERR unknown command"));
}

task<session> prepare(const options& o, boost::asio::ssl::context* tls, std::unique_ptr<stream> s) {
  auto ex = co_await boost::asio::this_coro::executor;
  boost::asio::ip::tcp::resolver resolver(ex);
  auto [rec, endpoints] = co_await resolver.async_resolve(o.host, std::to_string(o.port), as_tuple_awaitable);
  if (rec) lost(o, rec.message());
  auto [cec, endpoint] = co_await boost::asio::async_connect(s->tcp(), endpoints, as_tuple_awaitable);
  if (cec) lost(o, cec.message());
  s->tcp().set_option(boost::asio::ip::tcp::no_delay(true));
  if (tls) {
    auto& t = s->start_tls(*tls);
    // SNI, and the name the certificate must carry.
    SSL_set_tlsext_host_name(t.native_handle(), o.host.c_str());
    if (o.tls_verify) t.set_verify_callback(boost::asio::ssl::host_name_verification(o.host));
    auto [hec] = co_await t.async_handshake(boost::asio::ssl::stream_base::client, as_tuple_awaitable);
    if (hec) lost(o, "TLS handshake: " + hec.message());
  }

  session out;
  out.protocol = 2;
  if (o.protocol == 3) {
    command_args hello("HELLO", "3");
    if (!o.password.empty()) hello.arg("AUTH").arg(o.user.empty() ? "default" : o.user).arg(o.password);
    if (!o.client_name.empty()) hello.arg("SETNAME").arg(o.client_name);
    const reply r = co_await round_trip(o, *s, std::move(hello));
    if (!r.is_error()) {
      out.protocol = 3;
    } else if (!unknown_command(r)) {
      lost(o, r.str());  // WRONGPASS, NOAUTH...
    }
  }
  if (out.protocol == 2) {
    if (!o.password.empty()) {
      command_args auth("AUTH");
      if (!o.user.empty()) auth.arg(o.user);
      auth.arg(o.password);
      const reply r = co_await round_trip(o, *s, std::move(auth));
      if (r.is_error()) lost(o, r.str());
    }
    if (!o.client_name.empty()) {
      const reply r = co_await round_trip(o, *s, command_args("CLIENT", "SETNAME", o.client_name));
      if (r.is_error()) lost(o, r.str());
    }
  }
  if (o.db != 0) {
    const reply r = co_await round_trip(o, *s, command_args("SELECT", o.db));
    if (r.is_error()) lost(o, "SELECT " + std::to_string(o.db) + ": " + r.str());
  }
  out.stream = std::move(s);
  co_return out;
}

}  // namespace

std::shared_ptr<boost::asio::ssl::context> make_tls_context(const options& o) {
  if (!o.tls) return nullptr;
  auto ctx = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
  ctx->set_options(boost::asio::ssl::context::default_workarounds | boost::asio::ssl::context::no_sslv2 |
                   boost::asio::ssl::context::no_sslv3 | boost::asio::ssl::context::no_tlsv1 |
                   boost::asio::ssl::context::no_tlsv1_1);
  if (o.tls_verify) {
    ctx->set_verify_mode(boost::asio::ssl::verify_peer);
    if (o.ca_file.empty())
      ctx->set_default_verify_paths();
    else
      ctx->load_verify_file(o.ca_file);
  } else {
    ctx->set_verify_mode(boost::asio::ssl::verify_none);
  }
  return ctx;
}

task<session> open_session(const options& o, boost::asio::ssl::context* tls) {
  auto ex = co_await boost::asio::this_coro::executor;
  auto s = std::make_unique<stream>(ex);
  // The deadline closes the socket, which ends whichever step is waiting.
  auto timed_out = std::make_shared<bool>(false);
  auto* raw = s.get();
  auto alive = std::make_shared<bool>(true);
  boost::asio::steady_timer deadline(ex, o.connect_timeout);
  deadline.async_wait([timed_out, alive, raw](boost::system::error_code ec) {
    if (ec || !*alive) return;
    *timed_out = true;
    raw->close();
  });
  std::exception_ptr failure;
  session out;
  try {
    out = co_await prepare(o, tls, std::move(s));
  } catch (...) {
    failure = std::current_exception();
  }
  *alive = false;
  deadline.cancel();
  if (*timed_out) {
    if (out.stream) out.stream->close();
    throw error(error_kind::timeout, "redis: connecting to " + o.host + ":" + std::to_string(o.port) +
                                         " took longer than " + std::to_string(o.connect_timeout.count()) + " ms");
  }
  if (failure) std::rethrow_exception(failure);
  co_return out;
}

}  // namespace strata::redis::detail
