// Histograms: buckets are "less than or equal", cumulative in the snapshot, +Inf catches the rest.
#include <strata/metrics/registry.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <thread>
#include <vector>

namespace strata::metrics {
namespace {

child_snapshot only_child(const std::vector<family_snapshot>& families) {
  if (families.size() != 1 || families[0].children.size() != 1) {
    ADD_FAILURE() << "expected one family with one series";
    return {};
  }
  return families[0].children[0];
}

TEST(histogram, default_buckets_are_prom_clients) {
  EXPECT_EQ(default_buckets(), (std::vector<double>{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}));
  registry reg;
  auto h = reg.histogram({.name = "d_seconds", .help = "D."});
  EXPECT_EQ(reg.collect()[0].bounds, default_buckets());
}

TEST(histogram, buckets_are_cumulative_and_inclusive) {
  registry reg;
  auto h = reg.histogram({.name = "size_bytes", .help = "Sizes.", .buckets = {1, 2, 5}});
  for (double v : {0.5, 1.0, 1.5, 2.0, 4.0, 5.0, 6.0, 100.0}) h.observe(v);
  const auto c = only_child(reg.collect());
  // le=1: 0.5, 1 | le=2: +1.5, 2 | le=5: +4, 5 | +Inf: +6, 100
  EXPECT_EQ(c.buckets, (std::vector<std::uint64_t>{2, 4, 6, 8}));
  EXPECT_EQ(c.count, 8u);
  EXPECT_EQ(c.sum, 120.0);
  for (std::size_t i = 1; i < c.buckets.size(); ++i) EXPECT_GE(c.buckets[i], c.buckets[i - 1]);
}

TEST(histogram, nan_and_infinity_land_in_inf_bucket) {
  registry reg;
  auto h = reg.histogram({.name = "odd", .help = "Odd.", .buckets = {1}});
  h.observe(std::numeric_limits<double>::infinity());
  h.observe(std::nan(""));
  h.observe(-std::numeric_limits<double>::infinity());
  const auto c = only_child(reg.collect());
  EXPECT_EQ(c.buckets, (std::vector<std::uint64_t>{1, 3}));
}

TEST(histogram, bucket_validation) {
  registry reg;
  EXPECT_THROW(reg.histogram({.name = "a", .help = "A.", .buckets = {2, 1}}), std::invalid_argument);
  EXPECT_THROW(reg.histogram({.name = "b", .help = "B.", .buckets = {1, 1}}), std::invalid_argument);
  EXPECT_THROW(reg.histogram({.name = "c", .help = "C.", .buckets = {std::nan("")}}), std::invalid_argument);
  EXPECT_THROW(reg.histogram({.name = "d", .help = "D.", .label_names = {"le"}}), std::invalid_argument);
  // A trailing +Inf is implied anyway, so it is dropped rather than refused.
  reg.histogram({.name = "e", .help = "E.", .buckets = {1, std::numeric_limits<double>::infinity()}});
  EXPECT_EQ(reg.collect().back().bounds, (std::vector<double>{1}));
}

TEST(histogram, bucket_helpers) {
  EXPECT_EQ(linear_buckets(1, 2, 3), (std::vector<double>{1, 3, 5}));
  EXPECT_EQ(exponential_buckets(1, 10, 3), (std::vector<double>{1, 10, 100}));
  EXPECT_THROW(exponential_buckets(0, 2, 3), std::invalid_argument);
}

TEST(histogram, observe_since_measures_elapsed_seconds) {
  registry reg;
  auto h = reg.histogram({.name = "t_seconds", .help = "T.", .label_names = {"op"}});
  auto op = h.labels({"sleep"});
  auto start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  op.observe_since(start);
  EXPECT_EQ(op.count(), 1u);
  EXPECT_GE(op.sum(), 0.019);
  EXPECT_LT(op.sum(), 2.0);
}

TEST(histogram, concurrent_observations_from_four_threads_count_exactly) {
  registry reg;
  auto h = reg.histogram({.name = "c_seconds", .help = "C.", .buckets = {0.5}});
  std::vector<std::thread> pool;
  for (int t = 0; t < 4; ++t)
    pool.emplace_back([&, t] {
      for (int i = 0; i < 100000; ++i) h.observe(t % 2 ? 0.25 : 1.0);
    });
  for (auto& t : pool) t.join();
  const auto c = only_child(reg.collect());
  EXPECT_EQ(c.buckets, (std::vector<std::uint64_t>{200000, 400000}));
  EXPECT_EQ(c.sum, 200000 * 0.25 + 200000 * 1.0);
}

}  // namespace
}  // namespace strata::metrics
