// `strata jwt` from the shell: keygen, sign and verify for each key form, with the exit statuses
// scripts rely on (0 verified, 1 refused with the reason on stderr, 2 usage or unusable key).
#include <strata/auth/jwt.hpp>
#include <strata/core/testing/temp_dir.hpp>
#include <strata/http/testing/raw_client.hpp>
#include <strata/http/testing/npm_tool.hpp>  // shell_quote

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace strata::auth::jwt {
namespace {

using http::testing::run_command;
using http::testing::shell_quote;

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

struct cli {
  strata::testing::temp_dir dir;
  const std::string exe = STRATA_CLI;

  http::testing::command_result run(const std::string& args, bool with_stderr = true) {
    return run_command(exe + " jwt " + args + (with_stderr ? " 2>&1" : " 2>/dev/null"));
  }
  // Runs, expecting success, and writes stdout to `file` in the temp folder; returns its path.
  std::string save(const std::string& args, const std::string& file) {
    auto r = run(args, false);
    EXPECT_EQ(r.status, 0) << args << "\n" << r.output;
    return shell_quote(dir.write(file, r.output).string());
  }
};

TEST(jwt_cli, keygen_sign_verify_for_every_algorithm) {
  cli c;
  for (algorithm alg : all_algorithms) {
    const std::string name(to_string(alg));
    for (bool jwk : {false, true}) {
      // A kid and an alg live in the JWK; PEM and raw secrets have no place for them, so sign names them.
      const auto key =
          c.save("keygen --alg " + name + (jwk ? " --jwk --kid k-" + name : ""), name + (jwk ? ".jwk" : ".pem"));
      auto token = c.run("sign --key " + key + " --claims '{\"sub\":\"ada\"}' --exp 1h" +
                             (jwk ? "" : " --kid k-" + name + " --alg " + name),
                         false);
      ASSERT_EQ(token.status, 0) << name << " " << token.output;
      auto v = c.run("verify --key " + key + " --alg " + name + " " + trim(token.output), false);
      ASSERT_EQ(v.status, 0) << name << " " << v.output;
      const auto out = boost::json::parse(v.output).as_object();
      EXPECT_EQ(out.at("claims").at("sub"), "ada");
      EXPECT_EQ(out.at("header").at("kid").as_string(), "k-" + name);
      EXPECT_EQ(out.at("header").at("alg").as_string(), name);
      EXPECT_TRUE(out.at("claims").as_object().contains("exp"));
    }
  }
}

TEST(jwt_cli, verifies_with_the_public_key_or_a_jwks_and_says_why_it_refuses) {
  cli c;
  const auto priv = c.save("keygen --alg ES256", "es.pem");
  const auto pub = c.save("public --key " + priv, "es.pub.pem");
  const auto token =
      trim(c.run("sign --key " + priv + " --claims '{\"iss\":\"me\",\"aud\":[\"api\"]}' --exp 10m", false).output);

  EXPECT_EQ(c.run("verify --key " + pub + " --iss me --aud api " + token).status, 0);
  // From stdin.
  EXPECT_EQ(run_command("echo " + token + " | " + c.exe + " jwt verify --key " + pub + " -").status, 0);

  auto refused = c.run("verify --key " + pub + " --aud web " + token);
  EXPECT_EQ(refused.status, 1) << refused.output;
  EXPECT_NE(refused.output.find("bad_audience"), std::string::npos) << refused.output;
  refused = c.run("verify --key " + pub + " --alg RS256 " + token);
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.output.find("alg_not_allowed"), std::string::npos) << refused.output;
  // Another key of the same kind.
  const auto other = c.save("keygen --alg ES256", "other.pem");
  refused = c.run("verify --key " + other + " " + token);
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.output.find("bad_signature"), std::string::npos) << refused.output;
  // An expired token.
  const auto hs = c.save("keygen --alg HS256", "hs.key");
  const auto old = trim(c.run("sign --key " + hs + " --claims '{\"exp\":1}'", false).output);
  refused = c.run("verify --key " + hs + " " + old);
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.output.find("expired"), std::string::npos) << refused.output;

  // A JWKS: the key is picked by the token's kid.
  const auto one = boost::json::parse(c.run("public --key " + priv + " --jwk", false).output).as_object();
  auto two = boost::json::parse(c.run("public --key " + other + " --jwk", false).output).as_object();
  auto with_kid = one;
  with_kid["kid"] = "one";
  two["kid"] = "two";
  const auto set = shell_quote(c.dir.write("set.json", boost::json::serialize(boost::json::object{
                                                           {"keys", boost::json::array{two, with_kid}}}))
                                   .string());
  EXPECT_EQ(c.run("verify --key " + set + " " + token).status, 0);  // no kid: each key is tried
  const auto with_one = trim(c.run("sign --key " + priv + " --kid one --claims '{}'", false).output);
  EXPECT_EQ(c.run("verify --key " + set + " " + with_one).status, 0);
  const auto naming_two = trim(c.run("sign --key " + priv + " --kid two --claims '{}'", false).output);
  refused = c.run("verify --key " + set + " " + naming_two);
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.output.find("bad_signature"), std::string::npos) << refused.output;
}

TEST(jwt_cli, usage_errors_and_unusable_keys_exit_2) {
  cli c;
  const auto hs = c.save("keygen --alg HS512", "hs.key");
  EXPECT_EQ(c.run("").status, 2);
  EXPECT_EQ(c.run("frobnicate").status, 2);
  EXPECT_EQ(c.run("keygen").status, 2);
  EXPECT_EQ(c.run("keygen --alg none").status, 2);
  EXPECT_EQ(c.run("keygen --alg HS256 --bogus x").status, 2);
  EXPECT_EQ(c.run("keygen --alg ES256 --kid k").status, 2);  // a kid needs --jwk
  EXPECT_EQ(c.run("sign --key " + hs).status, 2);
  EXPECT_EQ(c.run("sign --key " + hs + " --claims '[1]'").status, 2);
  EXPECT_EQ(c.run("sign --key " + hs + " --claims '{}' --exp soon").status, 2);
  EXPECT_EQ(c.run("verify --key " + hs).status, 2);
  EXPECT_EQ(c.run("verify --key /nonexistent/key.pem a.b.c").status, 2);
  const auto garbage =
      shell_quote(c.dir.write("garbage.pem", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n").string());
  auto r = c.run("verify --key " + garbage + " a.b.c");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("unusable key"), std::string::npos) << r.output;
  const auto short_secret = shell_quote(c.dir.write("short.key", "c2hvcnQ").string());
  EXPECT_EQ(c.run("verify --key " + short_secret + " a.b.c").status, 2);
  // A public key cannot sign.
  const auto pub = c.save("public --key " + c.save("keygen --alg EdDSA", "ed.pem"), "ed.pub");
  EXPECT_EQ(c.run("sign --key " + pub + " --claims '{}'").status, 2);
  // A malformed token is a refusal, not a usage error.
  EXPECT_EQ(c.run("verify --key " + hs + " not-a-token").status, 1);
}

}  // namespace
}  // namespace strata::auth::jwt
