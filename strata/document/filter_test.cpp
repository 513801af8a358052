// Parsing the filter language: what it accepts, the canonical MongoDB form it writes back, and
// the bad_query errors for everything outside the subset.
#include <gtest/gtest.h>

#include <strata/document/testing.hpp>

namespace strata::document {
namespace {

using testing::error_of;
using testing::object;

std::string mongo(std::string_view json) {
  return boost::json::serialize(to_mongo_filter(parse_filter(object(json))));
}

std::optional<errc> parse_error(std::string_view json) {
  return error_of([&] { parse_filter(object(json)); });
}

TEST(filter, a_single_field_is_one_condition) {
  const filter f = parse_filter(object(R"({"age": 30})"));
  ASSERT_EQ(f.k, filter::kind::leaf);
  EXPECT_EQ(f.leaf.path, "age");
  EXPECT_EQ(f.leaf.kind, op::eq);
  EXPECT_EQ(f.leaf.values.at(0), 30);
}

TEST(filter, canonical_mongodb_form) {
  EXPECT_EQ(mongo("{}"), "{}");
  EXPECT_EQ(mongo(R"({"a": 1})"), R"({"a":{"$eq":1}})");
  EXPECT_EQ(mongo(R"({"a": 1, "b.c": {"$in": ["x", null], "$exists": true}})"),
            R"({"$and":[{"a":{"$eq":1}},{"b.c":{"$in":["x",null]}},{"b.c":{"$exists":true}}]})");
  EXPECT_EQ(mongo(R"({"$or": [{"a": {"$gt": 1}}, {"a": {"$lte": "z"}}]})"),
            R"({"$or":[{"a":{"$gt":1}},{"a":{"$lte":"z"}}]})");
  EXPECT_EQ(mongo(R"({"a": {"$exists": 0}, "b": {"$ne": null}, "c": {"$nin": []}})"),
            R"({"$and":[{"a":{"$exists":false}},{"b":{"$ne":null}},{"c":{"$nin":[]}}]})");
}

TEST(filter, unknown_operators_are_bad_queries) {
  for (const char* json : {R"({"$where": "sleep"})", R"({"a": {"$regex": "^x"}})", R"({"a": {"$elemMatch": {}}})",
                           R"({"$nor": [{"a": 1}]})", R"({"a": {"$not": {"$eq": 1}}})", R"({"a": {"$expr": 1}})"})
    EXPECT_EQ(parse_error(json), errc::bad_query) << json;
}

TEST(filter, the_message_names_the_operator_and_the_supported_ones) {
  try {
    parse_filter(object(R"({"a": {"$regex": "x"}})"));
    FAIL() << "no error";
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("'$regex'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("$in"), std::string::npos) << e.what();
    EXPECT_EQ(e.http_status(), 400);
    EXPECT_TRUE(e.expose_detail());
  }
}

TEST(filter, malformed_operands_are_bad_queries) {
  for (const char* json : {
           R"({"a": {"b": 1}})",        // a whole sub-document
           R"({"a": [1, 2]})",          // a whole array
           R"({"a": {"$in": 1}})",      // $in needs an array
           R"({"a": {"$in": [[1]]}})",  // of scalars
           R"({"a": {"$gt": true}})",   // ranges take numbers and strings
           R"({"a": {"$gt": null}})",
           R"({"a": {"$eq": {"b": 1}}})",
           R"({"a": {"$exists": "yes"}})",
           R"({"a": {"$eq": 1, "b": 2}})",  // operators mixed with fields
           R"({"$and": []})",               // empty lists
           R"({"$or": {"a": 1}})",
           R"({"$or": [1]})",
       })
    EXPECT_EQ(parse_error(json), errc::bad_query) << json;
}

TEST(filter, field_paths_are_letters_digits_underscores_and_dots) {
  EXPECT_EQ(parse_error(R"({"a_1.B2._c": 1})"), std::nullopt);
  for (const char* json :
       {R"({"": 1})", R"({".a": 1})", R"({"a.": 1})", R"({"a..b": 1})", R"({"a b": 1})", R"({"a-b": 1})",
        R"({"a'b": 1})", R"({"a\"b": 1})", R"({"a[0]": 1})", R"({"é": 1})", R"({"a\u0000": 1})"})
    EXPECT_EQ(parse_error(json), errc::bad_query) << json;
}

TEST(filter, numbers_must_be_finite) {
  // Boost.JSON reads 0e999 as NaN and 1e999 as infinity; neither can be stored or compared.
  for (const char* json : {R"({"a": 0e999})", R"({"a": 1e999})", R"({"a": {"$gt": -1e999}})",
                           R"({"a": {"$in": [1, 0e999]}})", R"({"a": {"$ne": 1e999}})", R"({"a": {"$exists": 0e999}})"})
    EXPECT_EQ(parse_error(json), errc::bad_query) << json;
  EXPECT_EQ(parse_error(R"({"a": 1e308, "b": {"$lt": -1e308}})"), std::nullopt);
}

TEST(filter, limits_depth_and_values) {
  boost::json::object deep{{"a", 1}};
  for (std::size_t i = 0; i <= max_filter_depth; ++i) deep = {{"$or", boost::json::array{deep}}};
  EXPECT_EQ(error_of([&] { parse_filter(deep); }), errc::bad_query);

  // Objects of several keys are implicit $ands: they count towards the depth, so that the
  // canonical form, where each is an explicit $and, passes the same limit (found by the fuzzer).
  boost::json::object wide{{"x", 1}, {"y", 1}};
  for (std::size_t i = 0; i < max_filter_depth / 2; ++i) wide = {{"x", 1}, {"$or", boost::json::array{wide}}};
  EXPECT_EQ(error_of([&] { parse_filter(wide); }), errc::bad_query);
  boost::json::object fits{{"x", 1}, {"y", 1}};
  for (std::size_t i = 0; i + 1 < max_filter_depth / 2; ++i) fits = {{"x", 1}, {"$or", boost::json::array{fits}}};
  const auto canonical = to_mongo_filter(parse_filter(fits));
  EXPECT_EQ(to_mongo_filter(parse_filter(canonical)), canonical);

  std::string many = R"({"a": {"$in": [)";
  for (std::size_t i = 0; i <= max_filter_values; ++i) many += (i ? "," : "") + std::to_string(i);
  many += "]}}";
  EXPECT_EQ(parse_error(many), errc::bad_query);
}

}  // namespace
}  // namespace strata::document
