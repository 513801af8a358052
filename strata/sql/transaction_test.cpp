// Transactions on SQLite: commit on return, rollback and rethrow on throw, savepoints that undo
// only their part, and one connection for the whole transaction.
#include <gtest/gtest.h>

#include <stdexcept>
#include <strata/core/testing/temp_dir.hpp>
#include <strata/sql/database.hpp>
#include <strata/sql/testing/run.hpp>

namespace strata::sql {
namespace {

using sql::testing::run;

struct transaction_test : ::testing::Test {
  strata::testing::temp_dir dir;
  database db = database::open("sqlite:" + (dir / "tx.db").string());

  void SetUp() override {
    run([&]() -> task<void> { co_await db.query("CREATE TABLE t (n INTEGER PRIMARY KEY)"); });
  }
  std::vector<std::int64_t> rows() {
    auto r = run([&]() -> task<result> { co_return co_await db.query("SELECT n FROM t ORDER BY n"); });
    std::vector<std::int64_t> out;
    for (auto row : r) out.push_back(row.get<std::int64_t>(0));
    return out;
  }
};

TEST_F(transaction_test, commits_when_the_function_returns) {
  run([&]() -> task<void> {
    co_await db.transaction([](transaction& tx) -> task<void> {
      EXPECT_EQ(tx.kind(), dialect::sqlite);
      co_await tx.query("INSERT INTO t VALUES ($1)", 1);
      std::vector<statement> batch{{"INSERT INTO t VALUES (2)", {}}, {"INSERT INTO t VALUES (3)", {}}};
      co_await tx.pipeline(std::move(batch));
    });
  });
  EXPECT_EQ(rows(), (std::vector<std::int64_t>{1, 2, 3}));
}

TEST_F(transaction_test, rolls_back_and_rethrows_when_the_function_throws) {
  EXPECT_THROW(run([&]() -> task<void> {
                 co_await db.transaction([](transaction& tx) -> task<void> {
                   co_await tx.query("INSERT INTO t VALUES (1)");
                   throw std::logic_error("changed my mind");
                 });
               }),
               std::logic_error);
  EXPECT_TRUE(rows().empty());
  // A failing statement rolls back what came before it in the transaction.
  try {
    run([&]() -> task<void> {
      co_await db.transaction([](transaction& tx) -> task<void> {
        co_await tx.query("INSERT INTO t VALUES (5)");
        co_await tx.query("INSERT INTO t VALUES (5)");
      });
    });
    ADD_FAILURE() << "no error";
  } catch (const error& e) {
    EXPECT_EQ(e.sqlstate(), sqlstate::unique_violation);
  }
  EXPECT_TRUE(rows().empty());
  // And the connection is clean for the next user.
  run([&]() -> task<void> {
    co_await db.transaction([](transaction& tx) -> task<void> { co_await tx.query("INSERT INTO t VALUES (6)"); });
  });
  EXPECT_EQ(rows(), (std::vector<std::int64_t>{6}));
}

TEST_F(transaction_test, savepoints_undo_only_their_part) {
  run([&]() -> task<void> {
    co_await db.transaction([](transaction& tx) -> task<void> {
      co_await tx.query("INSERT INTO t VALUES (1)");
      bool caught = false;
      try {
        co_await tx.savepoint([](transaction& inner) -> task<void> {
          co_await inner.query("INSERT INTO t VALUES (2)");
          throw std::runtime_error("undo 2");
        });
      } catch (const std::runtime_error&) {
        caught = true;
      }
      EXPECT_TRUE(caught);
      co_await tx.savepoint([](transaction& inner) -> task<void> {
        co_await inner.query("INSERT INTO t VALUES (3)");
        // Nested: the inner one fails on a duplicate and is undone, the outer one stays.
        try {
          co_await inner.savepoint([](transaction& deeper) -> task<void> {
            co_await deeper.query("INSERT INTO t VALUES (4)");
            co_await deeper.query("INSERT INTO t VALUES (3)");
          });
        } catch (const error& e) {
          EXPECT_TRUE(e.is_unique_violation());
        }
      });
    });
  });
  EXPECT_EQ(rows(), (std::vector<std::int64_t>{1, 3}));
}

TEST_F(transaction_test, runs_on_one_connection_isolated_from_others) {
  run([&]() -> task<void> {
    co_await db.transaction([&](transaction& tx) -> task<void> {
      co_await tx.query("INSERT INTO t VALUES (1)");
      EXPECT_EQ((co_await tx.query("SELECT count(*) FROM t")).scalar<int>(), 1);
      // Another connection of the pool does not see the uncommitted row (WAL snapshot).
      EXPECT_EQ((co_await db.query("SELECT count(*) FROM t")).scalar<int>(), 0);
    });
    EXPECT_EQ((co_await db.query("SELECT count(*) FROM t")).scalar<int>(), 1);
  });
}

TEST_F(transaction_test, read_only_transactions_read) {
  run([&]() -> task<void> {
    co_await db.query("INSERT INTO t VALUES (9)");
    transaction_options options;
    options.read_only = true;
    co_await db.transaction(
        [](transaction& tx) -> task<void> { EXPECT_EQ((co_await tx.query("SELECT n FROM t")).scalar<int>(), 9); },
        options);
  });
}

}  // namespace
}  // namespace strata::sql
