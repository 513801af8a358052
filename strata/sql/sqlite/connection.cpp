// An SQLite connection on its own thread (see connection.hpp).
#include <sqlite3.h>

#include <strata/core/offload.hpp>
#include <strata/sql/sqlite/connection.hpp>
#include <strata/sql/sqlite/errors.hpp>
#include <strata/sql/sqlite/execute.hpp>

namespace strata::sql::sqlite {

connection::connection(std::size_t statement_cache_size) : cache_(statement_cache_size) {}

connection::~connection() {
  // Statements are finalized and the database closed on the thread that used them.
  boost::asio::post(worker_, [this] {
    cache_.clear();
    sqlite3_close_v2(db_);
    db_ = nullptr;
  });
  worker_.join();
}

task<void> connection::open(const target& t, std::chrono::milliseconds busy_timeout) {
  co_await offload(worker_, [this, &t, busy_timeout] {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(t.filename.c_str(), &db, t.flags, nullptr);
    if (rc != SQLITE_OK) {
      const std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
      sqlite3_close_v2(db);
      throw error(std::string(sqlstate::connection_failure), "sqlite: cannot open " + t.filename + ": " + message);
    }
    db_ = db;
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
    if (sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr) != SQLITE_OK) throw last_error(db);
    // WAL lets readers run beside the writer. It cannot be set on read-only files or memdb, which
    // then keep their journal mode, so failure here is not an error. synchronous=NORMAL is safe
    // with WAL (a power loss may drop the last commits, never corrupt the file).
    sqlite3_exec(db, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "PRAGMA synchronous = NORMAL", nullptr, nullptr, nullptr);
    // Touch the file now, so a path that is not a database fails the connect, not the first query.
    if (sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) != SQLITE_OK) {
      auto e = last_error(db);
      throw error(std::string(sqlstate::connection_failure), e.what());
    }
    return true;
  });
}

task<std::vector<result>> connection::run(std::span<const statement> batch) {
  co_return co_await offload(worker_, [this, batch] {
    std::vector<result> out;
    out.reserve(batch.size());
    try {
      for (const auto& s : batch) out.push_back(execute(db_, cache_, s));
    } catch (const error&) {
      if (is_fatal(sqlite3_extended_errcode(db_))) healthy_.store(false, std::memory_order_relaxed);
      throw;
    }
    return out;
  });
}

task<void> connection::run_script(std::string_view sql) {
  // execute() runs every statement of a multi-statement text (uncached), which is a script.
  statement s{std::string(sql), {}};
  co_await run(std::span<const statement>(&s, 1));
}

}  // namespace strata::sql::sqlite
