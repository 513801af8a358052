// RESP3 against a real server: HELLO 3 is agreed, maps, sets, doubles, booleans, big numbers,
// verbatim strings, nulls and attributes arrive as their own types (DEBUG PROTOCOL, enabled on a
// private server), and the same commands over RESP2 give RESP2's forms.
#include <gtest/gtest.h>

#include <cmath>
#include <strata/redis/client.hpp>
#include <strata/redis/testing/support.hpp>

namespace strata::redis {
namespace {

using testing::key;
using testing::run_async;

TEST(resp3, hello_3_is_agreed_and_maps_come_as_maps) {
  STRATA_REQUIRE_REDIS();
  run_async([&]() -> task<void> {
    auto c = client::open(testing::redis_url());
    const reply hello = co_await c.command("HELLO");
    EXPECT_EQ(hello.type(), reply_type::map);
    std::optional<std::int64_t> proto;
    for (std::size_t i = 0; i + 1 < hello.size(); i += 2)
      if (hello[i].str() == "proto") proto = hello[i + 1].integer();
    EXPECT_EQ(proto, 3);
    const auto h = key("h");
    co_await c.hset(h, "f", "v");
    EXPECT_EQ((co_await c.command("HGETALL", h)).type(), reply_type::map);
    co_await c.zadd(h + "z", 1.5, "m");
    const reply score = co_await c.command("ZSCORE", h + "z", "m");
    EXPECT_EQ(score.type(), reply_type::double_);
    EXPECT_DOUBLE_EQ(score.number(), 1.5);
    co_await c.del(h);
    co_await c.del(h + "z");
  });
}

TEST(resp3, every_type_from_debug_protocol) {
  STRATA_REQUIRE_REDIS_SERVER_BINARY();
  testing::private_server server({"--enable-debug-command", "yes"});
  ASSERT_TRUE(server.start());
  run_async([&]() -> task<void> {
    auto c = client::open(server.url());
    const reply map = co_await c.command("DEBUG", "PROTOCOL", "map");
    EXPECT_EQ(map.type(), reply_type::map);
    EXPECT_EQ(map.size() % 2, 0u);
    EXPECT_GT(map.size(), 0u);
    EXPECT_EQ((co_await c.command("DEBUG", "PROTOCOL", "set")).type(), reply_type::set);
    const reply d = co_await c.command("DEBUG", "PROTOCOL", "double");
    EXPECT_EQ(d.type(), reply_type::double_);
    EXPECT_NEAR(d.number(), 3.141, 1e-9);
    const reply t = co_await c.command("DEBUG", "PROTOCOL", "true");
    EXPECT_EQ(t.type(), reply_type::boolean);
    EXPECT_TRUE(t.boolean());
    EXPECT_FALSE((co_await c.command("DEBUG", "PROTOCOL", "false")).boolean());
    const reply big = co_await c.command("DEBUG", "PROTOCOL", "bignum");
    EXPECT_EQ(big.type(), reply_type::big_number);
    EXPECT_EQ(big.str(), "1234567999999999999999999999999999999");
    const reply v = co_await c.command("DEBUG", "PROTOCOL", "verbatim");
    EXPECT_EQ(v.type(), reply_type::verbatim_string);
    EXPECT_EQ(v.format(), "txt");
    EXPECT_EQ(v.str(), "This is a verbatim\nstring");
    EXPECT_TRUE((co_await c.command("DEBUG", "PROTOCOL", "null")).is_null());
    const reply attrib = co_await c.command("DEBUG", "PROTOCOL", "attrib");
    EXPECT_EQ(attrib.type(), reply_type::bulk_string);
    EXPECT_EQ(attrib.attributes().size(), 2u) << attrib.debug_string();

    // The same over RESP2: what has no RESP2 form arrives as its RESP2 stand-in.
    auto o = options::from_url(server.url());
    o.protocol = 2;
    client old(o);
    EXPECT_EQ((co_await old.command("DEBUG", "PROTOCOL", "map")).type(), reply_type::array);
    const reply d2 = co_await old.command("DEBUG", "PROTOCOL", "double");
    EXPECT_EQ(d2.type(), reply_type::bulk_string);
    EXPECT_NEAR(d2.as_double(), 3.141, 1e-9);
    EXPECT_EQ((co_await old.command("DEBUG", "PROTOCOL", "true")).integer(), 1);
  });
}

}  // namespace
}  // namespace strata::redis
