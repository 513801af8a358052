// The signature primitives: ECDSA's DER/R||S conversion and the size rules of JWS signatures.
#include <strata/auth/detail/jwt_crypto.hpp>
#include <strata/auth/detail/jwt_ecdsa.hpp>
#include <strata/auth/detail/jwt_testing.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <random>

namespace strata::auth::jwt::detail {
namespace {

TEST(jwt_crypto, ecdsa_raw_and_der_round_trip) {
  std::mt19937 rng(7);
  for (std::size_t half : {32u, 48u, 66u}) {
    for (int i = 0; i < 200; ++i) {
      unsigned char raw[132], der[ecdsa_der_max], back[132];
      for (std::size_t j = 0; j < 2 * half; ++j) raw[j] = static_cast<unsigned char>(rng());
      // Leading zeros and top bits set, the cases DER encodes differently.
      if (i % 4 == 0) std::memset(raw, 0, 5);
      if (i % 4 == 1) raw[half] = 0xFF;
      if (i % 4 == 2) std::memset(raw + half, 0, half);
      const std::size_t n = ecdsa_raw_to_der(raw, half, der);
      ASSERT_LE(n, ecdsa_der_max);
      ASSERT_TRUE(ecdsa_der_to_raw(der, n, back, half));
      EXPECT_EQ(std::memcmp(raw, back, 2 * half), 0);
    }
  }
}

TEST(jwt_crypto, ecdsa_der_is_read_strictly) {
  unsigned char raw[64];
  const unsigned char trailing[] = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00};
  EXPECT_FALSE(ecdsa_der_to_raw(trailing, sizeof trailing, raw, 32));
  const unsigned char negative[] = {0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x01};
  EXPECT_FALSE(ecdsa_der_to_raw(negative, sizeof negative, raw, 32));
  const unsigned char good[] = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02};
  EXPECT_TRUE(ecdsa_der_to_raw(good, sizeof good, raw, 32));
  EXPECT_EQ(raw[31], 1);
  EXPECT_EQ(raw[63], 2);
}

TEST(jwt_crypto, every_algorithm_signs_and_verifies_and_notices_a_change) {
  for (algorithm alg : all_algorithms) {
    const key& k = testing::private_key(alg);
    const std::string input = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0";
    std::string sig = jws_sign(alg, k.material(), input);
    const auto* s = reinterpret_cast<const unsigned char*>(sig.data());
    EXPECT_TRUE(jws_verify(alg, k.material(), input, s, sig.size())) << to_string(alg);
    EXPECT_FALSE(jws_verify(alg, k.material(), input + "x", s, sig.size())) << to_string(alg);
    EXPECT_FALSE(jws_verify(alg, k.material(), input, s, sig.size() - 1)) << to_string(alg);
    if (curve_of(alg).starts_with("P-")) {
      EXPECT_EQ(sig.size(), 2 * ec_field_bytes(curve_of(alg)));
    }
    sig[sig.size() / 2] ^= 1;
    EXPECT_FALSE(jws_verify(alg, k.material(), input, s, sig.size())) << to_string(alg);
  }
}

}  // namespace
}  // namespace strata::auth::jwt::detail
