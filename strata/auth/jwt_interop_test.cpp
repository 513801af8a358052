// Interoperability with jose (npm), the reference JOSE library of Node.js: for every algorithm,
// jose verifies what Strata signs (with the JWK Strata exports) and Strata verifies what jose
// signs (with the JWK and SPKI PEM jose exports). Skips, saying why, without npm or the registry.
#include <strata/auth/jwks.hpp>
#include <strata/auth/jwt.hpp>
#include <strata/auth/detail/jwt_testing.hpp>
#include <strata/core/testing/temp_dir.hpp>
#include <strata/http/testing/npm_tool.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace strata::auth::jwt {
namespace {

namespace fs = std::filesystem;
using http::testing::npm_package;
using http::testing::run_command;
using http::testing::shell_quote;

// Both directions in one script: `node interop.mjs sign|verify INPUT.json` prints JSON.
constexpr std::string_view script = R"js(
import * as jose from 'jose';
import { readFileSync } from 'node:fs';

const [mode, file] = process.argv.slice(2);
const input = JSON.parse(readFileSync(file, 'utf8'));
const out = {};
if (mode === 'verify') {
  // Strata's tokens, checked with the public JWKs Strata exported.
  for (const { alg, token, jwk } of input) {
    try {
      const key = await jose.importJWK(jwk, alg);
      const { payload, protectedHeader } = await jose.jwtVerify(token, key, {
        algorithms: [alg], issuer: 'strata', audience: 'jose', requiredClaims: ['sub', 'exp', 'iat'] });
      out[alg] = { ok: true, sub: payload.sub, kid: protectedHeader.kid };
    } catch (e) {
      out[alg] = { ok: false, error: `${e.code}: ${e.message}` };
    }
  }
} else {
  // Keys jose makes, tokens jose signs; the public key as a JWK and (asymmetric) as SPKI PEM.
  for (const alg of input) {
    try {
      let signing, jwk, pem = null;
      if (alg.startsWith('HS')) {
        signing = await jose.generateSecret(alg, { extractable: true });
        jwk = await jose.exportJWK(signing);
      } else {
        const pair = await jose.generateKeyPair(alg, { extractable: true });
        signing = pair.privateKey;
        jwk = await jose.exportJWK(pair.publicKey);
        pem = await jose.exportSPKI(pair.publicKey);
      }
      const token = await new jose.SignJWT({ sub: 'from-jose', scope: 'read' })
        .setProtectedHeader({ alg, kid: 'jose-' + alg })
        .setIssuedAt().setIssuer('jose').setAudience(['strata', 'other']).setExpirationTime('10m')
        .sign(signing);
      out[alg] = { ok: true, token, jwk, pem };
    } catch (e) {
      out[alg] = { ok: false, error: `${e.code}: ${e.message}` };
    }
  }
}
console.log(JSON.stringify(out));
)js";

class jose_runner {
public:
  jose_runner() {
    modules_ = npm_package("jose", "jose@6", why_not_);
    if (modules_.empty()) return;
    // An ES module resolves 'jose' from its own folder upwards: the script goes beside node_modules.
    script_ = fs::path(modules_).parent_path() / ("strata-jwt-interop-" + std::to_string(::getpid()) + ".mjs");
    std::ofstream(script_) << script;
  }
  ~jose_runner() {
    std::error_code ec;
    if (!script_.empty()) fs::remove(script_, ec);
  }
  const std::string& why_not() const { return why_not_; }
  bool ready() const { return !modules_.empty(); }

  boost::json::object run(const char* mode, const boost::json::value& input) {
    const auto file = dir_.write("input.json", boost::json::serialize(input));
    auto r =
        run_command("node " + shell_quote(script_.string()) + " " + mode + " " + shell_quote(file.string()) + " 2>&1");
    EXPECT_EQ(r.status, 0) << r.output;
    boost::system::error_code ec;
    auto v = boost::json::parse(r.output, ec);
    EXPECT_FALSE(ec) << r.output;
    return ec || !v.is_object() ? boost::json::object{} : v.get_object();
  }

private:
  strata::testing::temp_dir dir_;
  std::string modules_, why_not_;
  fs::path script_;
};

TEST(jwt_interop, jose_verifies_what_strata_signs) {
  jose_runner jose;
  if (!jose.ready()) GTEST_SKIP() << jose.why_not();
  boost::json::array input;
  for (algorithm alg : all_algorithms) {
    key signing = key::generate(alg);
    signing.set_kid("strata-" + std::string(to_string(alg)));
    const auto token = sign({{"sub", "from-strata"}, {"iss", "strata"}, {"aud", "jose"}}, signing,
                            {.expires_in = std::chrono::minutes(10)});
    // The secret goes as a JWK too (HS keys have no public part).
    input.push_back(
        {{"alg", to_string(alg)}, {"token", token}, {"jwk", signing.to_jwk(signing.type() == key_type::oct)}});
  }
  const auto out = jose.run("verify", input);
  for (algorithm alg : all_algorithms) {
    const auto name = std::string(to_string(alg));
    const auto* r = out.if_contains(name);
    ASSERT_NE(r, nullptr) << name;
    EXPECT_EQ(r->at("ok"), true) << name << ": " << boost::json::serialize(*r);
    if (r->at("ok") == true) {
      EXPECT_EQ(r->at("sub"), "from-strata");
      EXPECT_EQ(r->at("kid").as_string(), "strata-" + name);
    }
  }
}

TEST(jwt_interop, strata_verifies_what_jose_signs) {
  jose_runner jose;
  if (!jose.ready()) GTEST_SKIP() << jose.why_not();
  boost::json::array input;
  for (algorithm alg : all_algorithms) input.emplace_back(to_string(alg));
  const auto out = jose.run("sign", input);
  verify_options options;
  options.issuers = {"jose"};
  options.audiences = {"strata"};
  options.required_claims = {"iat"};
  for (algorithm alg : all_algorithms) {
    const auto name = std::string(to_string(alg));
    const auto* r = out.if_contains(name);
    ASSERT_NE(r, nullptr) << name;
    ASSERT_EQ(r->at("ok"), true) << name << ": " << boost::json::serialize(*r);
    const std::string token(r->at("token").as_string());
    auto o = options;
    o.algorithms = {alg};

    // Through the JWK jose exported, alone and in a key set chosen by kid.
    key from_jwk = key::from_jwk(r->at("jwk").as_object());
    auto v = verify(token, from_jwk, o);
    ASSERT_TRUE(v) << name << ": " << v.message;
    EXPECT_EQ(v->claims.at("sub"), "from-jose");
    EXPECT_EQ(v->header.at("kid").as_string(), "jose-" + name);
    from_jwk.set_kid("jose-" + name);
    EXPECT_TRUE(verify(token, key_set({from_jwk}), o)) << name;

    // Through the SPKI PEM.
    if (r->at("pem").is_string()) {
      const key from_pem = key::from_pem(r->at("pem").as_string());
      EXPECT_TRUE(verify(token, from_pem, o)) << name;
      EXPECT_EQ(from_pem.to_jwk(), key::from_jwk(r->at("jwk").as_object()).to_jwk()) << name;
    }
    // And the claim checks still bite on jose's tokens.
    auto wrong = o;
    wrong.audiences = {"someone-else"};
    EXPECT_EQ(verify(token, from_jwk, wrong).code, error::bad_audience) << name;
    std::string tampered = token;
    tampered[token.find('.') + 3] ^= 1;
    EXPECT_FALSE(verify(tampered, from_jwk, o)) << name;
  }
}

}  // namespace
}  // namespace strata::auth::jwt
