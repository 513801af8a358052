// Connecting to PostgreSQL without blocking the loop: the URL's parameters plus the session
// settings Strata relies on, and PQconnectPoll driven by the loop's reactor under a deadline.
#pragma once
#include <chrono>
#include <strata/core/task.hpp>
#include <strata/sql/postgres/detail/pg_handle.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace strata::sql::postgres::detail {

// libpq keyword/value pairs, ready for PQconnectStartParams.
class conninfo {
 public:
  // Parses a postgres:// URI or a "key=value ..." string; throws sql::error (22023) when libpq
  // rejects it. Forces client_encoding UTF8 and TimeZone UTC (timestamptz text is then +00),
  // DateStyle ISO and bytea_output hex, which decoding expects; the URL's own options are kept.
  explicit conninfo(std::string_view url);
  // The pointer arrays point into the strings: a copy would point into the original.
  conninfo(const conninfo&) = delete;
  conninfo& operator=(const conninfo&) = delete;
  conninfo(conninfo&&) = default;

  const char* const* keywords() const { return keyword_ptrs_.data(); }
  const char* const* values() const { return value_ptrs_.data(); }
  std::string_view get(std::string_view keyword) const;

 private:
  void set(std::string_view keyword, std::string value);
  void finish();
  std::vector<std::string> keys_, vals_;
  std::vector<const char*> keyword_ptrs_, value_ptrs_;  // null-terminated views of keys_, vals_
};

// Opens a connection on the calling coroutine's loop: non-blocking, with `socket` watching its
// descriptor. A host name is resolved through Asio first (libpq would block the loop in
// getaddrinfo). Throws sql::error (08006) on failure or when `timeout` passes first.
task<pg_conn_ptr> connect(const conninfo& info, std::chrono::milliseconds timeout, pg_socket& socket);

// libpq's last error message for `conn`, without the trailing newline.
std::string last_error(const PGconn* conn);

}  // namespace strata::sql::postgres::detail
