// The filter -> SQL translation, exact text and parameters, for SQLite and PostgreSQL: the
// shapes each operator takes, type-aware comparisons, null/missing, arrays, $and/$or.
#include <gtest/gtest.h>

#include <strata/document/testing.hpp>

namespace strata::document {
namespace {

using testing::where;
constexpr auto sqlite = sql::dialect::sqlite;
constexpr auto postgres = sql::dialect::postgres;

TEST(sql_filter, empty_filter_matches_everything) {
  EXPECT_EQ(where("{}", sqlite).sql, "TRUE");
  EXPECT_EQ(where("{}", postgres).sql, "TRUE");
}

TEST(sql_filter, sqlite_number_equality_checks_type_and_array_elements) {
  auto t = where(R"({"age": 30})", sqlite);
  EXPECT_EQ(t.sql,
            "((json_type(doc, '$.age') IN ('integer', 'real') AND json_extract(doc, '$.age') = $1) OR "
            "(json_type(doc, '$.age') = 'array' AND EXISTS (SELECT 1 FROM json_each(doc, '$.age') AS e WHERE "
            "(e.type IN ('integer', 'real') AND e.value = $1))))");
  EXPECT_EQ(t.params, "[30]");
}

TEST(sql_filter, sqlite_string_range_on_a_dotted_path) {
  auto t = where(R"({"address.city": {"$gt": "M"}})", sqlite);
  EXPECT_EQ(t.sql,
            "((json_type(doc, '$.address.city') = 'text' AND json_extract(doc, '$.address.city') > $1) OR "
            "(json_type(doc, '$.address.city') = 'array' AND EXISTS (SELECT 1 FROM json_each(doc, '$.address.city') "
            "AS e WHERE (e.type = 'text' AND e.value > $1))))");
  EXPECT_EQ(t.params, "['M']");
}

TEST(sql_filter, sqlite_null_matches_null_missing_and_null_elements) {
  auto t = where(R"({"a.b": null})", sqlite);
  EXPECT_EQ(t.sql,
            "(json_type(doc, '$.a.b') = 'null' OR json_type(doc, '$.a.b') IS NULL OR "
            "(json_type(doc, '$.a.b') = 'array' AND EXISTS (SELECT 1 FROM json_each(doc, '$.a.b') AS e WHERE "
            "e.type = 'null')))");
  EXPECT_EQ(t.params, "[]");
}

TEST(sql_filter, sqlite_in_groups_values_by_type) {
  auto t = where(R"({"x": {"$in": [1, "a", 2.5, true, "b"]}})", sqlite);
  EXPECT_EQ(t.sql,
            "(((json_type(doc, '$.x') IN ('integer', 'real') AND json_extract(doc, '$.x') IN ($1, $3)) OR "
            "(json_type(doc, '$.x') = 'text' AND json_extract(doc, '$.x') IN ($2, $4)) OR json_type(doc, '$.x') = "
            "'true') OR (json_type(doc, '$.x') = 'array' AND EXISTS (SELECT 1 FROM json_each(doc, '$.x') AS e WHERE "
            "((e.type IN ('integer', 'real') AND e.value IN ($1, $3)) OR (e.type = 'text' AND e.value IN ($2, $4)) OR "
            "e.type = 'true'))))");
  EXPECT_EQ(t.params, "[1, 'a', 2.5, 'b']");
}

TEST(sql_filter, sqlite_negations_keep_missing_fields) {
  auto t = where(R"({"x": {"$ne": false}})", sqlite);
  EXPECT_EQ(t.sql,
            "NOT COALESCE((json_type(doc, '$.x') = 'false' OR (json_type(doc, '$.x') = 'array' AND EXISTS (SELECT 1 "
            "FROM json_each(doc, '$.x') AS e WHERE e.type = 'false'))), FALSE)");
  EXPECT_EQ(where(R"({"x": {"$nin": []}})", sqlite).sql, "NOT COALESCE(FALSE, FALSE)");
  EXPECT_EQ(where(R"({"x": {"$in": []}})", sqlite).sql, "FALSE");
}

TEST(sql_filter, exists_is_a_presence_test) {
  EXPECT_EQ(where(R"({"a.b": {"$exists": true}})", sqlite).sql, "json_type(doc, '$.a.b') IS NOT NULL");
  EXPECT_EQ(where(R"({"a.b": {"$exists": false}})", sqlite).sql, "json_type(doc, '$.a.b') IS NULL");
  EXPECT_EQ(where(R"({"a.b": {"$exists": 1}})", postgres).sql, "doc->'a'->'b' IS NOT NULL");
  EXPECT_EQ(where(R"({"a.b": {"$exists": false}})", postgres).sql, "doc->'a'->'b' IS NULL");
}

TEST(sql_filter, id_equality_uses_the_id_column) {
  for (auto d : {sqlite, postgres}) {
    auto one = where(R"({"_id": "65a1b2c3d4e5f60718293a4b"})", d);
    EXPECT_EQ(one.sql, "id = $1");
    EXPECT_EQ(one.params, "['65a1b2c3d4e5f60718293a4b']");
    EXPECT_EQ(where(R"({"_id": {"$in": ["a", "b"]}})", d).sql, "id IN ($1, $2)");
    EXPECT_EQ(where(R"({"_id": {"$nin": ["a"]}})", d).sql, "NOT COALESCE(id = $1, FALSE)");
  }
}

TEST(sql_filter, and_or_nest_with_parentheses) {
  auto t = where(R"({"$or": [{"a": {"$exists": true}}, {"b": {"$exists": false}}], "c": {"$exists": true}})", sqlite);
  EXPECT_EQ(t.sql,
            "(json_type(doc, '$.a') IS NOT NULL OR json_type(doc, '$.b') IS NULL) AND json_type(doc, '$.c') IS NOT "
            "NULL");
  auto nested =
      where(R"({"$and": [{"$or": [{"a": {"$exists": true}}, {"b": {"$exists": true}}]}, {"c": {"$exists": true}}]})",
            postgres);
  EXPECT_EQ(nested.sql, "(doc->'a' IS NOT NULL OR doc->'b' IS NOT NULL) AND doc->'c' IS NOT NULL");
}

TEST(sql_filter, several_operators_on_one_field_are_anded) {
  auto t = where(R"({"n": {"$gte": 1, "$lt": 5}})", postgres);
  EXPECT_EQ(t.sql,
            "((jsonb_typeof(doc->'n') = 'number' AND doc->'n' >= $1::jsonb) OR EXISTS (SELECT 1 FROM "
            "jsonb_array_elements(CASE WHEN jsonb_typeof(doc->'n') = 'array' THEN doc->'n' END) AS e(v) WHERE "
            "(jsonb_typeof(e.v) = 'number' AND e.v >= $1::jsonb))) AND ((jsonb_typeof(doc->'n') = 'number' AND "
            "doc->'n' < $2::jsonb) OR EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(doc->'n') = "
            "'array' THEN doc->'n' END) AS e(v) WHERE (jsonb_typeof(e.v) = 'number' AND e.v < $2::jsonb)))");
  EXPECT_EQ(t.params, "[json:1, json:5]");
}

TEST(sql_filter, postgres_equality_is_containment_for_the_gin_index) {
  auto t = where(R"({"address.city": "Oslo"})", postgres);
  EXPECT_EQ(t.sql, "(doc @> $1::jsonb OR doc @> $2::jsonb)");
  EXPECT_EQ(t.params, R"([json:{"address":{"city":"Oslo"}}, json:{"address":{"city":["Oslo"]}}])");
}

TEST(sql_filter, postgres_null_adds_the_missing_test) {
  auto t = where(R"({"a": {"$in": [null, 3]}})", postgres);
  EXPECT_EQ(t.sql,
            "(doc->'a' IS NULL OR doc @> $1::jsonb OR doc @> $2::jsonb OR doc @> $3::jsonb OR doc @> $4::jsonb)");
  EXPECT_EQ(t.params, R"([json:{"a":null}, json:{"a":[null]}, json:{"a":3}, json:{"a":[3]}])");
}

TEST(sql_filter, postgres_string_ranges_compare_bytewise) {
  auto t = where(R"({"name": {"$lte": "m"}})", postgres);
  EXPECT_EQ(t.sql,
            "((jsonb_typeof(doc->'name') = 'string' AND (doc->'name' #>> '{}') COLLATE \"C\" <= $1::text) OR EXISTS "
            "(SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(doc->'name') = 'array' THEN doc->'name' END) "
            "AS e(v) WHERE (jsonb_typeof(e.v) = 'string' AND (e.v #>> '{}') COLLATE \"C\" <= $1::text)))");
  EXPECT_EQ(t.params, "['m']");
}

TEST(sql_filter, postgres_negation) {
  auto t = where(R"({"role": {"$ne": "admin"}})", postgres);
  EXPECT_EQ(t.sql, "NOT COALESCE((doc @> $1::jsonb OR doc @> $2::jsonb), FALSE)");
  EXPECT_EQ(t.params, R"([json:{"role":"admin"}, json:{"role":["admin"]}])");
}

TEST(sql_filter, large_integers_stay_exact) {
  EXPECT_EQ(where(R"({"n": 9007199254740993})", sqlite).params, "[9007199254740993]");
  EXPECT_EQ(where(R"({"n": {"$gt": 9007199254740993}})", postgres).params, "[json:9007199254740993]");
}

}  // namespace
}  // namespace strata::document
