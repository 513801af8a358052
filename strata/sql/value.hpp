// The values a query takes as parameters: one variant for every type both dialects store, and
// to_param() overloads that turn ordinary C++ values into it.
#pragma once
#include <boost/json/value.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace strata::sql {

using bytes = std::vector<std::byte>;  // bytea / BLOB

struct uuid {
  std::array<std::uint8_t, 16> octets{};
  static std::optional<uuid> parse(std::string_view text);  // 8-4-4-4-12 hex, any case
  std::string to_string() const;                            // lowercase 8-4-4-4-12
  friend bool operator==(const uuid&, const uuid&) = default;
};

// An exact decimal kept as its text ("12.50"): NUMERIC without rounding through double.
struct numeric {
  std::string text;
  friend bool operator==(const numeric&, const numeric&) = default;
};

using timestamp = std::chrono::sys_time<std::chrono::microseconds>;  // timestamptz, UTC
using date = std::chrono::sys_days;                                  // date

// A parameter. Arrays are one-dimensional; on SQLite they are stored as JSON array text.
using param = std::variant<std::monostate, bool, std::int64_t, double, std::string, bytes, boost::json::value,
                           timestamp, date, uuid, numeric, std::vector<std::int64_t>, std::vector<double>,
                           std::vector<std::string>, std::vector<bool>>;

// One statement with its parameters, placeholders written $1, $2, ... in both dialects.
struct statement {
  std::string sql;
  std::vector<param> params;
};

inline param to_param(std::nullptr_t) { return std::monostate{}; }
inline param to_param(std::monostate) { return std::monostate{}; }
inline param to_param(bool v) { return v; }
template <class T>
  requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
param to_param(T v) {
  return static_cast<std::int64_t>(v);
}
template <class T>
  requires std::is_floating_point_v<T>
param to_param(T v) {
  return static_cast<double>(v);
}
inline param to_param(std::string v) { return v; }
inline param to_param(std::string_view v) { return std::string(v); }
inline param to_param(const char* v) { return std::string(v); }
inline param to_param(bytes v) { return v; }
inline param to_param(boost::json::value v) { return v; }
inline param to_param(timestamp v) { return v; }
template <class Duration>
param to_param(std::chrono::sys_time<Duration> v) {
  return std::chrono::time_point_cast<std::chrono::microseconds>(v);
}
inline param to_param(date v) { return v; }
inline param to_param(uuid v) { return v; }
inline param to_param(numeric v) { return v; }
inline param to_param(std::vector<std::int64_t> v) { return v; }
inline param to_param(std::vector<double> v) { return v; }
inline param to_param(std::vector<std::string> v) { return v; }
inline param to_param(std::vector<bool> v) { return v; }
template <class T>
param to_param(const std::optional<T>& v) {
  return v ? to_param(*v) : param(std::monostate{});
}

}  // namespace strata::sql
