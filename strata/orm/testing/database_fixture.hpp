// A test fixture that runs each test body against a real database: SQLite in memory always, and
// PostgreSQL when DATABASE_URL is set, in a schema of its own that is dropped afterwards.
#pragma once
#include <strata/orm/testing/schema.hpp>
#include <strata/sql/database.hpp>
#include <strata/sql/testing/run.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>

namespace strata::orm::testing {

class database_fixture : public ::testing::TestWithParam<sql::dialect> {
protected:
  void SetUp() override {
    if (GetParam() == sql::dialect::sqlite) {
      db_ = sql::database::open("sqlite::memory:");
      return;
    }
    const char* url = std::getenv("DATABASE_URL");
    if (!url || !*url) GTEST_SKIP() << "DATABASE_URL is not set; the PostgreSQL runs of the ORM tests need a server";
    // A schema per test (pid, counter and clock keep parallel runs apart), made the connections'
    // search_path through libpq's options parameter so every pooled connection uses it.
    static std::atomic<unsigned> counter{0};
    schema_ = "orm_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
              std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000);
    admin_ = sql::database::open(url);
    sql::testing::run([&]() -> task<void> { co_await admin_.query("CREATE SCHEMA " + schema_); });
    std::string u = url;
    u += (u.find('?') == std::string::npos ? "?" : "&");
    u += "options=-c%20search_path%3D" + schema_;
    db_ = sql::database::open(u);
  }

  void TearDown() override {
    if (!schema_.empty()) {
      db_.close();
      sql::testing::run([&]() -> task<void> { co_await admin_.query("DROP SCHEMA " + schema_ + " CASCADE"); });
      admin_.close();
    }
  }

  // Creates the tables, then runs body, all on one io_context (an in-memory SQLite database lives
  // as long as its connections do).
  void with_db(std::function<task<void>(sql::database&)> body) {
    sql::testing::run([&]() -> task<void> {
      for (const auto& ddl : schema(db_.kind())) co_await db_.query(ddl);
      co_await body(db_);
    });
  }

  sql::database db_;
  sql::database admin_;
  std::string schema_;
};

inline std::string dialect_name(const ::testing::TestParamInfo<sql::dialect>& info) {
  return info.param == sql::dialect::sqlite ? "sqlite" : "postgres";
}

}  // namespace strata::orm::testing
