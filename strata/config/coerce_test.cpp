// Tests for typing the strings of the environment, .env and --set.
#include <strata/config/detail/coerce.hpp>
#include <strata/config/scalars.hpp>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace {

namespace json = boost::json;
using namespace strata::config;
using namespace strata::config::detail;

json::object node(std::string_view schema) { return json::parse(schema).as_object(); }

std::string by_schema(std::string_view text, std::string_view schema) {
  const json::object n = node(schema);
  return json::serialize(coerce(text, &n, nullptr));
}

TEST(coerce, by_schema_type) {
  EXPECT_EQ(by_schema("8080", R"({"type":"integer"})"), "8080");
  EXPECT_EQ(by_schema(" -3 ", R"({"type":"integer"})"), "-3");
  EXPECT_EQ(by_schema("18446744073709551615", R"({"type":"integer"})"), "18446744073709551615");
  EXPECT_EQ(by_schema("1.5", R"({"type":"number"})"), "1.5E0");
  EXPECT_EQ(by_schema("2", R"({"type":"number"})"), "2");
  EXPECT_EQ(by_schema("123", R"({"type":"string"})"), R"("123")");  // a numeric password stays a string
  EXPECT_EQ(by_schema("null", R"({"type":"null"})"), "null");
}

TEST(coerce, booleans) {
  for (auto t : {"true", "TRUE", "1", "yes", "Yes", "on"})
    EXPECT_EQ(by_schema(t, R"({"type":"boolean"})"), "true") << t;
  for (auto f : {"false", "0", "no", "NO", "off"}) EXPECT_EQ(by_schema(f, R"({"type":"boolean"})"), "false") << f;
}

TEST(coerce, arrays_as_json_or_comma_lists) {
  EXPECT_EQ(by_schema(R"(["a","b"])", R"({"type":"array"})"), R"(["a","b"])");
  EXPECT_EQ(by_schema("a, b ,c", R"({"type":"array","items":{"type":"string"}})"), R"(["a","b","c"])");
  EXPECT_EQ(by_schema("1,2,3", R"({"type":"array","items":{"type":"integer"}})"), "[1,2,3]");
  EXPECT_EQ(by_schema("1,2", R"({"type":"array"})"), "[1,2]");  // no item type: each looks like JSON
  EXPECT_EQ(by_schema("", R"({"type":"array"})"), "[]");
}

TEST(coerce, objects_as_json) { EXPECT_EQ(by_schema(R"({"a":1})", R"({"type":"object"})"), R"({"a":1})"); }

TEST(coerce, text_that_does_not_fit_stays_a_string_for_validation_to_report) {
  EXPECT_EQ(by_schema("abc", R"({"type":"integer"})"), R"("abc")");
  EXPECT_EQ(by_schema("80x", R"({"type":"integer"})"), R"("80x")");
  EXPECT_EQ(by_schema("maybe", R"({"type":"boolean"})"), R"("maybe")");
  EXPECT_EQ(by_schema("{bad", R"({"type":"object"})"), R"("{bad")");
  EXPECT_EQ(by_schema("[1,", R"({"type":"array"})"), R"("[1,")");
}

TEST(coerce, several_types_first_fit_wins) {
  EXPECT_EQ(by_schema("5", R"({"type":["integer","string"]})"), "5");
  EXPECT_EQ(by_schema("five", R"({"type":["integer","string"]})"), R"("five")");
}

TEST(coerce, by_the_type_a_lower_layer_set) {
  const json::value port = 8080, name = "x", flag = false, list = json::array{1, 2};
  EXPECT_EQ(json::serialize(coerce("9090", nullptr, &port)), "9090");
  EXPECT_EQ(json::serialize(coerce("9090", nullptr, &name)), R"("9090")");
  EXPECT_EQ(json::serialize(coerce("yes", nullptr, &flag)), "true");
  EXPECT_EQ(json::serialize(coerce("3,4", nullptr, &list)), "[3,4]");
}

TEST(coerce, without_a_type_json_looking_text_is_json) {
  EXPECT_EQ(json::serialize(parse_if_json("8080")), "8080");
  EXPECT_EQ(json::serialize(parse_if_json("-1")), "-1");
  EXPECT_EQ(json::serialize(parse_if_json("true")), "true");
  EXPECT_EQ(json::serialize(parse_if_json("null")), "null");
  EXPECT_EQ(json::serialize(parse_if_json(R"({"a":[1]})")), R"({"a":[1]})");
  EXPECT_EQ(json::serialize(parse_if_json("[1,\"x\"]")), R"([1,"x"])");
  // Numbers that would not read back as written stay strings.
  EXPECT_EQ(json::serialize(parse_if_json("1.10")), R"("1.10")");
  EXPECT_EQ(json::serialize(parse_if_json("007")), R"("007")");
  EXPECT_EQ(json::serialize(parse_if_json("1e3")), R"("1e3")");
  EXPECT_EQ(json::serialize(parse_if_json("yes")), R"("yes")");
  EXPECT_EQ(json::serialize(parse_if_json("{not json")), R"("{not json")");
  EXPECT_EQ(json::serialize(parse_if_json("")), R"("")");
}

TEST(scalars, strict_parsers) {
  EXPECT_EQ(parse_int64("42"), 42);
  EXPECT_EQ(parse_int64("+42"), 42);
  EXPECT_FALSE(parse_int64("+-42"));
  EXPECT_FALSE(parse_int64("42abc"));
  EXPECT_FALSE(parse_int64(""));
  EXPECT_FALSE(parse_int64("9223372036854775808"));
  EXPECT_EQ(parse_uint64("9223372036854775808"), 9223372036854775808ull);
  EXPECT_FALSE(parse_uint64("-1"));
  EXPECT_EQ(parse_number("1.5"), 1.5);
  EXPECT_FALSE(parse_number("inf"));
  EXPECT_FALSE(parse_number("nan"));
  EXPECT_FALSE(parse_number("0x10"));
  EXPECT_EQ(split_list(" a ,b,, c "), (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_TRUE(split_list("  ").empty());
}

}  // namespace
