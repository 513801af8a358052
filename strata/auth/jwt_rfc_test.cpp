// The examples of RFC 7515 appendix A (A.1 HS256, A.2 RS256, A.3 ES256, A.4 ES512), RFC 7519
// §3.1 and RFC 8037 A.4 (Ed25519): each verifies, and the deterministic ones sign identically.
#include <strata/auth/detail/base64url.hpp>
#include <strata/auth/detail/jwt_crypto.hpp>
#include <strata/auth/jwt.hpp>
#include <strata/auth/detail/jwt_testing.hpp>

#include <gtest/gtest.h>

namespace strata::auth::jwt {
namespace {

using testing::fixed_clock;

// The payload of A.1-A.3, with its CRLFs: {"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":true}
constexpr std::string_view payload =
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
constexpr std::int64_t before_exp = 1300819379;

std::string signature_of(std::string_view token) {
  return std::string(token.substr(token.rfind('.') + 1));
}

std::string resign(std::string_view token, const key& k, algorithm alg) {
  const std::string_view input = token.substr(0, token.rfind('.'));
  return detail::base64url_encode(detail::jws_sign(alg, k.material(), input));
}

void expect_rfc_claims(const verify_result& r) {
  ASSERT_TRUE(r) << r.message;
  EXPECT_EQ(r->claims.at("iss"), "joe");
  EXPECT_EQ(r->claims.at("exp"), 1300819380);
  EXPECT_EQ(r->claims.at("http://example.com/is_root"), true);
}

TEST(jwt_rfc, rfc7515_a1_hs256_and_rfc7519_example) {
  const key k = key::from_jwk(
      R"({"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"})");
  // RFC 7519 §3.1 is this same token.
  const std::string token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9." + std::string(payload) +
                            ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  const auto r = verify(token, k, {.typ = "JWT", .clock = fixed_clock(before_exp)});
  expect_rfc_claims(r);
  EXPECT_EQ(resign(token, k, algorithm::hs256), signature_of(token));
  EXPECT_EQ(verify(token, k, {.clock = fixed_clock(1300819380)}).code, error::expired);
}

TEST(jwt_rfc, rfc7515_a2_rs256) {
  const key k = key::from_jwk(R"({"kty":"RSA",
    "n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
    "e":"AQAB",
    "d":"Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ",
    "p":"4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc",
    "q":"uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc",
    "dp":"BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0",
    "dq":"h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU",
    "qi":"IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U"})");
  const std::string token =
      "eyJhbGciOiJSUzI1NiJ9." + std::string(payload) +
      ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_"
      "O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_"
      "nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-"
      "eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";
  const key pub = key::from_jwk(k.to_jwk(false));
  expect_rfc_claims(verify(token, pub, {.clock = fixed_clock(before_exp)}));
  EXPECT_EQ(resign(token, k, algorithm::rs256), signature_of(token));  // PKCS#1 v1.5 is deterministic
  EXPECT_EQ(verify(token, pub, {.algorithms = {algorithm::ps256}, .clock = fixed_clock(before_exp)}).code,
            error::alg_not_allowed);
}

TEST(jwt_rfc, rfc7515_a3_es256) {
  const key k = key::from_jwk(R"({"kty":"EC","crv":"P-256",
    "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
    "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
    "d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"})");
  const std::string token = "eyJhbGciOiJFUzI1NiJ9." + std::string(payload) +
                            ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
  expect_rfc_claims(verify(token, key::from_jwk(k.to_jwk(false)), {.clock = fixed_clock(before_exp)}));
  // ECDSA signatures are randomised: ours differs from the RFC's, but verifies all the same.
  const std::string ours = token.substr(0, token.rfind('.') + 1) + resign(token, k, algorithm::es256);
  EXPECT_NE(signature_of(ours), signature_of(token));
  expect_rfc_claims(verify(ours, k, {.clock = fixed_clock(before_exp)}));
}

TEST(jwt_rfc, rfc7515_a4_es512_over_a_non_json_payload) {
  const key k = key::from_jwk(R"({"kty":"EC","crv":"P-521",
    "x":"AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk",
    "y":"ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2"})");
  const std::string input = "eyJhbGciOiJFUzUxMiJ9.UGF5bG9hZA";
  const auto sig = detail::base64url_decode(
      "AdwMgeerwtHoh-l192l60hp9wAHZFVJbLfD_UxMi70cwnZOYaRI1bKPWROc-mZZqwqT2SI-KGDKB34XO0aw_"
      "7XdtAG8GaSwFKdCAPZgoXD2YBJZCPEX3xKpRwcdOO8KpEHwJjyqOgzDO7iKvU8vcnwNrmxYbSW9ERBXukOXolLzeO_Jn");
  ASSERT_TRUE(sig);
  EXPECT_TRUE(detail::jws_verify(algorithm::es512, k.material(), input,
                                 reinterpret_cast<const unsigned char*>(sig->data()), sig->size()));
  // As a JWT it is refused: "Payload" is not a claims object, though the signature is good.
  const auto r = verify(input + "." + detail::base64url_encode(*sig), k);
  EXPECT_EQ(r.code, error::malformed) << r.message;
  EXPECT_NE(r.message.find("payload"), std::string::npos) << r.message;
}

TEST(jwt_rfc, rfc8037_a4_ed25519) {
  const key k = key::from_jwk(R"({"kty":"OKP","crv":"Ed25519",
    "d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})");
  const std::string token =
      "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
      "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
  EXPECT_EQ(resign(token, k, algorithm::eddsa), signature_of(token));  // Ed25519 is deterministic
  const auto sig = detail::base64url_decode(signature_of(token));
  const key pub = key::from_jwk(k.to_jwk(false));
  EXPECT_TRUE(detail::jws_verify(algorithm::eddsa, pub.material(), token.substr(0, token.rfind('.')),
                                 reinterpret_cast<const unsigned char*>(sig->data()), sig->size()));
  // "Example of Ed25519 signing" is not a claims object: a JWS, not a JWT.
  EXPECT_EQ(verify(token, pub).code, error::malformed);
  std::string bad = token;
  bad[bad.size() - 5] ^= 1;
  EXPECT_EQ(verify(bad, pub).code, error::bad_signature);
}

}  // namespace
}  // namespace strata::auth::jwt
