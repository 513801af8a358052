// Signing and verifying: every algorithm round trips, and the claim checks say why they refuse.
#include <strata/auth/jwt.hpp>
#include <strata/auth/detail/jwt_testing.hpp>

#include <gtest/gtest.h>

namespace strata::auth::jwt {
namespace {

using boost::json::object;
using testing::fixed_clock;
using testing::private_key;
using testing::public_key;
using testing::t0;

verify_options at(std::int64_t now) {
  verify_options o;
  o.clock = fixed_clock(now);
  return o;
}

TEST(jwt, every_algorithm_round_trips) {
  for (algorithm alg : all_algorithms) {
    const std::string token = sign({{"sub", "42"}, {"n", 1}}, private_key(alg), {.alg = alg, .kid = "k"});
    const auto r = verify(token, public_key(alg));
    ASSERT_TRUE(r) << to_string(alg) << ": " << r.message;
    EXPECT_EQ(r->claims.at("sub"), "42");
    EXPECT_EQ(r->header.at("alg").as_string(), to_string(alg));
    EXPECT_EQ(r->header.at("typ"), "JWT");
    EXPECT_EQ(r->header.at("kid"), "k");
    // Only that algorithm: the same key type's others are refused when listed.
    verify_options only;
    only.algorithms = {alg == algorithm::hs256 ? algorithm::hs512 : algorithm::hs256};
    EXPECT_EQ(verify(token, public_key(alg), only).code, error::alg_not_allowed);
  }
}

TEST(jwt, default_algorithm_follows_the_key) {
  auto alg_of = [](const key& k) {
    auto r = verify(sign({}, k), k);
    return r ? std::string(r->header.at("alg").as_string()) : r.message;
  };
  EXPECT_EQ(alg_of(private_key(algorithm::hs512)), "HS256");
  EXPECT_EQ(alg_of(private_key(algorithm::rs512)), "RS256");
  EXPECT_EQ(alg_of(private_key(algorithm::es384)), "ES384");
  EXPECT_EQ(alg_of(private_key(algorithm::es512)), "ES512");
  EXPECT_EQ(alg_of(private_key(algorithm::eddsa)), "EdDSA");
  EXPECT_EQ(alg_of(key::generate(algorithm::ps384)), "PS384");  // generate() sets the key's alg
}

TEST(jwt, signing_refuses_keys_that_cannot_sign) {
  EXPECT_THROW(sign({}, public_key(algorithm::es256)), key_error);
  EXPECT_THROW(sign({}, private_key(algorithm::es256), {.alg = algorithm::es384}), key_error);
  EXPECT_THROW(sign({}, private_key(algorithm::es256), {.alg = algorithm::rs256}), key_error);
  EXPECT_THROW(sign({}, key::from_secret(std::string(32, 's')), {.alg = algorithm::hs512}), key_error);
  EXPECT_THROW(sign({}, private_key(algorithm::hs256), {.header = {{"alg", "none"}}}), std::invalid_argument);
}

TEST(jwt, expires_in_sets_exp_and_iat) {
  const key& k = private_key(algorithm::hs256);
  const auto token = sign({{"sub", "1"}}, k, {.expires_in = std::chrono::hours(1), .clock = fixed_clock(t0)});
  const auto r = verify(token, k, at(t0 + 10));
  ASSERT_TRUE(r) << r.message;
  EXPECT_EQ(r->claims.at("iat"), t0);
  EXPECT_EQ(r->claims.at("exp"), t0 + 3600);
  EXPECT_EQ(verify(token, k, at(t0 + 3600)).code, error::expired);
}

TEST(jwt, time_claims_with_leeway) {
  const key& k = private_key(algorithm::es256);
  const auto token = sign({{"exp", t0}, {"nbf", t0 - 100}, {"iat", t0 - 100}}, k);
  EXPECT_TRUE(verify(token, k, at(t0 - 1)));
  auto expired = verify(token, k, at(t0));  // exp is the first instant it is no longer valid
  EXPECT_EQ(expired.code, error::expired);
  EXPECT_NE(expired.message.find("expired 0 s ago"), std::string::npos) << expired.message;
  EXPECT_EQ(verify(token, k, at(t0 + 30)).code, error::expired);
  auto lenient = at(t0 + 30);
  lenient.leeway = std::chrono::seconds(60);
  EXPECT_TRUE(verify(token, k, lenient));

  auto early = verify(token, k, at(t0 - 101));
  EXPECT_EQ(early.code, error::not_yet_valid);
  EXPECT_NE(early.message.find("nbf"), std::string::npos) << early.message;
  auto early_lenient = at(t0 - 130);
  early_lenient.leeway = std::chrono::seconds(30);
  EXPECT_TRUE(verify(token, k, early_lenient));

  // iat in the future is refused too (beyond the leeway).
  const auto future = sign({{"iat", t0 + 600}}, k);
  EXPECT_EQ(verify(future, k, at(t0)).code, error::not_yet_valid);
  // Fractional NumericDates are numbers like any other.
  EXPECT_EQ(verify(sign({{"exp", t0 + 0.5}}, k), k, at(t0 + 1)).code, error::expired);
  EXPECT_TRUE(verify(sign({{"exp", t0 + 0.5}}, k), k, at(t0)));
  // A NumericDate that is not a number.
  EXPECT_EQ(verify(sign({{"exp", "tomorrow"}}, k), k, at(t0)).code, error::malformed);
}

TEST(jwt, max_age_needs_iat) {
  const key& k = private_key(algorithm::eddsa);
  auto o = at(t0);
  o.max_age = std::chrono::minutes(5);
  EXPECT_TRUE(verify(sign({{"iat", t0 - 299}}, k), k, o));
  auto old = verify(sign({{"iat", t0 - 301}}, k), k, o);
  EXPECT_EQ(old.code, error::too_old);
  EXPECT_NE(old.message.find("301 s ago"), std::string::npos) << old.message;
  EXPECT_EQ(verify(sign({}, k), k, o).code, error::missing_claim);
}

TEST(jwt, issuer_audience_subject_and_required_claims) {
  const key& k = private_key(algorithm::hs256);
  const auto token = sign({{"iss", "https://id.example"}, {"aud", boost::json::array{"api", "web"}}, {"sub", "u1"}}, k);
  verify_options o;
  o.issuers = {"https://other.example", "https://id.example"};
  o.audiences = {"web"};
  o.subject = "u1";
  o.required_claims = {"sub"};
  ASSERT_TRUE(verify(token, k, o));

  auto bad = o;
  bad.issuers = {"https://evil.example"};
  auto r = verify(token, k, bad);
  EXPECT_EQ(r.code, error::bad_issuer);
  EXPECT_NE(r.message.find("https://id.example"), std::string::npos) << r.message;

  bad = o;
  bad.audiences = {"admin"};
  EXPECT_EQ(verify(token, k, bad).code, error::bad_audience);
  bad = o;
  bad.subject = "u2";
  EXPECT_EQ(verify(token, k, bad).code, error::bad_subject);
  bad = o;
  bad.required_claims = {"jti"};
  r = verify(token, k, bad);
  EXPECT_EQ(r.code, error::missing_claim);
  EXPECT_NE(r.message.find("jti"), std::string::npos);

  // aud as a single string; missing aud and iss are missing claims.
  EXPECT_TRUE(verify(sign({{"aud", "web"}}, k), k, {.audiences = {"web"}}));
  EXPECT_EQ(verify(sign({{"aud", "api"}}, k), k, {.audiences = {"web"}}).code, error::bad_audience);
  EXPECT_EQ(verify(sign({{"aud", 7}}, k), k, {.audiences = {"web"}}).code, error::malformed);
  EXPECT_EQ(verify(sign({}, k), k, {.audiences = {"web"}}).code, error::missing_claim);
  EXPECT_EQ(verify(sign({}, k), k, {.issuers = {"x"}}).code, error::missing_claim);
  EXPECT_EQ(verify(sign({{"iss", 1}}, k), k, {.issuers = {"x"}}).code, error::bad_issuer);
}

TEST(jwt, typ_is_checked_when_asked) {
  const key& k = private_key(algorithm::hs256);
  EXPECT_TRUE(verify(sign({}, k), k, {.typ = "jwt"}));
  EXPECT_TRUE(verify(sign({}, k, {.typ = "application/at+jwt"}), k, {.typ = "at+jwt"}));
  EXPECT_EQ(verify(sign({}, k), k, {.typ = "at+jwt"}).code, error::bad_type);
  EXPECT_EQ(verify(sign({}, k, {.typ = ""}), k, {.typ = "JWT"}).code, error::bad_type);
  EXPECT_TRUE(verify(sign({}, k, {.typ = ""}), k));  // no typ check asked: none needed
}

TEST(jwt, error_codes_have_names) {
  EXPECT_EQ(to_string(error::bad_signature), "bad_signature");
  EXPECT_EQ(to_string(error::missing_claim), "missing_claim");
  EXPECT_EQ(parse_algorithm("EdDSA"), algorithm::eddsa);
  EXPECT_FALSE(parse_algorithm("none"));
  EXPECT_FALSE(parse_algorithm("hs256"));
}

}  // namespace
}  // namespace strata::auth::jwt
