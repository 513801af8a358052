// A script is named by the SHA1 that Redis gives it (SCRIPT LOAD "return 1" answers this hash).
#include <gtest/gtest.h>

#include <strata/redis/script.hpp>

namespace strata::redis {
namespace {

TEST(script, sha1_is_redis_own) {
  const script s("return 1");
  EXPECT_EQ(s.sha1(), "e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
  EXPECT_EQ(s.source(), "return 1");
  EXPECT_EQ(keys("a", std::string("b")).names, (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace strata::redis
