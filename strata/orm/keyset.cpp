// Keyset pagination's condition. Row values ((a, b) > ($1, $2)) work in both dialects and let
// the database walk an index on (a, b) instead of counting past OFFSET rows.
#include <strata/orm/query.hpp>

namespace strata::orm::detail {

node_ptr keyset_condition(const std::vector<order_item>& order, std::vector<sql::param> cursor) {
  if (cursor.size() > order.size())
    throw std::logic_error("orm: after() has more cursor values than order_by() columns");
  const bool descending = order.front().descending;
  for (std::size_t i = 0; i < cursor.size(); ++i)
    if (order[i].descending != descending)
      throw std::logic_error("orm: after() needs its order_by() columns to sort the same direction");
  const auto op = descending ? compare_op::lt : compare_op::gt;
  if (cursor.size() == 1) return make_compare(op, order.front().expr, make_value(std::move(cursor.front())));
  std::vector<node_ptr> columns, values;
  for (std::size_t i = 0; i < cursor.size(); ++i) {
    columns.push_back(order[i].expr);
    values.push_back(make_value(std::move(cursor[i])));
  }
  return make_compare(op, make_tuple(std::move(columns)), make_tuple(std::move(values)));
}

}  // namespace strata::orm::detail
