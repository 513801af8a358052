// libFuzzer target for strata::auth::jwt: each input is tried as a token (verified with an HMAC
// secret, an EC, an Ed25519 and an RSA key, alone and as a set), as the payload and as the header
// of a token with a good signature (so claim and header checks run), as a JWK, a JWKS and PEM.
// Beyond memory errors and undefined behaviour it checks:
// - verification never throws; a result is verified exactly when its code is none, carries a
//   message exactly when refused, and is the same when repeated;
// - a verified token is three parts whose header decodes to the verified header, with an alg the
//   options allowed and of the key's type;
// - key parsing throws nothing but key_error; a parsed key writes out as a JWK (and PEM) that
//   reads back to the same key.
#include <boost/json/src.hpp>  // Boost.JSON compiled here, instrumented with the rest
#include <strata/auth/detail/base64url.hpp>
#include <strata/auth/detail/jwt_crypto.hpp>
#include <strata/auth/jwks.hpp>
#include <strata/auth/jwt.hpp>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string_view>

#include "check.hpp"

namespace {

using namespace strata::auth::jwt;

// The keys of RFC 7515 A.1, A.3, A.2 and RFC 8037 A.4, which the RFC-example seeds verify with
// (the other token seeds use the HMAC one).
struct keys {
  key hs = key::from_jwk(R"({"kty":"oct","kid":"hs",
    "k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"})");
  key ec = key::from_jwk(R"({"kty":"EC","crv":"P-256","kid":"ec",
    "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"})");
  key ed =
      key::from_jwk(R"({"kty":"OKP","crv":"Ed25519","kid":"ed","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})");
  key rsa = key::from_jwk(R"({"kty":"RSA","kid":"rsa","e":"AQAB",
    "n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"})");
  key_set all{std::vector<key>{hs, ec, ed, rsa}};
};

const keys& fixed_keys() {
  static const keys k;
  return k;
}

void check_result(std::string_view token, const verify_result& r, const key* k) {
  CHECK((r.code == error::none) == r.value.has_value());
  CHECK(r.code == error::none ? r.message.empty() : !r.message.empty());
  if (!r) return;
  const std::size_t dot1 = token.find('.'), dot2 = token.rfind('.');
  CHECK(dot1 != std::string_view::npos && dot2 != dot1 && token.find('.', dot1 + 1) == dot2);
  const auto header = strata::auth::jwt::detail::base64url_decode(token.substr(0, dot1));
  CHECK(header.has_value());
  CHECK(boost::json::parse(*header) == r->header);
  const auto alg = parse_algorithm(r->header.at("alg").as_string());
  CHECK(alg.has_value());
  if (k) CHECK(k->allows(*alg));
}

void verify_all(std::string_view token) {
  const keys& k = fixed_keys();
  verify_options options;
  options.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1704067200)); };
  options.leeway = std::chrono::seconds(60);
  for (const key* one : {&k.hs, &k.ec, &k.ed, &k.rsa}) {
    const auto r = verify(token, *one, options);
    check_result(token, r, one);
    CHECK(verify(token, *one, options).code == r.code);  // deterministic
  }
  verify_options strict = options;
  strict.algorithms = {algorithm::es256, algorithm::eddsa};
  strict.issuers = {"joe"};
  strict.audiences = {"api"};
  strict.required_claims = {"sub"};
  strict.max_age = std::chrono::hours(1);
  strict.typ = "JWT";
  const auto r = verify(token, k.all, strict);
  check_result(token, r, nullptr);
  if (r) {
    const auto alg = parse_algorithm(r->header.at("alg").as_string());
    CHECK(*alg == algorithm::es256 || *alg == algorithm::eddsa);
    CHECK(r->claims.at("iss") == "joe");
  }
}

// A JWK's key members: PEM carries no kid, alg, use or key_ops.
boost::json::object members(boost::json::object jwk) {
  for (const char* name : {"kid", "alg", "use", "key_ops"}) jwk.erase(name);
  return jwk;
}

// The input as the payload, and as the header, of tokens signed with the HMAC key: a fuzzer
// cannot forge signatures, and the claim checks only run behind a good one.
void verify_signed(std::string_view input) {
  namespace d = strata::auth::jwt::detail;
  const keys& k = fixed_keys();
  auto signed_token = [&](std::string_view header, std::string_view payload) {
    std::string t = d::base64url_encode(header) + "." + d::base64url_encode(payload);
    return t + "." + d::base64url_encode(d::jws_sign(algorithm::hs256, k.hs.material(), t));
  };
  verify_options options;
  options.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1704067200)); };
  options.leeway = std::chrono::seconds(60);
  options.issuers = {"joe"};
  options.audiences = {"api"};
  options.max_age = std::chrono::hours(1);
  for (const std::string& token : {signed_token(R"({"alg":"HS256","typ":"JWT"})", input),
                                   signed_token(input, R"({"iss":"joe","aud":"api","iat":1704067000})")}) {
    const auto r = verify(token, k.hs, options);
    check_result(token, r, &k.hs);
    check_result(token, verify(token, k.all, verify_options{}), nullptr);
    if (r) {
      CHECK(r->claims.at("iss") == "joe");
      CHECK(!r->header.contains("crit"));
    }
  }
}

void round_trip(const key& k) {
  const auto jwk = k.to_jwk(true);
  const key back = key::from_jwk(jwk);
  CHECK(back.to_jwk(true) == jwk);
  CHECK(back.type() == k.type() && back.curve() == k.curve() && back.bits() == k.bits());
  (void)k.thumbprint();
  if (k.type() != key_type::oct) {
    CHECK(key::from_pem(k.to_pem(false)).to_jwk(false) == members(k.to_jwk(false)));
    if (k.is_private()) CHECK(key::from_pem(k.to_pem(true)).to_jwk(true) == members(k.to_jwk(true)));
  }
}

void parse_keys(std::string_view input) {
  try {
    round_trip(key::from_jwk(input));
  } catch (const key_error&) {
  }
  try {
    const auto set = key_set::from_jwks(input);
    for (const auto& k : set.keys()) round_trip(k);
    for (const auto& s : set.skipped()) CHECK(!s.reason.empty());
  } catch (const key_error&) {
  }
  try {
    round_trip(key::from_pem(input));
  } catch (const key_error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  verify_all(input);
  verify_signed(input);
  parse_keys(input);
  return 0;
}
