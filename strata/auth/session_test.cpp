// Sessions through real HTTP requests: the memory store through the shared store checks, then
// cookie-only sessions (tampering, expiry, encryption, size), what gets written when, cookie
// attributes, key rotation, the session strategy and the session record's text form.
#include <strata/auth/cookie_seal.hpp>
#include <strata/auth/detail/base64.hpp>
#include <strata/auth/detail/session_manager.hpp>
#include <strata/auth/detail/session_record.hpp>
#include <strata/auth/memory_session_store.hpp>
#include <strata/auth/testing/session_harness.hpp>

#include <gtest/gtest.h>

#include <cstdlib>

namespace strata::auth {
namespace {

using namespace testing;

TEST(Session, memory_store_passes_the_store_checks) {
  check_store([](auto) { return std::make_shared<memory_session_store>(); });
}

TEST(Session, memory_store_is_bounded) {
  auto store = std::make_shared<memory_session_store>(memory_session_store_options{.max_sessions = 2});
  session_service app({.store = store});
  auto a = app.client(), b = app.client(), c = app.client();
  a.post("/login", "a");
  b.post("/login", "b");
  EXPECT_EQ(a.get("/me").status, 200);  // a is now the most recently used
  c.post("/login", "c");
  EXPECT_EQ(store->size(), 2u);
  EXPECT_EQ(a.get("/me").status, 200);
  EXPECT_EQ(b.get("/me").status, 401);  // the least recently used went
  EXPECT_EQ(c.get("/me").status, 200);
}

TEST(Session, cookie_only_login_and_logout) {
  session_service app({});
  auto alice = app.client();
  EXPECT_EQ(alice.post("/login", "alice").status, 200);
  const std::string cookie = alice.cookie("sid");
  EXPECT_TRUE(cookie.starts_with("s1.")) << cookie;
  auto me = alice.get("/me");
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(json_field(me, "id"), "alice");
  EXPECT_EQ(alice.post("/logout").status, 204);
  EXPECT_TRUE(alice.cookie("sid").empty());
  EXPECT_EQ(alice.get("/me").status, 401);
  // What cookie-only sessions cannot do: a copy of the cookie lives until it expires.
  browser copy{app.port()};
  copy.jar["sid"] = cookie;
  EXPECT_EQ(copy.get("/me").status, 200);
}

TEST(Session, cookie_only_fixation_login_changes_the_id) {
  session_service app({});
  auto alice = app.client();
  const auto before = json_field(alice.get("/count"), "id");
  const auto after = json_field(alice.post("/login", "alice"), "id");
  EXPECT_EQ(before.size(), 43u);
  EXPECT_EQ(after.size(), 43u);
  EXPECT_NE(before, after);
}

TEST(Session, tampered_or_foreign_cookies_are_refused_and_cleared) {
  for (bool encrypt : {false, true}) {
    session_service app({.encrypt = encrypt});
    auto alice = app.client();
    alice.post("/login", "alice");
    const std::string good = alice.cookie("sid");
    for (std::size_t at : {std::size_t(5), good.size() / 2, good.size() - 2}) {
      browser mallory{app.port()};
      mallory.jar["sid"] = good;
      mallory.jar["sid"][at] = good[at] == 'A' ? 'B' : 'A';
      auto r = mallory.get("/me");
      EXPECT_EQ(r.status, 401) << "encrypt=" << encrypt << " at " << at;
      EXPECT_NE(r.header("Set-Cookie").value_or("").find("sid=; "), std::string::npos) << "cleared";
    }
    // A session sealed with another secret, and plain text, are nobody's.
    session_service other({.secrets = {std::string(other_secret)}, .encrypt = encrypt});
    auto eve = other.client();
    eve.post("/login", "alice");
    browser mallory{app.port()};
    mallory.jar["sid"] = eve.cookie("sid");
    EXPECT_EQ(mallory.get("/me").status, 401);
    mallory.jar["sid"] = R"({"v":1})";
    EXPECT_EQ(mallory.get("/me").status, 401);
  }
}

TEST(Session, encrypted_cookie_is_not_readable) {
  auto plain_text_of = [](const std::string& cookie) {
    std::string all;
    for (std::size_t pos = 0; pos < cookie.size();) {
      auto dot = cookie.find('.', pos);
      if (dot == std::string::npos) dot = cookie.size();
      all += detail::base64url_decode(cookie.substr(pos, dot - pos)).value_or("");
      pos = dot + 1;
    }
    return all;
  };
  session_service signed_only({});
  auto a = signed_only.client();
  a.post("/login", "alice-the-user");
  EXPECT_NE(plain_text_of(a.cookie("sid")).find("alice-the-user"), std::string::npos);

  session_service sealed({.encrypt = true});
  auto b = sealed.client();
  b.post("/login", "alice-the-user");
  EXPECT_TRUE(b.cookie("sid").starts_with("e1."));
  EXPECT_EQ(plain_text_of(b.cookie("sid")).find("alice-the-user"), std::string::npos);
  EXPECT_EQ(json_field(b.get("/me"), "id"), "alice-the-user");
}

TEST(Session, cookie_only_idle_and_absolute_expiry) {
  virtual_clock clock;
  session_service app({.idle_timeout = 10min, .absolute_timeout = 30min, .touch_after = 1min, .clock = clock.fn()});
  auto idle = app.client(), busy = app.client();
  idle.post("/login", "idle");
  busy.post("/login", "busy");
  clock.advance(9min);
  EXPECT_EQ(busy.get("/me").status, 200);
  clock.advance(2min);  // idle: 11 min since its last request
  EXPECT_EQ(idle.get("/me").status, 401);
  EXPECT_EQ(busy.get("/me").status, 200);
  clock.advance(9min);
  EXPECT_EQ(busy.get("/me").status, 200);
  clock.advance(9min);  // 29 min since login
  EXPECT_EQ(busy.get("/me").status, 200);
  clock.advance(2min);  // 31 min: past the absolute timeout however busy
  EXPECT_EQ(busy.get("/me").status, 401);
}

TEST(Session, expiry_is_checked_on_the_server_not_left_to_max_age) {
  // A client that ignores Max-Age and sends an old cookie anyway gets nothing for it.
  virtual_clock clock;
  session_service app({.store = std::make_shared<memory_session_store>(), .idle_timeout = 10min, .clock = clock.fn()});
  auto alice = app.client();
  alice.post("/login", "alice");
  const auto kept = alice.cookie("sid");
  clock.advance(11min);
  browser replay{app.port()};
  replay.jar["sid"] = kept;
  auto r = replay.get("/me");
  EXPECT_EQ(r.status, 401);
  EXPECT_TRUE(replay.jar.empty()) << "the stale cookie is cleared";
}

TEST(Session, writes_only_when_changed_or_touched) {
  virtual_clock clock;
  session_service app({.store = std::make_shared<memory_session_store>(), .idle_timeout = 10min,
                       .touch_after = 1min, .clock = clock.fn()});
  auto c = app.client();
  auto first = c.get("/peek");
  EXPECT_FALSE(first.has("Set-Cookie")) << "an untouched new session is not saved";
  EXPECT_EQ(json_field(first, "new"), "true");
  EXPECT_TRUE(c.get("/count").has("Set-Cookie"));
  EXPECT_FALSE(c.get("/peek").has("Set-Cookie")) << "read only, within touch_after";
  clock.advance(2min);
  auto touched = c.get("/peek");
  EXPECT_TRUE(touched.has("Set-Cookie")) << "rolling: activity after touch_after is recorded";
  EXPECT_NE(touched.header("Set-Cookie").value_or("").find("Max-Age=600"), std::string::npos)
      << touched.header("Set-Cookie").value_or("");
  EXPECT_EQ(json_field(c.get("/peek"), "n"), "1");
}

TEST(Session, without_rolling_activity_does_not_extend) {
  virtual_clock clock;
  session_service app({.store = std::make_shared<memory_session_store>(), .idle_timeout = 10min, .rolling = false,
                       .clock = clock.fn()});
  auto c = app.client();
  c.post("/login", "x");
  clock.advance(6min);
  EXPECT_FALSE(c.get("/me").has("Set-Cookie"));
  clock.advance(6min);
  EXPECT_EQ(c.get("/me").status, 401);
}

TEST(Session, cookie_attributes) {
  session_service app({.domain = "example.test", .secure = true, .idle_timeout = 20min});
  auto c = app.client();
  auto r = c.post("/login", "alice");
  const auto line = r.header("Set-Cookie").value_or("");
  EXPECT_TRUE(line.starts_with("sid=s1.")) << line;
  for (auto part : {"; Path=/", "; Domain=example.test", "; Max-Age=1200", "; HttpOnly", "; Secure", "; SameSite=Lax"})
    EXPECT_NE(line.find(part), std::string::npos) << part << " in " << line;

  session_service browser_session({.persistent = false});
  auto d = browser_session.client();
  const auto line2 = d.post("/login", "bob").header("Set-Cookie").value_or("");
  EXPECT_EQ(line2.find("Max-Age"), std::string::npos) << line2;
  EXPECT_EQ(line2.find("Secure"), std::string::npos) << line2;
}

TEST(Session, secrets_rotate_without_logging_anyone_out) {
  session_service old_app({.secrets = {std::string(secret)}});
  auto alice = old_app.client();
  alice.post("/login", "alice");
  session_service new_app({.secrets = {std::string(other_secret), std::string(secret)}});
  alice.port = new_app.port();
  EXPECT_EQ(alice.get("/me").status, 200);
  alice.get("/count");  // rewritten: now sealed with the new secret
  session_service newest({.secrets = {std::string(other_secret)}});
  alice.port = newest.port();
  EXPECT_EQ(alice.get("/me").status, 200);
}

TEST(Session, a_session_too_large_for_a_cookie_is_a_500) {
  session_service app({}, [](http::server& srv) {
    srv.get("/big", [](http::request& req, http::response& res) {
      session_of(req).set("blob", boost::json::string(5000, 'x'));
      res.text("ok");
    });
  });
  auto c = app.client();
  auto r = c.get("/big");
  EXPECT_EQ(r.status, 500);
  EXPECT_FALSE(r.has("Set-Cookie"));
}

TEST(Session, logout_everywhere_needs_a_store) {
  session_service app({});
  auto c = app.client();
  c.post("/login", "alice");
  EXPECT_EQ(c.post("/logout-all").status, 500);
}

TEST(Session, options_are_checked) {
  EXPECT_THROW(session({}), std::invalid_argument);  // no secret
  EXPECT_THROW(session({.secrets = {"short"}}), std::invalid_argument);
  EXPECT_THROW(session({.secrets = {std::string(secret)}, .idle_timeout = 30s, .touch_after = 60s}), std::invalid_argument);
  http::server srv(http::testing::local_options());
  srv.get("/", [](http::request& req, http::response& res) { res.text(session_of(req).id()); });
  srv.start();
  EXPECT_EQ(http::testing::get(srv.port(), "/").status, 500) << "session_of without the plugin is a server bug";
}

TEST(Session, strategy_reloads_the_user_and_documents_the_cookie) {
  session_options so{.secrets = {std::string(secret)}, .store = std::make_shared<memory_session_store>(), .secure = false};
  http::server srv(http::testing::local_options());
  srv.use(session(so));
  auto strat = session_strategy({.cookie_name = "sid", .load_user = [](principal stored) -> task<std::optional<principal>> {
    if (stored.id == "gone") co_return std::nullopt;
    stored.roles = {"fresh"};
    co_return stored;
  }});
  EXPECT_EQ(boost::json::serialize(strat->security_scheme()), R"({"type":"apiKey","in":"cookie","name":"sid"})");
  srv.use(authentication({.strategies = {strat}}));
  add_session_routes(srv);
  srv.get("/role", [](http::request& req, http::response& res) { res.text(require_user(req).roles.at(0)); },
          {.auth = http::auth_requirement{.strategies = {"session"}}});
  srv.start();
  browser a{srv.port()}, gone{srv.port()};
  a.post("/login", "alice");
  EXPECT_EQ(a.get("/role").body, "fresh");
  gone.post("/login", "gone");
  auto r = gone.get("/me");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("no longer exists"), std::string::npos) << r.body;
  EXPECT_TRUE(gone.jar.empty()) << "the session of a vanished user is ended";
}

TEST(Session, values_survive_between_requests) {
  session_service app({.store = std::make_shared<memory_session_store>()});
  auto c = app.client();
  for (int i = 1; i <= 5; ++i) EXPECT_EQ(json_field(c.get("/count"), "n"), std::to_string(i));
  auto other = app.client();
  EXPECT_EQ(json_field(other.get("/count"), "n"), "1");
}

TEST(Session, cookies_are_secure_unless_the_environment_says_development) {
  const char* strata_env = std::getenv("STRATA_ENV");
  const char* node_env = std::getenv("NODE_ENV");
  const std::string saved_strata = strata_env ? strata_env : "", saved_node = node_env ? node_env : "";
  ::unsetenv("STRATA_ENV");
  ::unsetenv("NODE_ENV");
  EXPECT_TRUE(detail::secure_cookies_by_default());
  ::setenv("NODE_ENV", "development", 1);
  EXPECT_FALSE(detail::secure_cookies_by_default());
  ::setenv("STRATA_ENV", "production", 1);  // STRATA_ENV first, as config::load reads them
  EXPECT_TRUE(detail::secure_cookies_by_default());
  ::setenv("STRATA_ENV", "test", 1);
  EXPECT_FALSE(detail::secure_cookies_by_default());
  strata_env ? ::setenv("STRATA_ENV", saved_strata.c_str(), 1) : ::unsetenv("STRATA_ENV");
  node_env ? ::setenv("NODE_ENV", saved_node.c_str(), 1) : ::unsetenv("NODE_ENV");
}

TEST(SessionRecord, round_trip_and_strict_decoding) {
  detail::session_record r;
  r.id = "abc";
  r.created_ms = 1;
  r.touched_ms = 2;
  r.who = principal{.id = "u", .strategy = "local", .roles = {"a"}, .scopes = {"s"}, .claims = {{"k", 1}}};
  r.csrf = std::string(32, 'c');
  r.data["x"] = boost::json::array{1, "two"};
  const auto text = detail::encode_session(r);
  auto back = detail::decode_session(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(detail::encode_session(*back), text);
  EXPECT_EQ(back->who->roles, r.who->roles);
  EXPECT_EQ(back->csrf, r.csrf);
  for (std::string_view bad : {"", "[]", "{}", R"({"v":2,"id":"","c":0,"t":0,"d":{}})",
                               R"({"v":1,"id":"","c":0,"t":0,"d":[]})", R"({"v":1,"id":"","c":0.5,"t":0,"d":{}})",
                               R"({"v":1,"id":"","c":0,"t":0,"d":{},"extra":1})",
                               R"({"v":1,"id":"","c":0,"t":0,"d":{},"u":{"roles":[]}})",
                               R"({"v":1,"id":"","c":0,"t":0,"d":{},"k":"short"})"})
    EXPECT_FALSE(detail::decode_session(bad)) << bad;
  EXPECT_TRUE(detail::decode_session(R"({"v":1,"id":"","c":0,"t":0,"d":{}})"));
  EXPECT_FALSE(detail::decode_session(text, text.size() - 1));
}

}  // namespace
}  // namespace strata::auth
