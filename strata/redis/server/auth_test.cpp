// AUTH with an ACL user and with a server password, SELECT of the URL's database, and a clear
// connection error (never a hang) for a wrong password. On private servers, which the tests
// may configure as they like.
#include <gtest/gtest.h>

#include <strata/redis/client.hpp>
#include <strata/redis/testing/support.hpp>

namespace strata::redis {
namespace {

using testing::run_async;

TEST(auth, acl_user_and_database_from_the_url) {
  STRATA_REQUIRE_REDIS_SERVER_BINARY();
  testing::private_server server;
  ASSERT_TRUE(server.start());
  for (int protocol : {3, 2}) {
    run_async([&]() -> task<void> {
      auto admin = client::open(server.url());
      co_await admin.command("ACL", "SETUSER", "app", "on", ">s3cret", "~app:*", "+@all");
      co_await admin.set("app:x", "db0");

      auto app = client::open(server.url("app:s3cret", "/4?protocol=" + std::to_string(protocol)));
      EXPECT_EQ((co_await app.command("ACL", "WHOAMI")).as_string(), "app");
      EXPECT_EQ(co_await app.get("app:x"), std::nullopt);  // database 4, not 0
      co_await app.set("app:x", "db4");
      EXPECT_EQ(co_await admin.get("app:x"), "db0");
      co_await app.del("app:x");
      // The ACL's key pattern holds.
      bool refused = false;
      try {
        co_await app.get("other");
      } catch (const error& e) {
        refused = e.kind() == error_kind::server && e.code() == "NOPERM";
      }
      EXPECT_TRUE(refused);

      auto wrong = client::open(server.url("app:nope"));
      bool failed = false;
      try {
        co_await wrong.ping();
      } catch (const error& e) {
        failed = e.kind() == error_kind::connection;
        EXPECT_NE(std::string(e.what()).find("WRONGPASS"), std::string::npos) << e.what();
        EXPECT_EQ(e.http_status(), 503);
      }
      EXPECT_TRUE(failed);
    });
  }
}

TEST(auth, requirepass_with_a_password_only_url) {
  STRATA_REQUIRE_REDIS_SERVER_BINARY();
  testing::private_server server({"--requirepass", "pw"});
  ASSERT_TRUE(server.start());
  run_async([&]() -> task<void> {
    auto c = client::open(server.url(":pw"));
    co_await c.ping();
    auto anonymous = client::open(server.url());
    bool refused = false;
    try {
      co_await anonymous.get("k");
    } catch (const error& e) {
      refused = e.kind() == error_kind::connection || (e.kind() == error_kind::server && e.code() == "NOAUTH");
    }
    EXPECT_TRUE(refused);
  });
}

}  // namespace
}  // namespace strata::redis
