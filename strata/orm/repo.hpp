// orm::repo<T>: CRUD for one model over any sql::executor (a database or a transaction).
//
//   orm::repo<user> users(db);
//   user u = co_await users.insert({.email = "a@b.c"});        // id and timestamps filled in
//   std::optional<user> again = co_await users.find(u.id);
//   co_await users.update_where(orm::col(&user::email) == "a@b.c", orm::set(&user::bio, "hi"));
//   co_await users.remove(u.id);                               // soft when user has deleted_at
//
// The repo holds a reference to the executor, which must outlive it.
#pragma once
#include <strata/core/task.hpp>
#include <strata/orm/crud.hpp>
#include <strata/orm/errors.hpp>
#include <strata/orm/query.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace strata::orm {

template <class T>
class repo {
public:
  explicit repo(sql::executor& ex) : ex_(&ex) {}

  sql::executor& executor() const { return *ex_; }
  orm::query<T> query() const { return orm::query<T>(*ex_); }

  template <class K>
  task<std::optional<T>> find(const K& key) const {
    return query().where(build::by_key<T>(key)).first();
  }
  task<std::vector<T>> find_where(const condition& c) const { return query().where(c).all(); }

  // Inserts and returns the stored row (generated id, defaults and timestamps) via RETURNING.
  task<T> insert(T row) const {
    detail::touch(row, now(), true);
    return single(*ex_, render(build::insert<T>({std::move(row)})), false);
  }
  // One INSERT for every row; returns the stored rows.
  task<std::vector<T>> insert_many(std::vector<T> rows) const {
    if (rows.empty()) return empty_rows();
    auto t = now();
    for (auto& r : rows) detail::touch(r, t, true);
    return many(*ex_, render(build::insert<T>(rows)));
  }
  // Inserts, or on a conflict over the given columns (a unique index) updates the existing row;
  // returns the row as stored. users.upsert(u, &user::email)
  template <class... M>
  task<T> upsert(T row, M T::*... conflict) const {
    static_assert(sizeof...(M) > 0, "orm: upsert needs the conflict columns");
    detail::touch(row, now(), true);
    return single(*ex_, render(build::upsert<T>(row, {field_index(conflict)...})), false);
  }
  // Writes every column of row by its key; throws orm::not_found when no live row has that key.
  task<T> update(T row) const {
    detail::touch(row, now(), false);
    return single(*ex_, render(build::update<T>(row)), true);
  }
  // Sets columns of every live row matching c; returns how many changed.
  template <class... More>
  task<std::int64_t> update_where(const condition& c, assignment<T> first, More... more) const {
    return affected(*ex_, render(build::update_where<T>(c, {std::move(first), std::move(more)...}, now())));
  }

  // Deletes by key: sets deleted_at when the model has one, else DELETE. True when a row went.
  template <class K>
  task<bool> remove(const K& key) const {
    return removed(remove_where_statement(build::by_key<T>(key)));
  }
  task<std::int64_t> remove_where(const condition& c) const { return affected(*ex_, remove_where_statement(c)); }
  // DELETE even for soft-deleting models.
  template <class K>
  task<bool> force_remove(const K& key) const {
    return removed(render(build::hard_remove<T>(build::by_key<T>(key))));
  }
  // Undoes a soft delete.
  template <class K>
  task<bool> restore(const K& key) const {
    require_soft_delete();
    return removed(render(build::restore<T>(build::by_key<T>(key))));
  }

  task<std::int64_t> count(const condition& c = {}) const { return query().where(c).count(); }

  // Eager-loads a relation for rows (one statement, whatever their number); see relation.hpp.
  template <class R>
  auto load(std::vector<T>& rows, const R& relation) const {
    return relation.load(*ex_, rows);
  }

private:
  template <class Spec>
  sql::statement render(const Spec& s) const {
    return detail::render(s, ex_->kind());
  }
  sql::statement remove_where_statement(const condition& c) const {
    if (model<T>().deleted_at) return render(build::soft_remove<T>(c, now()));
    return render(build::hard_remove<T>(c));
  }
  void require_soft_delete() const {
    if (!model<T>().deleted_at) throw std::logic_error("orm: " + model<T>().table + " has no deleted_at to restore");
  }
  task<bool> removed(sql::statement st) const { return was_affected(*ex_, std::move(st)); }

  static task<std::vector<T>> empty_rows() { co_return std::vector<T>{}; }
  static task<T> single(sql::executor& ex, sql::statement st, bool missing_is_not_found) {
    auto rows = rows_as<T>(co_await ex.run(std::move(st)));
    if (rows.empty()) {
      if (missing_is_not_found) throw not_found(model<T>().table);
      throw std::logic_error("orm: a write with RETURNING gave no row");
    }
    co_return std::move(rows.front());
  }
  static task<std::vector<T>> many(sql::executor& ex, sql::statement st) { co_return rows_as<T>(co_await ex.run(std::move(st))); }
  static task<std::int64_t> affected(sql::executor& ex, sql::statement st) {
    auto r = co_await ex.run(std::move(st));
    co_return r.affected_rows();
  }
  static task<bool> was_affected(sql::executor& ex, sql::statement st) {
    auto r = co_await ex.run(std::move(st));
    co_return r.affected_rows() > 0;
  }

  sql::executor* ex_;
};

}  // namespace strata::orm
