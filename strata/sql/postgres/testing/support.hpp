// Shared by the postgres tests: the server's URL (DATABASE_URL, set by scripts/services) and a
// runner that drives a test coroutine on a fresh io_context, with a deadline so a hang fails.
#pragma once
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <strata/core/task.hpp>
#include <strata/sql/detail/driver.hpp>
#include <strata/sql/postgres/detail/connection.hpp>
#include <string>

namespace strata::sql::postgres::testing {

inline std::string database_url() {
  const char* url = std::getenv("DATABASE_URL");
  return url ? url : "";
}

#define STRATA_REQUIRE_DATABASE()                                     \
  do {                                                                \
    if (::strata::sql::postgres::testing::database_url().empty())     \
      GTEST_SKIP() << "DATABASE_URL not set: start scripts/services"; \
  } while (0)

// ASSERT_EQ for coroutines (gtest's returns, a coroutine must co_return).
#define CO_ASSERT_EQ(a, b)        \
  do {                            \
    EXPECT_EQ(a, b);              \
    if (!((a) == (b))) co_return; \
  } while (0)

// Runs fn() (returning task<void>) to completion; rethrows what it throws.
template <class F>
void run_async(F fn, std::chrono::seconds deadline = std::chrono::seconds(60)) {
  boost::asio::io_context io;
  bool finished = false;
  std::exception_ptr error;
  boost::asio::co_spawn(io, fn(), [&](std::exception_ptr e) {
    finished = true;
    error = e;
  });
  io.run_for(deadline);
  if (!finished) FAIL() << "the test coroutine did not finish within " << deadline.count() << " s";
  if (error) std::rethrow_exception(error);
}

inline std::unique_ptr<sql::detail::driver> driver(pool_options options = {}) {
  return sql::detail::make_postgres_driver(database_url(), options);
}

// A connection of the postgres driver, as the concrete type (for its counters).
inline task<std::unique_ptr<detail::pg_connection>> connect(pool_options options = {}) {
  auto c = co_await driver(options)->connect();
  co_return std::unique_ptr<detail::pg_connection>(static_cast<detail::pg_connection*>(c.release()));
}

// Parameters are passed as values (to_param() is applied; a param passes through). Built in a
// plain function: GCC 12 rejects braced lists inside co_await expressions.
inline param as_param(param p) {
  return p;
}
template <class T>
requires(!std::is_same_v<std::remove_cvref_t<T>, param>) param as_param(T&& v) {
  return to_param(std::forward<T>(v));
}
template <class... Args>
statement stmt(std::string sql, Args&&... args) {
  return statement{std::move(sql), std::vector<param>{as_param(std::forward<Args>(args))...}};
}

inline task<result> run_one(sql::detail::connection& c, statement s) {
  auto r = co_await c.run(std::span<const statement>(&s, 1));
  co_return std::move(r.at(0));
}
// One statement, one result.
template <class... Args>
task<result> query(sql::detail::connection& c, std::string sql, Args&&... args) {
  return run_one(c, stmt(std::move(sql), std::forward<Args>(args)...));
}

inline std::string text(const result& r, std::size_t row = 0, std::size_t column = 0) {
  return std::string(r[row][column].raw().bytes);
}

}  // namespace strata::sql::postgres::testing
