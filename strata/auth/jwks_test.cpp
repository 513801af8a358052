// Key sets: reading a JWKS (skipping what cannot be used), choosing keys by kid and algorithm,
// and the key_source seam with static_keys and a failing source.
#include <strata/auth/jwks.hpp>
#include <strata/auth/jwt.hpp>
#include <strata/auth/detail/jwt_testing.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <stdexcept>

namespace strata::auth::jwt {
namespace {

using testing::private_key;
using testing::public_key;

key with_kid(key k, const char* kid) {
  k.set_kid(kid);
  return k;
}

template <class T>
T run(task<T> t) {
  boost::asio::io_context io;
  std::optional<T> out;
  boost::asio::co_spawn(io, std::move(t), [&](std::exception_ptr e, T v) {
    if (e) std::rethrow_exception(e);
    out = std::move(v);
  });
  io.run();
  return std::move(*out);
}

TEST(jwks, reads_a_jwks_and_skips_what_it_cannot_use) {
  boost::json::array members;
  members.push_back(with_kid(public_key(algorithm::rs256), "rsa").to_jwk());
  members.push_back(with_kid(public_key(algorithm::es256), "ec").to_jwk());
  members.push_back(with_kid(public_key(algorithm::eddsa), "ed").to_jwk());
  members.push_back(boost::json::object{{"kty", "OKP"}, {"crv", "X25519"}, {"kid", "x"}, {"x", "AAAA"}});
  members.push_back(
      boost::json::object{{"kty", "RSA"}, {"kid", "enc"}, {"alg", "RSA-OAEP"}, {"n", "AQAB"}, {"e", "AQAB"}});
  members.push_back(boost::json::object{{"kty", "XYZ"}});
  members.push_back("not an object");
  const auto set = key_set::from_jwks(boost::json::serialize(boost::json::object{{"keys", members}}));
  ASSERT_EQ(set.keys().size(), 3u);
  ASSERT_EQ(set.skipped().size(), 4u);
  EXPECT_EQ(set.skipped()[0].kid, "x");
  EXPECT_NE(set.skipped()[0].reason.find("X25519"), std::string::npos) << set.skipped()[0].reason;

  ASSERT_NE(set.find("ec", algorithm::es256), nullptr);
  EXPECT_EQ(set.find("ec", algorithm::es256)->kid(), "ec");
  EXPECT_EQ(set.find("ec", algorithm::rs256), nullptr);
  EXPECT_EQ(set.find("", algorithm::ps512)->kid(), "rsa");
  EXPECT_EQ(set.find("nope", algorithm::es256), nullptr);

  // Written back: the public members only.
  const auto out = set.to_jwks();
  EXPECT_EQ(out.at("keys").as_array().size(), 3u);
  EXPECT_EQ(boost::json::serialize(out).find("\"d\""), std::string::npos);

  EXPECT_THROW(key_set::from_jwks("[]"), key_error);
  EXPECT_THROW(key_set::from_jwks(R"({"keys":{}})"), key_error);
  EXPECT_THROW(key_set::from_jwks("{"), key_error);
  EXPECT_THROW(key_set::from_jwks(R"({"keys":[{},{},{}]})", 2), key_error);
}

TEST(jwks, verify_picks_the_key_by_kid) {
  const key_set set({with_kid(public_key(algorithm::es256), "a"), with_kid(key::generate(algorithm::es256), "b"),
                     with_kid(public_key(algorithm::rs256), "c")});
  const auto signed_a = sign({{"sub", "1"}}, private_key(algorithm::es256), {.kid = "a"});
  EXPECT_TRUE(verify(signed_a, set));
  // Signed by a's key but naming b: b's key is the only one tried.
  EXPECT_EQ(verify(sign({}, private_key(algorithm::es256), {.kid = "b"}), set).code, error::bad_signature);
  auto unknown = verify(sign({}, private_key(algorithm::es256), {.kid = "z"}), set);
  EXPECT_EQ(unknown.code, error::key_not_found);
  EXPECT_NE(unknown.message.find("'z'"), std::string::npos) << unknown.message;
  // kid c is an RSA key: the token's ES256 does not fit it.
  EXPECT_EQ(verify(sign({}, private_key(algorithm::es256), {.kid = "c"}), set).code, error::key_mismatch);
  // Without a kid, each key of the algorithm's type is tried.
  EXPECT_TRUE(verify(sign({}, private_key(algorithm::es256)), set));
  EXPECT_TRUE(verify(sign({}, private_key(algorithm::rs256), {.alg = algorithm::ps384}), set));
  EXPECT_EQ(verify(sign({}, private_key(algorithm::eddsa)), set).code, error::key_not_found);
  EXPECT_EQ(verify(sign({}, key::generate(algorithm::es256)), set).code, error::bad_signature);
}

TEST(jwks, a_skipped_key_is_named_when_its_kid_is_asked_for) {
  const auto set = key_set::from_jwks(R"({"keys":[{"kty":"oct","kid":"short","k":"c2hvcnQ"}]})");
  const auto token = testing::forge(R"({"alg":"HS256","kid":"short"})", "{}", private_key(algorithm::hs256),
                                    algorithm::hs256);
  const auto r = verify(token, set);
  EXPECT_EQ(r.code, error::key_not_found);
  EXPECT_NE(r.message.find("left out"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("32 are needed"), std::string::npos) << r.message;
}

TEST(jwks, static_keys_serve_async_verify) {
  static_keys source(key_set({with_kid(public_key(algorithm::eddsa), "ed")}));
  const std::string good = sign({{"sub", "7"}}, private_key(algorithm::eddsa), {.kid = "ed"});
  const verify_options options;
  auto r = run(verify(good, source, options));
  ASSERT_TRUE(r) << r.message;
  EXPECT_EQ(r->claims.at("sub"), "7");
  EXPECT_EQ(run(verify("garbage", source, options)).code, error::malformed);
  EXPECT_EQ(run(verify(sign({}, private_key(algorithm::eddsa), {.kid = "x"}), source, options)).code,
            error::key_not_found);
}

// A source that records the kid hints it is asked about and can fail, as a remote one would.
class recording_source : public key_source {
public:
  std::vector<std::string> hints;
  bool fail = false;
  bool empty = false;
  task<std::shared_ptr<const key_set>> keys(std::string_view kid_hint) override {
    hints.emplace_back(kid_hint);
    if (fail) throw std::runtime_error("connection refused");
    if (empty) co_return nullptr;
    co_return std::make_shared<const key_set>(std::vector<key>{with_kid(public_key(algorithm::es512), "e")});
  }
};

TEST(jwks, the_source_gets_the_kid_and_its_failures_become_keys_unavailable) {
  recording_source source;
  const verify_options options;
  EXPECT_TRUE(run(verify(sign({}, private_key(algorithm::es512), {.kid = "e"}), source, options)));
  EXPECT_TRUE(run(verify(sign({}, private_key(algorithm::es512)), source, options)));
  EXPECT_EQ(source.hints, (std::vector<std::string>{"e", ""}));
  // A token refused on its face costs the source nothing.
  EXPECT_EQ(run(verify("a.b", source, options)).code, error::malformed);
  EXPECT_EQ(source.hints.size(), 2u);

  source.fail = true;
  auto r = run(verify(sign({}, private_key(algorithm::es512), {.kid = "e"}), source, options));
  EXPECT_EQ(r.code, error::keys_unavailable);
  EXPECT_NE(r.message.find("connection refused"), std::string::npos) << r.message;
  source.fail = false;
  source.empty = true;
  EXPECT_EQ(run(verify(sign({}, private_key(algorithm::es512), {.kid = "e"}), source, options)).code,
            error::keys_unavailable);
}

}  // namespace
}  // namespace strata::auth::jwt
