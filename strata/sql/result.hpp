// Query results: rows of fields, each decoded on demand into the C++ type asked for
// (field.as<int>(), row.get<std::string>("name"), std::optional<T> for NULL).
#pragma once
#include <strata/sql/value.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace strata::sql {

// One value as a backend holds it: SQLite's native storage classes, or PostgreSQL's text format
// with the column's type OID. Decoding (decode.cpp) accepts both.
struct cell {
  enum class kind : std::uint8_t { null, integer, real, text, blob };
  kind k = kind::null;
  std::int64_t integer = 0;
  double real = 0;
  std::string_view bytes;      // text or blob contents; valid as long as the result lives
  std::uint32_t type_oid = 0;  // PostgreSQL column type (0 on SQLite)
};

namespace detail {
// What a backend hands back; a result shares it, so rows and fields stay valid after copies.
class result_data {
public:
  virtual ~result_data() = default;
  virtual std::size_t rows() const = 0;
  virtual std::size_t columns() const = 0;
  virtual std::string_view column_name(std::size_t column) const = 0;
  virtual cell at(std::size_t row, std::size_t column) const = 0;
  // Rows changed by INSERT/UPDATE/DELETE (0 for other statements).
  virtual std::int64_t affected_rows() const = 0;
};
}  // namespace detail

// decode(): a cell into a C++ value; throws sql::error (SQLSTATE 22000-class) on a type mismatch
// or on NULL for a non-optional target. Defined for every type in value.hpp plus int, unsigned,
// float, std::int16_t/32_t, std::string_view (valid while the result lives).
void decode(const cell& c, bool& out);
void decode(const cell& c, std::int16_t& out);
void decode(const cell& c, std::int32_t& out);
void decode(const cell& c, std::int64_t& out);
void decode(const cell& c, std::uint32_t& out);
void decode(const cell& c, std::uint64_t& out);
void decode(const cell& c, float& out);
void decode(const cell& c, double& out);
void decode(const cell& c, std::string& out);
void decode(const cell& c, std::string_view& out);
void decode(const cell& c, bytes& out);
void decode(const cell& c, boost::json::value& out);
void decode(const cell& c, timestamp& out);
void decode(const cell& c, date& out);
void decode(const cell& c, uuid& out);
void decode(const cell& c, numeric& out);
void decode(const cell& c, std::vector<std::int64_t>& out);
void decode(const cell& c, std::vector<double>& out);
void decode(const cell& c, std::vector<std::string>& out);
void decode(const cell& c, std::vector<bool>& out);
template <class T>
void decode(const cell& c, std::optional<T>& out) {
  if (c.k == cell::kind::null) {
    out.reset();
  } else {
    T v{};
    decode(c, v);
    out = std::move(v);
  }
}

class field {
public:
  field(cell c, std::string_view name) : cell_(c), name_(name) {}
  bool is_null() const { return cell_.k == cell::kind::null; }
  std::string_view name() const { return name_; }
  const sql::cell& raw() const { return cell_; }
  template <class T>
  T as() const {
    T v{};
    decode(cell_, v);
    return v;
  }

private:
  sql::cell cell_;
  std::string_view name_;
};

class row {
public:
  row(const detail::result_data* data, std::size_t index) : data_(data), index_(index) {}
  std::size_t size() const { return data_->columns(); }
  field operator[](std::size_t column) const;
  // Throws sql::error when the result has no such column.
  field operator[](std::string_view column) const;
  template <class T>
  T get(std::size_t column) const {
    return (*this)[column].template as<T>();
  }
  template <class T>
  T get(std::string_view column) const {
    return (*this)[column].template as<T>();
  }

private:
  const detail::result_data* data_;
  std::size_t index_;
};

class result {
public:
  result() = default;
  explicit result(std::shared_ptr<const detail::result_data> data) : data_(std::move(data)) {}

  std::size_t size() const { return data_ ? data_->rows() : 0; }
  bool empty() const { return size() == 0; }
  std::size_t columns() const { return data_ ? data_->columns() : 0; }
  std::string_view column_name(std::size_t i) const { return data_->column_name(i); }
  std::int64_t affected_rows() const { return data_ ? data_->affected_rows() : 0; }
  row operator[](std::size_t i) const { return row(data_.get(), i); }

  class iterator {
  public:
    using difference_type = std::ptrdiff_t;
    using value_type = row;
    iterator() = default;
    iterator(const detail::result_data* d, std::size_t i) : d_(d), i_(i) {}
    row operator*() const { return row(d_, i_); }
    iterator& operator++() {
      ++i_;
      return *this;
    }
    iterator operator++(int) {
      auto t = *this;
      ++i_;
      return t;
    }
    bool operator==(const iterator& o) const { return i_ == o.i_; }

  private:
    const detail::result_data* d_ = nullptr;
    std::size_t i_ = 0;
  };
  iterator begin() const { return {data_.get(), 0}; }
  iterator end() const { return {data_.get(), size()}; }

  // The single value of a one-row, one-column result (SELECT count(*) ...); throws sql::error otherwise.
  template <class T>
  T scalar() const {
    return single_cell().template as<T>();
  }

private:
  field single_cell() const;
  std::shared_ptr<const detail::result_data> data_;
};

}  // namespace strata::sql
