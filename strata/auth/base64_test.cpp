// base64 and base64url: RFC 4648 §10 vectors, strict refusal of what is not canonical.
#include <strata/auth/detail/base64.hpp>

#include <gtest/gtest.h>

namespace strata::auth::detail {
namespace {

TEST(base64, rfc4648_vectors_round_trip) {
  const std::pair<std::string_view, std::string_view> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (auto [plain, coded] : vectors) {
    EXPECT_EQ(base64_encode(plain), coded);
    EXPECT_EQ(base64_decode(coded), std::string(plain));
    std::string unpadded(coded.substr(0, coded.find('=')));
    EXPECT_EQ(base64url_encode(plain), unpadded);
    EXPECT_EQ(base64url_decode(unpadded), std::string(plain));
  }
}

TEST(base64, url_alphabet_differs) {
  EXPECT_EQ(base64_encode("\xfb\xff"), "+/8=");
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_FALSE(base64url_decode("+/8"));
  EXPECT_FALSE(base64_decode("-_8="));
}

TEST(base64, refuses_what_is_not_canonical) {
  EXPECT_FALSE(base64_decode("Zg="));     // padding that does not complete a group
  EXPECT_FALSE(base64_decode("Zh=="));    // nonzero leftover bits
  EXPECT_FALSE(base64url_decode("Zg=="));  // no padding in base64url
  EXPECT_FALSE(base64url_decode("Z"));    // one character cannot carry a byte
  EXPECT_FALSE(base64_decode("Zm 9v"));
}

}  // namespace
}  // namespace strata::auth::detail
