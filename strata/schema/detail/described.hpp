// How a C++ type maps to a JSON Schema (schema_for<U>), and the per-struct metadata built once per
// described type (info<T>): JSON property names, the object schema, the structs it refers to.
// The JSON-building half is out of line in described.cpp.
#pragma once
#include <array>
#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>
#include <chrono>
#include <concepts>
#include <optional>
#include <strata/schema/builder.hpp>
#include <strata/schema/refine.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace strata::schema::detail {

// ---- kinds of C++ types, shared by the schema mapping and the JSON conversion ----

template <class U>
struct is_optional : std::false_type {};
template <class U>
struct is_optional<std::optional<U>> : std::true_type {};

template <class U>
struct is_sys_time : std::false_type {};
template <class D>
struct is_sys_time<std::chrono::sys_time<D>> : std::true_type {};

template <class U>
struct is_std_array : std::false_type {};
template <class U, std::size_t N>
struct is_std_array<std::array<U, N>> : std::true_type {};

template <class U>
concept json_type =
    std::same_as<U, boost::json::value> || std::same_as<U, boost::json::object> || std::same_as<U, boost::json::array>;
template <class U>
concept string_like = !json_type<U> && std::is_convertible_v<const U&, std::string_view>;
template <class U>
concept map_like = !json_type<U> && requires {
  typename U::key_type;
  typename U::mapped_type;
}
&&std::is_convertible_v<const typename U::key_type&, std::string_view>;
template <class U>
concept sequence = !json_type<U> && !string_like<U> && !map_like<U> && requires(const U& u) {
  typename U::value_type;
  u.begin();
  u.end();
};
template <class U>
concept set_like = sequence<U> && requires {
  typename U::key_type;
};
template <class U>
concept described_struct = std::is_class_v<U> && boost::describe::has_describe_members<U>::value;
template <class U>
concept described_enum = std::is_enum_v<U> && boost::describe::has_describe_enumerators<U>::value;

template <class U>
inline constexpr bool always_false = false;

template <class T, class D>
using member_type = std::remove_cvref_t<decltype(std::declval<T&>().*D::pointer)>;

// ---- metadata of one described struct ----

struct described_info;
using info_fn = const described_info& (*)();

struct described_info {
  std::string name;                     // the component name
  std::vector<std::string> properties;  // JSON property names, in member order
  boost::json::object schema;           // the object schema; nested structs are "#/$defs/<name>"
  std::vector<info_fn> uses;            // the described structs it refers to
};

// Out of line (described.cpp).
s::type integer_schema(bool is_signed, int bits);
s::type number_schema(int bits);
s::type time_schema(bool date_only);
s::type enum_schema(const std::vector<std::string_view>& names);
s::type map_schema(const s::type& values);
s::type ref_schema(std::string_view component);
described_info finish(std::string name, std::vector<std::pair<std::string, s::type>> properties, const s::type& object,
                      std::vector<info_fn> uses);
// The root schema with the $defs of every struct it reaches (or, inline, written in place).
boost::json::value assemble(const boost::json::object& root, const std::vector<info_fn>& uses, bool inline_structs);

template <class T>
const described_info& info();

template <class U>
void write_value(const U& v, boost::json::value& out);  // convert.hpp

// The schema of a value of type U. A std::optional member may be absent; elsewhere (an array
// item, a map value) an empty optional is written as null, so it is nullable there.
template <class U>
s::type schema_for(std::vector<info_fn>& uses, bool as_member = false) {
  if constexpr (requires { type_schema<U>::make(); }) {
    return type_schema<U>::make();
  } else if constexpr (std::is_same_v<U, bool>) {
    return s::boolean();
  } else if constexpr (std::is_integral_v<U>) {
    return integer_schema(std::is_signed_v<U>, static_cast<int>(sizeof(U) * 8));
  } else if constexpr (std::is_floating_point_v<U>) {
    return number_schema(static_cast<int>(sizeof(U) * 8));
  } else if constexpr (std::is_same_v<U, boost::json::object>) {
    return s::type(s::type::kind::object, {{"type", "object"}});
  } else if constexpr (std::is_same_v<U, boost::json::array>) {
    return s::type(s::type::kind::array, {{"type", "array"}});
  } else if constexpr (std::is_same_v<U, boost::json::value>) {
    return s::any();
  } else if constexpr (string_like<U>) {
    return s::string();
  } else if constexpr (is_optional<U>::value) {
    s::type inner = schema_for<typename U::value_type>(uses);
    return as_member ? inner.optional() : inner.nullable();
  } else if constexpr (is_sys_time<U>::value) {
    return time_schema(std::is_same_v<typename U::duration, std::chrono::days>);
  } else if constexpr (described_enum<U>) {
    std::vector<std::string_view> names;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<U>>([&](auto d) { names.emplace_back(d.name); });
    return enum_schema(names);
  } else if constexpr (described_struct<U>) {
    // By name only: building U here would recurse forever for a recursive type.
    uses.push_back(&info<U>);
    return ref_schema(schema_traits<U>::name());
  } else if constexpr (map_like<U>) {
    return map_schema(schema_for<typename U::mapped_type>(uses));
  } else if constexpr (is_std_array<U>::value) {
    constexpr auto n = static_cast<double>(std::tuple_size_v<U>);
    return s::array(schema_for<typename U::value_type>(uses)).min(n).max(n);
  } else if constexpr (set_like<U>) {
    return s::array(schema_for<typename U::value_type>(uses)).unique();
  } else if constexpr (sequence<U>) {
    return s::array(schema_for<typename U::value_type>(uses));
  } else {
    static_assert(always_false<U>,
                  "strata::schema: no JSON Schema for this type; describe it (BOOST_DESCRIBE_STRUCT / _ENUM) or "
                  "specialise strata::schema::type_schema<U>");
  }
}

template <class T>
struct builder {
  static described_info build() {
    std::vector<info_fn> uses;
    std::vector<std::pair<std::string, s::type>> properties;
    boost::mp11::mp_for_each<public_members<T>>(
        [&](auto d) { properties.emplace_back(d.name, schema_for<member_type<T, decltype(d)>>(uses, true)); });
    refinements<T> r(std::move(properties));
    schema_traits<T>::refine(r);
    // A plain member refined to optional() keeps its C++ default when absent: say so in the schema.
    if constexpr (std::is_default_constructible_v<T>) {
      const T blank{};
      std::size_t i = 0;
      boost::mp11::mp_for_each<public_members<T>>([&](auto d) {
        s::type& t = r.properties_[i++].second;
        if constexpr (!is_optional<member_type<T, decltype(d)>>::value) {
          if (t.is_optional() && !t.json().contains("default")) {
            boost::json::value v;
            write_value(blank.*d.pointer, v);
            t.default_value(std::move(v));
          }
        }
      });
    }
    return finish(schema_traits<T>::name(), std::move(r.properties_), r.object_, std::move(uses));
  }
};

template <class T>
const described_info& info() {
  static const described_info built = builder<T>::build();
  return built;
}

template <class T>
boost::json::value root_schema(bool inline_structs) {
  std::vector<info_fn> uses;
  const s::type root = schema_for<T>(uses);
  return assemble(root.json(), uses, inline_structs);
}

}  // namespace strata::schema::detail
