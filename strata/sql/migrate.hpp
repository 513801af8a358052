// Versioned SQL migrations: files migrations/NNNN_name.up.sql (and .down.sql) applied in order,
// each in its own transaction, recorded with a checksum in the strata_migrations table.
//
//   sql::migrator m(db, "migrations");
//   co_await m.up();          // every pending migration; returns the versions applied
//
// Several instances starting at once apply each migration exactly once: every step takes a
// lock first (PostgreSQL: a transaction-scoped advisory lock; SQLite: BEGIN IMMEDIATE) and
// re-reads what is applied under it. A migration changed after it was applied is an error,
// never a silent re-run.
#pragma once
#include <strata/core/task.hpp>
#include <strata/sql/database.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace strata::sql {

// A bad migrations folder or history: the message says which file or version and why.
class migration_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct migration_file {
  std::int64_t version = 0;
  std::string name;               // "create_users" of 0001_create_users.up.sql
  std::filesystem::path up;       // always present
  std::filesystem::path down;     // empty when there is no .down.sql
  std::string checksum;           // SHA-256 of the up file, hex
};

struct migration_status {
  enum class state { pending, applied, changed, missing };  // missing: applied, but no file now
  std::int64_t version = 0;
  std::string name;
  state st = state::pending;
  std::string applied_at;  // ISO-8601 UTC, empty when pending
};
std::string_view to_string(migration_status::state s);

struct migrator_options {
  std::string table = "strata_migrations";
};

class migrator {
public:
  migrator(database db, std::filesystem::path dir, migrator_options options = {});

  // The folder's migrations in version order; throws migration_error for a file name that does not
  // follow NNNN_name.up.sql / .down.sql, two files with one version, or a .down.sql without .up.sql.
  std::vector<migration_file> files() const;

  task<std::vector<migration_status>> status();
  // Applies pending migrations in version order, up to and including `target` when given. Throws
  // migration_error before applying anything when an applied migration changed or vanished.
  task<std::vector<std::int64_t>> up(std::optional<std::int64_t> target = std::nullopt);
  // Reverts the last `steps` applied migrations with their .down.sql files.
  task<std::vector<std::int64_t>> down(std::size_t steps = 1);

  // Writes NNNN_name.up.sql and .down.sql (NNNN: one past the highest version, 4 digits at least)
  // and returns the up file's path. `name` must be letters, digits and underscores.
  static std::filesystem::path create(const std::filesystem::path& dir, std::string_view name);

private:
  struct applied_row {
    std::int64_t version;
    std::string name, checksum, applied_at;
  };
  task<void> lock_and_prepare(transaction& tx);
  task<std::vector<applied_row>> applied(executor& ex);

  database db_;
  std::filesystem::path dir_;
  migrator_options options_;
};

}  // namespace strata::sql
