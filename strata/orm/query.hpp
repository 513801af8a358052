// orm::query<T>: a typed SELECT over model T, built by chaining and run with co_await:
//
//   auto page = co_await users.query()
//                   .where(orm::col(&user::email).ilike("%@example.com"))
//                   .order_by(orm::col(&user::id))
//                   .after(last_seen_id)   // keyset pagination on the ordered columns
//                   .limit(20)
//                   .all();
//
// The builder only collects a detail::select_spec; render.cpp writes the SQL. Rows of models
// with a deleted_at field are left out unless with_deleted() is called.
#pragma once
#include <strata/core/task.hpp>
#include <strata/orm/column.hpp>
#include <strata/orm/mapping.hpp>
#include <strata/orm/model.hpp>
#include <strata/orm/render.hpp>
#include <strata/sql/database.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::orm {

namespace detail {
// "deleted_at" IS NULL for a soft-deleting model (null node otherwise).
template <class T>
node_ptr not_deleted() {
  const auto& m = model<T>();
  if (!m.deleted_at) return nullptr;
  return make_is_null(make_column(m.table, m.columns[*m.deleted_at]), false);
}

template <class T>
std::vector<select_item> model_columns() {
  const auto& m = model<T>();
  std::vector<select_item> items;
  items.reserve(m.columns.size());
  for (const auto& c : m.columns) items.push_back({make_column(m.table, c), {}});
  return items;
}

// The keyset condition "after this cursor" for the leading order_by items: (a, b) > ($1, $2),
// or < when they descend.
node_ptr keyset_condition(const std::vector<order_item>& order, std::vector<sql::param> cursor);
}  // namespace detail

template <class T>
class query {
public:
  // Runs T's rows after loading; filled by with(relation).
  using loader = std::function<task<void>(sql::executor&, std::vector<T>&)>;

  query() { spec_.table = model<T>().table; }  // without an executor: for to_sql() only
  explicit query(sql::executor& ex) : query() { ex_ = &ex; }

  // Conditions of successive where() calls are ANDed.
  query& where(const condition& c) {
    where_ = where_ && c;
    return *this;
  }
  query& order_by(ordering o) {
    spec_.order_by.push_back({std::move(o.expr), o.descending});
    return *this;
  }
  // Ordering by a field named at run time (a ?sort= parameter): the name must be one of the
  // model's fields or columns, else std::invalid_argument; it is never written into SQL as given.
  query& order_by_field(std::string_view field, bool descending = false) {
    const auto& m = model<T>();
    auto i = m.find(field);
    if (!i) throw std::invalid_argument("orm: " + m.table + " has no field to order by named '" + std::string(field) + "'");
    spec_.order_by.push_back({detail::make_column(m.table, m.columns[*i]), descending});
    return *this;
  }
  query& limit(std::int64_t n) {
    spec_.limit = n;
    return *this;
  }
  query& offset(std::int64_t n) {
    spec_.offset = n;
    return *this;
  }
  // Keyset pagination: rows after the cursor in the order_by order. Give one value per leading
  // order_by column (which together must be unique, e.g. (created_at, id)); they must all sort the
  // same direction.
  template <class... V>
  query& after(V&&... cursor) {
    cursor_ = {detail::field_param(std::forward<V>(cursor))...};
    return *this;
  }
  query& distinct() {
    spec_.distinct = true;
    return *this;
  }
  // Include soft-deleted rows (of T and of joined models).
  query& with_deleted() {
    with_deleted_ = true;
    return *this;
  }
  // Only soft-deleted rows of T.
  query& only_deleted() {
    with_deleted_ = true;
    const auto& m = model<T>();
    if (m.deleted_at) where_ = where_ && condition(detail::make_is_null(detail::make_column(m.table, m.columns[*m.deleted_at]), true));
    return *this;
  }
  template <class U>
  query& join(const condition& on) {
    return add_join<U>(on, false);
  }
  template <class U>
  query& left_join(const condition& on) {
    return add_join<U>(on, true);
  }
  // Custom select list (columns, aggregates, .as("alias")); read the rows with rows() or all_as<R>().
  template <class... S>
  query& select(S&&... items) {
    (spec_.items.push_back(to_item(selection(std::forward<S>(items)))), ...);
    return *this;
  }
  template <expression... E>
  query& group_by(const E&... e) {
    (spec_.group_by.push_back(e.node()), ...);
    return *this;
  }
  query& having(const condition& c) {
    spec_.having = detail::make_and(spec_.having, c.node());
    return *this;
  }
  // Eager-loads a relation declared with an `into` member (relation.hpp) after the rows are read:
  // one more statement per relation, whatever the number of rows.
  template <class R>
  query& with(const R& relation) {
    loads_.push_back([relation](sql::executor& ex, std::vector<T>& rows) { return load_relation(relation, ex, rows); });
    return *this;
  }

  // The statement as data, with the soft-delete filter and keyset condition applied.
  detail::select_spec spec() const {
    detail::select_spec s = spec_;
    if (s.items.empty()) s.items = detail::model_columns<T>();
    s.where = where_.node();
    if (!with_deleted_) s.where = detail::make_and(s.where, detail::not_deleted<T>());
    if (!cursor_.empty()) s.where = detail::make_and(s.where, detail::keyset_condition(s.order_by, cursor_));
    return s;
  }
  sql::statement to_sql(sql::dialect d) const { return detail::render(spec(), d); }
  sql::statement count_sql(sql::dialect d) const {
    auto s = spec();
    s.items = {{make_count(s), {}}};
    s.order_by.clear();
    s.limit.reset();
    s.offset.reset();
    return detail::render(s, d);
  }

  task<std::vector<T>> all() const { return fetch(executor(), to_sql(executor().kind()), loads_); }
  task<std::optional<T>> first() const {
    auto q = *this;
    q.limit(1);
    return fetch_first(executor(), q.to_sql(executor().kind()), loads_);
  }
  // count(*) of the matching rows (order, limit and offset are ignored).
  task<std::int64_t> count() const { return fetch_count(executor(), count_sql(executor().kind())); }
  // The raw rows, for select()/group_by() queries.
  task<sql::result> rows() const { return executor().run(to_sql(executor().kind())); }
  // Rows mapped onto another described struct by column name (e.g. a select() with aliases).
  template <class R>
  task<std::vector<R>> all_as() const {
    return fetch_as<R>(executor(), to_sql(executor().kind()));
  }

private:
  template <class U>
  query& add_join(const condition& on, bool left) {
    auto cond = on.node();
    if (!with_deleted_) cond = detail::make_and(cond, detail::not_deleted<U>());
    spec_.joins.push_back({left, model<U>().table, std::move(cond)});
    return *this;
  }
  static detail::select_item to_item(selection s) { return {std::move(s.expr), std::move(s.alias)}; }
  static detail::node_ptr make_count(const detail::select_spec& s) {
    // count(DISTINCT pk) keeps a joined, distinct query counting each T once.
    if (s.distinct) {
      const auto& m = model<T>();
      return detail::make_call("count", {detail::make_column(m.table, m.primary_key_column())}, true);
    }
    return detail::make_call("count", {detail::make_star()});
  }
  sql::executor& executor() const {
    if (!ex_) throw std::logic_error("orm: this query has no executor (build it from a repo)");
    return *ex_;
  }

  // Coroutines take everything by value: a query may be a temporary that is gone before they run.
  template <class R>
  static task<void> load_relation(R relation, sql::executor& ex, std::vector<T>& rows) {
    co_await relation.load(ex, rows);
  }
  static task<std::vector<T>> fetch(sql::executor& ex, sql::statement st, std::vector<loader> loads) {
    auto rows = rows_as<T>(co_await ex.run(std::move(st)));
    for (auto& load : loads) co_await load(ex, rows);
    co_return rows;
  }
  static task<std::optional<T>> fetch_first(sql::executor& ex, sql::statement st, std::vector<loader> loads) {
    auto rows = co_await fetch(ex, std::move(st), std::move(loads));
    if (rows.empty()) co_return std::nullopt;
    co_return std::move(rows.front());
  }
  static task<std::int64_t> fetch_count(sql::executor& ex, sql::statement st) {
    auto r = co_await ex.run(std::move(st));
    co_return r.template scalar<std::int64_t>();
  }
  template <class R>
  static task<std::vector<R>> fetch_as(sql::executor& ex, sql::statement st) {
    co_return rows_as<R>(co_await ex.run(std::move(st)));
  }

  sql::executor* ex_ = nullptr;
  detail::select_spec spec_;
  condition where_;
  std::vector<sql::param> cursor_;
  bool with_deleted_ = false;
  std::vector<loader> loads_;
};

}  // namespace strata::orm
