// Typed expressions: orm::col(&user::email) names a column through its member (so a column name
// never comes from outside the model) and carries the member's type, so comparing it with a
// value of the wrong type does not compile. Comparisons give orm::condition; values always
// become parameters.
#pragma once
#include <strata/orm/condition.hpp>
#include <strata/orm/mapping.hpp>
#include <strata/orm/model.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ranges>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace strata::orm {

namespace detail {
template <class V>
struct unwrap_optional {
  using type = V;
};
template <class V>
struct unwrap_optional<std::optional<V>> {
  using type = V;
};
}  // namespace detail

struct ordering {
  detail::node_ptr expr;
  bool descending = false;
};

struct selection {
  detail::node_ptr expr;
  std::string alias;
};

template <class E>
concept expression = requires(const E& e) {
  typename E::value_type;
  { e.node() } -> std::convertible_to<detail::node_ptr>;
};

// A value usable where E's values go: E's own type, an optional of it, or std::nullopt (NULL).
template <class E, class U>
concept value_for = !expression<std::remove_cvref_t<U>> &&
                    (std::constructible_from<typename E::value_type, U> ||
                     std::same_as<std::remove_cvref_t<U>, std::optional<typename E::value_type>> ||
                     std::same_as<std::remove_cvref_t<U>, std::nullopt_t>);

namespace detail {
template <class E, class U>
sql::param value_param(U&& v) {
  using V = typename E::value_type;
  if constexpr (std::same_as<std::remove_cvref_t<U>, std::nullopt_t>) {
    return std::monostate{};
  } else if constexpr (std::same_as<std::remove_cvref_t<U>, std::optional<V>>) {
    return field_param(v);
  } else {
    return field_param(V(std::forward<U>(v)));
  }
}
template <class E, class U>
node_ptr value_node(U&& v) {
  return make_value(value_param<E>(std::forward<U>(v)));
}
}  // namespace detail

// An expression whose values are V (std::optional<V> columns compare with plain V values).
template <class V>
class expr {
public:
  using value_type = typename detail::unwrap_optional<V>::type;

  explicit expr(detail::node_ptr n) : node_(std::move(n)) {}
  const detail::node_ptr& node() const { return node_; }

  ordering asc() const { return {node_, false}; }
  ordering desc() const { return {node_, true}; }
  selection as(std::string alias) const { return {node_, std::move(alias)}; }
  operator selection() const { return {node_, {}}; }
  operator ordering() const { return asc(); }

  // LIKE with backslash as the escape character (see escape_like()).
  condition like(std::string pattern) const { return condition(detail::make_like(node_, pattern_node(pattern), false)); }
  // Case-insensitive LIKE: ILIKE on PostgreSQL, lower(x) LIKE lower(pattern) on SQLite.
  condition ilike(std::string pattern) const { return condition(detail::make_like(node_, pattern_node(pattern), true)); }

  condition in(const std::vector<value_type>& values) const { return membership(values, false); }
  condition not_in(const std::vector<value_type>& values) const { return membership(values, true); }
  template <std::ranges::input_range R>
    requires(!std::same_as<std::remove_cvref_t<R>, std::vector<value_type>>)
  condition in(const R& values) const {
    return membership(values, false);
  }

  condition is_null() const { return condition(detail::make_is_null(node_, false)); }
  condition is_not_null() const { return condition(detail::make_is_null(node_, true)); }

  template <class A, class B>
    requires value_for<expr, A> && value_for<expr, B>
  condition between(A&& low, B&& high) const {
    return condition(detail::make_between(node_, detail::value_node<expr>(std::forward<A>(low)),
                                          detail::value_node<expr>(std::forward<B>(high))));
  }

private:
  static detail::node_ptr pattern_node(std::string& p) { return detail::make_value(std::move(p)); }
  template <class R>
  condition membership(const R& values, bool negated) const {
    std::vector<sql::param> params;
    for (const auto& v : values) params.push_back(detail::value_param<expr>(v));
    return condition(detail::make_in(node_, std::move(params), negated));
  }

  detail::node_ptr node_;
};

// A column of model T holding V.
template <class T, class V>
class column : public expr<V> {
public:
  using model_type = T;
  using member_type = V;
  explicit column(std::size_t index)
      : expr<V>(detail::make_column(model<T>().table, model<T>().columns[index])), index_(index) {}
  std::size_t index() const { return index_; }
  const std::string& name() const { return model<T>().columns[index_]; }

private:
  std::size_t index_;
};

template <class T, class V>
column<T, V> col(V T::*member) {
  return column<T, V>(field_index(member));
}

#define STRATA_ORM_COMPARISON(op, code)                                                                   \
  template <expression E, class U>                                                                        \
    requires value_for<E, U>                                                                              \
  condition operator op(const E& e, U&& v) {                                                              \
    return condition(detail::make_compare(detail::compare_op::code, e.node(),                             \
                                          detail::value_node<E>(std::forward<U>(v))));                    \
  }                                                                                                       \
  template <expression A, expression B>                                                                   \
  condition operator op(const A& a, const B& b) {                                                         \
    return condition(detail::make_compare(detail::compare_op::code, a.node(), b.node()));                 \
  }
STRATA_ORM_COMPARISON(==, eq)
STRATA_ORM_COMPARISON(!=, ne)
STRATA_ORM_COMPARISON(<, lt)
STRATA_ORM_COMPARISON(<=, le)
STRATA_ORM_COMPARISON(>, gt)
STRATA_ORM_COMPARISON(>=, ge)
#undef STRATA_ORM_COMPARISON

// Aggregates, for select(), having() and order_by().
inline expr<std::int64_t> count() { return expr<std::int64_t>(detail::make_call("count", {detail::make_star()})); }
template <expression E>
expr<std::int64_t> count(const E& e) {
  return expr<std::int64_t>(detail::make_call("count", {e.node()}));
}
template <expression E>
expr<std::int64_t> count_distinct(const E& e) {
  return expr<std::int64_t>(detail::make_call("count", {e.node()}, true));
}
template <expression E>
expr<typename E::value_type> sum(const E& e) {
  return expr<typename E::value_type>(detail::make_call("sum", {e.node()}));
}
template <expression E>
expr<double> avg(const E& e) {
  return expr<double>(detail::make_call("avg", {e.node()}));
}
template <expression E>
expr<typename E::value_type> min(const E& e) {
  return expr<typename E::value_type>(detail::make_call("min", {e.node()}));
}
template <expression E>
expr<typename E::value_type> max(const E& e) {
  return expr<typename E::value_type>(detail::make_call("max", {e.node()}));
}

// One `SET column = value` of update_where(), typed to the model it updates.
template <class T>
struct assignment {
  std::size_t index;
  sql::param value;
};

template <class T, class V, class U>
  requires value_for<column<T, V>, U>
assignment<T> set(V T::*member, U&& value) {
  return {field_index(member), detail::value_param<column<T, V>>(std::forward<U>(value))};
}

}  // namespace strata::orm
