// The SQL session store on PostgreSQL (DATABASE_URL): the shared store checks, in a table of
// this process's own that is dropped afterwards.
#include <strata/auth/sql_session_store.hpp>
#include <strata/auth/testing/session_harness.hpp>
#include <strata/sql/testing/run.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <unistd.h>

namespace strata::auth {
namespace {

using namespace testing;

TEST(SessionPostgres, store_passes_the_store_checks) {
  const char* url = std::getenv("DATABASE_URL");
  if (!url || !*url) GTEST_SKIP() << "DATABASE_URL not set: run scripts/services start, then eval \"$(scripts/services env)\"";
  auto db = sql::database::open(url);
  const std::string table = "strata_sessions_test_" + std::to_string(::getpid());
  check_store([&](std::function<std::int64_t()> clock) {
    auto store = std::make_shared<sql_session_store>(db, sql_session_store_options{.table = table, .clock = clock});
    sql::testing::run([&]() -> task<void> { co_await store->create_table(); });
    return store;
  });
  auto left = sql::testing::run([&]() -> task<std::int64_t> {
    auto r = co_await db.query("SELECT count(*) FROM " + table + " WHERE user_id = 'alice'");
    co_return r.scalar<std::int64_t>();
  });
  EXPECT_EQ(left, 0) << "alice logged out everywhere";
  sql::testing::run([&]() -> task<void> { co_await db.script("DROP TABLE IF EXISTS " + table); });
}

}  // namespace
}  // namespace strata::auth
