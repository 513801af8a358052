// The refresh-token suite (refresh_store_test_suite.hpp) on Redis: REDIS_URL, keys under a prefix
// of the test's own, deleted afterwards. Skips, saying so, without REDIS_URL.
#include <strata/auth/redis_refresh_store.hpp>
#include <strata/auth/refresh_store_test_suite.hpp>

#include <cstdlib>
#include <random>

namespace strata::auth::testing {
namespace {

std::string random_suffix() {
  std::random_device rd;
  std::string s;
  for (int i = 0; i < 8; ++i) s += "0123456789abcdef"[rd() % 16];
  return s;
}

task<void> delete_keys(redis::client client, std::string pattern) {
  std::string cursor = "0";
  do {
    auto r = co_await client.command("SCAN", cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = r[0].as_string();
    auto keys = r[1].as_strings();
    if (!keys.empty()) co_await client.del(std::move(keys));
  } while (cursor != "0");
}

store_under_test redis_store(std::string& why_not) {
  const char* url = std::getenv("REDIS_URL");
  if (!url || !*url) {
    why_not =
        "REDIS_URL is not set: start Redis with `eval \"$(scripts/services env)\"` "
        "(scripts/services start redis) to run the Redis refresh-token tests";
    return {};
  }
  auto client = redis::client::open(url);
  const auto prefix = "strata:test:refresh:" + random_suffix() + ":";
  auto store = std::make_shared<redis_refresh_store>(client, redis_refresh_store_options{.prefix = prefix});
  return {store, [client, prefix] { run(delete_keys(client, prefix + "*")); }};
}

INSTANTIATE_TEST_SUITE_P(redis, refresh_store_suite,
                         ::testing::Values(refresh_store_case{"redis", redis_store, /*purges=*/false}), case_name);

// What a rotation leaves in Redis: hashes only, and every key with a TTL.
TEST(redis_refresh_store, keys_hold_hashes_and_expire) {
  std::string why_not;
  auto under = redis_store(why_not);
  if (!under.store) GTEST_SKIP() << why_not;
  auto client = redis::client::open(std::getenv("REDIS_URL"));
  refresh_tokens tokens(under.store);
  auto issued = run(tokens.issue("alice"));
  auto r = run(tokens.rotate(issued.token));
  ASSERT_TRUE(r);
  auto keys = run([](redis::client c) -> task<std::vector<std::string>> {
    std::vector<std::string> all;
    std::string cursor = "0";
    do {
      auto reply = co_await c.command("SCAN", cursor, "MATCH", "strata:test:refresh:*", "COUNT", 1000);
      cursor = reply[0].as_string();
      for (auto& k : reply[1].as_strings()) all.push_back(k);
    } while (cursor != "0");
    co_return all;
  }(client));
  bool saw_token_key = false;
  for (const auto& k : keys) {
    EXPECT_EQ(k.find(issued.token), std::string::npos) << k;
    EXPECT_EQ(k.find(r.token), std::string::npos) << k;
    if (k.find(refresh_tokens::hash(r.token)) != std::string::npos) {
      saw_token_key = true;
      EXPECT_GT(run(client.pttl(k)), 0) << k;
    }
  }
  EXPECT_TRUE(saw_token_key);
  under.cleanup();
}

}  // namespace
}  // namespace strata::auth::testing
