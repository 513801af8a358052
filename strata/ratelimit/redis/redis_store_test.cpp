// The Redis store against the memory store: the same random workloads through both give the same
// decisions, refunds included, so the Lua scripts and algorithm.cpp do the same arithmetic. Also
// keys expiring with their state, and several limits as one atomic step.
#include <strata/ratelimit/memory_store.hpp>
#include <strata/ratelimit/redis/redis_testing.hpp>
#include <strata/ratelimit/redis_store.hpp>

#include <gtest/gtest.h>

#include <random>

namespace strata::ratelimit {
namespace {

using namespace std::chrono_literals;
using testing::run;

std::string unique_prefix(const char* test) {
  std::random_device rd;
  return "strata-test:ratelimit:" + std::string(test) + ":" + std::to_string(::getpid()) + ":" + std::to_string(rd()) +
         ":";
}

// Deletes what a test wrote (some of its windows last a day), so the shared server keeps nothing.
task<void> drop_keys(redis::client& client, const std::string& prefix) {
  std::string cursor = "0";
  do {
    auto r = co_await client.command("SCAN", cursor, "MATCH", prefix + "*", "COUNT", 1000);
    cursor = r[0].as_string();
    auto keys = r[1].as_strings();
    if (!keys.empty()) co_await client.del(std::move(keys));
  } while (cursor != "0");
}

bool same(const decision& a, const decision& b) {
  return a.allowed == b.allowed && a.limit == b.limit && a.remaining == b.remaining && a.reset_ms == b.reset_ms &&
         a.retry_ms == b.retry_ms;
}

std::string show(const decision& d) {
  return std::string(d.allowed ? "allowed" : "refused") + " limit=" + std::to_string(d.limit) +
         " remaining=" + std::to_string(d.remaining) + " reset=" + std::to_string(d.reset_ms) +
         " retry=" + std::to_string(d.retry_ms);
}

TEST(redis_store, decides_exactly_as_the_memory_store) {
  STRATA_NEED_REDIS();
  auto client = redis::client::open(*redis_url_);
  const auto prefix = unique_prefix("same");
  redis_store rs(client, {.prefix = prefix});
  memory_store ms;
  std::mt19937_64 rng(424242);
  int compared = 0, refused = 0;
  run([&]() -> task<void> {
    for (auto a : {algorithm::fixed_window, algorithm::sliding_window, algorithm::token_bucket}) {
      for (int round = 0; round < 12; ++round) {
        // Unix-time-sized clocks, odd windows and limits, so floor divisions and fractions of a
        // token are exercised where doubles would round.
        const limit l1{std::int64_t(1 + rng() % 30), std::chrono::milliseconds(1 + rng() % 7000), a};
        const limit l2{std::int64_t(1 + rng() % 300), std::chrono::milliseconds(1000 + rng() % 90'000'000), a};
        std::int64_t now = 1'700'000'000'000 + std::int64_t(rng() % 1'000'000'000);
        // Keys per algorithm and round, as the middleware names them: a state is only ever read
        // under the limit that wrote it.
        const std::string who = describe(l1) + ":" + std::to_string(round);
        std::vector<check> checks{{who + ":1", l1, 1}, {who + ":2", l2, 1}};
        for (int step = 0; step < 60; ++step) {
          now += std::int64_t(rng() % (l1.window.count() / 3 + 2));
          const std::int64_t cost = std::int64_t(rng() % 4);
          for (auto& c : checks) c.cost = cost;
          if (rng() % 8 == 0) {
            co_await rs.refund(checks, now);
            ms.refund_now(checks, now);
            continue;
          }
          auto from_redis = co_await rs.consume(checks, now);
          auto from_memory = ms.consume_now(checks, now);
          for (std::size_t i = 0; i < checks.size(); ++i) {
            EXPECT_TRUE(same(from_redis[i], from_memory[i]))
                << describe(checks[i].limit) << " at " << now << " cost " << cost << ": redis " << show(from_redis[i])
                << ", memory " << show(from_memory[i]);
            ++compared;
            refused += !from_memory[i].allowed;
          }
        }
      }
    }
    co_await drop_keys(client, prefix);
  }());
  EXPECT_GT(compared, 2000);
  EXPECT_GT(refused, 100);  // the workloads reached the limits, not only the easy path
}

TEST(redis_store, several_limits_are_all_or_nothing) {
  STRATA_NEED_REDIS();
  auto client = redis::client::open(*redis_url_);
  const auto prefix = unique_prefix("multi");
  redis_store rs(client, {.prefix = prefix});
  run([&]() -> task<void> {
    std::vector<check> checks{{"s", {3, 1000ms}, 1}, {"m", {5, 60'000ms}, 1}};
    const std::int64_t t0 = 1'800'000'000'000;  // a minute boundary
    int admitted = 0;
    for (int i = 0; i < 10; ++i) {
      auto ds = co_await rs.consume(checks, t0 + 10);
      admitted += ds[0].allowed && ds[1].allowed;
    }
    EXPECT_EQ(admitted, 3);
    for (int i = 0; i < 10; ++i) {
      auto ds = co_await rs.consume(checks, t0 + 1010);
      admitted += ds[0].allowed && ds[1].allowed;
    }
    EXPECT_EQ(admitted, 5);  // the minute's 5; the refusals before did not use it up
    auto s = co_await rs.read("m");
    EXPECT_EQ(s.b, 5);
    co_await drop_keys(client, prefix);
  }());
}

TEST(redis_store, keys_expire_with_their_state) {
  STRATA_NEED_REDIS();
  auto client = redis::client::open(*redis_url_);
  const auto prefix = unique_prefix("ttl");
  redis_store rs(client, {.prefix = prefix, .expiry_slack = std::chrono::milliseconds(0)});
  run([&]() -> task<void> {
    const std::int64_t now = 1'800'000'000'250;
    std::vector<check> fixed{{"f", {10, 2000ms, algorithm::fixed_window}, 1}};
    std::vector<check> sliding{{"s", {10, 2000ms, algorithm::sliding_window}, 1}};
    std::vector<check> bucket{{"b", {10, 2000ms, algorithm::token_bucket}, 3}};
    co_await rs.consume(fixed, now);
    co_await rs.consume(sliding, now);
    co_await rs.consume(bucket, now);
    // Fixed: the window [..000, ..2000) ends in 1750 ms; sliding: a window later; bucket: 3 tokens
    // of 200 ms each refill in 600 ms.
    auto f = co_await client.pttl(prefix + "f");
    auto s = co_await client.pttl(prefix + "s");
    auto b = co_await client.pttl(prefix + "b");
    EXPECT_GT(f, 1500);
    EXPECT_LE(f, 1750);
    EXPECT_GT(s, 3500);
    EXPECT_LE(s, 3750);
    EXPECT_GT(b, 400);
    EXPECT_LE(b, 600);
    // A refused first request leaves no key behind.
    std::vector<check> too_big{{"big", {2, 1000ms}, 5}};
    auto d = co_await rs.consume(too_big, now);
    EXPECT_FALSE(d[0].allowed);
    EXPECT_EQ(co_await client.exists(prefix + "big"), 0);
    co_await drop_keys(client, prefix);
  }());
}

}  // namespace
}  // namespace strata::ratelimit
