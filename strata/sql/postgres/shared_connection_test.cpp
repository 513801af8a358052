// Once the pool is full, statements outside transactions share PostgreSQL connections (their
// batches queue in the pipelines); a transaction still gets a connection of its own.
#include <strata/sql/database.hpp>
#include <strata/sql/postgres/testing/support.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <set>
#include <vector>

namespace strata::sql::postgres {
namespace {

using namespace testing;
namespace asio = boost::asio;

TEST(postgres_shared_connections, a_full_pool_pipelines_statements_instead_of_waiting) {
  STRATA_REQUIRE_DATABASE();
  pool_options o;
  o.max_connections = 2;
  o.acquire_timeout = std::chrono::milliseconds(100);  // waiting for a free connection would time out
  auto db = database::open(database_url(), o);
  run_async([&]() -> task<void> {
    auto ex = co_await asio::this_coro::executor;
    std::vector<int> pids;
    int done = 0, failed = 0;
    for (int i = 0; i < 8; ++i)
      asio::co_spawn(ex, [&, i]() -> task<void> {
        auto r = co_await db.query("SELECT pg_backend_pid(), $1::int, pg_sleep(0.1)", i);
        if (r[0].get<std::int32_t>(1) != i) ++failed;  // each gets its own result back
        pids.push_back(r[0].get<std::int32_t>(0));
        ++done;
      }, asio::detached);
    asio::steady_timer t(ex);
    while (done < 8) {
      t.expires_after(std::chrono::milliseconds(5));
      co_await t.async_wait(asio::use_awaitable);
    }
    EXPECT_EQ(failed, 0);
    EXPECT_EQ(std::set<int>(pids.begin(), pids.end()).size(), 2u) << "8 statements on the pool's 2 connections";
    EXPECT_LE(db.stats().open, 2u);
  });
}

TEST(postgres_shared_connections, a_statement_never_joins_a_connection_inside_a_transaction) {
  STRATA_REQUIRE_DATABASE();
  pool_options o;
  o.max_connections = 1;  // the transaction holds the only connection
  auto db = database::open(database_url(), o);
  run_async([&]() -> task<void> {
    auto ex = co_await asio::this_coro::executor;
    bool committed = false, query_done = false, done_before_commit = false;
    int tx_pid = 0, query_pid = 0;
    co_await db.transaction([&](transaction& tx) -> task<void> {
      tx_pid = (co_await tx.query("SELECT pg_backend_pid()"))[0].get<std::int32_t>(0);
      asio::co_spawn(ex, [&]() -> task<void> {
        query_pid = (co_await db.query("SELECT pg_backend_pid()"))[0].get<std::int32_t>(0);
        query_done = true;
        done_before_commit = !committed;
      }, asio::detached);
      asio::steady_timer t(ex, std::chrono::milliseconds(150));
      co_await t.async_wait(asio::use_awaitable);  // time enough for the statement, were it to join
      committed = true;
    });
    asio::steady_timer t(ex);
    while (!query_done) {
      t.expires_after(std::chrono::milliseconds(5));
      co_await t.async_wait(asio::use_awaitable);
    }
    EXPECT_FALSE(done_before_commit) << "the statement ran inside the transaction's connection";
    EXPECT_EQ(query_pid, tx_pid) << "after the commit it gets the same (only) connection";
  });
}

}  // namespace
}  // namespace strata::sql::postgres
