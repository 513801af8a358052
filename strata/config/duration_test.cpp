// Tests for parse_duration.
#include <strata/config/duration.hpp>

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using strata::config::parse_duration;

TEST(duration, units) {
  EXPECT_EQ(parse_duration("250ms"), 250ms);
  EXPECT_EQ(parse_duration("30s"), 30s);
  EXPECT_EQ(parse_duration("5m"), 5min);
  EXPECT_EQ(parse_duration("1h"), 1h);
  EXPECT_EQ(parse_duration("2d"), 48h);
  EXPECT_EQ(parse_duration("0s"), 0ms);
}

TEST(duration, bare_number_is_seconds) {
  EXPECT_EQ(parse_duration("30"), 30s);
  EXPECT_EQ(parse_duration(" 45 "), 45s);
  EXPECT_EQ(parse_duration("1.5"), 1500ms);
}

TEST(duration, compound_and_fractions) {
  EXPECT_EQ(parse_duration("1h30m"), 90min);
  EXPECT_EQ(parse_duration("1h 30m 15s"), 1h + 30min + 15s);
  EXPECT_EQ(parse_duration("1.5s"), 1500ms);
  EXPECT_EQ(parse_duration("0.1s"), 100ms);
  EXPECT_EQ(parse_duration("1.5h"), 90min);
}

TEST(duration, refuses) {
  for (const char* bad : {"", "s", "abc", "-5s", "5x", "5 s s", "1h30", "0.5ms", "1.s", ".5s", "1..5s", "5S",
                          "99999999999999999999s", "9223372036854775807d"})
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
}

}  // namespace
