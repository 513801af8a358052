// Tests for the byte encodings a store holds: stored HTTP responses and entry envelopes round
// trip, and damaged or foreign bytes are refused rather than misread. Also Cache-Control parsing.
#include <strata/cache/detail/cache_control.hpp>
#include <strata/cache/envelope.hpp>
#include <strata/cache/detail/stored_response.hpp>

#include <gtest/gtest.h>

namespace strata::cache::detail {
namespace {

using namespace std::chrono_literals;

TEST(stored_response, round_trips) {
  stored_response r{201, 1700000000, {{"Content-Type", "text/plain"}, {"ETag", "\"x\""}}, std::string("a\0b", 3)};
  auto back = decode(encode(r));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, 201);
  EXPECT_EQ(back->stored_at, 1700000000);
  EXPECT_EQ(back->headers, r.headers);
  EXPECT_EQ(back->body, r.body);
}

TEST(stored_response, every_truncation_and_foreign_bytes_are_refused) {
  auto bytes = encode(stored_response{200, 1, {{"A", "b"}}, "body"});
  for (std::size_t n = 0; n < bytes.size(); ++n) EXPECT_FALSE(decode(bytes.substr(0, n))) << n;
  EXPECT_FALSE(decode(bytes + "x"));
  EXPECT_FALSE(decode("plain text"));
  // A length that points past the end.
  auto damaged = bytes;
  damaged[4 + 4 + 8 + 4] = '\x7f';
  EXPECT_FALSE(decode(damaged));
}

TEST(strong_etag, is_quoted_hex_and_follows_the_body) {
  auto a = strong_etag("hello");
  EXPECT_EQ(a.size(), 34u);
  EXPECT_EQ(a, strong_etag("hello"));
  EXPECT_NE(a, strong_etag("hello!"));
  EXPECT_EQ(a.find_first_not_of("\"0123456789abcdef"), std::string::npos);
}

TEST(envelope, round_trips_and_refuses_damage) {
  envelope e{1000, 2000, {"t1", "tag two"}, std::string("v\0v", 3)};
  auto bytes = encode_envelope(e);
  auto back = decode_envelope(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fresh_until_ms, 1000);
  EXPECT_EQ(back->expires_at_ms, 2000);
  EXPECT_EQ(back->tags, e.tags);
  EXPECT_EQ(back->value, e.value);
  for (std::size_t n = 0; n < 4 + 18 + 2 + 2 + 2 + 7; ++n) EXPECT_FALSE(decode_envelope(bytes.substr(0, n))) << n;
  EXPECT_FALSE(decode_envelope("SR1\nsomething else"));
}

TEST(cache_control, reads_what_a_shared_cache_acts_on) {
  auto d = parse_cache_control("public, max-age=60, s-maxage=\"30\"");
  EXPECT_FALSE(d.no_store || d.no_cache || d.private_);
  EXPECT_EQ(d.max_age, 60s);
  EXPECT_EQ(d.s_maxage, 30s);
  EXPECT_TRUE(parse_cache_control("No-Store").no_store);
  EXPECT_TRUE(parse_cache_control("private=\"Set-Cookie\"").private_);
  EXPECT_TRUE(parse_cache_control("no-cache").no_cache);
  EXPECT_EQ(parse_cache_control("max-age=abc").max_age, 0s);
  EXPECT_EQ(parse_cache_control("max-age=-5").max_age, 0s);
  EXPECT_EQ(parse_cache_control("max-age=99999999999999999999").max_age, std::chrono::seconds(INT32_MAX));
  EXPECT_FALSE(parse_cache_control("").max_age);
  EXPECT_FALSE(parse_cache_control(",,,").no_store);
}

}  // namespace
}  // namespace strata::cache::detail
