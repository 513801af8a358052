// auth::oidc: PKCE and option checks, then the whole authorization code + PKCE login against
// oidc-provider (npm, OpenID Certified) on loopback, its login and consent forms posted by hand.
#include <strata/auth/authentication.hpp>
#include <strata/auth/bearer_jwt.hpp>
#include <strata/auth/detail/oidc_pkce.hpp>
#include <strata/auth/memory_session_store.hpp>
#include <strata/auth/oidc.hpp>
#include <strata/auth/detail/oidc_keys.hpp>
#include <strata/auth/session.hpp>
#include <strata/auth/session_strategy.hpp>
#include <strata/http/client_request.hpp>
#include <strata/http/server.hpp>
#include <strata/http/testing/local_server.hpp>
#include <strata/http/testing/npm_tool.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

namespace strata::auth {
namespace {

namespace ht = http::testing;
using namespace std::chrono_literals;

const std::string cookie_secret = "0123456789abcdef0123456789abcdef-oidc-secret";

TEST(oidc, pkce_s256_challenge) {
  // The value Node's crypto.createHash('sha256').digest('base64url') gives for this verifier.
  EXPECT_EQ(detail::pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUhU8vJd9FfkFbQo4uDQ8"),
            "htHS4e8lUN8-b13pHEyqOETkdRqqI0vRLbdX0mpLbuQ");
  auto v = detail::oidc_random();
  EXPECT_EQ(v.size(), 43u);  // RFC 7636 §4.1: 43 to 128 characters
  EXPECT_NE(v, detail::oidc_random());
}

TEST(oidc, options_are_checked) {
  EXPECT_THROW(oidc({.client_id = "a", .client_secret = "s", .secrets = {cookie_secret}}), std::invalid_argument);
  EXPECT_THROW(oidc({.issuer = "http://i", .client_id = "a", .secrets = {cookie_secret}}), std::invalid_argument);
  EXPECT_THROW(oidc({.issuer = "http://i", .client_id = "a", .client_secret = "s"}), std::invalid_argument);
  EXPECT_THROW(oidc({.issuer = "http://i", .client_id = "a", .client_secret = "s", .secrets = {"short"}}),
               std::invalid_argument);
  EXPECT_NO_THROW(oidc({.issuer = "http://i", .client_id = "a", .auth_method = client_auth::none,
                        .secrets = {cookie_secret}}));
}

// A browser enough for the provider's pages: cookies per port (paths ignored: the latest value of
// a name is the one that matters here), Location resolved, forms read from the HTML.
struct web_browser {
  std::map<std::pair<std::uint16_t, std::string>, std::string> jar;

  struct page {
    int status = 0;
    std::string url, location, body, content_type;
  };

  static std::pair<std::uint16_t, std::string> split(const std::string& url) {  // http://127.0.0.1:P/x
    auto host_end = url.find('/', 7);
    auto hostport = url.substr(7, host_end - 7);
    return {static_cast<std::uint16_t>(std::stoi(hostport.substr(hostport.find(':') + 1))),
            host_end == std::string::npos ? "/" : url.substr(host_end)};
  }

  page request(const std::string& method, const std::string& url, const std::string& body = {},
               const std::string& extra = {}) {
    auto [port, target] = split(url);
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n" + extra;
    std::string cookies;
    for (const auto& [k, v] : jar)
      if (k.first == port) cookies += (cookies.empty() ? "" : "; ") + k.second + "=" + v;
    if (!cookies.empty()) req += "Cookie: " + cookies + "\r\n";
    if (method == "POST")
      req += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    req += "\r\n" + body;
    auto r = ht::fetch(port, req, false, 15s);
    if (!r) throw std::runtime_error("no response to " + method + " " + url);
    for (const auto& line : r->all("Set-Cookie")) {
      auto pair = line.substr(0, line.find(';'));
      auto eq = pair.find('=');
      if (eq == std::string::npos) continue;
      auto name = pair.substr(0, eq), value = pair.substr(eq + 1);
      if (value.empty() || line.find("Max-Age=0") != std::string::npos || line.find("1970") != std::string::npos)
        jar.erase({port, name});
      else
        jar[{port, name}] = value;
    }
    page p{r->status, url, r->header("Location").value_or(""), r->body, r->header("Content-Type").value_or("")};
    if (p.location.starts_with("/")) p.location = "http://127.0.0.1:" + std::to_string(port) + p.location;
    return p;
  }
};

std::string html_unescape(std::string s) {
  for (auto [from, to] : {std::pair{"&amp;", "&"}, {"&#x2F;", "/"}, {"&#47;", "/"}, {"&quot;", "\""}}) {
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + 1)) s.replace(at, std::strlen(from), to);
  }
  return s;
}

// From a URL on the provider, through its login and consent forms, to its redirect to
// `callback`: that URL (with code and state), or "" with a test failure.
std::string through_provider(web_browser& b, const std::string& start, const std::string& callback,
                             const std::string& user) {
  auto p = b.request("GET", start);
  for (int step = 0; step < 20; ++step) {
    if (!p.location.empty()) {
      if (p.location.starts_with(callback)) return p.location;
      p = b.request("GET", p.location);
      continue;
    }
    if (p.status != 200) {
      ADD_FAILURE() << p.url << " answered " << p.status << ": " << p.body.substr(0, 600);
      return {};
    }
    std::smatch m;
    if (!std::regex_search(p.body, m, std::regex(R"re(<form[^>]*action="([^"]+)")re"))) {
      ADD_FAILURE() << "no form at " << p.url << ": " << p.body.substr(0, 600);
      return {};
    }
    auto action = html_unescape(m[1]);
    if (action.starts_with("/")) action = p.url.substr(0, p.url.find('/', 7)) + action;
    // Hidden fields as they are; the login form's fields filled in (devInteractions accepts any).
    std::vector<std::pair<std::string, std::string>> fields;
    std::regex hidden(R"re(<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)")re");
    for (auto it = std::sregex_iterator(p.body.begin(), p.body.end(), hidden); it != std::sregex_iterator(); ++it)
      fields.emplace_back((*it)[1], html_unescape((*it)[2]));
    if (p.body.find("name=\"password\"") != std::string::npos) {
      fields.emplace_back("login", user);
      fields.emplace_back("password", "any password");
    }
    p = b.request("POST", action, http::form_encode(fields));
  }
  ADD_FAILURE() << "too many steps at the provider";
  return {};
}

std::string json_field(const std::string& body, std::string_view name) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object() || !v.as_object().contains(name)) return {};
  const auto& f = v.as_object().at(name);
  return f.is_string() ? std::string(f.get_string()) : boost::json::serialize(f);
}

std::uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// oidc_provider.js as a child process, ended with the test.
struct provider_process {
  pid_t pid = -1;
  std::filesystem::path log;
  ~provider_process() {
    if (pid > 0) ::kill(pid, SIGTERM);
  }
  bool start(const std::string& modules, const boost::json::object& config, std::string& why_not) {
    const auto script = std::filesystem::path(__FILE__).parent_path() / "testing" / "oidc_provider.js";
    log = ht::build_dir() / ("oidc_provider_" + std::to_string(::getpid()) + ".log");
    auto r = ht::run_command("OIDC_PROVIDER_MODULES=" + ht::shell_quote(modules) + " exec node " +
                             ht::shell_quote(script.string()) + " " + ht::shell_quote(boost::json::serialize(config)) +
                             " > " + ht::shell_quote(log.string()) + " 2>&1 & echo $!");
    pid = std::atoi(r.output.c_str());
    for (int i = 0; i < 200; ++i) {
      std::ifstream f(log);
      std::stringstream text;
      text << f.rdbuf();
      if (text.str().find("ready ") != std::string::npos) return true;
      if (pid > 0 && ::kill(pid, 0) != 0) break;
      std::this_thread::sleep_for(100ms);
    }
    std::ifstream f(log);
    std::stringstream text;
    text << f.rdbuf();
    why_not = "oidc-provider did not start: " + text.str().substr(0, 800);
    return false;
  }
};

TEST(oidc, authorization_code_pkce_login_against_oidc_provider) {
  std::string why;
  const auto modules = ht::npm_package("oidc-provider", "oidc-provider@8", why);
  if (modules.empty()) GTEST_SKIP() << "skipped: " << why;

  const std::string resource = "urn:strata:api";
  const auto provider_port = free_port();
  const std::string issuer = "http://127.0.0.1:" + std::to_string(provider_port);

  http::server srv(ht::local_options());
  // The provider's jwks_uri (oidc_provider.js serves it at /jwks); jwt::remote_jwks can take over
  // once it is in.
  auto api_keys = std::make_shared<detail::oidc_jwks_source>(http::client(), issuer + "/jwks");
  srv.use(session({.secrets = {cookie_secret}, .store = std::make_shared<memory_session_store>(), .secure = false}));
  srv.use(authentication(
      {.strategies = {session_strategy(),
                      bearer_jwt({.keys = api_keys, .verify = {.issuers = {issuer}, .audiences = {resource}}})}}));
  // A web login (userinfo checked, client_secret_basic)...
  srv.use(oidc({.issuer = issuer, .client_id = "strata-web", .client_secret = "web secret: with/odd+chars",
                .redirect_uri = "/auth/callback", .secrets = {cookie_secret}, .after_login = "/me"}));
  // ...and one for the API's access token (RFC 8707 resource, a JWT access token; providers refuse
  // such tokens at userinfo), keeping the token where a test route shows it.
  srv.use(oidc({.issuer = issuer, .client_id = "strata-api", .client_secret = "api secret",
                .auth_method = client_auth::client_secret_post, .redirect_uri = "/api-auth/callback",
                .login_path = "/api-auth/login", .scope = "openid api:read", .resource = resource,
                .fetch_userinfo = false, .secrets = {cookie_secret}, .cookie_name = "oidc_api_tx",
                .after_login = "/token", .to_principal = [](const oidc_identity& who) -> task<std::optional<principal>> {
                  principal p{.id = who.subject, .strategy = "oidc", .claims = who.claims()};
                  p.claims["access_token"] = who.tokens.at("access_token");
                  co_return p;
                }}));
  auto who = [](http::request& req, http::response& res) {
    const auto& p = require_user(req);
    const auto* email = p.claims.if_contains("email");
    res.json({{"sub", p.id}, {"strategy", p.strategy}, {"email", email ? *email : boost::json::value()}});
  };
  srv.get("/me", who, {.auth = http::auth_requirement{.strategies = {"session"}}});
  srv.get("/api", who, {.auth = http::auth_requirement{.strategies = {"jwt"}}});
  srv.get("/token", [](http::request& req, http::response& res) {
    res.json({{"access_token", require_user(req).claims.at("access_token")}});
  }, {.auth = http::auth_requirement{.strategies = {"session"}}});
  srv.start();
  const std::string app = "http://127.0.0.1:" + std::to_string(srv.port());

  provider_process provider;
  boost::json::object config{
      {"port", provider_port},
      {"resource", resource},
      {"clients", boost::json::array{
                      boost::json::object{{"client_id", "strata-web"},
                                          {"client_secret", "web secret: with/odd+chars"},
                                          {"redirect_uris", boost::json::array{app + "/auth/callback"}},
                                          {"token_endpoint_auth_method", "client_secret_basic"}},
                      boost::json::object{{"client_id", "strata-api"},
                                          {"client_secret", "api secret"},
                                          {"redirect_uris", boost::json::array{app + "/api-auth/callback"}},
                                          {"token_endpoint_auth_method", "client_secret_post"}}}}};
  ASSERT_TRUE(provider.start(modules, config, why)) << why;

  // The web login, up to the provider's redirect back with a code.
  web_browser alice;
  auto login = alice.request("GET", app + "/auth/login");
  ASSERT_EQ(login.status, 302) << login.body;
  ASSERT_TRUE(login.location.starts_with(issuer + "/auth?")) << login.location;
  EXPECT_NE(login.location.find("code_challenge_method=S256"), std::string::npos);
  const auto callback = through_provider(alice, login.location, app + "/auth/callback", "alice");
  ASSERT_FALSE(callback.empty());
  ASSERT_NE(callback.find("code="), std::string::npos) << callback;

  // A tampered state is refused before the code is spent.
  web_browser tamper = alice, replay = alice;
  auto state_at = callback.find("state=") + 6;
  auto bad = callback;
  bad.replace(state_at, 4, bad.substr(state_at, 4) == "AAAA" ? "BBBB" : "AAAA");
  auto refused = tamper.request("GET", bad);
  EXPECT_EQ(refused.status, 401) << refused.body;
  EXPECT_NE(refused.content_type.find("application/problem+json"), std::string::npos);

  // The real callback: logged in, redirected, and the session authenticates.
  auto done = alice.request("GET", callback);
  ASSERT_EQ(done.status, 302) << done.body;
  EXPECT_EQ(done.location, app + "/me");
  auto me = alice.request("GET", app + "/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json_field(me.body, "sub"), "alice");
  EXPECT_EQ(json_field(me.body, "strategy"), "session");
  EXPECT_EQ(json_field(me.body, "email"), "alice@example.test");  // from userinfo

  // The same code again (with the login cookie it came with): the provider refuses it.
  auto replayed = replay.request("GET", callback);
  EXPECT_EQ(replayed.status, 401) << replayed.body;
  EXPECT_NE(replayed.body.find("invalid_grant"), std::string::npos) << replayed.body;
  EXPECT_EQ(replay.request("GET", app + "/me").status, 401);

  // The provider's error answer (the user said no) is a 401 problem.
  web_browser bob;
  auto started = bob.request("GET", app + "/auth/login");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(started.location, m, std::regex("[?&]state=([^&]+)")));
  auto denied = bob.request("GET", app + "/auth/callback?error=access_denied&error_description=no&state=" + m[1].str());
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(json_field(denied.body, "error"), "access_denied");

  // The API login: an access token for the resource, a JWT our bearer strategy verifies with the
  // provider's jwks_uri.
  auto api_login = alice.request("GET", app + "/api-auth/login");
  ASSERT_EQ(api_login.status, 302) << api_login.body;
  const auto api_callback = through_provider(alice, api_login.location, app + "/api-auth/callback", "alice");
  ASSERT_FALSE(api_callback.empty());
  auto api_done = alice.request("GET", api_callback);
  ASSERT_EQ(api_done.status, 302) << api_done.body;
  auto token = json_field(alice.request("GET", app + "/token").body, "access_token");
  ASSERT_EQ(std::count(token.begin(), token.end(), '.'), 2) << "not a JWT: " << token;
  web_browser api_client;
  auto api = api_client.request("GET", app + "/api", {}, "Authorization: Bearer " + token + "\r\n");
  ASSERT_EQ(api.status, 200) << api.body;
  EXPECT_EQ(json_field(api.body, "sub"), "alice");
  EXPECT_EQ(json_field(api.body, "strategy"), "jwt");
  EXPECT_EQ(api_client.request("GET", app + "/api").status, 401);
  EXPECT_EQ(api_client.request("GET", app + "/api", {}, "Authorization: Bearer " + token + "x\r\n").status, 401);
}

}  // namespace
}  // namespace strata::auth
