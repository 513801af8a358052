// Tests for memory_store: reads and writes, expiry and the stale window, the byte bound and LRU
// order, refused oversized entries, tags, and many threads at once.
#include <strata/cache/memory_store.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace strata::cache {
namespace {

using namespace std::chrono_literals;

entry_options ttl_of(std::chrono::milliseconds ttl, std::chrono::milliseconds stale = 0ms) {
  entry_options o;
  o.ttl = ttl;
  o.stale = stale;
  return o;
}

entry_options tagged(std::vector<std::string> tags) {
  entry_options o;
  o.tags = std::move(tags);
  return o;
}

TEST(memory_store, set_get_replace_delete) {
  memory_store s;
  EXPECT_FALSE(s.find("a"));
  EXPECT_TRUE(s.put("a", "one", {}));
  ASSERT_TRUE(s.find("a"));
  EXPECT_EQ(s.find("a")->value, "one");
  EXPECT_FALSE(s.find("a")->stale);
  EXPECT_TRUE(s.put("a", "two-longer", {}));
  EXPECT_EQ(s.find("a")->value, "two-longer");
  EXPECT_EQ(s.stats().entries, 1u);
  EXPECT_EQ(s.stats().bytes, memory_store::entry_bytes("a", "two-longer", {}));
  EXPECT_TRUE(s.erase("a"));
  EXPECT_FALSE(s.erase("a"));
  EXPECT_FALSE(s.find("a"));
  EXPECT_EQ(s.stats().bytes, 0u);
}

TEST(memory_store, binary_keys_and_values_round_trip) {
  memory_store s;
  std::string key("k\0ey", 4), value("\0\xff\x01 v", 5);
  ASSERT_TRUE(s.put(key, value, {}));
  EXPECT_FALSE(s.find("k"));
  EXPECT_EQ(s.find(key)->value, value);
}

TEST(memory_store, entries_expire_after_ttl) {
  memory_store s;
  s.put("short", "x", ttl_of(200ms));
  s.put("long", "y", ttl_of(10s));
  EXPECT_TRUE(s.find("short"));
  std::this_thread::sleep_for(300ms);
  EXPECT_FALSE(s.find("short"));
  EXPECT_TRUE(s.find("long"));
  EXPECT_EQ(s.stats().entries, 1u);  // the expired entry was dropped when it was read
}

TEST(memory_store, stale_window_keeps_entry_marked_stale) {
  memory_store s;
  s.put("k", "v", ttl_of(200ms, 500ms));
  EXPECT_FALSE(s.find("k")->stale);
  std::this_thread::sleep_for(300ms);
  auto hit = s.find("k");
  ASSERT_TRUE(hit);
  EXPECT_TRUE(hit->stale);
  EXPECT_EQ(hit->value, "v");
  std::this_thread::sleep_for(500ms);
  EXPECT_FALSE(s.find("k"));
}

TEST(memory_store, huge_ttl_does_not_overflow) {
  memory_store s;
  s.put("k", "v", ttl_of(std::chrono::milliseconds::max(), std::chrono::milliseconds::max()));
  ASSERT_TRUE(s.find("k"));
  EXPECT_FALSE(s.find("k")->stale);
}

TEST(memory_store, negative_ttl_is_an_error) {
  memory_store s;
  EXPECT_THROW(s.put("k", "v", ttl_of(-1ms)), std::invalid_argument);
  EXPECT_THROW(s.put("k", "v", ttl_of(1s, -1ms)), std::invalid_argument);
  EXPECT_THROW(memory_store(memory_options{.max_bytes = 0}), std::invalid_argument);
}

TEST(memory_store, byte_bound_evicts_least_recently_used) {
  // One shard, room for about four 1000-byte entries.
  const std::size_t one = memory_store::entry_bytes("k0", std::string(1000, 'x'), {});
  memory_store s(memory_options{.max_bytes = 4 * one + one / 2, .shards = 1, .max_entry_bytes = 2 * one});
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(s.put("k" + std::to_string(i), std::string(1000, 'x'), {}));
  EXPECT_EQ(s.stats().entries, 4u);
  ASSERT_TRUE(s.find("k0"));  // k0 is now the most recent; k1 the least
  ASSERT_TRUE(s.put("k4", std::string(1000, 'x'), {}));
  EXPECT_FALSE(s.find("k1"));
  EXPECT_TRUE(s.find("k0"));
  EXPECT_TRUE(s.find("k4"));
  EXPECT_EQ(s.stats().evictions, 1u);
  EXPECT_LE(s.stats().bytes, 4 * one + one / 2);
}

TEST(memory_store, bound_holds_across_shards_under_many_writes) {
  memory_store s(memory_options{.max_bytes = 256 * 1024, .shards = 8});
  for (int i = 0; i < 20000; ++i) s.put("key-" + std::to_string(i), std::string(100 + i % 300, 'v'), {});
  auto st = s.stats();
  EXPECT_LE(st.bytes, 256u * 1024u);
  EXPECT_GT(st.entries, 100u);
  EXPECT_GT(st.evictions, 10000u);
}

TEST(memory_store, oversized_value_is_refused_and_drops_the_old_one) {
  memory_store s(memory_options{.max_bytes = 1024 * 1024, .shards = 4, .max_entry_bytes = 4096});
  EXPECT_EQ(s.max_entry_bytes(), 4096u);
  ASSERT_TRUE(s.put("k", "old", {}));
  EXPECT_FALSE(s.put("k", std::string(8192, 'x'), {}));
  EXPECT_FALSE(s.find("k"));  // no outdated value left behind
  EXPECT_EQ(s.stats().refused, 1u);
  // The key counts too.
  EXPECT_FALSE(s.put(std::string(5000, 'k'), "v", {}));
  // A 100 MB value is refused without trouble.
  EXPECT_FALSE(s.put("big", std::string(100 * 1024 * 1024, 'x'), {}));
  EXPECT_EQ(s.stats().entries, 0u);
}

TEST(memory_store, default_entry_limit_is_a_quarter_shard) {
  memory_store s(memory_options{.max_bytes = 64 * 1024, .shards = 4});
  EXPECT_EQ(s.max_entry_bytes(), 4096u);
  EXPECT_FALSE(s.put("k", std::string(5000, 'x'), {}));
  EXPECT_TRUE(s.put("k", std::string(3000, 'x'), {}));
}

TEST(memory_store, invalidate_tag_drops_every_tagged_entry) {
  memory_store s;
  for (int i = 0; i < 50; ++i) s.put("user:" + std::to_string(i), "u", tagged({"users", "all"}));
  s.put("post:1", "p", tagged({"posts", "all"}));
  s.put("plain", "x", {});
  EXPECT_EQ(s.erase_tag("users"), 50u);
  EXPECT_FALSE(s.find("user:7"));
  EXPECT_TRUE(s.find("post:1"));
  EXPECT_EQ(s.erase_tag("users"), 0u);
  EXPECT_EQ(s.erase_tag("all"), 1u);
  EXPECT_FALSE(s.find("post:1"));
  EXPECT_TRUE(s.find("plain"));
}

TEST(memory_store, rewriting_an_entry_replaces_its_tags) {
  memory_store s;
  s.put("k", "v1", tagged({"a"}));
  s.put("k", "v2", tagged({"b", "b"}));
  EXPECT_EQ(s.erase_tag("a"), 0u);
  EXPECT_TRUE(s.find("k"));
  EXPECT_EQ(s.erase_tag("b"), 1u);
  EXPECT_FALSE(s.find("k"));
}

TEST(memory_store, evicted_and_deleted_entries_leave_their_tags) {
  const std::size_t one = memory_store::entry_bytes("k0", std::string(1000, 'x'), {"t"});
  memory_store s(memory_options{.max_bytes = 2 * one, .shards = 1, .max_entry_bytes = one});
  s.put("k0", std::string(1000, 'x'), tagged({"t"}));
  s.put("k1", std::string(1000, 'x'), tagged({"t"}));
  s.put("k2", std::string(1000, 'x'), tagged({"t"}));  // evicts k0
  s.erase("k1");
  EXPECT_EQ(s.erase_tag("t"), 1u);  // only k2 is left under the tag
}

TEST(memory_store, clear_empties_every_shard) {
  memory_store s;
  for (int i = 0; i < 100; ++i) s.put(std::to_string(i), "v", tagged({"t"}));
  s.erase_all();
  EXPECT_EQ(s.stats().entries, 0u);
  EXPECT_EQ(s.stats().bytes, 0u);
  EXPECT_EQ(s.erase_tag("t"), 0u);
}

TEST(memory_store, threads_share_one_store) {
  memory_store s(memory_options{.max_bytes = 1024 * 1024, .shards = 16});
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5000; ++i) {
        std::string key = "k" + std::to_string((i * 7 + t) % 500);
        if (i % 3 == 0) s.put(key, "value-of-" + key, tagged({"t" + std::to_string(i % 5)}));
        else if (auto hit = s.find(key); hit && hit->value != "value-of-" + key) ++wrong;
        if (i % 1000 == 999) s.erase_tag("t1");
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  auto st = s.stats();
  EXPECT_LE(st.bytes, 1024u * 1024u);
  EXPECT_GT(st.hits, 0u);
}

}  // namespace
}  // namespace strata::cache
