// Migrations on PostgreSQL: several `strata migrate up` processes at once apply each migration
// exactly once (the advisory lock), and a script with several statements runs whole or not at all.
#include <strata/sql/migrate.hpp>
#include <strata/sql/postgres/testing/support.hpp>

#include <strata/core/testing/process.hpp>
#include <strata/core/testing/temp_dir.hpp>

#include <unistd.h>

#include <random>
#include <string>
#include <vector>

namespace strata::sql::postgres {
namespace {

using testing::database_url;
using testing::run_async;

// A schema of its own per test, so runs never see each other's tables.
struct scratch_schema {
  std::string name = "mig_" + std::to_string(::getpid()) + "_" + std::to_string(std::random_device{}() % 100000);
  database db = database::open(database_url());
  scratch_schema() {
    run_async([&]() -> task<void> { co_await db.script("CREATE SCHEMA " + name); });
  }
  ~scratch_schema() {
    run_async([&]() -> task<void> { co_await db.script("DROP SCHEMA " + name + " CASCADE"); });
  }
  // The server URL with this schema first on the search path (libpq's options parameter).
  std::string url() const {
    auto u = database_url();
    return u + (u.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + name;
  }
};

TEST(postgres_migrate, a_script_runs_whole_or_not_at_all_inside_a_transaction) {
  STRATA_REQUIRE_DATABASE();
  scratch_schema s;
  auto db = database::open(s.url());
  run_async([&]() -> task<void> {
    co_await db.script("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);");
    EXPECT_EQ((co_await db.query("SELECT count(*) FROM t")).scalar<std::int64_t>(), 2);
    bool failed = false;
    try {
      co_await db.transaction([&](transaction& tx) -> task<void> {
        co_await tx.script("INSERT INTO t VALUES (3); INSERT INTO t VALUES (1);");  // the second violates the key
      });
    } catch (const error& e) {
      failed = true;
      EXPECT_EQ(e.sqlstate(), "23505");
    }
    EXPECT_TRUE(failed);
    EXPECT_EQ((co_await db.query("SELECT count(*) FROM t")).scalar<std::int64_t>(), 2) << "3 must be rolled back";
    // The connection is back in pipeline mode and serves ordinary statements.
    std::vector<statement> batch(2);  // named: GCC 12 mis-handles braced temporaries in co_await
    batch[0].sql = "SELECT 1";
    batch[1].sql = "SELECT 2";
    auto r = co_await db.pipeline(std::move(batch));
    EXPECT_EQ(r.at(1).scalar<std::int32_t>(), 2);
  });
}

#ifdef STRATA_CLI
pid_t spawn_cli(std::vector<std::string> args) { return strata::testing::spawn(STRATA_CLI, std::move(args)); }
using strata::testing::wait_exit;

TEST(postgres_migrate, concurrent_processes_apply_each_migration_exactly_once) {
  STRATA_REQUIRE_DATABASE();
  scratch_schema s;
  strata::testing::temp_dir dir;
  dir.write("m/0001_log.up.sql", "CREATE TABLE applied_log (version int NOT NULL);");
  for (int v = 2; v <= 12; ++v) {
    char name[64];
    std::snprintf(name, sizeof name, "m/%04d_step.up.sql", v);
    // Slow enough that the processes overlap: each one has to wait on the others' lock.
    dir.write(name, "SELECT pg_sleep(0.02); INSERT INTO applied_log VALUES (" + std::to_string(v) + ");");
  }
  std::vector<pid_t> pids;
  for (int i = 0; i < 4; ++i) pids.push_back(spawn_cli({"migrate", "up", "--dir", (dir / "m").string(), "--url", s.url()}));
  for (auto pid : pids) EXPECT_EQ(wait_exit(pid), 0);

  auto db = database::open(s.url());
  run_async([&]() -> task<void> {
    EXPECT_EQ((co_await db.query("SELECT count(*) FROM applied_log")).scalar<std::int64_t>(), 11);
    EXPECT_EQ((co_await db.query("SELECT count(DISTINCT version) FROM applied_log")).scalar<std::int64_t>(), 11);
    EXPECT_EQ((co_await db.query("SELECT count(*) FROM strata_migrations")).scalar<std::int64_t>(), 12);
  });
}
#endif

}  // namespace
}  // namespace strata::sql::postgres
