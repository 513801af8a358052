// pg_connection against the real server: batches as one round trip, errors mid-batch, the
// statement cache, lost connections, connect failures, several coroutines on one connection.
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <strata/sql/postgres/testing/support.hpp>

namespace strata::sql::postgres {
namespace {

namespace asio = boost::asio;
using namespace testing;

// Runs body, which must throw sql::error; returns it.
template <class F>
task<sql::error> expect_error(F body) {
  try {
    co_await body();
  } catch (const sql::error& e) {
    co_return e;
  }
  ADD_FAILURE() << "no sql::error thrown";
  co_return sql::error("", "");
}

TEST(postgres_connection, selects_a_value) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    auto c = co_await connect();
    EXPECT_TRUE(c->healthy());
    auto r = co_await query(*c, "SELECT 1 AS one, NULL::text AS nothing, 'x'::text AS x");
    CO_ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r.columns(), 3u);
    EXPECT_EQ(r.column_name(0), "one");
    auto one = r[0][0].raw();
    EXPECT_EQ(one.k, cell::kind::text);
    EXPECT_EQ(one.bytes, "1");
    EXPECT_EQ(one.type_oid, 23u);  // int4
    EXPECT_TRUE(r[0][1].is_null());
    EXPECT_EQ(r[0][1].raw().type_oid, 25u);
    EXPECT_EQ(text(r, 0, 2), "x");
  });
}

TEST(postgres_connection, session_is_utf8_and_utc) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    auto c = co_await connect();
    auto r = co_await query(*c,
                            "SELECT current_setting('TimeZone'), current_setting('client_encoding'), "
                            "'2024-01-02 03:04:05+02'::timestamptz");
    EXPECT_EQ(text(r, 0, 0), "UTC");
    EXPECT_EQ(text(r, 0, 1), "UTF8");
    EXPECT_EQ(text(r, 0, 2), "2024-01-02 01:04:05+00");
  });
}

TEST(postgres_connection, batch_of_20_selects_is_one_round_trip) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    auto c = co_await connect();
    co_await query(*c, "SELECT 1");  // warm up: the server's first answers can be split
    std::vector<statement> batch;
    for (int i = 0; i < 20; ++i) batch.push_back(stmt("SELECT $1::int * 2, pg_backend_pid()", i));
    auto before = c->stats();
    auto results = co_await c->run(batch);
    auto after = c->stats();
    CO_ASSERT_EQ(results.size(), 20u);
    for (int i = 0; i < 20; ++i) EXPECT_EQ(text(results[i]), std::to_string(i * 2));
    // One Sync: the server answers the whole batch at once. The client never waited in between
    // statements: at most a couple of reads for the answer, never one per statement.
    EXPECT_EQ(after.syncs - before.syncs, 1u);
    EXPECT_LE(after.read_waits - before.read_waits, 3u);
    EXPECT_EQ(after.write_waits - before.write_waits, 0u);
    EXPECT_EQ(after.prepares - before.prepares, 1u);  // one statement text, prepared once
  });
}

TEST(postgres_connection, affected_rows_counts_changes_only) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    auto c = co_await connect();
    co_await query(*c, "CREATE TEMP TABLE t (id int PRIMARY KEY, v text)");
    auto ins = co_await query(*c, "INSERT INTO t SELECT g, 'v' FROM generate_series(1, 5) g");
    EXPECT_EQ(ins.affected_rows(), 5);
    auto upd = co_await query(*c, "UPDATE t SET v = 'w' WHERE id > $1", 3);
    EXPECT_EQ(upd.affected_rows(), 2);
    auto sel = co_await query(*c, "SELECT * FROM t");
    EXPECT_EQ(sel.size(), 5u);
    EXPECT_EQ(sel.affected_rows(), 0);
    auto del = co_await query(*c, "DELETE FROM t");
    EXPECT_EQ(del.affected_rows(), 5);
  });
}

TEST(postgres_connection, error_mid_batch_rolls_the_batch_back_and_the_connection_stays_usable) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    auto c = co_await connect();
    co_await query(*c, "CREATE TEMP TABLE t (id int)");
    std::vector<statement> batch{stmt("INSERT INTO t VALUES (1)"), stmt("SELECT 1 / $1::int", 0),
                                 stmt("INSERT INTO t VALUES (2)"), stmt("SELECT 'never prepared'")};
    auto e = co_await expect_error([&]() -> task<void> { co_await c->run(batch); });
    EXPECT_EQ(e.sqlstate(), "22012");  // division_by_zero: the first error, not the aborted ones
    EXPECT_TRUE(c->healthy());
    // One implicit transaction per batch: the first INSERT went with the failure.
    auto r = co_await query(*c, "SELECT count(*) FROM t");
    EXPECT_EQ(text(r), "0");
    // The statement whose prepare was aborted is not taken for prepared (it would fail 26000).
    auto again = co_await query(*c, "SELECT 'never prepared'");
    EXPECT_EQ(text(again), "never prepared");
    std::vector<statement> two{stmt("INSERT INTO t VALUES (1)"), stmt("INSERT INTO t VALUES (2)")};
    auto all = co_await c->run(two);
    EXPECT_EQ(all.size(), 2u);
    EXPECT_EQ(text(co_await query(*c, "SELECT count(*) FROM t")), "2");
  });
}

TEST(postgres_connection, a_failed_prepare_is_not_cached) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    auto c = co_await connect();
    for (int i = 0; i < 2; ++i) {
      auto e = co_await expect_error([&]() -> task<void> { co_await query(*c, "SELEC 1"); });
      EXPECT_EQ(e.sqlstate(), sqlstate::syntax_error);
    }
    EXPECT_EQ(c->cached_statements(), 0u);
    auto e = co_await expect_error([&]() -> task<void> { co_await query(*c, "SELECT * FROM no_such_table"); });
    EXPECT_EQ(e.sqlstate(), sqlstate::undefined_table);
    EXPECT_TRUE(c->healthy());
  });
}

TEST(postgres_connection, unique_violation_carries_sqlstate_detail_and_constraint) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    auto c = co_await connect();
    co_await query(*c, "CREATE TEMP TABLE users (email text CONSTRAINT users_email_key UNIQUE)");
    co_await query(*c, "INSERT INTO users VALUES ($1)", "a@example.com");
    auto e = co_await expect_error(
        [&]() -> task<void> { co_await query(*c, "INSERT INTO users VALUES ($1)", "a@example.com"); });
    EXPECT_EQ(e.sqlstate(), sqlstate::unique_violation);
    EXPECT_TRUE(e.is_unique_violation());
    EXPECT_EQ(e.constraint(), "users_email_key");
    EXPECT_NE(e.detail().find("a@example.com"), std::string::npos) << e.detail();
    EXPECT_NE(std::string(e.what()).find("duplicate key"), std::string::npos) << e.what();
    EXPECT_TRUE(c->healthy());
  });
}

TEST(postgres_connection, injection_attempts_stay_data) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    auto c = co_await connect();
    co_await query(*c, "CREATE TEMP TABLE victims (name text)");
    std::vector<std::string> attempts{"x'); DROP TABLE victims; --", "'; SELECT pg_sleep(10); --", "$1", "\\'; --",
                                      "Robert'); DROP TABLE students;--"};
    for (const std::string& evil : attempts) {
      co_await query(*c, "INSERT INTO victims VALUES ($1)", evil);
      auto r = co_await query(*c, "SELECT name FROM victims WHERE name = $1", evil);
      CO_ASSERT_EQ(r.size(), 1u);
      EXPECT_EQ(text(r), evil);
      // Array elements are quoted: the text cannot close the literal or add elements.
      auto a = co_await query(*c, "SELECT cardinality($1::text[]), ($1::text[])[1]",
                              std::vector<std::string>(1, evil + "\",\"}{"));
      EXPECT_EQ(text(a, 0, 0), "1");
      EXPECT_EQ(text(a, 0, 1), evil + "\",\"}{");
    }
    EXPECT_EQ(text(co_await query(*c, "SELECT count(*) FROM victims")), "5");
  });
}

TEST(postgres_connection, statement_cache_evicts_least_recently_used) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    pool_options o;
    o.statement_cache = 2;
    auto c = co_await connect(o);
    auto prepared_on_server = [&]() -> task<std::string> {
      // Counted by a statement that is itself cached: at most 2 on the server at any time.
      co_return text(co_await query(*c, "SELECT count(*) FROM pg_prepared_statements"));
    };
    for (int round = 0; round < 3; ++round)
      for (int i = 0; i < 4; ++i) {
        auto r = co_await query(*c, "SELECT $1::int + " + std::to_string(i), round);
        EXPECT_EQ(text(r), std::to_string(round + i));
        EXPECT_LE(c->cached_statements(), 2u);
      }
    EXPECT_GE(c->stats().deallocates, 10u);
    // Deallocations ride with the next batch; after one more they are all done.
    co_await prepared_on_server();
    EXPECT_EQ(co_await prepared_on_server(), "2");

    // Hot statements stay: a, b, a, b, ... prepares each once.
    auto before = c->stats().prepares;
    for (int i = 0; i < 6; ++i) co_await query(*c, i % 2 ? "SELECT 'a'" : "SELECT 'b'");
    EXPECT_EQ(c->stats().prepares - before, 2u);

    // More distinct statements in one batch than the cache holds.
    std::vector<statement> batch;
    for (int i = 0; i < 5; ++i) batch.push_back(stmt("SELECT " + std::to_string(i) + " AS n"));
    batch.push_back(stmt("SELECT 0 AS n"));
    auto results = co_await c->run(batch);
    for (int i = 0; i < 5; ++i) EXPECT_EQ(text(results[i]), std::to_string(i));
    EXPECT_EQ(text(results[5]), "0");
    co_await prepared_on_server();
    EXPECT_EQ(co_await prepared_on_server(), "2");
  });
}

TEST(postgres_connection, statement_cache_can_be_off) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    pool_options o;
    o.statement_cache = 0;
    auto c = co_await connect(o);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(text(co_await query(*c, "SELECT $1::int", i)), std::to_string(i));
    EXPECT_EQ(c->stats().prepares, 0u);
    EXPECT_EQ(text(co_await query(*c, "SELECT count(*) FROM pg_prepared_statements")), "0");
  });
}

TEST(postgres_connection, statements_dropped_behind_its_back_are_prepared_again) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    auto c = co_await connect();
    EXPECT_EQ(text(co_await query(*c, "SELECT 7")), "7");
    co_await query(*c, "DEALLOCATE ALL");
    auto e = co_await expect_error([&]() -> task<void> { co_await query(*c, "SELECT 7"); });
    EXPECT_EQ(e.sqlstate(), "26000");
    EXPECT_EQ(text(co_await query(*c, "SELECT 7")), "7");
  });
}

TEST(postgres_connection, server_side_kill_gives_08006_and_unhealthy) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    auto victim = co_await connect();
    auto killer = co_await connect();
    co_await query(*victim, "SELECT 1");
    auto r = co_await query(*killer, "SELECT pg_terminate_backend($1)", victim->backend_pid());
    EXPECT_EQ(text(r), "t");
    // The server has closed it; the client learns on its next use.
    asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(100));
    co_await t.async_wait(asio::use_awaitable);
    auto e = co_await expect_error([&]() -> task<void> { co_await query(*victim, "SELECT 1"); });
    EXPECT_EQ(e.sqlstate(), sqlstate::connection_failure) << e.what();
    EXPECT_TRUE(e.is_connection_error());
    EXPECT_FALSE(victim->healthy());
    auto again = co_await expect_error([&]() -> task<void> { co_await query(*victim, "SELECT 1"); });
    EXPECT_EQ(again.sqlstate(), sqlstate::connection_failure);
    EXPECT_TRUE(killer->healthy());
  });
}

TEST(postgres_connection, kill_during_a_query_fails_it_with_08006) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    auto victim = co_await connect();
    auto killer = co_await connect();
    int pid = victim->backend_pid();
    auto ex = co_await asio::this_coro::executor;
    asio::co_spawn(
        ex,
        [&]() -> task<void> {
          asio::steady_timer t(ex, std::chrono::milliseconds(200));
          co_await t.async_wait(asio::use_awaitable);
          co_await query(*killer, "SELECT pg_terminate_backend($1)", pid);
        },
        asio::detached);
    auto e = co_await expect_error([&]() -> task<void> { co_await query(*victim, "SELECT pg_sleep(30)"); });
    EXPECT_EQ(e.sqlstate(), sqlstate::connection_failure) << e.what();
    EXPECT_FALSE(victim->healthy());
  });
}

TEST(postgres_connection, refused_connect_fails_fast_with_08006) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    unsigned short port;
    {
      auto ex = co_await asio::this_coro::executor;
      asio::ip::tcp::acceptor a(ex, asio::ip::tcp::endpoint(asio::ip::address_v4::loopback(), 0));
      port = a.local_endpoint().port();
    }  // closed: nothing listens there now
    auto start = std::chrono::steady_clock::now();
    auto d = sql::detail::make_postgres_driver("postgres://u:p@127.0.0.1:" + std::to_string(port) + "/db", {});
    auto e = co_await expect_error([&]() -> task<void> { co_await d->connect(); });
    EXPECT_EQ(e.sqlstate(), sqlstate::connection_failure);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  });
}

TEST(postgres_connection, connect_timeout_is_honoured) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    // Listens but never answers: TCP connects (the kernel accepts into the backlog), the startup
    // message gets no reply.
    auto ex = co_await asio::this_coro::executor;
    asio::ip::tcp::acceptor silent(ex, asio::ip::tcp::endpoint(asio::ip::address_v4::loopback(), 0));
    pool_options o;
    o.connect_timeout = std::chrono::milliseconds(300);
    auto d = sql::detail::make_postgres_driver(
        "postgresql://u@127.0.0.1:" + std::to_string(silent.local_endpoint().port()) + "/db?sslmode=disable", o);
    auto start = std::chrono::steady_clock::now();
    auto e = co_await expect_error([&]() -> task<void> { co_await d->connect(); });
    auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(e.sqlstate(), sqlstate::connection_failure);
    EXPECT_NE(std::string(e.what()).find("timed out"), std::string::npos) << e.what();
    EXPECT_GE(took, std::chrono::milliseconds(250));
    EXPECT_LT(took, std::chrono::seconds(2));
  });
}

TEST(postgres_connection, host_names_are_resolved_without_blocking) {
  STRATA_REQUIRE_DATABASE();
  std::string url = database_url();
  auto at = url.find("127.0.0.1");
  if (at == std::string::npos) GTEST_SKIP() << "DATABASE_URL does not name 127.0.0.1";
  run_async([&]() -> task<void> {
    auto by_name = sql::detail::make_postgres_driver(std::string(url).replace(at, 9, "localhost"), {});
    auto c = co_await by_name->connect();
    EXPECT_EQ(text(co_await query(*c, "SELECT 1")), "1");
    auto nowhere = sql::detail::make_postgres_driver(std::string(url).replace(at, 9, "no-such-host.invalid"), {});
    auto e = co_await expect_error([&]() -> task<void> { co_await nowhere->connect(); });
    EXPECT_EQ(e.sqlstate(), sqlstate::connection_failure);
    EXPECT_NE(std::string(e.what()).find("resolve"), std::string::npos) << e.what();
  });
}

TEST(postgres_connection, bad_url_is_invalid_parameter) {
  try {
    sql::detail::make_postgres_driver("postgres://host/db?no_such_option=1", {});
    FAIL() << "no error";
  } catch (const sql::error& e) {
    EXPECT_EQ(e.sqlstate(), sqlstate::invalid_parameter);
  }
}

TEST(postgres_connection, begin_statements) {
  auto d = sql::detail::make_postgres_driver("postgres://localhost/db", {});
  EXPECT_EQ(d->kind(), dialect::postgres);
  EXPECT_EQ(d->begin_statement({}), "BEGIN");
  EXPECT_EQ(d->begin_statement({isolation::serializable, false}), "BEGIN ISOLATION LEVEL SERIALIZABLE");
  EXPECT_EQ(d->begin_statement({isolation::repeatable_read, true}), "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  EXPECT_EQ(d->begin_statement({isolation::default_level, true}), "BEGIN READ ONLY");
}

TEST(postgres_connection, coroutines_share_one_connection) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    auto c = co_await connect();
    auto ex = co_await asio::this_coro::executor;
    int done = 0, errors = 0;
    for (int i = 0; i < 16; ++i)
      asio::co_spawn(
          ex,
          [&, i]() -> task<void> {
            std::vector<statement> batch{stmt("SELECT $1::int", i), stmt("SELECT pg_sleep(0.01)"),
                                         stmt("SELECT $1::int * 10", i)};
            if (i % 5 == 4) batch.push_back(stmt("SELECT 1 / 0"));
            try {
              auto r = co_await c->run(batch);
              EXPECT_EQ(text(r[0]), std::to_string(i));
              EXPECT_EQ(text(r[2]), std::to_string(i * 10));
            } catch (const sql::error& e) {
              EXPECT_EQ(i % 5, 4);
              EXPECT_EQ(e.sqlstate(), "22012");
              ++errors;
            }
            ++done;
          },
          asio::detached);
    asio::steady_timer t(ex);
    while (done < 16) {
      t.expires_after(std::chrono::milliseconds(10));
      co_await t.async_wait(asio::use_awaitable);
    }
    EXPECT_EQ(errors, 3);
    EXPECT_TRUE(c->healthy());
    EXPECT_EQ(text(co_await query(*c, "SELECT 'still fine'")), "still fine");
  });
}

TEST(postgres_connection, batches_of_one_loop_iteration_leave_together_and_waiters_sleep) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    auto c = co_await connect();  // TCP: the test server listens on 127.0.0.1
    auto ex = co_await asio::this_coro::executor;
    co_await query(*c, "SELECT 1");  // the statement cache warmed; the first cork round
    const auto before = c->stats();
    constexpr int n = 8;
    int done = 0;
    for (int i = 0; i < n; ++i)
      asio::co_spawn(
          ex,
          [&, i]() -> task<void> {
            std::vector<statement> batch;  // named: GCC 12 mishandles braced temporaries in co_await
            batch.push_back(stmt("SELECT $1::int, pg_sleep(0.05)", i));
            auto r = co_await c->run(batch);
            EXPECT_EQ(text(r[0]), std::to_string(i));
            ++done;
          },
          asio::detached);
    asio::steady_timer t(ex);
    while (done < n) {
      t.expires_after(std::chrono::milliseconds(10));
      co_await t.async_wait(asio::use_awaitable);
    }
    const auto after = c->stats();
    // All eight were sent in one iteration of the loop: one cork round carried them.
    EXPECT_EQ(after.corks - before.corks, 1u);
    // The 0.4 s of sleeps run one after another in the pipeline. A coroutine waiting for the
    // reader is woken only when a reader hands over (each wakes all waiters: at most n - 1 times
    // for each of the n - 1), never spun through the scheduler meanwhile (that was thousands).
    EXPECT_LE(after.wakeups - before.wakeups, std::uint64_t{(n - 1) * (n - 1)});
  });
}

TEST(postgres_connection, large_batch_flushes_while_reading) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    auto c = co_await connect();
    co_await query(*c, "CREATE TEMP TABLE big (id int, payload text)");
    std::string payload(4096, 'p');
    std::vector<statement> batch;
    for (int i = 0; i < 2000; ++i)
      batch.push_back(stmt("INSERT INTO big VALUES ($1, $2) RETURNING id, payload", i, payload));
    auto results = co_await c->run(batch);
    CO_ASSERT_EQ(results.size(), 2000u);
    EXPECT_EQ(text(results[1999]), "1999");
    EXPECT_EQ(text(co_await query(*c, "SELECT count(*) FROM big")), "2000");
    EXPECT_EQ(c->stats().syncs, 3u);
    // 8 MB each way without a deadlock: libpq reads what the server sends whenever a send would
    // block, and the rest of the output is flushed from read_until.
  });
}

TEST(postgres_connection, nul_in_text_is_refused_before_sending) {
  STRATA_REQUIRE_DATABASE();
  run_async([]() -> task<void> {
    auto c = co_await connect();
    auto e =
        co_await expect_error([&]() -> task<void> { co_await query(*c, "SELECT $1::text", std::string("a\0b", 3)); });
    EXPECT_EQ(e.sqlstate(), "22021");
    EXPECT_EQ(text(co_await query(*c, "SELECT 'ok'")), "ok");
  });
}

}  // namespace
}  // namespace strata::sql::postgres
