// The SQL session store on SQLite: the shared store checks, the table made by a migration file
// through sql::migrator, expired rows ignored and pruned.
#include <strata/auth/sql_session_store.hpp>
#include <strata/auth/testing/session_harness.hpp>
#include <strata/core/testing/temp_dir.hpp>
#include <strata/sql/migrate.hpp>
#include <strata/sql/testing/run.hpp>

#include <gtest/gtest.h>

namespace strata::auth {
namespace {

using namespace testing;

TEST(SessionSql, sqlite_store_passes_the_store_checks) {
  strata::testing::temp_dir dir;
  auto db = sql::database::open("sqlite:" + (dir / "sessions.db").string());
  check_store([&](std::function<std::int64_t()> clock) {
    auto store = std::make_shared<sql_session_store>(db, sql_session_store_options{.clock = clock});
    sql::testing::run([&]() -> task<void> { co_await store->create_table(); });
    return store;
  });
}

TEST(SessionSql, the_migration_file_makes_the_table) {
  strata::testing::temp_dir dir;
  auto up = sql_session_store::write_migration(dir / "migrations");
  EXPECT_EQ(up.filename().string(), "0001_create_strata_sessions.up.sql");
  EXPECT_TRUE(std::filesystem::exists(dir / "migrations" / "0001_create_strata_sessions.down.sql"));
  auto db = sql::database::open("sqlite:" + (dir / "app.db").string());
  sql::migrator m(db, dir / "migrations");
  auto applied = sql::testing::run([&]() -> task<std::vector<std::int64_t>> { co_return co_await m.up(); });
  EXPECT_EQ(applied, std::vector<std::int64_t>{1});
  auto store = std::make_shared<sql_session_store>(db);
  session_service app({.store = store});
  auto c = app.client();
  c.post("/login", "alice");
  EXPECT_EQ(c.get("/me").status, 200);
  auto rows = sql::testing::run([&]() -> task<std::int64_t> {
    auto r = co_await db.query("SELECT count(*) FROM strata_sessions WHERE user_id = 'alice'");
    co_return r.scalar<std::int64_t>();
  });
  EXPECT_EQ(rows, 1);
  // The stored key is a digest, never the id the cookie carries.
  auto key = sql::testing::run([&]() -> task<std::string> {
    auto r = co_await db.query("SELECT id FROM strata_sessions");
    co_return r.scalar<std::string>();
  });
  EXPECT_EQ(c.cookie("sid").find(key), std::string::npos);
  auto down = sql::testing::run([&]() -> task<std::vector<std::int64_t>> { co_return co_await m.down(); });
  EXPECT_EQ(down, std::vector<std::int64_t>{1});
}

TEST(SessionSql, expired_rows_are_ignored_and_pruned) {
  strata::testing::temp_dir dir;
  auto db = sql::database::open("sqlite:" + (dir / "s.db").string());
  virtual_clock clock;
  sql_session_store store(db, {.table = "web_sessions", .clock = clock.fn()});
  sql::testing::run([&]() -> task<void> {
    co_await store.create_table();
    const auto now = clock.ms->load();
    stored_session old{.data = "old", .user_id = "u", .expires_ms = now + 1000};
    stored_session fresh{.data = "fresh", .user_id = "", .expires_ms = now + 60000};
    co_await store.save("k1", old, std::chrono::milliseconds(1000));
    co_await store.save("k2", fresh, std::chrono::milliseconds(60000));
    EXPECT_TRUE(co_await store.load("k1"));
    clock.advance(std::chrono::milliseconds(2000));
    EXPECT_FALSE(co_await store.load("k1"));
    auto kept = co_await store.load("k2");
    EXPECT_TRUE(kept && kept->data == "fresh" && kept->user_id.empty());
    EXPECT_EQ(co_await store.prune(), 1u);
    EXPECT_EQ(co_await store.destroy_user("u"), 0u);
  });
  EXPECT_THROW(sql_session_store(db, {.table = "bad name; DROP"}), std::invalid_argument);
}

}  // namespace
}  // namespace strata::auth
