// sql::database: one handle for SQLite and PostgreSQL, the backend chosen by URL.
//
//   auto db = sql::database::open("sqlite:app.db");            // or postgres://user:pw@host/db
//   auto r = co_await db.query("SELECT id, name FROM users WHERE id = $1", id);
//   co_await db.transaction([&](sql::transaction& tx) -> task<void> {
//     co_await tx.query("UPDATE accounts SET balance = balance - $1 WHERE id = $2", amount, from);
//     co_await tx.query("UPDATE accounts SET balance = balance + $1 WHERE id = $2", amount, to);
//   });                                                         // commit on return, rollback on throw
//
// Placeholders are $1, $2, ... in both dialects. Calls are made from a loop thread (a coroutine on
// one of strata::loops' io_contexts); each loop has its own pool of connections, so nothing is
// shared between loops. Errors are thrown as sql::error.
#pragma once
#include <strata/core/task.hpp>
#include <strata/sql/error.hpp>
#include <strata/sql/result.hpp>
#include <strata/sql/value.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::sql {

enum class dialect { sqlite, postgres };

struct pool_options {
  // PostgreSQL: once all are in use, statements outside transactions queue in the pipelines of
  // busy connections rather than wait for one to come free (fewer round trips under load).
  std::size_t max_connections = 8;  // per loop, both backends (SQLite writers still take turns on its one lock)
  std::chrono::milliseconds acquire_timeout{5000};  // then sql::error with sqlstate::pool_timeout
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds idle_timeout{std::chrono::minutes(10)};  // idle connections beyond 1 are closed
  std::size_t statement_cache = 256;                                 // prepared statements kept per connection
  // Backoff after a failed connect, doubling up to the maximum, so a restarting server is not hammered.
  std::chrono::milliseconds reconnect_min{100};
  std::chrono::milliseconds reconnect_max{5000};
  std::chrono::milliseconds sqlite_busy_timeout{5000};
};

enum class isolation { default_level, read_committed, repeatable_read, serializable };

struct transaction_options {
  isolation level = isolation::default_level;
  bool read_only = false;
};

struct pool_stats {
  std::size_t open = 0;     // connections open on the calling loop
  std::size_t idle = 0;     // of those, not leased
  std::size_t waiting = 0;  // acquirers waiting on the calling loop
};

namespace detail {
class database_impl;
class connection;
}  // namespace detail

class transaction;

// Runs SQL; database and transaction both are one.
class executor {
public:
  virtual ~executor() = default;
  virtual dialect kind() const = 0;

  // One statement. Parameters are converted with to_param().
  template <class... Args>
  task<result> query(std::string_view sql, Args&&... args) {
    return run(statement{std::string(sql), {to_param(std::forward<Args>(args))...}});
  }
  virtual task<result> run(statement s) = 0;

  // Independent statements sent together: on PostgreSQL one pipeline, one round trip; results
  // in order. The first failure is thrown (later statements of the batch are not applied).
  virtual task<std::vector<result>> pipeline(std::vector<statement> batch) = 0;

  // SQL text of several statements separated by ';' and no parameters (a migration, a schema),
  // run in order as written: PostgreSQL's simple query protocol, SQLite statement by statement.
  // Nothing is cached; the first failure is thrown.
  virtual task<void> script(std::string sql) = 0;
};

class database final : public executor {
public:
  // Opens the database at url: "sqlite:path" (or sqlite::memory:, sqlite:file:...?mode=...),
  // "postgres://" / "postgresql://" (libpq's URI form, every libpq parameter accepted).
  // Throws sql::error (sqlstate::invalid_parameter) for an unknown scheme. Connections are made
  // lazily on first use, so open() works before the server is up.
  static database open(std::string_view url, pool_options options = {});

  database() = default;
  dialect kind() const override;
  task<result> run(statement s) override;
  task<std::vector<result>> pipeline(std::vector<statement> batch) override;
  task<void> script(std::string sql) override;

  // Runs fn inside BEGIN ... COMMIT on one connection; rolls back and rethrows if fn throws.
  task<void> transaction(std::function<task<void>(sql::transaction&)> fn, transaction_options options = {});

  // A round trip to the server (SELECT 1); throws sql::error when it is unreachable.
  task<void> ping();
  pool_stats stats() const;
  // Closes idle connections on every loop; leased ones close when returned.
  void close();
  const std::string& url_redacted() const;  // the URL with any password replaced by ***

  explicit operator bool() const { return impl_ != nullptr; }

private:
  explicit database(std::shared_ptr<detail::database_impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<detail::database_impl> impl_;
};

class transaction final : public executor {
public:
  dialect kind() const override;
  task<result> run(statement s) override;
  task<std::vector<result>> pipeline(std::vector<statement> batch) override;
  task<void> script(std::string sql) override;
  // A nested transaction as a SAVEPOINT: released on return, rolled back to on throw.
  task<void> savepoint(std::function<task<void>(sql::transaction&)> fn);

  transaction(detail::connection& c, dialect d) : conn_(&c), dialect_(d) {}

private:
  detail::connection* conn_;
  dialect dialect_;
  int savepoints_ = 0;
};

}  // namespace strata::sql
