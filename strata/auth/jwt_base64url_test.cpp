// base64url: round trips, and the strict decoder's refusals.
#include <strata/auth/detail/base64url.hpp>

#include <gtest/gtest.h>

namespace strata::auth::jwt::detail {
namespace {

TEST(jwt_base64url, round_trips_every_length) {
  std::string bytes;
  for (int n = 0; n < 70; ++n) {
    const std::string text = base64url_encode(bytes);
    EXPECT_EQ(text.find('='), std::string::npos);
    auto back = base64url_decode(text);
    ASSERT_TRUE(back) << text;
    EXPECT_EQ(*back, bytes);
    bytes += static_cast<char>(n * 37 + 200);
  }
}

TEST(jwt_base64url, known_values) {
  EXPECT_EQ(base64url_encode("{\"alg\":\"RS256\"}"), "eyJhbGciOiJSUzI1NiJ9");
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_EQ(*base64url_decode("-_8"), "\xfb\xff");
}

TEST(jwt_base64url, refuses_what_is_not_canonical_base64url) {
  EXPECT_FALSE(base64url_decode("eyJ="));       // padding
  EXPECT_FALSE(base64url_decode("+/8"));        // the other alphabet
  EXPECT_FALSE(base64url_decode("ab cd"));      // whitespace
  EXPECT_FALSE(base64url_decode("abcde"));      // 4n+1 characters
  EXPECT_FALSE(base64url_decode("-_9"));        // non-zero trailing bits: "-_8" is the only text
  EXPECT_FALSE(base64url_decode("QR"));         // likewise for one byte ("QQ")
  EXPECT_TRUE(base64url_decode("QQ"));
  EXPECT_TRUE(base64url_decode(""));
}

TEST(jwt_base64url, decodes_into_a_buffer_only_when_it_fits) {
  unsigned char out[3];
  EXPECT_EQ(base64url_decode("QUJD", out, 3), 3u);
  EXPECT_FALSE(base64url_decode("QUJDRA", out, 3));
}

}  // namespace
}  // namespace strata::auth::jwt::detail
