// The state of one statement being written: its text, its parameters in $n order, and whether
// columns need their table (they do once a statement joins). Shared by render.cpp and
// render_statements.cpp; not installed.
#pragma once
#include <strata/orm/ast.hpp>
#include <strata/sql/database.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace strata::orm::detail {

struct sql_writer {
  explicit sql_writer(sql::dialect d) : dialect(d) {}

  sql::dialect dialect;
  bool qualify = false;
  std::string sql;
  std::vector<sql::param> params;

  void placeholder(sql::param p);
  void identifier(std::string_view name);
  void identifiers(const std::vector<std::string>& names);  // "a", "b", ...
  void expression(const node& n);
  sql::statement finish() { return {std::move(sql), std::move(params)}; }
};

}  // namespace strata::orm::detail
