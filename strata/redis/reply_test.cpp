// reply conversions: the typed API reads RESP2 and RESP3 forms of the same answer alike.
#include <gtest/gtest.h>

#include <strata/redis/error.hpp>
#include <strata/redis/reply.hpp>

namespace strata::redis {
namespace {

reply bulk(std::string s) {
  return reply::make_string(reply_type::bulk_string, std::move(s));
}

TEST(reply, conversions_accept_both_protocols) {
  EXPECT_EQ(bulk("12").as_integer(), 12);
  EXPECT_DOUBLE_EQ(bulk("2.5").as_double(), 2.5);
  EXPECT_DOUBLE_EQ(reply::make_double(2.5).as_double(), 2.5);
  EXPECT_TRUE(reply::make_integer(1).as_bool());
  EXPECT_TRUE(reply::make_boolean(true).as_bool());
  EXPECT_FALSE(reply::make_integer(0).as_bool());
  EXPECT_EQ(reply().as_optional_string(), std::nullopt);
  // HGETALL: a RESP3 map and a RESP2 flat array give the same pairs.
  std::vector<reply> kv;
  kv.push_back(bulk("f"));
  kv.push_back(bulk("v"));
  const auto from_map = reply::make_aggregate(reply_type::map, kv).as_pairs();
  const auto from_array = reply::make_aggregate(reply_type::array, kv).as_pairs();
  EXPECT_EQ(from_map, from_array);
  ASSERT_EQ(from_map.size(), 1u);
  EXPECT_EQ(from_map[0].first, "f");
}

TEST(reply, wrong_types_and_error_replies_throw) {
  try {
    (void)bulk("abc").as_integer();
    ADD_FAILURE();
  } catch (const error& e) {
    EXPECT_EQ(e.kind(), error_kind::usage);
  }
  const reply err = reply::make_string(reply_type::error, "WRONGTYPE Operation against a key");
  try {
    (void)err.as_string();
    ADD_FAILURE();
  } catch (const error& e) {
    EXPECT_EQ(e.kind(), error_kind::server);
    EXPECT_EQ(e.code(), "WRONGTYPE");
    EXPECT_STREQ(e.what(), "WRONGTYPE Operation against a key");
  }
  EXPECT_THROW((void)err.value(), error);
}

TEST(reply, copies_are_deep_and_equal) {
  std::vector<reply> attrs;
  attrs.push_back(bulk("ttl"));
  attrs.push_back(reply::make_integer(3));
  reply r = reply::make_aggregate(reply_type::array, {bulk("a")});
  r.set_attributes(attrs);
  const reply copy = r;
  EXPECT_EQ(copy, r);
  EXPECT_EQ(copy.attributes().size(), 2u);
  EXPECT_EQ(copy.debug_string(), "array[\"a\"]");
}

TEST(error, kinds_map_to_http_statuses) {
  EXPECT_EQ(error(error_kind::connection, "x").http_status(), 503);
  EXPECT_EQ(error(error_kind::timeout, "x").http_status(), 503);
  EXPECT_EQ(error(error_kind::server, "ERR x").http_status(), 500);
  EXPECT_EQ(error(error_kind::protocol, "x").http_status(), 500);
  const mapped_error& m = error(error_kind::connection, "redis: lost");
  EXPECT_EQ(m.problem_title(), "Service Unavailable");
  EXPECT_EQ(error(error_kind::connection, "x").code(), "");
}

}  // namespace
}  // namespace strata::redis
