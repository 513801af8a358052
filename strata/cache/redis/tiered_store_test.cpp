// Tests for tiered_store against a real Redis (REDIS_URL): two instances share Redis, each with
// its own memory tier; a write, delete, tag drop or clear on one reaches the other's memory
// through the pub/sub broadcast.
#include <strata/cache/redis/tiered_store.hpp>
#include <strata/cache/testing/background_loops.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <thread>

namespace strata::cache {
namespace {

using namespace std::chrono_literals;
using testing::background_loops;

class tiered_store_test : public ::testing::Test {
protected:
  void SetUp() override {
    const char* url = std::getenv("REDIS_URL");
    if (!url || !*url) GTEST_SKIP() << "REDIS_URL is not set (eval \"$(scripts/services env)\" after scripts/services start redis)";
    auto client = redis::client::open(url);
    std::random_device rd;
    tiered_options o;
    o.redis.prefix = "strata-test:" + std::to_string(rd()) + ":";
    o.channel = o.redis.prefix + "invalidate";
    a_ = std::make_unique<tiered_store>(client, o);
    b_ = std::make_unique<tiered_store>(client, o);
    loops_.run(0, a_->listen());
    loops_.run(1, b_->listen());
  }
  void TearDown() override {
    if (!a_) return;
    loops_.run(0, a_->shared().clear());
    auto stop = [](tiered_store& s) -> task<void> {
      s.stop();
      co_return;
    };
    loops_.run(0, stop(*a_));
    loops_.run(1, stop(*b_));
  }

  // Waits until `b` has applied `n` messages from `a` (the broadcast is asynchronous).
  void wait_for_messages(tiered_store& s, std::size_t n) {
    for (int i = 0; i < 400 && s.invalidations_received() < n; ++i) std::this_thread::sleep_for(5ms);
    ASSERT_GE(s.invalidations_received(), n) << "no invalidation arrived";
  }

  background_loops loops_{2};
  std::unique_ptr<tiered_store> a_, b_;
};

TEST_F(tiered_store_test, reads_fill_the_local_tier) {
  loops_.run(0, a_->set("k", "v1", entry_options{.ttl = 10s}));
  wait_for_messages(*b_, 1);  // applied after b's read, a's announcement would drop b's copy
  EXPECT_EQ(b_->local().stats().entries, 0u);
  EXPECT_EQ(loops_.run(1, b_->get("k"))->value, "v1");
  EXPECT_EQ(b_->local().stats().entries, 1u);
  EXPECT_EQ(b_->local().find("k")->value, "v1");
}

TEST_F(tiered_store_test, a_write_on_one_instance_drops_the_others_copy) {
  loops_.run(0, a_->set("k", "v1", entry_options{.ttl = 10s}));
  wait_for_messages(*b_, 1);
  EXPECT_EQ(loops_.run(1, b_->get("k"))->value, "v1");  // now local in b
  auto before = b_->invalidations_received();
  loops_.run(0, a_->set("k", "v2", entry_options{.ttl = 10s}));
  wait_for_messages(*b_, before + 1);
  EXPECT_FALSE(b_->local().find("k"));
  EXPECT_EQ(loops_.run(1, b_->get("k"))->value, "v2");
  // a's own message did not drop a's fresh local copy.
  EXPECT_EQ(a_->local().find("k")->value, "v2");
}

TEST_F(tiered_store_test, delete_tag_and_clear_reach_the_other_instance) {
  loops_.run(0, a_->set("t1", "x", entry_options{.ttl = 10s, .tags = {"group"}}));
  loops_.run(0, a_->set("t2", "y", entry_options{.ttl = 10s, .tags = {"group"}}));
  loops_.run(0, a_->set("d", "z", entry_options{.ttl = 10s}));
  loops_.run(0, a_->set("c", "w", entry_options{.ttl = 10s}));
  wait_for_messages(*b_, 4);
  for (auto k : {"t1", "t2", "d", "c"}) ASSERT_TRUE(loops_.run(1, b_->get(k))) << k;
  EXPECT_EQ(b_->local().stats().entries, 4u);

  auto n = b_->invalidations_received();
  EXPECT_EQ(loops_.run(0, a_->invalidate_tag("group")), 2u);
  wait_for_messages(*b_, n + 1);
  EXPECT_FALSE(b_->local().find("t1"));  // the tags came along with the copy read from Redis
  EXPECT_FALSE(loops_.run(1, b_->get("t2")));

  n = b_->invalidations_received();
  EXPECT_TRUE(loops_.run(0, a_->del("d")));
  wait_for_messages(*b_, n + 1);
  EXPECT_FALSE(loops_.run(1, b_->get("d")));

  n = b_->invalidations_received();
  loops_.run(0, a_->clear());
  wait_for_messages(*b_, n + 1);
  EXPECT_EQ(b_->local().stats().entries, 0u);
  EXPECT_FALSE(loops_.run(1, b_->get("c")));
}

TEST_F(tiered_store_test, local_copies_never_outlive_freshness) {
  loops_.run(0, a_->set("k", "v", entry_options{.ttl = 300ms, .stale = 2s}));
  EXPECT_FALSE(loops_.run(1, b_->get("k"))->stale);
  std::this_thread::sleep_for(400ms);
  auto hit = loops_.run(1, b_->get("k"));
  ASSERT_TRUE(hit);
  EXPECT_TRUE(hit->stale);  // from Redis: the local copy expired with its freshness
}

}  // namespace
}  // namespace strata::cache
