// The typed API against the shared Redis server: each call's answer, over RESP3 and RESP2.
#include <gtest/gtest.h>

#include <strata/redis/client.hpp>
#include <strata/redis/testing/support.hpp>

namespace strata::redis {
namespace {

using namespace std::chrono_literals;
using testing::key;
using testing::run_async;

class typed_api : public ::testing::TestWithParam<int> {
 protected:
  client make() {
    auto o = options::from_url(testing::redis_url());
    o.protocol = GetParam();
    return client(o);
  }
};

TEST_P(typed_api, strings_and_keys) {
  STRATA_REQUIRE_REDIS();
  run_async([&]() -> task<void> {
    auto c = make();
    const auto k = key("s");
    co_await c.del(k);
    EXPECT_EQ(co_await c.get(k), std::nullopt);
    EXPECT_TRUE(co_await c.set(k, "v1"));
    EXPECT_EQ(co_await c.get(k), "v1");
    // Options named first: GCC 12 mishandles braced temporaries inside co_await.
    const set_options nx{.condition = set_options::if_not_exists};
    const set_options xx_ttl{.ttl = 60s, .condition = set_options::if_exists};
    const set_options xx{.condition = set_options::if_exists};
    EXPECT_FALSE(co_await c.set(k, "v2", nx));
    EXPECT_EQ(co_await c.get(k), "v1");
    EXPECT_TRUE(co_await c.set(k, "v3", xx_ttl));
    EXPECT_EQ(co_await c.get(k), "v3");
    const auto ttl = co_await c.ttl(k);
    EXPECT_GT(ttl, 50);
    EXPECT_LE(ttl, 60);
    EXPECT_FALSE(co_await c.set(key("absent"), "x", xx));
    EXPECT_EQ(co_await c.exists(k), 1);
    EXPECT_TRUE(co_await c.expire(k, 100s));
    EXPECT_GT(co_await c.pttl(k), 90'000);
    EXPECT_EQ(co_await c.del(k), 1);
    EXPECT_EQ(co_await c.exists(k), 0);
    EXPECT_EQ(co_await c.ttl(k), -2);

    const auto n = key("n");
    co_await c.del(n);
    EXPECT_EQ(co_await c.incr(n), 1);
    EXPECT_EQ(co_await c.incrby(n, 41), 42);
    EXPECT_EQ(co_await c.decr(n), 41);
    co_await c.set(key("a"), "A");
    std::vector<std::string> names{key("a"), key("missing")};
    const auto values = co_await c.mget(names);
    CO_ASSERT_EQ(values.size(), 2u);
    EXPECT_EQ(values[0], "A");
    EXPECT_EQ(values[1], std::nullopt);
    std::vector<std::string> doomed{n, key("a")};
    EXPECT_EQ(co_await c.del(doomed), 2);
    // Binary-safe values.
    const std::string binary("a\0b\r\n", 5);
    co_await c.set(k, binary);
    EXPECT_EQ(co_await c.get(k), binary);
    co_await c.del(k);
  });
}

TEST_P(typed_api, hashes_lists_sets_sorted_sets) {
  STRATA_REQUIRE_REDIS();
  run_async([&]() -> task<void> {
    auto c = make();
    const auto h = key("h"), l = key("l"), s = key("set"), z = key("z");
    std::vector<std::string> all{h, l, s, z};
    co_await c.del(all);

    EXPECT_EQ(co_await c.hset(h, "a", "1"), 1);
    std::vector<std::pair<std::string, std::string>> fields{{"b", "2"}, {"c", "3"}};
    EXPECT_EQ(co_await c.hset(h, fields), 2);
    EXPECT_EQ(co_await c.hget(h, "b"), "2");
    EXPECT_EQ(co_await c.hget(h, "zz"), std::nullopt);
    EXPECT_EQ(co_await c.hincrby(h, "a", 9), 10);
    auto all_fields = co_await c.hgetall(h);
    EXPECT_EQ(all_fields.size(), 3u);
    EXPECT_EQ(all_fields["a"], "10");
    EXPECT_EQ(all_fields["c"], "3");
    EXPECT_EQ(co_await c.hdel(h, "a"), 1);

    co_await c.rpush(l, "x");
    co_await c.rpush(l, "y");
    EXPECT_EQ(co_await c.lpush(l, "w"), 3);
    const std::vector<std::string> wxy{"w", "x", "y"}, m12{"m1", "m2"}, zs{"low", "a", "b"};
    EXPECT_EQ(co_await c.lrange(l, 0, -1), wxy);
    EXPECT_EQ(co_await c.llen(l), 3);
    EXPECT_EQ(co_await c.rpop(l), "y");
    EXPECT_EQ(co_await c.lpop(l), "w");

    EXPECT_EQ(co_await c.sadd(s, "m1"), 1);
    EXPECT_EQ(co_await c.sadd(s, "m1"), 0);
    co_await c.sadd(s, "m2");
    EXPECT_TRUE(co_await c.sismember(s, "m2"));
    EXPECT_FALSE(co_await c.sismember(s, "m3"));
    auto members = co_await c.smembers(s);
    std::sort(members.begin(), members.end());
    EXPECT_EQ(members, m12);
    EXPECT_EQ(co_await c.srem(s, "m1"), 1);

    EXPECT_EQ(co_await c.zadd(z, 2.5, "b"), 1);
    co_await c.zadd(z, 1, "a");
    co_await c.zadd(z, -1.0 / 0.0, "low");
    EXPECT_EQ(co_await c.zrange(z, 0, -1), zs);
    const auto scored = co_await c.zrange_with_scores(z, 1, -1);
    CO_ASSERT_EQ(scored.size(), 2u);
    EXPECT_EQ(scored[1].first, "b");
    EXPECT_DOUBLE_EQ(scored[1].second, 2.5);
    EXPECT_DOUBLE_EQ(*co_await c.zscore(z, "a"), 1.0);
    EXPECT_EQ(co_await c.zscore(z, "none"), std::nullopt);
    EXPECT_EQ(co_await c.zcard(z), 3);
    EXPECT_EQ(co_await c.zrem(z, "low"), 1);
    co_await c.del(all);
  });
}

TEST_P(typed_api, generic_commands_and_error_replies) {
  STRATA_REQUIRE_REDIS();
  run_async([&]() -> task<void> {
    auto c = make();
    const auto k = key("g");
    co_await c.command("SET", k, 5);
    const reply r = co_await c.command("INCRBY", k, 10);
    EXPECT_EQ(r.integer(), 15);
    // A server error reply is thrown with the server's text and kind server...
    bool thrown = false;
    try {
      co_await c.command("LPUSH", k, "x");
    } catch (const error& e) {
      thrown = true;
      EXPECT_EQ(e.kind(), error_kind::server);
      EXPECT_EQ(e.code(), "WRONGTYPE");
      EXPECT_EQ(e.http_status(), 500);
    }
    EXPECT_TRUE(thrown);
    // ...or handed back as a reply by execute(); the connection goes on either way.
    const reply raw = co_await c.execute(command_args("NOSUCHCOMMAND"));
    EXPECT_TRUE(raw.is_error());
    EXPECT_TRUE(raw.str().starts_with("ERR unknown command")) << raw.str();
    std::vector<command_args> batch;
    batch.emplace_back("GET", k);
    batch.emplace_back("HGET", k, "f");
    batch.emplace_back("DEL", k);
    const auto replies = co_await c.pipeline(std::move(batch));
    CO_ASSERT_EQ(replies.size(), 3u);
    EXPECT_EQ(replies[0].str(), "15");
    EXPECT_TRUE(replies[1].is_error());
    EXPECT_EQ(replies[2].integer(), 1);
    co_await c.ping();
    EXPECT_TRUE(co_await c.healthy());
  });
}

INSTANTIATE_TEST_SUITE_P(protocols, typed_api, ::testing::Values(3, 2),
                         [](const auto& info) { return "resp" + std::to_string(info.param); });

TEST(client, a_handle_that_is_not_open_says_so) {
  client c;
  EXPECT_FALSE(c);
  EXPECT_THROW((void)c.get("k"), error);
}

}  // namespace
}  // namespace strata::redis
