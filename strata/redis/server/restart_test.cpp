// A private redis-server killed and restarted mid-run: the command in flight fails with a
// connection error (503), commands fail at once while the server is down, the client reconnects
// by itself once it is back, and a subscriber subscribes again.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <strata/redis/client.hpp>
#include <strata/redis/testing/support.hpp>

namespace strata::redis {
namespace {

using namespace std::chrono_literals;
using testing::run_async;
using testing::sleep_for;

TEST(restart, commands_fail_cleanly_then_recover) {
  STRATA_REQUIRE_REDIS_SERVER_BINARY();
  testing::private_server server;
  ASSERT_TRUE(server.start());
  auto o = options::from_url(server.url());
  o.command_timeout = 20s;  // the blocked command below must fail by the loss, not a timeout
  o.reconnect_min = 50ms;
  o.reconnect_max = 200ms;
  client c(o);
  run_async([&]() -> task<void> {
    co_await c.set("k", "before");
    EXPECT_TRUE(co_await c.healthy());

    // A command in flight when the server dies.
    std::exception_ptr in_flight;
    bool finished = false;
    boost::asio::co_spawn(co_await boost::asio::this_coro::executor, c.command("BLPOP", "nothing", 15),
                          [&](std::exception_ptr e, reply) {
                            in_flight = e;
                            finished = true;
                          });
    co_await sleep_for(100ms);
    server.kill();
    for (int i = 0; i < 100 && !finished; ++i) co_await sleep_for(10ms);
    CO_ASSERT_TRUE_MSG(finished);
    CO_ASSERT_TRUE_MSG(in_flight != nullptr);
    try {
      std::rethrow_exception(in_flight);
    } catch (const error& e) {
      EXPECT_EQ(e.kind(), error_kind::connection) << e.what();
      EXPECT_EQ(e.http_status(), 503);
      EXPECT_NE(std::string(e.what()).find("lost"), std::string::npos) << e.what();
    }

    // While it is down: every command fails at once with a connection error, none hangs.
    for (int i = 0; i < 5; ++i) {
      const auto started = std::chrono::steady_clock::now();
      bool failed = false;
      try {
        co_await c.get("k");
      } catch (const error& e) {
        failed = e.kind() == error_kind::connection;
      }
      EXPECT_TRUE(failed);
      EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
      co_await sleep_for(30ms);
    }
    EXPECT_FALSE(co_await c.healthy());

    CO_ASSERT_TRUE_MSG(server.start());
    // Back: within the backoff (at most 200 ms here) a command reconnects.
    std::optional<std::string> value = "unset";
    bool recovered = false;
    for (int i = 0; i < 100 && !recovered; ++i) {
      try {
        value = co_await c.get("k");
        recovered = true;
      } catch (const error& e) {
        EXPECT_EQ(e.kind(), error_kind::connection) << e.what();
      }
      if (!recovered) co_await sleep_for(50ms);
    }
    EXPECT_TRUE(recovered);
    EXPECT_EQ(value, std::nullopt);  // a fresh server without persistence
    co_await c.set("k", "after");
    EXPECT_EQ(co_await c.get("k"), "after");
    EXPECT_TRUE(co_await c.healthy());
    EXPECT_GE(c.stats().connects, 2u);
  });
}

TEST(restart, subscriber_subscribes_again) {
  STRATA_REQUIRE_REDIS_SERVER_BINARY();
  testing::private_server server;
  ASSERT_TRUE(server.start());
  auto o = options::from_url(server.url());
  o.reconnect_min = 50ms;
  o.reconnect_max = 200ms;
  client c(o);
  run_async([&]() -> task<void> {
    auto sub = c.subscriber();
    co_await sub.subscribe("events");
    co_await sub.psubscribe("ev*");
    co_await c.publish("events", "one");
    auto m = co_await sub.next(2000ms);
    CO_ASSERT_TRUE_MSG(m.has_value());
    EXPECT_EQ(m->payload, "one");
    co_await sub.next(2000ms);  // the same message through the pattern

    server.kill();
    co_await sleep_for(100ms);
    CO_ASSERT_TRUE_MSG(server.start());
    // Publish until someone hears it: the subscriber is back once PUBLISH counts two receivers
    // (the channel and the pattern).
    std::int64_t receivers = 0;
    for (int i = 0; i < 100 && receivers < 2; ++i) {
      try {
        receivers = co_await c.publish("events", "two");
      } catch (const error&) {
      }
      if (receivers < 2) co_await sleep_for(50ms);
    }
    EXPECT_EQ(receivers, 2);
    std::optional<message> heard;
    do heard = co_await sub.next(2000ms);
    while (heard && heard->payload != "two");
    CO_ASSERT_TRUE_MSG(heard.has_value());
    EXPECT_EQ(heard->channel, "events");
    EXPECT_GE(sub.connects(), 2u);
  });
}

}  // namespace
}  // namespace strata::redis
