// Rows to described structs and fields to parameters. Result columns are matched by name once
// per result (not per row); a model field the result lacks keeps its default value.
#pragma once
#include <strata/orm/model.hpp>
#include <strata/sql/error.hpp>
#include <strata/sql/result.hpp>
#include <strata/sql/value.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace strata::orm {
namespace detail {

// For each name, its column index in r, or -1.
std::vector<int> column_positions(const sql::result& r, const std::vector<std::string>& names);
// Adds the table and column to a decoding error, so a mismatch names what it was decoding.
[[noreturn]] void rethrow_decode_error(const sql::error& e, const std::string& table, const std::string& column);

template <class V>
sql::param field_param(const V& v) {
  using sql::to_param;  // and any to_param a user declares beside their own types (ADL)
  return to_param(v);
}

template <class T>
T from_row(const sql::row& row, const std::vector<int>& positions) {
  T obj{};
  std::size_t i = 0;
  boost::mp11::mp_for_each<members<T>>([&](auto d) {
    if (int p = positions[i]; p >= 0) {
      using sql::decode;
      try {
        decode(row[static_cast<std::size_t>(p)].raw(), obj.*d.pointer);
      } catch (const sql::error& e) {
        rethrow_decode_error(e, model<T>().table, model<T>().columns[i]);
      }
    }
    ++i;
  });
  return obj;
}

// Every field's parameter, in model order.
template <class T>
std::vector<sql::param> to_params(const T& obj) {
  std::vector<sql::param> out;
  boost::mp11::mp_for_each<members<T>>([&](auto d) { out.push_back(field_param(obj.*d.pointer)); });
  return out;
}

}  // namespace detail

// Maps every row of a result (from the ORM or from hand-written SQL) to T by column name.
template <class T>
std::vector<T> rows_as(const sql::result& r) {
  auto positions = detail::column_positions(r, model<T>().columns);
  std::vector<T> out;
  out.reserve(r.size());
  for (auto row : r) out.push_back(detail::from_row<T>(row, positions));
  return out;
}

}  // namespace strata::orm
