// Health checks run concurrently on the caller's loop; a check that overruns its timeout is
// reported as failed at once and left to finish on its own (its state is shared, not borrowed).
#include <strata/app/health.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

namespace strata {
namespace asio = boost::asio;

namespace {
struct pending {
  explicit pending(const asio::any_io_executor& ex) : done(ex) {}
  asio::steady_timer done;  // cancelled when the check finishes; expires at its timeout
  std::optional<health_result> result;
  std::chrono::steady_clock::time_point finished;
};
}  // namespace

void health_registry::add(std::string name, health_check check, std::chrono::milliseconds timeout) {
  checks_->push_back({std::move(name), std::move(check), timeout});
}

task<boost::json::object> health_registry::run(bool& all_ok) const {
  auto ex = co_await asio::this_coro::executor;
  auto checks = checks_;  // keeps the list alive for checks that outlive this call
  std::vector<std::shared_ptr<pending>> states;
  auto started = std::chrono::steady_clock::now();
  for (const auto& c : *checks) {
    auto st = std::make_shared<pending>(ex);
    st->done.expires_after(c.timeout);
    asio::co_spawn(
        ex,
        [st, check = c.check]() -> task<void> {
          health_result r;
          try {
            r = co_await check();
          } catch (const std::exception& e) {
            r = {false, e.what()};
          }
          st->result = std::move(r);
          st->finished = std::chrono::steady_clock::now();
          st->done.cancel();
        },
        asio::detached);
    states.push_back(std::move(st));
  }
  boost::json::object report, details;
  all_ok = true;
  for (std::size_t i = 0; i < states.size(); ++i) {
    auto& st = *states[i];
    if (!st.result) {
      boost::system::error_code ec;
      co_await st.done.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    // The check's own time: when it answered, or now for one that timed out.
    auto end = st.result ? st.finished : std::chrono::steady_clock::now();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(end - started).count();
    boost::json::object item;
    if (!st.result) {
      all_ok = false;
      item["status"] = "fail";
      item["detail"] = "timed out after " + std::to_string((*checks)[i].timeout.count()) + " ms";
    } else {
      all_ok = all_ok && st.result->ok;
      item["status"] = st.result->ok ? "ok" : "fail";
      if (!st.result->detail.empty()) item["detail"] = st.result->detail;
    }
    item["duration_ms"] = ms;
    details[(*checks)[i].name] = std::move(item);
  }
  report["status"] = all_ok ? "ok" : "fail";
  report["checks"] = std::move(details);
  co_return report;
}

std::function<void(http::scope&)> health_registry::routes() const {
  health_registry self = *this;  // shares the check list
  return [self](http::scope& s) {
    const auto status = boost::json::object{{"type", "object"}, {"properties", {{"status", {{"type", "string"}}}}}};
    // The response schema also writes the payload (unknown members dropped, as Fastify does), so
    // the report's checks are declared: free-form, one member per registered check.
    const auto report = boost::json::object{
        {"type", "object"},
        {"properties", {{"status", {{"type", "string"}}}, {"checks", {{"type", "object"}}}}}};
    s.get(
        "/health/live",
        [](http::request&, http::response& res) {
          res.set("Cache-Control", "no-store");
          res.json(boost::json::object{{"status", "ok"}});
        },
        {.summary = "Liveness probe", .tags = {"health"}, .schema = {{"response", {{"200", status}}}}});
    s.get(
        "/health/ready",
        [self](http::request&, http::response& res) -> task<void> {
          bool ok = true;
          auto report = co_await self.run(ok);
          res.set("Cache-Control", "no-store");
          res.status(ok ? 200 : 503).json(std::move(report));
        },
        {.summary = "Readiness probe: every component's check",
         .tags = {"health"},
         .schema = {{"response", {{"200", report}, {"503", report}}}}});
  };
}

}  // namespace strata
