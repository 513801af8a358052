// Tests for the request logger on a real server: one pino-http style line per request with req,
// res, responseTime, route and reqId; handler lines through of(req) carry the same reqId; levels by
// status; request_id integration; header redaction; ignore; of() without the plugin.
#include <strata/http/error.hpp>
#include <strata/http/middleware.hpp>
#include <strata/http/server.hpp>
#include <strata/http/testing/raw_client.hpp>
#include <strata/log/request_logger.hpp>
#include <strata/log/sink.hpp>
#include <strata/log/testing/capture.hpp>

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

namespace strata::log {
namespace {

namespace json = boost::json;
using http::testing::fetch;
using http::testing::get_request;
using testing::capture;
using testing::keys_of;
using names = std::vector<std::string>;

http::server_options local() {
  http::server_options o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.threads = 1;
  return o;
}

// The records whose msg is `msg`.
std::vector<json::object> with_msg(const std::vector<json::object>& all, std::string_view msg) {
  std::vector<json::object> out;
  for (const auto& r : all)
    if (r.at("msg").as_string() == msg) out.push_back(r);
  return out;
}

TEST(request_logger, one_line_per_request_and_handler_lines_share_the_id) {
  capture c;
  http::server srv(local());
  srv.use(request_logger());
  srv.get("/users/:id", [](http::request& req, http::response& res) {
    of(req).info("loading user", {{"user", std::string(req.param("id"))}});
    res.json({{"id", std::string(req.param("id"))}});
  });
  srv.start();
  auto resp = fetch(srv.port(), get_request("/users/42?expand=1", "User-Agent: curl/8.0\r\nX-Other: no\r\n"));
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->status, 200);
  auto all = c.wait_for(2);
  srv.stop();
  srv.wait();

  ASSERT_EQ(all.size(), 2u);
  const auto& handler_line = all[0];
  const auto& line = all[1];
  EXPECT_EQ(handler_line.at("msg").as_string(), "loading user");
  EXPECT_EQ(handler_line.at("user").as_string(), "42");
  EXPECT_EQ(keys_of(handler_line), (names{"level", "time", "pid", "hostname", "reqId", "user", "msg"}));

  EXPECT_EQ(keys_of(line),
            (names{"level", "time", "pid", "hostname", "reqId", "req", "res", "responseTime", "route", "msg"}));
  EXPECT_EQ(line.at("level").as_int64(), 30);
  EXPECT_EQ(line.at("msg").as_string(), "request completed");
  const auto id = line.at("reqId").as_string();
  EXPECT_FALSE(id.empty());
  EXPECT_EQ(handler_line.at("reqId").as_string(), id);

  const auto& req = line.at("req").as_object();
  EXPECT_EQ(keys_of(req), (names{"id", "method", "url", "headers", "remoteAddress"}));
  EXPECT_EQ(req.at("id").as_string(), id);
  EXPECT_EQ(req.at("method").as_string(), "GET");
  EXPECT_EQ(req.at("url").as_string(), "/users/42?expand=1");
  EXPECT_EQ(req.at("headers").as_object(), (json::object{{"host", "test"}, {"user-agent", "curl/8.0"}}));
  EXPECT_EQ(req.at("remoteAddress").as_string(), "127.0.0.1");

  const auto& res = line.at("res").as_object();
  EXPECT_EQ(res.at("statusCode").as_int64(), 200);
  EXPECT_EQ(res.at("headers").at("content-type").as_string(), "application/json; charset=utf-8");
  EXPECT_EQ(res.at("headers").at("content-length").as_string(), std::to_string(resp->body.size()));
  ASSERT_TRUE(line.at("responseTime").is_number());
  EXPECT_GE(line.at("responseTime").to_number<double>(), 0.0);
  EXPECT_LT(line.at("responseTime").to_number<double>(), 5000.0);
  EXPECT_EQ(line.at("route").as_string(), "/users/:id");
}

TEST(request_logger, level_follows_the_status_like_pino_http) {
  capture c;
  http::server srv(local());
  srv.use(request_logger());
  srv.get("/ok", [](http::request&, http::response& res) { res.text("fine"); });
  srv.get("/teapot", [](http::request&, http::response& res) { res.status(418).text("short and stout"); });
  srv.get("/boom", [](http::request&, http::response&) { throw std::runtime_error("kaboom"); });
  srv.start();
  for (const char* path : {"/ok", "/teapot", "/nowhere", "/boom"}) ASSERT_TRUE(fetch(srv.port(), get_request(path)));
  auto all = c.wait_for(4);
  srv.stop();
  srv.wait();

  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].at("level").as_int64(), 30);
  EXPECT_EQ(all[1].at("level").as_int64(), 40);
  EXPECT_EQ(all[1].at("res").at("statusCode").as_int64(), 418);
  EXPECT_EQ(all[2].at("level").as_int64(), 40);
  EXPECT_EQ(all[2].at("res").at("statusCode").as_int64(), 404);
  EXPECT_FALSE(all[2].contains("route"));  // no route matched
  EXPECT_EQ(all[3].at("level").as_int64(), 50);
  EXPECT_EQ(all[3].at("res").at("statusCode").as_int64(), 500);
  EXPECT_EQ(all[3].at("msg").as_string(), "request errored");
  EXPECT_EQ(all[3].at("err").at("message").as_string(), "kaboom");
  EXPECT_EQ(all[3].at("err").at("type").as_string(), "std::runtime_error");
}

TEST(request_logger, uses_the_request_id_middlewares_id) {
  capture c;
  http::server srv(local());
  srv.use(http::request_id());
  srv.use(request_logger());
  srv.get("/", [](http::request& req, http::response& res) {
    of(req).warn("inside");
    res.text("ok");
  });
  srv.start();
  auto resp = fetch(srv.port(), get_request("/", "X-Request-Id: trace-abc-123\r\n"));
  ASSERT_TRUE(resp);
  auto all = c.wait_for(2);
  srv.stop();
  srv.wait();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].at("reqId").as_string(), "trace-abc-123");
  EXPECT_EQ(all[1].at("reqId").as_string(), "trace-abc-123");
  EXPECT_EQ(all[1].at("req").at("id").as_string(), "trace-abc-123");
  EXPECT_EQ(resp->header("X-Request-Id"), "trace-abc-123");
}

TEST(request_logger, chosen_headers_are_redacted) {
  options o;
  o.redact = {"req.headers.authorization", "res.headers[\"set-cookie\"]"};
  capture c(o);
  request_logger_options ro;
  ro.request_headers = {"Host", "Authorization"};
  ro.response_headers = {"set-cookie", "x-kept"};
  http::server srv(local());
  srv.use(request_logger(ro));
  srv.get("/login", [](http::request&, http::response& res) {
    res.set("Set-Cookie", "sid=secret");
    res.set("X-Kept", "visible");
    res.text("welcome");
  });
  srv.start();
  ASSERT_TRUE(fetch(srv.port(), get_request("/login", "Authorization: Bearer top-secret\r\n")));
  auto all = c.wait_for(1);
  srv.stop();
  srv.wait();
  ASSERT_EQ(all.size(), 1u);
  const auto& line = all[0];
  EXPECT_EQ(line.at("req").at("headers").at("host").as_string(), "test");
  EXPECT_EQ(line.at("req").at("headers").at("authorization").as_string(), "[Redacted]");
  EXPECT_EQ(line.at("res").at("headers").at("set-cookie").as_string(), "[Redacted]");
  EXPECT_EQ(line.at("res").at("headers").at("x-kept").as_string(), "visible");
  EXPECT_EQ(json::serialize(line).find("top-secret"), std::string::npos);
}

TEST(request_logger, ignore_and_levels_silence_request_lines) {
  capture c;
  request_logger_options ro;
  ro.ignore = [](const http::request& req) { return req.path() == "/health"; };
  ro.parent = get("http-quiet");
  http::server srv(local());
  srv.use(request_logger(ro));
  srv.get("/health", [](http::request& req, http::response& res) { res.text("up"); });
  srv.get("/work", [](http::request& req, http::response& res) { res.text("done"); });
  srv.start();
  ASSERT_TRUE(fetch(srv.port(), get_request("/health")));
  ASSERT_TRUE(fetch(srv.port(), get_request("/work")));
  auto all = c.wait_for(1);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].at("req").at("url").as_string(), "/work");
  EXPECT_EQ(all[0].at("name").as_string(), "http-quiet");

  set_level("http-quiet", level::warn);  // at run time: the next request is not logged
  ASSERT_TRUE(fetch(srv.port(), get_request("/work")));
  ASSERT_TRUE(fetch(srv.port(), get_request("/missing")));  // 404 is a warn: still logged
  all = c.wait_for(2);
  srv.stop();
  srv.wait();
  reset_level("http-quiet");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].at("res").at("statusCode").as_int64(), 404);
}

TEST(request_logger, of_falls_back_to_the_root_logger) {
  capture c;
  http::server srv(local());
  srv.get("/", [](http::request& req, http::response& res) {
    of(req).info("no plugin here");
    res.text("ok");
  });
  srv.start();
  ASSERT_TRUE(fetch(srv.port(), get_request("/")));
  auto all = c.wait_for(1);
  srv.stop();
  srv.wait();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(keys_of(all[0]), (names{"level", "time", "pid", "hostname", "msg"}));
}

TEST(request_logger, pipelined_requests_each_get_their_own_id) {
  capture c;
  http::server srv(local());
  srv.use(request_logger());
  srv.get("/p/:n", [](http::request& req, http::response& res) {
    of(req).info("handling", {{"n", std::string(req.param("n"))}});
    res.text("ok");
  });
  srv.start();
  http::testing::raw_client client(srv.port());
  ASSERT_TRUE(client.send(get_request("/p/1") + get_request("/p/2") + get_request("/p/3")));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.read_response());
  auto all = c.wait_for(6);
  srv.stop();
  srv.wait();
  ASSERT_EQ(all.size(), 6u);
  auto handling = with_msg(all, "handling");
  auto completed = with_msg(all, "request completed");
  ASSERT_EQ(handling.size(), 3u);
  ASSERT_EQ(completed.size(), 3u);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < 3; ++i) {
    ids.insert(std::string(handling[i].at("reqId").as_string()));
    EXPECT_EQ(completed[i].at("req").at("url").as_string(), "/p/" + std::string(handling[i].at("n").as_string()));
    EXPECT_EQ(completed[i].at("reqId"), handling[i].at("reqId"));
  }
  EXPECT_EQ(ids.size(), 3u);
}

}  // namespace
}  // namespace strata::log

namespace strata::log {
namespace {

// The line as served with `redact` configured, with the per-request values (time, ids, timing)
// blanked so two runs compare equal.
std::string served_line(std::vector<std::string> redact) {
  options o;
  o.redact = std::move(redact);
  capture c(o);
  http::server srv(local());
  srv.use(request_logger({.request_headers = {"host", "user-agent", "x-quote"},
                          .response_headers = {"content-type", "content-length", "x-absent"}}));
  srv.get("/items/:id", [](http::request&, http::response& res) { res.json({{"ok", true}}); });
  srv.start();
  // A header value that needs escaping, so both paths' string escaping is compared too.
  auto resp = fetch(srv.port(), get_request("/items/7?q=%22x%22", "User-Agent: t/1\r\nX-Quote: say \"hi\" \\o/ \xc3\xa9\r\n"));
  EXPECT_TRUE(resp);
  auto all = c.wait_for(1);
  srv.stop();
  srv.wait();
  if (all.size() != 1) return "no line";
  auto line = all[0];
  for (const char* k : {"time", "pid", "reqId", "responseTime"}) line[k] = "-";
  line.at("req").as_object()["id"] = "-";
  return boost::json::serialize(line);
}

TEST(request_logger, fast_path_writes_what_the_general_path_writes) {
  // No redact path takes the fast path; a path that matches nothing here forces the general one.
  const auto fast = served_line({});
  const auto general = served_line({"nothing.here"});
  EXPECT_NE(fast, "no line");
  EXPECT_EQ(fast, general);
  EXPECT_NE(fast.find(R"("x-quote":"say \"hi\" \\o/ é")"), std::string::npos) << fast;
  EXPECT_NE(fast.find(R"("content-length":"11")"), std::string::npos) << fast;
  EXPECT_EQ(fast.find("x-absent"), std::string::npos) << fast;
}

}  // namespace
}  // namespace strata::log
