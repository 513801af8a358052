// LISTEN/NOTIFY: delivery with channel, payload and sender pid, odd channel names, and the
// listener coming back by itself after its session is killed.
#include <unistd.h>

#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <strata/sql/postgres/listener.hpp>
#include <strata/sql/postgres/testing/support.hpp>

namespace strata::sql::postgres {
namespace {

namespace asio = boost::asio;
using namespace testing;

std::string unique_channel(std::string_view base) {
  return std::string(base) + "_" + std::to_string(::getpid());
}

TEST(postgres_listener, delivers_notifications_in_order) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    std::string orders = unique_channel("orders"), odd = unique_channel("Odd \"Channel\"; --");
    std::vector<std::string> channels{orders};
    auto l = co_await listener::open(database_url(), channels);
    co_await l.listen(odd);
    auto c = co_await connect();
    co_await query(*c, "SELECT pg_notify($1, $2)", orders, "first");
    co_await query(*c, "SELECT pg_notify($1, $2)", odd, "second 'with' quotes");
    co_await query(*c, "NOTIFY " + orders);  // no payload
    auto a = co_await l.next();
    EXPECT_EQ(a.channel, orders);
    EXPECT_EQ(a.payload, "first");
    EXPECT_EQ(a.pid, c->backend_pid());
    auto b = co_await l.next();
    EXPECT_EQ(b.channel, odd);
    EXPECT_EQ(b.payload, "second 'with' quotes");
    auto d = co_await l.next();
    EXPECT_EQ(d.channel, orders);
    EXPECT_EQ(d.payload, "");
    // A batch's notifications are sent when its implicit transaction commits.
    std::vector<statement> batch{stmt("SELECT pg_notify($1, '1')", orders), stmt("SELECT pg_notify($1, '2')", orders)};
    co_await c->run(batch);
    EXPECT_EQ((co_await l.next()).payload, "1");
    EXPECT_EQ((co_await l.next()).payload, "2");
    co_await l.unlisten(odd);
    co_await query(*c, "SELECT pg_notify($1, 'ignored')", odd);
    co_await query(*c, "SELECT pg_notify($1, 'after')", orders);
    EXPECT_EQ((co_await l.next()).payload, "after");
    EXPECT_EQ(l.reconnects(), 0u);
  });
}

TEST(postgres_listener, reconnects_and_listens_again_after_a_kill) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    std::string channel = unique_channel("events");
    pool_options o;
    o.reconnect_min = std::chrono::milliseconds(20);
    std::vector<std::string> channels{channel};
    auto l = co_await listener::open(database_url(), channels, o);
    auto c = co_await connect();
    int old_pid = l.backend_pid();
    EXPECT_NE(old_pid, 0);
    EXPECT_EQ(text(co_await query(*c, "SELECT pg_terminate_backend($1)", old_pid)), "t");

    // Notify until the listener, back on a new session, hears one.
    auto ex = co_await asio::this_coro::executor;
    bool heard = false;
    asio::co_spawn(
        ex,
        [&]() -> task<void> {
          asio::steady_timer t(ex);
          for (int i = 0; i < 200 && !heard; ++i) {
            co_await query(*c, "SELECT pg_notify($1, 'back')", channel);
            t.expires_after(std::chrono::milliseconds(25));
            co_await t.async_wait(asio::use_awaitable);
          }
        },
        asio::detached);
    auto n = co_await l.next();
    heard = true;
    EXPECT_EQ(n.payload, "back");
    EXPECT_EQ(l.reconnects(), 1u);
    EXPECT_NE(l.backend_pid(), old_pid);
    // Let the notifier see `heard` and stop before c goes away.
    asio::steady_timer t(ex, std::chrono::milliseconds(100));
    co_await t.async_wait(asio::use_awaitable);
  });
}

TEST(postgres_listener, open_fails_on_an_unreachable_server) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    try {
      std::vector<std::string> channels{"x"};
      co_await listener::open("postgres://u@127.0.0.1:1/db", channels);
      ADD_FAILURE() << "opened";
    } catch (const sql::error& e) {
      EXPECT_EQ(e.sqlstate(), sqlstate::connection_failure);
    }
  });
}

}  // namespace
}  // namespace strata::sql::postgres
