// The statements the ORM issues, as plain data, and their rendering into parameterised SQL for
// either dialect. Values always become $n parameters; identifiers always come from model metadata
// and are double-quoted.
#pragma once
#include <strata/orm/ast.hpp>
#include <strata/sql/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::orm::detail {

struct select_item {
  node_ptr expr;
  std::string alias;  // empty: none
};

struct join_clause {
  bool left = false;
  std::string table;
  node_ptr on;
};

struct order_item {
  node_ptr expr;
  bool descending = false;
};

struct select_spec {
  std::string table;
  std::vector<select_item> items;  // empty: *
  bool distinct = false;
  std::vector<join_clause> joins;
  node_ptr where;
  std::vector<node_ptr> group_by;
  node_ptr having;
  std::vector<order_item> order_by;
  std::optional<std::int64_t> limit;
  std::optional<std::int64_t> offset;
};

enum class conflict_action : std::uint8_t { none, do_nothing, do_update };

struct insert_spec {
  std::string table;
  std::vector<std::string> columns;
  std::vector<std::vector<sql::param>> rows;  // each as long as columns
  conflict_action on_conflict = conflict_action::none;
  std::vector<std::string> conflict_columns;
  std::vector<std::string> update_columns;  // do_update: SET c = excluded.c
  std::vector<std::string> returning;
};

struct assignment {
  std::string column;
  node_ptr value;
};

struct update_spec {
  std::string table;
  std::vector<assignment> set;
  node_ptr where;
  std::vector<std::string> returning;
};

struct delete_spec {
  std::string table;
  node_ptr where;
  std::vector<std::string> returning;
};

sql::statement render(const select_spec& s, sql::dialect d);
sql::statement render(const insert_spec& s, sql::dialect d);
sql::statement render(const update_spec& s, sql::dialect d);
sql::statement render(const delete_spec& s, sql::dialect d);

// A condition on its own (the text after WHERE), for tests and for callers composing raw SQL.
sql::statement render_condition(const node_ptr& condition, sql::dialect d);

// "name" with embedded quotes doubled: safe for any text, though the ORM only passes model names.
std::string quote_identifier(std::string_view name);

// Rewrites $1..$k in raw SQL to $(offset+1)..$(offset+k), leaving quoted strings and identifiers
// alone, so a raw fragment can sit anywhere in a larger statement.
std::string shift_placeholders(std::string_view sql, std::size_t offset);

}  // namespace strata::orm::detail
