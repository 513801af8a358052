// Automatic pipelining: concurrent commands of one loop share one connection and go out in
// batches; each loop has connections of its own.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <latch>
#include <strata/core/loops.hpp>
#include <strata/redis/client.hpp>
#include <strata/redis/testing/support.hpp>

namespace strata::redis {
namespace {

using testing::key;
using testing::run_async;

TEST(pipelining, concurrent_incrs_on_one_loop_share_one_connection) {
  STRATA_REQUIRE_REDIS();
  constexpr int n = 1000;
  auto c = client::open(testing::redis_url());
  const auto k = key("counter");
  run_async([&]() -> task<void> { co_await c.del(k); });
  const auto before = c.stats();

  boost::asio::io_context io(1);
  int done = 0, failed = 0;
  std::vector<std::int64_t> seen;
  for (int i = 0; i < n; ++i)
    boost::asio::co_spawn(io, c.incr(k), [&](std::exception_ptr e, std::int64_t v) {
      if (++done == n) io.stop();
      if (e)
        ++failed;
      else
        seen.push_back(v);
    });
  io.run_for(std::chrono::seconds(30));
  ASSERT_EQ(done, n);
  EXPECT_EQ(failed, 0);
  // Replies are matched in order: the coroutines see 1..n, each once.
  std::sort(seen.begin(), seen.end());
  for (int i = 0; i < static_cast<int>(seen.size()); ++i) ASSERT_EQ(seen[i], i + 1);

  std::optional<std::string> total;
  run_async([&]() -> task<void> {
    total = co_await c.get(k);
    co_await c.del(k);
  });
  EXPECT_EQ(total, std::to_string(n));

  const auto after = c.stats();
  const auto commands = after.commands - before.commands;
  const auto writes = after.writes - before.writes;
  EXPECT_GE(commands, static_cast<std::uint64_t>(n));
  // All issued in one loop turn: one write carries them (the counter's setup and read add two).
  EXPECT_LE(writes, 4u) << commands << " commands in " << writes << " writes";
  // One connection for this io_context, besides the one each run_async context made.
  EXPECT_EQ(after.connects - before.connects, 2u);
}

TEST(pipelining, each_loop_has_its_own_connection) {
  STRATA_REQUIRE_REDIS();
  auto c = client::open(testing::redis_url());
  const auto k = key("per-loop");
  run_async([&]() -> task<void> { co_await c.del(k); });
  const auto before = c.stats();
  {
    strata::loops loops(2);
    std::atomic<int> finished{0};
    for (unsigned l = 0; l < loops.size(); ++l)
      boost::asio::co_spawn(
          loops.at(l),
          [&]() -> task<void> {
            for (int i = 0; i < 200; ++i) co_await c.incr(k);
          },
          [&](std::exception_ptr e) {
            EXPECT_FALSE(e);
            if (++finished == 2) loops.stop();
          });
    loops.run(true);
    loops.join();
    EXPECT_EQ(finished.load(), 2);
  }
  const auto after = c.stats();
  EXPECT_EQ(after.connects - before.connects, 2u);
  std::optional<std::string> total;
  run_async([&]() -> task<void> {
    total = co_await c.get(k);
    co_await c.del(k);
  });
  EXPECT_EQ(total, "400");
}

TEST(pipelining, more_connections_per_loop_share_the_load) {
  STRATA_REQUIRE_REDIS();
  auto c = client::open(testing::redis_url() + "?connections=2");
  const auto k = key("two");
  boost::asio::io_context io(1);
  int done = 0;
  for (int i = 0; i < 100; ++i)
    boost::asio::co_spawn(io, c.incr(k), [&](std::exception_ptr e, std::int64_t) {
      EXPECT_FALSE(e);
      if (++done == 100) io.stop();
    });
  io.run_for(std::chrono::seconds(30));
  EXPECT_EQ(done, 100);
  EXPECT_EQ(c.stats().connects, 2u);
  std::optional<std::string> total;
  run_async([&]() -> task<void> {
    total = co_await c.get(k);
    co_await c.del(k);
  });
  EXPECT_EQ(total, "100");
}

TEST(pipelining, large_values_cross_many_reads) {
  STRATA_REQUIRE_REDIS();
  run_async([&]() -> task<void> {
    auto c = client::open(testing::redis_url());
    std::string big(3 << 20, 'x');
    for (std::size_t i = 0; i < big.size(); i += 4093) big[i] = static_cast<char>('a' + i % 26);
    const auto k = key("big");
    co_await c.set(k, big);
    const auto back = co_await c.get(k);
    EXPECT_TRUE(back == big);
    co_await c.del(k);
  });
}

}  // namespace
}  // namespace strata::redis
