// Shared by the session tests (every store, in auth_test and auth_server_test): a client with a
// cookie jar, a clock the test moves, an HTTP service with login/logout/counter routes, and the
// checks each server-side store must pass.
#pragma once
#include <strata/auth/authentication.hpp>
#include <strata/auth/session.hpp>
#include <strata/auth/session_strategy.hpp>
#include <strata/http/server.hpp>
#include <strata/http/testing/local_server.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace strata::auth::testing {

using namespace std::chrono_literals;

inline constexpr std::string_view secret = "0123456789abcdef0123456789abcdef-test-secret";
inline constexpr std::string_view other_secret = "fedcba9876543210fedcba9876543210-next-secret";

// Unix ms, moved by hand; starts at the real time so stores that read their own clock agree.
struct virtual_clock {
  std::shared_ptr<std::atomic<std::int64_t>> ms = std::make_shared<std::atomic<std::int64_t>>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  std::function<std::int64_t()> fn() const {
    return [ms = ms] { return ms->load(); };
  }
  void advance(std::chrono::milliseconds d) { ms->fetch_add(d.count()); }
};

// A client that keeps cookies as a browser does (by name; Max-Age=0 or an empty value deletes).
struct browser {
  std::uint16_t port;
  std::map<std::string, std::string> jar;
  std::string extra;  // header lines sent with every request

  http::testing::raw_response send(std::string_view method, std::string_view path, std::string_view body = {},
                                   std::string headers = {}) {
    headers += extra + cookie_header();
    auto req = method == "GET" || method == "HEAD" ? http::testing::get_request(path, headers, method)
                                                   : http::testing::post_request(path, body, headers, method);
    auto r = http::testing::fetch(port, req, method == "HEAD");
    if (!r) throw std::runtime_error("no response to " + std::string(method) + " " + std::string(path));
    for (const auto& line : r->all("Set-Cookie")) remember(line);
    return *r;
  }
  http::testing::raw_response get(std::string_view path, std::string headers = {}) { return send("GET", path, {}, headers); }
  http::testing::raw_response post(std::string_view path, std::string_view body = {}, std::string headers = {}) {
    return send("POST", path, body, headers);
  }

  // "Cookie: a=1; b=2\r\n", or "" with an empty jar.
  std::string cookie_header() const {
    if (jar.empty()) return {};
    std::string c = "Cookie: ";
    bool first = true;
    for (const auto& [k, v] : jar) {
      c += (first ? "" : "; ") + k + "=" + v;
      first = false;
    }
    return c + "\r\n";
  }

  void remember(const std::string& line) {
    auto semi = line.find(';');
    auto pair = line.substr(0, semi);
    auto eq = pair.find('=');
    if (eq == std::string::npos) return;
    auto name = pair.substr(0, eq), value = pair.substr(eq + 1);
    if (value.empty() || line.find("Max-Age=0") != std::string::npos) jar.erase(name);
    else jar[name] = value;
  }
  std::string cookie(const std::string& name) const {
    auto it = jar.find(name);
    return it == jar.end() ? std::string() : it->second;
  }
};

inline std::string json_field(const http::testing::raw_response& r, std::string_view name) {
  auto v = boost::json::parse(r.body);
  const auto* f = v.as_object().if_contains(name);
  if (!f) return {};
  return f->is_string() ? std::string(f->get_string()) : boost::json::serialize(*f);
}

// Routes: POST /login (body: the user id), GET /me (requires the session strategy), POST /logout,
// POST /logout-all, GET /count (a counter in the session), GET /peek (reads without changing),
// GET /slow (changes the session, then waits 300 ms before answering).
inline void add_session_routes(http::scope& s) {
  s.post("/login", [](http::request& req, http::response& res) {
    login(req, res, principal{.id = std::string(req.body()), .roles = {"user"}});
    res.json({{"id", session_of(req).id()}});
  });
  s.get("/me", [](http::request& req, http::response& res) {
    res.json({{"id", require_user(req).id}, {"strategy", require_user(req).strategy}});
  }, {.auth = http::auth_requirement{.strategies = {"session"}}});
  s.post("/logout", [](http::request& req, http::response& res) {
    logout(req, res);
    res.no_content();
  });
  s.post("/logout-all", [](http::request& req, http::response& res) -> task<void> {
    auto n = co_await logout_everywhere(req, res);
    res.json({{"ended", n}});
  });
  s.get("/count", [](http::request& req, http::response& res) {
    auto& st = session_of(req);
    std::int64_t n = st.get("n") ? st.get("n")->as_int64() : 0;
    st.set("n", n + 1);
    res.json({{"n", n + 1}, {"id", st.id()}});
  });
  s.get("/slow", [](http::request& req, http::response& res) -> task<void> {
    session_of(req).set("slow", true);
    co_await http::testing::sleep_for(std::chrono::milliseconds(300));
    res.text("slow");
  });
  s.get("/peek", [](http::request& req, http::response& res) {
    auto& st = session_of(req);
    res.json({{"n", st.get("n") ? *st.get("n") : boost::json::value(nullptr)}, {"new", st.is_new()}});
  });
}

struct session_service {
  http::server srv{http::testing::local_options()};
  // `more` adds routes or plugins before the server starts.
  explicit session_service(session_options o, const std::function<void(http::server&)>& more = {}) {
    if (o.secrets.empty()) o.secrets = {std::string(secret)};
    if (!o.secure) o.secure = false;
    srv.use(session(std::move(o)));
    srv.use(authentication({.strategies = {session_strategy()}}));
    add_session_routes(srv);
    if (more) more(srv);
    srv.start();
  }
  std::uint16_t port() { return srv.port(); }
  browser client() { return browser{port()}; }
};

// The checks every server-side store passes: login, fixation, logout, logout everywhere, and
// idle against absolute expiry.
inline void check_store(const std::function<std::shared_ptr<session_store>(std::function<std::int64_t()>)>& make) {
  virtual_clock clock;
  auto store = make(clock.fn());
  session_service app({.store = store, .idle_timeout = 10min, .absolute_timeout = 60min, .touch_after = 1min,
                       .clock = clock.fn()});

  // Anonymous: no cookie, 401; a counter starts a session.
  auto alice = app.client();
  EXPECT_EQ(alice.get("/me").status, 401);
  EXPECT_TRUE(alice.jar.empty());
  EXPECT_EQ(json_field(alice.get("/count"), "n"), "1");
  const std::string anonymous_cookie = alice.cookie("sid");
  ASSERT_FALSE(anonymous_cookie.empty());
  EXPECT_EQ(json_field(alice.get("/count"), "n"), "2");

  // Login: a new id (fixation), the data kept, the old cookie dead.
  auto login = alice.post("/login", "alice");
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_NE(alice.cookie("sid"), anonymous_cookie);
  auto me = alice.get("/me");
  EXPECT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json_field(me, "id"), "alice");
  EXPECT_EQ(json_field(me, "strategy"), "session");
  EXPECT_EQ(json_field(alice.get("/peek"), "n"), "2");
  browser fixated{app.port()};
  fixated.jar["sid"] = anonymous_cookie;
  EXPECT_EQ(fixated.get("/me").status, 401);
  EXPECT_EQ(json_field(fixated.get("/peek"), "new"), "true");

  // Two sessions of one user, one of another; logout everywhere ends alice's two only.
  auto alice2 = app.client();
  alice2.post("/login", "alice");
  auto bob = app.client();
  bob.post("/login", "bob");
  EXPECT_EQ(alice2.get("/me").status, 200);
  auto ended = alice2.post("/logout-all");
  EXPECT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(json_field(ended, "ended"), "2");
  EXPECT_EQ(alice.get("/me").status, 401);
  EXPECT_EQ(alice2.get("/me").status, 401);
  EXPECT_EQ(bob.get("/me").status, 200);

  // A request in flight while its session is logged out does not bring the session back.
  auto erin = app.client();
  erin.post("/login", "erin");
  const std::string erins = erin.cookie("sid");
  http::testing::raw_client slow(app.port());
  slow.send(http::testing::get_request("/slow", erin.cookie_header()));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(erin.post("/logout").status, 204);
  auto late = slow.read_response();
  ASSERT_TRUE(late);
  EXPECT_EQ(late->status, 200);
  EXPECT_NE(late->header("Set-Cookie").value_or("").find("sid=; "), std::string::npos) << "cleared, not renewed";
  browser replay{app.port()};
  replay.jar["sid"] = erins;
  EXPECT_EQ(replay.get("/me").status, 401);

  // Logout: the cookie cleared, and a replay of the old cookie refused.
  const std::string bobs = bob.cookie("sid");
  EXPECT_EQ(bob.post("/logout").status, 204);
  EXPECT_TRUE(bob.cookie("sid").empty());
  bob.jar["sid"] = bobs;
  EXPECT_EQ(bob.get("/me").status, 401);

  // Idle expiry: activity within the idle timeout keeps the session; silence past it ends it.
  auto carol = app.client();
  carol.post("/login", "carol");
  for (int i = 0; i < 3; ++i) {
    clock.advance(8min);
    EXPECT_EQ(carol.get("/me").status, 200) << "after " << (i + 1) * 8 << " min of activity";
  }
  clock.advance(10min);
  EXPECT_EQ(carol.get("/me").status, 401);

  // Absolute expiry: activity never extends it past 60 min from login.
  auto dave = app.client();
  dave.post("/login", "dave");
  for (int i = 0; i < 7; ++i) {
    clock.advance(8min);
    EXPECT_EQ(dave.get("/me").status, 200) << "at " << (i + 1) * 8 << " min";
  }
  clock.advance(5min);  // 61 min
  EXPECT_EQ(dave.get("/me").status, 401);
}

}  // namespace strata::auth::testing
