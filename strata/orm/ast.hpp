// The small, non-template syntax tree every typed query lowers to. The typed layer (column.hpp,
// query.hpp) only builds these nodes; render.cpp alone turns them into SQL text and parameters,
// so the string assembly is compiled once instead of in every user's translation unit.
#pragma once
#include <strata/sql/value.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace strata::orm::detail {

struct node;
using node_ptr = std::shared_ptr<const node>;

enum class node_kind : std::uint8_t {
  column,    // "table"."name" (table written only when the statement joins)
  value,     // one parameter ($n)
  star,      // * (inside count(*))
  compare,   // children[0] op children[1]
  like,      // children[0] LIKE children[1]; flag: case-insensitive (ILIKE)
  in_list,   // children[0] IN values; flag: NOT IN
  is_null,   // children[0] IS NULL; flag: IS NOT NULL
  between,   // children[0] BETWEEN children[1] AND children[2]
  all_of,    // children joined by AND
  any_of,    // children joined by OR
  negate,    // NOT (children[0])
  call,      // text(children...), e.g. count, sum, lower; flag: DISTINCT argument
  tuple,     // (children...), for row-value comparisons in keyset pagination
  raw,       // caller's SQL text with its own $1..$k placeholders over values
  boolean,   // TRUE / FALSE (flag), written the way the dialect spells it
};

enum class compare_op : std::uint8_t { eq, ne, lt, le, gt, ge };

// One node. A single "fat" struct keeps the tree trivially copyable into render.cpp and avoids a
// class hierarchy for fourteen shapes; unused members stay empty.
struct node {
  node_kind kind = node_kind::value;
  compare_op op = compare_op::eq;
  bool flag = false;
  std::string table;  // column: its table
  std::string text;   // column: its name; call: function name; raw: SQL text
  sql::param value;
  std::vector<sql::param> values;
  std::vector<node_ptr> children;
};

node_ptr make_column(std::string table, std::string name);
node_ptr make_value(sql::param value);
node_ptr make_star();
node_ptr make_boolean(bool value);
node_ptr make_compare(compare_op op, node_ptr lhs, node_ptr rhs);
node_ptr make_like(node_ptr lhs, node_ptr pattern, bool case_insensitive);
node_ptr make_in(node_ptr lhs, std::vector<sql::param> values, bool negated);
node_ptr make_is_null(node_ptr operand, bool negated);
node_ptr make_between(node_ptr operand, node_ptr low, node_ptr high);
// AND / OR of two conditions; either may be null (no condition), and nested ANDs are flattened.
node_ptr make_and(node_ptr a, node_ptr b);
node_ptr make_or(node_ptr a, node_ptr b);
node_ptr make_not(node_ptr operand);
node_ptr make_call(std::string function, std::vector<node_ptr> args, bool distinct = false);
node_ptr make_tuple(std::vector<node_ptr> items);
node_ptr make_raw(std::string sql, std::vector<sql::param> params);

}  // namespace strata::orm::detail
