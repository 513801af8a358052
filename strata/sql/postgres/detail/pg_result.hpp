// A PGresult seen through detail::result_data (cells point into libpq's memory: no copy), and the
// sql::error a failed PGresult stands for.
#pragma once
#include <strata/sql/error.hpp>
#include <strata/sql/postgres/detail/pg_handle.hpp>
#include <strata/sql/result.hpp>

namespace strata::sql::postgres::detail {

class pg_result final : public sql::detail::result_data {
 public:
  explicit pg_result(pg_result_ptr r);
  std::size_t rows() const override { return rows_; }
  std::size_t columns() const override { return columns_; }
  std::string_view column_name(std::size_t column) const override;
  cell at(std::size_t row, std::size_t column) const override;
  std::int64_t affected_rows() const override { return affected_; }

 private:
  pg_result_ptr res_;
  std::size_t rows_, columns_;
  std::int64_t affected_ = 0;
};

// The server's error in `r`: SQLSTATE, primary message, DETAIL and constraint name. A broken
// connection is reported as 08006 whatever the server said last (57P01 on pg_terminate_backend),
// since what callers must do about it is the same.
sql::error error_from(const PGresult* r, const PGconn* conn);

// 08006 with libpq's message for the connection.
sql::error connection_lost(const PGconn* conn);

}  // namespace strata::sql::postgres::detail
