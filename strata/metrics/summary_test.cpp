// Summaries: quantiles of the sliding window, all-time sum and count, expiry, bounded memory.
#include <strata/metrics/registry.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>
#include <vector>

namespace strata::metrics {
namespace {

using namespace std::chrono_literals;

TEST(summary, quantiles_of_known_data) {
  registry reg;
  auto s = reg.summary({.name = "latency_seconds", .help = "L.", .label_names = {"op"}});
  auto op = s.labels({"read"});
  // Observed in a scrambled order: quantiles must not depend on it.
  std::vector<int> values(1000);
  for (int i = 0; i < 1000; ++i) values[static_cast<std::size_t>(i)] = i + 1;
  std::shuffle(values.begin(), values.end(), std::mt19937(42));
  for (int v : values) op.observe(v);
  EXPECT_EQ(op.quantile(0.5), 500);
  EXPECT_EQ(op.quantile(0.9), 900);
  EXPECT_EQ(op.quantile(0.99), 990);
  EXPECT_EQ(op.quantile(0), 1);
  EXPECT_EQ(op.quantile(1), 1000);
  EXPECT_EQ(op.count(), 1000u);
  EXPECT_EQ(op.sum(), 500500);

  auto f = reg.collect()[0];
  EXPECT_EQ(f.bounds, (std::vector<double>{0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.999}));
  ASSERT_EQ(f.children.size(), 1u);
  EXPECT_EQ(f.children[0].quantiles, (std::vector<double>{10, 50, 500, 900, 950, 990, 999}));
}

TEST(summary, empty_window_gives_nan) {
  registry reg;
  auto s = reg.summary({.name = "e", .help = "E.", .percentiles = {0.5}});
  EXPECT_TRUE(std::isnan(s.labels({}).quantile(0.5)));
  EXPECT_TRUE(std::isnan(reg.collect()[0].children[0].quantiles[0]));
}

TEST(summary, observations_age_out_but_sum_and_count_stay) {
  registry reg;
  auto s = reg.summary({.name = "w", .help = "W.", .percentiles = {0.5}, .max_age = 300ms, .age_buckets = 3});
  auto c = s.labels({});
  c.observe(7);
  EXPECT_EQ(c.quantile(0.5), 7);
  std::this_thread::sleep_for(450ms);
  EXPECT_TRUE(std::isnan(c.quantile(0.5)));
  c.observe(3);
  EXPECT_EQ(c.quantile(0.5), 3);
  EXPECT_EQ(c.count(), 2u);
  EXPECT_EQ(c.sum(), 10);
}

TEST(summary, many_observations_stay_bounded_and_close) {
  registry reg;
  auto s = reg.summary({.name = "big", .help = "Big.", .percentiles = {0.5, 0.9}});
  auto c = s.labels({});
  std::vector<std::thread> pool;
  for (int t = 0; t < 4; ++t)
    pool.emplace_back([&, t] {
      std::mt19937 r(static_cast<unsigned>(t));
      std::uniform_real_distribution<double> u(0, 1);
      for (int i = 0; i < 50000; ++i) c.observe(u(r));
    });
  for (auto& t : pool) t.join();
  EXPECT_EQ(c.count(), 200000u);
  // A reservoir of a few thousand samples: within a few percent of the true quantiles.
  EXPECT_NEAR(c.quantile(0.5), 0.5, 0.05);
  EXPECT_NEAR(c.quantile(0.9), 0.9, 0.05);
}

TEST(summary, option_validation) {
  registry reg;
  EXPECT_THROW(reg.summary({.name = "a", .help = "A.", .percentiles = {1.5}}), std::invalid_argument);
  EXPECT_THROW(reg.summary({.name = "b", .help = "B.", .age_buckets = 0}), std::invalid_argument);
  EXPECT_THROW(reg.summary({.name = "c", .help = "C.", .label_names = {"quantile"}}), std::invalid_argument);
}

}  // namespace
}  // namespace strata::metrics
