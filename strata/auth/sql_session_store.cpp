#include <strata/auth/sql_session_store.hpp>
#include <strata/sql/migrate.hpp>

#include <fstream>
#include <stdexcept>

namespace strata::auth {
namespace {

bool is_identifier(std::string_view s) {
  if (s.empty() || s.size() > 63 || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

std::string checked(std::string_view table) {
  if (!is_identifier(table))
    throw std::invalid_argument("sql_session_store: table name '" + std::string(table) +
                                "' must be letters, digits and underscores");
  return std::string(table);
}

std::int64_t system_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

sql_session_store::sql_session_store(sql::database db, sql_session_store_options options)
    : db_(std::move(db)), options_(std::move(options)) {
  options_.table = checked(options_.table);
  if (!options_.clock) options_.clock = system_ms;
}

std::string sql_session_store::schema_sql(std::string_view table) {
  const std::string t = checked(table);
  // id is the SHA-256 of the session id (base64url); user_id NULL while anonymous. Integers for
  // times: one form on both engines, and the session layer works in unix ms anyway.
  return "CREATE TABLE IF NOT EXISTS " + t +
         " (\n"
         "  id text PRIMARY KEY,\n"
         "  user_id text,\n"
         "  data text NOT NULL,\n"
         "  expires_at bigint NOT NULL\n"
         ");\n"
         "CREATE INDEX IF NOT EXISTS " + t + "_user_id ON " + t + " (user_id);\n"
         "CREATE INDEX IF NOT EXISTS " + t + "_expires_at ON " + t + " (expires_at);\n";
}

std::filesystem::path sql_session_store::write_migration(const std::filesystem::path& dir, std::string_view table) {
  const std::string t = checked(table);
  auto up = sql::migrator::create(dir, "create_" + t);
  std::string name = up.filename().string();
  name.replace(name.size() - std::string_view(".up.sql").size(), std::string::npos, ".down.sql");
  const auto down = up.parent_path() / name;
  std::ofstream(up, std::ios::app) << "-- server-side sessions (strata::auth::sql_session_store)\n" << schema_sql(t);
  std::ofstream(down, std::ios::app) << "DROP TABLE IF EXISTS " << t << ";\n";
  return up;
}

task<void> sql_session_store::create_table() { co_await db_.script(schema_sql(options_.table)); }

task<std::optional<stored_session>> sql_session_store::load(std::string key) {
  const auto now = options_.clock();
  auto r = co_await db_.query("SELECT data, user_id, expires_at FROM " + options_.table +
                                  " WHERE id = $1 AND expires_at > $2",
                              key, now);
  if (r.empty()) co_return std::nullopt;
  stored_session s;
  s.data = r[0].get<std::string>(0);
  s.user_id = r[0].get<std::optional<std::string>>(1).value_or("");
  s.expires_ms = r[0].get<std::int64_t>(2);
  co_return s;
}

task<void> sql_session_store::save(std::string key, stored_session session, std::chrono::milliseconds ttl) {
  std::optional<std::string> user;
  if (!session.user_id.empty()) user = session.user_id;
  co_await db_.query("INSERT INTO " + options_.table +
                         " (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4)"
                         " ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, data = excluded.data,"
                         " expires_at = excluded.expires_at",
                     key, user, session.data, session.expires_ms);
  co_await prune_if_due();
}

task<bool> sql_session_store::update(std::string key, stored_session session, std::chrono::milliseconds) {
  auto r = co_await db_.query("UPDATE " + options_.table + " SET data = $2, expires_at = $3 WHERE id = $1 AND expires_at > $4",
                              key, session.data, session.expires_ms, options_.clock());
  co_return r.affected_rows() > 0;
}

task<void> sql_session_store::destroy(std::string key, std::string) {
  co_await db_.query("DELETE FROM " + options_.table + " WHERE id = $1", key);
}

task<std::size_t> sql_session_store::destroy_user(std::string user_id) {
  auto r = co_await db_.query("DELETE FROM " + options_.table + " WHERE user_id = $1", user_id);
  co_return static_cast<std::size_t>(r.affected_rows());
}

task<std::size_t> sql_session_store::prune() {
  auto r = co_await db_.query("DELETE FROM " + options_.table + " WHERE expires_at <= $1", options_.clock());
  co_return static_cast<std::size_t>(r.affected_rows());
}

task<void> sql_session_store::prune_if_due() {
  const auto now = options_.clock();
  auto due = next_prune_ms_.load(std::memory_order_relaxed);
  // One caller per interval claims the prune; the others go on at once.
  if (now < due || !next_prune_ms_.compare_exchange_strong(due, now + options_.prune_interval.count())) co_return;
  co_await prune();
}

}  // namespace strata::auth
