// Timeouts: a command past command_timeout fails (503) without breaking the order of the
// replies after it, and a server that accepts but never answers fails the connect in time.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <strata/redis/client.hpp>
#include <strata/redis/testing/support.hpp>

namespace strata::redis {
namespace {

using namespace std::chrono_literals;
using testing::run_async;

TEST(timeouts, a_slow_command_times_out_and_later_replies_stay_matched) {
  STRATA_REQUIRE_REDIS_SERVER_BINARY();
  testing::private_server server({"--enable-debug-command", "yes"});
  ASSERT_TRUE(server.start());
  auto o = options::from_url(server.url());
  o.command_timeout = 300ms;
  client c(o);
  run_async([&]() -> task<void> {
    co_await c.set("k", "v");
    const auto started = std::chrono::steady_clock::now();
    bool timed_out = false;
    try {
      co_await c.command("DEBUG", "SLEEP", "1");
    } catch (const error& e) {
      timed_out = e.kind() == error_kind::timeout;
      EXPECT_EQ(e.http_status(), 503);
    }
    EXPECT_TRUE(timed_out);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 900ms);
    // Once the server wakes, the late +OK of DEBUG SLEEP is dropped and this GET gets its own reply.
    co_await testing::sleep_for(1000ms);
    EXPECT_EQ(co_await c.get("k"), "v");
    EXPECT_EQ(c.stats().connects, 1u);
  });
}

TEST(timeouts, a_server_that_never_answers_fails_the_connect) {
  // A listener that accepts and then says nothing: HELLO gets no answer.
  boost::asio::io_context io(1);
  boost::asio::ip::tcp::acceptor silent(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  std::vector<boost::asio::ip::tcp::socket> held;
  std::function<void()> accept = [&] {
    silent.async_accept([&](boost::system::error_code ec, boost::asio::ip::tcp::socket s) {
      if (ec) return;
      held.push_back(std::move(s));
      accept();
    });
  };
  accept();
  auto o = options::from_url("redis://127.0.0.1:" + std::to_string(silent.local_endpoint().port()));
  o.connect_timeout = 300ms;
  client c(o);
  bool done = false;
  boost::asio::co_spawn(
      io,
      [&]() -> task<void> {
        const auto started = std::chrono::steady_clock::now();
        bool timed_out = false;
        try {
          co_await c.ping();
        } catch (const error& e) {
          timed_out = e.kind() == error_kind::timeout;
        }
        EXPECT_TRUE(timed_out);
        EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
        // Within the backoff, the next command fails at once instead of waiting again.
        bool refused = false;
        try {
          co_await c.ping();
        } catch (const error& e) {
          refused = e.kind() == error_kind::connection;
        }
        EXPECT_TRUE(refused);
        done = true;
        silent.close();
      },
      [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
      });
  io.run_for(10s);
  EXPECT_TRUE(done);
}

}  // namespace
}  // namespace strata::redis
