// jwt::key: reading PEM in its forms and JWKs, writing them back, and refusing keys that cannot
// or should not be used.
#include <strata/auth/jwk.hpp>
#include <strata/auth/detail/jwt_testing.hpp>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>
#include <openssl/encoder.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace strata::auth::jwt {
namespace {

using testing::private_key;

std::string encode(const key& k, int selection, const char* structure) {
  OSSL_ENCODER_CTX* ctx = OSSL_ENCODER_CTX_new_for_pkey(k.material().pkey.get(), selection, "PEM", structure, nullptr);
  unsigned char* data = nullptr;
  std::size_t size = 0;
  EXPECT_TRUE(ctx && OSSL_ENCODER_to_data(ctx, &data, &size) == 1);
  OSSL_ENCODER_CTX_free(ctx);
  std::string out(reinterpret_cast<char*>(data), size);
  OPENSSL_free(data);
  return out;
}

std::string pem_of_new_key(const char* type, const char* param) {
  EVP_PKEY* p = param ? EVP_PKEY_Q_keygen(nullptr, nullptr, type, param) : EVP_PKEY_Q_keygen(nullptr, nullptr, type);
  EXPECT_NE(p, nullptr);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, p);
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  EVP_PKEY_free(p);
  return out;
}

std::string self_signed_certificate(const key& k) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, k.material().pkey.get());
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("strata"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  EXPECT_GT(X509_sign(cert, k.material().pkey.get(), EVP_sha256()), 0);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  X509_free(cert);
  return out;
}

TEST(jwk, pem_forms_read_back_to_the_same_key) {
  for (algorithm alg : {algorithm::rs256, algorithm::es256, algorithm::es384, algorithm::es512, algorithm::eddsa}) {
    const key& k = private_key(alg);
    const auto public_jwk = k.to_jwk(false);
    const key pub = key::from_pem(k.to_pem(false));
    EXPECT_FALSE(pub.is_private());
    EXPECT_EQ(pub.to_jwk(false), public_jwk) << to_string(alg);
    EXPECT_NE(k.to_pem(false).find("-----BEGIN PUBLIC KEY-----"), std::string::npos);
    const std::string pkcs8 = k.to_pem(true);
    EXPECT_NE(pkcs8.find("-----BEGIN PRIVATE KEY-----"), std::string::npos) << pkcs8;
    const key priv = key::from_pem(pkcs8);
    EXPECT_TRUE(priv.is_private());
    EXPECT_EQ(priv.to_jwk(true), k.to_jwk(true)) << to_string(alg);
    EXPECT_EQ(priv.type(), k.type());
    EXPECT_EQ(priv.curve(), k.curve());
  }
}

TEST(jwk, reads_pkcs1_sec1_and_certificates) {
  const key& rsa = private_key(algorithm::rs256);
  const std::string pkcs1_private = encode(rsa, EVP_PKEY_KEYPAIR, "type-specific");
  const std::string pkcs1_public = encode(rsa, EVP_PKEY_PUBLIC_KEY, "type-specific");
  ASSERT_NE(pkcs1_private.find("BEGIN RSA PRIVATE KEY"), std::string::npos) << pkcs1_private;
  ASSERT_NE(pkcs1_public.find("BEGIN RSA PUBLIC KEY"), std::string::npos) << pkcs1_public;
  EXPECT_EQ(key::from_pem(pkcs1_private).to_jwk(true), rsa.to_jwk(true));
  EXPECT_EQ(key::from_pem(pkcs1_public).to_jwk(), rsa.to_jwk());
  EXPECT_EQ(key::from_pem(pkcs1_public).bits(), 2048u);

  const key& ec = private_key(algorithm::es256);
  const std::string sec1 = encode(ec, EVP_PKEY_KEYPAIR, "type-specific");
  ASSERT_NE(sec1.find("BEGIN EC PRIVATE KEY"), std::string::npos) << sec1;
  // openssl ecparam -genkey writes the parameters first: they are passed over.
  const key from_sec1 =
      key::from_pem("-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + sec1);
  EXPECT_EQ(from_sec1.to_jwk(true), ec.to_jwk(true));

  const key from_cert = key::from_pem(self_signed_certificate(ec));
  EXPECT_FALSE(from_cert.is_private());
  EXPECT_EQ(from_cert.to_jwk(), ec.to_jwk());
}

TEST(jwk, refuses_unusable_pem) {
  EXPECT_THROW(key::from_pem("not a key"), key_error);
  EXPECT_THROW(key::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"), key_error);
  // Encrypted keys: refused, never a passphrase prompt.
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PKCS8PrivateKey(bio, private_key(algorithm::es256).material().pkey.get(), EVP_aes_256_cbc(), "pw", 2,
                                nullptr, nullptr);
  char* data = nullptr;
  const std::string encrypted(data, static_cast<std::size_t>(BIO_get_mem_data(bio, &data)));
  BIO_free(bio);
  ASSERT_NE(encrypted.find("ENCRYPTED PRIVATE KEY"), std::string::npos);
  EXPECT_THROW(key::from_pem(encrypted), key_error);
  // Curves and types JWS does not sign with.
  EXPECT_THROW(key::from_pem(pem_of_new_key("EC", "secp256k1")), key_error);
  EXPECT_THROW(key::from_pem(pem_of_new_key("ED448", nullptr)), key_error);
  EXPECT_THROW(key::from_pem(pem_of_new_key("X25519", nullptr)), key_error);
}

TEST(jwk, refuses_rsa_keys_under_2048_bits) {
  EVP_PKEY* small = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(1024));
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, small);
  char* data = nullptr;
  const std::string pem(data, static_cast<std::size_t>(BIO_get_mem_data(bio, &data)));
  BIO_free(bio);
  EVP_PKEY_free(small);
  try {
    key::from_pem(pem);
    FAIL() << "a 1024-bit key was accepted";
  } catch (const key_error& e) {
    EXPECT_NE(std::string(e.what()).find("1024 bits"), std::string::npos) << e.what();
  }
}

TEST(jwk, secrets_must_be_long_enough_and_not_pem) {
  EXPECT_THROW(key::from_secret("short secret"), key_error);
  EXPECT_THROW(key::from_secret(std::string(31, 'x')), key_error);
  const key k = key::from_secret(std::string(32, 'x'));
  EXPECT_TRUE(k.allows(algorithm::hs256, true));
  EXPECT_FALSE(k.allows(algorithm::hs384));  // 32 bytes < SHA-384's 48
  EXPECT_FALSE(k.allows(algorithm::hs512));
  EXPECT_TRUE(key::from_secret(std::string(64, 'x')).allows(algorithm::hs512));
  // The public key text as a secret is how HS/RS confusion starts: refused outright.
  EXPECT_THROW(key::from_secret(private_key(algorithm::rs256).to_pem()), key_error);
  EXPECT_THROW(key::from_pem(std::string(40, 'x')), key_error);
}

TEST(jwk, rfc7638_thumbprint) {
  const key k = key::from_jwk(R"({"kty":"RSA",
    "n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
    "e":"AQAB","alg":"RS256","kid":"2011-04-29"})");
  EXPECT_EQ(k.thumbprint(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  EXPECT_EQ(k.kid(), "2011-04-29");
  EXPECT_EQ(k.alg(), algorithm::rs256);
  // RFC 8037 A.3: the Ed25519 key's thumbprint.
  const key ed = key::from_jwk(R"({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})");
  EXPECT_EQ(ed.thumbprint(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
}

TEST(jwk, jwk_round_trip_keeps_metadata) {
  key k = private_key(algorithm::es384);
  k.set_kid("k1").set_use("sig").set_alg(algorithm::es384);
  const auto jwk = k.to_jwk(true);
  EXPECT_EQ(jwk.at("kty"), "EC");
  EXPECT_EQ(jwk.at("crv"), "P-384");
  EXPECT_EQ(jwk.at("x").as_string().size(), 64u);  // 48 bytes, never shortened
  EXPECT_EQ(jwk.at("d").as_string().size(), 64u);
  EXPECT_EQ(jwk.at("kid"), "k1");
  EXPECT_EQ(jwk.at("alg"), "ES384");
  const key back = key::from_jwk(jwk);
  EXPECT_EQ(back.to_jwk(true), jwk);
  EXPECT_FALSE(k.to_jwk(false).contains("d"));

  const key secret = key::from_jwk(
      R"({"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow","key_ops":["verify"]})");
  EXPECT_EQ(secret.bits(), 512u);
  EXPECT_FALSE(secret.to_jwk(false).contains("k"));  // a secret is never published by accident
  EXPECT_TRUE(secret.to_jwk(true).contains("k"));
  EXPECT_TRUE(secret.allows(algorithm::hs256));
  EXPECT_FALSE(secret.allows(algorithm::hs256, true));  // key_ops: verify only
  EXPECT_THROW((void)secret.to_pem(), key_error);
}

TEST(jwk, refuses_broken_jwks) {
  const auto ec = private_key(algorithm::es256).to_jwk(true);
  auto with = [&](const char* name, boost::json::value v) {
    auto j = ec;
    if (v.is_null()) j.erase(name);
    else j[name] = v;
    return j;
  };
  EXPECT_THROW(key::from_jwk(with("kty", "XYZ")), key_error);
  EXPECT_THROW(key::from_jwk(with("kty", nullptr)), key_error);
  EXPECT_THROW(key::from_jwk(with("crv", "P-192")), key_error);
  EXPECT_THROW(key::from_jwk(with("x", "AAAA")), key_error);   // not the field's size
  EXPECT_THROW(key::from_jwk(with("x", 42)), key_error);
  EXPECT_THROW(key::from_jwk(with("y", nullptr)), key_error);
  EXPECT_THROW(key::from_jwk(with("alg", "RSA-OAEP")), key_error);
  EXPECT_THROW(key::from_jwk(with("alg", "ES384")), key_error);  // not this curve's
  EXPECT_THROW(key::from_jwk(with("key_ops", "sign")), key_error);
  EXPECT_THROW(key::from_jwk("[1]"), key_error);
  EXPECT_THROW(key::from_jwk("{"), key_error);
  // A point off the curve, and a private part that is another key's.
  auto y = testing::b64(std::string(32, '\x01'));
  EXPECT_THROW(key::from_jwk(with("y", boost::json::string(y))), key_error);
  EXPECT_NO_THROW(key::from_jwk(with("d", ec.at("d"))));
  EXPECT_THROW(key::from_jwk(with("d", key::generate(algorithm::es256).to_jwk(true).at("d"))), key_error);
  auto ed = private_key(algorithm::eddsa).to_jwk(true);
  ed["d"] = key::generate(algorithm::eddsa).to_jwk(true).at("d");
  EXPECT_THROW(key::from_jwk(ed), key_error);
  auto rsa = private_key(algorithm::rs256).to_jwk(true);
  rsa.erase("qi");  // CRT members come all together
  EXPECT_THROW(key::from_jwk(rsa), key_error);
  rsa.erase("p"), rsa.erase("q"), rsa.erase("dp"), rsa.erase("dq");
  EXPECT_NO_THROW(key::from_jwk(rsa));  // n, e, d alone will do
}

}  // namespace
}  // namespace strata::auth::jwt
