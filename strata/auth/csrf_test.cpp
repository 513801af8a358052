// CSRF protection through real HTTP requests: synchronizer tokens in the session (header and
// form field), Sec-Fetch-Site and Origin checks, requests that are not cookie-authenticated left
// alone, exemptions, tokens renewed at login, and signed double-submit tokens without a session.
#include <strata/auth/csrf.hpp>
#include <strata/auth/memory_session_store.hpp>
#include <strata/auth/testing/session_harness.hpp>

#include <gtest/gtest.h>

namespace strata::auth {
namespace {

using namespace testing;

void add_csrf_routes(http::server& srv) {
  srv.get("/token", [](http::request& req, http::response& res) { res.json({{"token", csrf_token(req)}}); });
  srv.post("/transfer", [](http::request&, http::response& res) { res.text("done"); });
  srv.put("/transfer", [](http::request&, http::response& res) { res.text("done"); });
  srv.del("/transfer", [](http::request&, http::response& res) { res.text("done"); });
  srv.get("/transfer", [](http::request&, http::response& res) { res.text("read"); });
  auto hooks = srv.group("/hooks");
  hooks.use(csrf_exempt());
  hooks.post("/stripe", [](http::request&, http::response& res) { res.text("hooked"); });
}

struct csrf_service : session_service {
  explicit csrf_service(csrf_options c = {}, session_options o = {.store = std::make_shared<memory_session_store>()})
      : session_service(std::move(o), [c](http::server& srv) {
          srv.use(csrf(c));
          add_csrf_routes(srv);
        }) {}
};

std::string token_header(const std::string& token) { return "X-CSRF-Token: " + token + "\r\n"; }
std::string detail_of(const http::testing::raw_response& r) { return json_field(r, "detail"); }

TEST(Csrf, synchronizer_token_in_header_or_form_field) {
  csrf_service app;
  auto c = app.client();
  auto t = c.get("/token");
  const auto token = json_field(t, "token");
  ASSERT_FALSE(c.cookie("sid").empty()) << "asking for a token starts the session";

  auto none = c.post("/transfer");
  EXPECT_EQ(none.status, 403);
  EXPECT_EQ(none.header("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(detail_of(none), "The CSRF token is missing.");
  auto wrong = c.post("/transfer", "", token_header(token.substr(0, token.size() - 2) + "AA"));
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(detail_of(wrong), "The CSRF token is invalid.");

  EXPECT_EQ(c.post("/transfer", "", token_header(token)).status, 200);
  EXPECT_EQ(c.send("PUT", "/transfer", "", token_header(token)).status, 200);
  EXPECT_EQ(c.send("DELETE", "/transfer", "", token_header(token)).status, 200);
  EXPECT_EQ(c.send("DELETE", "/transfer").status, 403);
  EXPECT_EQ(c.get("/transfer").status, 200) << "safe methods are never checked";

  // Every token handed out differs (masked) and every one works.
  const auto token2 = json_field(c.get("/token"), "token");
  EXPECT_NE(token2, token);
  EXPECT_EQ(c.post("/transfer", "", token_header(token2)).status, 200);

  // A form post carries it in _csrf.
  const std::string form = "Content-Type: application/x-www-form-urlencoded\r\n";
  EXPECT_EQ(c.post("/transfer", "amount=5&_csrf=" + token, form).status, 200);
  EXPECT_EQ(c.post("/transfer", "amount=5&_csrf=nope", form).status, 403);
  EXPECT_EQ(c.post("/transfer", "amount=5", form).status, 403);
}

TEST(Csrf, a_token_of_another_session_is_refused) {
  csrf_service app;
  auto alice = app.client(), mallory = app.client();
  alice.get("/token");
  const auto mallorys_token = json_field(mallory.get("/token"), "token");
  EXPECT_EQ(alice.post("/transfer", "", token_header(mallorys_token)).status, 403);
}

TEST(Csrf, cross_site_requests_are_refused_even_with_the_token) {
  csrf_service app({.trusted_origins = {"https://admin.example"}});
  auto c = app.client();
  const auto token = json_field(c.get("/token"), "token");
  const auto h = token_header(token);
  auto cross = c.post("/transfer", "", h + "Sec-Fetch-Site: cross-site\r\nOrigin: https://evil.example\r\n");
  EXPECT_EQ(cross.status, 403);
  EXPECT_EQ(detail_of(cross), "Cross-site request refused.");
  EXPECT_EQ(c.post("/transfer", "", h + "Sec-Fetch-Site: same-site\r\nOrigin: https://sub.test\r\n").status, 403);
  EXPECT_EQ(c.post("/transfer", "", h + "Sec-Fetch-Site: same-origin\r\nOrigin: http://test\r\n").status, 200);
  EXPECT_EQ(c.post("/transfer", "", h + "Sec-Fetch-Site: none\r\n").status, 200);
  EXPECT_EQ(c.post("/transfer", "", h + "Sec-Fetch-Site: cross-site\r\nOrigin: https://admin.example\r\n").status, 200);
  // Browsers without Sec-Fetch-Site: Origin against Host ("test" in the test client).
  EXPECT_EQ(c.post("/transfer", "", h + "Origin: http://test\r\n").status, 200);
  EXPECT_EQ(c.post("/transfer", "", h + "Origin: https://test\r\n").status, 200);
  EXPECT_EQ(c.post("/transfer", "", h + "Origin: http://evil.example\r\n").status, 403);
  EXPECT_EQ(c.post("/transfer", "", h + "Origin: null\r\n").status, 403);
  EXPECT_EQ(c.post("/transfer", "", h + "Origin: https://admin.example\r\n").status, 200);
}

TEST(Csrf, requests_not_authenticated_by_the_cookie_are_left_alone) {
  csrf_service app;
  auto c = app.client();
  c.get("/token");
  // No session cookie: nothing a forged request could ride on (API clients, first visits).
  browser api{app.port()};
  EXPECT_EQ(api.post("/transfer").status, 200);
  EXPECT_EQ(api.post("/transfer", "", "Sec-Fetch-Site: cross-site\r\n").status, 200);
  // A bearer token: browsers never add one to a cross-site request on their own.
  EXPECT_EQ(c.post("/transfer", "", "Authorization: Bearer abc\r\n").status, 200);
  // Exempt routes.
  EXPECT_EQ(c.post("/hooks/stripe").status, 200);
  EXPECT_EQ(c.post("/transfer").status, 403);
}

TEST(Csrf, skip_predicate) {
  csrf_service app({.skip = [](http::request& req) { return req.header("X-Internal").has_value(); }});
  auto c = app.client();
  c.get("/token");
  EXPECT_EQ(c.post("/transfer", "", "X-Internal: 1\r\n").status, 200);
  EXPECT_EQ(c.post("/transfer").status, 403);
}

TEST(Csrf, login_renews_the_token) {
  csrf_service app;
  auto c = app.client();
  const auto before = json_field(c.get("/token"), "token");
  auto login = c.post("/login", "alice", token_header(before));
  EXPECT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(c.post("/transfer", "", token_header(before)).status, 403) << "a token from before login";
  const auto after = json_field(c.get("/token"), "token");
  EXPECT_EQ(c.post("/transfer", "", token_header(after)).status, 200);
  EXPECT_EQ(c.post("/login", "alice").status, 403) << "the login form itself is protected once a session exists";
}

TEST(Csrf, works_with_cookie_only_sessions) {
  csrf_service app({}, {.encrypt = true});
  auto c = app.client();
  const auto token = json_field(c.get("/token"), "token");
  EXPECT_EQ(c.post("/transfer", "", token_header(token)).status, 200);
  EXPECT_EQ(c.post("/transfer").status, 403);
}

// A JWT kept in a cookie, no session: the token's secret goes in a signed cookie of its own.
struct double_submit_service {
  http::server srv{http::testing::local_options()};
  explicit double_submit_service(csrf_options o) {
    srv.use(csrf(std::move(o)));
    add_csrf_routes(srv);
    srv.start();
  }
};

TEST(Csrf, signed_double_submit_without_a_session) {
  double_submit_service app({.cookies = {"access"},
                             .secrets = {std::string(secret)},
                             .secure = false,
                             .bind = [](http::request& req) { return std::string(req.cookie("access").value_or("")); }});
  browser c{app.srv.port()};
  c.jar["access"] = "jwt-of-alice";
  auto t = c.get("/token");
  const auto token = json_field(t, "token");
  const auto line = t.header("Set-Cookie").value_or("");
  EXPECT_TRUE(line.starts_with("csrf=s1.")) << line;
  EXPECT_NE(line.find("HttpOnly"), std::string::npos);
  EXPECT_EQ(c.post("/transfer", "", token_header(token)).status, 200);
  EXPECT_EQ(c.post("/transfer").status, 403);
  EXPECT_EQ(json_field(c.get("/token"), "token").size(), token.size()) << "the same secret, masked anew";
  EXPECT_FALSE(c.get("/token").has("Set-Cookie")) << "a valid token cookie is kept";

  // Without the token cookie, or with one bound to someone else, the token is worthless.
  browser no_cookie{app.srv.port()};
  no_cookie.jar["access"] = "jwt-of-alice";
  EXPECT_EQ(no_cookie.post("/transfer", "", token_header(token)).status, 403);
  browser bob{app.srv.port()};
  bob.jar = c.jar;
  bob.jar["access"] = "jwt-of-bob";
  EXPECT_EQ(bob.post("/transfer", "", token_header(token)).status, 403);
  // A forged token cookie (not signed by us) is refused.
  browser forged = c;
  forged.jar["csrf"] = "s1.AAAAAAAA.AAAA.AAAA";
  EXPECT_EQ(forged.post("/transfer", "", token_header(token)).status, 403);
}

TEST(Csrf, configuration_errors) {
  http::server srv(http::testing::local_options());
  EXPECT_THROW(srv.use(csrf()), std::invalid_argument);  // no session, no secrets
  EXPECT_THROW(srv.use(csrf({.secrets = {std::string(secret)}})), std::invalid_argument);  // no cookies named
}

}  // namespace
}  // namespace strata::auth
