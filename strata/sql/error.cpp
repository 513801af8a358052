// How an escaped sql::error becomes an HTTP answer: conflicts 409, rejected input 422, an
// unavailable or overloaded database 503 (the client may retry), anything else 500.
#include <strata/sql/error.hpp>

namespace strata::sql {

int error::http_status() const noexcept {
  const std::string& s = sqlstate_;
  if (s == sqlstate::unique_violation || s == sqlstate::foreign_key_violation) return 409;
  if (s == sqlstate::not_null_violation || s == sqlstate::check_violation) return 422;
  // Class 22 is bad data sent by the client (an invalid number, a value out of range), except
  // 22000 itself, which Strata raises when the code asks for the wrong C++ type: a server bug.
  if (s.starts_with("22") && s != sqlstate::data_exception) return 422;
  // Connections lost or never made, the pool exhausted (08P01), the server shutting down or
  // starting up, and transactions the server aborted to keep them serializable: try again later.
  if (s.starts_with("08") || s == "57P01" || s == "57P03" || is_retryable()) return 503;
  return 500;
}

std::string error::problem_title() const {
  switch (http_status()) {
    case 409:
      return "Conflict";
    case 422:
      return "Unprocessable Content";
    case 503:
      return "Service Unavailable";
    default:
      return "Internal Server Error";
  }
}

// Conflicts and rejected values are the client's business ("UNIQUE constraint failed:
// users.email"); other messages may carry SQL text, host names or internals.
bool error::expose_detail() const noexcept {
  const int status = http_status();
  return status == 409 || status == 422;
}

}  // namespace strata::sql
