// Tests for the pure decisions: exact admission counts per algorithm on a virtual clock, and
// properties that must hold for any workload (what `remaining` promises is admitted, what
// `retry_ms` promises is true to the millisecond, `reset_ms` restores the whole quota).
#include <strata/ratelimit/algorithm.hpp>

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

namespace strata::ratelimit {
namespace {

using namespace std::chrono_literals;
using i64 = std::int64_t;

constexpr algorithm all_algorithms[] = {algorithm::fixed_window, algorithm::sliding_window, algorithm::token_bucket};

// Requests of cost 1 at `now` until one is refused; how many were admitted.
int burst(const limit& l, state& s, i64 now, int max = 1000) {
  int n = 0;
  while (n < max && decide(l, s, now).allowed) ++n;
  return n;
}

TEST(fixed_window, admits_exactly_the_limit_per_aligned_window) {
  limit l{10, 1000ms, algorithm::fixed_window};
  state s;
  EXPECT_EQ(burst(l, s, 1250), 10);
  auto d = decide(l, s, 1999);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.remaining, 0);
  EXPECT_EQ(d.retry_ms, 1);  // the window [1000, 2000) ends in 1 ms
  EXPECT_EQ(d.reset_ms, 1);
  EXPECT_EQ(burst(l, s, 2000), 10);  // a fresh window, whole quota: the boundary burst is allowed
}

TEST(fixed_window, reports_remaining_and_reset) {
  limit l{3, 10s, algorithm::fixed_window};
  state s;
  auto d = decide(l, s, 1000);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.limit, 3);
  EXPECT_EQ(d.remaining, 2);
  EXPECT_EQ(d.reset_ms, 9000);
  EXPECT_EQ(d.retry_ms, 0);
  EXPECT_EQ(decide(l, s, 1000, 2).remaining, 0);
}

TEST(sliding_window, weighs_the_previous_window_by_its_overlap) {
  limit l{10, 1000ms, algorithm::sliding_window};
  state s;
  EXPECT_EQ(burst(l, s, 0), 10);
  EXPECT_EQ(burst(l, s, 1000), 0);  // the previous 10 still weigh fully
  // At 1500 half of the previous window overlaps: 5 of its 10 count, so 5 more fit.
  EXPECT_EQ(burst(l, s, 1500), 5);
  // At 2000 the 5 of [1000, 2000) weigh fully: 5 more.
  EXPECT_EQ(burst(l, s, 2000), 5);
  // At 2800 a fifth of [1000, 2000) still overlaps (1 of its 5) and [2000, 3000) holds 5: 4 fit.
  EXPECT_EQ(burst(l, s, 2800), 4);
  // Two windows later nothing weighs.
  EXPECT_EQ(burst(l, s, 5000), 10);
}

TEST(sliding_window, has_no_boundary_burst) {
  limit l{100, 60s, algorithm::sliding_window};
  state s;
  // 100 at the end of one window, then right after the boundary: a fixed window would admit 100 more.
  EXPECT_EQ(burst(l, s, 59'999), 100);
  EXPECT_EQ(burst(l, s, 60'000), 0);
  EXPECT_EQ(burst(l, s, 60'600), 1);  // 1% of the previous window no longer overlaps
}

TEST(token_bucket, bursts_the_limit_then_refills_evenly) {
  limit l{10, 1000ms, algorithm::token_bucket};
  state s;
  EXPECT_EQ(burst(l, s, 0), 10);
  auto d = decide(l, s, 0);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_ms, 100);  // one token per 100 ms
  EXPECT_EQ(d.reset_ms, 1000);
  EXPECT_EQ(burst(l, s, 99), 0);
  EXPECT_EQ(burst(l, s, 100), 1);
  EXPECT_EQ(burst(l, s, 250), 1);  // 150 ms: one token and half of the next
  EXPECT_EQ(burst(l, s, 300), 1);
  EXPECT_EQ(burst(l, s, 1300), 10);
}

TEST(token_bucket, is_exact_when_the_interval_is_not_whole_milliseconds) {
  limit l{3, 1000ms, algorithm::token_bucket};  // one token every 333.33 ms
  state s;
  int admitted = 0;
  for (i64 t = 0; t <= 10'000; ++t) admitted += burst(l, s, t);
  // 3 at once, then 3 per second: at t the bucket has issued 3 + floor(3t / 1000) tokens.
  EXPECT_EQ(admitted, 3 + 30);
  EXPECT_FALSE(decide(l, s, 10'333).allowed);
  EXPECT_TRUE(decide(l, s, 10'334).allowed);
}

TEST(every_algorithm, sustains_exactly_the_rate_over_time) {
  for (auto a : all_algorithms) {
    limit l{50, 1000ms, a};
    state s;
    int admitted = 0;
    // A request every 5 ms for 20 s: 4000 offered, 200 per second allowed.
    for (i64 t = 0; t < 20'000; t += 5) admitted += decide(l, s, t).allowed;
    // Fixed windows admit exactly 50 per window; the others may let the initial burst through.
    if (a == algorithm::fixed_window) {
      EXPECT_EQ(admitted, 20 * 50) << describe(l);
    } else {
      EXPECT_NEAR(admitted, 20 * 50, 50) << describe(l);
    }
  }
}

TEST(every_algorithm, refuses_a_cost_above_the_limit_and_records_nothing) {
  for (auto a : all_algorithms) {
    limit l{5, 1000ms, a};
    state s;
    auto d = decide(l, s, 100, 6);
    EXPECT_FALSE(d.allowed) << describe(l);
    EXPECT_GT(d.retry_ms, 0);
    EXPECT_EQ(s, state{});
    EXPECT_EQ(burst(l, s, 100), 5) << describe(l);
  }
}

TEST(every_algorithm, refusals_are_not_recorded) {
  for (auto a : all_algorithms) {
    limit l{4, 1000ms, a};
    state s;
    EXPECT_EQ(burst(l, s, 0), 4);
    const state before = s;
    for (int i = 0; i < 100; ++i) EXPECT_FALSE(decide(l, s, 10).allowed);
    EXPECT_EQ(s, before) << describe(l);
  }
}

TEST(every_algorithm, costs_spend_several_points) {
  for (auto a : all_algorithms) {
    limit l{10, 1000ms, a};
    state s;
    EXPECT_TRUE(decide(l, s, 0, 4).allowed);
    EXPECT_TRUE(decide(l, s, 0, 4).allowed);
    auto d = decide(l, s, 0, 4);
    EXPECT_FALSE(d.allowed) << describe(l);
    EXPECT_EQ(d.remaining, 2) << describe(l);
    EXPECT_TRUE(decide(l, s, 0, 2).allowed);
    EXPECT_FALSE(decide(l, s, 0, 1).allowed);
  }
}

TEST(every_algorithm, refund_gives_the_points_back) {
  for (auto a : all_algorithms) {
    limit l{3, 1000ms, a};
    state s;
    EXPECT_EQ(burst(l, s, 500), 3);
    refund(l, s, 500);
    refund(l, s, 500);
    EXPECT_EQ(burst(l, s, 500), 2) << describe(l);
    refund(l, s, 500, 100);  // never below empty
    EXPECT_EQ(burst(l, s, 500), 3) << describe(l);
  }
}

TEST(every_algorithm, expiry_means_a_fresh_state) {
  for (auto a : all_algorithms) {
    limit l{7, 2000ms, a};
    state s;
    EXPECT_EQ(burst(l, s, 12'345), 7);
    const i64 at = expires_at(l, s);
    EXPECT_GT(at, 12'345);
    state fresh;
    EXPECT_EQ(burst(l, s, at), burst(l, fresh, at)) << describe(l);
  }
}

// For random workloads (costs up to 3, limits from 3): an admitted request's `remaining` is exactly what a burst at the
// same moment gets; a refusal's `retry_ms` is the first moment a request of that cost is admitted; after `reset_ms` the
// whole limit is available.
TEST(every_algorithm, promises_hold_for_random_workloads) {
  std::mt19937_64 rng(20261126);
  for (auto a : all_algorithms) {
    for (int round = 0; round < 40; ++round) {
      limit l{std::int64_t(3 + rng() % 20), std::chrono::milliseconds(1 + rng() % 5000), a};
      state s;
      i64 now = i64(rng() % 100'000);
      for (int step = 0; step < 300; ++step) {
        now += i64(rng() % (l.window.count() / 4 + 2));
        const i64 cost = 1 + i64(rng() % 3);
        const state before = s;
        auto d = decide(l, s, now, cost);
        ASSERT_EQ(d.limit, l.points);
        if (d.allowed) {
          state copy = s;
          ASSERT_EQ(burst(l, copy, now), d.remaining) << describe(l) << " at " << now;
          state drained = s;
          ASSERT_EQ(burst(l, drained, now + d.reset_ms), l.points) << describe(l) << " at " << now;
        } else {
          ASSERT_EQ(s, before);
          ASSERT_GT(d.retry_ms, 0) << describe(l);
          ASSERT_FALSE(peek(l, s, now + d.retry_ms - 1, cost).allowed) << describe(l) << " at " << now;
          ASSERT_TRUE(peek(l, s, now + d.retry_ms, cost).allowed) << describe(l) << " at " << now << " cost " << cost;
        }
      }
    }
  }
}

TEST(limits, validate_refuses_what_cannot_work) {
  EXPECT_NO_THROW(validate(per_second(10)));
  EXPECT_THROW(validate({0, 1000ms}), std::invalid_argument);
  EXPECT_THROW(validate({10, 0ms}), std::invalid_argument);
  EXPECT_THROW(validate({i64(1) << 40, std::chrono::hours(24)}), std::invalid_argument);
  EXPECT_EQ(describe(per_hour(1000, algorithm::sliding_window)), "sliding:1000/3600000");
  EXPECT_EQ(describe(per_second(10, algorithm::token_bucket)), "bucket:10/1000");
}

}  // namespace
}  // namespace strata::ratelimit
