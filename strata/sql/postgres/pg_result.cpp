// pg_result: rows of a PGresult in text format; error_from: libpq's error fields as sql::error.
#include <charconv>
#include <cstring>
#include <strata/sql/postgres/detail/connect.hpp>
#include <strata/sql/postgres/detail/pg_result.hpp>

namespace strata::sql::postgres::detail {

namespace {
// PQcmdTuples also counts rows for SELECT, FETCH, MOVE, COPY; result.hpp promises the rows changed.
bool changes_rows(const char* status) {
  for (const char* verb : {"INSERT ", "UPDATE ", "DELETE ", "MERGE "})
    if (std::strncmp(status, verb, std::strlen(verb)) == 0) return true;
  return false;
}
std::string field_of(const PGresult* r, int code) {
  const char* v = r ? PQresultErrorField(r, code) : nullptr;
  return v ? v : "";
}
}  // namespace

pg_result::pg_result(pg_result_ptr r)
    : res_(std::move(r)),
      rows_(static_cast<std::size_t>(PQntuples(res_.get()))),
      columns_(static_cast<std::size_t>(PQnfields(res_.get()))) {
  if (changes_rows(PQcmdStatus(res_.get()))) {
    std::string_view n = PQcmdTuples(res_.get());
    std::from_chars(n.data(), n.data() + n.size(), affected_);
  }
}

std::string_view pg_result::column_name(std::size_t column) const {
  const char* name = column < columns_ ? PQfname(res_.get(), static_cast<int>(column)) : nullptr;
  return name ? name : "";
}

cell pg_result::at(std::size_t row, std::size_t column) const {
  cell c;
  if (row >= rows_ || column >= columns_) return c;
  int r = static_cast<int>(row), f = static_cast<int>(column);
  c.type_oid = PQftype(res_.get(), f);
  if (PQgetisnull(res_.get(), r, f)) return c;
  c.k = cell::kind::text;
  c.bytes = std::string_view(PQgetvalue(res_.get(), r, f), static_cast<std::size_t>(PQgetlength(res_.get(), r, f)));
  return c;
}

sql::error connection_lost(const PGconn* conn) {
  return sql::error(std::string(sqlstate::connection_failure), "connection to PostgreSQL lost: " + last_error(conn));
}

sql::error error_from(const PGresult* r, const PGconn* conn) {
  std::string state = field_of(r, PG_DIAG_SQLSTATE);
  std::string message = field_of(r, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) message = r ? PQresultErrorMessage(r) : "";
  if (message.empty()) message = last_error(conn);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  if (PQstatus(conn) == CONNECTION_BAD || state.empty() || state.starts_with("57P")) {
    // Lost (or being lost: 57P01-03 are the server going away): the caller's answer is to retry
    // on another connection, which 08006 says.
    return sql::error(std::string(sqlstate::connection_failure), "connection to PostgreSQL lost: " + message,
                      field_of(r, PG_DIAG_MESSAGE_DETAIL));
  }
  return sql::error(std::move(state), std::move(message), field_of(r, PG_DIAG_MESSAGE_DETAIL),
                    field_of(r, PG_DIAG_CONSTRAINT_NAME));
}

}  // namespace strata::sql::postgres::detail
