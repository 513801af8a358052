// demo: a small service on Strata's public API, the main service until apps/conduit exists.
#include <strata/http/middleware.hpp>
#include <strata/http/server.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include <cstdio>

using namespace strata::http;
namespace asio = boost::asio;

int main() try {
  server srv(server_options::from_env());
  srv.use(request_id());
  srv.use(security_headers());

  srv.get("/", [](request&, response& res) { res.text("Hello from Strata\n"); });

  srv.get("/hello/:name", [](request& req, response& res) {
    res.json({{"hello", req.param("name")}});
  });

  // A coroutine handler: waits without blocking its loop.
  srv.get("/slow", [](request& req, response& res) -> strata::task<void> {
    auto ms = std::stoi(std::string(req.query("ms").value_or("100")));
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(std::clamp(ms, 0, 10000)));
    co_await timer.async_wait(asio::use_awaitable);
    res.json({{"waited_ms", ms}});
  });

  auto api = srv.group("/api");
  api.use(cors());
  api.post("/echo", [](request& req, response& res) { res.json(req.json()); });

  srv.listen();
  std::printf("demo listening on http://127.0.0.1:%u/\n", srv.port());
  std::fflush(stdout);
  srv.run();
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "demo: %s\n", e.what());
  return 1;
}
