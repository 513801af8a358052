// Event-loop lag: a blocked loop shows up as lag on that loop's series, an idle one stays near 0.
#include <strata/http/server.hpp>
#include <strata/metrics/loop_lag.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <thread>

namespace strata::metrics {
namespace {

using namespace std::chrono_literals;

TEST(loop_lag, an_idle_loop_has_little_lag) {
  registry reg;
  auto lag = reg.gauge({.name = "lag_seconds", .help = "Lag.", .label_names = {"loop"}});
  boost::asio::io_context loop;
  monitor_loop_lag(loop, lag.labels({"0"}), 20ms, lag);
  boost::asio::steady_timer stop(loop, 110ms);
  stop.async_wait([&](auto) { loop.stop(); });
  loop.run();
  EXPECT_GT(lag.labels({"0"}).value(), 0);  // measured: a timer never fires exactly on time
  EXPECT_LT(lag.labels({"0"}).value(), 0.05);
}

TEST(loop_lag, records_the_stall_not_a_burst_of_catch_up_ticks) {
  registry reg;
  auto lag = reg.gauge({.name = "lag_seconds", .help = "Lag.", .label_names = {"loop"}});
  auto child = lag.labels({"0"});
  boost::asio::io_context loop;
  monitor_loop_lag(loop, child, 20ms, lag);
  double max_seen = 0;
  // Sample the gauge after every handler, from the loop itself.
  boost::asio::steady_timer block(loop, 60ms);
  block.async_wait([&](auto) { std::this_thread::sleep_for(200ms); });
  boost::asio::steady_timer sampler(loop);
  std::function<void()> sample = [&] {
    max_seen = std::max(max_seen, child.value());
    sampler.expires_after(5ms);
    sampler.async_wait([&](auto ec) {
      if (!ec) sample();
    });
  };
  sample();
  boost::asio::steady_timer stop(loop, 500ms);
  stop.async_wait([&](auto) { loop.stop(); });
  loop.run();
  EXPECT_GE(max_seen, 0.15);
  EXPECT_LT(max_seen, 1.0);
  EXPECT_LT(child.value(), 0.1);  // back to normal after the stall
}

TEST(loop_lag, one_series_per_server_loop) {
  registry reg;
  http::server_options o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.threads = 3;
  http::server srv(o);
  start_loop_lag_monitor(srv, reg, {.interval = 10ms});
  srv.start();
  std::this_thread::sleep_for(100ms);
  auto families = reg.collect();
  ASSERT_EQ(families.size(), 1u);
  EXPECT_EQ(families[0].name, "strata_event_loop_lag_seconds");
  ASSERT_EQ(families[0].children.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(families[0].children[i].label_values, (std::vector<std::string>{std::to_string(i)}));
    EXPECT_GT(families[0].children[i].value, 0);  // measured at least once: never exactly on time
    EXPECT_LT(families[0].children[i].value, 0.5);
  }
  srv.stop();
  srv.wait();
}

}  // namespace
}  // namespace strata::metrics
