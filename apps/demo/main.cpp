// demo: a small service on Strata's public API, the main service until apps/conduit exists.
// Configuration, logs, metrics (/metrics) and health (/health/live, /health/ready) come from
// strata::app; PORT, config/*.yaml, .env and --set configure it.
#include <strata/app/app.hpp>
#include <strata/http/middleware.hpp>
#include <strata/log/request_logger.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

using namespace strata::http;
namespace asio = boost::asio;

int main(int argc, char** argv) {
  strata::app app(argc, argv, {.name = "demo"});
  auto& srv = app.http();
  srv.use(security_headers());

  srv.get("/", [](request&, response& res) { res.text("Hello from Strata\n"); });

  srv.get("/hello/:name", [](request& req, response& res) {
    strata::log::of(req).info("greeting", {{"who", req.param("name")}});
    res.json({{"hello", req.param("name")}});
  });

  // A coroutine handler: waits without blocking its loop.
  srv.get("/slow", [](request& req, response& res) -> strata::task<void> {
    auto ms = std::clamp(std::atoi(std::string(req.query("ms").value_or("100")).c_str()), 0, 10000);
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(ms));
    co_await timer.async_wait(asio::use_awaitable);
    res.json({{"waited_ms", ms}});
  });

  auto api = srv.group("/api");
  api.use(cors());
  api.post("/echo", [](request& req, response& res) { res.json(req.json()); });

  return app.run();
}
