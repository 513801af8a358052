// Interop: curl's cookie engine (the one libcurl-based clients share) as the browser. It keeps
// the session cookie in a cookie jar file, sends it back, honours Max-Age=0 on logout, and the
// CSRF token travels in a header as a SPA would send it.
#include <strata/auth/csrf.hpp>
#include <strata/auth/memory_session_store.hpp>
#include <strata/auth/testing/session_harness.hpp>
#include <strata/core/testing/temp_dir.hpp>
#include <strata/http/testing/npm_tool.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace strata::auth {
namespace {

using namespace testing;

struct curl_result {
  int status = 0;
  std::string body;
};

curl_result curl(const std::string& jar, std::uint16_t port, const std::string& args, const std::string& path) {
  using http::testing::shell_quote;
  auto r = http::testing::run_command("curl -s -c " + shell_quote(jar) + " -b " + shell_quote(jar) +
                                      " -w '\\n%{http_code}' " + args + " " +
                                      shell_quote("http://127.0.0.1:" + std::to_string(port) + path));
  curl_result out;
  auto nl = r.output.rfind('\n');
  if (nl == std::string::npos) return out;
  out.body = r.output.substr(0, nl);
  out.status = std::atoi(r.output.c_str() + nl + 1);
  return out;
}

std::string token_of(const curl_result& r) {
  return std::string(boost::json::parse(r.body).at("token").as_string());
}

TEST(SessionInterop, curl_logs_in_calls_and_logs_out_with_a_cookie_jar) {
  if (!http::testing::have_command("curl")) GTEST_SKIP() << "curl is not installed";
  session_service app({.store = std::make_shared<memory_session_store>()}, [](http::server& srv) {
    srv.use(csrf());
    srv.get("/token", [](http::request& req, http::response& res) { res.json({{"token", csrf_token(req)}}); });
  });
  strata::testing::temp_dir dir;
  const auto jar = (dir / "cookies.txt").string();
  const auto port = app.port();

  EXPECT_EQ(curl(jar, port, "", "/me").status, 401);
  auto t = curl(jar, port, "", "/token");
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(curl(jar, port, "--data alice", "/login").status, 403) << "no CSRF token";
  auto login = curl(jar, port, "-H " + http::testing::shell_quote("X-CSRF-Token: " + token_of(t)) + " --data alice", "/login");
  ASSERT_EQ(login.status, 200) << login.body;

  std::stringstream saved;
  saved << std::ifstream(jar).rdbuf();
  EXPECT_NE(saved.str().find("#HttpOnly_127.0.0.1"), std::string::npos) << saved.str();
  EXPECT_NE(saved.str().find("\tsid\ts1."), std::string::npos) << saved.str();

  auto me = curl(jar, port, "", "/me");
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(std::string(boost::json::parse(me.body).at("id").as_string()), "alice");

  auto t2 = curl(jar, port, "", "/token");
  auto out = curl(jar, port, "-X POST -H " + http::testing::shell_quote("X-CSRF-Token: " + token_of(t2)), "/logout");
  EXPECT_EQ(out.status, 204);
  EXPECT_EQ(curl(jar, port, "", "/me").status, 401);
  std::stringstream after;
  after << std::ifstream(jar).rdbuf();
  EXPECT_EQ(after.str().find("\tsid\t"), std::string::npos) << "curl dropped the cleared cookie: " << after.str();
}

}  // namespace
}  // namespace strata::auth
