// Injection attempts: hostile values only ever become parameters, hostile names (fields, sort
// keys, projections, index fields, collections) are refused before any SQL is written.
#include <gtest/gtest.h>

#include <strata/document/query_options.hpp>
#include <strata/document/sql_statements.hpp>
#include <strata/document/store.hpp>
#include <strata/document/testing.hpp>
#include <strata/document/update.hpp>

namespace strata::document {
namespace {

using testing::error_of;
using testing::object;
using testing::where;

const char* const hostile[] = {
    "'; DROP TABLE users; --",      "\" OR 1=1 --", "') OR ('1'='1",
    "\\'; SELECT pg_sleep(10); --", "{a,b}",        "*/ DELETE FROM users /*",
};

TEST(injection, values_become_parameters_never_sql_text) {
  for (auto d : {sql::dialect::sqlite, sql::dialect::postgres}) {
    for (const char* value : hostile) {
      boost::json::object f{{"name", value}, {"tags", {{"$in", {value, 1}}}}, {"title", {{"$gt", value}}}};
      f["note"] = boost::json::object{{"$ne", value}};
      detail::sql_text out;
      detail::append_filter(out, parse_filter(f), d);
      EXPECT_EQ(out.sql.find(value), std::string::npos) << out.sql;
      // Only the fixed shapes: no quote but those around validated paths and type names.
      EXPECT_EQ(out.sql.find("DROP"), std::string::npos);
      EXPECT_EQ(out.sql.find("--"), std::string::npos);
      EXPECT_FALSE(out.params.empty());
    }
  }
}

TEST(injection, hostile_field_names_are_refused) {
  for (const char* name :
       {"a') OR 1=1 --", "a'->'b", "a\"", "a;b", "a b", "a/*", "a.$b", "$.a", "a,b", "{a}", "a'", "a\\", "NULL)"}) {
    boost::json::object f{{name, 1}};
    EXPECT_EQ(error_of([&] { parse_filter(f); }), errc::bad_query) << name;
    EXPECT_EQ(error_of([&] { parse_update({{"$set", {{name, 1}}}}); }), errc::bad_update) << name;
    EXPECT_EQ(error_of([&] { detail::parse_find_options({.sort = {{name, 1}}}); }), errc::bad_query) << name;
    EXPECT_EQ(error_of([&] { detail::parse_find_options({.projection = {{name, 1}}}); }), errc::bad_query) << name;
  }
}

TEST(injection, a_path_component_named_null_stays_a_key_on_postgres) {
  // '{NULL}' as a text[] path would be a NULL element; the -> chain keeps it the key "NULL".
  EXPECT_EQ(where(R"({"NULL": {"$exists": true}})", sql::dialect::postgres).sql, "doc->'NULL' IS NOT NULL");
}

TEST(injection, hostile_collection_and_index_names_are_refused) {
  auto s = store::open("sqlite::memory:");
  for (const char* name : {"users\"; DROP TABLE x; --", "a b", "", "1users", "users.x", "a-b",
                           "x123456789012345678901234567890123456789012345678901234567890123"})
    EXPECT_EQ(error_of([&] { s.collection(name); }), errc::bad_query) << name;
  EXPECT_NO_THROW(s.collection("users_2024"));
}

TEST(injection, statements_quote_only_validated_names) {
  const auto st = detail::select_documents(sql::dialect::postgres, "users", parse_filter(object(R"({"a": "x'y"})")),
                                           detail::parse_find_options({.sort = {{"a", -1}}, .limit = 5, .skip = 2}));
  EXPECT_EQ(st.sql.find("x'y"), std::string::npos);
  EXPECT_EQ(testing::describe(st.params), R"([json:{"a":"x'y"}, json:{"a":["x'y"]}, 5, 2])");
}

}  // namespace
}  // namespace strata::document
