// Route requirements through real HTTP requests: 401 with one challenge per strategy tried, 403
// for a missing role or permission, optional auth, group guards on top of route requirements,
// strategies tried in order, handler-side checks, and the OpenAPI schemes decoration.
#include <strata/auth/authentication.hpp>
#include <strata/auth/credentials.hpp>
#include <strata/http/server.hpp>
#include <strata/http/testing/local_server.hpp>
#include <strata/openapi/openapi.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

namespace strata::auth {
namespace {

using http::request;
using http::response;
using http::testing::fetch;
using http::testing::get_request;
using http::testing::local_options;
using http::testing::post_request;
using http::testing::raw_response;

raw_response get(std::uint16_t port, std::string_view path, std::string_view headers = {}) {
  auto r = fetch(port, get_request(path, headers));
  if (!r) throw std::runtime_error("no response");
  return *r;
}

// Keys: "k-alice" is a user, "k-root" an admin; "bob:secret" over Basic is an editor.
std::shared_ptr<strategy> keys() {
  return api_key({.verify = [](std::string key) -> task<std::optional<principal>> {
    if (key == "k-alice") co_return principal{.id = "alice", .roles = {"user"}};
    if (key == "k-root") co_return principal{.id = "root", .roles = {"admin"}};
    co_return std::nullopt;
  }});
}
std::shared_ptr<strategy> passwords() {
  return basic({.realm = "test", .verify = [](std::string u, std::string p) -> task<std::optional<principal>> {
    if (u == "bob" && p == "secret") co_return principal{.id = "bob", .roles = {"editor"}, .scopes = {"report:read"}};
    co_return std::nullopt;
  }});
}

std::shared_ptr<rbac> policy() {
  auto p = std::make_shared<rbac>();
  p->role("user", {"article:read"});
  p->role("editor", {"article:write"}, {"user"});
  p->role("admin", {"*"});
  return p;
}

void whoami(request& req, response& res) {
  const auto* who = user(req);
  res.json({{"id", who ? who->id : "anonymous"}, {"strategy", who ? who->strategy : ""}});
}

struct auth_server {
  http::server srv{local_options()};
  auth_server() {
    srv.use(authentication({.strategies = {keys(), passwords()}, .policy = policy()}));
    srv.get("/open", whoami);
    srv.get("/any", whoami, {.auth = requirement{}});
    srv.get("/key-only", whoami, {.auth = requirement{.strategies = {"api_key"}}});
    srv.get("/maybe", whoami, {.auth = requirement{.optional = true}});
    srv.get("/write", whoami, {.auth = requirement{.permissions = {"article:write"}}});
    srv.get("/report", whoami, {.auth = requirement{.permissions = {"report:read"}}});
    srv.get("/editors", whoami, {.auth = requirement{.roles = {"editor", "admin"}}});
    srv.get("/check", [](request& req, response& res) {
      authorize(req, "article:delete");
      res.text("deleted");
    }, {.auth = requirement{}});
    auto admin = srv.group("/admin");
    admin.use(guard({.roles = {"admin"}}));
    admin.get("/panel", whoami);
    admin.get("/keys", whoami, {.auth = requirement{.strategies = {"api_key"}}});
    srv.start();
  }
  std::uint16_t port() { return srv.port(); }
};

std::string basic_header(std::string_view userpass_base64) {
  return "Authorization: Basic " + std::string(userpass_base64) + "\r\n";
}
constexpr std::string_view bob = "Ym9iOnNlY3JldA==";          // bob:secret
constexpr std::string_view bob_wrong = "Ym9iOndyb25n";        // bob:wrong

TEST(authentication, open_routes_stay_open_and_anonymous) {
  auth_server s;
  auto r = get(s.port(), "/open", "X-API-Key: k-alice\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(boost::json::parse(r.body).at("id"), "anonymous");  // no requirement: nothing ran
}

TEST(authentication, no_credentials_is_401_with_every_challenge) {
  auth_server s;
  auto r = get(s.port(), "/any");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  auto challenges = r.all("WWW-Authenticate");
  ASSERT_EQ(challenges.size(), 1u);  // the API key strategy has no challenge scheme
  EXPECT_EQ(challenges[0], "Basic realm=\"test\", charset=\"UTF-8\"");
  EXPECT_EQ(boost::json::parse(r.body).at("detail"), "Authentication is required.");
}

TEST(authentication, each_strategy_authenticates_and_is_named) {
  auth_server s;
  auto k = get(s.port(), "/any", "X-API-Key: k-alice\r\n");
  EXPECT_EQ(k.status, 200);
  EXPECT_EQ(boost::json::parse(k.body).at("id"), "alice");
  EXPECT_EQ(boost::json::parse(k.body).at("strategy"), "api_key");
  auto b = get(s.port(), "/any", basic_header(bob));
  EXPECT_EQ(b.status, 200);
  EXPECT_EQ(boost::json::parse(b.body).at("id"), "bob");
  EXPECT_EQ(boost::json::parse(b.body).at("strategy"), "basic");
}

TEST(authentication, wrong_credentials_are_401_with_the_reason) {
  auth_server s;
  auto k = get(s.port(), "/any", "X-API-Key: nope\r\n");
  EXPECT_EQ(k.status, 401);
  EXPECT_EQ(boost::json::parse(k.body).at("detail"), "The API key is not valid.");
  auto b = get(s.port(), "/any", basic_header(bob_wrong));
  EXPECT_EQ(b.status, 401);
  EXPECT_EQ(boost::json::parse(b.body).at("detail"), "Invalid username or password.");
  auto garbage = get(s.port(), "/any", "Authorization: Basic !!!\r\n");
  EXPECT_EQ(garbage.status, 401);
  EXPECT_EQ(boost::json::parse(garbage.body).at("detail"), "The Basic credentials are malformed.");
}

TEST(authentication, a_route_limited_to_one_strategy_ignores_the_others) {
  auth_server s;
  EXPECT_EQ(get(s.port(), "/key-only", basic_header(bob)).status, 401);
  EXPECT_EQ(get(s.port(), "/key-only", "X-API-Key: k-alice\r\n").status, 200);
}

TEST(authentication, optional_auth_admits_strangers_but_not_wrong_credentials) {
  auth_server s;
  auto none = get(s.port(), "/maybe");
  EXPECT_EQ(none.status, 200);
  EXPECT_EQ(boost::json::parse(none.body).at("id"), "anonymous");
  EXPECT_EQ(boost::json::parse(get(s.port(), "/maybe", "X-API-Key: k-alice\r\n").body).at("id"), "alice");
  EXPECT_EQ(get(s.port(), "/maybe", "X-API-Key: forged\r\n").status, 401);
}

TEST(authentication, permissions_come_from_roles_inheritance_and_scopes) {
  auth_server s;
  EXPECT_EQ(get(s.port(), "/write").status, 401);
  auto user_only = get(s.port(), "/write", "X-API-Key: k-alice\r\n");
  EXPECT_EQ(user_only.status, 403);
  EXPECT_EQ(boost::json::parse(user_only.body).at("detail"), "This needs the permission 'article:write'.");
  EXPECT_FALSE(user_only.has("WWW-Authenticate"));
  EXPECT_EQ(get(s.port(), "/write", basic_header(bob)).status, 200);               // editor
  EXPECT_EQ(get(s.port(), "/write", "X-API-Key: k-root\r\n").status, 200);         // admin: "*"
  EXPECT_EQ(get(s.port(), "/report", basic_header(bob)).status, 200);              // a scope of bob's
  EXPECT_EQ(get(s.port(), "/report", "X-API-Key: k-alice\r\n").status, 403);
}

TEST(authentication, roles_any_of) {
  auth_server s;
  EXPECT_EQ(get(s.port(), "/editors", "X-API-Key: k-alice\r\n").status, 403);
  EXPECT_EQ(get(s.port(), "/editors", basic_header(bob)).status, 200);
  EXPECT_EQ(get(s.port(), "/editors", "X-API-Key: k-root\r\n").status, 200);
}

TEST(authentication, handler_side_checks) {
  auth_server s;
  EXPECT_EQ(get(s.port(), "/check", basic_header(bob)).status, 403);  // editors may write, not delete
  auto root = get(s.port(), "/check", "X-API-Key: k-root\r\n");
  EXPECT_EQ(root.status, 200);
  EXPECT_EQ(root.body, "deleted");
}

TEST(authentication, group_guard_and_route_requirement_both_hold) {
  auth_server s;
  EXPECT_EQ(get(s.port(), "/admin/panel").status, 401);
  EXPECT_EQ(get(s.port(), "/admin/panel", basic_header(bob)).status, 403);
  EXPECT_EQ(get(s.port(), "/admin/panel", "X-API-Key: k-root\r\n").status, 200);
  EXPECT_EQ(get(s.port(), "/admin/keys", "X-API-Key: k-root\r\n").status, 200);
  EXPECT_EQ(get(s.port(), "/admin/keys", "X-API-Key: k-alice\r\n").status, 403);  // the guard's role
}

TEST(authentication, 401_comes_before_body_validation) {
  http::server srv{local_options()};
  srv.use(authentication({.strategies = {keys()}}));
  srv.post("/things", [](request&, response& res) { res.status(201).text("made"); },
           {.schema = {{"body", {{"type", "object"}, {"required", {"name"}}}}}, .auth = requirement{}});
  srv.start();
  auto r = fetch(srv.port(), post_request("/things", "{}", "Content-Type: application/json\r\n"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
}

TEST(authentication, local_strategy_reads_json_and_form_bodies) {
  http::server srv{local_options()};
  auto check = [](std::string u, std::string p) -> task<std::optional<principal>> {
    if (u == "jake@jake.jake" && p == "jakejake") co_return principal{.id = "jake"};
    co_return std::nullopt;
  };
  srv.use(authentication({.strategies = {local({.username_field = "email", .json_pointer = "/user", .verify = check}),
                                         local({.name = "form", .username_field = "email", .verify = check})}}));
  srv.post("/login", whoami, {.auth = requirement{.strategies = {"local"}}});
  srv.post("/form-login", whoami, {.auth = requirement{.strategies = {"form"}}});
  srv.start();
  const std::string json = "Content-Type: application/json\r\n";
  auto ok = fetch(srv.port(), post_request("/login", R"({"user":{"email":"jake@jake.jake","password":"jakejake"}})", json));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(boost::json::parse(ok->body).at("id"), "jake");
  auto wrong = fetch(srv.port(), post_request("/login", R"({"user":{"email":"jake@jake.jake","password":"x"}})", json));
  EXPECT_EQ(wrong->status, 401);
  auto missing = fetch(srv.port(), post_request("/login", R"({"user":{}})", json));
  EXPECT_EQ(missing->status, 401);
  const std::string form = "Content-Type: application/x-www-form-urlencoded\r\n";
  auto f = fetch(srv.port(), post_request("/form-login", "email=jake%40jake.jake&password=jakejake", form));
  EXPECT_EQ(f->status, 200);
  EXPECT_EQ(boost::json::parse(f->body).at("id"), "jake");
}

TEST(authentication, strategies_document_their_security_schemes) {
  http::server srv{local_options()};
  srv.use(authentication({.strategies = {keys(), passwords()}}));
  const auto* schemes = srv.decoration<boost::json::object>("strata.openapi.security_schemes");
  ASSERT_NE(schemes, nullptr);
  EXPECT_EQ(schemes->at("api_key").at("type"), "apiKey");
  EXPECT_EQ(schemes->at("api_key").at("name"), "X-API-Key");
  EXPECT_EQ(schemes->at("basic").at("scheme"), "basic");
}

TEST(authentication, openapi_shows_schemes_and_each_operations_security) {
  http::server srv{local_options()};
  srv.use(authentication({.strategies = {keys(), passwords()}}));
  srv.get("/open", whoami);
  srv.get("/any", whoami, {.auth = requirement{}});
  srv.get("/key-only", whoami, {.auth = requirement{.strategies = {"api_key"}}});
  srv.get("/maybe", whoami, {.auth = requirement{.strategies = {"basic"}, .optional = true}});
  auto admin = srv.group("/admin");
  admin.use(guard({.strategies = {"basic"}, .roles = {"admin"}}));
  admin.get("/panel", whoami);
  auto doc = openapi::generate(srv.router(), {.title = "t", .version = "1"});
  const auto& schemes = doc.at("components").at("securitySchemes").as_object();
  EXPECT_EQ(schemes.at("api_key").at("in"), "header");
  EXPECT_EQ(schemes.at("basic").at("scheme"), "basic");
  const auto& paths = doc.at("paths");
  auto security = [&](const char* path) { return boost::json::serialize(paths.at(path).at("get").as_object().if_contains("security") ? paths.at(path).at("get").at("security") : boost::json::value()); };
  EXPECT_EQ(security("/open"), "null");
  EXPECT_EQ(security("/any"), R"([{"api_key":[]},{"basic":[]}])");
  EXPECT_EQ(security("/key-only"), R"([{"api_key":[]}])");
  EXPECT_EQ(security("/maybe"), R"([{"basic":[]},{}])");
  EXPECT_EQ(security("/admin/panel"), R"([{"basic":[]}])");
  EXPECT_TRUE(paths.at("/any").at("get").at("responses").as_object().contains("401"));
}

TEST(authentication, misconfiguration_is_refused_at_setup) {
  http::server srv{local_options()};
  EXPECT_THROW(srv.use(guard({})), std::logic_error);  // no authentication() yet
  EXPECT_THROW(authentication({.strategies = {keys()}, .defaults = {"jwt"}}), std::invalid_argument);
  EXPECT_THROW(api_key({}), std::invalid_argument);  // no verify function
}

}  // namespace
}  // namespace strata::auth
