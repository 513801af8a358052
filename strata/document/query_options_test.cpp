// find options: sort and projection checks, the projection pass, and document ids.
#include <gtest/gtest.h>

#include <set>
#include <strata/document/object_id.hpp>
#include <strata/document/query_options.hpp>
#include <strata/document/testing.hpp>

namespace strata::document {
namespace {

using testing::error_of;
using testing::object;

std::string projected(std::string_view doc, boost::json::object projection) {
  auto d = object(doc);
  detail::apply_projection(d, detail::parse_find_options({.projection = std::move(projection)}).projection);
  return boost::json::serialize(d);
}

TEST(query_options, inclusion_keeps_id_unless_excluded) {
  const char* doc = R"({"_id": "x", "name": "Ada", "a": {"b": 1, "c": 2}, "p": "secret"})";
  EXPECT_EQ(projected(doc, {{"name", 1}, {"a.b", 1}}), R"({"_id":"x","name":"Ada","a":{"b":1}})");
  EXPECT_EQ(projected(doc, {{"name", true}, {"_id", 0}}), R"({"name":"Ada"})");
  EXPECT_EQ(projected(doc, {{"p", 0}, {"a.c", 0}}), R"({"_id":"x","name":"Ada","a":{"b":1}})");
  EXPECT_EQ(projected(doc, {{"_id", 0}}), R"({"name":"Ada","a":{"b":1,"c":2},"p":"secret"})");
  EXPECT_EQ(projected(doc, {{"missing", 1}}), R"({"_id":"x"})");
}

TEST(query_options, bad_options_are_bad_queries) {
  auto bad = [](find_options o) { return error_of([&] { detail::parse_find_options(o); }); };
  EXPECT_EQ(bad({.sort = {{"a", 2}}}), errc::bad_query);
  EXPECT_EQ(bad({.sort = {{"a", "asc"}}}), errc::bad_query);
  EXPECT_EQ(bad({.limit = -1}), errc::bad_query);
  EXPECT_EQ(bad({.skip = -1}), errc::bad_query);
  EXPECT_EQ(bad({.projection = {{"a", 1}, {"b", 0}}}), errc::bad_query);
  EXPECT_EQ(bad({.projection = {{"a", 1}, {"a.b", 1}}}), errc::bad_query);
  EXPECT_EQ(bad({.projection = {{"a", 5}}}), errc::bad_query);
  EXPECT_EQ(bad({.sort = {{"a", -1}, {"b", 1}}, .limit = 1, .projection = {{"a", 1}, {"_id", 0}}}), std::nullopt);
}

TEST(object_id, twenty_four_hex_digits_unique_and_time_ordered) {
  std::set<std::string> seen;
  std::string previous;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = new_object_id();
    ASSERT_EQ(id.size(), 24u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_TRUE(seen.insert(id).second);
    EXPECT_GE(id.substr(0, 8), previous.substr(0, 8));
    previous = id;
  }
}

}  // namespace
}  // namespace strata::document
