// Update documents: parsing, MongoDB's rules when applying $set/$unset/$inc/$push, and the
// canonical form sent to MongoDB.
#include <gtest/gtest.h>

#include <strata/document/testing.hpp>
#include <strata/document/update.hpp>

namespace strata::document {
namespace {

using testing::error_of;
using testing::object;

std::string applied(std::string_view doc, std::string_view update) {
  auto d = object(doc);
  apply_update(d, parse_update(object(update)));
  return boost::json::serialize(d);
}

std::optional<errc> apply_error(std::string_view doc, std::string_view update) {
  return error_of([&] { applied(doc, update); });
}

TEST(update, set_replaces_and_creates_on_the_way) {
  EXPECT_EQ(applied(R"({"a": 1})", R"({"$set": {"a": "x", "b.c.d": [1]}})"), R"({"a":"x","b":{"c":{"d":[1]}}})");
  EXPECT_EQ(applied(R"({"b": {"k": 1}})", R"({"$set": {"b.c": 2}})"), R"({"b":{"k":1,"c":2}})");
}

TEST(update, set_does_not_write_through_scalars_or_null) {
  EXPECT_EQ(apply_error(R"({"a": 5})", R"({"$set": {"a.b": 1}})"), errc::bad_update);
  EXPECT_EQ(apply_error(R"({"a": null})", R"({"$set": {"a.b": 1}})"), errc::bad_update);
  EXPECT_EQ(apply_error(R"({"a": [1]})", R"({"$set": {"a.b": 1}})"), errc::bad_update);
}

TEST(update, unset_removes_and_ignores_missing) {
  EXPECT_EQ(applied(R"({"a": 1, "b": {"c": 2, "d": 3}})", R"({"$unset": {"a": "", "b.c": 1, "x.y": 1}})"),
            R"({"b":{"d":3}})");
}

TEST(update, inc_keeps_integers_integral) {
  EXPECT_EQ(applied(R"({"n": 1})", R"({"$inc": {"n": 2, "m": -1}})"), R"({"n":3,"m":-1})");
  EXPECT_EQ(applied(R"({"n": 1})", R"({"$inc": {"n": 0.5}})"), R"({"n":1.5E0})");
  EXPECT_EQ(apply_error(R"({"n": "1"})", R"({"$inc": {"n": 1}})"), errc::bad_update);
  EXPECT_EQ(apply_error(R"({"n": 9223372036854775807})", R"({"$inc": {"n": 1}})"), errc::bad_update);
  EXPECT_EQ(error_of([] { parse_update(object(R"({"$inc": {"n": "1"}})")); }), errc::bad_update);
  // Doubles that overflow are refused rather than stored as infinity, which JSON cannot hold.
  EXPECT_EQ(apply_error(R"({"x": 1.5e308})", R"({"$inc": {"x": 1.5e308}})"), errc::bad_update);
}

TEST(update, push_appends_or_starts_an_array) {
  EXPECT_EQ(applied(R"({"t": ["a"]})", R"({"$push": {"t": "b", "u": 1}})"), R"({"t":["a","b"],"u":[1]})");
  EXPECT_EQ(applied(R"({"t": []})", R"({"$push": {"t": {"$each": [1, 2]}}})"), R"({"t":[1,2]})");
  EXPECT_EQ(applied(R"({})", R"({"$push": {"t": {"k": 1}}})"), R"({"t":[{"k":1}]})");
  EXPECT_EQ(apply_error(R"({"t": "a"})", R"({"$push": {"t": "b"}})"), errc::bad_update);
  EXPECT_EQ(error_of([] { parse_update(object(R"({"$push": {"t": {"$each": [1], "$slice": 2}}})")); }),
            errc::bad_update);
}

TEST(update, rules_checked_when_parsing) {
  for (const char* json : {
           R"({})",        // no operator
           R"({"a": 1})",  // a replacement document
           R"({"$set": {"a": 1}, "b": 2})",
           R"({"$rename": {"a": "b"}})",  // unsupported operator
           R"({"$set": {}})",
           R"({"$set": 1})",
           R"({"$set": {"_id": "x"}})",  // _id is immutable
           R"({"$unset": {"_id.x": 1}})",
           R"({"$set": {"a": 1}, "$inc": {"a": 1}})",      // two operators on one path
           R"({"$set": {"a": 1}, "$unset": {"a.b": 1}})",  // or one inside the other
           R"({"$set": {"a": {"$x": 1}}})",                // '$' names inside values
           R"({"$set": {"a b": 1}})",
           R"({"$set": {"a": [1, 0e999]}})",  // read as NaN by Boost.JSON
           R"({"$push": {"a": 1e999}})",      // read as infinity
           R"({"$inc": {"a": -1e999}})",
       })
    EXPECT_EQ(error_of([&] { parse_update(object(json)); }), errc::bad_update) << json;
  EXPECT_EQ(error_of([] { parse_update(object(R"({"$set": {"a": 1, "ab": 2}})")); }), std::nullopt);
}

TEST(update, canonical_mongodb_form) {
  auto u = parse_update(object(R"({"$set": {"a": 1}, "$unset": {"b": 1}, "$inc": {"c": 2}, "$push": {"d": 3}})"));
  EXPECT_EQ(boost::json::serialize(to_mongo_update(u)),
            R"({"$set":{"a":1},"$unset":{"b":""},"$inc":{"c":2},"$push":{"d":{"$each":[3]}}})");
}

}  // namespace
}  // namespace strata::document
