// SQLite result codes as sql::error with the SQLSTATE PostgreSQL would give, so callers handle
// one set of codes (a unique violation is 23505 on both).
#pragma once
#include <strata/sql/error.hpp>

struct sqlite3;

namespace strata::sql::sqlite {

// The error of the last failed call on `db` (extended result codes on).
error last_error(sqlite3* db);
// The SQLSTATE for an extended result code; `message` tells SQLITE_ERROR's causes apart.
std::string sqlstate_for(int extended_code, std::string_view message);
// Codes after which the connection should not be used again.
bool is_fatal(int extended_code);

}  // namespace strata::sql::sqlite
