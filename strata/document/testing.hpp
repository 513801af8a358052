// Test helpers for strata::document: a filter's SQL for a dialect with its parameters spelled
// out, and the error kind an operation throws.
#pragma once
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <optional>
#include <sstream>
#include <strata/document/error.hpp>
#include <strata/document/filter.hpp>
#include <strata/document/sql_filter.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace strata::document::testing {

inline boost::json::object object(std::string_view json) {
  return boost::json::parse(json).as_object();
}

// Parameters as text: 5, 2.5, 'text', json:{"a":1}.
inline std::string describe(const std::vector<sql::param>& params) {
  std::ostringstream out;
  out << '[';
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (i) out << ", ";
    const auto& p = params[i];
    if (auto* v = std::get_if<std::int64_t>(&p))
      out << *v;
    else if (auto* d = std::get_if<double>(&p))
      out << *d;
    else if (auto* s = std::get_if<std::string>(&p))
      out << '\'' << *s << '\'';
    else if (auto* j = std::get_if<boost::json::value>(&p))
      out << "json:" << boost::json::serialize(*j);
    else
      out << '?';
  }
  out << ']';
  return out.str();
}

struct translated {
  std::string sql;
  std::string params;
};

inline translated where(std::string_view json, sql::dialect d) {
  detail::sql_text out;
  detail::append_filter(out, parse_filter(object(json)), d);
  return {out.sql, describe(out.params)};
}

// The errc of what fn throws, or nullopt when it throws no document::error.
template <class F>
std::optional<errc> error_of(F&& fn) {
  try {
    fn();
  } catch (const error& e) {
    return e.code();
  }
  return std::nullopt;
}

}  // namespace strata::document::testing
