// redis:// and rediss:// URLs into options, and the redacted form for logs.
#include <gtest/gtest.h>

#include <strata/redis/error.hpp>
#include <strata/redis/options.hpp>

namespace strata::redis {
namespace {

TEST(options, url_with_everything) {
  const auto o = options::from_url("rediss://app:s%3Acret@cache.internal:6380/3?command_timeout=250&connections=2");
  EXPECT_TRUE(o.tls);
  EXPECT_EQ(o.user, "app");
  EXPECT_EQ(o.password, "s:cret");
  EXPECT_EQ(o.host, "cache.internal");
  EXPECT_EQ(o.port, 6380);
  EXPECT_EQ(o.db, 3);
  EXPECT_EQ(o.command_timeout.count(), 250);
  EXPECT_EQ(o.connections_per_loop, 2u);
  EXPECT_EQ(o.redacted(), "rediss://app:***@cache.internal:6380/3");
}

TEST(options, defaults_and_password_only) {
  const auto plain = options::from_url("redis://localhost");
  EXPECT_FALSE(plain.tls);
  EXPECT_EQ(plain.port, 6379);
  EXPECT_EQ(plain.db, 0);
  EXPECT_TRUE(plain.password.empty());
  EXPECT_EQ(plain.protocol, 3);
  // redis://:pw@host and redis://pw@host both mean the default user with a password.
  EXPECT_EQ(options::from_url("redis://:pw@h").password, "pw");
  EXPECT_EQ(options::from_url("redis://:pw@h").user, "");
  EXPECT_EQ(options::from_url("redis://pw@h").password, "pw");
  EXPECT_EQ(options::from_url("redis://pw@h").user, "");
  EXPECT_EQ(options::from_url("redis://h/?protocol=2").protocol, 2);
  EXPECT_EQ(options::from_url("redis://[::1]:7000").host, "::1");
}

TEST(options, bad_urls_are_usage_errors) {
  for (const char* url : {"http://x", "redis://h:0", "redis://h:70000", "redis://h/abc", "redis://h/?protocol=4",
                          "redis://h/?nope=1", "not a url"}) {
    try {
      (void)options::from_url(url);
      ADD_FAILURE() << url << " was accepted";
    } catch (const error& e) {
      EXPECT_EQ(e.kind(), error_kind::usage) << url;
      EXPECT_EQ(e.http_status(), 500);
    }
  }
}

}  // namespace
}  // namespace strata::redis
