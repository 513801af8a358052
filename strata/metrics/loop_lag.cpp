// The lag monitor: a coroutine per loop that sleeps until a deadline and records how far past the
// deadline it woke up. The next deadline is counted from the wake-up, so one long stall is
// reported once instead of being followed by a burst of catch-up timers.
#include <strata/http/server.hpp>
#include <strata/metrics/loop_lag.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace strata::metrics {

namespace asio = boost::asio;

namespace {

// `family` keeps the gauge's family (and so `lag`) alive for as long as the loop runs this.
asio::awaitable<void> watch(gauge_child lag, std::chrono::milliseconds interval, gauge family) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    auto deadline = std::chrono::steady_clock::now() + interval;
    timer.expires_at(deadline);
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    lag.set(std::chrono::duration<double>(std::chrono::steady_clock::now() - deadline).count());
  }
}

}  // namespace

void monitor_loop_lag(asio::io_context& loop, gauge_child lag, std::chrono::milliseconds interval, gauge keep_alive) {
  asio::co_spawn(loop, watch(lag, interval, std::move(keep_alive)), asio::detached);
}

void start_loop_lag_monitor(http::server& srv, registry& reg, loop_lag_options options) {
  auto lag = reg.gauge({.name = options.name,
                        .help = "How late a timer on the event loop fires, in seconds (time the loop was blocked).",
                        .label_names = {"loop"}});
  for (std::size_t i = 0; i < srv.loop_count(); ++i)
    monitor_loop_lag(srv.loop(i), lag.labels({std::to_string(i)}), options.interval, lag);
}

}  // namespace strata::metrics
