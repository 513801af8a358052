// Refresh tokens on the memory store and on SQL (SQLite, a file shared by several loops), through
// the suite every store passes (refresh_store_test_suite.hpp), plus the SQL store's schema and
// migration files.
#include <strata/auth/memory_refresh_store.hpp>
#include <strata/auth/refresh_store_test_cases.hpp>
#include <strata/auth/sql_refresh_store.hpp>
#include <strata/core/testing/temp_dir.hpp>
#include <strata/sql/migrate.hpp>

#include <fstream>
#include <sstream>

namespace strata::auth::testing {
namespace {

store_under_test memory(std::string&) {
  return {std::make_shared<memory_refresh_store>(), {}};
}

store_under_test sqlite(std::string&) {
  // A file, not memory: the concurrency test opens it from eight loops at once.
  auto dir = std::make_shared<strata::testing::temp_dir>();
  auto db = sql::database::open("sqlite:" + (dir->path() / "refresh.db").string());
  auto store = std::make_shared<sql_refresh_store>(db);
  run(store->create_table());
  return {store, [dir, db]() mutable { db.close(); }};
}

INSTANTIATE_TEST_SUITE_P(stores, refresh_store_suite,
                         ::testing::Values(refresh_store_case{"memory", memory}, refresh_store_case{"sqlite", sqlite}),
                         case_name);

TEST(refresh_tokens, options_are_checked) {
  EXPECT_THROW(refresh_tokens(nullptr), std::invalid_argument);
  refresh_token_options o;
  o.idle_timeout = std::chrono::milliseconds(0);
  EXPECT_THROW(refresh_tokens(std::make_shared<memory_refresh_store>(), o), std::invalid_argument);
  refresh_tokens t(std::make_shared<memory_refresh_store>());
  EXPECT_THROW(run(t.issue("")), std::invalid_argument);
}

TEST(refresh_tokens, tokens_are_random_and_stores_hold_only_hashes) {
  auto store = std::make_shared<memory_refresh_store>();
  refresh_tokens t(store);
  auto a = run(t.issue("u")), b = run(t.issue("u"));
  EXPECT_NE(a.token, b.token);
  EXPECT_NE(a.family, b.family);
  EXPECT_EQ(store->families(), 2u);
  EXPECT_EQ(store->tokens(), 2u);
  // The store answers to the hash, and the hash is not the token.
  EXPECT_NE(refresh_tokens::hash(a.token), a.token);
  EXPECT_EQ(store->rotate_now(refresh_tokens::hash(a.token), "next", 0, 1000).status, refresh_status::ok);
  EXPECT_EQ(store->rotate_now(a.token, "other", 0, 1000).status, refresh_status::invalid);
}

TEST(sql_refresh_store, schema_and_migration) {
  EXPECT_THROW(sql_refresh_store::schema_sql("bad name"), std::invalid_argument);
  EXPECT_THROW(sql_refresh_store(sql::database::open("sqlite::memory:"), {.prefix = "x;drop"}), std::invalid_argument);
  const auto ddl = sql_refresh_store::schema_sql("auth_refresh");
  EXPECT_NE(ddl.find("CREATE TABLE IF NOT EXISTS auth_refresh_families"), std::string::npos);
  EXPECT_NE(ddl.find("CREATE TABLE IF NOT EXISTS auth_refresh_tokens"), std::string::npos);

  // The migration files apply with sql::migrator, and the store works on the tables they make.
  strata::testing::temp_dir dir;
  const auto up = sql_refresh_store::write_migration(dir.path() / "migrations", "auth_refresh");
  EXPECT_EQ(up.filename().string(), "0001_create_auth_refresh.up.sql");
  std::stringstream text;
  text << std::ifstream(up).rdbuf();
  EXPECT_NE(text.str().find("auth_refresh_tokens"), std::string::npos);
  auto db = sql::database::open("sqlite:" + (dir.path() / "m.db").string());
  sql::migrator m(db, dir.path() / "migrations");
  EXPECT_EQ(run(m.up()).size(), 1u);
  refresh_tokens t(std::make_shared<sql_refresh_store>(db, sql_refresh_store_options{.prefix = "auth_refresh"}));
  auto issued = run(t.issue("alice"));
  EXPECT_TRUE(run(t.rotate(issued.token)));
  EXPECT_EQ(run(m.down()).size(), 1u);  // and the down file drops both tables
  EXPECT_EQ(run(db.query("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'auth_refresh%'")).scalar<std::int64_t>(),
            0);
  db.close();
}

}  // namespace
}  // namespace strata::auth::testing
