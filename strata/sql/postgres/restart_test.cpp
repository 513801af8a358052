// A PostgreSQL "restart" as clients see it: every connection cut, new ones refused for a while,
// then accepted again. A TCP relay in front of the real server plays the restart; requests fail
// cleanly (08xxx, no hang) while it is down and the pool recovers by itself once it is back.
#include <strata/sql/database.hpp>
#include <strata/sql/postgres/testing/support.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <future>
#include <list>
#include <memory>
#include <optional>
#include <thread>

namespace strata::sql::postgres {
namespace {

using namespace testing;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Relays 127.0.0.1:port() to the server; down() cuts every connection and stops listening.
class relay {
public:
  relay(std::string host, std::uint16_t target) : target_(tcp::endpoint(asio::ip::make_address(host), target)) {
    tcp::acceptor probe(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port_ = probe.local_endpoint().port();
    probe.close();
    up();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~relay() {
    asio::post(io_, [this] { cut(); work_.reset(); });
    thread_.join();
  }
  std::uint16_t port() const { return port_; }
  void up() {
    run_on_io([this] {
      acceptor_ = std::make_unique<tcp::acceptor>(io_);
      tcp::endpoint at(asio::ip::make_address("127.0.0.1"), port_);
      acceptor_->open(at.protocol());
      acceptor_->set_option(tcp::acceptor::reuse_address(true));
      acceptor_->bind(at);
      acceptor_->listen();
      asio::co_spawn(io_, accept(acceptor_.get()), asio::detached);
    });
  }
  void down() { run_on_io([this] { cut(); }); }

private:
  template <class F>
  void run_on_io(F f) {
    if (!thread_.joinable()) return f();
    std::promise<void> done;
    asio::post(io_, [&] {
      f();
      done.set_value();
    });
    done.get_future().wait();
  }
  void cut() {
    if (acceptor_) acceptor_->close();
    acceptor_.reset();
    for (auto& s : sockets_) {
      boost::system::error_code ec;
      s->close(ec);
    }
    sockets_.clear();
  }
  task<void> accept(tcp::acceptor* a) {
    for (;;) {
      auto [ec, client] = co_await a->async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      auto c = std::make_shared<tcp::socket>(std::move(client));
      auto s = std::make_shared<tcp::socket>(io_);
      auto [cec] = co_await s->async_connect(target_, asio::as_tuple(asio::use_awaitable));
      if (cec) continue;
      sockets_.push_back(c);
      sockets_.push_back(s);
      asio::co_spawn(io_, pump(c, s), asio::detached);
      asio::co_spawn(io_, pump(s, c), asio::detached);
    }
  }
  static task<void> pump(std::shared_ptr<tcp::socket> from, std::shared_ptr<tcp::socket> to) {
    char buf[16384];
    for (;;) {
      auto [ec, n] = co_await from->async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
      if (ec) break;
      auto [wec, w] = co_await asio::async_write(*to, asio::buffer(buf, n), asio::as_tuple(asio::use_awaitable));
      if (wec) break;
    }
    boost::system::error_code ignored;
    from->close(ignored);
    to->close(ignored);
  }

  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_{io_.get_executor()};
  tcp::endpoint target_;
  std::uint16_t port_ = 0;
  std::unique_ptr<tcp::acceptor> acceptor_;
  std::list<std::shared_ptr<tcp::socket>> sockets_;
  std::thread thread_;
};

TEST(postgres_restart, requests_fail_cleanly_while_down_and_the_pool_recovers) {
  STRATA_REQUIRE_DATABASE();
  const std::string text = database_url();  // the parsed view points into it
  auto url = boost::urls::parse_uri(text);
  ASSERT_TRUE(url) << "DATABASE_URL is not a URL";
  relay r(std::string(url->host()), static_cast<std::uint16_t>(url->port_number()));
  boost::urls::url via(*url);
  via.set_host("127.0.0.1");
  via.set_port_number(r.port());

  pool_options o;
  o.max_connections = 2;
  o.connect_timeout = std::chrono::milliseconds(500);
  o.acquire_timeout = std::chrono::milliseconds(500);
  o.reconnect_min = std::chrono::milliseconds(20);
  o.reconnect_max = std::chrono::milliseconds(200);
  auto db = database::open(via.buffer(), o);

  run_async([&]() -> task<void> {
    auto ex = co_await asio::this_coro::executor;
    auto one = [&]() -> task<std::int64_t> {
      auto r = co_await db.query("SELECT $1::bigint", 7);
      co_return r.scalar<std::int64_t>();
    };
    EXPECT_EQ(co_await one(), 7);

    r.down();  // the server "stops": the pooled connections are cut, new ones refused
    int clean_failures = 0;
    for (int i = 0; i < 5; ++i) {
      const auto start = std::chrono::steady_clock::now();
      try {
        co_await one();
      } catch (const error& e) {
        if (e.is_connection_error()) ++clean_failures;
        else ADD_FAILURE() << "unexpected SQLSTATE " << e.sqlstate() << ": " << e.what();
      }
      EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2)) << "a request hung while down";
    }
    EXPECT_EQ(clean_failures, 5);

    r.up();  // back: the pool reconnects on its own, after its backoff
    bool recovered = false;
    asio::steady_timer t(ex);
    for (int i = 0; i < 60 && !recovered; ++i) {
      try {
        recovered = co_await one() == 7;
      } catch (const error&) {
      }
      if (!recovered) {
        t.expires_after(std::chrono::milliseconds(50));
        co_await t.async_wait(asio::use_awaitable);
      }
    }
    EXPECT_TRUE(recovered) << "no successful query within 3 s of the server coming back";
  });
}

}  // namespace
}  // namespace strata::sql::postgres
