// sql_session_store: sessions in a SQL table (SQLite or PostgreSQL through strata::sql), shared by
// every instance on one database. Expired rows are ignored when read and deleted now and then
// by the store itself (an indexed DELETE on a save, at most once per prune_interval).
//
//   auto store = std::make_shared<auth::sql_session_store>(db);
//   co_await store->create_table();                       // or, with migrations:
//   auth::sql_session_store::write_migration("migrations");  // then `strata migrate up`
#pragma once
#include <strata/auth/session_store.hpp>
#include <strata/sql/database.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace strata::auth {

struct sql_session_store_options {
  std::string table = "strata_sessions";  // letters, digits and underscores
  std::chrono::milliseconds prune_interval{std::chrono::minutes(10)};
  std::function<std::int64_t()> clock;  // unix ms; default the system clock
};

class sql_session_store final : public session_store {
public:
  explicit sql_session_store(sql::database db, sql_session_store_options options = {});

  task<std::optional<stored_session>> load(std::string key) override;
  task<void> save(std::string key, stored_session session, std::chrono::milliseconds ttl) override;
  task<bool> update(std::string key, stored_session session, std::chrono::milliseconds ttl) override;
  task<void> destroy(std::string key, std::string user_id) override;
  task<std::size_t> destroy_user(std::string user_id) override;

  // Deletes expired rows now; how many.
  task<std::size_t> prune();
  // CREATE TABLE IF NOT EXISTS ... and its indexes: for services that do not keep migrations.
  task<void> create_table();

  // The table's DDL (the same text for SQLite and PostgreSQL), idempotent.
  static std::string schema_sql(std::string_view table = "strata_sessions");
  // Adds NNNN_create_<table>.up.sql / .down.sql to a migrations folder (sql::migrator's layout);
  // the up file's path.
  static std::filesystem::path write_migration(const std::filesystem::path& dir,
                                               std::string_view table = "strata_sessions");

private:
  task<void> prune_if_due();
  sql::database db_;
  sql_session_store_options options_;
  std::atomic<std::int64_t> next_prune_ms_{0};
};

}  // namespace strata::auth
