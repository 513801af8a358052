// sql::database on postgres://: queries decoded through rows, pipelines, transactions (commit,
// rollback, savepoints, isolation), errors, and the pool getting past a killed connection.
#include <unistd.h>

#include <stdexcept>
#include <strata/sql/database.hpp>
#include <strata/sql/postgres/testing/support.hpp>

namespace strata::sql::postgres {
namespace {

using namespace testing;

struct postgres_database : ::testing::Test {
  std::string table = "strata_pg_test_" + std::to_string(::getpid());
  database db;

  void SetUp() override {
    STRATA_REQUIRE_DATABASE();
    db = database::open(database_url());
    run_async([&]() -> task<void> {
      co_await db.query("DROP TABLE IF EXISTS " + table);
      co_await db.query("CREATE TABLE " + table + " (id bigint PRIMARY KEY, name text NOT NULL, tags text[])");
    });
  }
  void TearDown() override {
    if (!db) return;
    run_async([&]() -> task<void> { co_await db.query("DROP TABLE IF EXISTS " + table); });
  }
  std::int64_t count() {
    std::int64_t n = -1;
    run_async([&]() -> task<void> { n = (co_await db.query("SELECT count(*) FROM " + table)).scalar<std::int64_t>(); });
    return n;
  }
};

TEST_F(postgres_database, queries_and_decodes_rows) {
  run_async([&]() -> task<void> {
    EXPECT_EQ(db.kind(), dialect::postgres);
    std::vector<std::string> tags{"a", "b,c"};
    auto ins = co_await db.query("INSERT INTO " + table + " VALUES ($1, $2, $3)", 1, "Ada", tags);
    EXPECT_EQ(ins.affected_rows(), 1);
    auto r = co_await db.query("SELECT id, name, tags FROM " + table + " WHERE id = $1", 1);
    CO_ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].get<std::int64_t>("id"), 1);
    EXPECT_EQ(r[0].get<std::string>("name"), "Ada");
    EXPECT_EQ(r[0].get<std::vector<std::string>>("tags"), tags);
  });
}

TEST_F(postgres_database, pipeline_returns_results_in_order) {
  run_async([&]() -> task<void> {
    std::vector<statement> batch;
    for (int i = 0; i < 10; ++i)
      batch.push_back(stmt("INSERT INTO " + table + " VALUES ($1, $2) RETURNING id", i, "n"));
    auto results = co_await db.pipeline(std::move(batch));
    CO_ASSERT_EQ(results.size(), 10u);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(results[i].scalar<std::int64_t>(), i);
  });
  EXPECT_EQ(count(), 10);
}

TEST_F(postgres_database, transaction_commits_with_a_savepoint_undone) {
  run_async([&]() -> task<void> {
    co_await db.transaction([&](transaction& tx) -> task<void> {
      EXPECT_EQ(tx.kind(), dialect::postgres);
      co_await tx.query("INSERT INTO " + table + " VALUES (1, 'kept')");
      try {
        co_await tx.savepoint([&](transaction& inner) -> task<void> {
          co_await inner.query("INSERT INTO " + table + " VALUES (2, 'undone')");
          co_await inner.query("INSERT INTO " + table + " VALUES (1, 'duplicate')");  // 23505
        });
        ADD_FAILURE() << "the savepoint did not throw";
      } catch (const sql::error& e) {
        EXPECT_TRUE(e.is_unique_violation());
      }
      // The transaction goes on after the savepoint was rolled back to.
      co_await tx.query("INSERT INTO " + table + " VALUES (3, 'kept too')");
    });
  });
  EXPECT_EQ(count(), 2);
}

TEST_F(postgres_database, transaction_rolls_back_on_throw) {
  run_async([&]() -> task<void> {
    try {
      co_await db.transaction([&](transaction& tx) -> task<void> {
        co_await tx.query("INSERT INTO " + table + " VALUES (1, 'gone')");
        throw std::runtime_error("changed my mind");
      });
      ADD_FAILURE() << "no throw";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "changed my mind");
    }
  });
  EXPECT_EQ(count(), 0);
}

TEST_F(postgres_database, transaction_options_reach_the_server) {
  run_async([&]() -> task<void> {
    co_await db.transaction(
        [&](transaction& tx) -> task<void> {
          auto r = co_await tx.query(
              "SELECT current_setting('transaction_isolation'), "
              "current_setting('transaction_read_only')");
          EXPECT_EQ(r[0].get<std::string>(0), "serializable");
          EXPECT_EQ(r[0].get<std::string>(1), "on");
          try {
            co_await tx.query("INSERT INTO " + table + " VALUES (1, 'x')");
            ADD_FAILURE() << "wrote in a read-only transaction";
          } catch (const sql::error& e) {
            EXPECT_EQ(e.sqlstate(), "25006");  // read_only_sql_transaction
          }
        },
        transaction_options{isolation::serializable, true});
  });
  EXPECT_EQ(count(), 0);
}

TEST_F(postgres_database, errors_keep_their_sqlstate) {
  run_async([&]() -> task<void> {
    co_await db.query("INSERT INTO " + table + " VALUES (1, 'a')");
    try {
      co_await db.query("INSERT INTO " + table + " VALUES (1, 'b')");
      ADD_FAILURE() << "no throw";
    } catch (const sql::error& e) {
      EXPECT_TRUE(e.is_unique_violation());
      EXPECT_EQ(e.constraint(), table + "_pkey");
      EXPECT_EQ(e.http_status(), 409);
    }
    try {
      co_await db.query("INSERT INTO " + table + " (id) VALUES (2)");
      ADD_FAILURE() << "no throw";
    } catch (const sql::error& e) {
      EXPECT_EQ(e.sqlstate(), sqlstate::not_null_violation);
    }
  });
}

TEST_F(postgres_database, pool_gets_past_a_killed_connection) {
  run_async([&]() -> task<void> {
    int pid = (co_await db.query("SELECT pg_backend_pid()")).scalar<std::int32_t>();
    auto killer = co_await connect();
    co_await query(*killer, "SELECT pg_terminate_backend($1)", pid);
    // The pooled connection is dead; the first use may report it (08006), and the pool then
    // drops it and connects again.
    bool recovered = false;
    for (int i = 0; i < 3 && !recovered; ++i) {
      try {
        auto now = (co_await db.query("SELECT pg_backend_pid()")).scalar<std::int32_t>();
        EXPECT_NE(now, pid);
        recovered = true;
      } catch (const sql::error& e) {
        EXPECT_TRUE(e.is_connection_error()) << e.what();
      }
    }
    EXPECT_TRUE(recovered);
  });
}

}  // namespace
}  // namespace strata::sql::postgres
