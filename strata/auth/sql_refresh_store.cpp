// Refresh-token families in SQL (see sql_refresh_store.hpp).
#include <strata/auth/sql_refresh_store.hpp>
#include <strata/sql/migrate.hpp>

#include <algorithm>
#include <fstream>
#include <optional>
#include <stdexcept>

namespace strata::auth {
namespace {

bool is_identifier(std::string_view s) {
  // 63 is PostgreSQL's limit; the longest name made from it is "<prefix>_families_user_id".
  if (s.empty() || s.size() > 40 || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

std::string checked(std::string_view prefix) {
  if (!is_identifier(prefix))
    throw std::invalid_argument("sql_refresh_store: prefix '" + std::string(prefix) +
                                "' must be at most 40 letters, digits and underscores");
  return std::string(prefix);
}

}  // namespace

sql_refresh_store::sql_refresh_store(sql::database db, sql_refresh_store_options options)
    : db_(std::move(db)),
      prefix_(checked(options.prefix)),
      families_(prefix_ + "_families"),
      tokens_(prefix_ + "_tokens") {}

std::string sql_refresh_store::schema_sql(std::string_view prefix) {
  const std::string f = checked(prefix) + "_families", t = std::string(prefix) + "_tokens";
  // Times are unix ms in bigints: one form on both engines, and the arithmetic stays in C++.
  // Tokens are their SHA-256 in hex. Revoked families stay until expires_at, so a token stolen
  // from one still reads as reused, not as unknown.
  return "CREATE TABLE IF NOT EXISTS " + f +
         " (\n"
         "  id text PRIMARY KEY,\n"
         "  user_id text NOT NULL,\n"
         "  meta text NOT NULL,\n"
         "  created_at bigint NOT NULL,\n"
         "  expires_at bigint NOT NULL,\n"
         "  revoked_at bigint\n"
         ");\n"
         "CREATE INDEX IF NOT EXISTS " +
         f + "_user_id ON " + f +
         " (user_id);\n"
         "CREATE INDEX IF NOT EXISTS " +
         f + "_expires_at ON " + f +
         " (expires_at);\n"
         "CREATE TABLE IF NOT EXISTS " +
         t +
         " (\n"
         "  hash text PRIMARY KEY,\n"
         "  family_id text NOT NULL REFERENCES " +
         f +
         " (id) ON DELETE CASCADE,\n"
         "  expires_at bigint NOT NULL,\n"
         "  used_at bigint\n"
         ");\n"
         "CREATE INDEX IF NOT EXISTS " +
         t + "_family_id ON " + t + " (family_id);\n";
}

std::filesystem::path sql_refresh_store::write_migration(const std::filesystem::path& dir, std::string_view prefix) {
  const std::string p = checked(prefix);
  auto up = sql::migrator::create(dir, "create_" + p);
  std::string name = up.filename().string();
  name.replace(name.size() - std::string_view(".up.sql").size(), std::string::npos, ".down.sql");
  const auto down = up.parent_path() / name;
  std::ofstream(up, std::ios::app) << "-- refresh-token families (strata::auth::sql_refresh_store)\n" << schema_sql(p);
  std::ofstream(down, std::ios::app) << "DROP TABLE IF EXISTS " << p << "_tokens;\nDROP TABLE IF EXISTS " << p
                                     << "_families;\n";
  return up;
}

task<void> sql_refresh_store::create_table() {
  co_await db_.script(schema_sql(prefix_));
}

task<void> sql_refresh_store::create(refresh_family family, std::string token_hash, std::int64_t token_expires_ms) {
  co_await db_.transaction([&](sql::transaction& tx) -> task<void> {
    co_await tx.query(
        "INSERT INTO " + families_ + " (id, user_id, meta, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        family.id, family.user_id, family.meta, family.created_ms, family.expires_ms);
    co_await tx.query("INSERT INTO " + tokens_ + " (hash, family_id, expires_at) VALUES ($1, $2, $3)", token_hash,
                      family.id, token_expires_ms);
  });
}

task<refresh_step> sql_refresh_store::rotate(std::string old_hash, std::string new_hash, std::int64_t now_ms,
                                             std::int64_t idle_ms) {
  refresh_step step;
  co_await db_.transaction([&](sql::transaction& tx) -> task<void> {
    auto r = co_await tx.query(
        "SELECT f.id, f.user_id, f.meta, f.created_at, f.expires_at, f.revoked_at, t.used_at,"
        " t.expires_at FROM " +
            tokens_ + " t JOIN " + families_ + " f ON f.id = t.family_id WHERE t.hash = $1",
        old_hash);
    if (r.empty()) co_return;
    const auto row = r[0];
    step.family.id = row.get<std::string>(0);
    step.family.user_id = row.get<std::string>(1);
    step.family.meta = row.get<std::string>(2);
    step.family.created_ms = row.get<std::int64_t>(3);
    step.family.expires_ms = row.get<std::int64_t>(4);
    const bool revoked = row.get<std::optional<std::int64_t>>(5).has_value();
    bool used = row.get<std::optional<std::int64_t>>(6).has_value();
    const auto token_expires = row.get<std::int64_t>(7);
    if (step.family.expires_ms <= now_ms) {
      step.status = refresh_status::expired;
      co_return;
    }
    if (!used && !revoked && token_expires > now_ms) {
      // The race is decided here: a concurrent rotation that got the row first leaves it used.
      auto u = co_await tx.query("UPDATE " + tokens_ + " SET used_at = $2 WHERE hash = $1 AND used_at IS NULL",
                                 old_hash, now_ms);
      if (u.affected_rows() == 1) {
        step.token_expires_ms = std::min(now_ms + idle_ms, step.family.expires_ms);
        co_await tx.query("INSERT INTO " + tokens_ + " (hash, family_id, expires_at) VALUES ($1, $2, $3)", new_hash,
                          step.family.id, step.token_expires_ms);
        step.status = refresh_status::ok;
        co_return;
      }
      used = true;
    }
    if (used) {
      co_await tx.query("UPDATE " + families_ + " SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
                        step.family.id, now_ms);
      step.status = refresh_status::reused;
    } else {
      step.status = revoked ? refresh_status::revoked : refresh_status::expired;
    }
  });
  co_return step;
}

task<bool> sql_refresh_store::revoke(std::string token_hash, std::int64_t now_ms) {
  auto r = co_await db_.query("UPDATE " + families_ +
                                  " SET revoked_at = $2 WHERE revoked_at IS NULL AND id = "
                                  "(SELECT family_id FROM " +
                                  tokens_ + " WHERE hash = $1)",
                              token_hash, now_ms);
  co_return r.affected_rows() > 0;
}

task<std::size_t> sql_refresh_store::revoke_user(std::string user_id, std::int64_t now_ms) {
  auto r = co_await db_.query(
      "UPDATE " + families_ + " SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2",
      user_id, now_ms);
  co_return static_cast<std::size_t>(r.affected_rows());
}

task<std::size_t> sql_refresh_store::purge(std::int64_t now_ms) {
  std::size_t n = 0;
  co_await db_.transaction([&](sql::transaction& tx) -> task<void> {
    co_await tx.query(
        "DELETE FROM " + tokens_ + " WHERE family_id IN (SELECT id FROM " + families_ + " WHERE expires_at <= $1)",
        now_ms);
    auto r = co_await tx.query("DELETE FROM " + families_ + " WHERE expires_at <= $1", now_ms);
    n = static_cast<std::size_t>(r.affected_rows());
  });
  co_return n;
}

}  // namespace strata::auth
