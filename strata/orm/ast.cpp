// Constructors for the query syntax tree.
#include <strata/orm/ast.hpp>

namespace strata::orm::detail {
namespace {
std::shared_ptr<node> make(node_kind k) {
  auto n = std::make_shared<node>();
  n->kind = k;
  return n;
}

// a AND b, or a OR b: flattening keeps `x && y && z` one level, so it renders without parentheses.
node_ptr make_logical(node_kind k, node_ptr a, node_ptr b) {
  if (!a) return b;
  if (!b) return a;
  auto n = make(k);
  for (auto* side : {&a, &b}) {
    if ((*side)->kind == k) {
      n->children.insert(n->children.end(), (*side)->children.begin(), (*side)->children.end());
    } else {
      n->children.push_back(std::move(*side));
    }
  }
  return n;
}
}  // namespace

node_ptr make_column(std::string table, std::string name) {
  auto n = make(node_kind::column);
  n->table = std::move(table);
  n->text = std::move(name);
  return n;
}

node_ptr make_value(sql::param value) {
  auto n = make(node_kind::value);
  n->value = std::move(value);
  return n;
}

node_ptr make_star() { return make(node_kind::star); }

node_ptr make_boolean(bool value) {
  auto n = make(node_kind::boolean);
  n->flag = value;
  return n;
}

node_ptr make_compare(compare_op op, node_ptr lhs, node_ptr rhs) {
  auto n = make(node_kind::compare);
  n->op = op;
  n->children = {std::move(lhs), std::move(rhs)};
  return n;
}

node_ptr make_like(node_ptr lhs, node_ptr pattern, bool case_insensitive) {
  auto n = make(node_kind::like);
  n->flag = case_insensitive;
  n->children = {std::move(lhs), std::move(pattern)};
  return n;
}

node_ptr make_in(node_ptr lhs, std::vector<sql::param> values, bool negated) {
  auto n = make(node_kind::in_list);
  n->flag = negated;
  n->values = std::move(values);
  n->children = {std::move(lhs)};
  return n;
}

node_ptr make_is_null(node_ptr operand, bool negated) {
  auto n = make(node_kind::is_null);
  n->flag = negated;
  n->children = {std::move(operand)};
  return n;
}

node_ptr make_between(node_ptr operand, node_ptr low, node_ptr high) {
  auto n = make(node_kind::between);
  n->children = {std::move(operand), std::move(low), std::move(high)};
  return n;
}

node_ptr make_and(node_ptr a, node_ptr b) { return make_logical(node_kind::all_of, std::move(a), std::move(b)); }
node_ptr make_or(node_ptr a, node_ptr b) { return make_logical(node_kind::any_of, std::move(a), std::move(b)); }

node_ptr make_not(node_ptr operand) {
  auto n = make(node_kind::negate);
  n->children = {std::move(operand)};
  return n;
}

node_ptr make_call(std::string function, std::vector<node_ptr> args, bool distinct) {
  auto n = make(node_kind::call);
  n->text = std::move(function);
  n->flag = distinct;
  n->children = std::move(args);
  return n;
}

node_ptr make_tuple(std::vector<node_ptr> items) {
  auto n = make(node_kind::tuple);
  n->children = std::move(items);
  return n;
}

node_ptr make_raw(std::string sql, std::vector<sql::param> params) {
  auto n = make(node_kind::raw);
  n->text = std::move(sql);
  n->values = std::move(params);
  return n;
}

}  // namespace strata::orm::detail
