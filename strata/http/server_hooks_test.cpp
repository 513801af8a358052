// Integration tests for the request lifecycle hooks on a real server: their order, short-circuits,
// on_error, and Fastify-style encapsulation through groups, plugins, use() and route-level hooks.
#include <strata/http/error.hpp>
#include <strata/http/server.hpp>
#include <strata/http/testing/local_server.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace strata::http {
namespace {

using namespace std::chrono_literals;
using testing::fetch;
using testing::get_request;
using testing::post_request;
using testing::local_options;
using testing::raw_client;
using testing::sleep_for;
namespace json = boost::json;
using names = std::vector<std::string>;

// What hooks saw, shared between the server's loop thread and the test.
class recorder {
public:
  void add(std::string s) {
    std::lock_guard lock(mutex_);
    list_.push_back(std::move(s));
  }
  // A hook that records `name`.
  handler hook(std::string name) {
    return [this, name](request&, response&) { add(name); };
  }
  // The list once it has `count` entries (on_response may run just after the response is sent),
  // then cleared.
  names take(std::size_t count = 0) {
    for (int i = 0; i < 200; ++i) {
      {
        std::lock_guard lock(mutex_);
        if (list_.size() >= count) break;
      }
      std::this_thread::sleep_for(5ms);
    }
    std::lock_guard lock(mutex_);
    return std::exchange(list_, {});
  }

private:
  std::mutex mutex_;
  names list_;
};

// ---------------------------------------------------------------------------------------------

TEST(HooksTest, LifecycleOrder) {
  recorder rec;
  std::atomic<std::size_t> body_at_on_request{99}, body_at_pre_parsing{99};
  server srv(local_options());
  srv.on_request([&](request& req, response&) {
    body_at_on_request = req.body().size();
    rec.add("on_request");
  });
  srv.pre_parsing([&](request& req, response&) {
    body_at_pre_parsing = req.body().size();
    rec.add("pre_parsing");
  });
  srv.pre_validation(rec.hook("pre_validation"));
  srv.pre_handler(rec.hook("pre_handler"));
  srv.pre_serialization(rec.hook("pre_serialization"));
  srv.on_send(rec.hook("on_send"));
  srv.on_response(rec.hook("on_response"));
  srv.on_error(rec.hook("on_error"));
  srv.post("/json", [&](request& req, response& res) {
    rec.add("handler");
    res.json(json::object{{"len", req.body().size()}});
  });
  srv.get("/text", [&](request&, response& res) {
    rec.add("handler");
    res.text("plain");
  });
  srv.start();

  auto r = fetch(srv.port(), post_request("/json", "abcdef"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body).at("len"), 6);
  EXPECT_EQ(rec.take(8), (names{"on_request", "pre_parsing", "pre_validation", "pre_handler", "handler",
                                "pre_serialization", "on_send", "on_response"}));
  EXPECT_EQ(body_at_on_request, 0u);  // the body is read after on_request
  EXPECT_EQ(body_at_pre_parsing, 6u);

  // pre_serialization only runs for JSON payloads.
  r = fetch(srv.port(), get_request("/text"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "plain");
  EXPECT_EQ(rec.take(7),
            (names{"on_request", "pre_parsing", "pre_validation", "pre_handler", "handler", "on_send", "on_response"}));

  // Unrouted requests go through the app-level hooks too; the 404 is produced where the handler
  // would run.
  r = fetch(srv.port(), get_request("/nowhere"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(rec.take(6), (names{"on_request", "pre_parsing", "pre_validation", "pre_handler", "on_send", "on_response"}));
}

TEST(HooksTest, OnRequestCanAnswerAndSkipTheHandler) {
  recorder rec;
  std::atomic<int> handled{0};
  server srv(local_options());
  srv.on_request([&](request& req, response& res) {
    rec.add("on_request");
    if (!req.header("Authorization")) res.problem(401, "Unauthorized", "credentials required");
  });
  srv.on_request(rec.hook("on_request_2"));  // later hooks of the same stage are skipped too
  srv.pre_parsing(rec.hook("pre_parsing"));
  srv.pre_handler(rec.hook("pre_handler"));
  srv.on_send([&](request&, response& res) {
    rec.add("on_send");
    res.set("X-On-Send", std::to_string(res.status()));
  });
  srv.on_response(rec.hook("on_response"));
  srv.get("/private", [&](request&, response& res) {
    ++handled;
    res.text("secret");
  });
  srv.post("/private", [&](request& req, response& res) {
    ++handled;
    res.text(std::string(req.body()));
  });
  srv.start();

  raw_client c(srv.port());
  ASSERT_TRUE(c.send(get_request("/private")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->header("Content-Type"), "application/problem+json");
  EXPECT_EQ(json::parse(r->body).at("detail"), "credentials required");
  EXPECT_EQ(r->header("X-On-Send"), "401");
  EXPECT_EQ(rec.take(3), (names{"on_request", "on_send", "on_response"}));
  EXPECT_EQ(handled, 0);

  // A refused POST whose body is already here: the body is skipped and the connection stays in sync.
  ASSERT_TRUE(c.send(post_request("/private", "unread body") + get_request("/private", "Authorization: Bearer x\r\n")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_FALSE(r->has("Connection"));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "secret");
  EXPECT_EQ(r->header("X-On-Send"), "200");
  EXPECT_EQ(handled, 1);
  rec.take(8);

  // A refused chunked upload cannot be skipped safely: the connection closes after the answer.
  ASSERT_TRUE(c.send("POST /private HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->header("Connection"), "close");
  EXPECT_TRUE(c.wait_closed(2s));
  EXPECT_EQ(handled, 1);
}

TEST(HooksTest, OnErrorRunsAndCanReplaceTheResponse) {
  recorder rec;
  server srv(local_options());
  auto replace = srv.group("/replace");
  replace.on_error([&](request& req, response& res) {
    std::string what = "unknown";
    try {
      std::rethrow_exception(req.error());
    } catch (const std::exception& e) {
      what = e.what();
    }
    rec.add("on_error: " + what);
    res.status(503).json(json::object{{"error", what}});
  });
  replace.get("/sync", [](request&, response&) -> void { throw std::runtime_error("sync failure"); });
  replace.get("/async", [](request&, response&) -> task<void> {
    co_await sleep_for(1ms);
    throw std::runtime_error("async failure");
  });

  auto text = srv.group("/text");
  text.on_error([](request&, response& res) { res.status(502).text("custom text"); });
  text.get("/x", [](request&, response&) -> void { throw std::runtime_error("x"); });

  auto observe = srv.group("/observe");
  observe.on_error([&](request& req, response&) { rec.add(req.error() ? "observed" : "no error"); });
  observe.get("/x", [](request&, response&) -> void { throw http_error(409, "Conflict", "already there"); });
  // A throwing hook counts as an error of the request too.
  observe.pre_handler([](request& req, response&) {
    if (req.header("X-Fail")) throw http_error(403, "Forbidden");
  });
  observe.get("/ok", [](request& req, response& res) { res.text(req.error() ? "error visible" : "fine"); });

  auto broken = srv.group("/broken");
  broken.on_error([](request&, response&) -> void { throw std::logic_error("the error hook itself fails"); });
  broken.get("/x", [](request&, response&) -> void { throw std::runtime_error("first"); });
  srv.get("/fine", [](request&, response& res) { res.text("fine"); });
  srv.start();

  raw_client c(srv.port());
  for (const char* path : {"/replace/sync", "/replace/async"}) {
    SCOPED_TRACE(path);
    ASSERT_TRUE(c.send(get_request(path)));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503);
    EXPECT_EQ(r->header("Content-Type"), "application/json; charset=utf-8");
    ASSERT_FALSE(r->body.empty());
    auto doc = json::parse(r->body);
    EXPECT_EQ(doc.at("error"), std::string(path) == "/replace/sync" ? "sync failure" : "async failure");
  }
  EXPECT_EQ(rec.take(2), (names{"on_error: sync failure", "on_error: async failure"}));

  ASSERT_TRUE(c.send(get_request("/text/x")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 502);
  EXPECT_EQ(r->body, "custom text");

  // An on_error hook that only observes leaves the standard problem response.
  ASSERT_TRUE(c.send(get_request("/observe/x")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  EXPECT_EQ(json::parse(r->body).at("detail"), "already there");
  EXPECT_EQ(rec.take(1), (names{"observed"}));

  ASSERT_TRUE(c.send(get_request("/observe/ok", "X-Fail: 1\r\n")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(rec.take(1), (names{"observed"}));
  ASSERT_TRUE(c.send(get_request("/observe/ok")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "fine");

  // A failing on_error hook falls back to the standard 500.
  ASSERT_TRUE(c.send(get_request("/broken/x")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->header("Content-Type"), "application/problem+json");

  // Groups without on_error hooks are not affected, and the connection is fine.
  ASSERT_TRUE(c.send(get_request("/fine")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "fine");
  EXPECT_EQ(rec.take(), names{});
}

TEST(HooksTest, GroupHooksAreEncapsulated) {
  recorder rec;
  server srv(local_options());
  srv.on_request(rec.hook("root"));
  auto a = srv.group("/a");
  a.on_request(rec.hook("a"));
  a.get("/x", [&](request&, response& res) { res.text("a/x"); });
  auto inner = a.group("/inner");
  inner.on_request(rec.hook("inner"));
  inner.get("/y", [&](request&, response& res) { res.text("a/inner/y"); });
  auto b = srv.group("/b");
  b.get("/x", [&](request&, response& res) { res.text("b/x"); });
  srv.get("/top", [&](request&, response& res) { res.text("top"); });
  srv.start();

  struct expectation {
    const char* path;
    const char* body;
    names hooks;
  };
  for (const auto& e : {expectation{"/a/x", "a/x", {"root", "a"}}, expectation{"/a/inner/y", "a/inner/y", {"root", "a", "inner"}},
                        expectation{"/b/x", "b/x", {"root"}}, expectation{"/top", "top", {"root"}},
                        expectation{"/a/nothing", nullptr, {"root"}}}) {
    SCOPED_TRACE(e.path);
    auto r = fetch(srv.port(), get_request(e.path));
    ASSERT_TRUE(r);
    if (e.body) EXPECT_EQ(r->body, e.body);
    else EXPECT_EQ(r->status, 404);
    EXPECT_EQ(rec.take(e.hooks.size()), e.hooks);
  }
}

TEST(HooksTest, PluginRegistersPrefixedEncapsulatedRoutes) {
  recorder rec;
  server srv(local_options());
  srv.plugin(
      [&](scope& s) {
        EXPECT_EQ(s.prefix(), "/plug");
        s.on_request(rec.hook("plugin"));
        s.get("/p", [](request& req, response& res) { res.text(std::string(req.route_pattern())); });
        s.plugin([&](scope& nested) { nested.get("/deep", [](request&, response& res) { res.text("deep"); }); }, "/n");
      },
      "/plug");
  srv.plugin([&](scope& s) {
    s.on_send(rec.hook("unprefixed plugin"));
    s.get("/from-plugin", [](request&, response& res) { res.text("from plugin"); });
  });
  srv.get("/other", [](request&, response& res) { res.text("other"); });
  srv.start();

  auto r = fetch(srv.port(), get_request("/plug/p"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "/plug/p");
  EXPECT_EQ(rec.take(1), names{"plugin"});

  r = fetch(srv.port(), get_request("/plug/n/deep"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "deep");
  EXPECT_EQ(rec.take(1), names{"plugin"});  // nested plugins inherit

  r = fetch(srv.port(), get_request("/p"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);

  r = fetch(srv.port(), get_request("/from-plugin"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "from plugin");
  EXPECT_EQ(rec.take(1), names{"unprefixed plugin"});

  // Neither plugin's hooks leak to routes outside it.
  r = fetch(srv.port(), get_request("/other"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "other");
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(rec.take(), names{});
}

TEST(HooksTest, UseIsUnencapsulated) {
  server srv(local_options());
  srv.get("/before", [](request&, response& res) { res.text("before"); });
  auto stamp = [](std::string value) {
    return [value](scope& s) { s.on_send([value](request&, response& res) { res.append("X-Stamp", value); }); };
  };
  srv.use(stamp("app"));
  auto g = srv.group("/g");
  g.use(stamp("group"));  // applied to the group itself: its routes only
  g.get("/r", [](request&, response& res) { res.text("g"); });
  srv.get("/after", [](request&, response& res) { res.text("after"); });
  srv.plugin([&](scope& s) {
    s.use(stamp("plugin"));
    s.get("/in-plugin", [](request&, response& res) { res.text("p"); });
  });
  srv.start();

  raw_client c(srv.port());
  auto stamps = [&](const std::string& path) {
    EXPECT_TRUE(c.send(get_request(path)));
    auto r = c.read_response();
    EXPECT_TRUE(r);
    return r ? r->all("X-Stamp") : names{"<no response>"};
  };
  EXPECT_EQ(stamps("/before"), names{"app"});
  EXPECT_EQ(stamps("/after"), names{"app"});
  EXPECT_EQ(stamps("/g/r"), (names{"app", "group"}));
  EXPECT_EQ(stamps("/in-plugin"), (names{"app", "plugin"}));
  EXPECT_EQ(stamps("/missing"), names{"app"});
}

TEST(HooksTest, RouteHooksRunAfterScopeHooks) {
  recorder rec;
  server srv(local_options());
  srv.pre_handler(rec.hook("app pre_handler"));
  srv.on_send(rec.hook("app on_send"));
  auto g = srv.group("/g");
  g.pre_handler(rec.hook("group pre_handler"));
  route_options o;
  o.hooks.emplace_back(hook_kind::on_send, rec.hook("route on_send"));
  o.hooks.emplace_back(hook_kind::pre_handler, rec.hook("route pre_handler"));
  o.hooks.emplace_back(hook_kind::pre_handler, [](request& req, response& res) {
    if (req.header("X-Deny")) res.problem(403, "Forbidden");
  });
  g.get("/r", [&](request&, response& res) {
    rec.add("handler");
    res.text("r");
  }, o);
  g.get("/plain", [&](request&, response& res) { res.text("plain"); });
  srv.start();

  auto r = fetch(srv.port(), get_request("/g/r"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "r");
  EXPECT_EQ(rec.take(6), (names{"app pre_handler", "group pre_handler", "route pre_handler", "handler", "app on_send",
                                "route on_send"}));

  // A route-level guard answers; the handler is skipped.
  r = fetch(srv.port(), get_request("/g/r", "X-Deny: 1\r\n"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(rec.take(5),
            (names{"app pre_handler", "group pre_handler", "route pre_handler", "app on_send", "route on_send"}));

  // Route hooks belong to their route only.
  r = fetch(srv.port(), get_request("/g/plain"));
  ASSERT_TRUE(r);
  EXPECT_EQ(rec.take(3), (names{"app pre_handler", "group pre_handler", "app on_send"}));
}

TEST(HooksTest, PreSerializationCanChangeThePayload) {
  server srv(local_options());
  srv.pre_serialization([](request& req, response& res) {
    if (auto* p = res.payload(); p && p->is_object()) {
      p->as_object()["added"] = "by hook";
      p->as_object()["route"] = req.route_pattern();
    }
  });
  srv.get("/obj", [](request&, response& res) { res.json(json::object{{"a", 1}}); });
  srv.get("/arr", [](request&, response& res) { res.json(json::array{1, 2}); });
  srv.get("/text", [](request&, response& res) { res.text("not json"); });
  srv.start();

  auto r = fetch(srv.port(), get_request("/obj"));
  ASSERT_TRUE(r);
  EXPECT_EQ(json::parse(r->body), json::parse(R"({"a":1,"added":"by hook","route":"/obj"})"));
  EXPECT_EQ(r->header("Content-Length"), std::to_string(r->body.size()));
  r = fetch(srv.port(), get_request("/arr"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "[1,2]");
  r = fetch(srv.port(), get_request("/text"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "not json");
}

TEST(HooksTest, HooksAddedAfterRoutesStillApply) {
  recorder rec;
  server srv(local_options());
  srv.get("/early", [](request&, response& res) { res.text("early"); });
  auto g = srv.group("/g");
  g.get("/x", [](request&, response& res) { res.text("g"); });
  // Hooks registered after the routes they should cover.
  srv.on_send([](request&, response& res) { res.set("X-Late", "app"); });
  g.on_request(rec.hook("late group hook"));
  srv.start();

  auto r = fetch(srv.port(), get_request("/early"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("X-Late"), "app");
  r = fetch(srv.port(), get_request("/g/x"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("X-Late"), "app");
  EXPECT_EQ(rec.take(1), names{"late group hook"});

  // Once serving, the routing table is frozen.
  EXPECT_THROW(srv.get("/too-late", [](request&, response& res) { res.text("x"); }), std::logic_error);
  EXPECT_THROW(srv.on_request([](request&, response&) {}), std::logic_error);
}

TEST(HooksTest, AsyncHooksAndRequestState) {
  server srv(local_options());
  srv.on_request([](request& req, response& res) -> task<void> {
    co_await sleep_for(5ms);
    auto token = req.header("Authorization");
    if (!token) {
      res.problem(401, "Unauthorized");
      co_return;
    }
    req.set("user", std::string(token->substr(token->find(' ') + 1)));
  });
  srv.on_send([](request&, response& res) -> task<void> {
    co_await sleep_for(1ms);
    res.set("X-Async-Send", "yes");
  });
  srv.get("/me", [](request& req, response& res) {
    auto* user = req.get<std::string>("user");
    res.text(user ? *user : "nobody");
  });
  srv.start();

  raw_client c(srv.port());
  ASSERT_TRUE(c.send(get_request("/me", "Authorization: Bearer alice\r\n")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "alice");
  EXPECT_EQ(r->header("X-Async-Send"), "yes");

  // Request state does not leak into the next request on the connection.
  ASSERT_TRUE(c.send(get_request("/me")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->header("X-Async-Send"), "yes");
}

TEST(HooksTest, FailingOnSendHookGives500) {
  server srv(local_options());
  srv.on_send([](request& req, response&) {
    if (req.header("X-Break")) throw std::runtime_error("on_send broke");
  });
  srv.get("/x", [](request&, response& res) { res.text("x"); });
  srv.start();

  raw_client c(srv.port());
  ASSERT_TRUE(c.send(get_request("/x", "X-Break: 1\r\n")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->header("Content-Type"), "application/problem+json");
  ASSERT_TRUE(c.send(get_request("/x")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "x");
}

}  // namespace
}  // namespace strata::http
