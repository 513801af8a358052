// The Redis session store (REDIS_URL): the shared store checks under a prefix of this process's
// own, then what it leaves in Redis: a TTL on every session, a per-user set kept no longer than
// its sessions, nothing of a user after logging out everywhere.
#include <strata/auth/redis_session_store.hpp>
#include <strata/auth/testing/session_harness.hpp>
#include <strata/redis/testing/support.hpp>

#include <gtest/gtest.h>

#include <algorithm>

#include <unistd.h>

namespace strata::auth {
namespace {

using namespace testing;

std::string test_prefix() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return "strata-test:" + std::to_string(::getpid()) + ":" + info->name() + ":";
}

TEST(SessionRedis, store_passes_the_store_checks) {
  STRATA_REQUIRE_REDIS();
  auto client = redis::client::open(redis::testing::redis_url());
  const auto prefix = test_prefix();
  check_store([&](auto) {
    return std::make_shared<redis_session_store>(client, redis_session_store_options{.prefix = prefix});
  });
}

TEST(SessionRedis, sessions_expire_in_redis_and_the_user_index_follows) {
  STRATA_REQUIRE_REDIS();
  auto client = redis::client::open(redis::testing::redis_url());
  const auto prefix = test_prefix();
  auto store = std::make_shared<redis_session_store>(client, redis_session_store_options{.prefix = prefix});
  session_service app({.store = store, .idle_timeout = 10min});
  auto a = app.client(), b = app.client();
  a.post("/login", "alice");
  b.post("/login", "alice");
  redis::testing::run_async([&]() -> task<void> {
    auto members = co_await client.smembers(prefix + "u:alice");
    EXPECT_EQ(members.size(), 2u);
    for (const auto& m : members) {
      auto ttl = co_await client.pttl(prefix + "s:" + m);
      EXPECT_GT(ttl, 9 * 60 * 1000);
      EXPECT_LE(ttl, 10 * 60 * 1000);
    }
    auto set_ttl = co_await client.pttl(prefix + "u:alice");
    EXPECT_GT(set_ttl, 9 * 60 * 1000);
    EXPECT_EQ(co_await logout_everywhere(*store, "alice"), 2u);
    EXPECT_EQ(co_await client.exists(prefix + "u:alice"), 0);
    for (const auto& m : members) EXPECT_EQ(co_await client.exists(prefix + "s:" + m), 0);
  });
  EXPECT_EQ(a.get("/me").status, 401);
  EXPECT_EQ(b.get("/me").status, 401);
}

TEST(SessionRedis, the_user_index_drops_sessions_that_expired) {
  STRATA_REQUIRE_REDIS();
  auto client = redis::client::open(redis::testing::redis_url());
  const auto prefix = test_prefix();
  redis_session_store store(client, {.prefix = prefix});
  redis::testing::run_async([&]() -> task<void> {
    stored_session s{.data = "{}", .user_id = "u", .expires_ms = 0};
    for (int i = 0; i < 100; ++i) {
      co_await store.save("gone" + std::to_string(i), s, std::chrono::milliseconds(1));
      if (i % 10 == 9) co_await redis::testing::sleep_for(std::chrono::milliseconds(5));
    }
    co_await redis::testing::sleep_for(std::chrono::milliseconds(5));
    co_await store.save("kept", s, std::chrono::milliseconds(60000));
    auto members = co_await client.smembers(prefix + "u:u");
    EXPECT_LE(members.size(), 33u) << "100 logins, the index stays bounded";
    EXPECT_NE(std::find(members.begin(), members.end(), "kept"), members.end());
    EXPECT_EQ(co_await store.destroy_user("u"), 1u);
  });
}

}  // namespace
}  // namespace strata::auth
