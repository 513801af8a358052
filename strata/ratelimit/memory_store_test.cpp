// Tests for the memory store: several limits decided as one step, exact counts under threads,
// and idle keys swept so memory stays bounded.
#include <strata/ratelimit/memory_store.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace strata::ratelimit {
namespace {

using namespace std::chrono_literals;

std::vector<check> two_limits(const std::string& client) {
  return {{"s:" + client, {3, 1000ms, algorithm::fixed_window}, 1},
          {"m:" + client, {5, 60'000ms, algorithm::fixed_window}, 1}};
}

bool admitted(const std::vector<decision>& ds) {
  for (const auto& d : ds)
    if (!d.allowed) return false;
  return true;
}

TEST(memory_store, several_limits_are_all_or_nothing) {
  memory_store st;
  auto checks = two_limits("a");
  int n = 0;
  for (int i = 0; i < 10; ++i) n += admitted(st.consume_now(checks, 500));
  EXPECT_EQ(n, 3);  // the per-second limit binds; the refusals did not use the per-minute quota
  auto ds = st.consume_now(checks, 1500);
  EXPECT_TRUE(admitted(ds));
  EXPECT_EQ(ds[1].remaining, 1);
  EXPECT_TRUE(admitted(st.consume_now(checks, 1500)));
  ds = st.consume_now(checks, 1500);
  EXPECT_FALSE(admitted(ds));
  EXPECT_TRUE(ds[0].allowed);   // the second would have fit...
  EXPECT_FALSE(ds[1].allowed);  // ...but the minute is used up
  EXPECT_EQ(&binding(ds), &ds[1]);
  // Nothing was recorded for the refused request: the per-second key still has 1 left.
  std::vector<check> only_second{checks[0]};
  EXPECT_EQ(st.consume_now(only_second, 1500)[0].remaining, 0);
}

TEST(memory_store, keys_do_not_share_counts) {
  memory_store st;
  auto a = two_limits("a"), b = two_limits("b");
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(admitted(st.consume_now(a, 0)));
  EXPECT_FALSE(admitted(st.consume_now(a, 0)));
  EXPECT_TRUE(admitted(st.consume_now(b, 0)));
}

TEST(memory_store, threads_together_get_exactly_the_limit) {
  memory_store st({.shards = 4});
  std::vector<check> checks{{"hot", {1000, 60'000ms, algorithm::sliding_window}, 1},
                            {"hot2", {5000, 60'000ms, algorithm::token_bucket}, 1}};
  std::atomic<int> allowed{0};
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&] {
        for (int i = 0; i < 2000; ++i) allowed += admitted(st.consume_now(checks, 30'000));
      });
  }
  EXPECT_EQ(allowed.load(), 1000);
}

TEST(memory_store, refund_gives_back_to_every_key) {
  memory_store st;
  auto checks = two_limits("r");
  for (int i = 0; i < 3; ++i) st.consume_now(checks, 0);
  st.refund_now(checks, 0);
  auto ds = st.consume_now(checks, 0);
  EXPECT_TRUE(admitted(ds));
  EXPECT_EQ(ds[1].remaining, 2);
  std::vector<check> unknown{{"never-seen", per_second(1), 1}};
  st.refund_now(unknown, 0);  // nothing to give back, and no key created for it
  EXPECT_EQ(st.size(), 2u);
}

TEST(memory_store, idle_keys_are_swept_so_memory_stays_bounded) {
  memory_store st({.shards = 8, .sweep_interval = 1000ms});
  for (int i = 0; i < 5000; ++i) {
    std::vector<check> c{{"client" + std::to_string(i), {10, 1000ms, algorithm::fixed_window}, 1}};
    st.consume_now(c, 100);
  }
  EXPECT_EQ(st.size(), 5000u);
  // Within the window nothing is dropped.
  EXPECT_EQ(st.sweep(999), 0u);
  // Once the window is over, keys go as their shards are used again...
  std::vector<check> later;
  for (int i = 0; i < 64; ++i) later.push_back({"late" + std::to_string(i), {10, 1000ms, algorithm::fixed_window}, 1});
  st.consume_now(later, 5000);
  EXPECT_LE(st.size(), 64u);
  // ...or all at once.
  EXPECT_EQ(st.sweep(10'000), 64u);
  EXPECT_EQ(st.size(), 0u);
}

TEST(memory_store, a_refused_first_request_keeps_no_state) {
  memory_store st;
  std::vector<check> c{{"big", per_second(2), 5}};
  EXPECT_FALSE(st.consume_now(c, 100)[0].allowed);
  EXPECT_EQ(st.sweep(100), 1u);
}

}  // namespace
}  // namespace strata::ratelimit
