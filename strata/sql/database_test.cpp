// database::open: the backend chosen by URL scheme, passwords kept out of url_redacted(), and a
// loop destroyed in the middle of transactions and waits leaving nothing behind.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <strata/core/testing/temp_dir.hpp>
#include <strata/sql/database.hpp>
#include <strata/sql/detail/redact.hpp>
#include <strata/sql/testing/run.hpp>

namespace strata::sql {
namespace {

using namespace std::chrono_literals;

TEST(database, scheme_picks_the_backend) {
  EXPECT_EQ(database::open("sqlite::memory:").kind(), dialect::sqlite);
  // Connections are made on first use, so a PostgreSQL handle opens without a server.
  auto pg = database::open("postgres://app:s3cret@127.0.0.1:1/appdb");
  EXPECT_EQ(pg.kind(), dialect::postgres);
  EXPECT_EQ(pg.url_redacted(), "postgres://app:***@127.0.0.1:1/appdb");
  EXPECT_EQ(database::open("postgresql://127.0.0.1:1/appdb").kind(), dialect::postgres);
  try {
    database::open("mysql://root:hunter2@localhost/db");
    ADD_FAILURE() << "opened a mysql URL";
  } catch (const error& e) {
    EXPECT_EQ(e.sqlstate(), sqlstate::invalid_parameter);
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
  }
}

TEST(database, redact_hides_passwords) {
  using detail::redact_url;
  EXPECT_EQ(redact_url("postgres://u:p@h/db"), "postgres://u:***@h/db");
  EXPECT_EQ(redact_url("postgres://u@h/db"), "postgres://u@h/db");
  EXPECT_EQ(redact_url("postgres://h:5432/db?password=x&sslmode=require"),
            "postgres://h:5432/db?password=***&sslmode=require");
  EXPECT_EQ(redact_url("sqlite:/tmp/a.db"), "sqlite:/tmp/a.db");
}

// A loop destroyed while one coroutine is inside a transaction and another waits for the only
// connection: the frames and the loop's pool die with the loop (cleanly, under ASan), and the
// data is as if the transaction never ran.
TEST(database, loop_destroyed_mid_transaction_leaves_nothing_behind) {
  strata::testing::temp_dir dir;
  pool_options options;
  options.max_connections = 1;
  auto db = database::open("sqlite:" + (dir / "t.db").string(), options);
  sql::testing::run([&]() -> task<void> { co_await db.query("CREATE TABLE t (n INTEGER)"); });
  {
    boost::asio::io_context ctx(1);
    for (int i = 0; i < 2; ++i)
      boost::asio::co_spawn(
          ctx,
          [&]() -> task<void> {
            co_await db.transaction([](transaction& tx) -> task<void> {
              co_await tx.query("INSERT INTO t VALUES (1)");
              boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, 10s);
              co_await t.async_wait(boost::asio::use_awaitable);
            });
          },
          boost::asio::detached);
    ctx.run_for(300ms);
  }
  // The uncommitted insert is gone, and the write lock with it: a new write goes through.
  sql::testing::run([&]() -> task<void> {
    EXPECT_EQ((co_await db.query("SELECT count(*) FROM t")).scalar<int>(), 0);
    co_await db.query("INSERT INTO t VALUES (2)");
  });
}

}  // namespace
}  // namespace strata::sql
