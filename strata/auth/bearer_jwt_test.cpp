// The bearer JWT strategy over HTTP: claims become the principal, refusals carry RFC 6750
// challenges, another scheme word (RealWorld's "Token") works, and to_principal can veto.
#include <strata/auth/authentication.hpp>
#include <strata/auth/bearer_jwt.hpp>
#include <strata/auth/detail/base64.hpp>
#include <strata/http/server.hpp>
#include <strata/http/testing/local_server.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

namespace strata::auth {
namespace {

using namespace std::chrono_literals;
using http::request;
using http::response;
using http::testing::fetch;
using http::testing::get_request;
using http::testing::local_options;

const jwt::key& secret() {
  static const jwt::key k = jwt::key::from_secret("0123456789abcdef0123456789abcdef-a-test-secret");
  return k;
}

std::shared_ptr<jwt::key_source> source() { return std::make_shared<jwt::static_keys>(jwt::key_set({secret()})); }

http::testing::raw_response get(std::uint16_t port, std::string_view path, const std::string& authorization) {
  auto r = fetch(port, get_request(path, authorization.empty() ? "" : "Authorization: " + authorization + "\r\n"));
  if (!r) throw std::runtime_error("no response");
  return *r;
}

void whoami(request& req, response& res) {
  const auto& who = require_user(req);
  boost::json::array roles, scopes;
  for (const auto& r : who.roles) roles.push_back(boost::json::value(r));
  for (const auto& s : who.scopes) scopes.push_back(boost::json::value(s));
  res.json({{"id", who.id}, {"roles", roles}, {"scopes", scopes}, {"strategy", who.strategy}});
}

struct jwt_server {
  http::server srv{local_options()};
  explicit jwt_server(bearer_jwt_options o) {
    srv.use(authentication({.strategies = {bearer_jwt(std::move(o))}}));
    srv.get("/me", whoami, {.auth = requirement{}});
    srv.get("/write", whoami, {.auth = requirement{.permissions = {"articles:write"}}});
    srv.start();
  }
};

TEST(bearer_jwt, claims_become_the_principal) {
  jwt_server s({.keys = source(), .verify = {.issuers = {"strata-test"}}});
  auto token = jwt::sign({{"sub", "42"}, {"iss", "strata-test"}, {"roles", {"editor"}}, {"scope", "articles:read articles:write"}},
                         secret(), {.expires_in = 1h});
  auto r = get(s.srv.port(), "/me", "Bearer " + token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(boost::json::parse(r.body), boost::json::parse(
      R"({"id":"42","roles":["editor"],"scopes":["articles:read","articles:write"],"strategy":"jwt"})"));
  EXPECT_EQ(get(s.srv.port(), "/write", "bearer " + token).status, 200);  // the scheme is case-insensitive
  auto reader = jwt::sign({{"sub", "7"}, {"iss", "strata-test"}, {"scp", {"articles:read"}}}, secret());
  EXPECT_EQ(get(s.srv.port(), "/write", "Bearer " + reader).status, 403);
}

TEST(bearer_jwt, refusals_carry_rfc6750_challenges) {
  jwt_server s({.realm = "conduit", .keys = source(), .verify = {.issuers = {"strata-test"}}});
  auto none = get(s.srv.port(), "/me", "");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.header("WWW-Authenticate"), "Bearer realm=\"conduit\"");

  auto expired = jwt::sign({{"sub", "42"}, {"iss", "strata-test"}, {"exp", 1000}}, secret());
  auto r = get(s.srv.port(), "/me", "Bearer " + expired);
  EXPECT_EQ(r.status, 401);
  auto challenge = r.header("WWW-Authenticate").value_or("");
  EXPECT_TRUE(challenge.starts_with("Bearer realm=\"conduit\", error=\"invalid_token\", error_description=\""))
      << challenge;
  EXPECT_NE(boost::json::parse(r.body).at("detail").as_string().find("The token is not valid"), std::string::npos);

  auto other_issuer = jwt::sign({{"sub", "42"}, {"iss", "elsewhere"}}, secret());
  EXPECT_EQ(get(s.srv.port(), "/me", "Bearer " + other_issuer).status, 401);
  EXPECT_EQ(get(s.srv.port(), "/me", "Bearer not.a.token").status, 401);
  EXPECT_EQ(get(s.srv.port(), "/me", "Bearer ").status, 401);
  // An unsigned token with the same claims: alg none is never accepted.
  auto unsigned_token = detail::base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." +
                        detail::base64url_encode(R"({"sub":"42","iss":"strata-test"})") + ".";
  EXPECT_EQ(get(s.srv.port(), "/me", "Bearer " + unsigned_token).status, 401);
  // No subject: nobody to act for.
  EXPECT_EQ(get(s.srv.port(), "/me", "Bearer " + jwt::sign({{"iss", "strata-test"}}, secret())).status, 401);
}

TEST(bearer_jwt, another_scheme_word_and_a_veto) {
  jwt_server s({.scheme = "Token",
                .keys = source(),
                .to_principal = [](const jwt::token& t) -> task<std::optional<principal>> {
                  if (t.claims.at("sub") == "banned") co_return std::nullopt;
                  auto p = principal_from_claims(t.claims);
                  p.roles.push_back("member");
                  co_return p;
                }});
  auto ok = get(s.srv.port(), "/me", "Token " + jwt::sign({{"sub", "jake"}}, secret()));
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(boost::json::parse(ok.body).at("roles"), boost::json::parse(R"(["member"])"));
  EXPECT_EQ(get(s.srv.port(), "/me", "Bearer " + jwt::sign({{"sub", "jake"}}, secret())).status, 401);
  auto banned = get(s.srv.port(), "/me", "Token " + jwt::sign({{"sub", "banned"}}, secret()));
  EXPECT_EQ(banned.status, 401);
  EXPECT_EQ(boost::json::parse(banned.body).at("detail"), "The token's subject is not accepted.");
}

}  // namespace
}  // namespace strata::auth
