// What verification refuses whatever the options: unsigned tokens, algorithm confusion, keys of
// the wrong type or too weak, crit parameters nobody understands, malformed tokens.
#include <strata/auth/detail/jwk_material.hpp>
#include <strata/auth/jwks.hpp>
#include <strata/auth/jwt.hpp>
#include <strata/auth/detail/jwt_testing.hpp>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace strata::auth::jwt {
namespace {

using testing::b64;
using testing::forge;
using testing::private_key;
using testing::public_key;

TEST(jwt_refusal, alg_none_in_every_spelling) {
  const key& k = private_key(algorithm::hs256);
  const std::string payload = b64(R"({"sub":"admin"})");
  for (const char* header : {R"({"alg":"none"})", R"({"alg":"None"})", R"({"alg":"NONE"})", R"({"alg":"nOnE"})"}) {
    for (const std::string sig : {"", "AAAA"}) {
      const auto r = verify(b64(header) + "." + payload + "." + sig, k);
      EXPECT_EQ(r.code, error::alg_not_allowed) << header << " " << r.message;
    }
  }
  // Listing nothing or everything changes nothing: none is not an algorithm here.
  EXPECT_FALSE(parse_algorithm("none"));
  EXPECT_EQ(verify(b64(R"({"alg":"none"})") + "." + payload + ".", k, {.algorithms = {all_algorithms[0]}}).code,
            error::alg_not_allowed);
}

// The classic attack: the verifier holds an RSA public key; the attacker signs HS256 with that
// key's PEM text as the HMAC secret, hoping the library treats "the key" as bytes.
TEST(jwt_refusal, an_rsa_public_key_is_never_an_hmac_secret) {
  const key pub = public_key(algorithm::rs256);
  const std::string pem = pub.to_pem();
  const std::string input = b64(R"({"alg":"HS256","typ":"JWT"})") + "." + b64(R"({"sub":"admin"})");
  unsigned char mac[32];
  unsigned int size = 0;
  HMAC(EVP_sha256(), pem.data(), static_cast<int>(pem.size()), reinterpret_cast<const unsigned char*>(input.data()),
       input.size(), mac, &size);
  const std::string token = input + "." + b64(std::string_view(reinterpret_cast<char*>(mac), size));

  const auto r = verify(token, pub);
  EXPECT_EQ(r.code, error::key_mismatch) << r.message;
  EXPECT_NE(r.message.find("HS256"), std::string::npos) << r.message;
  EXPECT_EQ(verify(token, pub, {.algorithms = {algorithm::hs256}}).code, error::key_mismatch);
  // In a set, with the key's kid, the same.
  key with_kid = pub;
  with_kid.set_kid("rsa");
  const std::string kid_input = b64(R"({"alg":"HS256","kid":"rsa"})") + "." + b64(R"({"sub":"admin"})");
  HMAC(EVP_sha256(), pem.data(), static_cast<int>(pem.size()), reinterpret_cast<const unsigned char*>(kid_input.data()),
       kid_input.size(), mac, &size);
  EXPECT_EQ(
      verify(kid_input + "." + b64(std::string_view(reinterpret_cast<char*>(mac), size)), key_set({with_kid})).code,
      error::key_mismatch);
  // And the PEM cannot be made into a secret by mistake.
  EXPECT_THROW(key::from_secret(pem), key_error);
}

TEST(jwt_refusal, keys_of_the_wrong_type_or_curve) {
  const auto es256 = sign({}, private_key(algorithm::es256));
  EXPECT_EQ(verify(es256, public_key(algorithm::rs256)).code, error::key_mismatch);
  EXPECT_EQ(verify(es256, public_key(algorithm::es384)).code, error::key_mismatch);  // P-384 key, ES256 token
  EXPECT_EQ(verify(es256, public_key(algorithm::eddsa)).code, error::key_mismatch);
  EXPECT_EQ(verify(es256, private_key(algorithm::hs256)).code, error::key_mismatch);
  const auto rs = sign({}, private_key(algorithm::rs256));
  EXPECT_EQ(verify(rs, public_key(algorithm::es256)).code, error::key_mismatch);
  // The same key type with the wrong key: a bad signature.
  EXPECT_EQ(verify(es256, key::generate(algorithm::es256)).code, error::bad_signature);
  // A key whose alg says otherwise.
  key ps_only = public_key(algorithm::rs256);
  ps_only.set_alg(algorithm::ps256);
  EXPECT_EQ(verify(rs, ps_only).code, error::alg_not_allowed);
  // A key for encryption.
  key enc = public_key(algorithm::rs256);
  enc.set_use("enc");
  EXPECT_EQ(verify(rs, enc).code, error::key_mismatch);
}

TEST(jwt_refusal, weak_keys) {
  // A 32-byte secret serves HS256 but not HS512: its strength is below the hash's.
  const key short_secret = key::from_secret(std::string(32, 'k'));
  const key long_secret = key::from_secret(std::string(32, 'k') + std::string(32, 'l'));
  const auto hs512 = forge(R"({"alg":"HS512"})", "{}", long_secret, algorithm::hs512);
  EXPECT_TRUE(verify(hs512, long_secret));
  const auto r = verify(forge(R"({"alg":"HS512"})", "{}", short_secret, algorithm::hs256), short_secret);
  EXPECT_EQ(r.code, error::weak_key) << r.message;
  // Keys too weak to exist: refused when built (tested in jwk_test), so never reach verify.
  EXPECT_THROW(key::from_jwk(R"({"kty":"oct","k":"c2hvcnQ"})"), key_error);
}

TEST(jwt_refusal, crit_parameters_must_be_understood) {
  const key& k = private_key(algorithm::hs256);
  auto token = [&](std::string_view header) { return forge(header, "{}", k, algorithm::hs256); };
  EXPECT_EQ(verify(token(R"({"alg":"HS256","crit":["exp"],"exp":1})"), k).code, error::unsupported_crit);
  EXPECT_TRUE(verify(token(R"({"alg":"HS256","crit":["exp"],"exp":1})"), k, {.crit = {"exp"}}));
  // b64 (RFC 7797) changes what is signed: never, even when a caller lists it.
  EXPECT_EQ(verify(token(R"({"alg":"HS256","crit":["b64"],"b64":false})"), k, {.crit = {"b64"}}).code,
            error::unsupported_crit);
  EXPECT_EQ(verify(token(R"({"alg":"HS256","crit":[]})"), k).code, error::malformed);
  EXPECT_EQ(verify(token(R"({"alg":"HS256","crit":["alg"]})"), k).code, error::malformed);
  EXPECT_EQ(verify(token(R"({"alg":"HS256","crit":["x"]})"), k, {.crit = {"x"}}).code, error::malformed);  // absent
  EXPECT_EQ(verify(token(R"({"alg":"HS256","crit":"x","x":1})"), k).code, error::malformed);
}

TEST(jwt_refusal, embedded_keys_are_not_followed) {
  // A token carrying its own key (jwk) and signed with it verifies against that key only if the
  // verifier's key is that key: the header's key is never used.
  const key attacker = key::generate(algorithm::es256);
  std::string header = R"({"alg":"ES256","jwk":)" + boost::json::serialize(attacker.to_jwk()) + "}";
  const auto token = forge(header, R"({"sub":"admin"})", attacker, algorithm::es256);
  EXPECT_EQ(verify(token, public_key(algorithm::es256)).code, error::bad_signature);
  EXPECT_EQ(verify(token, key_set{}).code, error::key_not_found);
}

TEST(jwt_refusal, malformed_tokens) {
  const key& k = private_key(algorithm::hs256);
  const std::string good = sign({{"sub", "1"}}, k);
  const auto dot = good.find('.');
  auto code = [&](std::string_view t) { return verify(t, k).code; };
  EXPECT_EQ(code(""), error::malformed);
  EXPECT_EQ(code("abc"), error::malformed);
  EXPECT_EQ(code("a.b"), error::malformed);
  EXPECT_EQ(code(good + ".x.y"), error::malformed);  // a JWE's five parts
  EXPECT_EQ(code("." + good.substr(dot + 1)), error::malformed);
  EXPECT_EQ(code(good.substr(0, good.rfind('.') + 1)), error::malformed);  // no signature
  EXPECT_EQ(code(good + "="), error::malformed);
  EXPECT_EQ(code(b64("[1]") + good.substr(dot)), error::malformed);
  EXPECT_EQ(code(b64("{") + good.substr(dot)), error::malformed);
  EXPECT_EQ(code(b64(R"({"alg":5})") + good.substr(dot)), error::malformed);
  EXPECT_EQ(code(b64(R"({"alg":"HS256","kid":5})") + good.substr(dot)), error::malformed);
  EXPECT_EQ(code(b64(R"({"alg":"XS256"})") + good.substr(dot)), error::alg_not_allowed);
  // Payloads that are not JSON objects: refused only after the signature checks out.
  EXPECT_EQ(code(forge(R"({"alg":"HS256"})", "[1]", k, algorithm::hs256)), error::malformed);
  EXPECT_EQ(code(forge(R"({"alg":"HS256"})", "hello", k, algorithm::hs256)), error::malformed);
  EXPECT_EQ(code(forge(R"({"alg":"HS256"})", "{}", key::from_secret(std::string(32, 'o')), algorithm::hs256)),
            error::bad_signature);
  // A changed payload or signature.
  std::string tampered = good;
  tampered[dot + 2] = tampered[dot + 2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(code(tampered), error::bad_signature);
  // Size limit before anything is decoded.
  EXPECT_EQ(verify(good, k, {.max_token_bytes = 16}).code, error::malformed);
}

}  // namespace
}  // namespace strata::auth::jwt
