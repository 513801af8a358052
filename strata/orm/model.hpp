// How a described struct maps to a table. model_traits<T> gives the table name, the primary key,
// the column names and the timestamp / soft-delete fields; specialise it (deriving from
// default_model_traits<T>) to override any of them:
//
//   struct person { std::int64_t id; std::string full_name; };
//   BOOST_DESCRIBE_STRUCT(person, (), (id, full_name))
//   template <> struct strata::orm::model_traits<person> : strata::orm::default_model_traits<person> {
//     static std::string table_name() { return "people"; }
//   };
#pragma once
#include <strata/orm/naming.hpp>

#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace strata::orm {

template <class T>
struct default_model_traits {
  // snake_case plural of the struct's own name: blog_post -> blog_posts.
  static std::string table_name() { return pluralize(snake_case(detail::type_name<T>())); }
  // The primary key's field; auto_increment means the database assigns it when the value is 0.
  static constexpr std::string_view primary_key = "id";
  static constexpr bool auto_increment = true;
  // A field's column name (the field name unless overridden).
  static std::string column_name(std::string_view field) { return std::string(field); }
  // Fields maintained by the repository when the struct has them; "" turns one off.
  static constexpr std::string_view created_at = "created_at";
  static constexpr std::string_view updated_at = "updated_at";
  static constexpr std::string_view deleted_at = "deleted_at";  // soft delete: std::optional<timestamp>
};

template <class T>
struct model_traits : default_model_traits<T> {};

// Runtime metadata of one model, built once per type. Every identifier the ORM writes comes from here.
struct model_info {
  std::string table;
  std::vector<std::string> fields;   // member names, in describe order
  std::vector<std::string> columns;  // their column names, same order
  std::size_t primary_key = 0;
  bool auto_increment = true;
  std::optional<std::size_t> created_at, updated_at, deleted_at;

  // Index of a field by member name or column name; nullopt when the model has no such field.
  std::optional<std::size_t> find(std::string_view name) const;
  const std::string& primary_key_column() const { return columns[primary_key]; }
};

namespace detail {
// Validates the pieces (known primary key, distinct columns) and resolves the special fields.
model_info make_model_info(std::string table, std::vector<std::string> fields, std::vector<std::string> columns,
                           std::string_view primary_key, bool auto_increment, std::string_view created_at,
                           std::string_view updated_at, std::string_view deleted_at);

template <class T>
using members = boost::describe::describe_members<T, boost::describe::mod_public>;

template <class T>
inline constexpr std::size_t npos_field = static_cast<std::size_t>(-1);
}  // namespace detail

template <class T>
const model_info& model() {
  static const model_info info = [] {
    using traits = model_traits<T>;
    std::vector<std::string> fields, columns;
    boost::mp11::mp_for_each<detail::members<T>>([&](auto d) {
      fields.emplace_back(d.name);
      columns.push_back(traits::column_name(d.name));
    });
    return detail::make_model_info(traits::table_name(), std::move(fields), std::move(columns), traits::primary_key,
                                   traits::auto_increment, traits::created_at, traits::updated_at, traits::deleted_at);
  }();
  return info;
}

// The index of a described member; throws std::logic_error for a member left out of the description.
template <class T, class V>
std::size_t field_index(V T::*member) {
  std::size_t i = 0, found = detail::npos_field<T>;
  boost::mp11::mp_for_each<detail::members<T>>([&](auto d) {
    if constexpr (std::is_same_v<std::remove_cv_t<decltype(d.pointer)>, V T::*>) {
      if (d.pointer == member) found = i;
    }
    ++i;
  });
  if (found == detail::npos_field<T>) throw std::logic_error("orm: member is not in the model's BOOST_DESCRIBE_STRUCT");
  return found;
}

// Calls fn(index, value&) for the field at index (the runtime index picks the member at compile-time types).
template <class T, class Obj, class Fn>
void visit_field(Obj& obj, std::size_t index, Fn&& fn) {
  std::size_t i = 0;
  boost::mp11::mp_for_each<detail::members<T>>([&](auto d) {
    if (i++ == index) fn(obj.*d.pointer);
  });
}

}  // namespace strata::orm
