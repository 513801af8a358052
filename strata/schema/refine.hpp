// Per-member refinements of a described struct's schema (what class-validator's decorators say on a
// NestJS DTO), written once in the struct or, for a type you cannot edit, in schema_traits<T>:
//
//   struct article {
//     std::string slug, title;
//     std::vector<std::string> tag_list;
//     int favorites_count = 0;
//     static constexpr std::string_view schema_name = "Article";   // the component's name
//     static void refine(strata::schema::refinements<article>& r) {
//       r.camel_case();                                  // tag_list -> "tagList" in JSON
//       r[&article::title].min(1).max(200).example("How to train your dragon");
//       r[&article::favorites_count].min(0).optional();  // may be absent: keeps its C++ default
//       r.object().description("A published article");
//     }
//   };
//
//   template <> struct strata::schema::schema_traits<vendor::point> : default_schema_traits<vendor::point> {
//     static void refine(refinements<vendor::point>& r) { r[&vendor::point::x].min(0); }
//   };
//
// A member's s::type is the builder's (min/max mean length, items or value by type). JSON names,
// optional-ness and defaults set here hold for to_json / from_json too.
#pragma once
#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cstddef>
#include <stdexcept>
#include <strata/schema/builder.hpp>
#include <strata/core/type_name.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace strata::schema {

template <class T>
class refinements;

template <class T>
struct default_schema_traits {
  // The component name: T::schema_name when the struct has one, else its own name ("new_user").
  static std::string name() {
    if constexpr (requires { std::string_view(T::schema_name); })
      return std::string(T::schema_name);
    else
      return std::string(strata::type_name<T>());
  }
  // T::refine(r) when the struct has one.
  static void refine(refinements<T>& r) {
    if constexpr (requires { T::refine(r); }) T::refine(r);
  }
};

template <class T>
struct schema_traits : default_schema_traits<T> {};

// The schema of a leaf type the mapping does not know (a uuid, a money type): specialise with
// `static s::type make();`. Its JSON form comes from Boost.JSON (value_from / value_to).
template <class U>
struct type_schema;

namespace detail {
template <class T>
using public_members = boost::describe::describe_members<T, boost::describe::mod_public>;
// snake_case -> camelCase ("created_at" -> "createdAt").
std::string camel_case(std::string_view name);
template <class T>
struct builder;
}  // namespace detail

template <class T>
class refinements {
 public:
  // The property schema of a member: r[&user::email].format("email").max(254).
  template <class V>
  s::type& operator[](V T::*member) {
    return properties_[index_of(member)].second;
  }
  // The member's JSON property name (the member's name unless renamed).
  template <class V>
  refinements& rename(V T::*member, std::string json_name) {
    properties_[index_of(member)].first = std::move(json_name);
    return *this;
  }
  // Every property named in camelCase, as JavaScript clients expect.
  refinements& camel_case() {
    for (auto& p : properties_) p.first = detail::camel_case(p.first);
    return *this;
  }
  // The struct's own schema: description, title, examples, strict() (no unknown properties).
  s::type& object() { return object_; }

 private:
  friend struct detail::builder<T>;
  explicit refinements(std::vector<std::pair<std::string, s::type>> properties) : properties_(std::move(properties)) {}

  template <class V>
  std::size_t index_of(V T::*member) const {
    std::size_t i = 0, found = properties_.size();
    boost::mp11::mp_for_each<detail::public_members<T>>([&](auto d) {
      if constexpr (std::is_same_v<std::remove_cv_t<decltype(d.pointer)>, V T::*>) {
        if (d.pointer == member) found = i;
      }
      ++i;
    });
    if (found == properties_.size())
      throw std::logic_error("schema: member is not in the struct's BOOST_DESCRIBE_STRUCT");
    return found;
  }

  std::vector<std::pair<std::string, s::type>> properties_;
  s::type object_{s::type::kind::object};
};

}  // namespace strata::schema
