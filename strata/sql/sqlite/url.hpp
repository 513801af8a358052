// sqlite: URLs into what sqlite3_open_v2 takes. Forms: sqlite:app.db, sqlite:relative/dir/app.db,
// sqlite:///abs/app.db, sqlite::memory:, sqlite:file:app.db?mode=ro, and any path with ?options
// (passed on as SQLite URI parameters: mode=ro, cache=..., immutable=1, ...).
#pragma once
#include <string>
#include <string_view>

namespace strata::sql::sqlite {

struct target {
  std::string filename;  // a path, or a file: URI
  int flags = 0;         // SQLITE_OPEN_*
  bool memory = false;   // an in-memory database, shared by the connections of one database object
};

// Throws sql::error (invalid_parameter) for an empty path.
target parse_url(std::string_view url);

}  // namespace strata::sql::sqlite
