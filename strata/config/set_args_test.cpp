// Tests for --set parsing.
#include <strata/config/detail/set_args.hpp>

#include <gtest/gtest.h>

namespace {

using namespace strata::config;

TEST(set_args, both_spellings_and_other_arguments_left_alone) {
  std::vector<config_error> errors;
  const auto sets = detail::parse_set_args(
      {"serve", "--set", "http.port=9090", "-v", "--set=log.level=debug", "--set", "a.b=x=y", "--set=empty="}, errors);
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(sets.size(), 4u);
  EXPECT_EQ(sets[0].key, "http.port");
  EXPECT_EQ(sets[0].value, "9090");
  EXPECT_EQ(sets[1].key, "log.level");
  EXPECT_EQ(sets[1].value, "debug");
  EXPECT_EQ(sets[2].value, "x=y");  // the first '=' separates
  EXPECT_EQ(sets[3].key, "empty");
  EXPECT_EQ(sets[3].value, "");
}

TEST(set_args, nothing_after_double_dash) {
  std::vector<config_error> errors;
  EXPECT_TRUE(detail::parse_set_args({"--", "--set", "a=1"}, errors).empty());
  EXPECT_TRUE(errors.empty());
}

TEST(set_args, every_error_is_reported) {
  std::vector<config_error> errors;
  const auto sets = detail::parse_set_args(
      {"--set", "noequals", "--set=", "--set", "=v", "--set", "a..b=1", "--set", "bad key=1", "--set", "ok=1", "--set"},
      errors);
  ASSERT_EQ(sets.size(), 1u);
  ASSERT_EQ(errors.size(), 6u);
  EXPECT_STREQ(errors[0].what(), R"(--set: expected key=value, got "noequals")");
  EXPECT_STREQ(errors[1].what(), R"(--set: expected key=value, got "")");
  EXPECT_STREQ(
      errors[2].what(),
      R"(--set: expected a key like http.port (letters, digits, '_' and '-' between dots) before '=', got "=v")");
  EXPECT_EQ(errors[3].got(), R"("a..b=1")");
  EXPECT_EQ(errors[4].got(), R"("bad key=1")");
  EXPECT_STREQ(errors[5].what(), "--set: expected key=value after --set, got nothing");
  EXPECT_EQ(errors[5].source(), "--set");
}

TEST(set_args, key_validity) {
  EXPECT_TRUE(detail::valid_key("http.port"));
  EXPECT_TRUE(detail::valid_key("a-b.c_d.0"));
  for (auto k : {"", ".a", "a.", "a..b", "a b", "a/b", "ä"}) EXPECT_FALSE(detail::valid_key(k)) << k;
}

}  // namespace
