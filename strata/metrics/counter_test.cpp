// Counters: increments, labels, misuse, and exact sums under concurrent increments.
#include <strata/metrics/registry.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace strata::metrics {
namespace {

TEST(counter, starts_at_zero_and_adds) {
  registry reg;
  auto c = reg.counter({.name = "jobs_total", .help = "Jobs."});
  EXPECT_EQ(c.value(), 0);
  c.inc();
  c.inc(2.5);
  EXPECT_EQ(c.value(), 3.5);
}

TEST(counter, refuses_to_go_down) {
  registry reg;
  auto c = reg.counter({.name = "jobs_total", .help = "Jobs."});
  EXPECT_THROW(c.inc(-1), std::invalid_argument);
  EXPECT_THROW(c.inc(std::nan("")), std::invalid_argument);
  EXPECT_EQ(c.value(), 0);
}

TEST(counter, children_by_label_values) {
  registry reg;
  auto c = reg.counter({.name = "req_total", .help = "Requests.", .label_names = {"method", "code"}});
  auto get200 = c.labels({"GET", "200"});
  get200.inc();
  c.labels({"GET", "200"}).inc();  // the same series
  c.labels({"POST", "201"}).inc(5);
  EXPECT_EQ(get200.value(), 2);
  EXPECT_EQ(c.labels({"POST", "201"}).value(), 5);
  EXPECT_EQ(c.labels(std::vector<std::string>{"GET", "200"}).value(), 2);
}

TEST(counter, label_values_are_not_confused_by_concatenation) {
  registry reg;
  auto c = reg.counter({.name = "x_total", .help = "X.", .label_names = {"a", "b"}});
  c.labels({"ab", "c"}).inc();
  EXPECT_EQ(c.labels({"a", "bc"}).value(), 0);
}

TEST(counter, misuse_of_labels_throws) {
  registry reg;
  auto labelled = reg.counter({.name = "l_total", .help = "L.", .label_names = {"a"}});
  EXPECT_THROW(labelled.inc(), std::logic_error);
  EXPECT_THROW(labelled.labels({"x", "y"}), std::invalid_argument);
  EXPECT_THROW(labelled.labels({}), std::invalid_argument);
}

TEST(counter, concurrent_increments_from_four_threads_sum_exactly) {
  registry reg;
  auto c = reg.counter({.name = "hits_total", .help = "Hits.", .label_names = {"kind"}});
  auto plain = reg.counter({.name = "plain_total", .help = "Plain."});
  constexpr int threads = 4, per_thread = 250000;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      auto child = c.labels({"a"});  // looked up once, as a hot path would
      for (int i = 0; i < per_thread; ++i) {
        child.inc();
        plain.inc(0.5);
      }
    });
  for (auto& t : pool) t.join();
  EXPECT_EQ(c.labels({"a"}).value(), double(threads) * per_thread);
  EXPECT_EQ(plain.value(), double(threads) * per_thread * 0.5);
}

}  // namespace
}  // namespace strata::metrics
