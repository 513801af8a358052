// The per-loop pool on SQLite: a bounded number of connections shared by many coroutines,
// pool_timeout (not a hang) when none frees up, backoff after failed connects, idle trimming,
// close(), and two loops each with their own pool on one database.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <strata/core/loops.hpp>
#include <strata/core/testing/temp_dir.hpp>
#include <strata/sql/database.hpp>
#include <strata/sql/testing/run.hpp>

namespace strata::sql {
namespace {

using namespace std::chrono_literals;
using sql::testing::run;
using clock_type = std::chrono::steady_clock;

task<void> sleep_for(std::chrono::milliseconds d) {
  boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, d);
  co_await t.async_wait(boost::asio::use_awaitable);
}

std::string file_url(const strata::testing::temp_dir& dir) {
  return "sqlite:" + (dir / "pool.db").string();
}

TEST(pool, exhaustion_gives_pool_timeout_within_the_timeout) {
  strata::testing::temp_dir dir;
  pool_options options;
  options.max_connections = 1;
  options.acquire_timeout = 200ms;
  auto db = database::open(file_url(dir), options);
  boost::asio::io_context ctx(1);
  std::string state;
  long waited_ms = -1;
  pool_stats while_waiting;
  // One coroutine holds the only connection for a second...
  boost::asio::co_spawn(
      ctx,
      [&]() -> task<void> { co_await db.transaction([&](transaction&) -> task<void> { co_await sleep_for(1000ms); }); },
      boost::asio::detached);
  // ...while another asks for one.
  boost::asio::co_spawn(
      ctx,
      [&]() -> task<void> {
        co_await sleep_for(20ms);
        const auto t0 = clock_type::now();
        try {
          co_await db.query("SELECT 1");
        } catch (const error& e) {
          state = e.sqlstate();
          EXPECT_EQ(e.http_status(), 503);
        }
        waited_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - t0).count();
      },
      boost::asio::detached);
  boost::asio::co_spawn(
      ctx,
      [&]() -> task<void> {
        co_await sleep_for(100ms);
        while_waiting = db.stats();
      },
      boost::asio::detached);
  ctx.run();
  EXPECT_EQ(state, sqlstate::pool_timeout);
  EXPECT_GE(waited_ms, 190);
  EXPECT_LT(waited_ms, 900);
  EXPECT_EQ(while_waiting.open, 1u);
  EXPECT_EQ(while_waiting.idle, 0u);
  EXPECT_EQ(while_waiting.waiting, 1u);
}

TEST(pool, many_coroutines_share_few_connections) {
  strata::testing::temp_dir dir;
  pool_options options;
  options.max_connections = 3;
  auto db = database::open(file_url(dir), options);
  run([&]() -> task<void> { co_await db.query("CREATE TABLE t (n INTEGER)"); });
  boost::asio::io_context ctx(1);
  int in_use = 0, most_in_use = 0, done = 0;
  for (int i = 0; i < 40; ++i)
    boost::asio::co_spawn(
        ctx,
        [&, i]() -> task<void> {
          transaction_options read_only;
          read_only.read_only = true;  // readers overlap; writers would queue for SQLite's one lock
          co_await db.transaction(
              [&](transaction& tx) -> task<void> {
                most_in_use = std::max(most_in_use, ++in_use);
                co_await tx.query("SELECT count(*) FROM t");
                co_await sleep_for(2ms);  // hold the connection across a suspension
                --in_use;
              },
              read_only);
          co_await db.query("INSERT INTO t VALUES ($1)", i);
          ++done;
        },
        boost::asio::detached);
  ctx.run();
  EXPECT_EQ(done, 40);
  EXPECT_LE(most_in_use, 3);
  EXPECT_GE(most_in_use, 2);
  EXPECT_EQ(run([&]() -> task<int> { co_return (co_await db.query("SELECT count(*) FROM t")).scalar<int>(); }), 40);
  EXPECT_LE(db.stats().open, 3u);
}

TEST(pool, concurrent_coroutines_on_two_loops) {
  strata::testing::temp_dir dir;
  pool_options options;
  options.max_connections = 2;
  auto db = database::open(file_url(dir), options);
  run([&]() -> task<void> { co_await db.query("CREATE TABLE t (loop INTEGER, n INTEGER)"); });
  strata::loops loops(2);
  std::atomic<int> done{0};
  std::atomic<std::size_t> most_open_seen_by_a_loop{0};
  for (unsigned l = 0; l < 2; ++l)
    for (int c = 0; c < 20; ++c)
      boost::asio::co_spawn(
          loops.at(l),
          [&, l, c]() -> task<void> {
            for (int k = 0; k < 5; ++k) {
              co_await db.transaction([&](transaction& tx) -> task<void> {
                co_await tx.query("INSERT INTO t VALUES ($1, $2)", l, c * 10 + k);
              });
              auto stats = db.stats();  // this loop's pool only
              std::size_t seen = most_open_seen_by_a_loop.load();
              while (stats.open > seen && !most_open_seen_by_a_loop.compare_exchange_weak(seen, stats.open)) {
              }
            }
            ++done;
          },
          boost::asio::detached);
  loops.run(false);
  loops.join();
  EXPECT_EQ(done.load(), 40);
  EXPECT_LE(most_open_seen_by_a_loop.load(), 2u);
  auto r = run([&]() -> task<result> {
    co_return co_await db.query("SELECT loop, count(*) FROM t GROUP BY loop ORDER BY loop");
  });
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].get<int>(1), 100);
  EXPECT_EQ(r[1].get<int>(1), 100);
  // Both loops' pools plus this thread's: more than one loop's worth in total.
  EXPECT_GT(db.stats().open, 2u);
}

TEST(pool, failed_connects_back_off_then_recover) {
  strata::testing::temp_dir dir;
  pool_options options;
  options.reconnect_min = 100ms;
  options.reconnect_max = 400ms;
  auto db = database::open("sqlite:" + (dir / "later" / "x.db").string(), options);
  run([&]() -> task<void> {
    try {
      co_await db.ping();
      ADD_FAILURE() << "connected to a file in a missing folder";
    } catch (const error& e) {
      EXPECT_EQ(e.sqlstate(), sqlstate::connection_failure);
      EXPECT_EQ(e.http_status(), 503);
    }
    // Within the backoff the next caller fails at once instead of waiting or retrying.
    const auto t0 = clock_type::now();
    try {
      co_await db.ping();
      ADD_FAILURE() << "no backoff";
    } catch (const error& e) {
      EXPECT_EQ(e.sqlstate(), sqlstate::connection_failure);
      EXPECT_NE(std::string(e.what()).find("next attempt"), std::string::npos) << e.what();
    }
    EXPECT_LT(clock_type::now() - t0, 50ms);
    std::filesystem::create_directory(dir / "later");
    co_await sleep_for(150ms);
    co_await db.ping();  // the server (here: the folder) is back
  });
}

TEST(pool, idle_connections_are_trimmed_and_closed) {
  strata::testing::temp_dir dir;
  pool_options options;
  options.max_connections = 4;
  options.idle_timeout = 50ms;
  auto db = database::open(file_url(dir), options);
  boost::asio::io_context ctx(1);
  for (int i = 0; i < 3; ++i)
    boost::asio::co_spawn(
        ctx,
        [&]() -> task<void> {
          co_await db.transaction([](transaction&) -> task<void> { co_await sleep_for(20ms); },
                                  transaction_options{isolation::default_level, true});
        },
        boost::asio::detached);
  ctx.run();
  EXPECT_EQ(db.stats().open, 3u);
  EXPECT_EQ(db.stats().idle, 3u);
  ctx.restart();
  boost::asio::co_spawn(
      ctx,
      [&]() -> task<void> {
        co_await sleep_for(100ms);
        co_await db.ping();  // the pool trims stale idle connections, keeping one
      },
      boost::asio::detached);
  ctx.run();
  EXPECT_EQ(db.stats().open, 1u);
  db.close();
  ctx.restart();
  ctx.run();  // close() posts to the loop that owns the pool
  EXPECT_EQ(db.stats().open, 0u);
}

}  // namespace
}  // namespace strata::sql
