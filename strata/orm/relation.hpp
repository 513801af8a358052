// Relations and eager loading without N+1: loading a relation for any number of rows is ONE
// statement (`WHERE fk = ANY($1)` on PostgreSQL, `IN (SELECT value FROM json_each($1))` on SQLite),
// whose rows are then stitched onto their owners.
//
//   struct user { std::int64_t id; std::string email; std::vector<post> posts; };  // posts: not described
//   constexpr auto user_posts = orm::has_many(&user::id, &post::user_id, &user::posts);
//   constexpr auto post_author = orm::belongs_to(&post::user_id, &user::id, &post::author);
//   constexpr auto post_tags = orm::many_to_many(&post::id, &post_tag::post_id, &post_tag::tag_id, &tag::id, &post::tags);
//
//   auto list = co_await users.query().with(user_posts).all();   // or: co_await users.load(list, user_posts)
//
// load() returns the related rows per owner (in the owners' order) and, when the relation names
// an `into` member, also stores them there. Soft-deleted related rows are left out.
#pragma once
#include <strata/core/task.hpp>
#include <strata/orm/column.hpp>
#include <strata/orm/mapping.hpp>
#include <strata/orm/query.hpp>

#include <map>
#include <optional>
#include <type_traits>
#include <vector>

namespace strata::orm {
namespace detail {

template <class V>
using key_type_t = typename unwrap_optional<V>::type;

// The key a field holds, or nullopt for a NULL foreign key.
template <class V>
std::optional<key_type_t<V>> key_of(const V& v) {
  return v;  // a plain key converts; an optional one already is
}

// The distinct non-null keys of rows, as parameters.
template <class Row, class V>
std::vector<sql::param> distinct_keys(const std::vector<Row>& rows, V Row::*member) {
  std::map<key_type_t<V>, bool> seen;
  std::vector<sql::param> out;
  for (const auto& r : rows)
    if (auto k = key_of(r.*member); k && seen.emplace(*k, true).second) out.push_back(field_param(*k));
  return out;
}

}  // namespace detail

// Parent has many Child: Child::foreign_key references Parent::key.
template <class Parent, class K, class Child, class FK>
struct has_many_relation {
  K Parent::*key;
  FK Child::*foreign_key;
  std::vector<Child> Parent::*into = nullptr;

  static_assert(std::is_same_v<detail::key_type_t<K>, detail::key_type_t<FK>>,
                "orm::has_many: the key and the foreign key must hold the same type");

  // SELECT children WHERE foreign_key IN (keys) ORDER BY foreign_key, child key.
  orm::query<Child> query_for(std::vector<sql::param> keys) const {
    orm::query<Child> q;
    auto fk = col(foreign_key);
    q.where(condition(detail::make_in(fk.node(), std::move(keys), false))).order_by(fk.asc());
    add_key_order<Child>(q);
    return q;
  }
  task<std::vector<std::vector<Child>>> load(sql::executor& ex, std::vector<Parent>& parents) const {
    return run(*this, ex, parents);
  }

private:
  template <class M>
  static void add_key_order(orm::query<M>& q) {
    const auto& m = model<M>();
    q.order_by(ordering{detail::make_column(m.table, m.primary_key_column()), false});
  }
  static task<std::vector<std::vector<Child>>> run(has_many_relation rel, sql::executor& ex, std::vector<Parent>& parents) {
    std::vector<std::vector<Child>> out(parents.size());
    auto keys = detail::distinct_keys(parents, rel.key);
    if (!keys.empty()) {
      auto children = rows_as<Child>(co_await ex.run(rel.query_for(std::move(keys)).to_sql(ex.kind())));
      std::map<detail::key_type_t<K>, std::vector<Child>> by_key;
      for (auto& c : children)
        if (auto k = detail::key_of(c.*rel.foreign_key)) by_key[*k].push_back(std::move(c));
      for (std::size_t i = 0; i < parents.size(); ++i)
        if (auto k = detail::key_of(parents[i].*rel.key))
          if (auto it = by_key.find(*k); it != by_key.end()) out[i] = it->second;
    }
    if (rel.into)
      for (std::size_t i = 0; i < parents.size(); ++i) parents[i].*rel.into = out[i];
    co_return out;
  }
};

// Child belongs to Parent: Child::foreign_key references Parent::key.
template <class Child, class FK, class Parent, class K>
struct belongs_to_relation {
  FK Child::*foreign_key;
  K Parent::*key;
  std::optional<Parent> Child::*into = nullptr;

  static_assert(std::is_same_v<detail::key_type_t<K>, detail::key_type_t<FK>>,
                "orm::belongs_to: the key and the foreign key must hold the same type");

  orm::query<Parent> query_for(std::vector<sql::param> keys) const {
    orm::query<Parent> q;
    q.where(condition(detail::make_in(col(key).node(), std::move(keys), false)));
    return q;
  }
  task<std::vector<std::optional<Parent>>> load(sql::executor& ex, std::vector<Child>& children) const {
    return run(*this, ex, children);
  }

private:
  static task<std::vector<std::optional<Parent>>> run(belongs_to_relation rel, sql::executor& ex, std::vector<Child>& children) {
    std::vector<std::optional<Parent>> out(children.size());
    auto keys = detail::distinct_keys(children, rel.foreign_key);
    if (!keys.empty()) {
      auto parents = rows_as<Parent>(co_await ex.run(rel.query_for(std::move(keys)).to_sql(ex.kind())));
      std::map<detail::key_type_t<K>, Parent*> by_key;
      for (auto& p : parents)
        if (auto k = detail::key_of(p.*rel.key)) by_key.emplace(*k, &p);
      for (std::size_t i = 0; i < children.size(); ++i)
        if (auto k = detail::key_of(children[i].*rel.foreign_key))
          if (auto it = by_key.find(*k); it != by_key.end()) out[i] = *it->second;
    }
    if (rel.into)
      for (std::size_t i = 0; i < children.size(); ++i) children[i].*rel.into = out[i];
    co_return out;
  }
};

// Owner has many Target through the join table Through (Through::owner_fk -> Owner::key,
// Through::target_fk -> Target::key).
template <class Owner, class K, class Through, class OFK, class TFK, class Target, class TK>
struct many_to_many_relation {
  K Owner::*key;
  OFK Through::*owner_fk;
  TFK Through::*target_fk;
  TK Target::*target_key;
  std::vector<Target> Owner::*into = nullptr;

  static_assert(std::is_same_v<detail::key_type_t<K>, detail::key_type_t<OFK>> &&
                    std::is_same_v<detail::key_type_t<TK>, detail::key_type_t<TFK>>,
                "orm::many_to_many: each key and its foreign key must hold the same type");

  // The alias the owner's key is read back under.
  static constexpr const char* owner_alias = "strata_owner_key";

  // SELECT target columns, through.owner_fk FROM target JOIN through ON ... WHERE owner_fk IN (keys).
  detail::select_spec spec_for(std::vector<sql::param> keys) const {
    orm::query<Target> q;
    auto ofk = col(owner_fk);
    q.template join<Through>(col(target_fk) == col(target_key))
        .where(condition(detail::make_in(ofk.node(), std::move(keys), false)))
        .order_by(ofk.asc())
        .order_by(col(target_key).asc());
    auto s = q.spec();
    s.items.push_back({ofk.node(), owner_alias});
    return s;
  }
  task<std::vector<std::vector<Target>>> load(sql::executor& ex, std::vector<Owner>& owners) const {
    return run(*this, ex, owners);
  }

private:
  static task<std::vector<std::vector<Target>>> run(many_to_many_relation rel, sql::executor& ex, std::vector<Owner>& owners) {
    std::vector<std::vector<Target>> out(owners.size());
    auto keys = detail::distinct_keys(owners, rel.key);
    if (!keys.empty()) {
      auto result = co_await ex.run(detail::render(rel.spec_for(std::move(keys)), ex.kind()));
      auto targets = rows_as<Target>(result);
      auto owner_column = detail::column_positions(result, {owner_alias}).front();
      std::map<detail::key_type_t<K>, std::vector<Target>> by_owner;
      for (std::size_t r = 0; r < targets.size(); ++r)
        by_owner[result[r][static_cast<std::size_t>(owner_column)].template as<detail::key_type_t<K>>()].push_back(
            std::move(targets[r]));
      for (std::size_t i = 0; i < owners.size(); ++i)
        if (auto k = detail::key_of(owners[i].*rel.key))
          if (auto it = by_owner.find(*k); it != by_owner.end()) out[i] = it->second;
    }
    if (rel.into)
      for (std::size_t i = 0; i < owners.size(); ++i) owners[i].*rel.into = out[i];
    co_return out;
  }
};

template <class Parent, class K, class Child, class FK>
constexpr has_many_relation<Parent, K, Child, FK> has_many(K Parent::*key, FK Child::*foreign_key,
                                                           std::vector<Child> Parent::*into = nullptr) {
  return {key, foreign_key, into};
}

template <class Child, class FK, class Parent, class K>
constexpr belongs_to_relation<Child, FK, Parent, K> belongs_to(FK Child::*foreign_key, K Parent::*key,
                                                               std::optional<Parent> Child::*into = nullptr) {
  return {foreign_key, key, into};
}

template <class Owner, class K, class Through, class OFK, class TFK, class Target, class TK>
constexpr many_to_many_relation<Owner, K, Through, OFK, TFK, Target, TK> many_to_many(
    K Owner::*key, OFK Through::*owner_fk, TFK Through::*target_fk, TK Target::*target_key,
    std::vector<Target> Owner::*into = nullptr) {
  return {key, owner_fk, target_fk, target_key, into};
}

}  // namespace strata::orm
