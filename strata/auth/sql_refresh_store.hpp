// sql_refresh_store: refresh-token families in two SQL tables (SQLite or PostgreSQL through
// strata::sql), shared by every instance on one database. A rotation is one transaction whose
// conditional UPDATE (... WHERE used_at IS NULL) is the point where two racing requests part: the
// row lock lets one through and shows the other a used token.
//
//   auto store = std::make_shared<auth::sql_refresh_store>(db);
//   co_await store->create_table();                           // or, with migrations:
//   auth::sql_refresh_store::write_migration("migrations");   // then `strata migrate up`
#pragma once
#include <strata/auth/refresh_store.hpp>
#include <strata/sql/database.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace strata::auth {

struct sql_refresh_store_options {
  // The tables are <prefix>_families and <prefix>_tokens; letters, digits and underscores.
  std::string prefix = "strata_refresh";
};

class sql_refresh_store final : public refresh_store {
 public:
  explicit sql_refresh_store(sql::database db, sql_refresh_store_options options = {});

  task<void> create(refresh_family family, std::string token_hash, std::int64_t token_expires_ms) override;
  task<refresh_step> rotate(std::string old_hash, std::string new_hash, std::int64_t now_ms,
                            std::int64_t idle_ms) override;
  task<bool> revoke(std::string token_hash, std::int64_t now_ms) override;
  task<std::size_t> revoke_user(std::string user_id, std::int64_t now_ms) override;
  task<std::size_t> purge(std::int64_t now_ms) override;

  // CREATE TABLE IF NOT EXISTS ... and the indexes: for services that do not keep migrations.
  task<void> create_table();
  // The DDL (the same text for SQLite and PostgreSQL), idempotent.
  static std::string schema_sql(std::string_view prefix = "strata_refresh");
  // Adds NNNN_create_<prefix>.up.sql / .down.sql to a migrations folder (sql::migrator's layout);
  // the up file's path.
  static std::filesystem::path write_migration(const std::filesystem::path& dir,
                                               std::string_view prefix = "strata_refresh");

 private:
  sql::database db_;
  std::string prefix_, families_, tokens_;
};

}  // namespace strata::auth
