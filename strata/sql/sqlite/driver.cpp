// The SQLite backend: connections on their own threads, BEGIN IMMEDIATE for write transactions.
#include <sqlite3.h>

#include <strata/sql/detail/driver.hpp>
#include <strata/sql/sqlite/connection.hpp>
#include <strata/sql/sqlite/errors.hpp>
#include <strata/sql/sqlite/url.hpp>

namespace strata::sql::sqlite {
namespace {

class driver final : public detail::driver {
 public:
  driver(target t, const pool_options& options) : target_(std::move(t)), options_(options) {
    // An in-memory database lives while a connection to it is open; this one keeps it alive when
    // the pools close their idle connections.
    if (target_.memory && sqlite3_open_v2(target_.filename.c_str(), &keeper_, target_.flags, nullptr) != SQLITE_OK) {
      const std::string message = sqlite3_errmsg(keeper_);
      sqlite3_close_v2(keeper_);
      throw error(std::string(sqlstate::connection_failure),
                  "sqlite: cannot open " + target_.filename + ": " + message);
    }
  }
  ~driver() override { sqlite3_close_v2(keeper_); }

  dialect kind() const override { return dialect::sqlite; }

  task<std::unique_ptr<detail::connection>> connect() override {
    auto conn = std::make_unique<connection>(options_.statement_cache);
    co_await conn->open(target_, options_.sqlite_busy_timeout);
    co_return conn;
  }

  // IMMEDIATE takes the write lock at BEGIN, so two writers queue in the busy handler instead of
  // both reading and then one failing to upgrade (SQLITE_BUSY, not retried). SQLite transactions
  // are serializable whatever the level asked.
  std::string begin_statement(const transaction_options& options) const override {
    return options.read_only ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE";
  }

 private:
  target target_;
  pool_options options_;
  sqlite3* keeper_ = nullptr;
};

}  // namespace
}  // namespace strata::sql::sqlite

namespace strata::sql::detail {

std::unique_ptr<driver> make_sqlite_driver(std::string_view url, const pool_options& options) {
  return std::make_unique<sqlite::driver>(sqlite::parse_url(url), options);
}

}  // namespace strata::sql::detail
