// Field access by position and by column name, and the single value of scalar().
#include <strata/sql/error.hpp>
#include <strata/sql/result.hpp>

namespace strata::sql {

field row::operator[](std::size_t column) const {
  if (column >= data_->columns())
    throw error("42703", "sql: column " + std::to_string(column) + " is out of range (the result has " +
                             std::to_string(data_->columns()) + ")");
  return field(data_->at(index_, column), data_->column_name(column));
}

// A linear scan: results have a handful of columns, and a map per result would cost more.
field row::operator[](std::string_view column) const {
  const std::size_t n = data_->columns();
  for (std::size_t i = 0; i < n; ++i)
    if (data_->column_name(i) == column) return field(data_->at(index_, i), data_->column_name(i));
  throw error("42703", "sql: the result has no column \"" + std::string(column) + "\"");
}

field result::single_cell() const {
  if (columns() != 1)
    throw error("21000", "sql: scalar() needs one column, the result has " + std::to_string(columns()));
  if (size() != 1) throw error("21000", "sql: scalar() needs one row, the result has " + std::to_string(size()));
  return (*this)[0][0];
}

}  // namespace strata::sql
