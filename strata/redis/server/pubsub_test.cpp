// Pub/sub: channels and patterns, messages read as a stream, unsubscribing, over RESP3 (push
// messages) and RESP2 (arrays).
#include <gtest/gtest.h>

#include <strata/redis/client.hpp>
#include <strata/redis/testing/support.hpp>

namespace strata::redis {
namespace {

using namespace std::chrono_literals;
using testing::key;
using testing::run_async;

class pubsub : public ::testing::TestWithParam<int> {};

TEST_P(pubsub, channels_patterns_and_unsubscribe) {
  STRATA_REQUIRE_REDIS();
  run_async([&]() -> task<void> {
    auto o = options::from_url(testing::redis_url());
    o.protocol = GetParam();
    client c(o);
    auto sub = c.subscriber();
    const auto news = key("news"), pattern = key("user.*"), alice = key("user.alice");
    co_await sub.subscribe(news);
    co_await sub.psubscribe(pattern);
    EXPECT_EQ(co_await c.publish(news, "hello"), 1);
    EXPECT_EQ(co_await c.publish(alice, "signed in"), 1);
    const std::string binary("a\0\r\nb", 5);
    co_await c.publish(news, binary);

    auto m1 = co_await sub.next(5000ms);
    CO_ASSERT_TRUE_MSG(m1.has_value());
    EXPECT_EQ(m1->channel, news);
    EXPECT_EQ(m1->payload, "hello");
    EXPECT_EQ(m1->pattern, "");
    auto m2 = co_await sub.next(5000ms);
    CO_ASSERT_TRUE_MSG(m2.has_value());
    EXPECT_EQ(m2->channel, alice);
    EXPECT_EQ(m2->pattern, pattern);
    EXPECT_EQ(m2->payload, "signed in");
    auto m3 = co_await sub.next(5000ms);
    CO_ASSERT_TRUE_MSG(m3.has_value());
    EXPECT_EQ(m3->payload, binary);

    co_await sub.unsubscribe(news);
    EXPECT_EQ(co_await c.publish(news, "unheard"), 0);
    EXPECT_EQ(co_await sub.next(200ms), std::nullopt);
    EXPECT_EQ(sub.connects(), 1u);
    sub.close();
    EXPECT_EQ(co_await sub.next(), std::nullopt);
  });
}

TEST_P(pubsub, many_messages_arrive_in_order) {
  STRATA_REQUIRE_REDIS();
  run_async([&]() -> task<void> {
    auto o = options::from_url(testing::redis_url());
    o.protocol = GetParam();
    client c(o);
    auto sub = c.subscriber();
    sub.max_queued = 50;  // the reader waits for next() instead of queueing everything
    const auto ch = key("stream");
    co_await sub.subscribe(ch);
    constexpr int n = 500;
    for (int i = 0; i < n; ++i) co_await c.publish(ch, std::to_string(i));
    for (int i = 0; i < n; ++i) {
      auto m = co_await sub.next(5000ms);
      CO_ASSERT_TRUE_MSG(m.has_value());
      EXPECT_EQ(m->payload, std::to_string(i));
    }
  });
}

INSTANTIATE_TEST_SUITE_P(protocols, pubsub, ::testing::Values(3, 2),
                         [](const auto& info) { return "resp" + std::to_string(info.param); });

}  // namespace
}  // namespace strata::redis
