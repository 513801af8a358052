// The statements behind repo<T>'s writes, as functions of a row (and the current time), so they
// can be inspected and tested without a database. Timestamps: created_at is set on insert when
// still zero, updated_at on every write.
#pragma once
#include <strata/orm/column.hpp>
#include <strata/orm/mapping.hpp>
#include <strata/orm/model.hpp>
#include <strata/orm/query.hpp>
#include <strata/orm/render.hpp>

#include <algorithm>
#include <chrono>
#include <concepts>
#include <string>
#include <vector>

namespace strata::orm {

// Now, at the microsecond precision both databases store.
inline sql::timestamp now() {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

namespace detail {

template <class F>
void set_time(F& field, sql::timestamp t, bool only_if_unset) {
  if constexpr (std::is_same_v<F, sql::timestamp>) {
    if (!only_if_unset || field == sql::timestamp{}) field = t;
  } else if constexpr (std::is_same_v<F, std::optional<sql::timestamp>>) {
    if (!only_if_unset || !field || *field == sql::timestamp{}) field = t;
  }
}

// Sets the model's timestamps on a row about to be written.
template <class T>
void touch(T& row, sql::timestamp t, bool creating) {
  const auto& m = model<T>();
  if (creating && m.created_at) visit_field<T>(row, *m.created_at, [&](auto& f) { set_time(f, t, true); });
  if (m.updated_at) visit_field<T>(row, *m.updated_at, [&](auto& f) { set_time(f, t, false); });
}

// True when the database should assign the key: auto-increment and still value-initialised.
template <class T>
bool key_is_generated(const T& row) {
  const auto& m = model<T>();
  if (!m.auto_increment) return false;
  bool unset = false;
  visit_field<T>(row, m.primary_key, [&](const auto& f) {
    using F = std::remove_cvref_t<decltype(f)>;
    if constexpr (std::equality_comparable<F>) unset = f == F{};
  });
  return unset;
}

template <class T>
std::vector<std::size_t> insert_fields(bool generated_key) {
  const auto& m = model<T>();
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < m.columns.size(); ++i)
    if (!(generated_key && i == m.primary_key)) out.push_back(i);
  return out;
}

template <class T>
node_ptr key_equals(const sql::param& key) {
  const auto& m = model<T>();
  return make_compare(compare_op::eq, make_column(m.table, m.primary_key_column()), make_value(key));
}

inline std::vector<std::string> pick(const std::vector<std::string>& columns, const std::vector<std::size_t>& idx) {
  std::vector<std::string> out;
  out.reserve(idx.size());
  for (auto i : idx) out.push_back(columns[i]);
  return out;
}

}  // namespace detail

namespace build {

// INSERT ... RETURNING every column, for one or more rows (timestamps already set).
template <class T>
detail::insert_spec insert(const std::vector<T>& rows) {
  const auto& m = model<T>();
  const bool generated = !rows.empty() && std::all_of(rows.begin(), rows.end(), [](const T& r) { return detail::key_is_generated(r); });
  const auto fields = detail::insert_fields<T>(generated);
  detail::insert_spec s;
  s.table = m.table;
  s.columns = detail::pick(m.columns, fields);
  for (const auto& row : rows) {
    auto all = detail::to_params(row);
    std::vector<sql::param> values;
    values.reserve(fields.size());
    for (auto i : fields) values.push_back(std::move(all[i]));
    s.rows.push_back(std::move(values));
  }
  s.returning = m.columns;
  return s;
}

// INSERT ... ON CONFLICT (conflict columns) DO UPDATE SET every other written column except
// created_at, RETURNING the row as it now is.
template <class T>
detail::insert_spec upsert(const T& row, const std::vector<std::size_t>& conflict) {
  const auto& m = model<T>();
  auto s = insert(std::vector<T>{row});
  s.on_conflict = detail::conflict_action::do_update;
  s.conflict_columns = detail::pick(m.columns, conflict);
  for (const auto& c : s.columns) {
    auto i = *m.find(c);
    bool skip = std::find(conflict.begin(), conflict.end(), i) != conflict.end() || i == m.primary_key ||
                (m.created_at && i == *m.created_at);
    if (!skip) s.update_columns.push_back(c);
  }
  // Nothing else to set: a no-op update still makes RETURNING give back the existing row
  // (DO NOTHING would return no row at all).
  if (s.update_columns.empty()) s.update_columns.push_back(s.conflict_columns.front());
  return s;
}

// UPDATE every column but the key and created_at, by key, RETURNING the row.
template <class T>
detail::update_spec update(const T& row) {
  const auto& m = model<T>();
  auto all = detail::to_params(row);
  detail::update_spec s;
  s.table = m.table;
  for (std::size_t i = 0; i < m.columns.size(); ++i) {
    if (i == m.primary_key || (m.created_at && i == *m.created_at)) continue;
    s.set.push_back({m.columns[i], detail::make_value(all[i])});
  }
  s.where = detail::make_and(detail::key_equals<T>(all[m.primary_key]), detail::not_deleted<T>());
  s.returning = m.columns;
  return s;
}

// UPDATE the given columns of every live row matching where (updated_at too, unless given).
template <class T>
detail::update_spec update_where(const condition& where, const std::vector<assignment<T>>& set, sql::timestamp t) {
  const auto& m = model<T>();
  detail::update_spec s;
  s.table = m.table;
  bool has_updated_at = false;
  for (const auto& a : set) {
    s.set.push_back({m.columns[a.index], detail::make_value(a.value)});
    has_updated_at = has_updated_at || (m.updated_at && a.index == *m.updated_at);
  }
  if (m.updated_at && !has_updated_at) s.set.push_back({m.columns[*m.updated_at], detail::make_value(t)});
  s.where = detail::make_and(where.node(), detail::not_deleted<T>());
  return s;
}

// Soft delete (SET deleted_at) for models that have it, else DELETE; both of live rows only.
template <class T>
detail::update_spec soft_remove(const condition& where, sql::timestamp t) {
  const auto& m = model<T>();
  detail::update_spec s;
  s.table = m.table;
  s.set.push_back({m.columns[*m.deleted_at], detail::make_value(t)});
  s.where = detail::make_and(where.node(), detail::not_deleted<T>());
  return s;
}

template <class T>
detail::delete_spec hard_remove(const condition& where) {
  detail::delete_spec s;
  s.table = model<T>().table;
  s.where = where.node();
  return s;
}

template <class T>
detail::update_spec restore(const condition& where) {
  const auto& m = model<T>();
  detail::update_spec s;
  s.table = m.table;
  s.set.push_back({m.columns[*m.deleted_at], detail::make_value(std::monostate{})});
  s.where = detail::make_and(where.node(), detail::make_is_null(detail::make_column(m.table, m.columns[*m.deleted_at]), true));
  return s;
}

// The primary key equal to key.
template <class T, class K>
condition by_key(const K& key) {
  return condition(detail::key_equals<T>(detail::field_param(key)));
}

}  // namespace build
}  // namespace strata::orm
