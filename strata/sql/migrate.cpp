// The migrator: reading the folder, the history table, and applying or reverting one migration
// per transaction under a lock.
#include <strata/sql/migrate.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

namespace strata::sql {

namespace {

namespace fs = std::filesystem;

bool is_identifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw migration_error("cannot read " + p.string());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!EVP_Digest(data.data(), data.size(), digest, &n, EVP_sha256(), nullptr))
    throw migration_error("SHA-256 failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < n; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

std::string now_iso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// "0001_create_users.up.sql" -> {1, "create_users", up}; nullopt for any other name.
struct parsed_name {
  std::int64_t version;
  std::string name;
  bool up;
};
std::optional<parsed_name> parse_name(const std::string& file) {
  bool up;
  std::string_view s = file;
  if (s.ends_with(".up.sql")) {
    up = true;
    s.remove_suffix(7);
  } else if (s.ends_with(".down.sql")) {
    up = false;
    s.remove_suffix(9);
  } else {
    return std::nullopt;
  }
  auto underscore = s.find('_');
  if (underscore == 0 || underscore == std::string_view::npos || underscore > 18) return std::nullopt;
  std::int64_t version = 0;
  auto digits = s.substr(0, underscore);
  auto r = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (r.ec != std::errc() || r.ptr != digits.data() + digits.size() || version <= 0) return std::nullopt;
  auto name = s.substr(underscore + 1);
  if (!is_identifier(name)) return std::nullopt;
  return parsed_name{version, std::string(name), up};
}

std::string label(std::int64_t version, std::string_view name) {
  std::string v = std::to_string(version);
  if (v.size() < 4) v.insert(0, 4 - v.size(), '0');
  return v + "_" + std::string(name);
}

}  // namespace

std::string_view to_string(migration_status::state s) {
  switch (s) {
    case migration_status::state::pending: return "pending";
    case migration_status::state::applied: return "applied";
    case migration_status::state::changed: return "changed";
    case migration_status::state::missing: return "missing";
  }
  return "unknown";
}

migrator::migrator(database db, fs::path dir, migrator_options options)
    : db_(std::move(db)), dir_(std::move(dir)), options_(std::move(options)) {
  if (!is_identifier(options_.table)) throw migration_error("migrations table name '" + options_.table + "' is not an identifier");
}

std::vector<migration_file> migrator::files() const {
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) throw migration_error("migrations folder " + dir_.string() + " does not exist");
  std::map<std::int64_t, migration_file> by_version;
  std::map<std::int64_t, fs::path> downs;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    if (!entry.is_regular_file()) continue;
    const auto file = entry.path().filename().string();
    if (!file.ends_with(".sql")) continue;  // READMEs and the like are not migrations
    auto parsed = parse_name(file);
    if (!parsed)
      throw migration_error("migration file '" + file + "' is not named NNNN_name.up.sql or NNNN_name.down.sql");
    if (!parsed->up) {
      if (!downs.emplace(parsed->version, entry.path()).second)
        throw migration_error("two down migrations have version " + std::to_string(parsed->version));
      continue;
    }
    migration_file m{parsed->version, parsed->name, entry.path(), {}, sha256_hex(read_file(entry.path()))};
    auto [it, inserted] = by_version.emplace(parsed->version, std::move(m));
    if (!inserted)
      throw migration_error("two migrations have version " + std::to_string(parsed->version) + ": " +
                            it->second.up.filename().string() + " and " + file);
  }
  for (auto& [version, path] : downs) {
    auto it = by_version.find(version);
    if (it == by_version.end())
      throw migration_error("down migration " + path.filename().string() + " has no up migration");
    if (parse_name(path.filename().string())->name != it->second.name)
      throw migration_error("down migration " + path.filename().string() + " does not match " +
                            it->second.up.filename().string());
    it->second.down = path;
  }
  std::vector<migration_file> out;
  for (auto& [v, m] : by_version) out.push_back(std::move(m));
  return out;
}

task<void> migrator::lock_and_prepare(transaction& tx) {
  // One migrator at a time per database and table, held until this transaction ends. SQLite's
  // BEGIN IMMEDIATE (the driver's write transaction) already excludes other writers.
  if (tx.kind() == dialect::postgres)
    co_await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", "strata.migrate." + options_.table);
  co_await tx.script("CREATE TABLE IF NOT EXISTS " + options_.table +
                     " (version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL,"
                     " applied_at TEXT NOT NULL)");
}

task<std::vector<migrator::applied_row>> migrator::applied(executor& ex) {
  auto r = co_await ex.query("SELECT version, name, checksum, applied_at FROM " + options_.table + " ORDER BY version");
  std::vector<applied_row> rows;
  for (auto row : r)
    rows.push_back({row.get<std::int64_t>(0), row.get<std::string>(1), row.get<std::string>(2), row.get<std::string>(3)});
  co_return rows;
}

task<std::vector<migration_status>> migrator::status() {
  auto files = this->files();
  std::vector<applied_row> rows;
  co_await db_.transaction([&](transaction& tx) -> task<void> {
    co_await lock_and_prepare(tx);
    rows = co_await applied(tx);
  });
  std::map<std::int64_t, migration_status> out;
  for (const auto& f : files) out[f.version] = {f.version, f.name, migration_status::state::pending, {}};
  for (const auto& r : rows) {
    auto it = out.find(r.version);
    if (it == out.end()) {
      out[r.version] = {r.version, r.name, migration_status::state::missing, r.applied_at};
      continue;
    }
    const auto& file = *std::find_if(files.begin(), files.end(), [&](auto& f) { return f.version == r.version; });
    it->second.st = file.checksum == r.checksum ? migration_status::state::applied : migration_status::state::changed;
    it->second.applied_at = r.applied_at;
  }
  std::vector<migration_status> list;
  for (auto& [v, s] : out) list.push_back(std::move(s));
  co_return list;
}

task<std::vector<std::int64_t>> migrator::up(std::optional<std::int64_t> target) {
  auto files = this->files();
  // The history must match the folder before anything runs.
  for (const auto& s : co_await status()) {
    if (s.st == migration_status::state::changed)
      throw migration_error("migration " + label(s.version, s.name) +
                            " was changed after it was applied (its checksum differs); write a new migration instead");
    if (s.st == migration_status::state::missing)
      throw migration_error("migration " + label(s.version, s.name) + " was applied but its file is missing from " +
                            dir_.string());
  }
  std::vector<std::int64_t> done;
  for (const auto& f : files) {
    if (target && f.version > *target) break;
    const std::string sql = read_file(f.up);
    co_await db_.transaction([&](transaction& tx) -> task<void> {
      co_await lock_and_prepare(tx);
      // Re-read under the lock: another instance may have applied it meanwhile.
      auto r = co_await tx.query("SELECT checksum FROM " + options_.table + " WHERE version = $1", f.version);
      if (!r.empty()) {
        if (r[0].get<std::string>(0) != f.checksum)
          throw migration_error("migration " + label(f.version, f.name) + " was applied with different contents");
        co_return;
      }
      try {
        co_await tx.script(sql);
      } catch (const error& e) {
        throw migration_error("migration " + label(f.version, f.name) + " failed: " + e.what());
      }
      co_await tx.query("INSERT INTO " + options_.table + " (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
                        f.version, f.name, f.checksum, now_iso());
      done.push_back(f.version);
    });
  }
  co_return done;
}

task<std::vector<std::int64_t>> migrator::down(std::size_t steps) {
  auto files = this->files();
  std::vector<std::int64_t> done;
  for (std::size_t i = 0; i < steps; ++i) {
    bool nothing_left = false;
    co_await db_.transaction([&](transaction& tx) -> task<void> {
      co_await lock_and_prepare(tx);
      auto r = co_await tx.query("SELECT version, name FROM " + options_.table + " ORDER BY version DESC LIMIT 1");
      if (r.empty()) {
        nothing_left = true;
        co_return;
      }
      const auto version = r[0].get<std::int64_t>(0);
      const auto name = r[0].get<std::string>(1);
      auto f = std::find_if(files.begin(), files.end(), [&](auto& m) { return m.version == version; });
      if (f == files.end() || f->down.empty())
        throw migration_error("migration " + label(version, name) + " has no .down.sql file to revert it with");
      try {
        co_await tx.script(read_file(f->down));
      } catch (const error& e) {
        throw migration_error("reverting migration " + label(version, name) + " failed: " + e.what());
      }
      co_await tx.query("DELETE FROM " + options_.table + " WHERE version = $1", version);
      done.push_back(version);
    });
    if (nothing_left) break;
  }
  co_return done;
}

fs::path migrator::create(const fs::path& dir, std::string_view name) {
  if (!is_identifier(name)) throw migration_error("migration name '" + std::string(name) + "' must be letters, digits and underscores");
  fs::create_directories(dir);
  std::int64_t next = 1;
  for (const auto& entry : fs::directory_iterator(dir))
    if (auto p = parse_name(entry.path().filename().string())) next = std::max(next, p->version + 1);
  const auto base = label(next, name);
  auto up = dir / (base + ".up.sql");
  auto down = dir / (base + ".down.sql");
  std::ofstream(up) << "-- " << base << ": applied by `strata migrate up`\n";
  std::ofstream(down) << "-- " << base << ": reverts the up migration (`strata migrate down`)\n";
  return up;
}

}  // namespace strata::sql
