// demo: a small service on Strata's public API, the main service until apps/conduit exists.
// Configuration, logs, metrics (/metrics) and health (/health/live, /health/ready) come from
// strata::app; PORT, config/*.yaml, .env and --set configure it. The routes' schemas document
// them: /docs (Swagger UI), /openapi.json, /openapi.yaml, /postman.json.
#include <strata/app/app.hpp>
#include <strata/http/middleware.hpp>
#include <strata/log/request_logger.hpp>
#include <strata/openapi/docs.hpp>

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

  srv.use(strata::openapi::docs({.about = {.title = "Strata demo", .version = "0.1.0",
                                            .description = "A small service on Strata's public API."}}));

  srv.get("/", [](request&, response& res) { res.text("Hello from Strata\n"); }, {.summary = "A greeting in plain text"});

  srv.get(
      "/hello/:name",
      [](request& req, response& res) {
        strata::log::of(req).info("greeting", {{"who", req.param("name")}});
        res.json({{"hello", req.param("name")}});
      },
      {.summary = "Greet someone by name",
       .tags = {"demo"},
       .schema = boost::json::parse(R"({
         "params": {"type": "object", "properties": {"name": {"type": "string", "minLength": 1, "examples": ["Ada"]}}},
         "response": {"200": {"type": "object", "properties": {"hello": {"type": "string"}}, "required": ["hello"]}}
       })").as_object()});

  // A coroutine handler: waits without blocking its loop.
  srv.get(
      "/slow",
      [](request& req, response& res) -> strata::task<void> {
        auto ms = std::clamp(std::atoi(std::string(req.query("ms").value_or("100")).c_str()), 0, 10000);
        asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(ms));
        co_await timer.async_wait(asio::use_awaitable);
        res.json({{"waited_ms", ms}});
      },
      {.summary = "Answer after a delay, without blocking the loop",
       .tags = {"demo"},
       .schema = boost::json::parse(R"({
         "querystring": {"type": "object",
                         "properties": {"ms": {"type": "integer", "minimum": 0, "maximum": 10000, "default": 100}}},
         "response": {"200": {"type": "object", "properties": {"waited_ms": {"type": "integer"}}}}
       })").as_object()});

  auto api = srv.group("/api");
  api.use(cors());
  api.post(
      "/echo", [](request& req, response& res) { res.json(req.json()); },
      {.summary = "Echo a JSON body",
       .tags = {"demo"},
       .schema = boost::json::parse(R"({
         "body": {"type": "object", "examples": [{"message": "hello"}]},
         "response": {"200": {"type": "object"}}
       })").as_object()});

  return app.run();
}
