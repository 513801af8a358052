// Tests for redis_store against a real Redis (REDIS_URL): reads and writes, expiry and the stale
// window, tags, clear, refused oversized values, and get_or_set's single flight on top of it.
#include <strata/cache/cache.hpp>
#include <strata/cache/open.hpp>
#include <strata/cache/redis/redis_store.hpp>
#include <strata/cache/testing/background_loops.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <future>
#include <random>
#include <thread>

namespace strata::cache {
namespace {

using namespace std::chrono_literals;
using testing::background_loops;

std::string unique_prefix() {
  std::random_device rd;
  return "strata-test:" + std::to_string(rd()) + ":";
}

class redis_store_test : public ::testing::Test {
protected:
  void SetUp() override {
    const char* url = std::getenv("REDIS_URL");
    if (!url || !*url) GTEST_SKIP() << "REDIS_URL is not set (eval \"$(scripts/services env)\" after scripts/services start redis)";
    client_ = redis::client::open(url);
    redis_store_options o;
    o.prefix = unique_prefix();
    o.max_entry_bytes = 64 * 1024;
    store_ = std::make_shared<redis_store>(client_, o);
  }
  void TearDown() override {
    if (store_) loops_.run(0, store_->clear());
  }

  background_loops loops_{2};
  redis::client client_;
  std::shared_ptr<redis_store> store_;
};

TEST_F(redis_store_test, set_get_delete) {
  auto& s = *store_;
  EXPECT_FALSE(loops_.run(0, s.get("a")));
  EXPECT_TRUE(loops_.run(0, s.set("a", std::string("one\0two", 7), entry_options{})));
  auto hit = loops_.run(1, s.get("a"));
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->value, std::string("one\0two", 7));
  EXPECT_FALSE(hit->stale);
  EXPECT_TRUE(loops_.run(0, s.del("a")));
  EXPECT_FALSE(loops_.run(0, s.del("a")));
  EXPECT_FALSE(loops_.run(1, s.get("a")));
}

TEST_F(redis_store_test, ttl_and_stale_window) {
  auto& s = *store_;
  loops_.run(0, s.set("k", "v", entry_options{.ttl = 300ms, .stale = 500ms}));
  EXPECT_FALSE(loops_.run(0, s.get("k"))->stale);
  std::this_thread::sleep_for(400ms);
  auto hit = loops_.run(0, s.get("k"));
  ASSERT_TRUE(hit);
  EXPECT_TRUE(hit->stale);
  std::this_thread::sleep_for(500ms);
  EXPECT_FALSE(loops_.run(0, s.get("k")));
  // Redis dropped it, not just our check.
  auto exists = [this]() -> task<std::int64_t> { co_return co_await client_.exists(store_->options().prefix + "k:k"); };
  EXPECT_EQ(loops_.run(0, exists()), 0);
}

TEST_F(redis_store_test, tags_drop_their_entries) {
  auto& s = *store_;
  for (int i = 0; i < 30; ++i)
    loops_.run(i % 2, s.set("u" + std::to_string(i), "x", entry_options{.ttl = 10s, .tags = {"users"}}));
  loops_.run(0, s.set("other", "y", entry_options{.ttl = 10s, .tags = {"posts"}}));
  EXPECT_EQ(loops_.run(1, s.invalidate_tag("users")), 30u);
  EXPECT_FALSE(loops_.run(0, s.get("u3")));
  EXPECT_TRUE(loops_.run(0, s.get("other")));
  EXPECT_EQ(loops_.run(1, s.invalidate_tag("users")), 0u);
}

TEST_F(redis_store_test, oversized_values_are_refused_and_drop_the_old_one) {
  auto& s = *store_;
  loops_.run(0, s.set("k", "small", entry_options{}));
  EXPECT_FALSE(loops_.run(0, s.set("k", std::string(100 * 1024, 'x'), entry_options{})));
  EXPECT_FALSE(loops_.run(0, s.get("k")));
}

TEST_F(redis_store_test, clear_removes_only_this_prefix) {
  redis_store_options o;
  o.prefix = unique_prefix();
  redis_store other(client_, o);
  loops_.run(0, store_->set("a", "1", entry_options{.tags = {"t"}}));
  loops_.run(0, other.set("a", "2", entry_options{}));
  loops_.run(0, store_->clear());
  EXPECT_FALSE(loops_.run(0, store_->get("a")));
  EXPECT_EQ(loops_.run(0, other.get("a"))->value, "2");
  loops_.run(0, other.clear());
}

TEST_F(redis_store_test, foreign_values_are_misses) {
  auto put_raw = [this]() -> task<void> { co_await client_.set(store_->options().prefix + "k:raw", "not an entry"); };
  loops_.run(0, put_raw());
  EXPECT_FALSE(loops_.run(0, store_->get("raw")));
}

TEST_F(redis_store_test, get_or_set_runs_the_loader_once_across_loops) {
  cache c(store_);
  std::atomic<int> runs{0};
  cache::loader load = [&runs]() -> task<std::string> {
    ++runs;
    co_await testing::sleep(150ms);
    co_return "from loader";
  };
  std::vector<std::future<std::string>> results;
  for (int i = 0; i < 40; ++i)
    results.push_back(boost::asio::co_spawn(loops_.at(i % 2), c.get_or_set("k", 10s, load), boost::asio::use_future));
  for (auto& r : results) EXPECT_EQ(r.get(), "from loader");
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(loops_.run(1, store_->get("k"))->value, "from loader");
}

TEST_F(redis_store_test, open_store_takes_a_redis_url) {
  auto s = open_store(std::getenv("REDIS_URL"));
  ASSERT_TRUE(std::dynamic_pointer_cast<redis_store>(s));
  const std::string key = store_->options().prefix + "opened";  // under this test's prefix
  EXPECT_TRUE(loops_.run(0, s->set(key, "v", entry_options{.ttl = 10s})));
  EXPECT_EQ(loops_.run(1, s->get(key))->value, "v");
  EXPECT_TRUE(loops_.run(0, s->del(key)));
}

}  // namespace
}  // namespace strata::cache
