// SQLite result codes to SQLSTATEs (see errors.hpp).
#include <sqlite3.h>

#include <strata/sql/sqlite/errors.hpp>

namespace strata::sql::sqlite {

std::string sqlstate_for(int code, std::string_view message) {
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return std::string(sqlstate::unique_violation);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return std::string(sqlstate::foreign_key_violation);
    case SQLITE_CONSTRAINT_NOTNULL:
      return std::string(sqlstate::not_null_violation);
    case SQLITE_CONSTRAINT_CHECK:
      return std::string(sqlstate::check_violation);
    case SQLITE_CONSTRAINT_DATATYPE:
      return "22P02";  // a STRICT table refused the value
    default:
      break;
  }
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
      return "23000";
    // Another connection holds the write lock past busy_timeout, or a read snapshot went stale:
    // like PostgreSQL's serialization failures, running the transaction again may succeed.
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return std::string(sqlstate::serialization_failure);
    case SQLITE_READONLY:
      return "25006";
    case SQLITE_CANTOPEN:
      return std::string(sqlstate::connection_failure);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return "XX001";
    case SQLITE_IOERR:
      return "58030";
    case SQLITE_FULL:
      return "53100";
    case SQLITE_NOMEM:
      return "53200";
    case SQLITE_INTERRUPT:
      return "57014";
    case SQLITE_TOOBIG:
      return "54000";
    case SQLITE_RANGE:
      return "42P02";
    case SQLITE_MISMATCH:
      return "42804";
    case SQLITE_AUTH:
    case SQLITE_PERM:
      return "42501";
    case SQLITE_ERROR:
      break;
    default:
      return "XX000";
  }
  // SQLITE_ERROR covers every statement error; the message says which.
  if (message.find("no such table") != std::string_view::npos) return std::string(sqlstate::undefined_table);
  if (message.find("no such column") != std::string_view::npos) return "42703";
  if (message.find("no such function") != std::string_view::npos) return "42883";
  if (message.find("already exists") != std::string_view::npos) return "42P07";
  if (message.find("syntax error") != std::string_view::npos ||
      message.find("incomplete input") != std::string_view::npos ||
      message.find("unrecognized token") != std::string_view::npos)
    return std::string(sqlstate::syntax_error);
  return "42000";
}

bool is_fatal(int code) {
  switch (code & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_NOMEM:
      return true;
    default:
      return false;
  }
}

error last_error(sqlite3* db) {
  const int code = sqlite3_extended_errcode(db);
  const std::string message = sqlite3_errmsg(db);
  std::string constraint;
  // "UNIQUE constraint failed: users.email" names what was violated.
  if (auto p = message.find("constraint failed: "); p != std::string::npos) constraint = message.substr(p + 19);
  return error(sqlstate_for(code, message), "sqlite: " + message, {}, std::move(constraint));
}

}  // namespace strata::sql::sqlite
