// sql::error: every database failure, carrying the SQLSTATE (PostgreSQL's own, or the equivalent
// for SQLite and for Strata's conditions), and mapped to an HTTP status when a handler lets it
// escape: unique/foreign-key violations 409, bad input 400/422, unavailable 503, else 500.
#pragma once
#include <strata/core/mapped_error.hpp>

#include <string>
#include <string_view>

namespace strata::sql {

// SQLSTATEs Strata raises itself (PostgreSQL's classes where one fits).
namespace sqlstate {
inline constexpr std::string_view unique_violation = "23505";
inline constexpr std::string_view foreign_key_violation = "23503";
inline constexpr std::string_view not_null_violation = "23502";
inline constexpr std::string_view check_violation = "23514";
inline constexpr std::string_view serialization_failure = "40001";
inline constexpr std::string_view deadlock_detected = "40P01";
inline constexpr std::string_view connection_failure = "08006";  // lost or never made
inline constexpr std::string_view pool_timeout = "08P01";         // no connection within acquire_timeout (Strata's)
inline constexpr std::string_view data_exception = "22000";       // a value that does not decode into the type asked
inline constexpr std::string_view syntax_error = "42601";
inline constexpr std::string_view undefined_table = "42P01";
inline constexpr std::string_view invalid_parameter = "22023";    // bad URL or option
}  // namespace sqlstate

class error : public mapped_error {
public:
  error(std::string sqlstate, std::string message, std::string detail = {}, std::string constraint = {})
      : mapped_error(message), sqlstate_(std::move(sqlstate)), detail_(std::move(detail)),
        constraint_(std::move(constraint)) {}

  const std::string& sqlstate() const { return sqlstate_; }
  const std::string& detail() const { return detail_; }          // the server's DETAIL, if any
  const std::string& constraint() const { return constraint_; }  // the violated constraint, if known

  bool is_unique_violation() const { return sqlstate_ == sqlstate::unique_violation; }
  bool is_connection_error() const { return sqlstate_.starts_with("08"); }
  // Serialization failures and deadlocks: running the transaction again may succeed.
  bool is_retryable() const {
    return sqlstate_ == sqlstate::serialization_failure || sqlstate_ == sqlstate::deadlock_detected;
  }

  int http_status() const noexcept override;
  std::string problem_title() const override;
  bool expose_detail() const noexcept override;

private:
  std::string sqlstate_;
  std::string detail_;
  std::string constraint_;
};

}  // namespace strata::sql
