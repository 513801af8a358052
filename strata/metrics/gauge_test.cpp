// Gauges: set is last-writer-wins, inc/dec move it, concurrent updates net out exactly.
#include <strata/metrics/registry.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

namespace strata::metrics {
namespace {

TEST(gauge, set_inc_dec) {
  registry reg;
  auto g = reg.gauge({.name = "queue_depth", .help = "Depth."});
  g.set(10);
  g.inc();
  g.dec(3);
  EXPECT_EQ(g.value(), 8);
  g.set(-2.5);
  EXPECT_EQ(g.value(), -2.5);
}

TEST(gauge, set_to_current_time) {
  registry reg;
  auto g = reg.gauge({.name = "last_run_seconds", .help = "Last run."});
  g.set_to_current_time();
  double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_NEAR(g.value(), now, 5);
}

TEST(gauge, labelled_children_are_independent) {
  registry reg;
  auto g = reg.gauge({.name = "temp_celsius", .help = "Temperature.", .label_names = {"room"}});
  g.labels({"kitchen"}).set(21);
  g.labels({"hall"}).set(17);
  EXPECT_EQ(g.labels({"kitchen"}).value(), 21);
  EXPECT_EQ(g.labels({"hall"}).value(), 17);
}

TEST(gauge, concurrent_inc_and_dec_net_out) {
  registry reg;
  auto g = reg.gauge({.name = "in_flight", .help = "In flight."});
  std::vector<std::thread> pool;
  for (int t = 0; t < 4; ++t)
    pool.emplace_back([&, t] {
      for (int i = 0; i < 100000; ++i) {
        g.inc();
        if (t % 2 == 0) g.dec();
      }
    });
  for (auto& t : pool) t.join();
  EXPECT_EQ(g.value(), 200000);
}

}  // namespace
}  // namespace strata::metrics
