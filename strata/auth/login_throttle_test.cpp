// login_throttle through real HTTP requests to a login route that checks argon2id hashes with the
// local strategy: ten wrong passwords, then the eleventh attempt is 429 whatever the password;
// successes are given back; usernames are counted apart (and case-folded); the per-address limit;
// form bodies; the window passing on a virtual clock.
#include <strata/auth/authentication.hpp>
#include <strata/auth/credentials.hpp>
#include <strata/auth/login_throttle.hpp>
#include <strata/auth/password.hpp>
#include <strata/http/error.hpp>
#include <strata/http/server.hpp>
#include <strata/http/testing/local_server.hpp>

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <map>

namespace strata::auth {
namespace {

using namespace std::chrono_literals;
using http::request;
using http::response;
using http::testing::fetch;
using http::testing::post_request;
using http::testing::raw_response;

password_params cheap() {
  password_params p;
  p.argon2.memory_kib = 64;
  p.argon2.iterations = 1;
  return p;
}

// Users and their stored hashes, as a users table would hold them.
const std::map<std::string, std::string>& users() {
  static const std::map<std::string, std::string> u = {
      {"alice", hash_password_sync("right", cheap()).hash},
      {"bob", hash_password_sync("right", cheap()).hash},
      {"carol", hash_password_sync("right", cheap()).hash},
  };
  return u;
}

task<std::optional<principal>> check(std::string username, std::string password) {
  auto it = users().find(username);
  if (it == users().end()) co_return std::nullopt;
  if (!matched(co_await verify_password(std::move(password), it->second, cheap()))) co_return std::nullopt;
  co_return principal{.id = username};
}

struct login_server {
  std::shared_ptr<std::atomic<std::int64_t>> now = std::make_shared<std::atomic<std::int64_t>>(1'700'000'000'000);
  http::server srv{http::testing::local_options()};

  explicit login_server(login_throttle_options o = {.max = 10, .window = 15min}) {
    o.clock = [now = now] { return now->load(); };
    auto login = srv.group("/auth");
    login.use(login_throttle(std::move(o)));
    login.use(authentication({.strategies = {local({.verify = check})}}));
    login.post("/login", [](request& req, response& res) -> task<void> {
      std::vector<std::string> strategies{"local"};  // a named value: GCC 12 mishandles {...} in co_await
      const principal* who = co_await authenticate(req, std::move(strategies));  // throws 401 for wrong ones
      if (!who) throw http::http_error(400, "Bad Request", "username and password are required");
      res.json({{"user", who->id}});
    });
    srv.get("/open", [](request&, response& res) { res.text("open"); });
    srv.start();
  }

  raw_response login(std::string_view user, std::string_view password) {
    const std::string body =
        R"({"username":")" + std::string(user) + R"(","password":")" + std::string(password) + "\"}";
    auto r = fetch(srv.port(), post_request("/auth/login", body, "Content-Type: application/json\r\n"));
    if (!r) throw std::runtime_error("no response");
    return *r;
  }
  raw_response login_form(std::string_view user, std::string_view password) {
    const std::string body = "username=" + std::string(user) + "&password=" + std::string(password);
    auto r =
        fetch(srv.port(), post_request("/auth/login", body, "Content-Type: application/x-www-form-urlencoded\r\n"));
    if (!r) throw std::runtime_error("no response");
    return *r;
  }
};

TEST(login_throttle, ten_failures_then_the_eleventh_attempt_is_429) {
  login_server s;
  for (int i = 0; i < 10; ++i) EXPECT_EQ(s.login("alice", "wrong" + std::to_string(i)).status, 401) << i;
  // Refused before the password is looked at: the right one does not get through either.
  auto r = s.login("alice", "right");
  EXPECT_EQ(r.status, 429);
  ASSERT_TRUE(r.header("Retry-After"));
  EXPECT_GT(std::stoi(*r.header("Retry-After")), 0);
  EXPECT_EQ(r.header("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(boost::json::parse(r.body).at("status").as_int64(), 429);
  EXPECT_TRUE(r.header("RateLimit-Remaining"));
  // Other routes are not throttled.
  EXPECT_EQ(http::testing::get(s.srv.port(), "/open").status, 200);
}

TEST(login_throttle, a_success_does_not_count) {
  login_server s;
  for (int i = 0; i < 9; ++i) EXPECT_EQ(s.login("bob", "wrong").status, 401) << i;
  EXPECT_EQ(s.login("bob", "right").status, 200);  // given back: still 9 failures
  EXPECT_EQ(s.login("bob", "wrong").status, 401);  // the tenth
  EXPECT_EQ(s.login("bob", "right").status, 429);
}

TEST(login_throttle, usernames_are_counted_apart_and_case_folded) {
  login_server s;
  for (int i = 0; i < 10; ++i) EXPECT_EQ(s.login("alice", "wrong").status, 401);
  EXPECT_EQ(s.login(" ALICE ", "wrong").status, 429);
  EXPECT_EQ(s.login("carol", "wrong").status, 401);
  EXPECT_EQ(s.login("carol", "right").status, 200);
}

TEST(login_throttle, the_address_limit_covers_every_username) {
  login_server s({.max = 10, .window = 15min, .max_per_ip = 3});
  EXPECT_EQ(s.login("alice", "wrong").status, 401);
  EXPECT_EQ(s.login("bob", "wrong").status, 401);
  EXPECT_EQ(s.login("nobody", "wrong").status, 401);
  auto r = s.login("carol", "right");
  EXPECT_EQ(r.status, 429);
  EXPECT_TRUE(r.header("Retry-After"));
}

TEST(login_throttle, form_bodies) {
  login_server s({.max = 3, .window = 15min});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(s.login_form("alice", "wrong").status, 401);
  EXPECT_EQ(s.login_form("alice", "right").status, 429);
  EXPECT_EQ(s.login("alice", "right").status, 429);  // one count, whichever body form
  EXPECT_EQ(s.login_form("bob", "right").status, 200);
}

TEST(login_throttle, the_window_passes) {
  login_server s({.max = 3, .window = 15min});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(s.login("alice", "wrong").status, 401);
  EXPECT_EQ(s.login("alice", "right").status, 429);
  // Two windows later the sliding window has forgotten them (after one, it still weighs part of them).
  s.now->fetch_add(std::chrono::duration_cast<std::chrono::milliseconds>(30min).count());
  EXPECT_EQ(s.login("alice", "right").status, 200);
}

TEST(login_throttle, options_are_checked) {
  EXPECT_THROW(login_throttle({.max = 0}), std::invalid_argument);
  EXPECT_THROW(login_throttle({.max = 5, .max_per_ip = -1}), std::invalid_argument);
}

}  // namespace
}  // namespace strata::auth
