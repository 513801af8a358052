// Migrations on SQLite: the folder's rules, up/down/status, a changed or failing migration, and
// several `strata migrate up` processes at once applying each migration exactly once.
#include <strata/core/testing/process.hpp>
#include <strata/core/testing/temp_dir.hpp>
#include <strata/sql/migrate.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>


#include <fstream>
#include <string>
#include <vector>

namespace strata::sql {
namespace {

using strata::testing::temp_dir;
using state = migration_status::state;

template <class F>
auto run(F fn) {
  boost::asio::io_context io;
  using T = typename decltype(fn())::value_type;
  std::optional<T> out;
  std::exception_ptr failure;
  boost::asio::co_spawn(io, fn(), [&](std::exception_ptr e, T v) {
    failure = e;
    if (!e) out = std::move(v);
  });
  io.run();
  if (failure) std::rethrow_exception(failure);
  return std::move(*out);
}

struct fixture {
  temp_dir dir;
  database db = database::open("sqlite:" + (dir / "app.db").string());
  std::filesystem::path migrations = dir / "migrations";

  fixture() {
    dir.write("migrations/0001_create_users.up.sql",
              "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);\n"
              "CREATE INDEX users_email ON users (email);\n");
    dir.write("migrations/0001_create_users.down.sql", "DROP TABLE users;");
    dir.write("migrations/0002_add_bio.up.sql", "ALTER TABLE users ADD COLUMN bio TEXT; -- a comment; with a ';'\n");
    dir.write("migrations/0002_add_bio.down.sql", "ALTER TABLE users DROP COLUMN bio;");
    dir.write("migrations/README.md", "not a migration");
  }
  std::int64_t count(const std::string& sql) {
    return run([&]() -> task<std::int64_t> { co_return (co_await db.query(sql)).scalar<std::int64_t>(); });
  }
  bool has_table(const std::string& name) {
    return count("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'") == 1;
  }
};

TEST(migrate, up_applies_in_order_once_and_records_each) {
  fixture f;
  migrator m(f.db, f.migrations);
  auto applied = run([&] { return m.up(); });
  EXPECT_EQ(applied, (std::vector<std::int64_t>{1, 2}));
  EXPECT_TRUE(f.has_table("users"));
  EXPECT_EQ(f.count("SELECT count(*) FROM pragma_table_info('users') WHERE name = 'bio'"), 1);
  EXPECT_EQ(f.count("SELECT count(*) FROM strata_migrations"), 2);
  EXPECT_TRUE(run([&] { return m.up(); }).empty()) << "a second run applies nothing";

  auto st = run([&] { return m.status(); });
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].st, state::applied);
  EXPECT_EQ(st[0].name, "create_users");
  EXPECT_FALSE(st[0].applied_at.empty());
}

TEST(migrate, up_to_a_target_then_down_reverts_the_latest) {
  fixture f;
  migrator m(f.db, f.migrations);
  EXPECT_EQ(run([&] { return m.up(1); }), (std::vector<std::int64_t>{1}));
  auto st = run([&] { return m.status(); });
  EXPECT_EQ(st[1].st, state::pending);
  run([&] { return m.up(); });
  EXPECT_EQ(run([&] { return m.down(); }), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(f.count("SELECT count(*) FROM pragma_table_info('users') WHERE name = 'bio'"), 0);
  EXPECT_EQ(run([&] { return m.down(5); }), (std::vector<std::int64_t>{1}));
  EXPECT_FALSE(f.has_table("users"));
  EXPECT_TRUE(run([&] { return m.down(); }).empty());
}

TEST(migrate, a_changed_applied_migration_is_an_error_not_a_rerun) {
  fixture f;
  migrator m(f.db, f.migrations);
  run([&] { return m.up(1); });
  f.dir.write("migrations/0001_create_users.up.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);");
  EXPECT_EQ(run([&] { return m.status(); })[0].st, state::changed);
  try {
    run([&] { return m.up(); });
    FAIL() << "expected migration_error";
  } catch (const migration_error& e) {
    EXPECT_NE(std::string(e.what()).find("0001_create_users"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("changed"), std::string::npos) << e.what();
  }
  EXPECT_EQ(f.count("SELECT count(*) FROM strata_migrations"), 1) << "0002 must not run after the error";
}

TEST(migrate, a_vanished_applied_migration_is_reported_missing) {
  fixture f;
  migrator m(f.db, f.migrations);
  run([&] { return m.up(); });
  std::filesystem::remove(f.migrations / "0002_add_bio.up.sql");
  std::filesystem::remove(f.migrations / "0002_add_bio.down.sql");
  auto st = run([&] { return m.status(); });
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[1].st, state::missing);
  EXPECT_THROW(run([&] { return m.up(); }), migration_error);
}

TEST(migrate, a_failing_migration_rolls_back_whole_and_is_not_recorded) {
  fixture f;
  f.dir.write("migrations/0003_broken.up.sql", "CREATE TABLE half (id INTEGER);\nINSERT INTO nowhere VALUES (1);\n");
  migrator m(f.db, f.migrations);
  try {
    run([&] { return m.up(); });
    FAIL() << "expected migration_error";
  } catch (const migration_error& e) {
    EXPECT_NE(std::string(e.what()).find("0003_broken failed"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(f.has_table("half")) << "the statement before the failure must be rolled back too";
  EXPECT_EQ(f.count("SELECT count(*) FROM strata_migrations"), 2);
}

TEST(migrate, bad_folders_are_refused_with_the_file_named) {
  temp_dir dir;
  auto db = database::open("sqlite:" + (dir / "x.db").string());
  auto expect_error = [&](const char* needle) {
    try {
      migrator(db, dir / "m").files();
      ADD_FAILURE() << "expected an error mentioning " << needle;
    } catch (const migration_error& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  expect_error("does not exist");
  dir.write("m/1_ok.up.sql", "SELECT 1;");
  dir.write("m/create_users.up.sql", "");
  expect_error("create_users.up.sql");
  std::filesystem::remove(dir / "m/create_users.up.sql");
  dir.write("m/0001_other.up.sql", "");
  expect_error("two migrations have version 1");
  std::filesystem::remove(dir / "m/0001_other.up.sql");
  dir.write("m/0002_orphan.down.sql", "");
  expect_error("has no up migration");
  std::filesystem::remove(dir / "m/0002_orphan.down.sql");
  EXPECT_EQ(migrator(db, dir / "m").files().size(), 1u);
  EXPECT_THROW(migrator(db, dir / "m", {.table = "x; DROP TABLE y"}), migration_error);
}

TEST(migrate, create_numbers_after_the_highest) {
  temp_dir dir;
  auto first = migrator::create(dir / "m", "create_users");
  EXPECT_EQ(first.filename(), "0001_create_users.up.sql");
  EXPECT_TRUE(std::filesystem::exists(dir / "m/0001_create_users.down.sql"));
  dir.write("m/0041_jump.up.sql", "");
  EXPECT_EQ(migrator::create(dir / "m", "next").filename(), "0042_next.up.sql");
  EXPECT_THROW(migrator::create(dir / "m", "bad name"), migration_error);
}

#ifdef STRATA_CLI
pid_t spawn_cli(std::vector<std::string> args) { return strata::testing::spawn(STRATA_CLI, std::move(args)); }
using strata::testing::wait_exit;

TEST(migrate, concurrent_processes_apply_each_migration_exactly_once) {
  temp_dir dir;
  // Every migration appends a row: applying one twice would show as a duplicate.
  dir.write("m/0001_log.up.sql", "CREATE TABLE applied_log (version INTEGER NOT NULL);");
  for (int v = 2; v <= 12; ++v) {
    char name[64];
    std::snprintf(name, sizeof name, "m/%04d_step.up.sql", v);
    dir.write(name, "INSERT INTO applied_log VALUES (" + std::to_string(v) + ");");
  }
  const std::string url = "sqlite:" + (dir / "shared.db").string();
  std::vector<pid_t> pids;
  for (int i = 0; i < 4; ++i) pids.push_back(spawn_cli({"migrate", "up", "--dir", (dir / "m").string(), "--url", url}));
  for (auto pid : pids) EXPECT_EQ(wait_exit(pid), 0);

  auto db = database::open(url);
  auto rows = run([&]() -> task<std::int64_t> {
    co_return (co_await db.query("SELECT count(*) FROM applied_log")).scalar<std::int64_t>();
  });
  auto distinct = run([&]() -> task<std::int64_t> {
    co_return (co_await db.query("SELECT count(DISTINCT version) FROM applied_log")).scalar<std::int64_t>();
  });
  EXPECT_EQ(rows, 11);
  EXPECT_EQ(distinct, 11);
}

TEST(migrate, the_cli_reports_usage_and_failures_with_exit_codes) {
  temp_dir dir;
  EXPECT_EQ(wait_exit(spawn_cli({"migrate"})), 2);
  EXPECT_EQ(wait_exit(spawn_cli({"migrate", "sideways"})), 2);
  EXPECT_EQ(wait_exit(spawn_cli({"migrate", "up", "--dir", (dir / "none").string(), "--url",
                                 "sqlite:" + (dir / "a.db").string()})),
            1);
  EXPECT_EQ(wait_exit(spawn_cli({"migrate", "create", "add_things", "--dir", (dir / "m").string()})), 0);
  EXPECT_TRUE(std::filesystem::exists(dir / "m/0001_add_things.up.sql"));
}
#endif

}  // namespace
}  // namespace strata::sql
