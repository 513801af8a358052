// loop_lag: how late each event loop runs its timers, the Strata form of Node's event-loop lag.
// A timer on every loop fires each interval; how late it fires is the time a handler or a
// blocking call held the loop. Exposed as strata_event_loop_lag_seconds{loop="0"}.
#pragma once
#include <strata/metrics/gauge.hpp>
#include <strata/metrics/registry.hpp>

#include <chrono>
#include <string>

namespace boost::asio {
class io_context;
}

namespace strata::http {
class server;
}

namespace strata::metrics {

struct loop_lag_options {
  std::chrono::milliseconds interval = std::chrono::seconds(1);
  std::string name = "strata_event_loop_lag_seconds";
};

// Starts a monitor on every loop of the server (before or after srv.start()). The monitors run
// until the loops stop.
void start_loop_lag_monitor(http::server& srv, registry& reg, loop_lag_options options = {});

// The same for one io_context, writing each measurement to `lag` (in seconds).
void monitor_loop_lag(boost::asio::io_context& loop, gauge_child lag, std::chrono::milliseconds interval,
                      gauge keep_alive = {});

}  // namespace strata::metrics
