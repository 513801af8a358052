// The contract between sql::database (pools, transactions) and a backend (sqlite, postgres).
#pragma once
#include <strata/core/task.hpp>
#include <strata/sql/database.hpp>

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace strata::sql::detail {

// One open connection. Used by one coroutine at a time (the pool leases it), always from the loop
// that made it.
class connection {
public:
  virtual ~connection() = default;
  // Runs the statements in order; PostgreSQL sends them as one pipeline (one round trip).
  // Returns every result, or throws sql::error for the first that failed.
  virtual task<std::vector<result>> run(std::span<const statement> batch) = 0;
  // Several statements without parameters, as executor::script; throws the first failure.
  virtual task<void> run_script(std::string_view sql) = 0;
  // False once the connection is known broken (lost socket, fatal error); the pool drops it.
  virtual bool healthy() const = 0;
};

class driver {
public:
  virtual ~driver() = default;
  virtual dialect kind() const = 0;
  // Opens a connection on the calling coroutine's loop; throws sql::error (08006) on failure.
  virtual task<std::unique_ptr<connection>> connect() = 0;
  // The statement that opens a transaction with these options ("BEGIN ISOLATION LEVEL ...",
  // "BEGIN IMMEDIATE").
  virtual std::string begin_statement(const transaction_options& options) const = 0;
  // True when a connection takes batches from several coroutines at once (PostgreSQL's pipeline):
  // the pool then shares connections between statements outside transactions.
  virtual bool multiplexed() const { return false; }
};

std::unique_ptr<driver> make_sqlite_driver(std::string_view url, const pool_options& options);
std::unique_ptr<driver> make_postgres_driver(std::string_view url, const pool_options& options);

}  // namespace strata::sql::detail
