// The server: loops, acceptors, the per-loop tick (Date header and deadlines), signals and the
// graceful shutdown. Connections themselves are in detail/connection.hpp.
#include <strata/core/loops.hpp>
#include <strata/http/detail/connection.hpp>
#include <strata/http/server.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace strata::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using detail::connection;
using detail::loop_state;
using detail::use_tuple;

server_options server_options::from_env() { return from_env(server_options{}); }

server_options server_options::from_env(server_options base) {
  if (const char* p = std::getenv("PORT"); p && *p) {
    char* end = nullptr;
    long v = std::strtol(p, &end, 10);
    if (*end != '\0' || v < 0 || v > 65535) throw std::invalid_argument(std::string("PORT is not a port number: ") + p);
    base.port = static_cast<std::uint16_t>(v);
  }
  if (const char* h = std::getenv("HOST"); h && *h) base.host = h;
  return base;
}

struct server::impl {
  detail::server_shared shared;
  strata::loops loops;
  std::vector<std::unique_ptr<loop_state>> states;
  std::uint16_t port = 0;
  bool listening = false;
  bool started = false;
  std::atomic<bool> stopping{false};
  std::atomic<unsigned> loops_done{0};
  std::mutex mutex;
  std::condition_variable stopped_cv;
  bool stopped = false;
  std::optional<asio::signal_set> signals;

  explicit impl(server_options o) : loops(o.threads, o.idle_spin) { shared.options = std::move(o); }

  void open_acceptors() {
    const auto& o = shared.options;
    auto address = asio::ip::make_address(o.host);
    for (unsigned i = 0; i < loops.size(); ++i) {
      auto st = std::make_unique<loop_state>(loops.at(i), shared);
      st->acceptor.emplace(loops.at(i));
      auto& a = *st->acceptor;
      tcp::endpoint ep(address, port);
      a.open(ep.protocol());
      a.set_option(tcp::acceptor::reuse_address(true));
      int one = 1;
      // One acceptor per loop on the same port: the kernel spreads connections across them.
      ::setsockopt(a.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
      a.bind(ep);
      a.listen(4096);
      if (port == 0) port = a.local_endpoint().port();
      shared.loops.push_back(st.get());
      states.push_back(std::move(st));
    }
  }

  void setup_tls() {
    const auto& t = shared.options.tls;
    if (t.cert_file.empty() && t.key_file.empty()) return;
    if (t.cert_file.empty() || t.key_file.empty()) throw std::invalid_argument("TLS needs both cert_file and key_file");
    auto& ctx = shared.tls.emplace(asio::ssl::context::tls_server);
    ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                    asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                    asio::ssl::context::single_dh_use);
    ctx.use_certificate_chain_file(t.cert_file);
    ctx.use_private_key_file(t.key_file, asio::ssl::context::pem);
  }

  static void update_date(loop_state& st) {
    auto now = std::chrono::system_clock::now();
    detail::format_http_date(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count(), st.date.data());
  }

  // Once a second: refresh Date, drop connections past their deadline.
  static task<void> tick(loop_state& st) {
    for (;;) {
      st.tick.expires_after(std::chrono::seconds(1));
      auto [ec] = co_await st.tick.async_wait(use_tuple);
      if (ec) co_return;
      ++st.now;
      update_date(st);
      st.for_each([&](detail::connection_base* c) {
        if (c->deadline && c->deadline <= st.now) c->abort();
      });
    }
  }

  static task<void> accept_loop(loop_state& st) {
    auto& shared = st.shared;
    for (;;) {
      auto [ec, sock] = co_await st.acceptor->async_accept(use_tuple);
      if (ec) {
        if (ec == asio::error::operation_aborted || !st.acceptor->is_open()) co_return;
        // Out of descriptors or memory: back off instead of spinning on the same error.
        asio::steady_timer pause(st.ctx, std::chrono::milliseconds(50));
        co_await pause.async_wait(use_tuple);
        continue;
      }
      if (shared.connections.load(std::memory_order_relaxed) >= shared.options.limits.max_connections || st.draining) {
        boost::system::error_code ignored;
        sock.close(ignored);
        continue;
      }
      sock.set_option(tcp::no_delay(true), ec);
      auto remote = sock.remote_endpoint(ec);
      std::string ip = ec ? std::string() : remote.address().to_string();
      loop_state& target = pick_loop(st);
      target.assigned.fetch_add(1, std::memory_order_relaxed);
      if (&target == &st) {
        start_connection(st, std::move(sock), std::move(ip));
        continue;
      }
      // Hand the descriptor over: the socket leaves this loop's reactor and joins the target's.
      auto protocol = remote.protocol();
      handed_fd fd{sock.release(ec)};
      if (ec) {
        target.assigned.fetch_sub(1, std::memory_order_relaxed);
        continue;  // release failed: the socket was no longer open
      }
      asio::post(target.ctx, [&target, protocol, fd = std::move(fd), ip = std::move(ip)]() mutable {
        tcp::socket s(target.ctx);
        boost::system::error_code e;
        if (!target.draining) s.assign(protocol, fd.fd, e);
        if (target.draining || e) {
          target.assigned.fetch_sub(1, std::memory_order_relaxed);
          return;  // fd closes the descriptor
        }
        fd.fd = -1;
        start_connection(target, std::move(s), std::move(ip));
      });
    }
  }

  // A descriptor in transit between loops; closed if it never arrives.
  struct handed_fd {
    int fd = -1;
    explicit handed_fd(int f) : fd(f) {}
    handed_fd(handed_fd&& o) noexcept : fd(std::exchange(o.fd, -1)) {}
    handed_fd& operator=(handed_fd&&) = delete;
    ~handed_fd() {
      if (fd >= 0) ::close(fd);
    }
  };

  // The loop a new connection accepted on `st` should go to: `st` itself unless it holds more than
  // one connection above the least loaded loop (a margin of one keeps hand-offs rare when
  // connections come and go).
  static loop_state& pick_loop(loop_state& st) {
    const auto& shared = st.shared;
    if (!shared.options.balance_connections || shared.loops.size() < 2) return st;
    loop_state* least = &st;
    std::size_t least_count = st.assigned.load(std::memory_order_relaxed);
    const std::size_t own = least_count;
    for (loop_state* l : shared.loops) {
      const std::size_t n = l->assigned.load(std::memory_order_relaxed);
      if (n < least_count) {
        least = l;
        least_count = n;
      }
    }
    return own > least_count + 1 ? *least : st;
  }

  static void start_connection(loop_state& st, tcp::socket sock, std::string ip) {
    if (st.shared.tls) {
      using stream = asio::ssl::stream<tcp::socket>;
      auto c = std::make_unique<connection<stream>>(st, stream(std::move(sock), *st.shared.tls), std::move(ip));
      asio::co_spawn(st.ctx, connection<stream>::serve(std::move(c)), asio::detached);
    } else {
      auto c = std::make_unique<connection<tcp::socket>>(st, std::move(sock), std::move(ip));
      asio::co_spawn(st.ctx, connection<tcp::socket>::serve(std::move(c)), asio::detached);
    }
  }

  // Graceful stop of one loop: no new connections, idle ones closed now, busy ones closed after
  // their current response, everything closed at the deadline.
  static task<void> drain(loop_state& st, std::chrono::steady_clock::time_point deadline) {
    st.draining = true;
    boost::system::error_code ec;
    if (st.acceptor) st.acceptor->close(ec);
    asio::steady_timer poll(st.ctx);
    for (;;) {
      st.for_each([](detail::connection_base* c) {
        if (c->idle) c->abort();
      });
      if (st.count == 0 || std::chrono::steady_clock::now() >= deadline) break;
      poll.expires_after(std::chrono::milliseconds(20));
      co_await poll.async_wait(use_tuple);
    }
    st.for_each([](detail::connection_base* c) { c->abort(); });
    st.tick.cancel();
    // Let the aborted connections' coroutines unwind before the loop stops.
    poll.expires_after(std::chrono::milliseconds(1));
    co_await poll.async_wait(use_tuple);
    st.ctx.stop();
  }

  void begin_stop() {
    if (stopping.exchange(true)) return;
    auto deadline = std::chrono::steady_clock::now() + shared.options.shutdown_timeout;
    if (signals) {
      asio::post(loops.at(0), [this] {
        boost::system::error_code e;
        if (signals) signals->cancel(e);
      });
    }
    for (auto& st : states) asio::co_spawn(st->ctx, drain(*st, deadline), asio::detached);
  }
};

server::server(server_options options)
    : scope(nullptr, nullptr), router_owner_(std::make_unique<http::router>()), impl_(std::make_unique<impl>(std::move(options))) {
  static_cast<scope&>(*this) = router_owner_->root();
  impl_->shared.router = router_owner_.get();
}

server::~server() {
  if (impl_->started) {
    stop();
    wait();
  }
}

void server::listen() {
  if (impl_->listening) return;
  impl_->port = impl_->shared.options.port;
  impl_->setup_tls();
  impl_->open_acceptors();
  impl_->listening = true;
}

std::uint16_t server::port() const { return impl_->port; }
const server_options& server::options() const { return impl_->shared.options; }
std::size_t server::connections() const { return impl_->shared.connections.load(); }
std::size_t server::loop_count() const { return impl_->loops.size(); }
boost::asio::io_context& server::loop(std::size_t index) { return impl_->loops.at(static_cast<unsigned>(index)); }

void server::start() {
  listen();
  router_owner_->freeze();
  impl_->started = true;
  for (auto& st : impl_->states) {
    impl::update_date(*st);
    asio::co_spawn(st->ctx, impl::tick(*st), asio::detached);
    asio::co_spawn(st->ctx, impl::accept_loop(*st), asio::detached);
  }
  std::thread([this] {
    impl_->loops.run(/*blocking=*/false);
    impl_->loops.join();
    std::lock_guard lock(impl_->mutex);
    impl_->stopped = true;
    impl_->stopped_cv.notify_all();
  }).detach();
}

void server::run() {
  listen();
  router_owner_->freeze();
  impl_->started = true;
  auto& signals = impl_->signals.emplace(impl_->loops.at(0), SIGINT, SIGTERM);
  signals.async_wait([this](const boost::system::error_code& ec, int) {
    if (!ec) impl_->begin_stop();
  });
  for (auto& st : impl_->states) {
    impl::update_date(*st);
    asio::co_spawn(st->ctx, impl::tick(*st), asio::detached);
    asio::co_spawn(st->ctx, impl::accept_loop(*st), asio::detached);
  }
  impl_->loops.run(/*blocking=*/true);
  impl_->loops.join();
  impl_->signals.reset();
  std::lock_guard lock(impl_->mutex);
  impl_->stopped = true;
  impl_->stopped_cv.notify_all();
}

void server::stop() { impl_->begin_stop(); }

void server::wait() {
  std::unique_lock lock(impl_->mutex);
  impl_->stopped_cv.wait(lock, [&] { return impl_->stopped; });
}

}  // namespace strata::http
