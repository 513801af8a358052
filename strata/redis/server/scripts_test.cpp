// Lua scripts run by EVALSHA, falling back to EVAL when the server answers NOSCRIPT: on a server
// that never saw the script, and after SCRIPT FLUSH (on a private server: flushing the shared
// one would disturb other suites).
#include <gtest/gtest.h>

#include <random>
#include <strata/redis/client.hpp>
#include <strata/redis/testing/support.hpp>

namespace strata::redis {
namespace {

using testing::key;
using testing::run_async;

TEST(scripts, noscript_falls_back_to_eval_then_evalsha_hits) {
  STRATA_REQUIRE_REDIS();
  // A script text of its own per run, so the shared server has never seen it.
  const script counter("-- " + std::to_string(std::random_device{}()) + std::to_string(::getpid()) + R"lua(
local n = redis.call('INCRBY', KEYS[1], ARGV[1])
return {n, ARGV[2]})lua");
  run_async([&]() -> task<void> {
    auto c = client::open(testing::redis_url());
    const auto k = key("n");
    co_await c.del(k);
    const reply exists_before = co_await c.command("SCRIPT", "EXISTS", counter.sha1());
    EXPECT_EQ(exists_before[0].as_integer(), 0);
    const reply first = co_await c.eval(counter, redis::keys(k), 5, "tag");
    EXPECT_EQ(first[0].as_integer(), 5);
    EXPECT_EQ(first[1].as_string(), "tag");
    // EVAL cached it on the server: the next call goes by SHA1 alone.
    const reply exists_after = co_await c.command("SCRIPT", "EXISTS", counter.sha1());
    EXPECT_EQ(exists_after[0].as_integer(), 1);
    std::vector<std::string> ks{k}, args{"2", "again"};
    const reply second = co_await c.eval(counter, ks, args);
    EXPECT_EQ(second[0].as_integer(), 7);
    co_await c.del(k);
  });
}

TEST(scripts, script_errors_are_server_errors) {
  STRATA_REQUIRE_REDIS();
  const script broken("return redis.call('NOPE')");
  run_async([&]() -> task<void> {
    auto c = client::open(testing::redis_url());
    bool thrown = false;
    try {
      co_await c.eval(broken, redis::keys());
    } catch (const error& e) {
      thrown = true;
      EXPECT_EQ(e.kind(), error_kind::server);
      EXPECT_NE(std::string(e.what()).find("Unknown Redis command"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(thrown);
  });
}

TEST(scripts, survive_script_flush) {
  STRATA_REQUIRE_REDIS_SERVER_BINARY();
  testing::private_server server;
  ASSERT_TRUE(server.start());
  const script hello("return 'hi ' .. ARGV[1]");
  run_async([&]() -> task<void> {
    auto c = client::open(server.url());
    co_await c.load(hello);
    EXPECT_EQ((co_await c.eval(hello, redis::keys(), "a")).as_string(), "hi a");
    co_await c.command("SCRIPT", "FLUSH");
    EXPECT_EQ((co_await c.eval(hello, redis::keys(), "b")).as_string(), "hi b");
    const reply info = co_await c.command("INFO", "stats");
    EXPECT_NE(info.as_string().find("total_error_replies:1"), std::string::npos)
        << "exactly one NOSCRIPT was answered: " << info.as_string();
  });
}

}  // namespace
}  // namespace strata::redis
