// The filter tree as a SQL condition over a table's `doc` column: SQLite JSON1 (json_type,
// json_extract, json_each) or PostgreSQL jsonb (->, @>, jsonb_typeof). Every value is a
// parameter; only validated field paths and fixed text reach the SQL.
#pragma once
#include <strata/document/filter.hpp>
#include <strata/sql/database.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace strata::document::detail {

// SQL text under construction with its parameters, numbered $1, $2, ... in order of binding.
struct sql_text {
  std::string sql;
  std::vector<sql::param> params;

  std::string bind(sql::param p) {
    params.push_back(std::move(p));
    return "$" + std::to_string(params.size());
  }
  sql::statement statement() && { return {std::move(sql), std::move(params)}; }
};

// Appends f as a condition (no WHERE keyword); everything-matching filters append TRUE.
void append_filter(sql_text& out, const filter& f, sql::dialect d);

// The SQL expression for the JSON value at a valid path: json_extract(doc, '$.a.b') on SQLite
// (an SQL scalar), doc->'a'->'b' on PostgreSQL (jsonb, NULL when missing).
std::string sqlite_json_path(std::string_view path);  // '$.a.b'
std::string postgres_value(std::string_view path);    // doc->'a'->'b'

}  // namespace strata::document::detail
