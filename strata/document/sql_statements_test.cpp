// The statements of the SQL backends: tables, inserts, sorted and paged selects, updates,
// deletes and indexes, in both dialects.
#include <gtest/gtest.h>

#include <strata/document/sql_statements.hpp>
#include <strata/document/testing.hpp>

namespace strata::document {
namespace {

using testing::describe;
using testing::object;
constexpr auto sqlite = sql::dialect::sqlite;
constexpr auto postgres = sql::dialect::postgres;

filter everything() {
  return parse_filter({});
}

TEST(sql_statements, tables) {
  auto lite = detail::create_table(sqlite, "users");
  ASSERT_EQ(lite.size(), 1u);
  EXPECT_EQ(
      lite[0].sql,
      "CREATE TABLE IF NOT EXISTS \"users\" (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)");
  auto pg = detail::create_table(postgres, "users");
  ASSERT_EQ(pg.size(), 2u);
  EXPECT_EQ(pg[0].sql,
            "CREATE TABLE IF NOT EXISTS \"users\" (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text NOT "
            "NULL UNIQUE, doc jsonb NOT NULL)");
  EXPECT_EQ(pg[1].sql, "CREATE INDEX IF NOT EXISTS \"users_doc_gin\" ON \"users\" USING gin (doc jsonb_path_ops)");
  EXPECT_EQ(detail::drop_table("users").sql, "DROP TABLE IF EXISTS \"users\"");
}

TEST(sql_statements, insert_binds_id_and_document) {
  auto st = detail::insert_document(postgres, "users", "abc", object(R"({"_id": "abc", "n": 1})"));
  EXPECT_EQ(st.sql, "INSERT INTO \"users\" (id, doc) VALUES ($1, $2::jsonb)");
  EXPECT_EQ(describe(st.params), R"(['abc', json:{"_id":"abc","n":1}])");
  EXPECT_EQ(detail::insert_document(sqlite, "users", "abc", {}).sql, "INSERT INTO \"users\" (id, doc) VALUES ($1, $2)");
}

TEST(sql_statements, select_in_insertion_order_by_default) {
  auto st = detail::select_documents(sqlite, "users", everything(), {});
  EXPECT_EQ(st.sql, "SELECT doc FROM \"users\" ORDER BY seq");
  EXPECT_TRUE(st.params.empty());
}

TEST(sql_statements, sqlite_sort_ranks_types_like_mongodb) {
  auto spec = detail::parse_find_options({.sort = {{"age", -1}}, .limit = 10, .skip = 20});
  auto st = detail::select_documents(sqlite, "users", parse_filter(object(R"({"a": {"$exists": true}})")), spec);
  EXPECT_EQ(st.sql,
            "SELECT doc FROM \"users\" WHERE json_type(doc, '$.a') IS NOT NULL ORDER BY CASE json_type(doc, '$.age') "
            "WHEN 'integer' THEN 1 WHEN 'real' THEN 1 WHEN 'text' THEN 2 WHEN 'object' THEN 3 WHEN 'array' THEN 4 "
            "WHEN 'true' THEN 5 WHEN 'false' THEN 5 ELSE 0 END DESC, json_extract(doc, '$.age') DESC, seq LIMIT $1 "
            "OFFSET $2");
  EXPECT_EQ(describe(st.params), "[10, 20]");
  // OFFSET alone needs SQLite's LIMIT -1.
  EXPECT_EQ(detail::select_documents(sqlite, "t", everything(), detail::parse_find_options({.skip = 3})).sql,
            "SELECT doc FROM \"t\" ORDER BY seq LIMIT -1 OFFSET $1");
}

TEST(sql_statements, postgres_sort_compares_strings_bytewise) {
  auto st = detail::select_documents(postgres, "users", everything(),
                                     detail::parse_find_options({.sort = {{"a.b", 1}}, .skip = 3}));
  EXPECT_EQ(st.sql,
            "SELECT doc FROM \"users\" ORDER BY CASE jsonb_typeof(doc->'a'->'b') WHEN 'number' THEN 1 WHEN 'string' "
            "THEN 2 WHEN 'object' THEN 3 WHEN 'array' THEN 4 WHEN 'boolean' THEN 5 ELSE 0 END, CASE WHEN "
            "jsonb_typeof(doc->'a'->'b') = 'string' THEN doc->'a'->'b' #>> '{}' END COLLATE \"C\", doc->'a'->'b', seq "
            "OFFSET $1");
  EXPECT_EQ(describe(st.params), "[3]");
}

TEST(sql_statements, updates_lock_the_rows_they_read_on_postgres) {
  auto f = parse_filter(object(R"({"_id": "x"})"));
  EXPECT_EQ(detail::select_for_update(postgres, "t", f, false).sql,
            "SELECT id, doc FROM \"t\" WHERE id = $1 ORDER BY seq LIMIT 1 FOR UPDATE");
  EXPECT_EQ(detail::select_for_update(sqlite, "t", f, true).sql,
            "SELECT id, doc FROM \"t\" WHERE id = $1 ORDER BY seq");
  auto st = detail::replace_document(postgres, "t", "x", object(R"({"_id": "x"})"));
  EXPECT_EQ(st.sql, "UPDATE \"t\" SET doc = $1::jsonb WHERE id = $2");
  EXPECT_EQ(describe(st.params), R"([json:{"_id":"x"}, 'x'])");
}

TEST(sql_statements, deletes) {
  auto f = parse_filter(object(R"({"_id": "x"})"));
  EXPECT_EQ(detail::delete_documents(sqlite, "t", f, true).sql, "DELETE FROM \"t\" WHERE id = $1");
  EXPECT_EQ(detail::delete_documents(sqlite, "t", everything(), true).sql, "DELETE FROM \"t\"");
  EXPECT_EQ(detail::delete_documents(postgres, "t", f, false).sql,
            "DELETE FROM \"t\" WHERE seq IN (SELECT seq FROM \"t\" WHERE id = $1 ORDER BY seq LIMIT 1)");
}

TEST(sql_statements, indexes_use_the_filter_expressions) {
  EXPECT_EQ(detail::create_index(sqlite, "users", {"email", "a.b"}, "users_email_a_b_idx", true).sql,
            "CREATE UNIQUE INDEX IF NOT EXISTS \"users_email_a_b_idx\" ON \"users\" (json_extract(doc, '$.email'), "
            "json_extract(doc, '$.a.b'))");
  EXPECT_EQ(detail::create_index(postgres, "users", {"age"}, "users_age_idx", false).sql,
            "CREATE INDEX IF NOT EXISTS \"users_age_idx\" ON \"users\" ((doc->'age'))");
  EXPECT_EQ(detail::create_index(postgres, "users", {"email"}, "users_email_idx", true).sql,
            "CREATE UNIQUE INDEX IF NOT EXISTS \"users_email_idx\" ON \"users\" ((doc->'email')) WHERE "
            "jsonb_typeof(doc->'email') <> 'null'");
}

}  // namespace
}  // namespace strata::document
